"""The main job: one post end to end, with its cost said before (live) and after (every run).

A live run prices the steps it still has to pay for (:func:`~openrouter_nb.creator.estimate.estimate_post`),
refuses before its first call when that is over ``--budget`` (saying by how much and the cheapest
way under), and asks before spending. Offline, every figure says it is emulated.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .._core.display import plural
from ..connect import connect
from ..creator.copywriting import Brief
from ..creator.estimate import PostEstimate, estimate_post
from ..creator.pipeline import Post, create_post
from ..errors import OpenRouterError
from .options import fail, writable_folder

__all__ = ["Refused", "explore_hint", "make_post", "post_options", "run_post"]


class Refused(Exception):
    """The user, the budget or the lack of a terminal said no: nothing was spent."""


def post_options(args: argparse.Namespace) -> dict[str, Any]:
    """What :func:`create_post` (and the estimate) are given, from the parsed options."""
    return {
        "text_model": args.text_model,
        "image_model": args.image_model,
        "n_images": args.slides,
        "video_model": None if args.no_video else args.video_model,
        "seed": args.seed,
        "out_dir": args.out,
    }


async def _check_models(args: argparse.Namespace, client: Any) -> None:
    """Every model option names a model of the right kind, before any call is paid for."""
    from ..creator.model_kinds import WrongModelError, check_post_models

    video = None if args.no_video else args.video_model
    try:
        await check_post_models(client, text_model=args.text_model, image_model=args.image_model, video_model=video)
    except WrongModelError as wrong:
        option = f"--{wrong.parameter.replace('_', '-')}"
        fail(f"argument {option}: {wrong.reason}" + (" (or pass --no-video)" if option == "--video-model" else ""))


def _money(value: float | None) -> str:
    return "an unknown amount" if value is None else f"${value:.4f}"


def _cheapest_way_under(estimate: PostEstimate, budget: float, args: argparse.Namespace) -> str:
    """What to change so the estimate fits the budget, cheapest change first."""
    if "video" in estimate.steps and (rest := estimate.without("video")) is not None and rest <= budget:
        return f"add --no-video (about {_money(rest)})"
    if args.slides > 1 and "images" in estimate.steps:
        return "ask for fewer --slides, or a cheaper --image-model"
    return f"raise --budget to at least {_money(estimate.total)}, or pick cheaper models"


def _approve(estimate: PostEstimate, args: argparse.Namespace, *, emulated: bool = False) -> None:
    """Say what the run will cost; refuse over the budget; ask unless --yes (or offline: nothing is billed).

    Offline, the same estimate and refusal as live, at the catalog's prices, so a rehearsal with
    ``--budget`` stops where the live run would.
    """
    total = estimate.total
    if total is None:
        raise Refused(f"cannot estimate the price of {', '.join(estimate.unknown)}: pick priced models")
    steps = ", ".join(f"{name.replace('_', ' ')} {_money(cost)}" for name, cost in estimate.steps.items())
    run = "run would cost, live," if emulated else "live run will cost"
    print(f"this {run} about {_money(total)} (from catalog prices: {steps or 'nothing left to make'})")
    if estimate.done:
        print(f"  already done, not paid again: {', '.join(name.replace('_', ' ') for name in estimate.done)}")
    if estimate.pending_video_job:
        print(f"  video job {estimate.pending_video_job} was submitted by an earlier run: followed, not paid again")
    if args.budget is not None and total > args.budget:
        over = total - args.budget
        raise Refused(
            f"about {_money(total)} is {_money(over)} over --budget {args.budget:g}; nothing was spent. "
            f"Cheapest way under: {_cheapest_way_under(estimate, args.budget, args)}"
        )
    if args.yes or total == 0 or emulated:
        return
    if not sys.stdin.isatty():
        raise Refused("not spending without confirmation: run it in a terminal, or pass --yes")
    if input("proceed? [y/N] ").strip().lower() not in ("y", "yes"):
        raise Refused("nothing was spent")


def _report(post: Post, brief: Brief, client: Any) -> None:
    ledger = client.ledger
    print(f"\npost for {brief.handle} on {brief.format.label}: {brief.topic}")
    print(f"  caption       {post.caption}")
    print(f"  image prompt  {post.image_prompt}")
    if post.resumed_steps:
        print(f"  resumed       {', '.join(post.resumed_steps)} (already paid for, not made again)")
    print(f"\nsaved in {post.folder}{os.sep}")
    for path in sorted(post.folder.iterdir()):
        print(f"  {path.name:<14} {path.stat().st_size:>9,} bytes")
    calls = plural(len(ledger), "call")
    if client.emulated:
        print(f"\nemulated cost of this post: ${post.cost:.4f} (offline: nothing was billed; {calls} this run)")
    else:
        print(f"\ncost of this post: ${post.cost:.4f} (this run billed ${ledger.total:.4f} in {calls})")
    print(f"preview image: {post.preview}")


def explore_hint(folder: str = "my-notebooks") -> str:
    """How to open the notebooks from here, true for a clone and for a pip install alike."""
    import importlib.util

    python = sys.executable
    try:
        python = os.path.relpath(python) if not os.path.relpath(python).startswith("..") else python
    except ValueError:  # another drive (Windows)
        pass
    hint = f"explore further: {python} -m openrouter_nb notebooks {folder} && {python} -m jupyter lab {folder}"
    if importlib.util.find_spec("jupyterlab") is None:
        hint += "  (JupyterLab first: pip install 'openrouter_nb[notebooks]')"
    return hint


async def make_post(args: argparse.Namespace) -> None:
    """Make the post the options describe, printing what it costs and where it is."""
    brief = Brief(persona=args.persona, topic=args.topic, platform=args.platform)
    if args.slides > brief.format.max_slides:
        fail(f"argument --slides: {brief.platform} takes 1 to {brief.format.max_slides} images, got {args.slides}")
    writable_folder(Path(args.out), "argument --out")
    live = bool(os.environ.get("OPENROUTER_API_KEY"))
    options: dict[str, Any] = {} if args.budget is None else {"budget": args.budget}
    async with connect(seed=args.seed, **options) as client:
        catalog = await client.list_models()
        print(f"catalog: {len(catalog):,} models")
        await _check_models(args, client)
        if live or args.budget is not None:  # offline too with a budget: a rehearsal stops where live would
            _approve(await estimate_post(client, brief, **post_options(args)), args, emulated=not live)
        post = await create_post(client, brief, **post_options(args))
        _report(post, brief, client)
    print(f"\n{explore_hint()}")


def run_post(argv: list[str]) -> None:
    """Parse the options, make the post, and turn every failure into one line and an exit code."""
    import asyncio

    from .options import post_parser

    args = post_parser().parse_args(argv)
    try:
        asyncio.run(make_post(args))
    except Refused as refused:
        print(f"stopped: {refused}", file=sys.stderr)
        raise SystemExit(1) from None
    except (OpenRouterError, ValueError) as error:  # one line, no traceback; the key is never in it
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    except OSError as error:
        print(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        raise SystemExit(1) from None
