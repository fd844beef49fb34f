"""The per-client spend ledger: one row per billed call, read from each response's payload.

``client.spend`` shows it as a DataFrame (built by :func:`~openrouter_nb.client.records.spend_frame`);
this module itself stays free of pandas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._core.prices import author_of
from .._core.wire import number, usage_cost, usage_count

__all__ = ["LedgerEntry", "SpendLedger"]


@dataclass(frozen=True)
class LedgerEntry:
    """One billed call: what was called, which model and provider served it, tokens and USD cost.

    Beyond the visible tokens, what the usage reported: ``cached_tokens`` and
    ``cache_write_tokens`` (parts of the prompt), ``reasoning_tokens`` and ``image_tokens`` (parts
    of the completion), ``web_searches``, ``upstream_cost_usd`` (what the provider charged, for
    BYOK) and ``byok`` (billed to your own provider key); 0 (or None for the upstream cost) where
    the response says nothing.
    """

    call: str
    model: str | None
    provider: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    cost: float | None
    generation_id: str | None
    cached: bool = False
    cached_tokens: int = 0
    cache_write_tokens: int = 0
    reasoning_tokens: int = 0
    image_tokens: int = 0
    web_searches: int = 0
    upstream_cost_usd: float | None = None
    byok: bool = False


def _int(value: Any) -> int | None:
    return value if type(value) is int else None


def _str(value: Any) -> str | None:
    return value if type(value) is str and value else None


class SpendLedger:
    """What this client has spent: ``entries`` (oldest first) and ``total`` (USD).

    Cached responses appear with ``cached=True`` and cost 0: they were not billed again.
    """

    def __init__(self) -> None:
        # raw facts, validated when the ledger is read: recording stays cheap on every call's hot path,
        # and no payload (which may hold megabytes of images) is kept alive
        self._raw: list[tuple[str, Any, Any, Any, Any, bool]] = []

    def record(
        self, call: str, payload: Any, *, model: str | None = None, provider: str | None = None, cached: bool = False
    ) -> None:
        """Note one billed call from its response ``payload`` (a completion, a stream's usage chunk,
        an ``/images`` response, a finished video job).

        ``model`` and ``provider`` fill in what the payload does not say (``/images`` and video jobs
        name neither: the model asked for is given, and its author stands for the provider).
        """
        if type(payload) is not dict:
            payload = {}
        generation = payload.get("generation_id") or payload.get("id")
        usage = payload.get("usage")
        served = payload.get("model") or model
        if isinstance(served, str) and isinstance(model, str) and model.endswith("/" + served):
            served = model  # the service names embedding models without their author
        self._raw.append((call, usage, served, payload.get("provider") or provider, generation, cached))

    @staticmethod
    def _entry(call: str, usage: Any, model: Any, provider: Any, generation: Any, cached: bool) -> LedgerEntry:
        usage = usage if type(usage) is dict else {}
        model = _str(model)
        upstream = usage.get("cost_details")
        upstream = number(upstream.get("upstream_inference_cost")) if type(upstream) is dict else None
        return LedgerEntry(
            call=call,
            model=model,
            provider=_str(provider) or (author_of(model) or None if model else None),
            prompt_tokens=_int(usage.get("prompt_tokens")),
            completion_tokens=_int(usage.get("completion_tokens")),
            cost=0.0 if cached else usage_cost({"usage": usage}),
            generation_id=_str(generation),
            cached=cached,
            cached_tokens=usage_count(usage, "prompt_tokens_details", "cached_tokens"),
            cache_write_tokens=usage_count(usage, "prompt_tokens_details", "cache_write_tokens"),
            reasoning_tokens=usage_count(usage, "completion_tokens_details", "reasoning_tokens"),
            image_tokens=usage_count(usage, "completion_tokens_details", "image_tokens"),
            web_searches=usage_count(usage, "server_tool_use_details", "web_search_requests"),
            upstream_cost_usd=upstream,
            byok=usage.get("is_byok") is True,
        )

    @property
    def entries(self) -> list[LedgerEntry]:
        """The recorded calls, oldest first."""
        return [self._entry(*raw) for raw in self._raw]

    @property
    def total(self) -> float:
        """USD billed so far (calls whose cost is unknown count as 0)."""
        return round(sum(e.cost or 0.0 for e in self.entries), 10)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"<SpendLedger {len(self)} call(s), ${self.total:.6f}>"
