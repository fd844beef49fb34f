"""Images: ``generate_image``, ``images`` (decoded, with cost), fetching URL images, validation."""

from __future__ import annotations

import json

import httpx
import pytest

from openrouter_nb import ImageResult, OpenRouterClient
from openrouter_nb.emulator import DEMO_KEY
from openrouter_nb.emulator.pictures import render_png
from tests.support.helpers import (
    IMAGE,
    IMAGE_ONLY,
    make_client,
)


async def test_generate_image_sends_only_given_fields_and_returns_raw():
    seen = []
    payload = {"created": 1, "data": [{"b64_json": "iVBORw0KGgo=", "media_type": "image/png"}]}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, json.loads(request.content)))
        return httpx.Response(200, json=payload)

    client = make_client(handler)
    assert await client.generate_image(model="m/img", prompt="a cat") == payload
    assert seen[0] == ("/api/v1/images", {"model": "m/img", "prompt": "a cat"})
    await client.generate_image(
        model="m/img",
        prompt="a cat",
        negative_prompt="dogs",
        steps=20,
        guidance_scale=7.5,
        size="1024x1024",
        aspect_ratio="16:9",
        n=2,
        seed=7,
    )
    assert seen[1][1] == {
        "model": "m/img",
        "prompt": "a cat",
        "negative_prompt": "dogs",
        "steps": 20,
        "guidance_scale": 7.5,
        "size": "1024x1024",
        "aspect_ratio": "16:9",
        "n": 2,
        "seed": 7,
    }
    await client.close()


async def test_images_helper_decodes_and_saves(client, tmp_path):
    images = await client.images(model=IMAGE_ONLY, prompt="neon city", n=2, seed=1)
    assert images and all(isinstance(i, ImageResult) for i in images)
    path = images[0].save(tmp_path / "first")
    assert path.suffix == ".png" and path.read_bytes() == bytes(images[0])
    bundle = images[0]._repr_mimebundle_()
    assert "image/png" in bundle


async def test_fetch_images_from_https_without_the_key():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=render_png("a cafe", 1, 32, 32), headers={"content-type": "image/png"})

    async with OpenRouterClient(api_key=DEMO_KEY, transport=httpx.MockTransport(handler)) as client:
        [image] = await client.fetch_images([ImageResult(b"", url="https://cdn.test/a.png")])
    assert image.data.startswith(b"\x89PNG") and "authorization" not in seen[0].headers


async def test_image_validation(client, emulator):
    with pytest.raises(ValueError, match="n must"):
        await client.generate_image(model=IMAGE, prompt="x", n=0)
    with pytest.raises(ValueError, match="prompt"):
        await client.generate_image(model=IMAGE, prompt="")
    assert emulator.calls("images") == []


async def test_image_prices_come_from_each_models_endpoints_in_every_unit_and_are_cached(client, emulator):
    prices = await client.image_prices()
    assert set(prices.columns) == {"model", "provider", "billable", "unit", "cost_usd"}
    assert set(prices["unit"]) == {"image", "megapixel", "token"}  # as the spec names them
    assert (prices["billable"] == "output_image").all() and (prices["cost_usd"] > 0).all()
    models = {m["id"] for m in await client.list_image_models()}
    assert set(prices["model"]) == models
    reads = len(emulator.calls("image_endpoints"))
    assert reads == len(models)
    await client.image_prices()
    assert len(emulator.calls("image_endpoints")) == reads  # cached for models_ttl, like the catalog
    gemini = prices[prices["model"] == "google/gemini-2.5-flash-image"]
    assert list(gemini["provider"]) == ["Google AI Studio", "Google"] and list(gemini["unit"]) == ["token", "token"]
    assert await client.image_endpoints("no/such-model") == []
