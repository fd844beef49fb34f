"""Variants to choose from: one brief's caption from several text models, one prompt's image from
several image models, side by side in a DataFrame (model, output, characters, cost, latency, error).

Calls run concurrently; a model that fails keeps its row with the error, the others stand.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import OpenRouterError
from .copywriting import Brief, fit_caption, write_caption
from .generation import generate_images

if TYPE_CHECKING:
    import pandas as pd

    from ..client.client import OpenRouterClient
    from .persona import Persona

__all__ = ["caption_variants", "image_variants"]

_COLUMNS = ["model", "output", "characters", "cost", "latency_s", "check", "error"]


def _models(models: Any) -> list[str]:
    if isinstance(models, str) or not isinstance(models, Sequence) or not models:
        raise ValueError("models must be a non-empty list of model ids")
    chosen = list(dict.fromkeys(models))
    bad = [m for m in chosen if not isinstance(m, str) or "/" not in m]
    if bad:
        raise ValueError(f"model ids look like 'author/slug', got {bad!r}")
    return chosen


async def _row(model: str, make: Callable[[], Awaitable[tuple[Any, float, str, int]]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        output, cost, check, characters = await make()
    except OpenRouterError as exc:
        error = f"{type(exc).__name__}: {exc}"
        return dict(zip(_COLUMNS, (model, None, 0, math.nan, time.perf_counter() - started, None, error), strict=True))
    latency = time.perf_counter() - started
    return dict(zip(_COLUMNS, (model, output, characters, cost, latency, check, None), strict=True))


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=_COLUMNS)
    frame["cost"] = frame["cost"].astype("float64")
    return frame


async def caption_variants(
    client: OpenRouterClient, brief: Brief, models: Sequence[str], *, seed: int | None = None
) -> pd.DataFrame:
    """The brief's caption from each model, held to the platform's limit and hashtags (``check``)."""
    chosen = _models(models)

    def make(model: str) -> Callable[[], Awaitable[tuple[Any, float, str, int]]]:
        async def call() -> tuple[Any, float, str, int]:
            result = await write_caption(client, brief, model=model, seed=seed)
            text, check = fit_caption(result.text, brief)
            return text, result.cost if result.cost is not None else math.nan, check, len(text)

        return call

    return _frame(list(await asyncio.gather(*(_row(m, make(m)) for m in chosen))))


async def image_variants(
    client: OpenRouterClient,
    prompt: str,
    models: Sequence[str],
    *,
    aspect_ratio: str = "1:1",
    seed: int | None = None,
    persona: Persona | None = None,
) -> pd.DataFrame:
    """One image of ``prompt`` from each model (an :class:`~openrouter_nb.ImageResult` in ``output``).

    ``characters`` is the image's byte size here; ``persona`` sends its reference images.
    """
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError("prompt must be a non-empty string")
    chosen = _models(models)
    references = persona.reference_images() if persona is not None else None

    def make(model: str) -> Callable[[], Awaitable[tuple[Any, float, str, int]]]:
        async def call() -> tuple[Any, float, str, int]:
            images, cost = await generate_images(
                client, prompt, model=model, seed=seed, aspect_ratio=aspect_ratio, references=references
            )
            return images[0], cost, "ok", len(images[0].data)

        return call

    return _frame(list(await asyncio.gather(*(_row(m, make(m)) for m in chosen))))
