"""A column filled from a DataFrame's rows: a prompt per row from a template, answered as a batch.

``await orn.generate_frame(frame, "A caption for {topic} in {city}", model, client=client)`` asks
one prompt per row (the template filled from the row's columns) through
:func:`~openrouter_nb.generate_many`: concurrency, pacing under a stated rate limit, the budget,
and with ``journal=`` every answer kept on disk as it arrives, so a re-run after an interrupt or a
crash pays only for the rows still missing.
"""

from __future__ import annotations

import os
import string
from typing import TYPE_CHECKING, Any

from ..client.batch import generate_many

if TYPE_CHECKING:
    import pandas as pd

    from ..client.client import OpenRouterClient

__all__ = ["generate_frame"]


def _prompts(frame: pd.DataFrame, template: str) -> list[str]:
    """The template filled from each row; a placeholder no column answers is a ``ValueError``."""
    if not isinstance(template, str) or not template.strip():
        raise ValueError("template must be a non-empty string such as 'A caption for {topic}'")
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    missing = sorted(names - {str(c) for c in frame.columns})
    if missing:
        raise ValueError(f"the template names {missing}, which are not columns of the frame ({list(frame.columns)})")
    return [template.format(**{str(k): v for k, v in row.items()}) for row in frame.to_dict("records")]


async def generate_frame(
    frame: pd.DataFrame,
    template: str,
    model: str,
    *,
    client: OpenRouterClient,
    column: str = "text",
    concurrency: int = 4,
    progress: bool = True,
    journal: str | os.PathLike[str] | None = None,
    **fields: Any,
) -> pd.DataFrame:
    """A copy of ``frame`` with ``column`` filled by ``model``'s answer to each row's prompt.

    Also ``{column}_cost`` (USD; 0 for an answer resumed from an earlier run) and ``{column}_error``
    (the error of a row that failed, else None). With ``schema=``, ``column`` holds the parsed
    answers. ``fields`` go to every chat call (``system``, ``temperature``, ``max_tokens`` …).
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    prompts = _prompts(frame, template)
    out = frame.copy()
    if not prompts:
        out[column], out[f"{column}_cost"], out[f"{column}_error"] = [], [], []
        return out
    items = await generate_many(
        client, prompts, model, concurrency=concurrency, progress=progress, journal=journal, **fields
    )
    typed = fields.get("schema") is not None
    out[column] = [(item.parsed if typed else item.text) if item.ok else None for item in items]
    out[f"{column}_cost"] = [
        0.0
        if item.resumed
        else (item.result.cost if item.result is not None and item.result.cost is not None else None)
        for item in items
    ]
    out[f"{column}_cost"] = out[f"{column}_cost"].astype("float64")
    out[f"{column}_error"] = [None if item.error is None else str(item.error) for item in items]
    return out
