"""Media: generated images and videos as objects that show themselves, save themselves, and compose.

- :class:`ImageResult`, :class:`VideoResult`: bytes with a MIME type, inline display in Jupyter,
  ``save()``; :class:`ImageSet` is what ``client.images()`` returns (a list that knows its cost).
- :func:`decode_images`: every shape in which the API returns images, decoded.
- :func:`preview_card`: a social post's preview (PNG); :class:`Gallery` and :func:`post_card_html`:
  images and posts side by side in a notebook or the studio.

Pillow is imported only when a card is drawn.
"""

from __future__ import annotations

import base64
import binascii
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._files import atomic_write
from ._wire import usage_cost
from .errors import APIResponseError

__all__ = [
    "Gallery",
    "ImageResult",
    "ImageSet",
    "VideoResult",
    "data_url",
    "decode_images",
    "post_card_html",
    "preview_card",
    "sniff",
    "split_hashtags",
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


# -- display: galleries, post cards, preview cards --------------------------------------------------


class Gallery:
    """Images side by side with a label each (e.g. model and cost); HTML in Jupyter, text elsewhere."""

    def __init__(self, items: list[tuple[ImageResult, str]], *, width: int = 220) -> None:
        self.items = items
        self.width = width

    def __repr__(self) -> str:
        return "\n".join(f"{label}: {image!r}" for image, label in self.items)

    def _repr_html_(self) -> str:
        cells = [
            f"<figure style='margin:4px;display:inline-block;vertical-align:top;width:{self.width}px'>"
            f"{image.html(self.width)}<figcaption><small>{html.escape(label)}</small></figcaption></figure>"
            for image, label in self.items
        ]
        return "<div>" + "".join(cells) + "</div>"


def post_card_html(preview: ImageResult, footer: str, *, video: VideoResult | None = None, width: int = 360) -> str:
    """A post as the studio and notebooks show it: the preview card, its video, a footer line (HTML)."""
    parts = [preview.html(width, alt="post preview")]
    if video is not None:
        parts.append(video.html(width))
    parts.append(f"<div class='post-cost'>{footer}</div>")
    return "<div class='post-card'>" + "".join(parts) + "</div>"


_NON_BMP = re.compile("[\U00010000-\U0010ffff\ufe0f\u200d\u2600-\u27bf]")  # emoji: the card font has none
_HASHTAG = re.compile(r"#\w[\w-]*")


def split_hashtags(text: str) -> tuple[str, list[str]]:
    """Split a caption into its body and its hashtags (``#tag`` words, in order, unique)."""
    tags = list(dict.fromkeys(_HASHTAG.findall(text)))
    body = re.sub(r"\s*#\w[\w-]*", "", text).strip()
    return body, tags


def _wrap(draw: Any, text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if draw.textlength(candidate, font=font) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def preview_card(image: ImageResult, caption: str, *, handle: str, platform: str, width: int = 420) -> ImageResult:
    """A post preview card (PNG): a header with the handle, the image, the caption and its hashtags."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    body, tags = split_hashtags(_NON_BMP.sub("", caption))
    picture = Image.open(io.BytesIO(image.data)).convert("RGB")
    picture = picture.resize((width, max(1, round(picture.height * width / picture.width))), Image.Resampling.LANCZOS)
    font, small, bold = (ImageFont.load_default(size=s) for s in (15, 12, 15))
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    pad = 14
    body_lines = _wrap(measure, body, font, width - 2 * pad)
    tag_lines = _wrap(measure, " ".join(tags), font, width - 2 * pad) if tags else []
    header, line_h = 52, 20
    height = header + picture.height + pad + line_h * (len(body_lines) + len(tag_lines)) + pad + 18
    card = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(card)
    draw.ellipse((pad, 10, pad + 32, 42), fill=(225, 48, 108))
    draw.text((pad + 16, 26), handle[1:2].upper(), font=bold, fill="white", anchor="mm")
    draw.text((pad + 42, 12), handle, font=bold, fill=(20, 20, 20))
    draw.text((pad + 42, 30), platform, font=small, fill=(120, 120, 120))
    card.paste(picture, (0, header))
    y = header + picture.height + pad
    for line in body_lines:
        draw.text((pad, y), line, font=font, fill=(20, 20, 20))
        y += line_h
    for line in tag_lines:
        draw.text((pad, y), line, font=font, fill=(0, 85, 170))
        y += line_h
    draw.text((pad, y + 2), "preview · openrouter_nb", font=small, fill=(150, 150, 150))
    out = io.BytesIO()
    card.save(out, format="PNG", optimize=True)
    return ImageResult(out.getvalue(), "image/png")
