"""The post studio widget: generating from the form and the button, errors shown in the widget."""

from __future__ import annotations

import asyncio

import pytest

from openrouter_nb import OpenRouterClient, models_frame
from openrouter_nb.creator.studio import PostStudio, SlideFlipper
from openrouter_nb.emulator import DEMO_KEY, Emulator
from tests.support.helpers import IMAGE, TEXT


@pytest.fixture
def emulator():
    return Emulator(seed=2, video_pending_s=0.0, video_done_s=0.0)


@pytest.fixture
async def client(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as c:
        yield c


async def test_studio_generate_and_button(client, bundled_catalog, tmp_path):
    studio = PostStudio(client, models_frame(bundled_catalog), out_dir=tmp_path, text_model=TEXT, image_model=IMAGE)
    assert studio.text_picker.value == TEXT and studio.image_picker.value == IMAGE
    post = await studio.generate()
    assert post.folder.exists() and len(studio.gallery.children) == 1
    card = studio.gallery.children[0].children[0].value  # the card, above its extras
    assert "data:image/png;base64," in card and f"${post.cost:.4f}" in card
    # the button: runs in the background on the running loop, then re-enables itself
    studio.topic.value = "a rooftop yoga class"
    studio.generate_button.click()
    assert studio.generate_button.disabled and "Generating" in studio.status.value
    await studio.task
    await asyncio.sleep(0)
    assert not studio.generate_button.disabled and len(studio.gallery.children) == 2
    assert "Done" in studio.status.value


async def test_studio_errors_show_in_the_widget(client, emulator, bundled_catalog, tmp_path):
    studio = PostStudio(client, models_frame(bundled_catalog), out_dir=tmp_path, text_model=TEXT, image_model=IMAGE)
    emulator.script("chat", 402)
    studio.generate_button.click()
    with pytest.raises(Exception, match="402"):
        await studio.task
    await asyncio.sleep(0)
    assert "Error" in studio.status.value and "402" in studio.status.value
    assert not studio.generate_button.disabled
    studio.topic.value = ""
    studio.generate_button.click()
    with pytest.raises(ValueError):
        await studio.task
    await asyncio.sleep(0)
    assert "topic" in studio.status.value


async def test_studio_v2_persona_platform_variants_and_export(client, tmp_path, bundled_catalog):
    from openrouter_nb import Persona, models_frame

    studio = PostStudio(client, models_frame(bundled_catalog), out_dir=tmp_path / "studio", text_model=TEXT,
                        image_model=IMAGE)  # fmt: skip
    studio.persona_file.value = str(tmp_path / "nobody.json")
    studio.load_button.click()
    assert "Error" in studio.status.value and "cannot read" in studio.status.value
    Persona.example().save(tmp_path / "mia.json")
    studio.persona_file.value = str(tmp_path / "mia.json")
    studio.load_button.click()
    assert "@mia.brews" in studio.status.value and studio.brief().handle == "@mia.brews"
    studio.platform.value = "tiktok"
    assert "9:16" in studio.platform_info.value and "4,000" in studio.platform_info.value
    assert not studio.voiceover.disabled
    studio.platform.value = "pinterest"
    assert studio.n_images.max == 1 and studio.voiceover.disabled
    studio.platform.value = "tiktok"
    frame = await studio.caption_variants()
    assert len(studio.captions.options) == len(frame) == 3
    studio.captions.value = studio.captions.options[1][1]
    images = await studio.image_variants()
    assert len(studio.images.children) == len(images) >= 2
    studio.images.children[1].children[1].click()  # "Use this model"
    assert studio.image_picker.value == images["model"].iloc[1]
    post = await studio.generate()
    assert post.caption.startswith(studio.captions.options[1][1].split("#")[0].strip()[:20])
    assert "$" in studio.spent.value
    studio.export_button.click()
    assert "Exported" in studio.status.value and (tmp_path / "studio-export.zip").is_file()


async def test_a_double_click_on_generate_makes_one_post(client, emulator, bundled_catalog, tmp_path):
    studio = PostStudio(client, models_frame(bundled_catalog), out_dir=tmp_path, text_model=TEXT, image_model=IMAGE)
    studio.generate_button.click()
    first = studio.task
    studio.generate_button.click()  # the second click of a double click, before the first post is made
    assert studio.task is first
    await first
    assert len(emulator.calls("images")) == 1 and len(studio.gallery.children) == 1
    studio.topic.value = "a new topic, so that the first call has something to make"
    emulator.core.latency = 0.01  # each call waits, as on a network: the second call meets the first
    with pytest.raises(RuntimeError, match="one post at a time"):
        await asyncio.gather(studio.generate(), studio.generate())


async def test_the_studio_says_offline_figures_are_emulated(bundled_catalog, tmp_path):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=Emulator()) as offline:
        studio = PostStudio(
            offline, models_frame(bundled_catalog), out_dir=tmp_path, text_model=TEXT, image_model=IMAGE
        )
        assert studio.loaded is not None and studio.brief().handle == "@mia.brews"  # the shipped persona
        post = await studio.generate()
    assert "emulated" in studio.spent.value and "nothing billed" in studio.spent.value
    assert "(emulated)" in studio.status.value and "(emulated)" in studio.gallery.children[0].children[0].value
    assert post.cost > 0


async def test_a_carousel_in_the_studio_flips_through_its_slides(client, bundled_catalog, tmp_path):
    studio = PostStudio(client, models_frame(bundled_catalog), out_dir=tmp_path, text_model=TEXT, image_model=IMAGE)
    studio.platform.value = "tiktok"
    studio.n_images.value = 3
    post = await studio.generate()
    flipper = studio.gallery.children[0].children[1]
    assert isinstance(flipper, SlideFlipper)
    seen = []
    for _ in range(4):  # three slides, then round to the first again
        seen.append((flipper.picture.value, flipper.caption.value))
        flipper.next.click()
    assert [s[0] for s in seen] == [p.read_bytes() for p in post.images] + [post.images[0].read_bytes()]
    for number, (_, caption) in enumerate(seen[:3], 1):
        assert f"Slide {number} of 3" in caption and post.slide_captions[number - 1][:20] in caption
    flipper.previous.click()
    assert flipper.index == 0 and flipper.picture.value == post.images[0].read_bytes()
