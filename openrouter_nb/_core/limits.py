"""How much of a response the client will hold: bounds a broken or hostile server cannot push past.

The defaults are far above anything the real service sends (its whole model catalog is 1.3 MB; a
4K image is a few MB), so they only ever stop a response that would exhaust memory or disk.
Crossing one raises :class:`~openrouter_nb.errors.ResponseTooLargeError`, naming the limit, and
closes the connection at once. Raise one when you need to::

    client = OpenRouterClient(response_limits=ResponseLimits(media_bytes=512 * MiB))
    big = client.with_options(response_limits=ResponseLimits(json_bytes=256 * MiB))
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GiB", "MiB", "ResponseLimits"]

MiB = 1024 * 1024
GiB = 1024 * MiB


@dataclass(frozen=True)
class ResponseLimits:
    """The bounds of one client (and its views).

    Parameters
    ----------
    json_bytes:
        One JSON response body (a completion, an ``/images`` response with its base64 images …).
    event_bytes:
        One line or event of an event stream.
    stream_bytes:
        A whole streamed reply.
    media_bytes:
        Media held in memory: a fetched image, a video or audio download.
    file_bytes:
        Media streamed to a file (``download_video(job, path=...)``).
    image_pixels:
        Pixels of one image, checked from its header before anything decodes it.
    """

    json_bytes: int = 64 * MiB
    event_bytes: int = 32 * MiB
    stream_bytes: int = 64 * MiB
    media_bytes: int = 128 * MiB
    file_bytes: int = 2 * GiB
    image_pixels: int = 64_000_000

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"ResponseLimits.{name} must be a positive integer, got {value!r}")
