"""Personas on disk, platform formats, captions held to a platform's limit and hashtag count."""

from __future__ import annotations

import json

import pytest

from openrouter_nb import FORMATS, ImageResult, Persona
from openrouter_nb.creator.copywriting import Brief, fit_caption
from openrouter_nb.creator.generation import render_preview
from openrouter_nb.creator.journal import load_manifest
from openrouter_nb.creator.pipeline import create_post
from openrouter_nb.creator.platforms import platform_format, shorten_caption
from tests.support.helpers import png_size

TEXT, IMAGE = "openai/gpt-4o-mini", "google/gemini-2.5-flash-image"


def test_the_formats_table_covers_the_platforms_creators_use():
    assert FORMATS["tiktok"].aspect_ratio == FORMATS["instagram_reel"].aspect_ratio == "9:16"
    assert FORMATS["instagram"].aspect_ratio == "4:5" and FORMATS["instagram_square"].aspect_ratio == "1:1"
    assert FORMATS["x"].caption_limit == 280 and FORMATS["pinterest"].aspect_ratio == "2:3"
    for fmt in FORMATS.values():
        w, h = (int(x) for x in fmt.aspect_ratio.split(":"))
        assert abs(fmt.width / fmt.height - w / h) < 0.02, fmt.name
    with pytest.raises(ValueError, match="unknown platform 'myspace'.*tiktok"):
        platform_format("myspace")


def test_shorten_caption_cuts_at_a_word_and_keeps_hashtags():
    text = "Golden light spills over the terrace as the first espresso meets a slow morning #coffee #lisbon"
    short = shorten_caption(text, 60)
    assert len(short) <= 60 and short.endswith("#coffee #lisbon") and "…" in short
    assert not any(word.endswith(("spil", "terr")) for word in short.split())
    assert shorten_caption("fine as it is", 60) == "fine as it is"


def test_persona_round_trips_and_references_stay_relative(tmp_path):
    mia = Persona.example()
    assert mia.handle == "@mia.brews" and mia.references and mia.reference_images()[0].data[:4] == b"\x89PNG"
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "ref.png").write_bytes(mia.references[0].read_bytes())
    mine = Persona("Zed", "zed_runs", bio="a runner", platforms=["x"], references=[tmp_path / "pics" / "ref.png"])
    path = mine.save(tmp_path / "zed.json")
    assert json.loads(path.read_text())["references"] == ["pics/ref.png"]
    assert Persona.load(path) == mine and Persona.load(path).handle == "@zed_runs"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "must hold an object"),
        ('{"name": "A"}', "missing handle"),
        ('{"name": "A", "handle": "/etc/passwd"}', "handle must be"),
        ('{"name": "A", "handle": "@a", "platforms": ["myspace"]}', "platforms must name"),
        ('{"name": "A", "handle": "@a", "mood": "x"}', "unknown fields mood"),
        ('{"name": "A", "handle": "@a", "references": ["gone.png"]}', "cannot be read"),
        ('{"name": "A", "handle": "@a", "references": ["notes.txt"]}', "is not a PNG, JPEG, GIF, WebP or SVG image"),
    ],
)
def test_invalid_persona_files_are_clear_errors(tmp_path, content, message):
    (tmp_path / "notes.txt").write_text("hello, not a picture")
    path = tmp_path / "p.json"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        Persona.load(path)


def test_a_toml_persona_loads(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('name = "Ana"\nhandle = "@ana"\nplatforms = ["tiktok"]\n')
    assert Persona.load(path).platforms == ("tiktok",)


def test_fit_caption_honours_the_hashtag_count_and_the_limit():
    brief = Brief(Persona.example(), "autumn latte art at sunrise", platform="x", hashtags=4)
    text, check = fit_caption("Morning light #coffee", brief)
    assert text.count("#") == 4 and check == "hashtags" and "#coffee" in text
    long = "word " * 100 + "#a #b #c #d"
    text, check = fit_caption(long, brief)
    assert len(text) <= 280 and check == "shortened"


async def test_a_tiktok_post_is_vertical_with_its_hashtags_and_the_persona_look(client, tmp_path, emulator):
    brief = Brief(Persona.example(), "autumn latte art at sunrise", platform="tiktok", hashtags=8)
    post = await create_post(client, brief, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    width, height = png_size(post.images[0].read_bytes())
    assert height > width and abs(width / height - 9 / 16) < 0.02
    preview_w, preview_h = png_size(post.preview.read_bytes())
    assert preview_h > preview_w  # the card keeps the platform's shape
    assert len(post.hashtags) == 8 and len(post.caption) <= FORMATS["tiktok"].caption_limit
    manifest = load_manifest(post.folder)
    assert manifest["steps"]["caption"]["caption_check"] in ("ok", "hashtags")
    assert manifest["steps"]["images"]["references"] == 1 and manifest["brief"]["persona"]["handle"] == "@mia.brews"
    sent = [r.json for r in emulator.requests if r.route == "images"][-1]
    assert sent["aspect_ratio"] == "9:16" and sent["input_references"][0]["image_url"]["url"].startswith("data:")


async def test_the_reference_changes_the_look(client, tmp_path):
    plain = Brief("Mia, a barista", "autumn latte art at sunrise", platform="instagram")
    with_ref = Brief(Persona.example(), "autumn latte art at sunrise", platform="instagram")
    a = await create_post(client, plain, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    b = await create_post(client, with_ref, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    assert a.images[0].read_bytes() != b.images[0].read_bytes()


def test_a_brief_rejects_bad_input_before_any_request():
    with pytest.raises(ValueError, match="unknown platform"):
        Brief("Mia", "coffee", platform="myspace")
    with pytest.raises(ValueError, match="hashtags"):
        Brief("Mia", "coffee", hashtags=-1)
    assert Brief("Mia, a plant-loving barista", "x").handle == "@mia_plant"
    assert Brief("/etc/passwd", "x").handle == "@etc_passwd"  # a description's handle is letters only


async def test_a_carousel_has_one_look_and_a_line_per_slide(client, tmp_path):
    brief = Brief(Persona.example(), "three ways to pour latte art", platform="instagram")
    post = await create_post(client, brief, text_model=TEXT, image_model=IMAGE, n_images=3, out_dir=tmp_path)
    assert len(post.images) == 3 and len(post.slide_captions) == 3
    assert all(0 < len(line) <= 80 and "#" not in line for line in post.slide_captions)
    first_only = render_preview(ImageResult(post.images[0].read_bytes()), post.caption, brief)
    assert png_size(post.preview.read_bytes())[1] > png_size(first_only.data)[1] + 200  # every slide on the card
    with pytest.raises(ValueError, match="from 1 to 1 on pinterest"):
        await create_post(client, Brief("Mia", "pins", platform="pinterest"), text_model=TEXT, image_model=IMAGE,
                          n_images=2, out_dir=tmp_path)  # fmt: skip


async def test_a_reel_gets_a_voiceover_beside_its_video(client, tmp_path, emulator):
    brief = Brief(Persona.example(), "pouring a rosetta", platform="instagram_reel")
    video, voice = "bytedance/seedance-2.0-mini", "hexgrad/kokoro-82m"
    post = await create_post(
        client, brief, text_model=TEXT, image_model=IMAGE, video_model=video, voiceover=voice, out_dir=tmp_path
    )
    assert post.voiceover is not None and post.voiceover.parent == post.video.parent
    assert post.voiceover.read_bytes()[:4] == b"RIFF"
    manifest = load_manifest(post.folder)
    script = manifest["steps"]["voiceover"]["script"]
    assert script and "#" not in script and manifest["steps"]["voiceover"]["generation_id"]
    page = post._repr_html_()
    assert "<video" in page and "<audio" in page


def test_a_saved_persona_carries_its_pictures_beside_it(tmp_path):
    path = Persona.example().save(tmp_path / "me" / "mia.json")
    saved = json.loads(path.read_text())
    assert saved["references"] == ["mia-reference.png"]  # beside the file, never a path into the package
    assert (tmp_path / "me" / "mia-reference.png").read_bytes()[:4] == b"\x89PNG"
    moved = tmp_path / "elsewhere"
    (tmp_path / "me").rename(moved)  # the folder travels whole
    assert Persona.load(moved / "mia.json").reference_images()[0].data[:4] == b"\x89PNG"
