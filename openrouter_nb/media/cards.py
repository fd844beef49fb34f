"""Post cards: the studio's HTML card of a post, and a social post's preview card drawn with Pillow."""

from __future__ import annotations

import re
from typing import Any

from .results import ImageResult, VideoResult

__all__ = ["post_card_html", "preview_card", "split_hashtags", "strip_emoji"]


def post_card_html(preview: ImageResult, footer: str, *, video: VideoResult | None = None, width: int = 360) -> str:
    """A post as the studio and notebooks show it: the preview card, its video, a footer line (HTML)."""
    parts = [preview.html(width, alt="post preview")]
    if video is not None:
        parts.append(video.html(width))
    parts.append(f"<div class='post-cost'>{footer}</div>")
    return "<div class='post-card'>" + "".join(parts) + "</div>"


_EMOJI = re.compile("[\U00010000-\U0010ffff\ufe0f\u200d\u2600-\u27bf]")


def strip_emoji(text: str) -> str:
    """``text`` without emoji (the preview card's font has none; a voiceover should not read them)."""
    return _EMOJI.sub("", text)


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

    body, tags = split_hashtags(strip_emoji(caption))
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
