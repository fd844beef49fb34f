"""``python -m openrouter_nb.emulator --port 8787``: the emulator on 127.0.0.1."""

from __future__ import annotations

import argparse
import asyncio

from .core import DEMO_KEY
from .server import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m openrouter_nb.emulator", description=__doc__)
    parser.add_argument("--port", type=int, default=8787, help="port on 127.0.0.1 (default 8787)")
    parser.add_argument("--seed", type=int, default=0, help="seed for ids and replies (default 0)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    parser.add_argument("--stream-delay", type=float, default=0.03, help="seconds between SSE chunks")
    args = parser.parse_args(argv)
    print(
        f"OpenRouter emulator on http://127.0.0.1:{args.port}/api/v1 (offline; any sk-or-… key works, e.g. {DEMO_KEY})"
    )
    try:
        asyncio.run(serve(args.port, seed=args.seed, latency=args.latency, stream_chunk_delay=args.stream_delay))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
