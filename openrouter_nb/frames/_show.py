"""Frames for reading and picking: price tables, side-by-side views, and the column contract that
the widgets and the studio use (tasks, sorts, price labels, detail facts), so they name no column."""

from __future__ import annotations

import difflib
import math
from typing import TYPE_CHECKING, Any

from ._build import COLUMN_ORDER

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SORTS",
    "TASK_COLUMNS",
    "PriceTable",
    "compare_models",
    "model_facts",
    "option_label",
    "price_label",
    "price_table",
    "search_text",
    "sort_key",
]

_SHOWN = (
    "name",
    "provider",
    "context_length",
    "prompt_usd_per_mtok",
    "completion_usd_per_mtok",
    "generated_image_usd",
    "video_usd_per_second",
    "cost_usd",
)


def _money(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value == 0:
        return "$0"
    return f"${value:,.4f}" if value < 1 else f"${value:,.2f}"


class PriceTable:
    """A catalog frame formatted for reading: prices as ``$…``, a sensible column order.

    Renders as an HTML table in Jupyter and as plain text in a terminal. ``.frame`` is the data.
    """

    def __init__(self, frame: pd.DataFrame, columns: list[str] | None = None, max_rows: int = 20) -> None:
        chosen = columns or [c for c in _SHOWN if c in frame.columns]
        self.frame = frame[chosen].head(max_rows)
        self.total = len(frame)

    def _formatters(self) -> dict[str, Any]:
        money = [c for c in self.frame.columns if "usd" in c]
        return {c: _money for c in money}

    def _footer(self) -> str:
        return f"{len(self.frame)} of {self.total} models; token prices in USD per million tokens"

    def __repr__(self) -> str:
        text: str = self.frame.to_string(formatters=self._formatters(), na_rep="—")
        return text + "\n" + self._footer()

    def _repr_html_(self) -> str:
        table = self.frame.to_html(formatters=self._formatters(), na_rep="—", border=0, escape=True)
        return f"{table}<p><small>{self._footer()}</small></p>"


def price_table(frame: pd.DataFrame, columns: list[str] | None = None, max_rows: int = 20) -> PriceTable:
    """Format ``frame`` for display (HTML in notebooks, plain text in terminals)."""
    return PriceTable(frame, columns, max_rows)


def compare_models(frame: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """A side-by-side view of a few models: one column per model, one row per attribute.

    Unknown ids raise ``KeyError`` naming the closest known ids.
    """
    missing = [i for i in ids if i not in frame.index]
    if missing:
        hints = {m: difflib.get_close_matches(m, list(frame.index), n=3) for m in missing}
        detail = "; ".join(f"{m!r} (did you mean {', '.join(h) or 'nothing close'}?)" for m, h in hints.items())
        raise KeyError(f"unknown model ids: {detail}")
    rows = [c for c in COLUMN_ORDER if c not in ("capabilities", "pricing")]
    rows += [c for c in ("video_usd_per_second", "cost_usd") if c in frame.columns]
    return frame.loc[list(ids), rows].T


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
#: the orders :func:`sort_key` knows
SORTS = ("price", "context", "newest", "name")


def search_text(frame: pd.DataFrame) -> pd.Series:
    """What a search box matches for each model: id, name and provider, lowercase."""
    ids = frame.index.to_series().astype(str)
    return (ids + " " + frame["name"].astype(str) + " " + frame["provider"].astype(str)).str.lower()


def sort_key(frame: pd.DataFrame, sort: str, task: str) -> list[tuple[str, bool]]:
    """How to order ``frame`` for ``sort`` (see :data:`SORTS`): ``(column, ascending)`` pairs.

    A price sort ranks by what the task pays: per image for ``image``, per second for ``video``
    (when :func:`add_video_prices` added it), else prompt + completion per token. The frame gains a
    ``_price`` column for it (the caller works on a copy).
    """
    if sort == "price":
        if task == "image":
            frame["_price"] = frame["generated_image_usd"]
        elif task == "video" and "video_usd_per_second" in frame.columns:
            frame["_price"] = frame["video_usd_per_second"]
        else:
            frame["_price"] = frame["prompt_usd_per_mtok"] + frame["completion_usd_per_mtok"]
        return [("_price", True), ("name", True)]
    if sort == "context":
        return [("context_length", False), ("name", True)]
    if sort == "newest":
        return [("created", False), ("name", True)]
    frame["_price"] = frame["name"].str.lower()
    return [("_price", True)]


def price_label(row: Any) -> str:
    """A model's price in a few words, as a picker lists it (``$0.15/$0.6 per M``, ``$0.039/image`` …)."""
    if row["variable_pricing"]:
        return "variable price"
    video_price = row.get("video_usd_per_second", math.nan)
    if row["video_output"] and not math.isnan(video_price):
        return f"${video_price:.2f}/s video"
    if row["image_output"] and not math.isnan(row["generated_image_usd"]):
        return f"${row['generated_image_usd']:.4f}/image"
    prompt, completion = row["prompt_usd_per_mtok"], row["completion_usd_per_mtok"]
    if math.isnan(prompt) or math.isnan(completion):
        return "price n/a"
    if prompt == 0 and completion == 0:
        return "free" if row["free"] else "$0 tokens (priced elsewhere)"
    return f"${prompt:g}/${completion:g} per M"


def option_label(row: Any) -> str:
    """How a picker lists one model: ``name · provider · price``."""
    return f"{row['name']} · {row['provider']} · {price_label(row)}"


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
    return str(row["name"]), facts
