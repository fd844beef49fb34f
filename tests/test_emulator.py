"""The emulator, through the real client and raw httpx: routes, auth, SSE framing, media, faults."""

from __future__ import annotations

import asyncio
import base64
import json
import struct
import zlib

import httpx
import pytest

from openrouter_nb import OpenRouterClient, OpenRouterError
from openrouter_nb.emulator import DEMO_KEY, Emulator, Fault
from openrouter_nb.emulator.media import make_mp4, render_png
from openrouter_nb.emulator.server import EmulatorServer
from openrouter_nb.errors import APIConnectionError, APIStatusError

BASE = "https://openrouter.ai/api/v1"
TEXT_MODEL = "openai/gpt-4o-mini"
IMAGE_MODEL = "google/gemini-2.5-flash-image"
IMAGE_ONLY_MODEL = "bytedance-seed/seedream-4.5"
VIDEO_MODEL = "bytedance/seedance-2.0-mini"
AUTH = {"Authorization": f"Bearer {DEMO_KEY}"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(seed=7, generation_lag_s=0.0)


@pytest.fixture
async def http(emulator):
    async with httpx.AsyncClient(transport=emulator, base_url=BASE) as client:
        yield client


@pytest.fixture
async def client(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, max_retries=0) as c:
        yield c


def chat_body(prompt: str = "A post about a beach day", **extra) -> dict:
    return {"model": TEXT_MODEL, "messages": [{"role": "user", "content": prompt}], **extra}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def png_pixels(data: bytes) -> bytes:
    """Decode our own PNGs (8-bit RGB, filter 0) to raw pixels, checking every chunk's CRC."""
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc
        if kind == b"IDAT":
            idat += body
        pos += 12 + length
    return zlib.decompress(idat)


# -- catalog --------------------------------------------------------------------------------


async def test_models_default_text_and_modality_filters(http):
    default = (await http.get("/models")).json()
    assert default["total_count"] == len(default["data"]) == 414
    assert all("text" in m["architecture"]["output_modalities"] for m in default["data"])
    everything = (await http.get("/models", params={"output_modalities": "all"})).json()["data"]
    assert len(everything) == 549
    image = (await http.get("/models", params={"output_modalities": "image"})).json()["data"]
    video = (await http.get("/models", params={"output_modalities": "video"})).json()["data"]
    assert len(image) == 45 and len(video) == 23
    tools = (await http.get("/models", params={"supported_parameters": "tools,seed"})).json()["data"]
    assert tools and all({"tools", "seed"} <= set(m["supported_parameters"]) for m in tools)
    page = (await http.get("/models", params={"limit": 100, "offset": 400})).json()
    assert len(page["data"]) == 14 and page["links"]["next"] is None
    first = (await http.get("/models", params={"limit": 100})).json()
    assert first["links"]["next"] == "/api/v1/models?offset=100&limit=100"


async def test_catalog_is_real_data_with_messy_prices(http):
    models = (await http.get("/models", params={"output_modalities": "all"})).json()["data"]
    by_id = {m["id"]: m for m in models}
    assert by_id["openrouter/auto"]["pricing"]["prompt"] == "-1"
    assert by_id[VIDEO_MODEL]["context_length"] == 0
    assert by_id[VIDEO_MODEL]["pricing"] == {"prompt": "0", "completion": "0"}
    assert any("overrides" in m["pricing"] for m in models)
    assert all(m["description"] == "" for m in models)


async def test_catalog_routes_are_public(http):
    for path in ("/models", "/images/models", "/videos/models", f"/models/{TEXT_MODEL}/endpoints"):
        assert (await http.get(path)).status_code == 200, path
    for path in ("/key", "/credits", "/generation?id=x"):
        assert (await http.get(path)).status_code == 401, path
    assert (await http.post("/chat/completions", json=chat_body())).status_code == 401


async def test_endpoints_deterministic_and_null_stats_without_auth(http):
    anonymous = (await http.get(f"/models/{TEXT_MODEL}/endpoints")).json()["data"]
    assert anonymous["id"] == TEXT_MODEL and anonymous["endpoints"]
    assert all(e["latency_last_30m"] is None for e in anonymous["endpoints"])
    authed = (await http.get(f"/models/{TEXT_MODEL}/endpoints", headers=AUTH)).json()["data"]
    again = (await http.get(f"/models/{TEXT_MODEL}/endpoints", headers=AUTH)).json()["data"]
    assert authed == again
    for ep in authed["endpoints"]:
        lat = ep["latency_last_30m"]
        assert lat["p50"] <= lat["p75"] <= lat["p90"] <= lat["p99"]
        assert 0 < ep["uptime_last_1d"] <= 100
        assert set(ep["pricing"]) >= {"prompt", "completion"}
    assert authed["endpoints"][0]["pricing"]["prompt"] == "0.00000015"
    assert (await http.get("/models/nobody/nothing/endpoints")).status_code == 404


async def test_image_and_video_model_catalogs(http):
    images = (await http.get("/images/models")).json()["data"]
    assert len(images) == 45
    assert all(m["supported_parameters"]["aspect_ratio"]["type"] == "enum" for m in images)
    videos = (await http.get("/videos/models")).json()["data"]
    assert len(videos) == 23
    for m in videos:
        assert m["pricing_skus"] and all(isinstance(v, str) for v in m["pricing_skus"].values())
        assert m["supported_durations"]
    skus = {k for m in videos for k in m["pricing_skus"]}
    assert any(k.startswith("cents") for k in skus) and any(k.startswith("per-video") for k in skus)


# -- chat -----------------------------------------------------------------------------------


async def test_chat_deterministic_with_usage_and_cost(http):
    first = (await http.post("/chat/completions", json=chat_body(seed=1), headers=AUTH)).json()
    second = (await http.post("/chat/completions", json=chat_body(seed=1), headers=AUTH)).json()
    other = (await http.post("/chat/completions", json=chat_body(seed=2), headers=AUTH)).json()
    text = first["choices"][0]["message"]["content"]
    assert text == second["choices"][0]["message"]["content"]
    assert text != other["choices"][0]["message"]["content"] or first["id"] != other["id"]
    assert "beach" in text.lower()
    usage = first["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    expected = usage["prompt_tokens"] * 0.00000015 + usage["completion_tokens"] * 0.0000006
    assert usage["cost"] == pytest.approx(expected)
    assert first["id"].startswith("gen-") and first["provider"] == "OpenAI"
    assert first["choices"][0]["finish_reason"] == "stop"


def test_replies_are_stable_across_emulator_instances():
    async def reply() -> str:
        async with OpenRouterClient(api_key=DEMO_KEY, transport=Emulator(seed=3)) as c:
            return await c.generate_text(TEXT_MODEL, "A caption about mountain hiking")

    assert asyncio.run(reply()) == asyncio.run(reply())


async def test_chat_content_parts_and_unknown_model(http, client):
    parts = (
        await http.post(
            "/chat/completions", headers=AUTH, json={**chat_body(), "model": "mistralai/mistral-large-2512"}
        )
    ).json()
    content = parts["choices"][0]["message"]["content"]
    assert isinstance(content, list) and content[0]["type"] == "text"
    joined = await client.generate_text("mistralai/mistral-large-2512", "A post about a beach day")
    assert isinstance(joined, str) and "beach" in joined.lower()
    bad = await http.post("/chat/completions", headers=AUTH, json={**chat_body(), "model": "no/such"})
    assert bad.status_code == 400
    assert bad.json()["error"]["availability"]["code"] == "model_not_found"


async def test_chat_fallbacks_routers_and_max_tokens(http):
    body = {**chat_body(), "model": "no/such", "models": ["no/such", "google/gemini-2.5-flash"]}
    answered = (await http.post("/chat/completions", headers=AUTH, json=body)).json()
    assert answered["model"] == "google/gemini-2.5-flash"
    routed = (
        await http.post("/chat/completions", headers=AUTH, json={**chat_body(), "model": "openrouter/auto"})
    ).json()
    assert routed["model"] != "openrouter/auto" and routed["usage"]["cost"] > 0
    short = (await http.post("/chat/completions", headers=AUTH, json=chat_body(max_tokens=3))).json()
    assert short["choices"][0]["finish_reason"] == "length" and short["usage"]["completion_tokens"] == 3


async def test_chat_json_response_format(http):
    fmt = {
        "type": "json_schema",
        "json_schema": {
            "name": "post",
            "schema": {
                "type": "object",
                "properties": {"caption": {"type": "string"}, "hashtags": {"type": "array"}},
            },
        },
    }
    reply = (await http.post("/chat/completions", headers=AUTH, json=chat_body(response_format=fmt))).json()
    parsed = json.loads(reply["choices"][0]["message"]["content"])
    assert set(parsed) == {"caption", "hashtags"} and isinstance(parsed["hashtags"], list)


async def test_chat_image_modalities(http):
    body = {
        **chat_body("A sunset over the sea"),
        "model": IMAGE_MODEL,
        "modalities": ["image", "text"],
        "image_config": {"aspect_ratio": "16:9"},
    }
    reply = (await http.post("/chat/completions", headers=AUTH, json=body)).json()
    url = reply["choices"][0]["message"]["images"][0]["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    assert png_size(base64.b64decode(url.split(",", 1)[1])) == (256, 144)
    assert reply["usage"]["completion_tokens_details"]["image_tokens"] == 1290
    refused = await http.post("/chat/completions", headers=AUTH, json={**body, "model": TEXT_MODEL})
    assert refused.status_code == 404


async def test_sse_framing_byte_level(http):
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_body(stream=True)) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "text/event-stream"
        raw = b"".join([chunk async for chunk in r.aiter_raw()])
    assert raw.startswith(b": OPENROUTER PROCESSING\n\n")
    assert raw.endswith(b"data: [DONE]\n\n")
    events = [e for e in raw.decode().split("\n\n") if e]
    assert all(e.startswith(("data: ", ": ")) and "\n" not in e for e in events)
    assert events.count(": OPENROUTER PROCESSING") >= 2  # before and between chunks
    chunks = [json.loads(e[6:]) for e in events if e.startswith("data: {")]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert all("role" not in c["choices"][0]["delta"] for c in chunks[1:] if c["choices"])
    finish = [c for c in chunks if c["choices"] and c["choices"][0]["finish_reason"]]
    assert len(finish) == 1 and finish[0]["choices"][0]["finish_reason"] == "stop"
    usage = chunks[-1]
    assert usage["choices"] == [] and usage["usage"]["cost"] > 0
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    plain = (await http.post("/chat/completions", headers=AUTH, json=chat_body())).json()
    assert text == plain["choices"][0]["message"]["content"]


async def test_stream_faults(emulator, http):
    emulator.script("chat", "mid_stream_error")
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_body(stream=True)) as r:
        raw = (await r.aread()).decode()
    assert r.status_code == 200
    last = json.loads([e for e in raw.split("\n\n") if e.startswith("data: {")][-1][6:])
    assert last["error"]["code"] == 502 and last["choices"][0]["finish_reason"] == "error"
    assert "[DONE]" not in raw

    emulator.script("chat", "truncated_stream")
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_body(stream=True)) as r:
        raw = (await r.aread()).decode()
    assert "[DONE]" not in raw and '"finish_reason":"stop"' not in raw

    emulator.script("chat", "keepalive_forever")
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_body(stream=True)) as r:
        seen = 0
        async for chunk in r.aiter_raw():
            seen += chunk.count(b": OPENROUTER PROCESSING")
            if seen >= 5:
                break
    assert seen >= 5


async def test_early_stream_close_is_recorded_as_cancelled(emulator, http):
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_body(stream=True)) as r:
        async for chunk in r.aiter_raw():
            if b'"content":"' in chunk and b'"role"' not in chunk:
                break
    assert emulator.streams_closed_early == 1
    record = list(emulator.generations.values())[-1]
    assert record["cancelled"] is True and record["streamed"] is True


async def test_generation_error_inside_200(emulator, http):
    emulator.script("chat", "generation_error")
    reply = (await http.post("/chat/completions", headers=AUTH, json=chat_body())).json()
    assert reply["choices"][0]["finish_reason"] == "error"
    assert reply["choices"][0]["error"]["code"] == 502


# -- images ---------------------------------------------------------------------------------


async def test_images_route(http):
    r = await http.post(
        "/images",
        headers=AUTH,
        json={"model": IMAGE_ONLY_MODEL, "prompt": "a neon city", "n": 2, "seed": 5, "size": "1024x768"},
    )
    assert r.status_code == 200
    payload = r.json()
    assert "id" not in payload and payload["usage"]["cost"] > 0
    assert 1 <= len(payload["data"]) <= 2
    for item in payload["data"]:
        data = base64.b64decode(item["b64_json"])
        assert item["media_type"] == "image/png"
        assert png_size(data) == (256, 192)
        assert len(png_pixels(data)) == 192 * (1 + 256 * 3)


def test_png_is_deterministic_and_prompts_differ_visibly():
    a1, a2 = render_png("sunset over the beach", 1), render_png("sunset over the beach", 1)
    b = render_png("winter ski trip in the mountains", 1)
    assert a1 == a2
    pa, pb = png_pixels(a1), png_pixels(b)
    differing = sum(1 for x, y in zip(pa, pb, strict=True) if abs(x - y) > 40)
    assert differing > len(pa) // 4  # a different palette and scene, not a few pixels
    row = 1 + 256 * 3
    colours = {pa[i + 1 + 3 * x : i + 4 + 3 * x] for i in range(0, len(pa), row) for x in range(256)}
    assert len(colours) > 50  # gradients and shapes, not a flat fill
    assert len(a1) < 20_000


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({"model": TEXT_MODEL, "prompt": "x"}, 400, id="text-model"),
        pytest.param({"model": IMAGE_MODEL, "prompt": ""}, 400, id="empty-prompt"),
        pytest.param({"model": IMAGE_MODEL, "prompt": "x", "n": 11}, 400, id="n-too-big"),
        pytest.param({"model": IMAGE_MODEL, "prompt": "x", "aspect_ratio": "5:1"}, 400, id="aspect"),
        pytest.param({"model": "no/such", "prompt": "x"}, 400, id="unknown-model"),
    ],
)
async def test_images_validation(http, body, status):
    assert (await http.post("/images", headers=AUTH, json=body)).status_code == status


# -- video ----------------------------------------------------------------------------------


async def test_video_job_lifecycle_on_injected_clock():
    clock = FakeClock()
    emulator = Emulator(clock=clock, generation_lag_s=0.0)
    async with httpx.AsyncClient(transport=emulator, base_url=BASE, headers=AUTH) as http:
        submitted = await http.post("/videos", json={"model": VIDEO_MODEL, "prompt": "waves", "duration": 5})
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
        job = (await http.post("/videos", json={"model": VIDEO_MODEL, "prompt": "waves"})).json()
        clock.now = 10.0
        final = (await http.get(f"/videos/{job['id']}")).json()
    assert final["status"] == outcome and isinstance(final["error"], str)


async def test_video_validation(http):
    bad = await http.post("/videos", headers=AUTH, json={"model": VIDEO_MODEL, "prompt": "x", "duration": 3})
    assert bad.status_code == 400 and "duration" in bad.json()["error"]["message"]
    assert (await http.post("/videos", headers=AUTH, json={"model": TEXT_MODEL, "prompt": "x"})).status_code == 400
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


# -- accounting and auth --------------------------------------------------------------------


async def test_generation_key_and_credits_are_consistent():
    clock = FakeClock()
    emulator = Emulator(clock=clock, generation_lag_s=1.0, management_key="sk-or-v1-management-test")
    async with httpx.AsyncClient(transport=emulator, base_url=BASE, headers=AUTH) as http:
        reply = (await http.post("/chat/completions", json=chat_body())).json()
        assert (await http.get("/generation", params={"id": reply["id"]})).status_code == 404
        clock.now = 1.5
        gen = (await http.get("/generation", params={"id": reply["id"]})).json()["data"]
        assert gen["total_cost"] == reply["usage"]["cost"] and gen["model"] == TEXT_MODEL
        key = (await http.get("/key")).json()["data"]
        assert key["usage"] == pytest.approx(reply["usage"]["cost"])
        assert key["limit_remaining"] == pytest.approx(25.0 - reply["usage"]["cost"])
        assert key["is_management_key"] is False
        denied = await http.get("/credits")
        assert denied.status_code == 403 and "management" in denied.json()["error"]["message"]
        credits = await http.get("/credits", headers={"Authorization": "Bearer sk-or-v1-management-test"})
        assert credits.json()["data"]["total_usage"] == pytest.approx(reply["usage"]["cost"])


async def test_auth_shapes(http):
    missing = await http.get("/key")
    assert missing.json() == {
        "error": {
            "code": 401,
            "message": "No cookie auth credentials found",
            "metadata": {"error_type": "authentication"},
        }
    }
    wrong = await http.get("/key", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["message"] == "User not found."


async def test_credits_run_out_gives_402():
    emulator = Emulator(credits=0.0)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, max_retries=0) as client:
        with pytest.raises(OpenRouterError, match="402"):
            await client.generate_text(TEXT_MODEL, "hi")


# -- faults ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503])
async def test_scripted_status_errors_use_the_real_envelope(emulator, http, status):
    emulator.script("chat", Fault.error(status, retry_after=0 if status in (429, 503) else None))
    r = await http.post("/chat/completions", headers=AUTH, json=chat_body())
    assert r.status_code == status
    error = r.json()["error"]
    assert error["code"] == status and error["message"] and "error_type" in error["metadata"]
    if status == 403:
        assert error["metadata"]["reasons"] and error["metadata"]["flagged_input"]
    if status == 429:
        assert r.headers["retry-after"] == "0" and r.headers["x-ratelimit-remaining"] == "0"
    assert (await http.post("/chat/completions", headers=AUTH, json=chat_body())).status_code == 200


async def test_script_queue_order_and_wildcard(emulator, client):
    emulator.script("chat", Fault.error(429, retry_after=0), 502, "ok")
    emulator.script("*", "empty")
    for expected in ("429", "502"):
        with pytest.raises(APIStatusError, match=expected):
            await client.generate_text(TEXT_MODEL, "x")
    assert await client.generate_text(TEXT_MODEL, "x")
    with pytest.raises(OpenRouterError):  # the wildcard applies to the next request on any route
        await client.list_models()
    assert len(emulator.calls("chat")) == 3
    with pytest.raises(ValueError, match="unknown route"):
        emulator.script("nope", "ok")


async def test_body_faults(emulator, client):
    emulator.script("chat", "malformed_json", "html", "empty")
    for _ in range(3):
        with pytest.raises(OpenRouterError) as info:
            await client.generate_text(TEXT_MODEL, "x")
        assert not isinstance(info.value.__cause__, KeyError)


async def test_connection_faults(emulator, client):
    emulator.script("models", "drop", "connect_timeout")
    with pytest.raises(APIConnectionError):
        await client.list_models()
    with pytest.raises(APIConnectionError):
        await client.list_models()


async def test_read_timeout_fault_honours_client_timeout(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, timeout=0.05, max_retries=0) as client:
        emulator.script("models", "read_timeout")
        with pytest.raises(APIConnectionError, match="timed out"):
            await client.list_models()


async def test_latency_and_history(emulator, client):
    emulator.latency = 0.02
    loop = asyncio.get_running_loop()
    start = loop.time()
    await client.generate_text(TEXT_MODEL, "x")
    assert loop.time() - start >= 0.02
    recorded = emulator.calls("chat")[-1]
    assert recorded.authorized and recorded.json["model"] == TEXT_MODEL
    assert "authorization" not in recorded.headers
    assert DEMO_KEY not in repr(emulator.requests)


# -- loopback server ------------------------------------------------------------------------


async def test_loopback_server_over_a_real_socket():
    emulator = Emulator(seed=7, stream_chunk_delay=0.01)
    async with EmulatorServer(emulator) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        async with OpenRouterClient(api_key=DEMO_KEY, base_url=server.base_url) as client:
            assert len(await client.list_models()) == 549
            text = await client.generate_text(TEXT_MODEL, "A post about a beach day")
            assert "beach" in text.lower()
        async with httpx.AsyncClient(base_url=server.base_url, headers=AUTH) as http:
            loop = asyncio.get_running_loop()
            arrivals = []
            async with http.stream("POST", "/chat/completions", json=chat_body(stream=True)) as r:
                async for line in r.aiter_lines():
                    if line.startswith("data: {"):
                        arrivals.append(loop.time())
            # events arrive as produced, not all at once at the end
            assert arrivals[-1] - arrivals[0] >= 0.05
            job = (await http.post("/videos", json={"model": VIDEO_MODEL, "prompt": "waves"})).json()
            emulator.jobs[job["id"]]["submitted"] -= 10
            done = (await http.get(f"/videos/{job['id']}")).json()
            assert done["unsigned_urls"][0].startswith(f"http://127.0.0.1:{server.port}/api/v1/videos/")
            mp4 = await http.get(done["unsigned_urls"][0])
            assert mp4.content[4:8] == b"ftyp"
            emulator.script("models", "drop")
            with pytest.raises(httpx.RemoteProtocolError):
                await http.get("/models")


async def test_loopback_server_with_openai_sdk():
    openai = pytest.importorskip("openai")
    async with EmulatorServer(Emulator(seed=1)) as server:
        sdk = openai.AsyncOpenAI(api_key=DEMO_KEY, base_url=server.base_url)
        reply = await sdk.chat.completions.create(model=TEXT_MODEL, messages=[{"role": "user", "content": "hi beach"}])
        assert reply.choices[0].message.content
        stream = await sdk.chat.completions.create(
            model=TEXT_MODEL, messages=[{"role": "user", "content": "hi beach"}], stream=True
        )
        parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
        assert "".join(parts) == reply.choices[0].message.content
        await sdk.close()


def test_server_module_binds_loopback_only():
    import inspect

    from openrouter_nb.emulator import server

    source = inspect.getsource(server.EmulatorServer.start)
    assert '"127.0.0.1"' in source and "0.0.0.0" not in inspect.getsource(server)


async def test_images_sse_variant_only_for_streaming_models(http):
    from openrouter_nb.results import decode_images
    from openrouter_nb.sse import parse_lines

    body = {"model": "openai/gpt-image-1", "prompt": "a neon city", "stream": True, "n": 1}
    async with http.stream("POST", "/images", headers=AUTH, json=body) as r:
        assert r.headers["content-type"] == "text/event-stream"
        raw = (await r.aread()).decode()
    events = parse_lines(raw.split("\n"))
    assert events[-1].done
    kinds = [e.json["type"] for e in events if e.json]
    assert kinds == ["image_generation.partial_image", "image_generation.completed"]
    completed = events[-2].json
    assert completed["usage"]["cost"] > 0 and decode_images(completed)[0].data[:4] == b"\x89PNG"
    # models without streaming ignore the flag and answer synchronously
    plain = await http.post("/images", headers=AUTH, json={**body, "model": IMAGE_ONLY_MODEL})
    assert plain.headers["content-type"] == "application/json" and plain.json()["data"]
