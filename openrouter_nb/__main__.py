"""``python -m openrouter_nb``: the main job, offline on the emulator unless OPENROUTER_API_KEY is set."""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter

from .catalog import summarize_models
from .connect import connect


async def catalog_report() -> None:
    """Print what the catalog holds: models per capability and provider, cheapest text models."""
    async with connect() as client:
        summary = summarize_models(await client.list_models())
    print(f"{len(summary)} models in the catalog")
    tags = Counter(tag for s in summary for tag in s["capabilities"])
    print("by capability: " + ", ".join(f"{t} {n}" for t, n in tags.most_common()))
    providers = Counter(s["provider"] for s in summary)
    print("top providers: " + ", ".join(f"{p} {n}" for p, n in providers.most_common(8)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m openrouter_nb", description=__doc__)
    parser.parse_args(argv)
    asyncio.run(catalog_report())


if __name__ == "__main__":
    main()
