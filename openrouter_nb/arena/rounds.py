"""An arena round: one prompt across several models concurrently, each answer with its cost and latency.

``run_arena`` is the plain async call; the :class:`~openrouter_nb.Arena` widget stands on it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..client.schemas import check_structured
from ..errors import OpenRouterError

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

__all__ = ["KINDS", "ArenaEntry", "ArenaRound", "check_arena_models", "run_arena"]

KINDS = ("text", "image")


@dataclass
class ArenaEntry:
    """One model's answer in a round: its output (text or an image), cost, latency, or its error."""

    model: str
    output: Any = None
    cost: float = math.nan
    latency_s: float = math.nan
    error: str | None = None
    #: the validated answer of a text round asked with ``schema=``
    parsed: Any = None

    @property
    def ok(self) -> bool:
        """True when the model answered."""
        return self.error is None


@dataclass
class ArenaRound:
    """A prompt run across models: ``entries`` in the order the models were given."""

    prompt: str
    kind: str
    seed: int | None
    entries: list[ArenaEntry] = field(default_factory=list)

    @property
    def models(self) -> list[str]:
        """The models of the round, in order."""
        return [entry.model for entry in self.entries]

    @property
    def round_id(self) -> str:
        """A stable id of prompt, kind, seed and models (votes on the same round share it)."""
        key = json.dumps([self.prompt, self.kind, self.seed, self.models])
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @property
    def cost(self) -> float:
        """What the round cost in USD (the models that answered)."""
        return sum(entry.cost for entry in self.entries if not math.isnan(entry.cost))


def check_arena_models(models: Any, catalog: Any, *, at_least: int = 2) -> list[str]:
    """``models`` as a list when they can meet in an arena (``at_least`` of them, distinct, in ``catalog`` if given)."""
    if isinstance(models, str) or not isinstance(models, Sequence):
        raise ValueError("models must be a list of model ids, e.g. ['openai/gpt-4o-mini', 'google/gemini-2.5-flash']")
    chosen = list(models)
    if len(chosen) < at_least:
        raise ValueError(f"give at least {at_least} model ids, got {len(chosen)}")
    bad = [m for m in chosen if not isinstance(m, str) or "/" not in m]
    if bad:
        raise ValueError(f"model ids look like 'author/slug', got {bad!r}")
    repeated = sorted({m for m in chosen if chosen.count(m) > 1})
    if repeated:
        raise ValueError(f"each model may appear once, repeated: {', '.join(repeated)}")
    if catalog is not None:
        known = {m.get("id") for m in catalog if isinstance(m, dict)}
        missing = [m for m in chosen if m not in known]
        if missing:
            raise ValueError(f"not in the catalog: {', '.join(missing)} (see client.list_models())")
    return chosen


async def _answer(client: OpenRouterClient, model: str, prompt: str, kind: str, fields: dict[str, Any]) -> ArenaEntry:
    started = time.perf_counter()
    try:
        output: Any
        parsed = None
        if kind == "text":
            result = await client.chat(model, prompt, **fields)
            output, cost, parsed = result.text, result.cost, result.parsed
        else:
            images = await client.images(model=model, prompt=prompt, **fields)
            output, cost = images[0], images.cost
    except OpenRouterError as exc:  # one model's failure shows in its tile; the others stand
        return ArenaEntry(model, error=f"{type(exc).__name__}: {exc}", latency_s=time.perf_counter() - started)
    cost = math.nan if cost is None else float(cost)
    return ArenaEntry(model, output, cost, time.perf_counter() - started, parsed=parsed)


async def run_arena(
    client: OpenRouterClient,
    models: Sequence[str],
    prompt: str,
    *,
    kind: str = "text",
    seed: int | None = None,
    **fields: Any,
) -> ArenaRound:
    """Run ``prompt`` on every model concurrently; each answer with its cost and latency.

    ``kind`` is ``"text"`` (``client.chat``; ``schema=`` gives each entry a validated ``parsed``)
    or ``"image"`` (``client.images``, the first image);
    ``seed`` and ``fields`` go to every call. Models are checked against the catalog first
    (``client.list_models()``, unbilled and cached), so a typo raises ``ValueError`` before any
    generation is paid for. A model that fails gets an entry with its ``error``; the round is
    never lost to one model.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError("prompt must be a non-empty string")
    chosen = check_arena_models(models, None)
    check_arena_models(chosen, await client.list_models())
    if fields.get("schema") is not None:
        if kind != "text":
            raise ValueError("schema= asks for a typed answer: it takes kind='text'")
        for model in chosen:  # a model that cannot honour it is refused before any call
            await check_structured(client.list_models, model)
    if seed is not None:
        fields = {**fields, "seed": seed}
    entries = await asyncio.gather(*(_answer(client, m, prompt, kind, fields) for m in chosen))
    return ArenaRound(prompt, kind, seed, list(entries))
