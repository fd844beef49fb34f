"""Image generation: ``POST /images`` (raw or decoded), fetching URL images, the image model catalog.

:class:`Images` is the resource behind the client's image methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .._core.wire import as_dict, as_list, data_list, require_text
from ..errors import APIResponseError, NotFoundError
from ..media import ImageResult, ImageSet, validate_image

if TYPE_CHECKING:
    from .ledger import SpendLedger
    from .requester import Requester

__all__ = ["Images"]


#: image models whose endpoints are read at once by :meth:`Images.image_price_rows`
ENDPOINT_READS = 8


class Images:
    """The image calls of a client. ``ttl`` and ``clock`` bound how long endpoint prices are reused
    (the client's ``models_ttl`` and clock, like the catalog)."""

    def __init__(
        self, requester: Requester, ledger: SpendLedger, ttl: float = 300.0, clock: Callable[[], float] | None = None
    ) -> None:
        self._requester = requester
        self._ledger = ledger
        self._ttl = ttl
        self._clock = clock
        self._endpoints: dict[str, tuple[float, list[dict[str, Any]]]] = {}

    async def generate_image(
        self,
        /,
        *,
        model: str,
        prompt: str,
        negative_prompt: str | None = None,
        steps: int | None = None,
        guidance_scale: float | None = None,
        size: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """POST ``/images`` and return the raw payload (``data[].b64_json``, ``usage``).

        Optional fields are sent only when given; ``extra`` passes further API fields
        (``aspect_ratio``, ``n``, ``seed``, ``input_references`` …) through.
        """
        require_text(model, "model")
        require_text(prompt, "prompt")
        if extra.get("stream"):
            raise ValueError("generate_image returns the finished images; drop stream=True (image streaming is SSE)")
        n = extra.get("n")
        if n is not None and (not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 10):
            raise ValueError(f"n must be an integer from 1 to 10, got {n!r}")
        optional = {"negative_prompt": negative_prompt, "steps": steps, "guidance_scale": guidance_scale, "size": size}
        body: dict[str, Any] = {"model": model, "prompt": prompt}
        body.update({k: v for k, v in optional.items() if v is not None})
        body.update(extra)
        payload = await self._requester.json("POST", "/images", f"image generation with {model!r}", body=body)
        if isinstance(payload, dict):
            self._ledger.record("generate_image", payload, model=model)
        return payload  # type: ignore[no-any-return]

    async def images(self, /, *, model: str, prompt: str, **fields: Any) -> ImageSet:
        """Generate images (``POST /images``) and return them decoded, as an :class:`~openrouter_nb.media.ImageSet`.

        A list of :class:`~openrouter_nb.ImageResult` (bytes, MIME type, inline display, ``save()``)
        that also carries the call's ``cost``. Takes the fields of :meth:`generate_image`.
        """
        payload = await self.generate_image(model=model, prompt=prompt, **fields)
        images = ImageSet.from_payload(payload, model, max_pixels=self._requester.limits.image_pixels)
        if not images:
            raise APIResponseError(f"image generation with {model!r} returned no images")
        await self.fetch_images(images)
        return images

    async def fetch_images(self, /, results: list[ImageResult]) -> list[ImageResult]:
        """Download the images that came as https URLs (without the API key: they are not ours).

        Only https URLs (or the API's own origin) are fetched; each body is checked to be an image
        (:func:`~openrouter_nb.media.validate_image`) and bounded by ``ResponseLimits.media_bytes``.
        """
        requester = self._requester
        for result in results:
            if result.url and not result.data:
                what = "image download"
                url = requester.check_url(result.url, what)
                own = url.startswith(requester.base_url.split("/api/", 1)[0])
                reply = await requester.send("GET", url, what, auth=own, limit="media_bytes")
                declared = reply.mime_type if reply.mime_type != "application/octet-stream" else None
                with requester.redacting():
                    result.mime_type = validate_image(reply.content, declared, max_pixels=requester.limits.image_pixels)
                result.data = reply.content
        return results

    async def list_image_models(self, /) -> list[dict[str, Any]]:
        """``GET /images/models``: image models with their supported parameters."""
        return data_list(await self._requester.json("GET", "/images/models", "list image models"))

    async def image_endpoints(self, /, model: str) -> list[dict[str, Any]]:
        """``GET /images/models/{author}/{slug}/endpoints``: the providers of an image model, each with
        its ``pricing`` entries (``{billable, unit: image | megapixel | token, cost_usd}``); cached
        for the client's ``models_ttl``. An unknown or non-image model has none (``[]``)."""
        require_text(model, "model")
        now = self._clock() if self._clock is not None else 0.0
        cached = self._endpoints.get(model)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        path = f"/images/models/{quote(model, safe='/')}/endpoints"
        try:
            payload = await self._requester.json("GET", path, f"image endpoints of {model!r}")
        except NotFoundError:
            payload = {}
        endpoints = [e for e in as_list(as_dict(payload).get("endpoints")) if isinstance(e, dict)]
        self._endpoints[model] = (now, endpoints)
        return endpoints

    async def image_price_rows(self) -> list[dict[str, Any]]:
        """Every image model's prices as its endpoints state them: one row per endpoint and price entry
        (``model``, ``provider``, ``billable``, ``unit``, ``cost_usd``), read eight models at a time."""
        import asyncio  # lazy: this module loads with the package

        models = [m["id"] for m in await self.list_image_models() if isinstance(m.get("id"), str)]
        gate = asyncio.Semaphore(ENDPOINT_READS)

        async def read(model: str) -> list[dict[str, Any]]:
            async with gate:
                return await self.image_endpoints(model)

        rows = []
        for model, endpoints in zip(models, await asyncio.gather(*(read(m) for m in models)), strict=True):
            for endpoint in endpoints:
                for entry in as_list(endpoint.get("pricing")):
                    if isinstance(entry, dict):
                        rows.append(
                            {
                                "model": model,
                                "provider": endpoint.get("provider_name"),
                                "billable": entry.get("billable"),
                                "unit": entry.get("unit"),
                                "cost_usd": entry.get("cost_usd"),
                            }
                        )
        return rows
