"""The grounds of an emulated picture, drawn with Pillow: hills, peaks, the sea, a skyline, a road
with its wheel, and a drink or a dish seen from above.

Each motif draws on a sky already painted, in the scene's palette, at any size (a 1024 px image
or a 108 px video frame), with its layout varied by the prompt's hash (``r(shift)`` gives a number
in [0, 1)) and animated by ``t`` in [0, 1] for videos: a sail glides, a wheel turns, froth turns
(small moving parts keep the emulator's videos small). The sky's light (sun, moon, clouds) is
drawn before a motif by :mod:`.sky`; which motif a place gets is :mod:`.composition`'s choice.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

from .scene import TIMES

__all__ = [
    "MOTIFS",
    "Palette",
    "bowl_from_above",
    "city",
    "draw_motif",
    "landscape",
    "mix",
    "mountains",
    "plate",
    "ridge",
    "sea",
    "wheel",
]

RGB = tuple[int, int, int]
Rand = Callable[[int], float]


class Palette(NamedTuple):
    """The colours of a picture: a sky gradient, a sun, and three layers from far to near."""

    sky_top: RGB
    sky_bottom: RGB
    sun: RGB
    far: RGB
    mid: RGB
    near: RGB


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """The colour ``t`` of the way from ``a`` to ``b``."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def ridge(w: int, base: float, amp: float, freq: float, phase: float) -> list[tuple[float, float]]:
    """A wavy line across the width: the top edge of hills or a wave."""
    step = max(2, w // 256)
    return [(x, base + amp * math.sin(6.283 * freq * x / w + phase)) for x in range(0, w + step, step)]


def landscape(draw: Any, w: int, h: int, pal: Palette, r: Rand, t: float) -> None:
    """Rolling hills under a sun, three layers deep."""
    for k, colour in enumerate((pal.far, pal.mid, pal.near)):
        amp, freq = h * (0.05 + 0.06 * r(40 + 5 * k)), 0.6 + 1.6 * r(44 + 3 * k)
        edge = ridge(w, h * (0.56 + 0.13 * k), amp, freq, 6.28 * r(8 + 7 * k))  # hills hold still
        draw.polygon([*edge, (w, h), (0, h)], fill=mix(colour, (0, 0, 0), 0.12 + 0.04 * k))


def mountains(draw: Any, w: int, h: int, pal: Palette, r: Rand, t: float) -> None:
    """Sharp peaks with snow on their tops, a valley in front."""
    for k, colour in enumerate((pal.far, pal.mid)):
        peaks = 2 + k + int(r(12 + k) * 2)
        base = h * (0.62 + 0.1 * k)
        for i in range(peaks):
            cx = w * (i + 0.5 + 0.4 * (r(14 + i + 3 * k) - 0.5)) / peaks
            half = w * (0.28 + 0.1 * r(16 + i)) / (1 + 0.3 * k)
            top = h * (0.22 + 0.12 * k + 0.1 * r(18 + i + k))
            draw.polygon([(cx - half, base), (cx, top), (cx + half, base)], fill=mix(colour, (0, 0, 0), 0.1 * k))
            cap = 0.28  # the snow line, a fraction of the way down the peak
            left, right = (cx - half * cap, top + (base - top) * cap), (cx + half * cap, top + (base - top) * cap)
            draw.polygon([left, (cx, top), right], fill=mix((255, 255, 255), pal.sky_bottom, 0.1))
    draw.rectangle((0, h * 0.72, w, h), fill=mix(pal.near, (0, 0, 0), 0.15))


def sea(draw: Any, w: int, h: int, pal: Palette, r: Rand, t: float, *, words: tuple[str, ...] = ()) -> None:
    """A horizon, waves, and a sail or a board gliding across."""
    horizon = h * (0.5 + 0.1 * r(6))
    water = mix(pal.mid, pal.sky_top, 0.3)
    draw.rectangle((0, horizon, w, h), fill=water)
    for k in range(7):  # waves, nearer ones bigger and lighter
        y = horizon + (h - horizon) * (k + 0.6) / 7.5
        amp, crest = h * (0.004 + 0.004 * k), mix(water, (255, 255, 255), 0.18 + 0.06 * k)
        edge = ridge(w, y, amp, 3 + 2 * r(20 + k), 6.28 * r(22 + k))
        draw.line(edge, fill=crest, width=max(1, round(h * (0.003 + 0.0015 * k))))
    x, y = w * (0.15 + 0.3 * r(30)) + w * 0.2 * t, horizon + (h - horizon) * 0.35
    size = min(w, h) * (0.07 + 0.04 * r(32))
    sails = any(w.startswith(("sail", "boat", "harbo")) for w in words)
    surfs = any(w.startswith("surf") for w in words)
    if sails or (not surfs and r(34) < 0.5):  # a sail
        draw.polygon([(x, y - size * 2.2), (x, y), (x + size * 1.3, y)], fill=(250, 250, 245))
        draw.polygon([(x - size, y + size * 0.1), (x + size * 1.5, y + size * 0.1), (x + size, y + size * 0.5),
                      (x - size * 0.7, y + size * 0.5)], fill=mix(pal.near, (0, 0, 0), 0.3))  # fmt: skip
    else:  # a surfboard on a wave
        draw.ellipse((x - size * 1.6, y - size * 0.25, x + size * 1.6, y + size * 0.25), fill=pal.sun)


def city(draw: Any, w: int, h: int, pal: Palette, r: Rand, t: float, *, words: tuple[str, ...] = ()) -> None:
    """A skyline, its windows lit at night (pale by day), a street at its feet."""
    ground = h * 0.82
    x, i = 0.0, 0
    dark = "neon" in words or any(TIMES.get(word) == "night" for word in words)  # night words light the windows
    lit = mix(pal.sun, (255, 220, 120), 0.5) if dark else mix(pal.sky_bottom, pal.mid, 0.45)
    while x < w:
        width = w * (0.08 + 0.1 * r(10 + i % 40))
        top = h * (0.25 + 0.4 * r(12 + (i * 7) % 50))
        colour = mix(pal.near if i % 2 else pal.mid, (0, 0, 0), 0.25)
        draw.rectangle((x, top, x + width - max(1, w * 0.006), ground), fill=colour)
        pane = max(2.0, width / 7)
        for wy in range(int((ground - top - pane) / (pane * 1.8))):
            for wx in range(3):
                on = (i * 31 + wy * 7 + wx * 13 + int(t * 4)) % 5 < 2
                if on:
                    px, py = x + pane * (0.8 + 2 * wx), top + pane * (1 + 1.8 * wy)
                    draw.rectangle((px, py, px + pane, py + pane), fill=lit)
        x += width
        i += 1
    draw.rectangle((0, ground, w, h), fill=mix(pal.near, (0, 0, 0), 0.5))
    draw.line([(0, h * 0.91), (w, h * 0.91)], fill=mix(pal.sun, (0, 0, 0), 0.3), width=max(1, h // 160))


def bowl_from_above(draw: Any, w: int, h: int, pal: Palette, r: Rand, t: float, liquid: RGB) -> None:
    """A tea bowl seen from above on a bamboo mat, froth turning on it, a whisk beside it."""
    mat = mix(pal.sky_bottom, (196, 170, 110), 0.7)
    draw.rectangle((0, 0, w, h), fill=mat)
    slat = max(3, h // 40)
    for k in range(0, h // slat + 1, 2):
        draw.rectangle((0, k * slat, w, k * slat + max(1, slat // 4)), fill=mix(mat, (0, 0, 0), 0.12))
    cx, cy = w * (0.42 + 0.16 * r(10)), h * (0.38 + 0.14 * r(12))
    radius = min(w, h) * 0.3
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=mix(pal.near, (60, 50, 44), 0.5))
    inner = radius * 0.82
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=liquid)
    foam = mix(liquid, (255, 255, 230), 0.35)
    for k in range(12):  # the froth, turning slowly
        a, d = 6.283 * (r(20 + k) + t * 0.1), inner * 0.6 * r(40 + k)
        x, y, size = cx + d * math.cos(a), cy + d * math.sin(a), inner * (0.08 + 0.08 * r(60 + k))
        draw.ellipse((x - size, y - size, x + size, y + size), fill=foam)
    wx, wy = cx + radius * 0.2, min(cy + radius * 1.4, h * 0.84)  # the whisk: a handle and its fan of tines
    wood = (226, 200, 150)
    draw.rectangle((wx - radius * 0.9, wy - radius * 0.07, wx, wy + radius * 0.07), fill=wood)
    for k in range(9):
        a = -0.6 + 1.2 * k / 8
        draw.line([(wx, wy), (wx + radius * 0.5 * math.cos(a), wy + radius * 0.5 * math.sin(a))], fill=wood,
                  width=max(1, round(radius * 0.02)))  # fmt: skip


def wheel(draw: Any, w: int, h: int, pal: Palette, r: Rand, t: float) -> None:
    """A tyre on a road: tread, rim and spokes, turning as ``t`` goes."""
    road = h * 0.78
    draw.rectangle((0, road, w, h), fill=(52, 52, 58))
    for k in range(6):
        x = w * (k / 5.5 + 0.02)
        draw.rectangle((x, h * 0.88, x + w * 0.08, h * 0.9), fill=(235, 220, 120))
    radius = min(w, h) * (0.26 + 0.06 * r(10))
    cx, cy = w * (0.45 + 0.1 * r(12)), road - radius
    tread = max(2, round(radius * 0.08))
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(28, 28, 32))
    for k in range(24):  # the tread blocks
        a = 6.283 * (k / 24 + t * 0.5)
        x, y = cx + radius * math.cos(a), cy + radius * math.sin(a)
        draw.ellipse((x - tread, y - tread, x + tread, y + tread), fill=(44, 44, 50))
    rim = radius * 0.62
    draw.ellipse((cx - rim, cy - rim, cx + rim, cy + rim), fill=mix(pal.sun, (190, 190, 196), 0.7))
    for k in range(5):
        a = 6.283 * (k / 5 + t * 0.5)
        draw.line([(cx, cy), (cx + rim * 0.92 * math.cos(a), cy + rim * 0.92 * math.sin(a))],
                  fill=(90, 90, 100), width=max(1, round(rim * 0.12)))  # fmt: skip
    hub = rim * 0.2
    draw.ellipse((cx - hub, cy - hub, cx + hub, cy + hub), fill=(70, 70, 78))


def plate(draw: Any, w: int, h: int, pal: Palette, r: Rand, t: float, *, words: tuple[str, ...] = ()) -> None:
    """A dish seen from above: a plate on a cloth, a round bake cut in slices."""
    cloth = mix(pal.sky_bottom, (255, 255, 255), 0.35)
    draw.rectangle((0, 0, w, h), fill=cloth)
    check = max(4, min(w, h) // 8)
    stripe = mix(cloth, pal.near, 0.25)
    for k in range(0, max(w, h) // check + 1, 2):
        draw.rectangle((k * check, 0, (k + 1) * check, h), fill=stripe)
    cx, cy = w * (0.5 + 0.1 * (r(10) - 0.5)), h * (0.5 + 0.1 * (r(12) - 0.5))
    radius = min(w, h) * 0.36
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(248, 248, 244))
    food = radius * 0.78
    crust = (196, 120, 52) if "pizza" in words else mix(pal.sun, (170, 100, 60), 0.6)
    top = (214, 64, 44) if "pizza" in words else mix(pal.sky_top, (250, 230, 200), 0.5)
    draw.ellipse((cx - food, cy - food, cx + food, cy + food), fill=crust)
    draw.ellipse((cx - food * 0.88, cy - food * 0.88, cx + food * 0.88, cy + food * 0.88), fill=top)
    for k in range(6):  # the cuts, turning slowly
        a = 6.283 * (k / 6 + t * 0.05)
        draw.line([(cx, cy), (cx + food * math.cos(a), cy + food * math.sin(a))], fill=crust,
                  width=max(1, round(food * 0.03)))  # fmt: skip
    for k in range(9):  # toppings
        a, d = 6.283 * r(20 + k), food * 0.7 * r(30 + k)
        x, y, s = cx + d * math.cos(a), cy + d * math.sin(a), food * 0.08
        draw.ellipse((x - s, y - s, x + s, y + s), fill=mix(pal.near, (40, 120, 50), 0.5))


MOTIFS: dict[str, Callable[..., None]] = {
    "landscape": landscape,
    "mountains": mountains,
    "sea": sea,
    "city": city,
    "wheel": wheel,
    "plate": plate,
}
#: motifs that look at the prompt's words (a pizza, a sail or a board, night's lit windows)
_WORDY = frozenset({"plate", "sea", "city"})


def draw_motif(name: str, draw: Any, w: int, h: int, pal: Palette, r: Rand, t: float, words: tuple[str, ...]) -> None:
    """Draw the motif ``name`` (words passed to the motifs that read them)."""
    if name in _WORDY:
        MOTIFS[name](draw, w, h, pal, r, t, words=words)
    else:
        MOTIFS[name](draw, w, h, pal, r, t)
