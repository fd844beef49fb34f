"""Labels that do not collide: each point's label at the first free place near it, in pixels.

:func:`place_labels` takes the points (pixel positions, y down) and the size of each label and
tries, for each in turn, places beside its point (right, then left) a little higher or lower,
then further away; a place is free when its box stays inside the plot and touches no label
already placed and no point. A label with no free place is left out (None) rather than drawn
over another. The value chart uses it for its PNG (sizes measured by matplotlib) and for its
Vega-Lite spec (sizes estimated from the text).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Box", "Placement", "overlaps", "place_labels"]

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Placement:
    """Where a label goes: its box (pixels, y down), the side of its point, and whether it moved away."""

    left: float
    top: float
    right: float
    bottom: float
    side: str  # "right": the label starts right of its point; "left": it ends left of it
    moved: bool  # not beside its point: draw a leader line to it

    @property
    def box(self) -> Box:
        return (self.left, self.top, self.right, self.bottom)


def overlaps(a: Box, b: Box, gap: float = 0.0) -> bool:
    """Whether two boxes overlap (or come closer than ``gap``)."""
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _candidates(x: float, y: float, width: float, height: float, offset: float, steps: int) -> Iterator[Placement]:
    """The places to try for one label, nearest first: beside the point, then higher or lower."""
    for step in range(steps + 1):
        for shift in dict.fromkeys((-step, step)):  # up first, then down (0 once)
            top = y - height - offset / 2 + shift * (height + 2)
            for side in ("right", "left"):
                left = x + offset if side == "right" else x - offset - width
                yield Placement(left, top, left + width, top + height, side=side, moved=abs(shift) > 1)


def place_labels(
    points: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    bounds: Box,
    *,
    offset: float = 5.0,
    point_radius: float = 3.0,
    steps: int = 8,
) -> list[Placement | None]:
    """A place for each label, none overlapping another or a point (None: no room for that one)."""
    taken = [(x - point_radius, y - point_radius, x + point_radius, y + point_radius) for x, y in points]

    def free(place: Placement) -> bool:
        box = place.box
        inside = box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
        return inside and not any(overlaps(box, other, 1.0) for other in taken)

    out: list[Placement | None] = []
    for (x, y), (width, height) in zip(points, sizes, strict=True):
        found = next((c for c in _candidates(x, y, width, height, offset, steps) if free(c)), None)
        if found is not None:
            taken.append(found.box)
        out.append(found)
    return out
