"""``python -m openrouter_nb``: a capability summary of the bundled real catalog (offline)."""

from __future__ import annotations

from collections import Counter

from .catalog import summarize_models
from .emulator.catalog import load_catalog


def main() -> None:
    summary = summarize_models(load_catalog())
    print(f"{len(summary)} models in the catalog")
    tags = Counter(tag for s in summary for tag in s["capabilities"])
    print("by capability: " + ", ".join(f"{t} {n}" for t, n in tags.most_common()))


if __name__ == "__main__":
    main()
