"""The subjects of an emulated picture, drawn standing on a surface: drinks by name, dishes, people
doing what the prompt says, pets, books, plants and flowers.

Every function takes the surface's centre ``cx`` and level ``base`` (y, pixels) and a ``size``
(about the subject's height), and ``t`` in [0, 1] for videos: steam rises, a runner's legs
swing, a cyclist's wheels turn, a cat's tail sways, leaves nod.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .motifs import Palette, mix

__all__ = ["DRINK_COLOURS", "books", "draw_subject", "drink", "food", "house", "person", "pet", "plant"]

RGB = tuple[int, int, int]
_GLASS = (214, 226, 232)
_CHINA = (248, 246, 240)
_SKIN = (206, 150, 112)
#: the colour of each drink the pictures know
DRINK_COLOURS: dict[str, RGB] = {
    "coffee": (98, 60, 34), "latte": (186, 134, 88), "cappuccino": (200, 156, 110), "espresso": (70, 40, 22),
    "cortado": (150, 100, 62), "tea": (186, 110, 36), "matcha": (120, 160, 70), "smoothie": (222, 86, 128),
    "wine": (120, 20, 48), "cocktail": (244, 128, 70), "soup": (214, 108, 40),
}  # fmt: skip


def _steam(draw: Any, cx: float, top: float, size: float, colour: RGB, t: float) -> None:
    for k in range(3):
        x0 = cx + size * (k - 1) * 0.16
        wisp = [(x0 + size * 0.05 * math.sin(6.283 * (s / 10 + t + k * 0.3)), top - size * (0.08 + s * 0.035))
                for s in range(11)]  # fmt: skip
        draw.line(wisp, fill=colour, width=max(1, round(size * 0.025)))


def _cup(draw: Any, cx: float, base: float, size: float, liquid: RGB, *, small: bool, heart: bool) -> float:
    """A cup on its saucer; returns the rim's y."""
    half = size * (0.22 if small else 0.32)
    rim = base - half * (1.1 if small else 1.25)
    draw.ellipse((cx - half * 1.6, base - half * 0.14, cx + half * 1.6, base + half * 0.22), fill=(228, 226, 220))
    draw.polygon([(cx - half, rim), (cx + half, rim), (cx + half * 0.78, base), (cx - half * 0.78, base)], fill=_CHINA)
    draw.arc((cx + half * 0.68, rim + half * 0.2, cx + half * 1.4, rim + half * 0.95), -90, 90, fill=_CHINA,
             width=max(2, round(half * 0.16)))  # fmt: skip
    lip = half * 0.24
    draw.ellipse((cx - half, rim - lip, cx + half, rim + lip), fill=(236, 234, 228))
    draw.ellipse((cx - half * 0.88, rim - lip * 0.78, cx + half * 0.88, rim + lip * 0.78), fill=liquid)
    if heart:  # latte art
        s, foam = half * 0.32, mix(liquid, (255, 246, 230), 0.8)
        draw.ellipse((cx - s, rim - s * 0.45, cx, rim + s * 0.15), fill=foam)
        draw.ellipse((cx, rim - s * 0.45, cx + s, rim + s * 0.15), fill=foam)
        draw.polygon([(cx - s * 0.95, rim - s * 0.1), (cx + s * 0.95, rim - s * 0.1), (cx, rim + s * 0.5)], fill=foam)
    return rim


def _glass(draw: Any, cx: float, base: float, size: float, layers: list[tuple[RGB, float]], *, tall: bool) -> float:
    """A straight glass filled in layers (bottom first, each a fraction of the height); returns its top."""
    half, height = size * (0.16 if tall else 0.2), size * (0.62 if tall else 0.42)
    top = base - height
    draw.rectangle((cx - half, top, cx + half, base), fill=_GLASS)
    level = base - height * 0.06
    for colour, share in layers:
        draw.rectangle((cx - half * 0.86, level - height * share, cx + half * 0.86, level), fill=colour)
        level -= height * share
    draw.line([(cx - half * 0.6, top + height * 0.1), (cx - half * 0.6, base - height * 0.12)],
              fill=(250, 252, 255), width=max(1, round(half * 0.12)))  # fmt: skip  # a highlight on the glass
    return level


def _stemmed(draw: Any, cx: float, base: float, size: float, liquid: RGB, *, coupe: bool) -> None:
    """A wine glass (or a cocktail coupe) on its stem."""
    stem = size * 0.3
    draw.ellipse((cx - size * 0.14, base - size * 0.03, cx + size * 0.14, base + size * 0.03), fill=_GLASS)
    draw.line([(cx, base), (cx, base - stem)], fill=_GLASS, width=max(2, round(size * 0.03)))
    bowl = size * (0.26 if coupe else 0.2)
    top = base - stem - (bowl * 0.7 if coupe else bowl * 1.6)
    draw.chord((cx - bowl, top - bowl * (0.2 if coupe else 1.2), cx + bowl, base - stem + bowl * 0.2), 0, 180,
               fill=_GLASS)  # fmt: skip
    draw.chord((cx - bowl * 0.9, top - bowl * (0.1 if coupe else 0.9), cx + bowl * 0.9, base - stem + bowl * 0.1),
               0, 180, fill=liquid)  # fmt: skip
    if coupe:  # a slice of orange on the rim
        draw.pieslice((cx + bowl * 0.6, top - bowl * 0.5, cx + bowl * 1.2, top + bowl * 0.1), 180, 360,
                      fill=(250, 170, 40))  # fmt: skip


def drink(draw: Any, cx: float, base: float, size: float, name: str, pal: Palette, t: float) -> None:
    """A drink as it is served: a cup and saucer, a cortado glass, a bowl, a tall glass, a stemmed glass."""
    liquid = DRINK_COLOURS.get(name, DRINK_COLOURS["coffee"])
    steam = mix(pal.sky_bottom, (255, 255, 255), 0.65)
    if name in ("coffee", "latte", "cappuccino", "espresso"):
        rim = _cup(draw, cx, base, size, liquid, small=name == "espresso", heart=name in ("latte", "cappuccino"))
        _steam(draw, cx, rim, size, steam, t)
    elif name == "cortado":  # a small glass: espresso under warm milk, a thin foam on top
        top = _glass(draw, cx, base, size, [((64, 36, 20), 0.42), ((196, 150, 104), 0.38), ((240, 226, 204), 0.1)],
                     tall=False)  # fmt: skip
        _steam(draw, cx, top, size * 0.8, steam, t)
    elif name in ("tea", "matcha", "soup"):
        half = size * (0.4 if name == "soup" else 0.3)
        rim = base - half * 0.7
        draw.chord((cx - half, rim - half * 0.7, cx + half, base), 0, 180, fill=_CHINA if name != "matcha" else
                   mix(pal.near, (70, 60, 52), 0.6))  # fmt: skip
        draw.ellipse((cx - half, rim - half * 0.2, cx + half, rim + half * 0.2), fill=mix(_CHINA, (0, 0, 0), 0.06))
        draw.ellipse((cx - half * 0.9, rim - half * 0.16, cx + half * 0.9, rim + half * 0.16), fill=liquid)
        _steam(draw, cx, rim, size, steam, t)
    elif name == "smoothie":
        top = _glass(draw, cx, base, size, [(liquid, 0.78)], tall=True)
        draw.line([(cx + size * 0.05, top + size * 0.05), (cx + size * 0.14, top - size * 0.2)], fill=(240, 240, 240),
                  width=max(2, round(size * 0.03)))  # fmt: skip
    else:
        _stemmed(draw, cx, base, size, liquid, coupe=name == "cocktail")


def food(draw: Any, cx: float, base: float, size: float, name: str, pal: Palette, t: float) -> None:
    """A dish on its plate, seen from the side: a pizza, a slice of cake, a loaf, croissants, a salad …"""
    half = size * 0.55
    draw.ellipse((cx - half, base - half * 0.16, cx + half, base + half * 0.16), fill=_CHINA)
    top = base - half * 0.08
    if name == "pizza":
        draw.ellipse((cx - half * 0.85, top - half * 0.12, cx + half * 0.85, top + half * 0.1), fill=(214, 150, 70))
        draw.ellipse((cx - half * 0.75, top - half * 0.1, cx + half * 0.75, top + half * 0.07), fill=(214, 64, 44))
        for k in range(7):
            x = cx + half * 0.65 * math.cos(k * 0.9)
            draw.ellipse((x - half * 0.06, top - half * 0.05, x + half * 0.06, top + half * 0.02), fill=(60, 130, 60))
    elif name == "cake":
        for k, colour in enumerate(((242, 214, 170), (150, 80, 60), (242, 214, 170), (250, 246, 240))):
            y = top - half * 0.14 * k
            draw.rectangle((cx - half * 0.45, y - half * 0.14, cx + half * 0.45, y), fill=colour)
        draw.ellipse((cx - half * 0.08, top - half * 0.7, cx + half * 0.08, top - half * 0.54), fill=(200, 30, 50))
    elif name == "bread":
        draw.chord((cx - half * 0.7, top - half * 0.7, cx + half * 0.7, top + half * 0.2), 180, 360,
                   fill=(196, 132, 66))  # fmt: skip
        for k in range(3):
            x = cx - half * 0.3 + half * 0.3 * k
            draw.line([(x - half * 0.08, top - half * 0.45), (x + half * 0.08, top - half * 0.2)], fill=(236, 200, 150),
                      width=max(1, round(half * 0.04)))  # fmt: skip
    elif name == "croissant":
        for k in range(5):
            x, w = cx + half * 0.16 * (k - 2), half * (0.22 - 0.03 * abs(k - 2))
            draw.ellipse((x - w, top - w * 1.3 + abs(k - 2) * half * 0.06, x + w, top), fill=(214, 150, 70))
    elif name == "pancakes":
        for k in range(4):
            y = top - half * 0.1 * k
            draw.ellipse((cx - half * 0.6, y - half * 0.09, cx + half * 0.6, y + half * 0.05), fill=(222, 170, 100))
        draw.ellipse((cx - half * 0.3, top - half * 0.42, cx + half * 0.3, top - half * 0.3), fill=(150, 80, 20))
    else:  # salad or pasta: a heap of bits in a bowl
        draw.chord((cx - half * 0.7, top - half * 0.5, cx + half * 0.7, top + half * 0.3), 0, 180, fill=_CHINA)
        colours = ((90, 160, 70), (220, 60, 50), (250, 220, 110)) if name == "salad" else ((240, 200, 110),)
        for k in range(14):
            x, y = cx + half * 0.55 * math.cos(k * 2.4) * (k / 14), top - half * 0.12 - half * 0.1 * math.sin(k)
            draw.ellipse(
                (x - half * 0.08, y - half * 0.06, x + half * 0.08, y + half * 0.06), fill=colours[k % len(colours)]
            )


def _limb(draw: Any, a: tuple[float, float], b: tuple[float, float], colour: RGB, width: float) -> None:
    draw.line([a, b], fill=colour, width=max(2, round(width)))


def _at(origin: tuple[float, float], length: float, degrees: float) -> tuple[float, float]:
    """The point ``length`` from ``origin`` at ``degrees`` (0 = down, 90 = right)."""
    a = math.radians(degrees)
    return origin[0] + length * math.sin(a), origin[1] + length * math.cos(a)


#: (left arm, right arm, left leg, right leg) angles, 0 = straight down, and how t swings them
_POSES: dict[str, tuple[float, float, float, float, float]] = {
    "yoga": (-150, 150, -35, 35, 12), "running": (-45, 40, -35, 30, 40), "hiking": (-25, 30, -20, 20, 18),
    "dancing": (-140, 120, -25, 15, 30), "surfing": (-80, 80, -30, 30, 8), "walking": (-20, 20, -22, 22, 25),
    "standing": (-12, 12, -6, 6, 4),
}  # fmt: skip


def _head(draw: Any, neck: tuple[float, float], size: float) -> None:
    head = size * 0.09
    top = neck[1] - head * 2.1
    draw.ellipse((neck[0] - head, top, neck[0] + head, neck[1] - head * 0.1), fill=_SKIN)
    draw.chord((neck[0] - head, top, neck[0] + head, top + head * 1.4), 180, 360, fill=(60, 40, 30))  # hair


def _seated(draw: Any, cx: float, ground: float, size: float, activity: str, colours: tuple[RGB, RGB, RGB],
            t: float) -> tuple[float, float]:  # fmt: skip
    """Sitting on a bench with a book (or a laptop) on the knees; returns the neck."""
    cloth, body, seat_colour = colours
    limb = size * 0.07
    seat = ground - size * 0.3
    draw.rectangle((cx - size * 0.22, seat, cx + size * 0.22, ground), fill=seat_colour)
    hip = (cx - size * 0.05, seat)
    knee = (hip[0] + size * 0.25, hip[1])
    _limb(draw, hip, knee, cloth, limb)
    _limb(draw, knee, (knee[0], ground), cloth, limb)
    neck = (hip[0], hip[1] - size * 0.35)
    _limb(draw, hip, neck, body, limb * 1.4)
    held = (hip[0] + size * 0.22, hip[1] - size * 0.12 - size * 0.01 * math.sin(6.283 * t))
    _limb(draw, (neck[0], neck[1] + size * 0.06), held, body, limb * 0.8)
    cover = (200, 60, 50) if activity == "reading" else (70, 74, 84)
    draw.rectangle(
        (held[0] - size * 0.1, held[1] - size * 0.1, held[0] + size * 0.08, held[1] + size * 0.02), fill=cover
    )
    return neck


def _cyclist(draw: Any, cx: float, ground: float, size: float, colours: tuple[RGB, RGB, RGB],
             t: float) -> tuple[float, float]:  # fmt: skip
    """On a bicycle whose wheels turn with ``t``; returns the neck."""
    cloth, body, _ = colours
    radius, turn, limb = size * 0.2, 6.283 * t, size * 0.07
    for wx in (cx - size * 0.32, cx + size * 0.32):
        draw.ellipse((wx - radius, ground - radius * 2, wx + radius, ground), outline=(40, 40, 44),
                     width=max(2, round(size * 0.025)))  # fmt: skip
        for k in range(4):
            a = turn + k * 1.5708
            spoke = (wx + radius * math.cos(a), ground - radius + radius * math.sin(a))
            draw.line([(wx, ground - radius), spoke], fill=(120, 120, 126), width=1)
    frame = [(cx - size * 0.32, ground - radius), (cx, ground - radius), (cx + size * 0.32, ground - radius),
             (cx - size * 0.05, ground - radius * 2.2), (cx - size * 0.32, ground - radius)]  # fmt: skip
    draw.line(frame, fill=(200, 50, 40), width=max(2, round(size * 0.03)))
    hip = (cx - size * 0.08, ground - radius * 2.4)
    pedal = (cx + size * 0.05 * math.cos(turn), ground - radius + size * 0.05 * math.sin(turn))
    _limb(draw, hip, pedal, cloth, limb)
    neck = (cx + size * 0.12, hip[1] - size * 0.3)
    _limb(draw, hip, neck, body, limb * 1.4)
    _limb(draw, neck, (cx + size * 0.3, ground - radius * 2.2), body, limb * 0.8)
    return neck


def _standing(draw: Any, cx: float, ground: float, size: float, activity: str, colours: tuple[RGB, RGB, RGB],
              pal: Palette, t: float) -> tuple[float, float]:  # fmt: skip
    """On foot, in the activity's pose, limbs swinging with ``t``; returns the neck."""
    cloth, body, _ = colours
    limb = size * 0.07
    left_arm, right_arm, left_leg, right_leg, swing = _POSES.get(activity, _POSES["standing"])
    wave = math.sin(6.283 * t) * swing
    hip = (cx, ground - size * 0.45)
    neck = (cx, hip[1] - size * 0.35)
    if activity == "yoga":  # the mat
        draw.rectangle(
            (cx - size * 0.4, ground - size * 0.02, cx + size * 0.4, ground + size * 0.02), fill=(90, 160, 150)
        )
    if activity == "surfing":
        draw.ellipse((cx - size * 0.45, ground - size * 0.04, cx + size * 0.45, ground + size * 0.04), fill=pal.sun)
    for angle in (left_leg + wave, right_leg - wave):
        knee = _at(hip, size * 0.24, angle)
        _limb(draw, hip, knee, cloth, limb)
        _limb(draw, knee, _at(knee, size * 0.22, angle * 0.6), cloth, limb)
    _limb(draw, hip, neck, body, limb * 1.4)
    for angle in (left_arm - wave * 0.5, right_arm + wave * 0.5):
        _limb(draw, neck, _at(neck, size * 0.3, angle), body, limb * 0.8)
    if activity == "hiking":  # a backpack
        draw.rectangle((cx - size * 0.13, neck[1] + size * 0.04, cx - size * 0.03, neck[1] + size * 0.24),
                       fill=(190, 90, 40))  # fmt: skip
    return neck


def person(draw: Any, cx: float, ground: float, size: float, activity: str, pal: Palette, t: float, *,
           rain: bool = False) -> None:  # fmt: skip
    """A person doing ``activity`` (yoga on a mat, running, cycling, surfing, hiking, dancing, walking,
    reading or working on a bench), under an umbrella when it rains and their hands are free."""
    colours = (mix(pal.near, (40, 90, 150), 0.5), mix(pal.near, (0, 0, 0), 0.35), mix(pal.near, (120, 90, 60), 0.5))
    if activity in ("reading", "working"):
        neck = _seated(draw, cx, ground, size, activity, colours, t)
    elif activity == "cycling":
        neck = _cyclist(draw, cx, ground, size, colours, t)
    else:
        neck = _standing(draw, cx, ground, size, activity, colours, pal, t)
        if rain and activity in ("walking", "standing", "hiking"):
            top = neck[1] - size * 0.42
            draw.line([(neck[0] + size * 0.12, neck[1] + size * 0.05), (neck[0] + size * 0.12, top)], fill=(40, 40, 40),
                      width=max(1, round(size * 0.02)))  # fmt: skip
            draw.chord((neck[0] - size * 0.2, top - size * 0.1, neck[0] + size * 0.44, top + size * 0.18), 180, 360,
                       fill=(200, 50, 60))  # fmt: skip
    _head(draw, neck, size)


def house(draw: Any, cx: float, ground: float, size: float, pal: Palette, t: float, *, lit: bool = False) -> None:
    """A cabin: a pitched roof, a door, a window (lit when it is dark or grey), smoke from the chimney."""
    half, wall = size * 0.4, size * 0.42
    timber = (132, 84, 52)
    draw.rectangle((cx - half, ground - wall, cx + half, ground), fill=timber)
    for k in range(1, 5):
        y = ground - wall * k / 5
        draw.line([(cx - half, y), (cx + half, y)], fill=mix(timber, (0, 0, 0), 0.25), width=max(1, round(size * 0.01)))
    roof = [(cx - half * 1.2, ground - wall), (cx, ground - wall - size * 0.34), (cx + half * 1.2, ground - wall)]
    draw.polygon(roof, fill=mix(pal.near, (90, 50, 40), 0.5))
    chimney = (cx + half * 0.5, ground - wall - size * 0.26)
    stack = (chimney[0] - size * 0.04, chimney[1] - size * 0.1, chimney[0] + size * 0.04, chimney[1] + size * 0.08)
    draw.rectangle(stack, fill=(110, 70, 56))
    for k in range(4):  # smoke drifting up
        y = chimney[1] - size * (0.16 + 0.1 * k + 0.1 * t)
        puff = size * (0.03 + 0.015 * k)
        x = chimney[0] + size * 0.04 * math.sin(6.283 * (t + k * 0.2)) + size * 0.05 * k
        draw.ellipse((x - puff, y - puff, x + puff, y + puff), fill=mix(pal.sky_bottom, (235, 235, 235), 0.6))
    draw.rectangle((cx - half * 0.2, ground - wall * 0.62, cx + half * 0.15, ground), fill=(80, 50, 34))
    glow = (255, 208, 110) if lit else mix(pal.sky_bottom, (200, 220, 235), 0.5)
    draw.rectangle((cx + half * 0.35, ground - wall * 0.7, cx + half * 0.8, ground - wall * 0.35), fill=glow)


def pet(draw: Any, cx: float, ground: float, size: float, kind: str, pal: Palette, t: float) -> None:
    """A cat (pointed ears, a swaying tail) or a dog (floppy ears, a wagging tail), sitting."""
    coat = (70, 66, 64) if kind == "cat" else (196, 140, 80)
    body = size * 0.3
    draw.ellipse((cx - body, ground - body * 2, cx + body, ground), fill=coat)
    head = size * 0.17
    hx, hy = cx + body * 0.2, ground - body * 2 - head * 0.6
    draw.ellipse((hx - head, hy - head, hx + head, hy + head), fill=coat)
    if kind == "cat":
        for side in (-1, 1):
            draw.polygon([(hx + side * head * 0.9, hy - head * 0.2), (hx + side * head * 0.7, hy - head * 1.5),
                          (hx + side * head * 0.15, hy - head * 0.8)], fill=coat)  # fmt: skip
    else:
        for side in (-1, 1):
            draw.ellipse((hx + side * head * 0.7 - head * 0.3, hy - head * 0.6, hx + side * head * 0.7 + head * 0.3,
                          hy + head * 0.7), fill=mix(coat, (0, 0, 0), 0.3))  # fmt: skip
        draw.ellipse((hx - head * 0.3, hy + head * 0.1, hx + head * 0.3, hy + head * 0.6), fill=(40, 30, 26))
    for side in (-1, 1):
        draw.ellipse((hx + side * head * 0.4 - head * 0.12, hy - head * 0.25, hx + side * head * 0.4 + head * 0.12,
                      hy - head * 0.0), fill=(240, 220, 90) if kind == "cat" else (30, 24, 20))  # fmt: skip
    sway = math.sin(6.283 * t * (2 if kind == "dog" else 1)) * 25
    tail = [(cx - body * 0.9, ground - body * 0.3)]
    for k in range(1, 6):
        tail.append(_at(tail[-1], body * 0.3, -110 - k * 12 + sway))
    draw.line(tail, fill=coat, width=max(2, round(body * 0.18)))


def books(draw: Any, cx: float, base: float, size: float, pal: Palette, t: float) -> None:
    """A stack of books, the top one open."""
    colours = ((170, 60, 50), (50, 90, 140), (220, 170, 60), (70, 120, 80))
    y = base
    for k, colour in enumerate(colours[:3]):
        width, thick = size * (0.62 - 0.06 * k), size * 0.1
        x = cx + size * 0.04 * (k % 2 * 2 - 1)
        draw.rectangle((x - width / 2, y - thick, x + width / 2, y), fill=colour)
        draw.rectangle((x - width / 2 + 2, y - thick * 0.75, x + width / 2 - 2, y - thick * 0.25), fill=(244, 238, 224))
        y -= thick
    page = size * 0.26
    draw.polygon(
        [(cx, y), (cx - page, y - page * 0.12), (cx - page, y - page * 0.5), (cx, y - page * 0.4)], fill=_CHINA
    )
    draw.polygon(
        [(cx, y), (cx + page, y - page * 0.12), (cx + page, y - page * 0.5), (cx, y - page * 0.4)], fill=(236, 230, 216)
    )


def plant(draw: Any, cx: float, base: float, size: float, pal: Palette, t: float, *, flowers: bool = False) -> None:
    """A potted plant (broad leaves nodding), or a vase of flowers."""
    pot = size * 0.2
    colour = (196, 104, 70) if not flowers else mix(pal.sky_bottom, (120, 150, 200), 0.5)
    draw.polygon(
        [(cx - pot, base - pot * 1.4), (cx + pot, base - pot * 1.4), (cx + pot * 0.75, base), (cx - pot * 0.75, base)],
        fill=colour,
    )
    leaf = mix(pal.mid, (50, 130, 70), 0.7)
    for k in range(6):
        angle = -70 + 28 * k + 6 * math.sin(6.283 * (t + k * 0.15))
        stem = _at((cx, base - pot * 1.4), size * (0.45 + 0.1 * (k % 2)), 180 + angle)
        draw.line([(cx, base - pot * 1.4), stem], fill=mix(leaf, (0, 0, 0), 0.3), width=max(1, round(size * 0.015)))
        if flowers:
            petal = size * 0.06
            tint = ((236, 96, 130), (250, 200, 80), (240, 240, 250))[k % 3]
            for a in range(5):
                px, py = stem[0] + petal * math.cos(a * 1.2566), stem[1] + petal * math.sin(a * 1.2566)
                draw.ellipse((px - petal * 0.7, py - petal * 0.7, px + petal * 0.7, py + petal * 0.7), fill=tint)
        else:
            w = size * 0.12
            draw.ellipse((stem[0] - w, stem[1] - w * 0.6, stem[0] + w, stem[1] + w * 0.6), fill=leaf)


_DRAW: dict[str, Callable[..., None]] = {"drink": drink, "food": food, "pet": pet}


def draw_subject(draw: Any, subject: str, cx: float, base: float, size: float, pal: Palette, t: float, *,
                 rain: bool = False, dark: bool = False) -> None:  # fmt: skip
    """Draw ``subject`` (``drink:latte``, ``person:yoga``, ``books`` …) standing at (``cx``, ``base``);
    ``rain`` opens a walker's umbrella, ``dark`` lights a cabin's window."""
    kind, _, name = subject.partition(":")
    if kind == "person":
        person(draw, cx, base, size, name, pal, t, rain=rain)
    elif kind == "house":
        house(draw, cx, base, size, pal, t, lit=dark or rain)
    elif kind in _DRAW:
        _DRAW[kind](draw, cx, base, size, name, pal, t)
    elif kind == "books":
        books(draw, cx, base, size, pal, t)
    elif kind in ("plant", "flowers"):
        plant(draw, cx, base, size, pal, t, flowers=kind == "flowers")
