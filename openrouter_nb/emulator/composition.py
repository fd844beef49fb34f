"""How an emulated picture is put together from its scene: a place, the subject in it, the weather.

:func:`compose` draws, on a picture whose sky is painted, the scene's place (outdoors: hills, the
sea, a skyline, peaks, a garden, a rooftop, a terrace table; indoors: a window, a café, a
kitchen, with the weather outside the glass), then its subject standing in it, then what falls
in front. A carousel's slides are variants of one scene: ``0`` the subject close, ``1`` the
place wide with the subject small, ``2`` a detail (a second subject, or a drink or dish from
above).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from . import motifs, sky
from .figures import DRINK_COLOURS, draw_subject
from .motifs import Palette, mix
from .scene import Scene

__all__ = ["compose", "default_place"]

Rand = Callable[[int], float]
#: where a subject is shown when the prompt names no place
_HOMES = {
    "drink": "table", "food": "table", "books": "window", "plant": "window", "flowers": "window", "pet": "window",
    "person:yoga": "garden", "person:running": "garden", "person:cycling": "city", "person:surfing": "beach",
    "person:hiking": "mountains", "person:dancing": "city", "person:reading": "window", "person:working": "cafe",
}  # fmt: skip
#: the outdoor motif of each place, and its horizon (a fraction of the height) for the sky's light
_OUTDOORS = {"beach": ("sea", 0.55), "city": ("city", 0.7), "mountains": ("mountains", 0.6),
             "garden": ("landscape", 0.6), "road": ("wheel", 0.78), "rooftop": ("city", 0.7)}  # fmt: skip


def _size(image: Any) -> tuple[int, int]:
    return int(image.width), int(image.height)


def default_place(subject: str | None) -> str:
    """Where ``subject`` is shown when the prompt names no place ("" for a plain landscape)."""
    if subject is None:
        return ""
    return _HOMES.get(subject) or _HOMES.get(subject.split(":", 1)[0], "")


def _outdoors(image: Any, draw: Any, pal: Palette, scene: Scene, r: Rand, t: float, place: str) -> float:
    """A place in the open: its sky's light, then its ground; returns the level a subject stands on."""
    w, h = _size(image)
    motif, horizon = _OUTDOORS.get(place, ("landscape", 0.6))
    sky.light(draw, w, h, pal, scene, r, t, horizon=h * horizon)
    motifs.draw_motif(motif, draw, w, h, pal, r, t, scene.words)
    if place == "beach":  # sand in front of the water, to walk on
        draw.polygon([(0, h * 0.8), (w, h * 0.86), (w, h), (0, h)], fill=mix(pal.sun, (222, 200, 160), 0.7))
        return h * 0.9
    if place == "garden":
        _trees(draw, w, h, pal, scene, r, t)
    if place == "rooftop":  # the roof in front of the skyline: a parapet and tiles
        roof = h * 0.8
        draw.rectangle((0, roof, w, h), fill=mix(pal.near, (150, 80, 60), 0.5))
        for k in range(0, w, max(8, w // 24)):
            draw.line([(k, roof), (k - w * 0.02, h)], fill=mix(pal.near, (90, 40, 30), 0.5), width=max(1, w // 400))
        draw.rectangle((0, roof - h * 0.025, w, roof), fill=mix(pal.near, (210, 200, 190), 0.6))
        return roof
    return {"sea": h * 0.84, "city": h * 0.86, "mountains": h * 0.86, "plants": h * 0.86}.get(motif, h * 0.86)


def _trees(draw: Any, w: int, h: int, pal: Palette, scene: Scene, r: Rand, t: float) -> None:
    """A few round trees on the hills, their crowns swaying (orange in autumn, bare-ish in winter)."""
    leaf = {"autumn": (214, 120, 50), "winter": (150, 150, 140), "spring": (150, 196, 110)}.get(
        str(scene.season), mix(pal.mid, (60, 130, 60), 0.6)
    )
    for k in range(4):
        x = w * (0.1 + 0.27 * k + 0.08 * (r(600 + k) - 0.5))
        ground, height = h * (0.78 + 0.06 * r(610 + k)), h * (0.22 + 0.1 * r(620 + k))
        draw.rectangle((x - w * 0.012, ground - height * 0.5, x + w * 0.012, ground), fill=(96, 66, 44))
        crown, sway = height * 0.32, w * 0.006 * math.sin(6.283 * (t + r(630 + k)))
        for dx, dy in ((0, -0.75), (-0.45, -0.45), (0.45, -0.45)):
            cx, cy = x + crown * dx + sway, ground - height * 0.5 + crown * dy
            draw.ellipse((cx - crown, cy - crown, cx + crown, cy + crown), fill=mix(leaf, (0, 0, 0), 0.08 * (k % 2)))


def _table(image: Any, draw: Any, pal: Palette, scene: Scene, r: Rand, t: float) -> float:
    """A terrace table under the sky, low hills behind it; returns the table's level. (A prompt
    that names a place, a city among them, is drawn there instead.)"""
    w, h = _size(image)
    top = h * (0.6 + 0.05 * r(6))
    sky.light(draw, w, h, pal, scene, r, t, horizon=top)
    ridge = motifs.ridge(w, top - h * 0.05, h * 0.03, 1.2, 6.28 * r(8))
    draw.polygon([*ridge, (w, top), (0, top)], fill=mix(pal.far, (0, 0, 0), 0.1))
    wood = mix(pal.near, (150, 104, 70), 0.6)
    draw.rectangle((0, top, w, h), fill=wood)
    draw.line([(0, top), (w, top)], fill=mix(wood, (0, 0, 0), 0.3), width=max(1, h // 200))
    return top + (h - top) * 0.35


def _glass_view(image: Any, pal: Palette, scene: Scene, r: Rand, t: float, box: tuple[int, int, int, int]) -> None:
    """What a window shows: the sky with its light, roofs or hills, and the weather, pasted into ``box``."""
    from PIL import Image, ImageDraw

    x0, y0, x1, y1 = box
    view = Image.new("RGB", (x1 - x0, y1 - y0))
    gradient = Image.new("RGB", (1, 64))
    gradient.putdata([mix(pal.sky_top, pal.sky_bottom, y / 63) for y in range(64)])
    view.paste(gradient.resize(view.size))
    draw = ImageDraw.Draw(view)
    w, h = view.size
    sky.light(draw, w, h, pal, scene, r, t, horizon=h * 0.7)
    for k in range(7):  # roofs across the street, lit windows at night
        x, width = w * k / 7, w * (0.12 + 0.06 * r(70 + k))
        top = h * (0.55 + 0.2 * r(80 + k))
        draw.rectangle((x, top, x + width, h), fill=mix(pal.far, (0, 0, 0), 0.2 + 0.05 * (k % 2)))
        if scene.dark:
            draw.rectangle((x + width * 0.3, top + h * 0.06, x + width * 0.5, top + h * 0.1), fill=(250, 214, 120))
    sky.weather(view, scene, r, t)
    image.paste(view, (x0, y0))


def _window(image: Any, draw: Any, pal: Palette, scene: Scene, r: Rand, t: float, box: tuple[int, int, int, int],
            *, wall: bool = True) -> float:  # fmt: skip
    """A window in a wall, the weather outside, its frame and sill; returns the sill's level."""
    w, h = _size(image)
    if wall:
        draw.rectangle((0, 0, w, h), fill=_wall(pal, scene))
    x0, y0, x1, y1 = box
    _glass_view(image, pal, scene, r, t, box)
    frame = mix(_wall(pal, scene), (255, 255, 255), 0.5)
    bar = max(3, round(min(w, h) * 0.018))
    draw.rectangle((x0, y0, x1, y1), outline=frame, width=bar)
    draw.line([((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)], fill=frame, width=bar)
    draw.line([(x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2)], fill=frame, width=bar)
    if scene.weather == "rain":  # drops on the glass, running down
        for k in range(16):
            x = x0 + (x1 - x0) * r(500 + k)
            y = y0 + ((y1 - y0) * (r(520 + k) + 0.3 * t)) % (y1 - y0)
            drop = max(1.5, min(w, h) * 0.006)
            draw.ellipse((x - drop, y - drop * 1.3, x + drop, y + drop), fill=mix(sky.RAIN, (255, 255, 255), 0.4))
    sill = y1 + bar
    draw.rectangle((x0 - bar * 2, y1, x1 + bar * 2, sill + bar), fill=mix(frame, (0, 0, 0), 0.1))
    return sill


def _wall(pal: Palette, scene: Scene) -> tuple[int, int, int]:
    if scene.dark:
        return (86, 66, 56)  # lamplight on a wall at night
    return mix(pal.sky_bottom, (232, 220, 200) if not scene.overcast else (200, 204, 206), 0.75)


def _indoors(image: Any, draw: Any, pal: Palette, scene: Scene, r: Rand, t: float, place: str, wide: bool) -> float:
    """A window, a café or a kitchen; returns the level of the sill, table or counter."""
    w, h = _size(image)
    if place == "window":
        margin = 0.08 if wide else 0.16
        return _window(image, draw, pal, scene, r, t, (round(w * margin), round(h * 0.07), round(w * (1 - margin)),
                                                         round(h * 0.6)))  # fmt: skip
    draw.rectangle((0, 0, w, h), fill=_wall(pal, scene))
    counter = h * 0.66
    if place == "kitchen":  # tiles, a small window, cupboards
        tile = max(6, w // 16)
        for y in range(round(h * 0.3), round(counter), tile):
            draw.line([(0, y), (w, y)], fill=mix(_wall(pal, scene), (255, 255, 255), 0.5), width=1)
        for x in range(0, w, tile):
            draw.line([(x, h * 0.3), (x, counter)], fill=mix(_wall(pal, scene), (255, 255, 255), 0.5), width=1)
        _window(image, draw, pal, scene, r, t, (round(w * 0.55), round(h * 0.06), round(w * 0.92), round(h * 0.28)),
                wall=False)  # fmt: skip
        draw.rectangle((w * 0.04, h * 0.04, w * 0.48, h * 0.24), fill=mix(pal.near, (230, 230, 226), 0.7))
    else:  # a café: a big window, shelves of cups and jars, lamps hanging
        _window(image, draw, pal, scene, r, t, (round(w * 0.05), round(h * 0.1), round(w * 0.5), round(h * 0.56)),
                wall=False)  # fmt: skip
        for k in range(3):
            shelf = h * (0.16 + 0.14 * k)
            draw.rectangle((w * 0.58, shelf, w * 0.96, shelf + h * 0.012), fill=(120, 84, 56))
            for j in range(4):
                left = w * (0.6 + 0.09 * j)
                jar = (236, 232, 222) if (j + k) % 2 else mix(pal.near, (180, 120, 70), 0.5)
                draw.rectangle((left, shelf - h * 0.05, left + w * 0.05, shelf), fill=jar)
        for lamp in (w * 0.3, w * 0.7):  # lamps hanging, lit
            draw.line([(lamp, 0), (lamp, h * 0.08)], fill=(40, 40, 40), width=max(1, w // 300))
            draw.chord((lamp - w * 0.05, h * 0.06, lamp + w * 0.05, h * 0.14), 180, 360, fill=(50, 50, 54))
            draw.ellipse((lamp - w * 0.02, h * 0.1, lamp + w * 0.02, h * 0.12), fill=(255, 226, 150))
    wood = mix(pal.near, (140, 96, 64), 0.6)
    draw.rectangle((0, counter, w, h), fill=wood)
    draw.line([(0, counter), (w, counter)], fill=mix(wood, (0, 0, 0), 0.3), width=max(1, h // 200))
    return counter + (h - counter) * 0.35


def _from_above(image: Any, draw: Any, pal: Palette, scene: Scene, r: Rand, t: float, subject: str) -> None:
    """A drink or a dish seen from above (a carousel's detail)."""
    w, h = _size(image)
    name = subject.split(":", 1)[1]
    if subject.startswith("drink"):
        motifs.bowl_from_above(draw, w, h, pal, r, t, DRINK_COLOURS.get(name, DRINK_COLOURS["coffee"]))
    else:
        motifs.plate(draw, w, h, pal, r, t, words=(name,))


#: what a carousel's wide slide adds to a scene with no subject, by place
_PROPS = {"window": "plant", "cafe": "drink:coffee", "kitchen": "food:bread", "table": "drink:coffee"}


def _framing(scene: Scene, variant: int) -> tuple[str | None, str]:
    """The subject and the place of a variant: a carousel's slides are three views of one scene."""
    subject = scene.second if variant == 2 and scene.second else scene.subject
    place = scene.place or default_place(subject)
    if scene.subject is None and variant == 1:  # the place, with someone (or something) in it
        subject = _PROPS.get(place, "person:walking")
    if scene.subject is None and variant == 2:  # the other side of the glass
        place = "" if place in ("window", "cafe", "kitchen") else "window"
    return subject, place


def compose(image: Any, pal: Palette, scene: Scene, r: Rand, t: float, variant: int = 0) -> None:
    """Draw the scene's place, its subject and its weather on ``image`` (its sky painted already)."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    w, h = _size(image)
    variant %= 3
    subject, place = _framing(scene, variant)
    if subject == "wheel":
        sky.light(draw, w, h, pal, scene, r, t, horizon=h * 0.78)
        motifs.wheel(draw, w, h, pal, r, t)
        sky.weather(image, scene, r, t)
        return
    if variant == 2 and subject == scene.subject and scene.kind(subject) in ("drink", "food"):
        _from_above(image, draw, pal, scene, r, t, str(subject))
        return
    indoors = place in ("window", "cafe", "kitchen")
    wide = variant == 1
    if indoors:
        base = _indoors(image, draw, pal, scene, r, t, place, wide)
    elif place == "table":
        base = _table(image, draw, pal, scene, r, t)
    else:
        base = _outdoors(image, draw, pal, scene, r, t, place)
    if wide:  # the wide slide is seen from the other side
        from PIL import Image

        image.paste(image.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    if subject is not None:
        person = scene.kind(subject) == "person"
        prop = subject != scene.subject and subject != scene.second  # brought in by the framing
        size = (h * 0.5 if person else min(w, h) * 0.6) * (0.8 if prop else 0.45 if wide else 1.0)
        cx = w * ((0.3 + 0.4 * r(40)) if wide else 0.5)
        if person and indoors:
            base = h * 0.96  # on the floor, not on the sill
        elif subject == "person:surfing" and place == "beach":
            base = h * 0.72
        if variant == 2 and subject == scene.subject:  # the detail: the subject close, cropped by the frame
            size, cx, base = size * 1.6, w * 0.42, base + size * 0.35
        draw_subject(draw, subject, cx, base, size, pal, t, rain=scene.weather == "rain", dark=scene.dark)
    if not indoors:
        sky.weather(image, scene, r, t)
