"""Interrupted posts resume without paying twice: the notebook's side of it, in one process.

A task running ``create_post`` is cancelled (what interrupting a kernel does to a running cell)
at chosen moments; the next call must find every paid result in the journal and pay only for
the rest. The emulator bills a video job when it completes, whether or not anyone polls it, so
what it billed is what the service would have.
"""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from openrouter_nb import OpenRouterClient, create_post
from openrouter_nb.creator.copywriting import Brief
from openrouter_nb.creator.journal import load_manifest
from openrouter_nb.emulator import DEMO_KEY, Emulator, Fault
from tests.support.helpers import FIGURES, IMAGE, TEXT, VIDEO

BRIEF = Brief(persona="Mia, a barista in Lisbon", topic="autumn latte art at sunrise", platform="tiktok")


def _emulator(**options) -> Emulator:
    return Emulator(seed=5, video_pending_s=0.05, video_done_s=0.6, management_key=DEMO_KEY, **options)


async def _post(client: OpenRouterClient, out_dir, **options):
    return await create_post(
        client, BRIEF, text_model=TEXT, image_model=IMAGE, video_model=VIDEO, seed=2, out_dir=out_dir, **options
    )


async def _cancel_when(task: asyncio.Task, emulator: Emulator, route: str, count: int = 1) -> None:
    """Cancel ``task`` once the emulator has seen ``count`` requests on ``route``."""
    while len(emulator.calls(route)) < count:
        assert not task.done(), "the post finished before the moment to interrupt it"
        await asyncio.sleep(0.005)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_post_cancelled_during_the_video_wait_resumes_that_job(tmp_path):
    uninterrupted = _emulator()
    async with OpenRouterClient(api_key=DEMO_KEY, transport=uninterrupted) as client:
        await _post(client, tmp_path / "once")
    emulator = _emulator()
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        task = asyncio.create_task(_post(client, tmp_path / "twice"))
        await _cancel_when(task, emulator, "video_status")  # waiting for the job
        folder = next((tmp_path / "twice").iterdir())
        steps = load_manifest(folder)["steps"]
        assert "video_job" in steps and "video" not in steps  # the job is in the journal, not lost
        await asyncio.sleep(0.7)  # the job completes meanwhile, polled by nobody: billed anyway
        post = await _post(client, tmp_path / "twice")
    assert len(emulator.calls("videos")) == 1 and post.video is not None and post.video.read_bytes()[4:8] == b"ftyp"
    assert "video_job" in post.resumed_steps and len(emulator.calls("chat")) == len(uninterrupted.calls("chat"))
    assert emulator.spent == pytest.approx(uninterrupted.spent)  # billed exactly what the uninterrupted run was
    assert post.cost == pytest.approx(load_manifest(post.folder)["total_cost"])
    manifest = load_manifest(post.folder)
    assert manifest["complete"] is True and "video_job" not in manifest["steps"]
    FIGURES.append(
        f"notebook interrupt during the video wait: {len(emulator.calls('videos'))} video job, "
        f"${emulator.spent:.4f} billed vs ${uninterrupted.spent:.4f} uninterrupted"
    )


@pytest.mark.parametrize(("route", "count"), [("chat", 1), ("chat", 2), ("images", 1)])
async def test_a_call_in_flight_when_cancelled_finishes_and_is_never_paid_again(tmp_path, route, count, caplog):
    uninterrupted = _emulator()
    async with OpenRouterClient(api_key=DEMO_KEY, transport=uninterrupted) as client:
        await _post(client, tmp_path / "once")
    emulator = _emulator()
    emulator.script(route, *["ok"] * (count - 1), Fault("latency", delay=0.4))  # the call to interrupt
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        task = asyncio.create_task(_post(client, tmp_path / "twice"))
        with caplog.at_level(logging.WARNING, logger="openrouter_nb"):
            await _cancel_when(task, emulator, route, count)  # the caption, the image prompt, the image
        said = [r.getMessage() for r in caplog.records]
        assert any(m.startswith("finishing the ") and "Ctrl-C again to abandon it" in m for m in said), said
        post = await _post(client, tmp_path / "twice")
    assert len(emulator.calls(route)) == len(uninterrupted.calls(route))  # nothing asked twice
    assert emulator.spent == pytest.approx(uninterrupted.spent) and post.video is not None


async def test_a_second_cancel_abandons_the_call_in_flight(tmp_path):
    emulator = _emulator()
    emulator.script("images", Fault("latency", delay=5.0))
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        task = asyncio.create_task(_post(client, tmp_path))
        while not emulator.calls("images"):
            await asyncio.sleep(0.005)
        task.cancel()
        await asyncio.sleep(0.05)
        assert not task.done()  # finishing the image already paid for
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, 1.0)  # at once, not after the 5 s call
        steps = load_manifest(next(tmp_path.iterdir()))["steps"]
    assert "images" not in steps and "image_prompt" in steps


async def test_a_failed_video_job_is_submitted_again_and_says_so(tmp_path, caplog):
    emulator = _emulator()
    emulator.script("videos", Fault("job_failed"))
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        with pytest.raises(Exception, match="ended failed"):
            await _post(client, tmp_path)
        assert "video_job" in load_manifest(next(tmp_path.iterdir()))["steps"]
        with caplog.at_level(logging.WARNING, logger="openrouter_nb"):
            post = await _post(client, tmp_path)
    assert len(emulator.calls("videos")) == 2 and post.video is not None
    assert any("ended failed; submitting a new one" in r.getMessage() for r in caplog.records)


async def test_a_job_the_service_does_not_know_is_submitted_again(tmp_path, caplog):
    first = _emulator()
    first.script("video_status", Fault("latency", delay=5.0))
    async with OpenRouterClient(api_key=DEMO_KEY, transport=first) as client:
        task = asyncio.create_task(_post(client, tmp_path))
        await _cancel_when(task, first, "video_status")
    other = _emulator()  # another account (or the job was purged): it knows no such job
    async with OpenRouterClient(api_key=DEMO_KEY, transport=other) as client:
        with caplog.at_level(logging.WARNING, logger="openrouter_nb"):
            post = await _post(client, tmp_path)
    assert len(other.calls("videos")) == 1 and post.video is not None
    assert any("unknown to the service" in r.getMessage() for r in caplog.records)


async def test_a_job_can_be_followed_from_its_id_by_another_client(tmp_path):
    emulator = _emulator()
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as one:
        job = await one.generate_video(model=VIDEO, prompt="waves", duration=5)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as other:
        final = await other.wait_for_video(job["id"], poll_interval=0.05, model=VIDEO)
        video = await other.download_video(final, path=tmp_path / "waves.mp4")
        assert other.spend["model"].tolist() == [VIDEO] and other.ledger.total > 0
    assert final["status"] == "completed" and video.path.read_bytes()[4:8] == b"ftyp"


async def test_a_killed_write_leaves_no_stray_files_after_the_next_run(tmp_path):
    emulator = _emulator()
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        post = await create_post(client, BRIEF, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
        (post.folder / ".image-1.png.x1y2.tmp").write_bytes(b"half an image")  # what SIGKILL mid-write leaves
        again = await create_post(client, BRIEF, text_model=TEXT, image_model=IMAGE, out_dir=tmp_path)
    assert not list(again.folder.glob(".*.tmp")) and again.resumed_steps


async def test_a_refused_run_leaves_no_folder_and_a_failed_one_is_marked_incomplete(tmp_path):
    emulator = _emulator()
    emulator.script("chat", Fault.error(401))
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, max_retries=0) as client:
        with pytest.raises(Exception, match="401"):
            await _post(client, tmp_path)
        assert not tmp_path.exists() or list(tmp_path.iterdir()) == []  # nothing was paid: nothing left
        emulator.script("images", Fault.error(400))
        with pytest.raises(Exception, match="400"):
            await _post(client, tmp_path)
        manifest = json.loads(next(tmp_path.iterdir()).joinpath("manifest.json").read_text())
        assert manifest["complete"] is False and set(manifest["steps"]) == {"caption", "image_prompt"}
        post = await _post(client, tmp_path)
    assert load_manifest(post.folder)["complete"] is True and post.resumed_steps[:2] == ["caption", "image_prompt"]
