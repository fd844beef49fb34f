"""Image generation: ``POST /images`` (raw or decoded), fetching URL images, the image model catalog.

:class:`Images` is the resource behind the client's image methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._core.wire import data_list, require_text
from ..errors import APIResponseError
from ..media import ImageResult, ImageSet, validate_image

if TYPE_CHECKING:
    from .ledger import SpendLedger
    from .requester import Requester

__all__ = ["Images"]


class Images:
    """The image calls of a client."""

    def __init__(self, requester: Requester, ledger: SpendLedger) -> None:
        self._requester = requester
        self._ledger = ledger

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
