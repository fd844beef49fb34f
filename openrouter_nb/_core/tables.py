"""Rows into a DataFrame: the one place below the catalog layer where pandas is imported (lazily).

The client returns some results as DataFrames (``client.spend``, ``model_endpoints``,
``benchmarks``, ``activity``). It decides the rows, the columns and their types; this builds the
frame, importing pandas only when a frame is asked for, so the client layer itself never imports it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["table"]


def table(
    rows: Sequence[Sequence[Any]] | Sequence[Mapping[str, Any]],
    columns: Sequence[Any],
    *,
    dtypes: Mapping[str, str] | None = None,
    index: str | None = None,
) -> pd.DataFrame:
    """A DataFrame of ``rows`` (tuples in ``columns`` order, or dicts) with those ``columns``.

    ``dtypes`` casts columns (``"float64"`` for prices: NaN where unknown; ``"Int64"`` for counts
    that may be missing; ``"string"``, ``"bool"`` …); ``index`` names the column that becomes the index.
    Numeric columns are coerced, so a stray string in a server's numbers becomes NaN, not an error.
    """
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(columns))
    for name, dtype in (dtypes or {}).items():
        if dtype in ("float64", "Int64"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(dtype)
        else:
            frame[name] = frame[name].astype(dtype)
    return frame.set_index(index) if index is not None else frame
