"""The media of a post: images by either route, a short video from the first image, the preview card."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._core.wire import usage_cost
from ..errors import APIResponseError
from ..media import ImageResult, VideoResult, data_url, preview_card
from .copywriting import Brief
from .interrupts import finish_paid, stop_if_interrupted

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

__all__ = [
    "MAX_IMAGES_PER_CALL",
    "finish_video",
    "generate_images",
    "make_video",
    "render_preview",
    "submit_video",
    "takes_references",
    "video_aspect_ratio",
]


#: the most images one ``POST /images`` call may ask for (the API's bound on ``n``)
MAX_IMAGES_PER_CALL = 10


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
    keep: Callable[[list[ImageResult], float], None] | None = None,
) -> tuple[list[ImageResult], float]:
    """``n`` images for ``prompt`` and what they cost, by the ``/images`` API or the chat ``modalities`` route.

    ``references`` (e.g. a persona's pictures) go to the ``/images`` route as ``input_references``.
    More images than one call gives (a model may return fewer than asked; a call asks for at most
    :data:`MAX_IMAGES_PER_CALL`) take more calls, each with the next seeds. ``keep(images, cost)``
    is called after each paid call with what it returned, before the next is sent (the pipeline
    writes them to the post at once).
    """
    if route not in ("images", "chat"):
        raise ValueError(f"route must be 'images' or 'chat', got {route!r}")
    images: list[ImageResult] = []
    cost = 0.0
    while len(images) < n:
        offset = None if seed is None else seed + len(images)
        if route == "images":
            call = _by_images(client, prompt, model, n - len(images), offset, aspect_ratio, references)
        else:
            call = _by_chat(client, prompt, model, offset, aspect_ratio)
        got, paid = await finish_paid(call, "image" if n - len(images) == 1 else "images")
        if keep is not None:
            keep(got, paid)
        stop_if_interrupted()  # what was paid for is kept: now the interrupt may stop the run
        images += got
        cost += paid
    return images[:n], cost


async def _by_images(
    client: OpenRouterClient,
    prompt: str,
    model: str,
    n: int,
    seed: int | None,
    aspect_ratio: str,
    references: list[ImageResult] | None,
) -> tuple[list[ImageResult], float]:
    """One ``POST /images`` call (it returns at least one image, or raises)."""
    fields: dict[str, Any] = {"n": min(n, MAX_IMAGES_PER_CALL), "aspect_ratio": aspect_ratio}
    if seed is not None:
        fields["seed"] = seed
    if references:
        fields["input_references"] = [
            {"type": "image_url", "image_url": {"url": data_url(r.data, r.mime_type)}} for r in references
        ]
    generated = await client.images(model=model, prompt=prompt, **fields)
    return list(generated), generated.cost or 0.0


async def _by_chat(
    client: OpenRouterClient, prompt: str, model: str, seed: int | None, aspect_ratio: str
) -> tuple[list[ImageResult], float]:
    """One chat call with image output (one image, usually)."""
    result = await client.chat(
        model, prompt, modalities=["image", "text"], image_config={"aspect_ratio": aspect_ratio}, seed=seed
    )
    images = await client.fetch_images(result.images)
    if not images:
        raise APIResponseError(f"image generation with {model!r} by chat returned no images")
    return images, result.cost or 0.0


async def video_aspect_ratio(client: OpenRouterClient, model: str, wanted: str) -> str:
    """The aspect ratio to ask ``model`` for: ``wanted`` when it supports it, else the nearest it does.

    Read from ``GET /videos/models`` (``supported_aspect_ratios``, nearest by the log of the
    ratio); a model that lists none is asked for ``wanted``, and the service decides.
    """
    entry = next((m for m in await client.list_video_models() if isinstance(m, dict) and m.get("id") == model), None)
    supported = [r for r in (entry or {}).get("supported_aspect_ratios") or [] if _ratio(r) is not None]
    if not supported or wanted in supported:
        return wanted
    target = _ratio(wanted) or 1.0
    return str(min(supported, key=lambda r: abs(math.log((_ratio(r) or 1.0) / target))))


def _ratio(text: Any) -> float | None:
    """``"9:16"`` as 0.5625 (None for anything that is not two positive numbers)."""
    try:
        width, height = (float(part) for part in str(text).split(":"))
    except ValueError:
        return None
    return width / height if width > 0 and height > 0 else None


async def submit_video(
    client: OpenRouterClient,
    prompt: str,
    *,
    model: str,
    first_frame: ImageResult | None = None,
    duration: int | None = None,
    aspect_ratio: str | None = None,
) -> dict[str, Any]:
    """Submit a video job (``POST /videos``) and return it as soon as the service accepts it.

    The job is billed when it completes, whether or not anyone waits for it: keep its id (the
    pipeline writes it to the post's journal at once) and finish it with :func:`finish_video`.
    """
    extra: dict[str, Any] = {}
    if first_frame is not None and first_frame.data:
        url = data_url(first_frame.data, first_frame.mime_type)
        extra["frame_images"] = [{"type": "image_url", "image_url": {"url": url}, "frame_type": "first_frame"}]
    if aspect_ratio is not None:
        extra["aspect_ratio"] = aspect_ratio
    return await client.generate_video(model=model, prompt=prompt, duration=duration, **extra)


async def finish_video(
    client: OpenRouterClient,
    job: dict[str, Any] | str,
    *,
    model: str | None = None,
    path: str | os.PathLike[str] | None = None,
    poll_interval: float = 1.0,
    timeout: float = 900.0,
) -> tuple[VideoResult, float, dict[str, Any]]:
    """Wait for a submitted job (its dict, or its id from another run) and fetch its MP4.

    Returns the video, its cost and the final job. ``model`` names the job's model in the ledger
    when this client did not submit it; ``path`` streams the video to that file.
    """
    final = await client.wait_for_video(job, poll_interval=poll_interval, timeout=timeout, progress=False, model=model)
    video = await client.download_video(final, path=path)
    return video, usage_cost(final) or 0.0, final


async def make_video(
    client: OpenRouterClient,
    prompt: str,
    *,
    model: str,
    first_frame: ImageResult | None = None,
    duration: int | None = None,
    aspect_ratio: str | None = None,
    poll_interval: float = 1.0,
    timeout: float = 900.0,
) -> tuple[VideoResult, float, dict[str, Any]]:
    """A short video (optionally starting from ``first_frame``): the MP4, its cost and the final job.

    :func:`submit_video` then :func:`finish_video`; ``aspect_ratio`` is sent as given (see
    :func:`video_aspect_ratio` for the nearest one a model supports).
    """
    job = await submit_video(
        client, prompt, model=model, first_frame=first_frame, duration=duration, aspect_ratio=aspect_ratio
    )
    return await finish_video(client, job, model=model, poll_interval=poll_interval, timeout=timeout)


async def takes_references(client: OpenRouterClient, model: str, route: str) -> bool:
    """Whether ``model`` accepts ``input_references`` on the ``/images`` route (its descriptor says so)."""
    if route != "images":
        return False
    for entry in await client.list_image_models():
        if isinstance(entry, dict) and entry.get("id") == model:
            params = entry.get("supported_parameters")
            return isinstance(params, dict | list) and "input_references" in params
    return False


def render_preview(
    image: ImageResult | list[ImageResult],
    caption: str,
    brief: Brief,
    *,
    width: int = 420,
    slide_lines: list[str] | None = None,
) -> ImageResult:
    """A post preview card (PNG): the handle, the image, the caption with its emoji and hashtags.

    A list of images is a carousel: the card shows every slide, numbered, with its line from
    ``slide_lines`` (see :func:`~openrouter_nb.media.preview_card`).
    """
    count = 1 if isinstance(image, ImageResult) else len(image)
    return preview_card(
        image, caption, handle=brief.handle, platform=brief.platform, width=width, slide_lines=slide_lines,
        slides_heading=brief.format.slides_heading.format(n=count),
    )  # fmt: skip
