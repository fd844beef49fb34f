"""What a call really costs: run the same prompts on several models and set the bill beside the sticker.

The sticker is what the catalog's prompt and completion prices say for the tokens you can see
(the prompt and the reply's text). The bill is what the service charged (``usage.cost``, as the
spend ledger keeps it): hidden reasoning tokens, cached prompt reads, web searches and long-prompt
tiers make the two differ, sometimes many times over. ``explained_usd`` prices everything the
usage reported at the catalog's prices, so a gap between it and the bill is one the catalog
cannot account for.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._core.prices import call_cost
from .._core.wire import usage_count
from ..errors import BudgetExceededError, OpenRouterError
from .rounds import check_arena_models

if TYPE_CHECKING:
    import pandas as pd

    from ..client.client import OpenRouterClient

__all__ = ["COST_COLUMNS", "measure_costs"]

#: the columns of :func:`measure_costs`' frame, in order
COST_COLUMNS = (
    "calls",
    "prompt_tokens",
    "cached_tokens",
    "completion_tokens",
    "reasoning_tokens",
    "web_searches",
    "estimated_usd",
    "measured_usd",
    "explained_usd",
    "measured_over_estimated",
    "latency_s",
    "error",
)


@dataclass
class _Tally:
    """One model's calls so far: tokens by kind, what the service billed, how long each call took."""

    pricing: Any
    calls: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0  # the visible ones
    reasoning_tokens: int = 0
    web_searches: int = 0
    sticker: float | None = 0.0
    measured: float | None = 0.0
    explained: float | None = 0.0
    latencies: list[float] = field(default_factory=list)
    error: str | None = None

    def add(self, usage: dict[str, Any], cost: float | None, latency: float) -> None:
        prompt, completion = usage_count(usage, "prompt_tokens"), usage_count(usage, "completion_tokens")
        reasoning = usage_count(usage, "completion_tokens_details", "reasoning_tokens")
        images = usage_count(usage, "completion_tokens_details", "image_tokens")
        cached = usage_count(usage, "prompt_tokens_details", "cached_tokens")
        searches = usage_count(usage, "server_tool_use_details", "web_search_requests")
        visible = max(completion - reasoning - images, 0)
        sticker = call_cost(self.pricing, prompt_tokens=prompt, completion_tokens=visible)
        explained = call_cost(
            self.pricing,
            prompt_tokens=prompt,
            completion_tokens=visible,
            reasoning_tokens=reasoning,
            cached_tokens=cached,
            web_searches=searches,
        )
        self.calls += 1
        self.prompt_tokens += prompt
        self.cached_tokens += cached
        self.completion_tokens += visible
        self.reasoning_tokens += reasoning
        self.web_searches += searches
        self.sticker = None if sticker is None or self.sticker is None else self.sticker + sticker
        self.explained = None if explained is None or self.explained is None else self.explained + explained
        self.measured = None if cost is None or self.measured is None else self.measured + cost
        self.latencies.append(latency)

    def row(self) -> dict[str, Any]:
        sticker = math.nan if self.sticker is None or not self.calls else self.sticker
        measured = math.nan if self.measured is None or not self.calls else self.measured
        explained = math.nan if self.explained is None or not self.calls else self.explained
        return {
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "cached_tokens": self.cached_tokens,
            "completion_tokens": self.completion_tokens,
            "reasoning_tokens": self.reasoning_tokens,
            "web_searches": self.web_searches,
            "estimated_usd": sticker,
            "measured_usd": measured,
            "explained_usd": explained,
            "measured_over_estimated": measured / sticker if sticker > 0 else math.nan,
            "latency_s": statistics.median(self.latencies) if self.latencies else math.nan,
            "error": self.error,
        }


async def _run_model(
    client: OpenRouterClient, model: str, prompts: list[str], tally: _Tally, fields: dict[str, Any]
) -> None:
    """The prompts on one model, one after another (as a user's session would, so caches see them)."""
    for prompt in prompts:
        started = time.perf_counter()
        try:
            result = await client.chat(model, prompt, **fields)
        except BudgetExceededError as exc:  # the budget is spent: stop this model, keep what was measured
            tally.error = f"stopped by the budget: {exc}"
            return
        except OpenRouterError as exc:  # one model's failure is its row's; the others carry on
            tally.error = f"{type(exc).__name__}: {exc}"
            return
        tally.add(result.usage or {}, result.cost, time.perf_counter() - started)


async def measure_costs(
    client: OpenRouterClient,
    models: Sequence[str],
    prompts: str | Sequence[str],
    **fields: Any,
) -> pd.DataFrame:
    """Run every prompt on every model and compare the sticker price with what was billed.

    One row per model (in the order given): the calls made, the tokens the service reported
    (``prompt_tokens`` with the ``cached_tokens`` read from its prompt cache, the visible
    ``completion_tokens`` and the hidden ``reasoning_tokens``, ``web_searches``), then

    - ``estimated_usd``: the sticker estimate, the catalog's prompt and completion prices times the
      visible tokens: what the price list suggests the calls cost;
    - ``measured_usd``: what the service billed (``usage.cost``, the same as ``client.spend``);
    - ``explained_usd``: every reported token and search at the catalog's prices, tier included;
    - ``measured_over_estimated`` and the median ``latency_s`` of a call.

    ``fields`` go to every ``client.chat`` call (``reasoning={"effort": "low"}``, ``plugins``,
    ``max_tokens``, ``seed`` …). Models run concurrently, each model's prompts in order. The
    client's budget holds: a call it refuses stops that model, with the reason in ``error``, and
    so does any other failure; the models are checked against the catalog (unbilled) before any
    call is paid for. NaN where a price or a cost is unknown.
    """
    import pandas as pd

    asked = [prompts] if isinstance(prompts, str) else list(prompts)
    if not asked or not all(isinstance(p, str) and p.strip() for p in asked):
        raise ValueError("prompts must be a non-empty string or a list of them")
    chosen = check_arena_models([models] if isinstance(models, str) else models, None, at_least=1)
    catalog = await client.list_models()
    check_arena_models(chosen, catalog, at_least=1)
    known = {m["id"]: m for m in catalog if isinstance(m, dict) and isinstance(m.get("id"), str)}
    tallies = {m: _Tally(known[m].get("pricing")) for m in chosen}
    await asyncio.gather(*(_run_model(client, m, asked, tallies[m], fields) for m in chosen))
    frame = pd.DataFrame([tallies[m].row() for m in chosen], index=pd.Index(chosen, name="id"))
    return frame.astype({"error": "object"})[list(COST_COLUMNS)]
