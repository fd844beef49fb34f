"""Post cards: the studio's HTML card of a post, and a social post's preview card drawn with Pillow
(a carousel's card shows every slide with its line)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .results import ImageResult, VideoResult
from .text import TextStyle, wrap

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
    """``text`` without emoji (a voiceover should not read them out)."""
    return _EMOJI.sub("", text)


_HASHTAG = re.compile(r"#\w[\w-]*")


def split_hashtags(text: str) -> tuple[str, list[str]]:
    """Split a caption into its body and its hashtags (``#tag`` words, in order, unique)."""
    tags = list(dict.fromkeys(_HASHTAG.findall(text)))
    body = re.sub(r"\s*#\w[\w-]*", "", text).strip()
    return body, tags


_INK, _GREY, _LINK, _ACCENT = (20, 20, 20), (120, 120, 120), (0, 85, 170), (225, 48, 108)
_PAD = 14


def _open(image: ImageResult) -> Any:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(image.data)).convert("RGB")


def _fit(picture: Any, width: int) -> Any:
    """``picture`` at ``width`` when it is wider; a smaller one keeps its pixels (never upscaled)."""
    from PIL import Image

    if picture.width <= width:
        return picture
    return picture.resize((width, max(1, round(picture.height * width / picture.width))), Image.Resampling.LANCZOS)


def _badge(draw: Any, xy: tuple[float, float], text: str, style: TextStyle, *, right: bool = False) -> None:
    """A small dark pill with white text (a slide's number); ``right`` puts its right edge at x."""
    x, y = xy
    width = style.length(text) + 12
    if right:
        x -= width
    draw.rounded_rectangle((x, y, x + width, y + style.size + 8), radius=(style.size + 8) // 2, fill=(30, 30, 30))
    style.draw(draw, (x + 6, y + 4), text, (255, 255, 255))


def preview_card(
    image: ImageResult | Sequence[ImageResult],
    caption: str,
    *,
    handle: str,
    platform: str,
    width: int = 420,
    slide_lines: Sequence[str] | None = None,
    slides_heading: str | None = None,
) -> ImageResult:
    """A post preview card (PNG): the handle, the picture, the caption as posted, emoji and hashtags.

    ``image`` is the post's picture, or a carousel's pictures in order: the card then shows the
    first with its place ("1/3") and dots, and under the caption every slide, numbered, with its
    own line from ``slide_lines``. A picture narrower than ``width`` keeps its size (centred,
    never upscaled); a wider one is scaled down to it. Emoji are drawn with the bundled Noto Emoji
    font (:mod:`~openrouter_nb.media.text`). ``slides_heading`` names the slides' sheet
    (default ``Carousel · N slides``; a platform without carousels says what it has).
    """
    import io

    from PIL import Image, ImageDraw

    slides = [image] if isinstance(image, ImageResult) else list(image)
    if not slides:
        raise ValueError("a preview card needs at least one picture")
    lines = list(slide_lines or [])
    body, tags = split_hashtags(caption)
    text, small, bold = TextStyle(15), TextStyle(12), TextStyle(13)
    pictures = [_open(slide) for slide in slides]  # each decoded once: the card and the sheet share them
    picture = _fit(pictures[0], width)
    body_lines = wrap(text, body, width - 2 * _PAD)
    tag_lines = wrap(text, " ".join(tags), width - 2 * _PAD) if tags else []
    header, line_h = 52, 20
    dots = 18 if len(slides) > 1 else 0
    heading = slides_heading or f"Carousel · {len(slides)} slides"
    sheet = _SlideSheet(pictures, lines, width, small, heading) if len(slides) > 1 else None
    height = header + picture.height + dots + _PAD + line_h * (len(body_lines) + len(tag_lines)) + _PAD + 18
    height += sheet.height if sheet else 0
    card = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(card)
    draw.ellipse((_PAD, 10, _PAD + 32, 42), fill=_ACCENT)
    initial = handle[1:2].upper() or "?"
    bold.draw(draw, (_PAD + 16 - bold.length(initial) / 2, 18), initial, (255, 255, 255))
    bold.draw(draw, (_PAD + 42, 10), handle, _INK)
    small.draw(draw, (_PAD + 42, 30), platform, _GREY)
    if picture.width < width:  # a small picture sits on a band, centred, at its own size
        draw.rectangle((0, header, width, header + picture.height), fill=(240, 240, 240))
    card.paste(picture, ((width - picture.width) // 2, header))
    y = header + picture.height
    if len(slides) > 1:
        _badge(draw, (width - 10, header + 10), f"1/{len(slides)}", small, right=True)
        _dots(draw, width, y + 6, len(slides))
        y += dots
    y += _PAD
    for line in body_lines:
        text.draw(draw, (_PAD, y), line, _INK)
        y += line_h
    for line in tag_lines:
        text.draw(draw, (_PAD, y), line, _LINK)
        y += line_h
    if sheet:
        sheet.paste(card, draw, y + 4, bold)
        y += sheet.height
    small.draw(draw, (_PAD, y + 2), "preview · openrouter_nb", (150, 150, 150))
    out = io.BytesIO()
    card.save(out, format="PNG", optimize=True)
    return ImageResult(out.getvalue(), "image/png")


def _dots(draw: Any, width: int, y: float, count: int) -> None:
    """The carousel's dots under its first picture (at most 12 drawn, the first one filled)."""
    shown = min(count, 12)
    x = width / 2 - (shown - 1) * 5
    for k in range(shown):
        fill = (0, 120, 255) if k == 0 else (200, 200, 200)
        draw.ellipse((x + 10 * k - 3, y, x + 10 * k + 3, y + 6), fill=fill)


class _SlideSheet:
    """Every slide of a carousel as a numbered thumbnail with its own line, three to a row."""

    def __init__(self, slides: list[Any], lines: list[str], width: int, style: Any, heading: str) -> None:
        self.heading = heading
        self.cols = min(3, len(slides))
        self.cell = (width - _PAD * (self.cols + 1)) // self.cols
        self.thumbs = [_fit(slide, self.cell) for slide in slides]
        self.style = style
        self.lines = [
            wrap(style, lines[k] if k < len(lines) else "", self.cell, max_lines=3) for k in range(len(slides))
        ]
        self.rows = [list(range(i, min(i + self.cols, len(slides)))) for i in range(0, len(slides), self.cols)]
        self.title = 24

    def _row_height(self, row: list[int]) -> int:
        return int(max(self.thumbs[k].height + 6 + 15 * len(self.lines[k]) for k in row)) + _PAD

    @property
    def height(self) -> int:
        return self.title + sum(self._row_height(row) for row in self.rows)

    def paste(self, card: Any, draw: Any, top: float, heading: Any) -> None:
        heading.draw(draw, (_PAD, top), self.heading, _INK)
        y = top + self.title
        for row in self.rows:
            for column, k in enumerate(row):
                x = _PAD + column * (self.cell + _PAD)
                thumb = self.thumbs[k]
                card.paste(thumb, (x + (self.cell - thumb.width) // 2, round(y)))
                _badge(draw, (x + (self.cell + thumb.width) // 2 - 4, y + 4), str(k + 1), self.style, right=True)
                for n, line in enumerate(self.lines[k]):
                    self.style.draw(draw, (x, y + thumb.height + 6 + 15 * n), line, _INK)
            y += self._row_height(row)
