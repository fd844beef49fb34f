"""The prompt-to-post pipeline on the emulator: steps, assets, manifest, resuming, both image routes."""

from __future__ import annotations

import json
import re

import pytest

from openrouter_nb import OpenRouterClient
from openrouter_nb.creator.copywriting import Brief
from openrouter_nb.creator.generation import generate_images, render_preview
from openrouter_nb.creator.journal import load_manifest
from openrouter_nb.creator.pipeline import create_post
from openrouter_nb.emulator import DEMO_KEY, Emulator
from openrouter_nb.media import Gallery, ImageResult
from tests.support.helpers import IMAGE, TEXT, VIDEO, png_size

BRIEF = Brief(persona="Mia, a plant-loving barista in Lisbon", topic="autumn latte art at sunrise")


@pytest.fixture
def emulator():
    return Emulator(seed=2, video_pending_s=0.0, video_done_s=0.0)


@pytest.fixture
async def client(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as c:
        yield c


def test_brief_validation_and_handle():
    assert BRIEF.handle == "@mia_plant"
    with pytest.raises(ValueError, match="topic"):
        Brief(persona="x", topic=" ")
    with pytest.raises(ValueError, match="platform"):
        Brief(persona="x", topic="y", platform="myspace")


async def test_create_post_saves_assets_and_manifest(client, emulator, tmp_path):
    post = await create_post(
        client, BRIEF, text_model=TEXT, image_model=IMAGE, video_model=VIDEO, seed=3, out_dir=tmp_path
    )
    assert post.folder.parent == tmp_path
    names = sorted(p.name for p in post.folder.iterdir())
    assert names == ["image-1.png", "manifest.json", "preview.png", "video.mp4"]
    assert post.video.read_bytes()[4:8] == b"ftyp"
    width, height = png_size(post.preview.read_bytes())
    assert width == 420 and height > 420  # image plus header and caption
    manifest = load_manifest(post.folder)
    assert manifest["brief"]["topic"] == BRIEF.topic and manifest["settings"]["seed"] == 3
    steps = manifest["steps"]
    assert set(steps) == {"caption", "image_prompt", "images", "preview", "video"}
    assert steps["caption"]["text"] == post.caption and steps["image_prompt"]["text"] == post.image_prompt
    assert all("finished_at" in s for s in steps.values())
    assert manifest["total_cost"] == pytest.approx(client.ledger.total) == pytest.approx(post.cost)
    assert post.hashtags and all(t.startswith("#") for t in post.hashtags)
    assert not list(post.folder.glob("*.tmp"))
    assert DEMO_KEY not in json.dumps(manifest)


async def test_rerun_resumes_without_paying_again(client, emulator, tmp_path):
    first = await create_post(client, BRIEF, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    requests_before = len(emulator.requests)
    second = await create_post(client, BRIEF, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    assert len(emulator.requests) == requests_before  # nothing sent, nothing billed
    assert second.resumed_steps == ["caption", "image_prompt", "images", "preview"]
    assert second.caption == first.caption and second.cost == first.cost


async def test_resume_after_a_crash_between_steps(client, emulator, tmp_path):
    post = await create_post(client, BRIEF, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    manifest = load_manifest(post.folder)
    del manifest["steps"]["images"], manifest["steps"]["preview"]  # as if the kernel died after the prompt
    (post.folder / "manifest.json").write_text(json.dumps(manifest))
    before = len(emulator.calls("chat"))
    again = await create_post(client, BRIEF, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    assert len(emulator.calls("chat")) == before and len(emulator.calls("images")) == 2
    assert again.resumed_steps == ["caption", "image_prompt"]


async def test_corrupt_manifest_starts_over(client, tmp_path):
    post = await create_post(client, BRIEF, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    (post.folder / "manifest.json").write_text('{"steps": {"capt')
    assert load_manifest(post.folder) is None
    again = await create_post(client, BRIEF, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    assert again.resumed_steps == [] and load_manifest(again.folder)["steps"]["caption"]


async def test_both_image_routes_and_model_variants(client):
    by_api, cost_api = await generate_images(client, "a cozy cafe", model=IMAGE, n=2, seed=1)
    by_chat, cost_chat = await generate_images(
        client, "a cozy cafe", model=IMAGE, route="chat", seed=1, aspect_ratio="16:9"
    )
    assert len(by_api) == 2 and len(by_chat) == 1 and cost_api > 0 and cost_chat > 0
    assert png_size(by_chat[0].data) == (1344, 768)  # what a real model returns at 16:9
    other, _ = await generate_images(client, "a cozy cafe", model="black-forest-labs/flux.2-klein-4b", seed=1)
    assert other[0].data != by_api[0].data  # two models, two pictures
    gallery = Gallery([(by_api[0], "a"), (other[0], "b")])
    assert gallery._repr_html_().count("<img") == 2
    with pytest.raises(ValueError, match="route"):
        await generate_images(client, "x", model=IMAGE, route="fax")


def test_render_preview_handles_emoji_and_long_captions():
    from openrouter_nb.emulator.pictures import render_png

    image = ImageResult(render_png("sunset", 1))
    short = render_preview(image, "☕ Short. #a", BRIEF)
    long = render_preview(image, "word " * 200 + "#a #b", BRIEF)
    assert png_size(long.data)[1] > png_size(short.data)[1]


async def test_a_model_with_structured_outputs_writes_caption_hashtags_and_slides_in_one_typed_answer(
    client, emulator, tmp_path
):
    brief = Brief(persona="Mia", topic="a rainy morning in Porto", platform="tiktok")
    post = await create_post(client, brief, text_model=TEXT, image_model=IMAGE, n_images=3, out_dir=tmp_path)
    sent = [call.json for call in emulator.calls("chat")]
    typed = [body for body in sent if "response_format" in body]
    assert len(typed) == 1 and len(sent) == 2  # the copy, then the image prompt: no separate slide call
    schema = typed[0]["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["hashtags"]["minItems"] == brief.hashtag_count
    assert schema["properties"]["slides"]["minItems"] == 3
    steps = load_manifest(post.folder)["steps"]
    assert steps["caption"]["structured"] is True and steps["slides"]["cost"] == 0.0
    assert len(post.slide_captions) == 3 and all(line and "#" not in line for line in post.slide_captions)
    assert len(post.hashtags) == brief.hashtag_count and "porto" in post.caption.lower()


async def test_a_model_without_structured_outputs_is_asked_in_prose(client, emulator, tmp_path):
    prose = "meituan/longcat-2.0"
    post = await create_post(client, BRIEF, text_model=prose, image_model=IMAGE, n_images=2, out_dir=tmp_path)
    sent = [call.json for call in emulator.calls("chat")]
    assert all("response_format" not in body for body in sent) and len(sent) == 3  # caption, prompt, slides
    assert len(post.slide_captions) == 2 and post.hashtags


@pytest.mark.parametrize(
    ("models", "parameter", "says"),
    [
        ({"image_model": TEXT}, "image_model", "cannot make images (it outputs text)"),
        ({"video_model": TEXT}, "video_model", "cannot make video"),
        ({"text_model": VIDEO}, "text_model", "cannot write text (it outputs video)"),
        ({"voiceover": TEXT}, "voiceover", "cannot speak"),
        ({"image_model": "no/such-model"}, "image_model", "is not in the catalog"),
    ],
)
async def test_a_model_of_the_wrong_kind_is_refused_before_anything_is_paid(
    client, emulator, tmp_path, models, parameter, says
):
    from openrouter_nb.creator.model_kinds import WrongModelError

    options = {"text_model": TEXT, "image_model": IMAGE, **models}
    with pytest.raises(WrongModelError, match=re.escape(says)) as refused:
        await create_post(client, BRIEF, out_dir=tmp_path, **options)
    assert refused.value.parameter == parameter and len(refused.value.suggestions) == 3
    assert emulator.calls("chat") == [] and emulator.calls("images") == [] and not list(tmp_path.iterdir())
    catalog = {m["id"]: m for m in await client.list_models()}
    output = {"text_model": "text", "image_model": "image", "video_model": "video", "voiceover": "speech"}[parameter]
    assert all(output in catalog[m]["architecture"]["output_modalities"] for m in refused.value.suggestions)


@pytest.mark.parametrize("text_model", [TEXT, "qwen/qwen3.7-flash"])  # a typed answer, and prose
async def test_a_caption_is_about_the_topic_and_its_image_prompt_lit_as_the_topic_says(tmp_path, text_model):
    from openrouter_nb import Persona

    brief = Brief(persona=Persona.example(), topic="rainy window", platform="instagram")
    async with OpenRouterClient(api_key=DEMO_KEY, transport=Emulator(seed=4)) as client:
        post = await create_post(client, brief, text_model=text_model, image_model=IMAGE, out_dir=tmp_path)
    body, tags = post.caption.split("#", 1)[0], post.hashtags
    assert "rainy window" in body.lower() and "mia" not in body.lower()  # the persona speaks; it is not the subject
    assert {"#rainy", "#window"} <= set(tags) and not {"#mia", "#brews"} & set(tags)
    assert "overcast" in post.image_prompt and "golden-hour" not in post.image_prompt
    assert "scene" not in post.image_prompt.split(",")[0]  # the brief's instructions are not its content
