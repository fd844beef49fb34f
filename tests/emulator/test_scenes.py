"""Offline pictures follow the prompt: weather, time, season, place and subject are visible, a
carousel's slides differ, and a video keeps its first frame's colours.

Measured on rendered pixels (no label), not on what the code says it drew.
"""

from __future__ import annotations

import base64
import io
import itertools

import httpx
import pytest

from openrouter_nb.emulator import Emulator
from openrouter_nb.emulator.pictures import reference_look, render_png, render_scene
from openrouter_nb.emulator.scene import read_scene
from openrouter_nb.emulator.sky import RAIN
from tests.emulator.test_pictures import composition, similarity
from tests.support.helpers import AUTH, BASE, VIDEO, FakeClock

#: topics a creator tried, and what each must show
TOPICS = {
    "a rainy day in Porto": {"weather": "rain", "place": "city"},
    "rainy window": {"weather": "rain", "place": "window"},
    "sunrise yoga on the beach": {"time": "sunrise", "place": "beach", "subject": "person:yoga"},
    "autumn latte art": {"season": "autumn", "subject": "drink:latte"},
    "a cortado at the counter": {"place": "cafe", "subject": "drink:cortado"},
    "rooftop yoga": {"place": "rooftop", "subject": "person:yoga"},
    "night market in Lisbon": {"time": "night", "place": "city"},
    "foggy morning walk": {"weather": "fog", "subject": "person:walking"},
    "snowy cabin": {"weather": "snow", "season": "winter", "subject": "house"},
    "my cat and a stack of books": {"subject": "pet:cat", "second": "books"},
    "sourdough in the kitchen": {"place": "kitchen", "subject": "food:bread"},
    "monstera by the window": {"place": "window", "subject": "plant"},
}
W, H = 270, 480


def _luma(pixel: tuple[int, int, int]) -> float:
    return 0.299 * pixel[0] + 0.587 * pixel[1] + 0.114 * pixel[2]


def _sky_pixels(image, share: float = 0.5) -> list[tuple[int, int, int]]:
    small = image.resize((90, 160))
    return [small.getpixel((x, y)) for y in range(int(160 * share)) for x in range(90)]


@pytest.mark.parametrize("topic", TOPICS)
def test_the_words_of_a_topic_make_its_scene(topic):
    scene = read_scene(topic)
    for field, wanted in TOPICS[topic].items():
        assert getattr(scene, field) == wanted, (topic, field, getattr(scene, field))


def test_craft_words_of_an_image_prompt_do_not_enter_the_scene():
    scene = read_scene("A soft film photograph of a latte, soft window light, 35mm lens, no text")
    assert scene.place is None and scene.subject == "drink:latte"  # "window light" is how, not where


def test_rain_hides_the_sun_and_falls_in_streaks():
    clear = render_scene("a sunny day in Porto", 1, W, H, label=False)
    rainy = render_scene("a rainy day in Porto", 1, W, H, label=False)
    assert max(map(_luma, _sky_pixels(clear))) > 235  # a sun disc on a clear day …
    assert max(map(_luma, _sky_pixels(rainy))) < 230  # … and none behind the rain clouds
    later = render_scene("a rainy day in Porto", 1, W, H, t=0.5, label=False)
    streaks = [(x, y) for y in range(H) for x in range(W) if rainy.getpixel((x, y)) == RAIN]
    assert len(streaks) > 150
    falling = set(streaks)
    downward = sum(any((x - dx, y + 6) in falling for dx in range(4)) for x, y in streaks)
    assert downward > len(streaks) * 0.4  # they go on downwards: streaks, not dots
    moved = sum(later.getpixel(p) != RAIN for p in streaks)
    assert moved > len(streaks) / 2  # they fall: half a clip later most are elsewhere


@pytest.mark.parametrize(("topic", "dark"), [("night market in Lisbon", True), ("market in Lisbon", False)])
def test_night_is_a_dark_sky(topic, dark):
    mean = sum(map(_luma, _sky_pixels(render_scene(topic, 1, W, H, label=False), 0.33))) / (90 * 52)
    assert (mean < 60) if dark else (mean > 100), mean


def test_sunrise_has_its_sun_and_autumn_its_leaves():
    sunrise = render_scene("sunrise yoga on the beach", 1, W, H, label=False)
    assert max(map(_luma, _sky_pixels(sunrise, 0.6))) > 235
    autumn = render_scene("autumn latte art", 1, 512, 640, label=False)
    leaves = {(201, 94, 38), (222, 140, 46), (168, 58, 32), (236, 178, 64)}
    assert sum(autumn.getpixel((x, y)) in leaves for y in range(0, 640, 2) for x in range(0, 512, 2)) > 50


def test_topics_give_distinct_compositions_and_a_carousels_slides_differ():
    layouts = {t: composition(render_scene(t, 1, W, H, label=False)) for t in TOPICS}
    alike = [(a, b) for a, b in itertools.combinations(TOPICS, 2) if similarity(layouts[a], layouts[b]) > 0.85]
    assert alike == [], alike
    for topic in TOPICS:
        slides = [composition(render_scene(topic, 1, W, H, label=False, variant=v)) for v in range(3)]
        same = [(a, b) for a, b in itertools.combinations(range(3), 2) if similarity(slides[a], slides[b]) > 0.95]
        assert same == [], (topic, same)


async def test_a_carousel_from_the_images_route_shows_three_views():
    async with httpx.AsyncClient(transport=Emulator(seed=1), base_url=BASE, headers=AUTH) as http:
        body = {"model": "google/gemini-2.5-flash-image", "prompt": "a cortado at the counter", "n": 3}
        reply = (await http.post("/images", json=body)).json()
    from PIL import Image

    pictures = [Image.open(io.BytesIO(base64.b64decode(d["b64_json"]))).convert("RGB") for d in reply["data"]]
    layouts = [composition(p) for p in pictures]
    assert all(similarity(a, b) < 0.95 for a, b in itertools.combinations(layouts, 2))


async def test_a_video_from_a_first_frame_keeps_its_colours():
    still = render_png("rainy window", 1, 256, 320)
    frame = {"type": "image_url", "image_url": {"url": "data:image/png;base64," + base64.b64encode(still).decode()}}
    clock = FakeClock()
    emulator = Emulator(clock=clock, generation_lag_s=0.0)
    async with httpx.AsyncClient(transport=emulator, base_url=BASE, headers=AUTH) as http:
        body = {"model": VIDEO, "prompt": "rainy window", "frame_images": [{**frame, "frame_type": "first_frame"}]}
        job = (await http.post("/videos", json=body)).json()
    look = emulator.core.jobs[job["id"]]["look"]
    assert look == reference_look([frame]) and look is not None
    from PIL import Image

    top = Image.open(io.BytesIO(still)).convert("RGB").resize((1, 6), Image.Resampling.BOX).getpixel((0, 0))
    assert look[0] == top  # the video's sky is the still's top: the same colours
