"""The light and the weather of an emulated picture: sun, low sun, moon and stars, clouds, rain,
snow, fog, autumn leaves and spring petals, each animated by ``t`` for videos.

:func:`light` draws what is in the sky (a clear day's sun; at sunrise or sunset a low sun on the
horizon; at night the moon and stars; clouds and no sun when it rains, snows or is foggy).
:func:`weather` draws what falls or drifts in front of everything, inside a box (a window's
panes, or the whole picture): rain streaks, snowflakes, fog bands, leaves, petals.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .motifs import Palette, mix
from .scene import Scene

__all__ = ["RAIN", "light", "weather"]

RGB = tuple[int, int, int]
Rand = Callable[[int], float]
Box = tuple[float, float, float, float]
#: the colour of falling rain (light grey-blue), which tests look for
RAIN = (196, 208, 224)
_LEAVES = ((201, 94, 38), (222, 140, 46), (168, 58, 32), (236, 178, 64))


def _disc(draw: Any, x: float, y: float, radius: float, colour: RGB, glow: RGB, halo: RGB) -> None:
    for size, fill in ((radius * 1.6, halo), (radius * 1.25, glow), (radius, colour)):
        draw.ellipse((x - size, y - size, x + size, y + size), fill=fill)


def light(draw: Any, w: int, h: int, pal: Palette, scene: Scene, r: Rand, t: float, *, horizon: float) -> None:
    """What lights the sky above ``horizon`` (a y in pixels): sun, low sun, moon and stars, or clouds."""
    size = min(w, h)
    if scene.dark:
        for k in range(28):  # stars, twinkling
            x, y = w * r(60 + k), horizon * 0.85 * r(90 + k)
            twinkle = 0.5 + 0.5 * math.sin(6.283 * (t * 2 + r(120 + k)))
            dot = max(1.0, size * 0.004 * (1 + twinkle))
            draw.ellipse(
                (x - dot, y - dot, x + dot, y + dot), fill=mix(pal.sky_top, (255, 255, 240), 0.5 + 0.5 * twinkle)
            )
        x, y, radius = w * (0.68 + 0.12 * r(20)), horizon * 0.3, size * 0.07
        _disc(draw, x, y, radius, (240, 240, 228), mix(pal.sky_top, (240, 240, 228), 0.35),
              mix(pal.sky_top, (240, 240, 228), 0.15))  # fmt: skip
        draw.ellipse((x - radius * 0.55, y - radius * 0.9, x + radius * 1.25, y + radius * 0.7), fill=pal.sky_top)
    elif scene.overcast:  # the clouds hold still; the rain or snow in front of them moves
        _clouds(draw, w, pal, r, horizon, heavy=scene.weather == "rain")
    elif scene.time in ("sunrise", "sunset"):  # a big low sun, half under the horizon, rising or setting
        radius = size * 0.16
        x = w * (0.3 + 0.4 * r(20))
        y = horizon - radius * (0.35 + 0.25 * (t if scene.time == "sunrise" else 1 - t))
        _disc(draw, x, y, radius, pal.sun, mix(pal.sun, pal.sky_bottom, 0.4), mix(pal.sun, pal.sky_bottom, 0.75))
    else:
        radius = size * (0.07 + 0.05 * r(10))  # a day's sun stands still: a short clip's motion is elsewhere
        x, y = w * (0.2 + 0.6 * r(20)), horizon * (0.3 + 0.2 * r(30))
        _disc(draw, x, y, radius, pal.sun, mix(pal.sun, pal.sky_bottom, 0.55), mix(pal.sun, pal.sky_bottom, 0.8))
        _clouds(draw, w, pal, r, horizon * 0.6, heavy=False, count=2)  # fair-weather clouds
        for k in range(3):  # birds crossing the sky: a small thing that moves on a clear day
            bx = (w * (r(170 + k) + 0.35 * t)) % w
            by = horizon * (0.25 + 0.3 * r(180 + k)) + size * 0.01 * math.sin(6.283 * (t * 3 + k))
            span = size * 0.02
            draw.line([(bx - span, by - span * 0.5), (bx, by), (bx + span, by - span * 0.5)],
                      fill=mix(pal.near, (0, 0, 0), 0.5), width=max(1, round(size * 0.004)))  # fmt: skip


def _clouds(draw: Any, w: int, pal: Palette, r: Rand, low: float, *, heavy: bool, count: int = 5) -> None:
    """Clouds that hold still (the weather in front moves), grey and low when ``heavy``."""
    base = mix(pal.sky_bottom, (120, 126, 138) if heavy else (255, 255, 255), 0.55 if heavy else 0.7)
    for k in range(count):
        cx = (w * r(140 + k) % (w * 1.2)) - w * 0.1
        cy, width = low * (0.15 + 0.7 * r(150 + k)), w * (0.22 + 0.2 * r(160 + k))
        shade = mix(base, (0, 0, 0), 0.08 * (k % 3))
        for j in range(4):
            bx = cx + width * (j - 1.5) * 0.3
            by = cy - width * 0.08 * (j % 2)
            draw.ellipse((bx - width * 0.22, by - width * 0.12, bx + width * 0.22, by + width * 0.1), fill=shade)


def weather(image: Any, scene: Scene, r: Rand, t: float, box: Box | None = None) -> None:
    """Rain, snow, fog, falling leaves or petals over ``box`` of ``image`` (all of it by default)."""
    from PIL import ImageDraw

    x0, y0, x1, y1 = box or (0, 0, image.width, image.height)
    w, h = x1 - x0, y1 - y0
    if w < 4 or h < 4:
        return
    draw = ImageDraw.Draw(image)
    size = min(image.width, image.height)
    few = min(1.0, max(0.3, size / 600))  # a video frame (144 px) carries fewer: each one moves every frame
    if scene.weather == "rain":
        length = size * 0.07
        for k in range(round(26 * few)):  # streaks falling, slanted a little; they wrap round as t goes
            x = x0 + w * r(200 + k)
            y = y0 + (h * r(230 + k) + h * 1.5 * t) % h
            end = min(y + length, y1)
            draw.line([(x, y), (x - length * 0.15 * (end - y) / length, end)], fill=RAIN, width=max(1, size // 300))
    elif scene.weather == "snow":
        for k in range(round(40 * few)):
            x = x0 + (w * r(200 + k) + w * 0.04 * math.sin(6.283 * (t + r(260 + k)))) % w
            y = y0 + (h * r(230 + k) + h * 0.5 * t) % h
            flake = max(1.0, size * (0.004 + 0.004 * r(290 + k)))
            draw.ellipse((x - flake, y - flake, x + flake, y + flake), fill=(250, 252, 255))
    elif scene.weather == "fog":
        _fog(image, (x0, y0, x1, y1), r)
    if scene.season in ("autumn", "spring") and scene.weather != "snow":
        for k in range(round(16 * few)):  # leaves (or petals) tumbling down
            x = x0 + (w * r(300 + k) + w * 0.1 * math.sin(6.283 * (t + r(320 + k)))) % w
            y = y0 + (h * r(340 + k) + h * 0.4 * t) % h
            leaf = size * (0.018 + 0.014 * r(360 + k))
            colour = _LEAVES[k % len(_LEAVES)] if scene.season == "autumn" else (248, 196, 214)
            turn = 6.283 * (r(380 + k) + t)
            radii = (leaf, leaf * 0.45, leaf, leaf * 0.45)
            points = [
                (x + d * math.cos(turn + i * 1.5708), y + d * math.sin(turn + i * 1.5708)) for i, d in enumerate(radii)
            ]
            draw.polygon(points, fill=colour)


def _fog(image: Any, box: Box, r: Rand) -> None:
    """Pale bands of mist across ``box``; they hang (moving them would redraw a video's every block)."""
    from PIL import Image, ImageDraw

    x0, y0, x1, y1 = (round(v) for v in box)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    draw = ImageDraw.Draw(mask)
    for k in range(5):
        y = (y1 - y0) * (0.25 + 0.15 * k + 0.05 * r(400 + k))
        drift = (x1 - x0) * 0.1 * math.sin(6.283 * r(410 + k))
        draw.ellipse((-(x1 - x0) * 0.3 + drift, y - (y1 - y0) * 0.06, (x1 - x0) * 1.3 + drift, y + (y1 - y0) * 0.06),
                     fill=110 + 10 * k)  # fmt: skip
    image.paste((232, 234, 238), (x0, y0), mask)
