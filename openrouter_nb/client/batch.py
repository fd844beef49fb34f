"""Batch work: many chats at once with a concurrency limit, a progress bar and per-item errors."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._core.display import progress_bar
from ..errors import OpenRouterError
from .batch_journal import BatchJournal, batch_key
from .chat import ChatResult, chat_result
from .schemas import OutputSchema, check_structured

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
    journal: str | os.PathLike[str] | None = None,
    **fields: Any,
) -> list[BatchItem]:
    """Run ``client.chat`` over prompts and models: one prompt on several models, several prompts
    on one model, or pairwise (prompt *i* on model *i*) when both are lists of one length.

    At most ``concurrency`` requests run at once; a failure is kept on its item and does not stop
    or lose the others. Results come back in prompt order. ``progress`` shows a tqdm.auto bar when
    tqdm is installed, with the time left, what was spent, and any wait for a rate limit.

    ``schema=`` (as for :meth:`~openrouter_nb.OpenRouterClient.chat`) gives every item a validated
    ``item.parsed``; a model without structured outputs is refused before any call. On a model
    whose rate limit a 429 stated (the free tier's 20 a minute), the rest are paced under it.

    An interrupted batch (a cancelled task, an interrupted cell, Ctrl-C) keeps the answers it had
    received: calling ``generate_many`` again on the same client with the same prompts, models and
    fields reuses them (``item.resumed``) and pays only for the rest. With ``journal`` (a
    ``.jsonl`` file or a folder) each answer is also written to disk as it arrives, so this holds
    across a crash or a new process too (see :mod:`.batch_journal`).
    """
    if not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be a positive integer, got {concurrency!r}")
    items = _items(prompts, model)
    if fields.get("schema") is not None:  # a model that cannot honour it is refused before any call
        for name in dict.fromkeys(item.model for item in items):
            await check_structured(getattr(client, "list_models", None), name)
    try:
        kept = _interrupted.setdefault(client, {})
    except TypeError:  # a client that cannot be weakly referenced: nothing is kept for it
        kept = {}
    asked = json.dumps({k: v for k, v in fields.items()}, sort_keys=True, default=str)
    book = BatchJournal(journal) if journal is not None else None
    written = book.load() if book is not None else {}
    bar = _Bar(len(items)) if progress else None
    todo = iter(items)

    async def worker() -> None:
        for item in todo:  # the workers share one iterator: each prompt is taken once
            key = batch_key(item.model, item.prompt, asked)
            try:
                earlier = kept.pop((item.model, item.prompt, asked), None) or _from_journal(written.get(key), fields)
                item.resumed = earlier is not None
                item.result = earlier or await client.chat(item.model, item.prompt, **fields)
                if book is not None:
                    if not item.resumed:
                        book.append(key, item.model, item.prompt, item.result.raw)
                    item.result.raw = {}  # the payload is in the journal: memory stays flat at dataset scale
            except OpenRouterError as exc:
                item.error = exc
            finally:
                if bar is not None:
                    bar.done(item)

    pacer = getattr(client, "rate_limits", None)
    waiting = pacer.listening(bar.waiting) if pacer is not None and bar is not None else contextlib.nullcontext()
    try:
        with waiting:
            await asyncio.gather(*(worker() for _ in range(min(concurrency, len(items)))))
    except BaseException:  # interrupted: what was answered is kept for the next call
        kept.update({(i.model, i.prompt, asked): i.result for i in items if i.result is not None})
        raise
    finally:
        if bar is not None:
            bar.close()
        if book is not None:
            book.close()
    return items


def _items(prompts: str | list[str], model: str | list[str]) -> list[BatchItem]:
    """The batch's items: one prompt on every model, every prompt on one model, or pairwise."""
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
    return [BatchItem(p, m) for p, m in zip(prompts, models, strict=True)]


def _from_journal(entry: dict[str, Any] | None, fields: dict[str, Any]) -> ChatResult | None:
    """An answer kept in the journal, read back (and parsed again with ``schema=``), or None."""
    if entry is None:
        return None
    result = chat_result(entry["payload"], "a journaled answer")
    if fields.get("schema") is not None:
        result.parsed = OutputSchema.of(fields["schema"]).parse(result.text, "a journaled answer")
    return result


class _Bar:
    """The batch's progress bar: items done, time left, USD spent, and waits for a rate limit."""

    def __init__(self, total: int) -> None:
        self.bar = progress_bar(total, "generating", "call")
        self.spent = 0.0
        self.note = ""

    def done(self, item: BatchItem) -> None:
        if item.result is not None and not item.resumed:
            self.spent += item.result.cost or 0.0
        self.note = ""
        self._show()
        if self.bar is not None:
            self.bar.update(1)

    def waiting(self, model: str, seconds: float) -> None:
        self.note = f", waiting {seconds:.0f} s for the rate limit of {model}"
        self._show()

    def _show(self) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(f"${self.spent:.4f}{self.note}", refresh=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# answers an interrupted batch received, by client, for the next call to reuse (never persisted)
_interrupted: weakref.WeakKeyDictionary[Any, dict[tuple[str, str, str], ChatResult]] = weakref.WeakKeyDictionary()
