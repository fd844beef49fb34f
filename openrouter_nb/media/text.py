"""Text with emoji on Pillow images: letters in Pillow's own font, emoji in the bundled Noto Emoji.

Pillow draws one font at a time and its default font has no emoji, so a caption is split into
runs of letters and runs of emoji, each drawn in its font on one baseline. The emoji font is
Noto Emoji (monochrome, SIL Open Font License, ``openrouter_nb/data/fonts``): it ships with the
package, so a card looks the same on every machine, emoji in the colour of the text around them.
Joiners and variation selectors are left out (a ZWJ sequence shows as its parts).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

__all__ = ["EMOJI_FONT", "TextStyle", "wrap"]

EMOJI_FONT = Path(__file__).resolve().parent.parent / "data" / "fonts" / "NotoEmoji-Regular.woff"

#: what counts as an emoji: the pictographic planes and the older symbol blocks emoji live in
_EMOJI = re.compile(
    "([\U0001f000-\U0001faff\U00002600-\U000027bf\U00002b00-\U00002bff\U00002190-\U000021ff"
    "\U00002300-\U000023ff\U000025a0-\U000025ff\U00002934\U00002935\U00003030\U0000303d"
    "\U00003297\U00003299\u00a9\u00ae\u203c\u2049\u2122\u2139]+)"
)
_INVISIBLE = re.compile("[\u200d\ufe0e\ufe0f\U000e0020-\U000e007f]")  # joiners, selectors, tag characters


@functools.lru_cache(maxsize=16)
def _fonts(size: int) -> tuple[Any, Any]:
    from PIL import ImageFont

    try:
        text = ImageFont.load_default(size=size)
    except (OSError, TypeError):  # Pillow without FreeType: its small bitmap font, and no emoji font
        return ImageFont.load_default(), None
    try:
        emoji = ImageFont.truetype(str(EMOJI_FONT), size)
    except OSError:
        emoji = None
    return text, emoji


class TextStyle:
    """A size of text that measures and draws captions with their emoji."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.font, self.emoji = _fonts(size)

    def runs(self, text: str) -> list[tuple[str, Any]]:
        """``text`` as (piece, font) runs: letters in the text font, emoji in the emoji font."""
        text = _INVISIBLE.sub("", text)
        pieces = [p for p in _EMOJI.split(text) if p]
        if self.emoji is None:  # no emoji font: drawn in the text font (they may show as boxes)
            return [(text, self.font)] if text else []
        return [(p, self.emoji if _EMOJI.fullmatch(p) else self.font) for p in pieces]

    def length(self, text: str) -> float:
        """How wide ``text`` is, in pixels."""
        return float(sum(font.getlength(piece) for piece, font in self.runs(text)))

    def draw(self, draw: Any, xy: tuple[float, float], text: str, fill: Any) -> None:
        """Draw ``text`` with its top-left near ``xy`` (all runs on one baseline)."""
        x, top = xy
        baseline = top + self.size * 0.85
        for piece, font in self.runs(text):
            draw.text((x, baseline), piece, font=font, fill=fill, anchor="ls")
            x += font.getlength(piece)


def wrap(style: TextStyle, text: str, width: float, *, max_lines: int | None = None) -> list[str]:
    """``text`` in lines no wider than ``width`` (a word longer than a line gets a line of its own);
    past ``max_lines``, the last line ends in an ellipsis."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if style.length(candidate) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and style.length(last + "…") > width:
            last = last[:-1].rstrip()
        lines = [*lines[: max_lines - 1], last + "…"]
    return lines
