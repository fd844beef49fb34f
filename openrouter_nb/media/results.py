"""Media results: images, videos and audio as bytes with a MIME type; decoding every image shape."""

from __future__ import annotations

import base64
import binascii
import html
import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._core.files import atomic_file, atomic_write
from .._core.limits import ResponseLimits
from .._core.wire import usage_cost
from ..errors import InvalidMediaError
from .gallery import Gallery

DEFAULT_MAX_PIXELS = ResponseLimits.image_pixels

__all__ = [
    "AudioResult",
    "ImageResult",
    "ImageSet",
    "VideoResult",
    "data_url",
    "decode_images",
    "sniff",
    "validate_image",
    "wav_from_pcm",
]


_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),  # RIFF....WEBP: checked in sniff (a WAV is RIFF too)
    (b"<svg", "image/svg+xml"),
    (b"<?xml", "image/svg+xml"),
)
_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
    "video/mp4": ".mp4",
}


def sniff(data: bytes) -> str | None:
    """The image MIME type the bytes themselves show (their magic number), or None."""
    head = data[:16].lstrip()
    for signature, mime in _SIGNATURES:
        if head.startswith(signature):
            return mime if mime != "image/webp" or head[8:12] == b"WEBP" else None
    return None


def data_url(data: bytes, mime_type: str) -> str:
    """``data:<mime>;base64,…``: how images go into requests and HTML."""
    return f"data:{mime_type};base64,{base64.b64encode(data).decode()}"


def _with_suffix(path: str | os.PathLike[str], suffix: str) -> Path:
    target = Path(path)
    return target if target.suffix else target.with_suffix(suffix)


# -- images ---------------------------------------------------------------------------------------


@dataclass
class ImageResult:
    """One generated image: ``data`` bytes and ``mime_type``; shows inline in Jupyter.

    An image given only as an https URL has ``url`` set and empty ``data`` until fetched
    (``await client.fetch_images(results)``).
    """

    data: bytes
    mime_type: str = "image/png"
    url: str | None = None

    def __bytes__(self) -> bytes:
        return self.data

    def __repr__(self) -> str:
        where = f" url={self.url!r}" if self.url and not self.data else ""
        return f"<ImageResult {self.mime_type} {len(self.data)} bytes{where}>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if not self.data:
            return {"text/plain": repr(self)}
        if self.mime_type == "image/svg+xml":
            return {"image/svg+xml": self.data.decode("utf-8", "replace"), "text/plain": repr(self)}
        return {self.mime_type: base64.b64encode(self.data).decode(), "text/plain": repr(self)}

    def _repr_png_(self) -> bytes | None:
        return self.data if self.mime_type == "image/png" and self.data else None

    @property
    def extension(self) -> str:
        """The file suffix for this image's MIME type (``.png``, ``.jpg`` …)."""
        return _EXTENSIONS.get(self.mime_type, ".bin")

    def html(self, width: int = 320, *, alt: str = "") -> str:
        """An ``<img>`` tag holding the image (for cards and galleries)."""
        src = data_url(self.data, self.mime_type)
        return f"<img src='{src}' style='max-width:{width}px;width:100%' alt='{html.escape(alt, quote=True)}'/>"

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the image atomically; a path without suffix gets one from the MIME type."""
        if not self.data:
            raise ValueError("this image has no bytes yet (a URL result): fetch it first")
        return atomic_write(_with_suffix(path, self.extension), self.data)


class ImageSet(list[ImageResult]):
    """The images of one generation call, in order, with what the call cost.

    A plain list of :class:`ImageResult` (index it, iterate it) plus ``cost`` (USD, None when the
    response named none), ``model`` and ``usage``; shows as a gallery in Jupyter.
    """

    def __init__(
        self,
        images: list[ImageResult],
        *,
        model: str | None = None,
        cost: float | None = None,
        usage: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(images)
        self.model = model
        self.cost = cost
        self.usage = usage or {}

    @classmethod
    def from_payload(cls, payload: Any, model: str, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageSet:
        """The images of an ``/images`` response (or a chat one), with its cost."""
        usage = payload.get("usage") if isinstance(payload, dict) else None
        return cls(decode_images(payload, max_pixels=max_pixels), model=model, cost=usage_cost(payload), usage=usage)

    def __repr__(self) -> str:
        cost = "n/a" if self.cost is None else f"${self.cost:.6f}"
        return f"<ImageSet {len(self)} image(s) from {self.model} ({cost})>"

    def _repr_html_(self) -> str:
        cost = "" if self.cost is None else f" · ${self.cost:.4f}"
        return Gallery([(image, f"{self.model}{cost}") for image in self])._repr_html_()


def validate_image(
    data: bytes,
    declared: str | None = None,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    source: str = "an image in the response",
) -> str:
    """The true MIME type of image bytes; :class:`InvalidMediaError` when they are not a readable image.

    The bytes must start like an image (their magic number), and a declared type must be an image
    type (when two image types disagree the bytes win: a model asked for PNG may send JPEG). The
    pixel count is read from the header and bounded by ``max_pixels`` before anything decodes the
    image (Pillow's own decompression-bomb guard, ``PIL.Image.MAX_IMAGE_PIXELS``, stays the outer
    fence); Pillow then checks the file's structure without decoding its pixels. ``source`` names
    where the bytes came from in the error ("reference 'me.png'"); an error never quotes the bytes.
    """
    kind = sniff(data)
    if kind is None:
        raise InvalidMediaError(f"{source} is not a PNG, JPEG, GIF, WebP or SVG image")
    if declared and not declared.startswith("image/"):
        raise InvalidMediaError(f"{source} is declared {declared[:60]!r}, which is not an image type")
    if kind == "image/svg+xml":
        return kind
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the bound below is ours
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise InvalidMediaError(
                        f"{source} has {width} x {height} pixels, over the {max_pixels:,} "
                        "of ResponseLimits.image_pixels (raise it to accept such images)"
                    )
                image.verify()  # structure and checksums, without decoding the pixels
    except InvalidMediaError:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard, the outer fence (2 x Image.MAX_IMAGE_PIXELS)
        raise InvalidMediaError(f"{source} has too many pixels to decode safely") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise InvalidMediaError(f"{source} cannot be read as {kind} ({type(exc).__name__})") from exc
    return kind


def _decode_data_url(url: str, max_pixels: int) -> ImageResult:
    header, sep, payload = url.partition(",")
    if not sep or ";base64" not in header:
        raise InvalidMediaError("an image data URL is not base64-encoded")
    data = _b64(payload)
    return ImageResult(data, validate_image(data, header[5:].split(";", 1)[0] or None, max_pixels=max_pixels))


def _b64(payload: str) -> bytes:
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidMediaError("an image in the response is not valid base64") from exc


def _image_entries(payload: Any) -> list[Any]:
    if not isinstance(payload, dict):
        return []
    if isinstance(payload.get("b64_json"), str):  # one /images stream event (image_generation.completed)
        return [payload]
    data = payload.get("data")
    if isinstance(data, list):  # POST /images
        return data
    choices = payload.get("choices")
    if isinstance(choices, list):  # chat: message.images, or a stream's delta.images
        entries: list[Any] = []
        for choice in choices:
            if isinstance(choice, dict):
                holder = choice.get("message") or choice.get("delta") or {}
                if isinstance(holder, dict) and isinstance(holder.get("images"), list):
                    entries += holder["images"]
        return entries
    images = payload.get("images")
    return images if isinstance(images, list) else []  # a bare message


def decode_images(payload: Any, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> list[ImageResult]:
    """Every image in a response, decoded and checked, with its MIME type.

    Understands ``POST /images`` (``data[].b64_json`` with ``media_type``), chat
    ``message.images[].image_url.url`` data URLs, and https URLs (returned with ``url`` set and
    empty ``data``, for ``client.fetch_images``). Raises
    :class:`~openrouter_nb.errors.InvalidMediaError` when an image is not valid base64, not an
    image, or has more than ``max_pixels`` pixels (:func:`validate_image`).
    """
    results = []
    for entry in _image_entries(payload):
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("b64_json"), str):
            data = _b64(entry["b64_json"])
            declared = entry.get("media_type") if isinstance(entry.get("media_type"), str) else None
            results.append(ImageResult(data, validate_image(data, declared, max_pixels=max_pixels)))
            continue
        url = entry.get("image_url", {}).get("url") if isinstance(entry.get("image_url"), dict) else entry.get("url")
        if not isinstance(url, str):
            continue
        if url.startswith("data:"):
            results.append(_decode_data_url(url, max_pixels))
        elif url.startswith(("https://", "http://")):
            results.append(ImageResult(b"", "image/png", url=url))
    return results


# -- video ----------------------------------------------------------------------------------------


@dataclass
class VideoResult:
    """A downloaded video: ``bytes(result)`` is the MP4; shows inline in Jupyter; ``save()`` writes it.

    A video streamed to a file (``download_video(job, path=...)``) has ``path`` set and no bytes in
    memory: it plays from its file, and ``bytes()`` reads the file when asked.
    """

    data: bytes
    mime_type: str = "video/mp4"
    job_id: str | None = None
    #: the file the video was streamed to (``download_video(job, path=...)``), else None
    path: Path | None = None

    def __bytes__(self) -> bytes:
        return self.path.read_bytes() if self.path is not None and not self.data else self.data

    def __len__(self) -> int:
        return self.path.stat().st_size if self.path is not None and not self.data else len(self.data)

    def __repr__(self) -> str:
        where = f" at {str(self.path)!r}" if self.path is not None else f" {len(self.data)} bytes"
        return f"<VideoResult {self.mime_type}{where} job={self.job_id!r}>"

    def html(self, width: int | None = None) -> str:
        """A looping, muted ``<video>`` player holding the video (or pointing at its file)."""
        size = f"max-width:{width}px" if width else "max-width:100%"
        src = (
            html.escape(str(self.path))
            if self.path is not None and not self.data
            else data_url(self.data, self.mime_type)
        )
        player = f"<video controls loop muted playsinline style='{size}'>"
        return f"{player}<source src='{src}' type='{self.mime_type}'></video>"

    def _repr_html_(self) -> str:
        return self.html()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the video atomically (``.mp4`` added when the path has no suffix)."""
        target = _with_suffix(path, ".mp4")
        if self.path is not None and not self.data:
            with atomic_file(target) as handle, self.path.open("rb") as source:
                shutil.copyfileobj(source, handle, 1024 * 1024)
            return target
        return atomic_write(target, self.data)


# -- audio ----------------------------------------------------------------------------------------

PCM_RATE = 24_000  # 16-bit mono PCM from the speech API is 24 kHz


def wav_from_pcm(pcm: bytes, rate: int = PCM_RATE) -> bytes:
    """16-bit little-endian mono PCM wrapped in a WAV header (what players and browsers take)."""
    header = b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16) + b"data" + struct.pack("<I", len(pcm))
    return header + pcm


@dataclass
class AudioResult:
    """Generated speech: ``data`` bytes and ``mime_type`` (``audio/wav``, ``audio/mpeg`` …); plays inline.

    ``generation_id`` names the generation (``await client.get_generation(id)`` gives its cost).
    """

    data: bytes
    mime_type: str = "audio/wav"
    text: str = ""
    model: str | None = None
    generation_id: str | None = None

    def __bytes__(self) -> bytes:
        return self.data

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"<AudioResult {self.mime_type} {len(self.data)} bytes from {self.model}>"

    @property
    def seconds(self) -> float | None:
        """The duration, for WAV (None for compressed formats)."""
        if self.mime_type == "audio/wav" and len(self.data) > 44:
            channels, rate = struct.unpack("<HI", self.data[22:28])
            bits = struct.unpack("<H", self.data[34:36])[0]
            return float((len(self.data) - 44) / (rate * channels * bits / 8))
        return None

    @property
    def extension(self) -> str:
        return {"audio/wav": ".wav", "audio/mpeg": ".mp3", "audio/pcm": ".pcm"}.get(self.mime_type, ".bin")

    def html(self) -> str:
        """An ``<audio>`` player holding the sound."""
        return f"<audio controls src='{data_url(self.data, self.mime_type)}'></audio>"

    def _repr_html_(self) -> str:
        return self.html()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the audio atomically (a suffix from the MIME type when the path has none)."""
        return atomic_write(_with_suffix(path, self.extension), self.data)
