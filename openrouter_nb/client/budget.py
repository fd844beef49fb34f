"""A money guard: ``OpenRouterClient(budget=USD)`` estimates every billed call before sending it.

The estimate comes from catalog prices, in the tier the prompt falls in: prompt tokens from the
request's text (4 characters a token, plus 8 per message), completion tokens from ``max_tokens``
/ ``max_completion_tokens`` or 1,000, plus the hidden reasoning a model bills when it reasons
(asked, or by default); any model string: variants, fallbacks, routers and presets
(:mod:`.model_strings`). Images cost the dearest price the model's endpoints
state (``/images/models/{id}/endpoints``: per image, per megapixel of the size asked, or per
output token) times ``n``, or the catalog's image-token price × 1290 tokens when none is stated.
Video costs ``/videos/models`` per-second prices times the duration (or
:data:`DEFAULT_VIDEO_SECONDS`). When what was spent (the ledger), what is reserved by calls in
flight and the estimate would pass the budget, :class:`BudgetExceededError` is raised instead of
sending. A call whose price cannot be known (a variable-priced router, an unpriced model) is
refused too: a budget that lets unknown prices through guards nothing.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

from .._core.prices import (
    IMAGE_TOKENS_1K,
    image_megapixels,
    image_output_usd,
    parse_price,
    video_usd_per_second,
)
from ..errors import BudgetExceededError, OpenRouterError
from .model_strings import Quote, text_quote

__all__ = [
    "BILLED_PATHS",
    "DEFAULT_VIDEO_SECONDS",
    "Budget",
    "PriceEstimator",
]

DEFAULT_VIDEO_SECONDS = 5
#: the routes that bill; other POSTs (none today) pass unguarded
BILLED_PATHS = ("/chat/completions", "/responses", "/images", "/videos", "/audio/speech",
                "/audio/transcriptions", "/embeddings", "/rerank")  # fmt: skip

Listing = Callable[[], Awaitable[list[dict[str, Any]]]]
Endpoints = Callable[[str], Awaitable[list[dict[str, Any]]]]


class PriceEstimator:
    """What a billed call will probably cost, from the catalogs a client lists (each fetched once).

    ``models`` and ``videos`` are the client's ``list_models`` and ``list_video_models``;
    ``image_endpoints`` its ``image_endpoints`` (an image model's providers and their prices).
    """

    def __init__(
        self,
        *,
        models: Listing,
        image_endpoints: Endpoints,
        videos: Listing,
        endpoints: Endpoints | None = None,
        presets: Callable[[str], Awaitable[dict[str, Any]]] | None = None,
    ) -> None:
        self._listings = {"models": models, "videos": videos}
        self._image_endpoints = image_endpoints
        self._endpoints = endpoints
        self._presets = presets
        self._prices: dict[str, dict[str, dict[str, Any]]] = {}
        self._endpoint_prices: dict[str, list[dict[str, Any]]] = {}

    async def _entry(self, kind: str, model: str) -> dict[str, Any] | None:
        if kind not in self._prices:
            self._prices[kind] = {m["id"]: m for m in await self._listings[kind]() if isinstance(m, dict) and "id" in m}
        return self._prices[kind].get(model)

    async def estimate(self, path: str, body: Any) -> tuple[float | None, str]:
        """USD a call will probably cost (None when unknowable) and the model it names."""
        quote = await self.quote(path, body)
        return quote.cost, quote.model

    async def quote(self, path: str, body: Any) -> Quote:
        """What a call will probably cost, the model string priced, and why when it cannot be known."""
        model = body.get("model") if isinstance(body, dict) else None
        if not isinstance(model, str):
            return Quote(None, "?", "the request names no model")
        if path == "/images":
            per_image = await self._per_image(model, body)
            count = body.get("n", 1) if isinstance(body.get("n", 1), int) else 1
            return Quote(None if per_image is None else per_image * max(count, 1), model, "no image price is stated")
        if path == "/videos":
            entry = await self._entry("videos", model)
            per_second = video_usd_per_second(entry) if entry else math.nan
            seconds = body.get("duration") if isinstance(body.get("duration"), int) else DEFAULT_VIDEO_SECONDS
            return Quote(None if math.isnan(per_second) else per_second * seconds, model, "no video price is stated")
        text = path in ("/chat/completions", "/responses")
        return await text_quote(
            body, text=text, entries=self._model, endpoints=self._model_endpoints, presets=self._preset
        )

    async def _model(self, model: str) -> dict[str, Any] | None:
        return await self._entry("models", model)

    async def _model_endpoints(self, model: str) -> list[dict[str, Any]]:
        """A model's endpoints (fetched once, unbilled), for ``:nitro`` and ``:floor``."""
        if self._endpoints is None:
            return []
        if model not in self._endpoint_prices:
            try:
                self._endpoint_prices[model] = await self._endpoints(model)
            except OpenRouterError:
                self._endpoint_prices[model] = []  # the catalog price stands in
        return self._endpoint_prices[model]

    async def _preset(self, slug: str) -> dict[str, Any]:
        if self._presets is None:
            return {}
        try:
            return await self._presets(slug)
        except OpenRouterError:
            return {}

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
        quote = await self.estimator.quote(path, body)
        cost = quote.cost
        if cost is None:
            raise self._refusal(
                f"{what} refused before sending (a budget of ${self.limit:.2f} cannot hold an unknown price): "
                f"{quote.reason or 'its price cannot be estimated'}",
                None,
            )
        if cost > self.left:
            asked = body.get("model") if isinstance(body, dict) else None
            priced = f" (priced as {quote.model})" if quote.model != asked else ""
            raise self._refusal(
                f"{what} refused before sending: it would cost about ${cost:.4f}{priced} and ${self.left:.4f} of the "
                f"${self.limit:.2f} budget is left (spent ${self._spent():.4f})",
                cost,
            )
        self.reserved += cost

        def release() -> None:
            self.reserved = max(0.0, self.reserved - cost)

        return release


def _released() -> None:
    """The release of a call nothing was reserved for."""
