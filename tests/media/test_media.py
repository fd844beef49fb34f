"""Media: decoding every image shape, display, saving, galleries and post preview cards."""

from __future__ import annotations

import base64

import pytest

from openrouter_nb import decode_images
from openrouter_nb.errors import APIResponseError
from openrouter_nb.media import split_hashtags
from tests.support.helpers import png_size


def test_decode_images_every_shape():
    from openrouter_nb.emulator.pictures import render_png

    png = render_png("sea", 1, 16, 16)

    b64 = base64.b64encode(png).decode()
    assert decode_images({"data": [{"b64_json": b64, "media_type": "image/png"}]})[0].data == png
    assert decode_images({"data": [{"b64_json": b64}]})[0].mime_type == "image/png"  # sniffed
    chat = {
        "choices": [
            {"message": {"images": [{"type": "image_url", "image_url": {"url": f"data:image/png;base64,{b64}"}}]}}
        ]
    }
    assert decode_images(chat)[0].data == png
    url = decode_images({"choices": [{"message": {"images": [{"image_url": {"url": "https://cdn.test/a.png"}}]}}]})
    assert url[0].url == "https://cdn.test/a.png" and url[0].data == b""
    assert decode_images({"data": "nope"}) == [] and decode_images(None) == []
    with pytest.raises(APIResponseError):
        decode_images({"data": [{"b64_json": "!!!not base64"}]})


def test_split_hashtags():
    assert split_hashtags("Great day! #sun #sea #sun") == ("Great day!", ["#sun", "#sea"])
    assert split_hashtags("no tags") == ("no tags", [])


def test_image_set_carries_the_calls_cost():
    import base64 as b64

    from openrouter_nb.emulator.pictures import render_png
    from openrouter_nb.media import ImageSet

    png = render_png("sea", 1, 64, 48)
    payload = {"created": 1, "data": [{"b64_json": b64.b64encode(png).decode()}], "usage": {"cost": 0.04}}
    images = ImageSet.from_payload(payload, "a/b")
    assert isinstance(images, list) and images[0].data == png and images.cost == 0.04 and images.model == "a/b"
    assert "$0.04" in repr(images) and images._repr_html_().count("<img") == 1
    assert ImageSet.from_payload({"data": []}, "a/b").cost is None


def test_preview_card_post_card_and_gallery():
    from openrouter_nb.emulator.pictures import render_png
    from openrouter_nb.media import Gallery, ImageResult, VideoResult, post_card_html, preview_card

    image = ImageResult(render_png("sunset", 1))
    short = preview_card(image, "☕ Short. #a", handle="@mia", platform="instagram")
    long = preview_card(image, "word " * 200 + "#a #b", handle="@mia", platform="instagram")
    assert png_size(long.data)[1] > png_size(short.data)[1] and png_size(short.data)[0] == 420
    card = post_card_html(short, "cost <b>$1</b>", video=VideoResult(b"....ftyp"))
    assert "alt='post preview'" in card and "<video" in card and "cost <b>$1</b>" in card
    assert Gallery([(image, "a <b>"), (short, "b")])._repr_html_().count("<img") == 2
    assert "a &lt;b&gt;" in Gallery([(image, "a <b>")])._repr_html_()
