"""The orders a picker offers (:data:`~openrouter_nb.catalog.columns.SORTS`), as frame sorts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cost import estimate_cost, image_price_column
from .value import DEFAULT_WORKLOAD, add_value

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["sort_key", "sort_positions"]


def sort_key(frame: pd.DataFrame, sort: str, task: str) -> list[tuple[str, bool]]:
    """How to order ``frame`` for ``sort`` (see :data:`SORTS`): ``(column, ascending)`` pairs.

    A price sort ranks by what the task pays: per image for ``image``, per second for ``video``
    (when :func:`add_video_prices` added it), else prompt + completion per token. The frame gains a
    ``_price`` column for it (the caller works on a copy).
    """
    if sort == "price":
        if task == "image":
            frame["_price"] = image_price_column(frame)  # the stated per-image price, when added
        elif task == "video" and "video_usd_per_second" in frame.columns:
            frame["_price"] = frame["video_usd_per_second"]
        else:
            frame["_price"] = frame["prompt_usd_per_mtok"] + frame["completion_usd_per_mtok"]
        return [("_price", True), ("name", True)]
    if sort == "context":
        return [("context_length", False), ("name", True)]
    if sort == "popular":  # the rankings' most used first; a frame without them stays A-Z
        ranks = frame["popularity_rank"] if "popularity_rank" in frame.columns else None
        frame["_price"] = ranks.astype("float64") if ranks is not None else float("nan")
        return [("_price", True), ("name", True)]
    if sort == "newest":
        return [("created", False), ("name", True)]
    if sort == "value":
        if "value" not in frame.columns:
            workload = DEFAULT_WORKLOAD
            costed = estimate_cost(
                frame, workload["prompt_tokens"], workload["completion_tokens"], sort=False, column="_cost"
            )
            frame["value"] = add_value(costed, cost="_cost")["value"]
        return [("value", False), ("name", True)]
    frame["_price"] = frame["name"].str.lower()
    return [("_price", True)]


#: the columns :func:`sort_key` reads for every sort but ``value`` (which costs a workload)
_SORT_INPUTS = (
    *("name", "context_length", "created", "generated_image_usd", "image_usd", "video_usd_per_second"),
    *("prompt_usd_per_mtok", "completion_usd_per_mtok", "popularity_rank"),
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
