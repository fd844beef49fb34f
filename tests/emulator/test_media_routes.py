"""The emulator's media: ``/images`` (and its SSE variant), pictures, video jobs and their MP4s."""

from __future__ import annotations

import base64
import io
import json
import struct

import httpx
import pytest

from openrouter_nb import decode_images
from openrouter_nb.emulator import Emulator
from openrouter_nb.emulator.h264 import make_mp4
from openrouter_nb.emulator.pictures import render_png
from tests.support.helpers import (
    AUTH,
    BASE,
    IMAGE,
    IMAGE_ONLY,
    TEXT,
    VIDEO,
    FakeClock,
    png_pixels,
    png_size,
)


async def test_images_route(http):
    r = await http.post(
        "/images",
        headers=AUTH,
        json={"model": IMAGE_ONLY, "prompt": "a neon city", "n": 2, "seed": 5, "size": "1024x768"},
    )
    assert r.status_code == 200
    payload = r.json()
    assert "id" not in payload and payload["usage"]["cost"] > 0
    assert 1 <= len(payload["data"]) <= 2
    for item in payload["data"]:
        data = base64.b64decode(item["b64_json"])
        assert item["media_type"] == "image/png"
        assert png_size(data) == (1024, 768)  # a pixel size is used as given
        assert len(png_pixels(data)) == 1024 * 768 * 3


def test_png_is_deterministic_and_prompts_differ_visibly():
    a1, a2 = render_png("sunset over the beach", 1), render_png("sunset over the beach", 1)
    b = render_png("winter ski trip in the mountains", 1)
    assert a1 == a2
    pa, pb = png_pixels(a1), png_pixels(b)
    differing = sum(1 for x, y in zip(pa, pb, strict=True) if abs(x - y) > 40)
    assert differing > len(pa) // 4  # a different palette and scene, not a few pixels
    colours = {pa[i : i + 3] for i in range(0, len(pa), 3)}
    assert len(colours) > 50  # gradients and shapes, not a flat fill
    assert len(a1) < 20_000


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({"model": TEXT, "prompt": "x"}, 400, id="text-model"),
        pytest.param({"model": IMAGE, "prompt": ""}, 400, id="empty-prompt"),
        pytest.param({"model": IMAGE, "prompt": "x", "n": 11}, 400, id="n-too-big"),
        pytest.param({"model": IMAGE, "prompt": "x", "aspect_ratio": "5:1"}, 400, id="aspect"),
        pytest.param({"model": "no/such", "prompt": "x"}, 400, id="unknown-model"),
    ],
)
async def test_images_validation(http, body, status):
    assert (await http.post("/images", headers=AUTH, json=body)).status_code == status


async def test_images_sse_variant_only_for_streaming_models(http):
    from openrouter_nb._core.sse import DONE, parse_lines

    body = {"model": "openai/gpt-image-1", "prompt": "a neon city", "stream": True, "n": 1}
    async with http.stream("POST", "/images", headers=AUTH, json=body) as r:
        assert r.headers["content-type"] == "text/event-stream"
        raw = (await r.aread()).decode()
    events = parse_lines(raw.split("\n"))
    assert events[-1] == DONE
    parsed = [json.loads(e) for e in events[:-1]]
    assert [e["type"] for e in parsed] == ["image_generation.partial_image", "image_generation.completed"]
    completed = parsed[-1]
    assert completed["usage"]["cost"] > 0 and decode_images(completed)[0].data[:4] == b"\x89PNG"
    # models without streaming ignore the flag and answer synchronously
    plain = await http.post("/images", headers=AUTH, json={**body, "model": IMAGE_ONLY})
    assert plain.headers["content-type"] == "application/json" and plain.json()["data"]


async def test_video_job_lifecycle_on_injected_clock():
    clock = FakeClock()
    emulator = Emulator(clock=clock, generation_lag_s=0.0)
    async with httpx.AsyncClient(transport=emulator, base_url=BASE, headers=AUTH) as http:
        submitted = await http.post("/videos", json={"model": VIDEO, "prompt": "waves", "duration": 5})
        assert submitted.status_code == 202
        job = submitted.json()
        assert job["status"] == "pending" and job["polling_url"] == f"/api/v1/videos/{job['id']}"
        assert (await http.get(f"/videos/{job['id']}")).json()["status"] == "pending"
        early = await http.get(f"/videos/{job['id']}/content")
        assert early.status_code == 400
        clock.now = 0.5
        assert (await http.get(f"/videos/{job['id']}")).json()["status"] == "in_progress"
        clock.now = 2.0
        done = (await http.get(f"/videos/{job['id']}")).json()
        assert done["status"] == "completed" and done["generation_id"].startswith("gen-")
        assert done["unsigned_urls"] == [f"{BASE}/videos/{job['id']}/content?index=0"]
        assert done["usage"]["cost"] == pytest.approx(5 * 0.27)  # 27 cents per second SKU
        content = await http.get(f"/videos/{job['id']}/content", params={"index": 0})
        assert content.headers["content-type"] == "video/mp4"
        assert content.content[4:8] == b"ftyp"
        gen = (await http.get("/generation", params={"id": done["generation_id"]})).json()["data"]
        assert gen["api_type"] == "video" and gen["total_cost"] == done["usage"]["cost"]
        keyless = await http.get(f"/videos/{job['id']}/content", headers={"Authorization": ""})
        assert keyless.status_code == 401


@pytest.mark.parametrize("outcome", ["failed", "cancelled", "expired"])
async def test_video_terminal_failures(outcome):
    clock = FakeClock()
    emulator = Emulator(clock=clock)
    emulator.script("videos", f"job_{outcome}")
    async with httpx.AsyncClient(transport=emulator, base_url=BASE, headers=AUTH) as http:
        job = (await http.post("/videos", json={"model": VIDEO, "prompt": "waves"})).json()
        clock.now = 10.0
        final = (await http.get(f"/videos/{job['id']}")).json()
    assert final["status"] == outcome and isinstance(final["error"], str)


async def test_video_validation(http):
    bad = await http.post("/videos", headers=AUTH, json={"model": VIDEO, "prompt": "x", "duration": 3})
    assert bad.status_code == 400 and "duration" in bad.json()["error"]["message"]
    assert (await http.post("/videos", headers=AUTH, json={"model": TEXT, "prompt": "x"})).status_code == 400
    assert (await http.get("/videos/job-nope", headers=AUTH)).status_code == 404


def mp4_boxes(data: bytes) -> list[bytes]:
    boxes, pos = [], 0
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        assert size >= 8
        boxes.append(kind)
        pos += size
    assert pos == len(data)
    return boxes


def test_mp4_structure():
    data = make_mp4("waves", 1, seconds=1.0, fps=4, width=32, height=32)
    assert mp4_boxes(data) == [b"ftyp", b"moov", b"mdat"]
    assert data[8:12] == b"isom"
    assert b"avcC" in data and b"stsz" in data
    # the stco offset points at the first sample: a 4-byte length then an IDR NAL (type 5)
    offset = struct.unpack(">I", data[data.index(b"stco") + 12 : data.index(b"stco") + 16])[0]
    assert data[offset + 4] & 0x1F == 5


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({"size": "1024x1024", "aspect_ratio": "16:9"}, id="size-vs-aspect"),
        pytest.param({"size": "1024x1024", "resolution": "2K"}, id="size-vs-resolution"),
        pytest.param({"size": "2K", "resolution": "1K"}, id="tier-vs-resolution"),
        pytest.param({"quality": "ultra"}, id="quality"),
        pytest.param({"output_format": "bmp"}, id="format"),
        pytest.param({"aspect_ratio": "5:1"}, id="aspect"),
    ],
)
async def test_image_requests_are_checked_as_the_spec_says(http, extra):
    body = {"model": IMAGE, "prompt": "a cafe", **extra}
    assert (await http.post("/images", headers=AUTH, json=body)).status_code == 400


async def test_reference_images_give_their_colours(http):
    from PIL import Image

    def red_reference() -> dict:
        picture = Image.new("RGB", (32, 32), (200, 30, 30))
        out = io.BytesIO()
        picture.save(out, format="PNG")
        return {
            "type": "image_url",
            "image_url": {"url": "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()},
        }

    async def picture(prompt: str, refs: list | None = None) -> bytes:
        body = {"model": IMAGE, "prompt": prompt, "seed": 1, **({"input_references": refs} if refs else {})}
        data = (await http.post("/images", headers=AUTH, json=body)).json()["data"][0]["b64_json"]
        return png_pixels(base64.b64decode(data))

    def redness(pixels: bytes) -> float:
        return sum(pixels[0::3]) / max(1, sum(pixels[1::3]) + sum(pixels[2::3]))

    plain_a, plain_b = await picture("snowy mountain"), await picture("ocean surf")
    styled_a, styled_b = (
        await picture("snowy mountain", [red_reference()]),
        await picture("ocean surf", [red_reference()]),
    )
    assert redness(styled_a) > 2 * redness(plain_a) and redness(styled_b) > 2 * redness(plain_b)
