"""A money guard: ``OpenRouterClient(budget=USD)`` estimates every billed call before sending it.

The estimate comes from catalog prices, in the tier the prompt falls in: prompt tokens from the
request's text (4 characters a token, plus 8 per message), completion tokens from ``max_tokens``
/ ``max_completion_tokens`` or :data:`DEFAULT_COMPLETION_TOKENS` plus the hidden reasoning a model
bills when it reasons (asked, or by default). Images cost the dearest price the model's endpoints
state (``/images/models/{id}/endpoints``: per image, per megapixel of the size asked, or per
output token) times ``n``, or the catalog's image-token price × 1290 tokens when none is stated.
Video costs ``/videos/models`` per-second prices times the duration (or
:data:`DEFAULT_VIDEO_SECONDS`). When what was spent (the ledger), what is reserved by calls in
flight and the estimate would pass the budget, :class:`BudgetExceededError` is raised instead of
sending. A call whose price cannot be known (a variable-priced router, an unpriced model) is
refused too: a budget that lets unknown prices through guards nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from typing import Any

from .._core.prices import (
    IMAGE_TOKENS_1K,
    REASONING_TOKENS,
    call_cost,
    image_megapixels,
    image_output_usd,
    parse_price,
    video_usd_per_second,
)
from ..errors import BudgetExceededError

__all__ = [
    "BILLED_PATHS",
    "DEFAULT_COMPLETION_TOKENS",
    "DEFAULT_VIDEO_SECONDS",
    "Budget",
    "PriceEstimator",
    "expected_reasoning_tokens",
]

DEFAULT_COMPLETION_TOKENS = 1000
DEFAULT_VIDEO_SECONDS = 5
#: the routes that bill; other POSTs (none today) pass unguarded
BILLED_PATHS = ("/chat/completions", "/responses", "/images", "/videos", "/audio/speech",
                "/audio/transcriptions", "/embeddings", "/rerank")  # fmt: skip

Listing = Callable[[], Awaitable[list[dict[str, Any]]]]
Endpoints = Callable[[str], Awaitable[list[dict[str, Any]]]]


def _tokens(value: Any) -> int:
    """Estimated tokens of the text in a request part (strings, message lists, content parts)."""
    if isinstance(value, str):
        return math.ceil(len(value) / 4)
    if isinstance(value, list):
        return sum(_tokens(v) + (8 if isinstance(v, dict) and "role" in v else 0) for v in value)
    if isinstance(value, dict):
        if value.get("type") in ("image_url", "input_audio", "file"):
            return 0  # media parts are priced by the provider; their text is not tokens
        return sum(_tokens(v) for k, v in value.items() if k in ("content", "text", "input", "query", "documents"))
    return 0


class PriceEstimator:
    """What a billed call will probably cost, from the catalogs a client lists (each fetched once).

    ``models`` and ``videos`` are the client's ``list_models`` and ``list_video_models``;
    ``image_endpoints`` its ``image_endpoints`` (an image model's providers and their prices).
    """

    def __init__(self, *, models: Listing, image_endpoints: Endpoints, videos: Listing) -> None:
        self._listings = {"models": models, "videos": videos}
        self._image_endpoints = image_endpoints
        self._prices: dict[str, dict[str, dict[str, Any]]] = {}

    async def _entry(self, kind: str, model: str) -> dict[str, Any] | None:
        if kind not in self._prices:
            self._prices[kind] = {m["id"]: m for m in await self._listings[kind]() if isinstance(m, dict) and "id" in m}
        return self._prices[kind].get(model)

    async def estimate(self, path: str, body: Any) -> tuple[float | None, str]:
        """USD a call will probably cost (None when unknowable) and the model it names."""
        model = body.get("model") if isinstance(body, dict) else None
        if not isinstance(model, str):
            return None, "?"
        if path == "/images":
            per_image = await self._per_image(model, body)
            count = body.get("n", 1) if isinstance(body.get("n", 1), int) else 1
            return (None if per_image is None else per_image * max(count, 1)), model
        if path == "/videos":
            entry = await self._entry("videos", model)
            per_second = video_usd_per_second(entry) if entry else math.nan
            seconds = body.get("duration") if isinstance(body.get("duration"), int) else DEFAULT_VIDEO_SECONDS
            return (None if math.isnan(per_second) else per_second * seconds), model
        entry = (await self._entry("models", model)) or {}
        pricing = entry.get("pricing")
        if not isinstance(pricing, dict):
            return None, model
        asked_text = ("messages", "prompt", "input", "instructions", "query", "documents")
        text = {k: v for k, v in body.items() if k in asked_text}
        tokens_in = _tokens(list(text.values())) or math.ceil(len(json.dumps(text)) / 4)
        tokens_out = reasoning = 0
        if path in ("/chat/completions", "/responses"):
            asked = body.get("max_completion_tokens") or body.get("max_tokens") or body.get("max_output_tokens")
            if isinstance(asked, int) and asked > 0:
                tokens_out = asked  # the cap covers the hidden reasoning too
            else:
                tokens_out, reasoning = DEFAULT_COMPLETION_TOKENS, expected_reasoning_tokens(entry, body)
        cost = call_cost(pricing, prompt_tokens=tokens_in, completion_tokens=tokens_out, reasoning_tokens=reasoning)
        return cost, model  # None: variable ("-1") or unpriced

    async def _per_image(self, model: str, body: dict[str, Any]) -> float | None:
        """USD of one image as asked: the dearest endpoint that could serve it (its ``provider``
        preferences applied), at the size asked; else the catalog's image-token price."""
        megapixels = image_megapixels(body.get("size"), body.get("resolution"))
        routing: dict[str, Any] = body["provider"] if isinstance(body.get("provider"), dict) else {}
        only = {str(p).lower() for p in routing.get("only") or []}
        ignore = {str(p).lower() for p in routing.get("ignore") or []}
        prices = []
        for endpoint in await self._image_endpoints(model):
            names = {str(endpoint.get(k, "")).lower() for k in ("provider_name", "provider_slug", "provider_tag")}
            if (only and not names & only) or names & ignore:
                continue
            for entry in endpoint.get("pricing") or []:
                price = image_output_usd(entry, megapixels)
                if price is not None:
                    prices.append(price)
        if prices:
            return max(prices)
        pricing = ((await self._entry("models", model)) or {}).get("pricing") or {}
        token = parse_price(pricing.get("image_output")) or parse_price(pricing.get("image_token"))
        return token * IMAGE_TOKENS_1K * megapixels / image_megapixels() if token else None


def expected_reasoning_tokens(entry: dict[str, Any], body: dict[str, Any]) -> int:
    """Hidden reasoning tokens a chat will probably bill: none unless the model reasons (asked, or by default).

    A request's ``reasoning.max_tokens`` bounds them; else the effort asked for (or the model's
    default effort, else medium) gives :data:`~openrouter_nb._core.prices.REASONING_TOKENS`.
    """
    options: dict[str, Any] = body["reasoning"] if isinstance(body.get("reasoning"), dict) else {}
    config: dict[str, Any] = entry["reasoning"] if isinstance(entry.get("reasoning"), dict) else {}
    effort = options.get("effort") or body.get("reasoning_effort") or config.get("default_effort") or "medium"
    asked = bool(options) or body.get("reasoning_effort") is not None
    on = bool(config.get("mandatory")) or (asked and options.get("enabled", True) is not False)
    on = on or (not asked and bool(config.get("default_enabled")))
    if not on or effort == "none":
        return 0
    limit = options.get("max_tokens")
    return (
        limit if isinstance(limit, int) and limit > 0 else REASONING_TOKENS.get(str(effort), REASONING_TOKENS["medium"])
    )


class Budget:
    """What a client may still spend: ``limit`` minus the ledger's total minus calls in flight."""

    def __init__(self, limit: float, spent: Callable[[], float], estimator: PriceEstimator) -> None:
        if not isinstance(limit, int | float) or isinstance(limit, bool) or not limit > 0 or not math.isfinite(limit):
            raise ValueError(f"budget must be a positive number of USD, got {limit!r}")
        self.limit = float(limit)
        self._spent = spent
        self.estimator = estimator
        self.reserved = 0.0

    @property
    def left(self) -> float:
        """USD that may still be spent."""
        return round(self.limit - self._spent() - self.reserved, 10)

    def _refusal(self, message: str, estimate: float | None) -> BudgetExceededError:
        return BudgetExceededError(message, budget=self.limit, spent=self._spent(), estimate=estimate)

    async def reserve(self, path: str, what: str, body: Any) -> Callable[[], None]:
        """Check a call against the budget and hold its estimate until :func:`release` is called.

        Only the routes that bill (:data:`BILLED_PATHS`) are checked; other POSTs pass.
        """
        if path not in BILLED_PATHS:
            return _released
        cost, model = await self.estimator.estimate(path, body)
        if cost is None:
            raise self._refusal(
                f"{what} refused: the price of {model!r} cannot be estimated (variable or unknown), and this "
                f"client has a budget of ${self.limit:.2f}; use a priced model or a client without budget=",
                None,
            )
        if cost > self.left:
            raise self._refusal(
                f"{what} refused before sending: it would cost about ${cost:.4f} and ${self.left:.4f} of the "
                f"${self.limit:.2f} budget is left (spent ${self._spent():.4f})",
                cost,
            )
        self.reserved += cost

        def release() -> None:
            self.reserved = max(0.0, self.reserved - cost)

        return release


def _released() -> None:
    """The release of a call nothing was reserved for."""
