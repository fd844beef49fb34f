"""``python -m openrouter_nb``: the main job. Makes one social-media post end to end.

Offline on the built-in emulator unless OPENROUTER_API_KEY is set: a caption from a text model,
an image prompt, an image, a post preview and a short video, saved with a manifest.
"""

from __future__ import annotations

import argparse
import asyncio
import os

from .connect import connect
from .pipeline import PLATFORMS, Brief, create_post

DEFAULTS = {
    "text_model": "openai/gpt-4o-mini",
    "image_model": "google/gemini-2.5-flash-image",
    "video_model": "bytedance/seedance-2.0-mini",
}


async def make_post(args: argparse.Namespace) -> None:
    brief = Brief(persona=args.persona, topic=args.topic, platform=args.platform)
    async with connect(seed=args.seed) as client:
        models = await client.list_models()
        print(f"catalog: {len(models)} models")
        post = await create_post(
            client,
            brief,
            text_model=args.text_model,
            image_model=args.image_model,
            video_model=None if args.no_video else args.video_model,
            seed=args.seed,
            out_dir=args.out,
        )
        spend = client.ledger
    print(f"\npost for {brief.handle} on {brief.platform}: {brief.topic}")
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m openrouter_nb", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persona", default="Mia, a plant-loving barista in Lisbon")
    parser.add_argument("--topic", default="autumn latte art at sunrise")
    parser.add_argument("--platform", default="instagram", choices=PLATFORMS)
    parser.add_argument("--text-model", default=DEFAULTS["text_model"])
    parser.add_argument("--image-model", default=DEFAULTS["image_model"])
    parser.add_argument("--video-model", default=DEFAULTS["video_model"])
    parser.add_argument("--no-video", action="store_true", help="skip the video step")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="output/posts", help="folder for posts (default output/posts)")
    asyncio.run(make_post(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
