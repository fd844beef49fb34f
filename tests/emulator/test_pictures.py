"""What the emulator's pictures and videos show: the subject of the prompt, its shape, and what they are."""

from __future__ import annotations

import base64
import itertools
import math
import struct

import httpx
import pytest

from openrouter_nb.emulator import Emulator
from openrouter_nb.emulator.h264 import KEYFRAME_EVERY, make_mp4
from openrouter_nb.emulator.pictures import render_png, render_scene
from openrouter_nb.emulator.protocol import image_dims
from openrouter_nb.emulator.scene import read_scene
from tests.support.helpers import AUTH, BASE, IMAGE, VIDEO, FakeClock, png_size

#: the topics a creator tried: each pair used to share one composition
TOPICS = ["autumn latte art", "matcha", "surf lesson", "tomato soup", "changing a car tyre"]


def composition(image) -> list[float]:
    """The picture's layout with its colours taken out: grey levels, standardised, on a coarse grid."""
    grey = image.convert("L").resize((18, 32))
    values = list(grey.tobytes())
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) or 1.0
    return [(v - mean) / spread for v in values]


def similarity(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / len(a)


def test_different_subjects_give_different_compositions():
    layouts = {t: composition(render_scene(t, 1, 768, 1344, label=False)) for t in TOPICS}
    pairs = {(a, b): similarity(layouts[a], layouts[b]) for a, b in itertools.combinations(TOPICS, 2)}
    alike = [pair for pair, score in pairs.items() if score > 0.85]
    assert alike == [], f"these look alike: {alike}"
    # and one subject stays itself: another seed moves things about, but not into another picture
    same = similarity(layouts["surf lesson"], composition(render_scene("surf lesson", 2, 768, 1344, label=False)))
    assert same > max(pairs.values()) - 0.3


@pytest.mark.parametrize(
    ("words", "field", "wanted"),
    [
        (("autumn", "latte", "art"), "subject", "drink:latte"),
        (("matcha",), "subject", "drink:matcha"),
        (("surf", "lesson"), "place", "beach"),
        (("tomato", "soup"), "subject", "drink:soup"),
        (("changing", "car", "tyre"), "subject", "wheel"),
        (("night", "market"), "place", "city"),
        (("homemade", "pizza"), "subject", "food:pizza"),
        (("spring", "flowers"), "subject", "flowers"),
        (("winter", "hike"), "place", "mountains"),
    ],
)
def test_the_prompts_words_choose_what_is_drawn(words, field, wanted):
    assert getattr(read_scene(" ".join(words)), field) == wanted


def test_every_picture_says_it_is_emulated_and_carries_its_key_words():
    plain = render_scene("matcha morning ritual", 1, 768, 1344, label=False)
    marked = render_scene("matcha morning ritual", 1, 768, 1344)
    changed = [
        (x, y) for y in range(0, 1344, 4) for x in range(0, 768, 4) if plain.getpixel((x, y)) != marked.getpixel((x, y))
    ]
    assert changed, "no mark and no words"
    top_left = [p for p in changed if p[0] < 200 and p[1] < 80]  # the "emulated" mark
    foot = [p for p in changed if p[1] > 1344 - 120]  # the band of key words
    assert top_left and foot and len(top_left) + len(foot) == len(changed)  # nowhere else
    white = sum(marked.getpixel(p) == (255, 255, 255) for p in foot)
    assert white > 20  # the words are written in white on the band


def test_pictures_are_deterministic_for_a_seed_and_small_at_full_size():
    a, b = render_png("autumn latte art", 3, 768, 1344), render_png("autumn latte art", 3, 768, 1344)
    assert a == b and a != render_png("autumn latte art", 4, 768, 1344)
    assert len(a) < 40_000  # flat shapes: a 1 MP picture stays small in a notebook


@pytest.mark.parametrize(
    ("aspect", "size", "tier", "expected"),
    [
        ("1:1", None, None, (1024, 1024)),
        ("9:16", None, None, (768, 1344)),
        ("4:5", None, None, (896, 1152)),
        ("16:9", None, None, (1344, 768)),
        ("9:16", "2K", None, (1536, 2688)),
        ("1:1", None, "512", (512, 512)),
        ("9:21", None, None, (672, 1568)),  # not in the table: about a megapixel in that shape
        (None, "1536x1024", None, (1536, 1024)),
    ],
)
def test_images_come_at_the_size_a_real_model_returns(aspect, size, tier, expected):
    assert image_dims(aspect, size, tier) == expected


async def test_the_images_route_returns_the_ratios_size(http):
    body = {"model": IMAGE, "prompt": "autumn latte art", "aspect_ratio": "9:16"}
    reply = (await http.post("/images", headers=AUTH, json=body)).json()
    assert png_size(base64.b64decode(reply["data"][0]["b64_json"])) == (768, 1344)


def _boxes(data: bytes, start: int = 0, end: int | None = None) -> dict[bytes, tuple[int, int]]:
    """The boxes at one level of an MP4: kind → (start of payload, end)."""
    found, pos, end = {}, start, len(data) if end is None else end
    while pos < end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        found[kind] = (pos + 8, pos + size)
        pos += size
    return found


def _table(data: bytes, path: list[bytes]) -> tuple[int, int]:
    start, end = 0, len(data)
    for kind in path:
        start, end = _boxes(data, start, end)[kind]
    return start, end


def test_a_video_is_its_platforms_shape_and_mostly_skipped_frames():
    data = make_mp4("autumn latte art", 1, seconds=4, fps=8, width=144, height=256)
    stbl = [b"moov", b"trak", b"mdia", b"minf", b"stbl"]
    stsd, _ = _table(data, [*stbl, b"stsd"])
    width, height = struct.unpack(">HH", data[stsd + 8 + 8 + 24 : stsd + 8 + 8 + 28])  # avc1's visual size
    assert (width, height) == (144, 256)
    stss, _ = _table(data, [*stbl, b"stss"])
    keys = struct.unpack(">I", data[stss + 4 : stss + 8])[0]
    assert keys == math.ceil(32 / KEYFRAME_EVERY)  # a keyframe every 12 frames, P frames between
    full = 32 * (144 * 256 * 3 // 2)  # every frame uncompressed
    assert len(data) < full / 4  # unchanged blocks are skipped: the sky and the table cost nothing


async def test_a_video_job_comes_in_the_aspect_ratio_asked():
    clock = FakeClock()
    emulator = Emulator(clock=clock, generation_lag_s=0.0)
    async with httpx.AsyncClient(transport=emulator, base_url=BASE, headers=AUTH) as http:
        sizes = {}
        for aspect in ("9:16", "16:9"):
            job = (await http.post("/videos", json={"model": VIDEO, "prompt": "surf", "aspect_ratio": aspect})).json()
            clock.now += 10
            await http.get(f"/videos/{job['id']}")
            mp4 = (await http.get(f"/videos/{job['id']}/content")).content
            tkhd, end = _table(mp4, [b"moov", b"trak", b"tkhd"])
            sizes[aspect] = tuple(v >> 16 for v in struct.unpack(">II", mp4[end - 8 : end]))
    assert sizes == {"9:16": (144, 256), "16:9": (256, 144)}


def test_frames_of_a_video_differ_where_the_scene_moves():
    first, last = render_scene("surf lesson", 1, 144, 256, t=0.0), render_scene("surf lesson", 1, 144, 256, t=1.0)
    moved = sum(first.getpixel((x, y)) != last.getpixel((x, y)) for y in range(0, 256, 2) for x in range(0, 144, 2))
    assert 0 < moved < 144 * 256 // 4 * 0.8  # the waves and the sun move; the label and much of the sky do not
