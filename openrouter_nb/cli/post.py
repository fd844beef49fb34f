"""``python -m openrouter_nb``: the main job. Makes one social-media post end to end.

Offline on the built-in emulator unless OPENROUTER_API_KEY is set: a caption from a text model,
an image prompt, images in the platform's shape, a post preview and a short video, saved with a
manifest. A live run shows its estimated cost first and asks before spending (``--yes`` skips the
question; without a terminal it refuses), and ``--budget`` caps what it may spend.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from .connect import connect
from .creator.copywriting import Brief
from .creator.persona import Persona
from .creator.pipeline import create_post
from .creator.platforms import PLATFORMS, platform_format
from .errors import OpenRouterError

DEFAULTS = {
    "text_model": "openai/gpt-4o-mini",
    "image_model": "google/gemini-2.5-flash-image",
    "video_model": "bytedance/seedance-2.0-mini",
}


class Refused(Exception):
    """The user (or the lack of a terminal) said no: nothing was spent."""


def _persona(value: str) -> Persona | str:
    path = Path(value).expanduser()
    if path.suffix in (".json", ".toml") or path.is_file():
        return Persona.load(path)
    return value


async def _estimate(client: Any, args: argparse.Namespace, brief: Brief) -> float:
    """What the run would cost at most, from catalog prices (the budget guard's estimator)."""
    from .client.budget import Budget

    guess = Budget(
        1e9,
        lambda: 0.0,
        models=client.list_models,
        images=client.list_image_models,
        videos=client.list_video_models,
    )
    chat = {"model": args.text_model, "messages": [{"role": "user", "content": brief.topic * 4}], "max_tokens": 400}
    calls: list[tuple[str, dict[str, Any]]] = [("/chat/completions", chat)] * 3  # caption (+ a re-ask), image prompt
    calls.append(("/images", {"model": args.image_model, "n": args.slides}))
    if not args.no_video:
        calls.append(("/videos", {"model": args.video_model}))
    total = 0.0
    for path, body in calls:
        cost, model = await guess.estimate(path, body)
        if cost is None:
            raise OpenRouterError(f"cannot estimate the price of {model!r}; pick a priced model")
        total += cost
    return total


def _confirm(estimate: float, args: argparse.Namespace) -> None:
    print(f"this live run will cost about ${estimate:.4f} (estimated from catalog prices)")
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise Refused("not spending without confirmation: run it in a terminal, or pass --yes")
    if input("proceed? [y/N] ").strip().lower() not in ("y", "yes"):
        raise Refused("nothing was spent")


async def make_post(args: argparse.Namespace) -> None:
    brief = Brief(persona=_persona(args.persona), topic=args.topic, platform=args.platform)
    if not 1 <= args.slides <= brief.format.max_slides:
        raise ValueError(f"--slides must be from 1 to {brief.format.max_slides} on {brief.platform}")
    live = bool(os.environ.get("OPENROUTER_API_KEY"))
    options: dict[str, Any] = {} if args.budget is None else {"budget": args.budget}
    async with connect(seed=args.seed, **options) as client:
        models = await client.list_models()
        print(f"catalog: {len(models)} models")
        if live:
            _confirm(await _estimate(client, args, brief), args)
        post = await create_post(
            client,
            brief,
            text_model=args.text_model,
            image_model=args.image_model,
            n_images=args.slides,
            video_model=None if args.no_video else args.video_model,
            seed=args.seed,
            out_dir=args.out,
        )
        spend = client.ledger
    print(f"\npost for {brief.handle} on {brief.format.label}: {brief.topic}")
    print(f"  caption       {post.caption}")
    print(f"  image prompt  {post.image_prompt}")
    if post.resumed_steps:
        print(f"  resumed       {', '.join(post.resumed_steps)} (already paid for, not regenerated)")
    print(f"\nsaved in {post.folder}{os.sep}")
    for path in sorted(post.folder.iterdir()):
        print(f"  {path.name:<14} {path.stat().st_size:>9,} bytes")
    print(f"\ncost of this post: ${post.cost:.4f} (this run billed ${spend.total:.4f} in {len(spend)} calls)")
    print(f"preview image: {post.preview}")
    print("\nexplore further in JupyterLab: .venv/bin/jupyter lab notebooks/")


def _budget(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("the budget must be a positive number of USD")
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m openrouter_nb", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--persona",
        default="Mia, a plant-loving barista in Lisbon",
        help="a description or a persona file (.json/.toml)",
    )
    parser.add_argument("--topic", default="autumn latte art at sunrise")
    parser.add_argument(
        "--platform", default="instagram", choices=PLATFORMS, help="sets the shape, caption limit and hashtags"
    )
    parser.add_argument("--slides", type=int, default=1, help="images in the post (a carousel when more than 1)")
    parser.add_argument("--text-model", default=DEFAULTS["text_model"])
    parser.add_argument("--image-model", default=DEFAULTS["image_model"])
    parser.add_argument("--video-model", default=DEFAULTS["video_model"])
    parser.add_argument("--no-video", action="store_true", help="skip the video step")
    parser.add_argument(
        "--budget", type=_budget, help="USD this run may spend (calls past it are refused before sending)"
    )
    parser.add_argument("--yes", action="store_true", help="do not ask before a live run spends money")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="output/posts", help="folder for posts (default output/posts)")
    args = parser.parse_args(argv)
    platform_format(args.platform)
    try:
        asyncio.run(make_post(args))
    except Refused as refused:
        print(f"stopped: {refused}", file=sys.stderr)
        raise SystemExit(1) from None
    except (OpenRouterError, ValueError) as error:  # one line, no traceback; the key is never in it
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
