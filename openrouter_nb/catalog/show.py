"""Frames for reading: price tables formatted as money, and a few models side by side."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .._core.display import plural
from .frame import COLUMN_ORDER

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PriceTable", "compare_models", "price_table"]

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
        return f"{len(self.frame):,} of {plural(self.total, 'model')}; token prices in USD per million tokens"

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
        detail = "; ".join(
            f"{m!r} (did you mean {', '.join(h)}?)" if h else f"{m!r} (no model id is close to it)"
            for m, h in hints.items()
        )
        raise KeyError(f"unknown model ids: {detail}")
    rows = [c for c in COLUMN_ORDER if c not in ("capabilities", "pricing")]
    rows += [c for c in ("video_usd_per_second", "cost_usd") if c in frame.columns]
    return frame.loc[list(ids), rows].T
