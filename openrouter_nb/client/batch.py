"""Batch work: many chats at once with a concurrency limit, a progress bar and per-item errors."""

from __future__ import annotations

import asyncio
import json
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._core.display import progress_bar
from ..errors import OpenRouterError
from .chat import ChatResult
from .schemas import check_structured

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
    #: the answer came from an earlier, interrupted batch on the same client (not paid again)
    resumed: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def text(self) -> str | None:
        return self.result.text if self.result is not None else None

    @property
    def parsed(self) -> Any:
        """The validated answer when the batch asked for a ``schema=`` (None otherwise, or on failure)."""
        return self.result.parsed if self.result is not None else None


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

    ``schema=`` (as for :meth:`~openrouter_nb.OpenRouterClient.chat`) gives every item a validated
    ``item.parsed``; a model without structured outputs is refused before any call.

    An interrupted batch (a cancelled task, an interrupted cell, Ctrl-C) keeps the answers it had
    received: calling ``generate_many`` again on the same client with the same prompts, models and
    fields reuses them (``item.resumed``) and pays only for the rest.
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
    if fields.get("schema") is not None:  # a model that cannot honour it is refused before any call
        for name in dict.fromkeys(models):
            await check_structured(getattr(client, "list_models", None), name)
    try:
        kept = _interrupted.setdefault(client, {})
    except TypeError:  # a client that cannot be weakly referenced: nothing is kept for it
        kept = {}
    asked = json.dumps(fields, sort_keys=True, default=str)
    semaphore = asyncio.Semaphore(concurrency)
    bar = progress_bar(len(items), "generating", "call") if progress else None

    async def one(item: BatchItem) -> None:
        async with semaphore:
            try:
                earlier = kept.pop((item.model, item.prompt, asked), None)
                item.resumed = earlier is not None
                item.result = earlier or await client.chat(item.model, item.prompt, **fields)
            except OpenRouterError as exc:
                item.error = exc
            finally:
                if bar is not None:
                    bar.update(1)

    try:
        await asyncio.gather(*(one(item) for item in items))
    except BaseException:  # interrupted: what was answered is kept for the next call
        kept.update({(i.model, i.prompt, asked): i.result for i in items if i.result is not None})
        raise
    finally:
        if bar is not None:
            bar.close()
    return items


# answers an interrupted batch received, by client, for the next call to reuse (never persisted)
_interrupted: weakref.WeakKeyDictionary[Any, dict[tuple[str, str, str], ChatResult]] = weakref.WeakKeyDictionary()
