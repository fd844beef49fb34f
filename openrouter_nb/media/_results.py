"""Media results: images, videos and audio as bytes with a MIME type; decoding every image shape."""

from __future__ import annotations

import base64
import binascii
import html
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._files import atomic_write
from .._wire import usage_cost
from ..errors import APIResponseError

__all__ = [
    "AudioResult",
    "ImageResult",
    "ImageSet",
    "VideoResult",
    "data_url",
    "decode_images",
    "sniff",
    "wav_from_pcm",
]


_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
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
            return mime
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
    def from_payload(cls, payload: Any, model: str) -> ImageSet:
        """The images of an ``/images`` response (or a chat one), with its cost."""
        usage = payload.get("usage") if isinstance(payload, dict) else None
        return cls(decode_images(payload), model=model, cost=usage_cost(payload), usage=usage)

    def __repr__(self) -> str:
        cost = "n/a" if self.cost is None else f"${self.cost:.6f}"
        return f"<ImageSet {len(self)} image(s) from {self.model} ({cost})>"

    def _repr_html_(self) -> str:
        from ._cards import Gallery

        cost = "" if self.cost is None else f" · ${self.cost:.4f}"
        return Gallery([(image, f"{self.model}{cost}") for image in self])._repr_html_()


def _decode_data_url(url: str) -> ImageResult:
    header, sep, payload = url.partition(",")
    if not sep or ";base64" not in header:
        raise APIResponseError("an image data URL is not base64-encoded")
    mime = header[5:].split(";", 1)[0] or "image/png"
    data = _b64(payload)
    return ImageResult(data, sniff(data) or mime)


def _b64(payload: str) -> bytes:
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise APIResponseError("an image in the response is not valid base64") from exc


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


def decode_images(payload: Any) -> list[ImageResult]:
    """Every image in a response, decoded to bytes with a MIME type.

    Understands ``POST /images`` (``data[].b64_json`` with ``media_type``), chat
    ``message.images[].image_url.url`` data URLs, and https URLs (returned with ``url`` set and
    empty ``data``). Raises :class:`~openrouter_nb.errors.APIResponseError` on corrupt base64.
    """
    results = []
    for entry in _image_entries(payload):
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("b64_json"), str):
            data = _b64(entry["b64_json"])
            mime = entry.get("media_type") if isinstance(entry.get("media_type"), str) else None
            results.append(ImageResult(data, mime or sniff(data) or "image/png"))
            continue
        url = entry.get("image_url", {}).get("url") if isinstance(entry.get("image_url"), dict) else entry.get("url")
        if not isinstance(url, str):
            continue
        if url.startswith("data:"):
            results.append(_decode_data_url(url))
        elif url.startswith(("https://", "http://")):
            results.append(ImageResult(b"", "image/png", url=url))
    return results


# -- video ----------------------------------------------------------------------------------------


@dataclass
class VideoResult:
    """A downloaded video: ``bytes(result)`` is the MP4; shows inline in Jupyter; ``save()`` writes it."""

    data: bytes
    mime_type: str = "video/mp4"
    job_id: str | None = None

    def __bytes__(self) -> bytes:
        return self.data

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"<VideoResult {self.mime_type} {len(self.data)} bytes job={self.job_id!r}>"

    def html(self, width: int | None = None) -> str:
        """A looping, muted ``<video>`` player holding the video."""
        size = f"max-width:{width}px" if width else "max-width:100%"
        return (
            f"<video controls loop muted playsinline style='{size}'>"
            f"<source src='{data_url(self.data, self.mime_type)}' type='{self.mime_type}'></video>"
        )

    def _repr_html_(self) -> str:
        return self.html()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the video atomically (``.mp4`` added when the path has no suffix)."""
        return atomic_write(_with_suffix(path, ".mp4"), self.data)


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
