"""Video jobs: submit, wait (on a fake clock), download, failures, the video catalog."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from openrouter_nb import OpenRouterClient, OpenRouterError, VideoResult
from openrouter_nb.emulator import DEMO_KEY, Emulator
from openrouter_nb.errors import VideoJobError
from tests.support.helpers import (
    VIDEO,
    FakeClock,
    make_client,
)


@pytest.mark.parametrize("status", [200, 202])
async def test_generate_video_accepts_200_and_202(status):
    job = {"id": "job-1", "polling_url": "/api/v1/videos/job-1", "status": "pending"}
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, json.loads(request.content)))
        return httpx.Response(status, json=job)

    client = make_client(handler)
    assert await client.generate_video(model="m/vid", prompt="waves", duration=4) == job
    assert seen[0] == ("/api/v1/videos", {"model": "m/vid", "prompt": "waves", "duration": 4})
    await client.generate_video(model="m/vid", prompt="waves", size="1280x720", seed=3)
    assert seen[1][1] == {"model": "m/vid", "prompt": "waves", "size": "1280x720", "seed": 3}
    await client.close()


async def test_generate_video_error():
    client = make_client(lambda r: httpx.Response(402, json={"error": {"code": 402, "message": "no credits"}}))
    with pytest.raises(OpenRouterError, match="402.*no credits"):
        await client.generate_video(model="m/vid", prompt="waves")
    await client.close()


async def test_video_job_wait_and_download():
    clock = FakeClock()
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
    clock = FakeClock()
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
    clock = FakeClock()
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
