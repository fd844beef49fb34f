"""The column contract: what the picker and the studio may know of a catalog frame.

Tasks (which boolean column selects them), sorts, search text, price labels and a model's facts:
the widgets and the studio import these instead of naming a frame column themselves.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SORTS", "TASK_COLUMNS", "model_facts", "option_label", "option_labels", "price_label", "search_text"]


TASK_COLUMNS: dict[str, str | None] = {
    "all": None,
    "text": "text_output",
    "image": "image_output",
    "video": "video_output",
    "vision": "vision",
    "embeddings": "embeddings",
    "audio": "audio_output",
    "tools": "tools",
    "reasoning": "reasoning",
    "free": "free",
}
#: the orders :func:`sort_key` knows: cheapest for the task, most context, newest, A–Z, quality per
#: dollar for a workload (``value``: ``intelligence_index`` per USD of a 2k-in/500-out call), and the
#: most used first (``popular``: ``popularity_rank``, after :func:`~openrouter_nb.add_popularity`)
SORTS = ("price", "context", "newest", "name", "value", "popular")


def search_text(frame: pd.DataFrame) -> pd.Series:
    """What a search box matches for each model: id, name and provider, lowercase."""
    import pandas as pd

    texts = [
        f"{model_id} {name} {provider}".lower()
        for model_id, name, provider in zip(
            frame.index.tolist(), frame["name"].tolist(), frame["provider"].tolist(), strict=True
        )
    ]
    return pd.Series(texts, index=frame.index, dtype=object)


_LABEL_COLUMNS = (
    "variable_pricing",
    "video_output",
    "video_usd_per_second",
    "image_output",
    "generated_image_usd",
    "prompt_usd_per_mtok",
    "completion_usd_per_mtok",
    "free",
)


def _known(value: Any) -> bool:
    return value is not None and value == value  # None or NaN: unknown


def _price_text(
    variable: bool,
    video: bool,
    video_price: float | None,
    image: bool,
    image_price: float | None,
    prompt: float | None,
    completion: float | None,
    free: bool,
) -> str:
    if variable:
        return "variable price"
    if video and _known(video_price):
        return f"${video_price:.2f}/s video"
    if image and _known(image_price):
        return f"${image_price:.4f}/image"
    if not (_known(prompt) and _known(completion)):
        return "price n/a"
    if prompt == 0 and completion == 0:
        return "free" if free else "$0 tokens (priced elsewhere)"
    return f"${prompt:g}/${completion:g} per M"


def price_label(row: Any) -> str:
    """A model's price in a few words, as a picker lists it (``$0.15/$0.6 per M``, ``$0.039/image`` …)."""
    return _price_text(*(row.get(c, math.nan) if c == "video_usd_per_second" else row[c] for c in _LABEL_COLUMNS))


def option_label(row: Any) -> str:
    """How a picker lists one model: ``name · provider · price``."""
    return f"{row['name']} · {row['provider']} · {price_label(row)}"


def option_labels(frame: pd.DataFrame) -> list[str]:
    """:func:`option_label` of every row, in frame order, column by column (no row objects)."""
    n = len(frame)
    # plain Python values (a numpy scalar formats slower), NaN as None so equal rows share a memo entry
    columns = [
        [None if v != v else v for v in frame[c].tolist()] if c in frame.columns else [None] * n for c in _LABEL_COLUMNS
    ]
    memo: dict[tuple[Any, ...], str] = {}  # catalogs repeat a few hundred price shapes
    prices = []
    for values in zip(*columns, strict=True):
        text = memo.get(values)
        if text is None:
            text = memo[values] = _price_text(*values)
        prices.append(text)
    return [
        f"{name} · {provider} · {price}"
        for name, provider, price in zip(frame["name"].tolist(), frame["provider"].tolist(), prices, strict=True)
    ]


def model_facts(frame: pd.DataFrame, model_id: str) -> tuple[str, list[tuple[str, str]]]:
    """A model's name and the facts a detail pane shows about it, as ``(label, text)`` pairs."""
    import pandas as pd

    row = frame.loc[model_id]
    context = row["context_length"]
    facts = [
        ("id", model_id),
        ("provider", str(row["provider"])),
        ("context", "n/a" if pd.isna(context) else f"{int(context):,} tokens"),
        ("price", price_label(row)),
        ("input", ", ".join(row["input_modalities"])),
        ("output", ", ".join(row["output_modalities"])),
        ("tools / reasoning", f"{'yes' if row['tools'] else 'no'} / {'yes' if row['reasoning'] else 'no'}"),
    ]
    scores = [
        (label, row[column])
        for label, column in (
            ("intelligence index", "intelligence_index"),
            ("coding index", "coding_index"),
            ("agentic index", "agentic_index"),
            ("arena Elo (mean)", "arena_elo_mean"),
        )
        if column in row.index and not pd.isna(row[column])
    ]
    facts += [(label, f"{value:.0f}" if value >= 100 else f"{value:g}") for label, value in scores]
    return str(row["name"]), facts
