"""Batch work: many chats at once with a concurrency limit, a progress bar and per-item errors."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._core.display import progress_bar
from ..errors import OpenRouterError
from .chat import ChatResult

if TYPE_CHECKING:
    from .chat import Chats

__all__ = ["BatchItem", "generate_many"]


@dataclass
class BatchItem:
    """One prompt's outcome: ``result`` on success, ``error`` on failure (never both)."""

    prompt: str
    model: str
    result: ChatResult | None = None
    error: OpenRouterError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def text(self) -> str | None:
        return self.result.text if self.result is not None else None


async def generate_many(
    client: Chats,
    prompts: str | list[str],
    model: str | list[str],
    *,
    concurrency: int = 4,
    progress: bool = True,
    **fields: Any,
) -> list[BatchItem]:
    """Run ``client.chat`` over prompts and models: one prompt on several models, several prompts
    on one model, or pairwise (prompt *i* on model *i*) when both are lists of one length.

    At most ``concurrency`` requests run at once; a failure is kept on its item and does not stop
    or lose the others. Results come back in prompt order. ``progress`` shows a tqdm.auto bar when
    tqdm is installed.
    """
    if not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be a positive integer, got {concurrency!r}")
    prompts = [prompts] if isinstance(prompts, str) else list(prompts)
    models = [model] if isinstance(model, str) else list(model)
    if not prompts or not models:
        raise ValueError("generate_many needs at least one prompt and one model")
    if len(prompts) == 1 and len(models) > 1:
        prompts = prompts * len(models)  # one prompt, compared across models
    elif len(models) == 1:
        models = models * len(prompts)
    elif len(models) != len(prompts):
        raise ValueError(
            f"{len(prompts)} prompts and {len(models)} models: give one prompt (each model answers it), "
            "one model (it answers each prompt), or as many models as prompts (pairwise)"
        )
    items = [BatchItem(p, m) for p, m in zip(prompts, models, strict=True)]
    semaphore = asyncio.Semaphore(concurrency)
    bar = progress_bar(len(items), "generating", "call") if progress else None

    async def one(item: BatchItem) -> None:
        async with semaphore:
            try:
                item.result = await client.chat(item.model, item.prompt, **fields)
            except OpenRouterError as exc:
                item.error = exc
            finally:
                if bar is not None:
                    bar.update(1)

    try:
        await asyncio.gather(*(one(item) for item in items))
    finally:
        if bar is not None:
            bar.close()
    return items
