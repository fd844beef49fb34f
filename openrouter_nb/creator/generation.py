"""The media of a post: images by either route, a short video from the first image, the preview card."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._core.wire import usage_cost
from ..media import ImageResult, VideoResult, data_url, preview_card
from .copywriting import Brief

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

__all__ = ["generate_images", "make_video", "render_preview", "takes_references"]


async def generate_images(
    client: OpenRouterClient,
    prompt: str,
    *,
    model: str,
    n: int = 1,
    seed: int | None = None,
    route: str = "images",
    aspect_ratio: str = "1:1",
    references: list[ImageResult] | None = None,
) -> tuple[list[ImageResult], float]:
    """Images for ``prompt`` and what they cost, by the ``/images`` API or the chat ``modalities`` route.

    ``references`` (e.g. a persona's pictures) go to the ``/images`` route as ``input_references``.
    """
    if route == "images":
        fields: dict[str, Any] = {"n": n, "aspect_ratio": aspect_ratio}
        if seed is not None:
            fields["seed"] = seed
        if references:
            fields["input_references"] = [
                {"type": "image_url", "image_url": {"url": data_url(r.data, r.mime_type)}} for r in references
            ]
        generated = await client.images(model=model, prompt=prompt, **fields)
        return list(generated), generated.cost or 0.0
    if route == "chat":
        images, cost = [], 0.0
        for i in range(n):
            result = await client.chat(
                model,
                prompt,
                modalities=["image", "text"],
                image_config={"aspect_ratio": aspect_ratio},
                seed=None if seed is None else seed + i,
            )
            images += await client.fetch_images(result.images)
            cost += result.cost or 0.0
        return images, cost
    raise ValueError(f"route must be 'images' or 'chat', got {route!r}")


async def make_video(
    client: OpenRouterClient,
    prompt: str,
    *,
    model: str,
    first_frame: ImageResult | None = None,
    duration: int | None = None,
    poll_interval: float = 1.0,
    timeout: float = 900.0,
) -> tuple[VideoResult, float, dict[str, Any]]:
    """A short video (optionally starting from ``first_frame``): the MP4, its cost and the final job."""
    extra: dict[str, Any] = {}
    if first_frame is not None and first_frame.data:
        url = data_url(first_frame.data, first_frame.mime_type)
        extra["frame_images"] = [{"type": "image_url", "image_url": {"url": url}, "frame_type": "first_frame"}]
    job = await client.generate_video(model=model, prompt=prompt, duration=duration, **extra)
    final = await client.wait_for_video(job, poll_interval=poll_interval, timeout=timeout, progress=False)
    video = await client.download_video(final)
    return video, usage_cost(final) or 0.0, final


async def takes_references(client: OpenRouterClient, model: str, route: str) -> bool:
    """Whether ``model`` accepts ``input_references`` on the ``/images`` route (its descriptor says so)."""
    if route != "images":
        return False
    for entry in await client.list_image_models():
        if isinstance(entry, dict) and entry.get("id") == model:
            params = entry.get("supported_parameters")
            return isinstance(params, dict | list) and "input_references" in params
    return False


def render_preview(image: ImageResult, caption: str, brief: Brief, *, width: int = 420) -> ImageResult:
    """A post preview card (PNG): header with the handle, the image, the caption and its hashtags."""
    return preview_card(image, caption, handle=brief.handle, platform=brief.platform, width=width)
