"""``python -m openrouter_nb.emulator --port 8787``: the emulator on 127.0.0.1.

The URL is printed once the server listens (``--port 0`` picks a free port and prints it); a port
that is taken is a one-line error and exit code 2.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from .core import DEMO_KEY, EmulatorCore
from .server import EmulatorServer


async def _serve(args: argparse.Namespace) -> None:
    core = EmulatorCore(
        seed=args.seed,
        latency=args.latency,
        stream_chunk_delay=args.stream_delay,
        management_key=args.management_key,
        credits=args.credits,
        video_pending_s=min(0.3, args.video_seconds / 5),
        video_done_s=args.video_seconds,
    )
    server = EmulatorServer(core, port=args.port)
    await server.start()
    keys = f"any sk-or-… key works, e.g. {DEMO_KEY}"
    if args.management_key:
        keys += "; the management key reads /credits"
    print(f"OpenRouter emulator on {server.base_url} (offline; {keys})", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m openrouter_nb.emulator", description=__doc__)
    parser.add_argument("--port", type=int, default=8787, help="port on 127.0.0.1 (default 8787; 0 picks a free one)")
    parser.add_argument("--seed", type=int, default=0, help="seed for ids and replies (default 0)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    parser.add_argument("--stream-delay", type=float, default=0.03, help="seconds between SSE chunks")
    parser.add_argument("--credits", type=float, default=25.0, help="USD balance of the emulated account (default 25)")
    parser.add_argument(
        "--video-seconds", type=float, default=1.5, help="seconds a video job takes to complete (default 1.5)"
    )
    parser.add_argument(
        "--management-key", help="a key (sk-or-…) that /credits accepts, as only management keys do on the service"
    )
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be from 0 to 65535, got {args.port}")
    if not args.video_seconds >= 0:
        parser.error(f"--video-seconds must be 0 or more, got {args.video_seconds}")
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # the port is taken, or not ours to bind
        print(
            f"python -m openrouter_nb.emulator: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
