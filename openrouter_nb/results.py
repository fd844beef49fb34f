"""Result objects: chat results, decoded images and videos that display inline in Jupyter."""

from __future__ import annotations

import base64
import binascii
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import APIResponseError

__all__ = ["ChatResult", "ImageResult", "VideoResult", "atomic_write", "decode_images", "message_text"]

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


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a crash leaves the old file or the new one, never half."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def message_text(content: Any) -> str | None:
    """Text of a message ``content``: a string as is, a list of parts joined, else None."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part["text"] for part in content if isinstance(part, dict) and isinstance(part.get("text"), str))
    return None


def _sniff(data: bytes) -> str | None:
    head = data[:16].lstrip()
    for signature, mime in _SIGNATURES:
        if head.startswith(signature):
            return mime
    return None


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
        return _EXTENSIONS.get(self.mime_type, ".bin")

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the image atomically; a path without suffix gets one from the MIME type."""
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(self.extension)
        if not self.data:
            raise ValueError("this image has no bytes yet (a URL result): fetch it first")
        return atomic_write(target, self.data)


def _decode_data_url(url: str) -> ImageResult:
    header, sep, payload = url.partition(",")
    if not sep or ";base64" not in header:
        raise APIResponseError("an image data URL is not base64-encoded")
    mime = header[5:].split(";", 1)[0] or "image/png"
    data = _b64(payload)
    return ImageResult(data, _sniff(data) or mime)


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
    if isinstance(payload.get("data"), list):  # POST /images
        return payload["data"]
    choices = payload.get("choices")
    if isinstance(choices, list):  # chat: message.images, or a stream's delta.images
        entries: list[Any] = []
        for choice in choices:
            if isinstance(choice, dict):
                holder = choice.get("message") or choice.get("delta") or {}
                if isinstance(holder, dict) and isinstance(holder.get("images"), list):
                    entries += holder["images"]
        return entries
    if isinstance(payload.get("images"), list):  # a bare message
        return payload["images"]
    return []


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
            results.append(ImageResult(data, mime or _sniff(data) or "image/png"))
            continue
        url = entry.get("image_url", {}).get("url") if isinstance(entry.get("image_url"), dict) else entry.get("url")
        if not isinstance(url, str):
            continue
        if url.startswith("data:"):
            results.append(_decode_data_url(url))
        elif url.startswith(("https://", "http://")):
            results.append(ImageResult(b"", "image/png", url=url))
    return results


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

    def _repr_html_(self) -> str:
        encoded = base64.b64encode(self.data).decode()
        return (
            f'<video controls loop muted playsinline style="max-width:100%">'
            f'<source src="data:{self.mime_type};base64,{encoded}" type="{self.mime_type}"></video>'
        )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the video atomically (``.mp4`` added when the path has no suffix)."""
        target = Path(path)
        return atomic_write(target if target.suffix else target.with_suffix(".mp4"), self.data)


@dataclass
class ChatResult:
    """What a chat completion produced, plus the raw payload.

    ``text`` is the reply (parts joined), ``images`` the decoded images, ``model``/``provider`` what
    actually served the request, ``usage`` the token counts and ``cost`` its USD cost.
    """

    text: str
    model: str | None
    provider: str | None
    finish_reason: str | None
    usage: dict[str, Any]
    cost: float | None
    id: str | None
    raw: dict[str, Any]
    images: list[ImageResult] = field(default_factory=list)
    reasoning: str | None = None
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    cached: bool = False

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        cost = "n/a" if self.cost is None else f"${self.cost:.6f}"
        preview = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        extra = f", {len(self.images)} image(s)" if self.images else ""
        return f"<ChatResult {self.model} via {self.provider}: {preview!r} ({cost}{extra})>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        import html

        body = f"<div style='white-space:pre-wrap'>{html.escape(self.text)}</div>"
        for image in self.images:
            bundle = image._repr_mimebundle_()
            mime = next((m for m in bundle if m.startswith("image/") and m != "image/svg+xml"), None)
            if mime:
                body += f"<img src='data:{mime};base64,{bundle[mime]}' style='max-width:320px'/>"
        cost = "n/a" if self.cost is None else f"${self.cost:.6f}"
        body += f"<small>{html.escape(str(self.model))} via {html.escape(str(self.provider))} · {cost}</small>"
        return {"text/html": body, "text/plain": repr(self)}
