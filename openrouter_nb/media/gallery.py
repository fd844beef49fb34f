"""Images side by side with a label each: HTML in Jupyter, one line per image elsewhere."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .results import ImageResult

__all__ = ["Gallery"]


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
