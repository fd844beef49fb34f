"""Deterministic pictures for the emulator, drawn with Pillow: the prompt's subject, its words, a mark.

A prompt's words pick a motif (:mod:`.motifs`) and a palette, its hash the layout, so different
subjects give different pictures and the same prompt and seed the same bytes. Every picture says
what it is: the prompt's key words on a band and an "emulated" mark. ``t`` animates the same
picture for videos (:mod:`.h264`).
"""

from __future__ import annotations

import base64
import functools
import io
from typing import Any

from .catalog import stable_int
from .composition import compose
from .motifs import Palette, mix
from .scene import Scene, read_scene
from .writer import ALL_LIGHTS, CAMERAS, STYLES, salient_words

__all__ = ["reference_look", "render_png", "render_scene", "scene_palette", "subject_words"]

RGB = tuple[int, int, int]
_MASK = (1 << 64) - 1
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
#: the palettes a scene's weather, time or season asks for (before any keyword's)
SCENE_PALETTES: dict[str, tuple[RGB, ...]] = {
    "rain": ((98, 110, 126), (164, 174, 186), (222, 226, 232), (96, 110, 112), (74, 88, 92), (52, 64, 70)),
    "fog": ((190, 194, 200), (226, 228, 232), (245, 245, 240), (168, 174, 180), (140, 148, 156), (104, 112, 120)),
    "snow": PALETTES["snow"],
    "night": PALETTES["night"],
    "sunrise": ((122, 150, 206), (255, 194, 146), (255, 238, 170), (150, 112, 138), (112, 82, 110), (72, 52, 72)),
    "sunset": PALETTES["sunset"],
    "autumn": ((148, 188, 218), (250, 224, 184), (255, 242, 206), (204, 124, 62), (172, 84, 42), (120, 58, 32)),
    "winter": PALETTES["snow"],
    "spring": PALETTES["pastel"],
    "summer": ((70, 140, 220), (190, 226, 250), (255, 250, 220), (110, 170, 90), (70, 140, 70), (40, 100, 50)),
}
_AUTUMN = ((214, 130, 60), (180, 86, 40), (126, 60, 30))
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


def scene_palette(scene: Scene, h: int) -> Palette:
    """The colours of a scene: its weather's, else its time of day's, else its season's, else its
    words' (:data:`KEYWORDS`) or its hash's. Autumn turns the hills and trees of any of them."""
    chosen = next((SCENE_PALETTES[k] for k in (scene.weather, scene.time, scene.season) if k in SCENE_PALETTES), None)
    pal = Palette(*chosen) if chosen else _palette(scene.words, h)
    if scene.season == "autumn" and not scene.dark:
        far, mid, near = (mix(a, b, 0.55) for a, b in zip((pal.far, pal.mid, pal.near), _AUTUMN, strict=True))
        pal = Palette(pal.sky_top, pal.sky_bottom, pal.sun, far, mid, near)
    return pal


def _palette(words: tuple[str, ...], h: int) -> Palette:
    for word in words:
        for key, name in KEYWORDS.items():
            if word.startswith(key):
                return Palette(*PALETTES[name])
    names = [name for name in sorted(PALETTES) if name not in ("night", "neon")]  # only words make it dark
    return Palette(*PALETTES[names[h % len(names)]])


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
        sun = mix(top, (255, 255, 240), 0.7)
        return (top, bottom, sun, colours[3], colours[4], mix(colours[5], (0, 0, 0), 0.2))
    return None


@functools.lru_cache(maxsize=32)
def _font(size: int) -> Any:
    """Pillow's own font at ``size``, loaded once per size (a video draws its label on every frame)."""
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except (OSError, TypeError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _label(draw: Any, w: int, h: int, words: list[str], colour: RGB) -> None:
    """The prompt's key words on a band at the foot, and a small "emulated" mark at the top left."""
    size = max(8, round(min(w, h) * 0.045))
    font = _font(size)
    pad = max(2, size // 3)
    text = " · ".join(words)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    while right - left > w - 4 * pad and len(text) > 1:  # too long for the picture: shortened
        text = text[:-2].rstrip(" ·") + "…"
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    y = h - (bottom - top) - 3 * pad
    band = mix(colour, (0, 0, 0), 0.55)
    draw.rounded_rectangle((pad, y - pad, pad * 3 + right - left, h - pad), radius=pad, fill=band)
    draw.text((pad * 2 - left, y - top), text, font=font, fill=(255, 255, 255))
    small = _font(max(7, round(size * 0.75)))
    left, top, right, bottom = draw.textbbox((0, 0), "emulated", font=small)
    draw.rounded_rectangle((pad, pad, pad * 3 + right - left, pad * 3 + bottom - top), radius=pad, fill=(0, 0, 0))
    draw.text((pad * 2 - left, pad * 2 - top), "emulated", font=small, fill=(255, 255, 255))


#: words about how a picture is taken, not what it shows: left off its label
_CRAFT = frozenset(
    " ".join((*STYLES, *ALL_LIGHTS, *CAMERAS)).lower().replace("-", " ").split()
    + "photo photograph picture image shot shots closeup close cinematic lens light lighting render style "
    "realistic detailed vibrant natural colours colors colour color composition framing vertical horizontal "
    "wide square portrait landscape no text aesthetic".split()
)


def subject_words(prompt: str, limit: int = 3) -> list[str]:
    """What a prompt's picture shows, in its first few content words (style and camera words left out)."""
    shown = [w for w in salient_words(prompt, limit + 24) if not set(w.split("-")) <= _CRAFT]  # "flat-lay" too
    return shown[:limit] or ["today"]


def render_scene(
    prompt: str,
    seed: object,
    width: int,
    height: int,
    t: float = 0.0,
    look: tuple[RGB, ...] | None = None,
    *,
    label: bool = True,
    variant: int = 0,
) -> Any:
    """The picture for ``prompt``/``seed`` as a Pillow RGB image; ``t`` in [0, 1] animates it.

    The prompt's words make its scene (:func:`~.scene.read_scene`: weather, time, season, place,
    subject), its palette and its composition (:func:`~.composition.compose`); its hash varies the
    layout, and ``variant`` (a carousel slide's index) the framing: close, wide, a detail. Its key
    words are written on a band at the foot, and a small "emulated" mark sits at the top left
    (``label=False`` leaves both out). ``look`` (a palette from :func:`reference_look`) replaces
    the scene's palette.
    """
    from PIL import Image

    h = stable_int("scene", prompt, seed)
    scene = read_scene(prompt)
    pal = Palette(*look) if look else scene_palette(scene, h)

    def r(shift: int) -> float:  # a number in [0, 1) per shift, independent ones from one hash (splitmix64)
        x = (h + shift * 0x9E3779B97F4A7C15) & _MASK
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
        return ((x ^ (x >> 31)) % 1000) / 1000.0

    sky = Image.new("RGB", (1, 256))
    sky.putdata([mix(pal.sky_top, pal.sky_bottom, y / 255) for y in range(256)])
    image = sky.resize((width, height), Image.Resampling.BILINEAR)
    compose(image, pal, scene, r, t, variant)
    if label:
        from PIL import ImageDraw

        _label(ImageDraw.Draw(image), width, height, subject_words(prompt), pal.near)
    return image


def render_png(
    prompt: str,
    seed: object = None,
    width: int = 256,
    height: int = 256,
    *,
    look: tuple[RGB, ...] | None = None,
    variant: int = 0,
) -> bytes:
    """A PNG of the picture for ``prompt``/``seed`` (the same bytes for the same arguments)."""
    out = io.BytesIO()
    render_scene(prompt, seed, width, height, look=look, variant=variant).save(out, format="PNG", optimize=True)
    return out.getvalue()
