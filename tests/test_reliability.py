"""Reliability and security: the fault matrix, secrets, concurrency, nothing lost, input validation.

Fuzzing lives in test_fuzz.py; ``scripts/reliability_report.py`` prints the figures.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from openrouter_nb import OpenRouterClient, models_frame
from openrouter_nb.client.cache import ResponseCache
from openrouter_nb.creator.copywriting import Brief
from openrouter_nb.creator.journal import load_manifest
from openrouter_nb.creator.pipeline import create_post
from openrouter_nb.emulator import Emulator, EmulatorCore
from openrouter_nb.emulator.server import EmulatorServer
from openrouter_nb.errors import OpenRouterError
from tests.support.fault_matrix import CALLS, FAULTS, render, run_cell

SECRET = "sk-or-v1-" + "5ecre7" * 11  # shaped like a real key; the emulator accepts it
TEXT = "openai/gpt-4o-mini"


# -- 1. fault matrix ----------------------------------------------------------------------------------


@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
async def test_fault_matrix_row(call):
    cells = [await run_cell(call, fault) for fault in FAULTS]
    wrong = [(c.fault, c.outcome, sorted(c.expected)) for c in cells if not c.documented]
    assert wrong == [], render(cells)
    assert all(c.seconds < 3 * 0.3 + 1.0 for c in cells)  # bounded by the timeout and the retries


# -- 2. secrets ---------------------------------------------------------------------------------------


def _chain(exc: BaseException) -> list[str]:
    texts = []
    while exc is not None:
        texts += [str(exc), repr(exc)]
        exc = exc.__cause__ or exc.__context__
    return texts


async def test_the_key_appears_nowhere(tmp_path, caplog):
    emulator = Emulator(video_pending_s=0.0, video_done_s=0.0, generation_lag_s=0.0)
    seen: list[str] = []
    async with OpenRouterClient(api_key=SECRET, transport=emulator, cache=tmp_path / "cache", timeout=0.3) as client:
        with caplog.at_level(logging.DEBUG):
            seen += [repr(client), str(client)]
            result = await client.chat(TEXT, "a beach post", seed=1)
            await client.chat(TEXT, "a beach post", seed=1)  # from the cache
            seen += [repr(result), str(result.raw)]
            stream = client.stream_text(TEXT, "a beach post")
            await stream.collect()
            seen.append(repr(stream))
            for fault in ("401", "402", "403 moderation", "malformed JSON", "dropped", "read timeout"):
                emulator.script("chat", FAULTS[fault])
                with pytest.raises(OpenRouterError) as info:
                    await client.chat(TEXT, "x")
                seen += _chain(info.value) + [str(info.value.__dict__)]
            emulator.script("chat", "mid_stream_error")
            with pytest.raises(OpenRouterError) as info:
                await client.stream_text(TEXT, "a long post about the sea at dawn").collect()
            seen += _chain(info.value)
            brief = Brief(persona="Mia", topic="tea")
            image_model = "black-forest-labs/flux.2-klein-4b"
            post = await create_post(client, brief, text_model=TEXT, image_model=image_model, out_dir=tmp_path / "p")
            seen.append(client.spend.to_string())
            seen.append(repr(client.ledger.entries))
    seen += [r.getMessage() for r in caplog.records] + [str(r.__dict__) for r in caplog.records]
    seen += [p.read_text(errors="replace") for p in tmp_path.rglob("*.json")]
    seen.append(post.folder.joinpath("manifest.json").read_text())
    seen.append(repr(emulator.requests))
    assert caplog.records, "the logger recorded retries and requests"
    leaks = [text[:120] for text in seen if SECRET in text or SECRET[9:] in text]
    assert leaks == []


def test_frames_and_notebook_outputs_hold_no_key(bundled_catalog):
    frame = models_frame(bundled_catalog)
    assert SECRET not in frame.to_string()
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    for path in notebooks.glob("*.ipynb"):
        assert "sk-or-v1-" not in path.read_text(encoding="utf-8")


# -- 3. concurrency -----------------------------------------------------------------------------------


async def test_100_concurrent_list_models_make_one_request():
    emulator = Emulator(latency=0.01)
    async with OpenRouterClient(api_key=SECRET, transport=emulator) as client:
        results = await asyncio.gather(*(client.list_models() for _ in range(100)))
    assert len(emulator.calls("models")) == 1 and all(len(r) == 549 for r in results)


async def test_cancelled_caller_releases_the_lock():
    emulator = Emulator(latency=0.2)
    async with OpenRouterClient(api_key=SECRET, transport=emulator) as client:
        first = asyncio.create_task(client.list_models())
        await asyncio.sleep(0.05)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        emulator.latency = 0.0
        assert len(await asyncio.wait_for(client.list_models(), 2)) == 549
    assert len(emulator.calls("models")) == 2


async def test_500_concurrent_generations_over_the_loopback_server():
    emulator = EmulatorCore(latency=0.01)
    async with EmulatorServer(emulator) as server:
        # the client's own connection limits (httpx's defaults: 100 connections, 20 kept alive)
        async with OpenRouterClient(api_key=SECRET, base_url=server.base_url, timeout=30) as client:
            results = await asyncio.gather(
                *(client.generate_text(TEXT, f"post {i}") for i in range(500)), return_exceptions=True
            )
            peak = server.open_connections
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == [] and len(results) == 500 and all(results)
    assert len(emulator.calls("chat")) == 500 and peak <= 100


def test_client_across_cells_of_one_loop_and_from_another_loop():
    loop = asyncio.new_event_loop()
    try:
        client = OpenRouterClient(api_key=SECRET, transport=Emulator())
        # three "cells" on the notebook's loop
        assert loop.run_until_complete(client.generate_text(TEXT, "cell one"))
        assert loop.run_until_complete(client.list_models())
        assert loop.run_until_complete(client.chat(TEXT, "cell three")).text
        other = asyncio.new_event_loop()
        try:
            with pytest.raises(OpenRouterError, match="another event loop"):
                other.run_until_complete(client.generate_text(TEXT, "from a thread's loop"))
        finally:
            other.close()
    finally:
        loop.close()


# -- 5. nothing lost ----------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import asyncio, json, sys
    from pathlib import Path
    from openrouter_nb.client.cache import ResponseCache
    from openrouter_nb._core.files import atomic_write
    target, kind = Path(sys.argv[1]), sys.argv[2]
    cache = ResponseCache(target / "cache")
    big = {"choices": [{"message": {"content": "x" * 200_000}}]}
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        if kind == "manifest":
            manifest = {"steps": {"caption": {"text": "t" * 100_000, "i": i}}, "total_cost": i}
            atomic_write(target / "manifest.json", json.dumps(manifest).encode())
        else:
            cache.put("chat", {"model": "m", "seed": 1}, {**big, "i": i})
    """
)


@pytest.mark.parametrize("kind", ["manifest", "cache"])
def test_killing_a_writer_never_leaves_a_corrupt_file(tmp_path, kind):
    rng = random.Random(7)
    kill_points = 12
    for _ in range(kill_points):
        with subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), kind], stdout=subprocess.PIPE) as process:
            assert process.stdout.readline().strip() == b"ready"
            time.sleep(rng.uniform(0.0, 0.15))
            os.kill(process.pid, signal.SIGKILL)
            process.wait(5)
        if kind == "manifest":
            manifest = load_manifest(tmp_path)
            assert manifest is None or manifest["steps"]["caption"]["i"] >= 1
            if (tmp_path / "manifest.json").exists():
                json.loads((tmp_path / "manifest.json").read_text())  # whole, never half-written
        else:
            stored = ResponseCache(tmp_path / "cache").get("chat", {"model": "m", "seed": 1})
            assert stored is None or len(stored["choices"][0]["message"]["content"]) == 200_000


async def test_a_pipeline_resumes_after_a_kill_leaves_temp_files(tmp_path):
    emulator = Emulator()
    async with OpenRouterClient(api_key=SECRET, transport=emulator) as client:
        brief = Brief(persona="Mia", topic="tea")
        post = await create_post(
            client, brief, text_model=TEXT, image_model="black-forest-labs/flux.2-klein-4b", out_dir=tmp_path
        )
        (post.folder / ".manifest.json.abc.tmp").write_bytes(b'{"steps": {"cap')  # a write cut short
        again = await create_post(
            client, brief, text_model=TEXT, image_model="black-forest-labs/flux.2-klein-4b", out_dir=tmp_path
        )
    assert again.resumed_steps == ["caption", "image_prompt", "images", "preview"]


# -- 6. input validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error"),
    [
        pytest.param(lambda c: c.generate_text("", "x"), ValueError, id="empty-model"),
        pytest.param(lambda c: c.generate_text(TEXT, ""), ValueError, id="empty-prompt"),
        pytest.param(lambda c: c.chat(TEXT, "  "), ValueError, id="blank-chat-prompt"),
        pytest.param(lambda c: c.chat(TEXT, "x", extra={"when": object()}), TypeError, id="not-json"),
        pytest.param(lambda c: c.chat(TEXT, "x", temperature=float("nan")), TypeError, id="nan"),
        pytest.param(lambda c: c.generate_image(model=TEXT, prompt="x", n=11), ValueError, id="n-too-big"),
        pytest.param(lambda c: c.generate_image(model=TEXT, prompt="x", n=0), ValueError, id="n-zero"),
        pytest.param(lambda c: c.generate_image(model="", prompt="x"), ValueError, id="image-empty-model"),
        pytest.param(
            lambda c: c.generate_video(model="v/x", prompt="x", duration=-5), ValueError, id="negative-duration"
        ),
        pytest.param(lambda c: c.generate_video(model="v/x", prompt=""), ValueError, id="video-empty-prompt"),
        pytest.param(lambda c: c.get_generation(""), ValueError, id="empty-generation-id"),
        pytest.param(lambda c: c.download_video({"no": "id"}), ValueError, id="job-without-id"),
        pytest.param(lambda c: c.generate_many(["a"], TEXT, concurrency=0), ValueError, id="concurrency-zero"),
    ],
)
async def test_bad_input_is_refused_before_any_request(call, error):
    emulator = Emulator()
    async with OpenRouterClient(api_key=SECRET, transport=emulator) as client:
        with pytest.raises(error):
            await call(client)
    assert emulator.requests == []


def test_unknown_picker_task_and_bad_brief(bundled_catalog):
    from openrouter_nb import ModelPicker

    with pytest.raises(ValueError, match="unknown task"):
        ModelPicker(models_frame(bundled_catalog[:10]), task="photos")
    with pytest.raises(ValueError):
        Brief(persona="", topic="x")
