"""Quality per dollar: the cheapest models for a workload, the value of each, the Pareto frontier."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .columns import TASK_COLUMNS
from .cost import estimate_cost
from .frame import QUALITY_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEFAULT_WORKLOAD", "add_value", "cheapest", "value_frontier"]

#: one typical text call, used where a value is asked for without a workload
DEFAULT_WORKLOAD: dict[str, int] = {"prompt_tokens": 2000, "completion_tokens": 500}


def _task_rows(frame: pd.DataFrame, task: str) -> pd.DataFrame:
    if task not in TASK_COLUMNS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASK_COLUMNS)}")
    column = TASK_COLUMNS[task]
    return frame if column is None else frame[frame[column].to_numpy()]


def _check_quality(frame: pd.DataFrame, quality: str) -> None:
    if quality not in frame.columns:
        known = [c for c in QUALITY_COLUMNS if c in frame.columns]
        raise ValueError(f"unknown quality column {quality!r}; choose one of {', '.join(known) or QUALITY_COLUMNS}")


def _check_cost(frame: pd.DataFrame, cost: str) -> None:
    if cost not in frame.columns:
        raise ValueError(
            f"no {cost!r} column: add one with estimate_cost(frame, prompt_tokens=..., completion_tokens=...)"
            f" (or pass cost= the name of a price column)"
        )


def cheapest(
    frame: pd.DataFrame, task: str = "text", n: int = 5, *, include_free: bool = False, **workload: int
) -> pd.DataFrame:
    """The ``n`` cheapest models that can do ``task`` for one workload, with a ``cost_usd`` column.

    ``workload`` is what :func:`estimate_cost` takes (``prompt_tokens``, ``completion_tokens``,
    ``images``, ``requests``, ``video_seconds``; a 2k-in/500-out text call when none is given).
    Models whose price for it is unknown are left out; free models too unless ``include_free``.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    rows = _task_rows(frame, task)
    costed = estimate_cost(rows, **(workload or DEFAULT_WORKLOAD), include_free=include_free)  # type: ignore[arg-type]
    return costed[costed["cost_usd"].notna().to_numpy()].head(n)


def add_value(frame: pd.DataFrame, quality: str = "intelligence_index", cost: str = "cost_usd") -> pd.DataFrame:
    """A copy with ``value``: ``quality`` points per dollar of ``cost`` (NaN when either is unknown or free)."""
    _check_quality(frame, quality)
    _check_cost(frame, cost)
    out = frame.copy()
    price = out[cost].where(out[cost] > 0)  # a free model has no per-dollar value, not an infinite one
    out["value"] = (out[quality] / price).astype("float64")
    return out


def value_frontier(
    frame: pd.DataFrame,
    quality: str = "intelligence_index",
    cost: str = "cost_usd",
    *,
    include_free: bool = False,
) -> pd.DataFrame:
    """The Pareto-optimal models: none other is both cheaper (or as cheap) and better. Cost order.

    ``cost`` is a column of ``frame`` (``cost_usd`` from :func:`estimate_cost`, or a price column);
    ``quality`` one of :data:`QUALITY_COLUMNS`. Models with either unknown are left out, and free
    ones (cost 0) unless ``include_free``. The result has a ``value`` column (quality per dollar).
    """
    scored = add_value(frame, quality, cost)
    keep = scored[quality].notna() & scored[cost].notna()
    if not include_free:
        keep &= scored[cost] > 0
    ordered = scored[keep.to_numpy()].sort_values([cost, quality], ascending=[True, False], kind="stable")
    best = float("-inf")
    chosen: list[Any] = []
    for model_id, score in zip(ordered.index, ordered[quality].to_numpy(), strict=True):
        if score > best:  # better than everything at least as cheap
            chosen.append(model_id)
            best = score
    return ordered.loc[chosen]
