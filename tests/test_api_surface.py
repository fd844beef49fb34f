"""chat, streaming, images, video jobs, accounting, batches and the cache, against the emulator."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from openrouter_nb import ChatResult, ImageResult, OpenRouterClient, VideoResult, decode_images
from openrouter_nb.cache import ResponseCache
from openrouter_nb.emulator import DEMO_KEY, Emulator
from openrouter_nb.emulator.server import EmulatorServer
from openrouter_nb.errors import (
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    GenerationError,
    NotFoundError,
    OpenRouterError,
    PermissionDeniedError,
    VideoJobError,
)

TEXT = "openai/gpt-4o-mini"
IMAGE = "google/gemini-2.5-flash-image"
IMAGE_ONLY = "bytedance-seed/seedream-4.5"
VIDEO = "bytedance/seedance-2.0-mini"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def no_sleep(seconds: float) -> None:
    return None


@pytest.fixture
def emulator():
    return Emulator(seed=3, generation_lag_s=0.0)


@pytest.fixture
async def client(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=no_sleep) as c:
        yield c


# -- chat -------------------------------------------------------------------------------------


async def test_chat_result_fields(client, emulator):
    result = await client.chat(
        TEXT, "A caption about a rainy city walk", system="Be upbeat.", seed=4, temperature=0.2, max_tokens=200
    )
    assert isinstance(result, ChatResult)
    assert "rainy" in result.text.lower() and result.model == TEXT and result.provider == "OpenAI"
    assert result.finish_reason == "stop" and result.id.startswith("gen-")
    assert result.cost == pytest.approx(result.usage["cost"]) and result.cost > 0
    assert result.raw["choices"][0]["message"]["content"] == result.text
    sent = emulator.calls("chat")[-1].json
    assert sent["messages"][0] == {"role": "system", "content": "Be upbeat."}
    assert sent["seed"] == 4 and sent["temperature"] == 0.2 and sent["max_tokens"] == 200
    assert "stream" not in sent


async def test_chat_messages_fallbacks_and_provider_routing(client, emulator):
    messages = [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": "A post about surfing"},
    ]
    result = await client.chat(
        "no/such", messages=messages, models=["no/such", "google/gemini-2.5-flash"], provider={"order": ["Together"]}
    )
    assert result.model == "google/gemini-2.5-flash" and result.provider == "Together"
    assert emulator.calls("chat")[-1].json["messages"] == messages


async def test_chat_argument_validation_sends_nothing(client, emulator):
    with pytest.raises(ValueError, match="exactly one"):
        await client.chat(TEXT)
    with pytest.raises(ValueError, match="exactly one"):
        await client.chat(TEXT, "x", messages=[{"role": "user", "content": "y"}])
    with pytest.raises(ValueError, match="prompt"):
        await client.chat(TEXT, "   ")
    with pytest.raises(TypeError, match="JSON-serialisable"):
        await client.chat(TEXT, "x", metadata={"when": object()})
    assert emulator.calls("chat") == []


async def test_chat_image_modalities_decoded(client):
    result = await client.chat(
        IMAGE, "A sunset over the sea", modalities=["image", "text"], image_config={"aspect_ratio": "1:1"}
    )
    assert len(result.images) == 1
    image = result.images[0]
    assert image.mime_type == "image/png" and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert image._repr_png_() == image.data
    assert "text/html" in result._repr_mimebundle_()


async def test_generation_error_inside_200(client, emulator):
    emulator.script("chat", "generation_error", "generation_error")
    with pytest.raises(GenerationError) as info:
        await client.chat(TEXT, "x")
    assert info.value.code == 502 and info.value.metadata["error_type"] == "provider_unavailable"
    with pytest.raises(GenerationError):
        await client.generate_text(TEXT, "x")


async def test_moderation_403_carries_reasons(client, emulator):
    emulator.script("chat", 403)
    with pytest.raises(PermissionDeniedError) as info:
        await client.chat(TEXT, "x")
    assert info.value.reasons == ["violence"] and info.value.flagged_input


# -- streaming --------------------------------------------------------------------------------


async def test_stream_text_matches_chat_and_exposes_usage(client, emulator):
    stream = client.stream_text(TEXT, "A post about autumn leaves", seed=9)
    deltas = [d async for d in stream]
    assert len(deltas) > 3 and all(isinstance(d, str) for d in deltas)
    assert stream.completed and stream.finish_reason == "stop" and stream.keepalives >= 1
    assert stream.cost == pytest.approx(stream.usage["cost"]) and stream.cost > 0
    plain = await client.chat(TEXT, "A post about autumn leaves", seed=9)
    assert "".join(deltas) == stream.text == plain.text
    assert client.ledger.entries[-2].call == "stream_chat"


async def test_stream_chat_yields_parsed_chunks(client):
    stream = client.stream_chat(TEXT, "hello")
    chunks = [c async for c in stream]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["cost"] == stream.cost


async def test_mid_stream_error_raises_generation_error_with_partial_text(client, emulator):
    emulator.script("chat", "mid_stream_error")
    seen = []
    with pytest.raises(GenerationError) as info:
        async for delta in client.stream_text(TEXT, "a fairly long caption about a mountain lake at dawn"):
            seen.append(delta)
    assert info.value.partial_text == "".join(seen) and seen


async def test_truncated_stream_is_not_presented_as_complete(client, emulator):
    emulator.script("chat", "truncated_stream")
    stream = client.stream_text(TEXT, "a fairly long caption about a mountain lake at dawn")
    with pytest.raises(APIConnectionError, match="before completion"):
        await stream.collect()
    assert not stream.completed and stream.text


async def test_keepalive_only_stream_times_out():
    emulator = Emulator(keepalive_interval=0.01)
    emulator.script("chat", "keepalive_forever")
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, timeout=0.2) as client:
        loop = asyncio.get_running_loop()
        start = loop.time()
        with pytest.raises(APITimeoutError, match="keep-alive"):
            await client.stream_text(TEXT, "x").collect()
        assert loop.time() - start < 2.0


async def test_early_exit_closes_the_connection(client, emulator):
    async for _delta in client.stream_text(TEXT, "a fairly long caption about a mountain lake at dawn"):
        break
    for _ in range(5):  # the dropped generator is closed by the loop's async-generator finalizer
        await asyncio.sleep(0)
    assert emulator.streams_closed_early == 1
    async with client.stream_text(TEXT, "another long caption about a quiet harbour town") as stream:
        async for _delta in stream:
            break
    assert emulator.streams_closed_early == 2  # closed at once by the context manager


async def test_stream_error_before_first_token_is_a_status_error(client, emulator):
    emulator.script("chat", 400)
    with pytest.raises(OpenRouterError, match="HTTP 400"):
        await client.stream_text(TEXT, "x").collect()


async def test_stream_over_loopback_server():
    async with EmulatorServer(Emulator(stream_chunk_delay=0.002)) as server:
        async with OpenRouterClient(api_key=DEMO_KEY, base_url=server.base_url) as client:
            stream = client.stream_text(TEXT, "A post about the seaside")
            text = await stream.collect()
            assert text and stream.completed and stream.usage


# -- images -----------------------------------------------------------------------------------


async def test_images_helper_decodes_and_saves(client, tmp_path):
    images = await client.images(model=IMAGE_ONLY, prompt="neon city", n=2, seed=1)
    assert images and all(isinstance(i, ImageResult) for i in images)
    path = images[0].save(tmp_path / "first")
    assert path.suffix == ".png" and path.read_bytes() == bytes(images[0])
    bundle = images[0]._repr_mimebundle_()
    assert "image/png" in bundle


def test_decode_images_every_shape():
    png = b"\x89PNG\r\n\x1a\n" + b"x" * 10
    import base64

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


async def test_fetch_images_from_https_without_the_key():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"\x89PNG\r\n\x1a\nrest", headers={"content-type": "image/png"})

    async with OpenRouterClient(api_key=DEMO_KEY, transport=httpx.MockTransport(handler)) as client:
        [image] = await client.fetch_images([ImageResult(b"", url="https://cdn.test/a.png")])
    assert image.data.startswith(b"\x89PNG") and "authorization" not in seen[0].headers


async def test_image_validation(client, emulator):
    with pytest.raises(ValueError, match="n must"):
        await client.generate_image(model=IMAGE, prompt="x", n=0)
    with pytest.raises(ValueError, match="prompt"):
        await client.generate_image(model=IMAGE, prompt="")
    assert emulator.calls("images") == []


# -- video ------------------------------------------------------------------------------------


async def test_video_job_wait_and_download():
    clock = Clock()
    emulator = Emulator(clock=clock)

    async def advance(seconds: float) -> None:
        clock.now += seconds

    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=advance, clock=clock) as client:
        job = await client.generate_video(model=VIDEO, prompt="waves at dusk", duration=5)
        assert job["status"] == "pending"
        final = await client.wait_for_video(job, poll_interval=0.5, progress=False)
        assert final["status"] == "completed" and final["usage"]["cost"] > 0
        video = await client.download_video(final)
        assert isinstance(video, VideoResult) and bytes(video)[4:8] == b"ftyp"
        assert "<video" in video._repr_html_()
        by_id = await client.download_video(job["id"])
        assert bytes(by_id) == bytes(video)
        assert client.ledger.entries[-1].call == "video" and client.ledger.entries[-1].cost == final["usage"]["cost"]
    polls = [r for r in emulator.requests if r.route == "video_status"]
    assert polls[0].path == f"/api/v1/videos/{job['id']}"  # relative polling_url resolved against the origin


@pytest.mark.parametrize("outcome", ["failed", "cancelled", "expired"])
async def test_video_job_failures(outcome):
    clock = Clock()
    emulator = Emulator(clock=clock)
    emulator.script("videos", f"job_{outcome}")

    async def advance(seconds: float) -> None:
        clock.now += seconds

    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=advance, clock=clock) as client:
        job = await client.generate_video(model=VIDEO, prompt="waves")
        with pytest.raises(VideoJobError, match=outcome) as info:
            await client.wait_for_video(job, progress=False)
    assert info.value.status == outcome


async def test_video_wait_times_out():
    clock = Clock()
    emulator = Emulator(clock=lambda: 0.0)  # the job never advances

    async def advance(seconds: float) -> None:
        clock.now += seconds

    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=advance, clock=clock) as client:
        job = await client.generate_video(model=VIDEO, prompt="waves")
        with pytest.raises(VideoJobError, match="still pending"):
            await client.wait_for_video(job, poll_interval=1, timeout=5, progress=False)


async def test_video_validation_and_catalogs(client, emulator):
    with pytest.raises(ValueError, match="duration"):
        await client.generate_video(model=VIDEO, prompt="x", duration=-4)
    assert emulator.calls("videos") == []
    videos = await client.list_video_models()
    assert len(videos) == 23 and all(v["pricing_skus"] for v in videos)
    assert len(await client.list_image_models()) == 45


def test_download_never_sends_the_key_elsewhere():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"....ftyp", headers={"content-type": "video/mp4"})

    async def go():
        async with OpenRouterClient(api_key=DEMO_KEY, transport=httpx.MockTransport(handler)) as client:
            await client.download_video({"id": "job-1", "unsigned_urls": ["https://cdn.example/v.mp4"]})
            await client.download_video(
                {"id": "job-1", "unsigned_urls": ["https://openrouter.ai/api/v1/videos/job-1/content?index=0"]}
            )

    asyncio.run(go())
    assert "authorization" not in seen[0].headers and seen[1].headers["authorization"].startswith("Bearer")


# -- accounting -------------------------------------------------------------------------------


async def test_ledger_generation_key_credits_endpoints():
    emulator = Emulator(generation_lag_s=0.0, management_key="sk-or-v1-management-test")
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=no_sleep) as client:
        text = await client.generate_text(TEXT, "a beach post")
        result = await client.chat(TEXT, "a forest post")
        images = await client.generate_image(model=IMAGE_ONLY, prompt="a neon city")
        spend = client.spend
        assert list(spend["call"]) == ["generate_text", "chat", "generate_image"]
        assert {"call", "model", "provider", "prompt_tokens", "completion_tokens", "cost"} <= set(spend.columns)
        assert spend["cost"].sum() == pytest.approx(emulator.spent)
        assert text and images
        generation = await client.get_generation(result.id)
        assert generation["total_cost"] == pytest.approx(result.cost)
        key = await client.get_key()
        assert key["usage"] == pytest.approx(client.ledger.total)
        with pytest.raises(PermissionDeniedError):
            await client.get_credits()
        endpoints = await client.model_endpoints(TEXT)
        assert endpoints.index.name == "provider" and len(endpoints) >= 1
        assert endpoints["prompt_usd_per_mtok"].iloc[0] == pytest.approx(0.15)
        assert endpoints["latency_p50_ms"].notna().all()
    async with OpenRouterClient(api_key="sk-or-v1-management-test", transport=emulator) as manager:
        assert (await manager.get_credits())["total_usage"] == pytest.approx(emulator.spent)


async def test_get_generation_retries_the_brief_404():
    clock = Clock()
    emulator = Emulator(clock=clock, generation_lag_s=1.0)

    async def advance(seconds: float) -> None:
        clock.now += seconds

    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=advance) as client:
        result = await client.chat(TEXT, "x")
        generation = await client.get_generation(result.id, delay=0.5)
        assert generation["id"] == result.id
        with pytest.raises(NotFoundError):
            await client.get_generation("gen-unknown", attempts=2)


# -- batches ----------------------------------------------------------------------------------


async def test_generate_many_keeps_order_and_survives_failures(client, emulator):
    emulator.script("chat", "ok", 400, "ok")
    prompts = [f"post number {i} about coffee" for i in range(6)]
    items = await client.generate_many(prompts, TEXT, concurrency=2, progress=False)
    assert [i.prompt for i in items] == prompts
    failed = [i for i in items if not i.ok]
    assert len(failed) == 1 and failed[0].result is None
    assert all(i.text for i in items if i.ok) and sum(i.ok for i in items) == 5
    mixed = await client.generate_many(["a", "b"], [TEXT, "google/gemini-2.5-flash"], progress=False)
    assert [i.result.model for i in mixed] == [TEXT, "google/gemini-2.5-flash"]
    with pytest.raises(ValueError):
        await client.generate_many(["a"], [TEXT, TEXT])


# -- cache ------------------------------------------------------------------------------------


async def test_cache_prevents_the_second_request(tmp_path, emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, cache=tmp_path) as client:
        first = await client.chat(TEXT, "A post about tea", seed=1)
        second = await client.chat(TEXT, "A post about tea", seed=1)
        assert len(emulator.calls("chat")) == 1
        assert second.text == first.text and second.cached and second.cost == 0.0
        assert list(client.spend["cached"]) == [False, True]
        await client.chat(TEXT, "A post about tea")  # no seed: not deterministic, not cached
        await client.chat(TEXT, "A post about tea")
        assert len(emulator.calls("chat")) == 3
        await client.stream_text(TEXT, "A post about tea", seed=1).collect()  # streams are never cached
        assert len(emulator.calls("chat")) == 4
        await client.chat(TEXT, "A post about tea", temperature=0)
        await client.chat(TEXT, "A post about tea", temperature=0)
        assert len(emulator.calls("chat")) == 5
    cache = ResponseCache(tmp_path)
    entries = cache.entries()
    assert len(entries) == 2 and {e["model"] for e in entries} == {TEXT}
    assert all(not p.name.endswith(".tmp") for p in tmp_path.iterdir())
    stored = json.loads((tmp_path / entries[0]["file"]).read_text())
    assert DEMO_KEY not in json.dumps(stored)
    assert cache.clear() == 2 and cache.entries() == []


async def test_corrupt_cache_entry_is_a_miss(tmp_path, emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, cache=tmp_path) as client:
        await client.chat(TEXT, "x", seed=1)
        for file in tmp_path.glob("*.json"):
            file.write_text("{truncated")
        result = await client.chat(TEXT, "x", seed=1)
        assert not result.cached and len(emulator.calls("chat")) == 2


# -- event loops ------------------------------------------------------------------------------


def test_client_used_from_another_loop_says_so():
    client = OpenRouterClient(api_key=DEMO_KEY, transport=Emulator())
    other_loop = asyncio.new_event_loop()
    try:
        other_loop.run_until_complete(client.list_models())

        async def from_a_second_loop():
            return await client.list_models()

        second = asyncio.new_event_loop()
        try:
            with pytest.raises(OpenRouterError, match="another event loop"):
                second.run_until_complete(from_a_second_loop())
        finally:
            second.close()
    finally:
        other_loop.close()


async def test_timeout_none_means_no_deadline(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, timeout=None) as client:
        assert (await client.chat(TEXT, "x")).text
        assert await client.stream_text(TEXT, "a post about tea").collect()


async def test_with_options_shares_everything_but_its_settings():
    emulator = Emulator(keepalive_interval=0.01)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, timeout=30) as client:
        quick = client.with_options(timeout=0.2, max_retries=0)
        assert quick.max_retries == 0 and client.max_retries == 2 and client.timeout == 30
        emulator.script("chat", "keepalive_forever")
        with pytest.raises(APITimeoutError):
            await quick.chat(TEXT, "x")
        assert (await quick.chat(TEXT, "x")).text
        assert len(client.ledger) == 1 and quick.ledger is client.ledger
        await quick.close()  # a view closes nothing
        assert (await client.chat(TEXT, "still open")).text
        with pytest.raises(ValueError):
            client.with_options(max_retries=-1)
