"""Frames for reading and picking: price tables, side-by-side views, and the column contract that
the widgets and the studio use (tasks, sorts, price labels, detail facts), so they name no column."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .frame import COLUMN_ORDER

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SORTS",
    "TASK_COLUMNS",
    "PriceTable",
    "compare_models",
    "model_facts",
    "option_label",
    "option_labels",
    "price_label",
    "price_table",
    "search_text",
    "sort_key",
    "sort_positions",
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
    if value < 0.01:  # per-call costs of cheap models: enough digits to tell them apart
        return f"${value:,.6f}"
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
        import difflib

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
#: the orders :func:`sort_key` knows: cheapest for the task, most context, newest, A–Z, and
#: quality per dollar for a workload (``value``: ``intelligence_index`` per USD of a 2k-in/500-out call)
SORTS = ("price", "context", "newest", "name", "value")


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
    if sort == "value":
        if "value" not in frame.columns:
            from .cost import estimate_cost
            from .value import DEFAULT_WORKLOAD, add_value

            workload = DEFAULT_WORKLOAD
            costed = estimate_cost(
                frame, workload["prompt_tokens"], workload["completion_tokens"], sort=False, column="_cost"
            )
            frame["value"] = add_value(costed, cost="_cost")["value"]
        return [("value", False), ("name", True)]
    frame["_price"] = frame["name"].str.lower()
    return [("_price", True)]


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


#: the columns :func:`sort_key` reads for every sort but ``value`` (which costs a workload)
_SORT_INPUTS = (
    *("name", "context_length", "created", "generated_image_usd", "video_usd_per_second"),
    *("prompt_usd_per_mtok", "completion_usd_per_mtok"),
)


def sort_positions(frame: pd.DataFrame, sort: str, task: str) -> Any:
    """Row positions of ``frame`` in :func:`sort_key` order (unknowns last), as a numpy array."""
    needed = frame if sort == "value" else frame[[c for c in _SORT_INPUTS if c in frame.columns]]
    work = needed.reset_index(drop=True)  # positions as the index, on a copy sort_key may extend
    order = sort_key(work, sort, task)
    ordered = work.sort_values(
        [c for c, _ in order], ascending=[a for _, a in order], na_position="last", kind="stable"
    )
    return ordered.index.to_numpy()


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
