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
        management_key=args.management_key or DEMO_KEY,
        credits=args.credits,
        keys=args.key or None,
        video_pending_s=min(0.3, args.video_seconds / 5),
        video_done_s=args.video_seconds,
    )
    server = EmulatorServer(core, port=args.port)
    await server.start()
    print(f"OpenRouter emulator on {server.base_url} (offline; {_keys_line(args)})", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


def _keys_line(args: argparse.Namespace) -> str:
    """What the banner says of keys: which ones work, and which one reads /credits and /activity."""
    manager = args.management_key or DEMO_KEY
    accepted = (
        f"only the {len(args.key)} --key keys, {DEMO_KEY} and the management key work; any other gets 401"
        if args.key
        else f"any sk-or-… key works, e.g. {DEMO_KEY}"
    )
    return f"{accepted}; {manager} is the management key: it alone reads /credits and /activity"


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
        "--management-key",
        help=f"the key (sk-or-…) /credits and /activity accept, as only management keys do (default {DEMO_KEY})",
    )
    parser.add_argument(
        "--key",
        action="append",
        metavar="KEY",
        help="a key the account issued (repeatable): with any, the account is strict and other keys get 401",
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
