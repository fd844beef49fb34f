"""Deterministic pictures for the emulator: landscapes drawn with Pillow.

A prompt (and seed) picks a palette, a sun and three hill layers, so different prompts give visibly
different, pleasant pictures; ``t`` animates the same scene for videos (:mod:`.h264`).
"""

from __future__ import annotations

import base64
import io
import math
from typing import Any

from .catalog import stable_int

__all__ = ["reference_look", "render_png", "render_rgb", "render_scene"]

RGB = tuple[int, int, int]
# (sky top, sky bottom, sun, far hills, middle hills, near hills)
PALETTES: dict[str, tuple[RGB, ...]] = {
    "sunset": ((255, 94, 77), (255, 196, 120), (255, 241, 204), (122, 63, 110), (82, 40, 88), (45, 22, 58)),
    "ocean": (
        (64, 128, 201),
        (182, 222, 250),
        (255, 250, 222),
        (70, 150, 170),
        (40, 115, 140),
        (20, 80, 110),
    ),
    "night": ((14, 20, 58), (64, 52, 124), (238, 238, 255), (38, 46, 92), (24, 30, 68), (12, 16, 42)),
    "pastel": (
        (255, 200, 221),
        (201, 222, 255),
        (255, 255, 255),
        (176, 138, 206),
        (142, 104, 182),
        (108, 78, 152),
    ),
    "desert": (
        (247, 166, 88),
        (255, 231, 163),
        (255, 250, 232),
        (205, 126, 66),
        (170, 92, 47),
        (128, 64, 34),
    ),
    "forest": ((118, 178, 168), (240, 230, 190), (255, 248, 220), (84, 136, 96), (56, 104, 72), (30, 70, 48)),
    "neon": ((40, 0, 84), (255, 0, 128), (255, 222, 0), (70, 0, 110), (44, 0, 80), (20, 0, 50)),
    "snow": (
        (150, 200, 245),
        (238, 246, 255),
        (255, 255, 240),
        (206, 222, 242),
        (166, 192, 224),
        (124, 160, 204),
    ),
}
# words in a prompt that choose a palette; otherwise the prompt's hash does
KEYWORDS = {
    "sunset": "sunset",
    "golden": "sunset",
    "autumn": "sunset",
    "coffee": "desert",
    "beach": "ocean",
    "ocean": "ocean",
    "sea": "ocean",
    "surf": "ocean",
    "travel": "ocean",
    "night": "night",
    "moon": "night",
    "star": "night",
    "city": "night",
    "pastel": "pastel",
    "spring": "pastel",
    "flower": "pastel",
    "fashion": "pastel",
    "beauty": "pastel",
    "desert": "desert",
    "sand": "desert",
    "summer": "desert",
    "forest": "forest",
    "hike": "forest",
    "yoga": "forest",
    "plant": "forest",
    "green": "forest",
    "neon": "neon",
    "cyber": "neon",
    "party": "neon",
    "music": "neon",
    "gaming": "neon",
    "snow": "snow",
    "winter": "snow",
    "ski": "snow",
    "mountain": "snow",
}


def _palette(prompt: str, h: int) -> tuple[RGB, ...]:
    lowered = prompt.lower()
    for word, name in KEYWORDS.items():
        if word in lowered:
            return PALETTES[name]
    names = sorted(PALETTES)
    return PALETTES[names[h % len(names)]]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def reference_look(references: Any) -> tuple[RGB, ...] | None:
    """A palette taken from the first reference image (a ``data:`` URL) of a request, or None.

    Sky from the reference's top, hills from its bottom: pictures made with the same reference
    share its colours, whatever their prompt. URLs the emulator cannot fetch are ignored.
    """
    from PIL import Image

    for ref in references if isinstance(references, list) else ():
        url = ((ref or {}).get("image_url") or {}).get("url") if isinstance(ref, dict) else None
        if not isinstance(url, str) or not url.startswith("data:") or ";base64," not in url:
            continue
        try:
            data = base64.b64decode(url.split(",", 1)[1], validate=True)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > 40_000_000:
                    continue  # not decoding a bomb to pick colours
                strip = image.convert("RGB").resize((1, 6), Image.Resampling.BOX)
        except (ValueError, OSError, Image.DecompressionBombError):
            continue
        colours: list[RGB] = [tuple(strip.getpixel((0, y)))[:3] for y in range(6)]  # type: ignore[arg-type, misc]
        top, bottom = colours[0], colours[2]
        sun = _mix(top, (255, 255, 240), 0.7)
        return (top, bottom, sun, colours[3], colours[4], _mix(colours[5], (0, 0, 0), 0.2))
    return None


def render_scene(
    prompt: str, seed: object, width: int, height: int, t: float = 0.0, look: tuple[RGB, ...] | None = None
) -> Any:
    """The scene for ``prompt``/``seed`` as a Pillow RGB image; ``t`` in [0, 1] animates it
    (the sun rises along an arc, the hills drift). ``look`` (a palette from :func:`reference_look`)
    replaces the prompt's palette."""
    from PIL import Image, ImageDraw

    h = stable_int("scene", prompt, seed)
    sky_top, sky_bottom, sun, *hills = look or _palette(prompt, h)

    def frac(shift: int) -> float:  # several independent slices of one hash
        return ((h >> shift) % 1000) / 1000.0

    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # the sky: a vertical gradient
        draw.line([(0, y), (width, y)], fill=_mix(sky_top, sky_bottom, y / max(1, height - 1)))
    radius = min(width, height) * (0.08 + 0.07 * frac(10))
    sun_x = width * (0.2 + 0.6 * frac(20)) + width * 0.15 * t
    sun_y = height * (0.22 + 0.2 * frac(30)) - height * 0.08 * math.sin(math.pi * t)
    glow = _mix(sun, sky_bottom, 0.55)
    sky_at_sun = _mix(sky_top, sky_bottom, min(1.0, max(0.0, sun_y / height)))
    for r, color in ((radius * 1.6, _mix(glow, sky_at_sun, 0.5)), (radius * 1.25, glow), (radius, sun)):
        draw.ellipse((sun_x - r, sun_y - r, sun_x + r, sun_y + r), fill=color)
    for k, color in enumerate(hills):  # far to near, each a little darker towards the bottom
        base = height * (0.56 + 0.13 * k)
        amp1, amp2 = height * (0.05 + 0.06 * frac(40 + 5 * k)), height * 0.025
        freq1, freq2 = 0.6 + 1.6 * frac(44 + 3 * k), 2.5 + 3 * frac(50 + 2 * k)
        phase = 6.28 * frac(8 + 7 * k) + t * (0.6 + 0.5 * k)
        ridge = [
            (
                x,
                base
                + amp1 * math.sin(6.283 * freq1 * x / width + phase)
                + amp2 * math.sin(6.283 * freq2 * x / width + 2 * phase),
            )
            for x in range(0, width + 1, 2)
        ]
        draw.polygon([*ridge, (width, height), (0, height)], fill=_mix(color, (0, 0, 0), 0.12 + 0.04 * k))
    return image


def render_rgb(prompt: str, seed: object, width: int, height: int, t: float = 0.0) -> list[bytes]:
    """The scene as ``height`` rows of packed RGB bytes (what the video encoder takes)."""
    data = render_scene(prompt, seed, width, height, t).tobytes()
    stride = width * 3
    return [data[y * stride : (y + 1) * stride] for y in range(height)]


def render_png(
    prompt: str, seed: object = None, width: int = 256, height: int = 256, *, look: tuple[RGB, ...] | None = None
) -> bytes:
    """A PNG of the scene for ``prompt``/``seed`` (the same bytes for the same arguments)."""
    out = io.BytesIO()
    render_scene(prompt, seed, width, height, look=look).save(out, format="PNG", optimize=True)
    return out.getvalue()
