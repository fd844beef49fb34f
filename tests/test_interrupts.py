"""A live-mode CLI run interrupted again and again, then run to the end: one video job, billed once.

The loopback emulator server stands in for the service (a video job takes 3 s here; real ones
take minutes), and the CLI runs in a subprocess with a key, as a user's terminal would. Signals
arrive at chosen moments (during a text step, the image call and the video wait; SIGINT and
SIGKILL), each run after the first resuming from the post's journal. Measured: the video jobs
submitted, the USD billed against an uninterrupted run of the same post, and the tracebacks.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from openrouter_nb.cli import INTERRUPTED
from openrouter_nb.emulator import DEMO_KEY, EmulatorCore, EmulatorServer, Fault
from tests.support.helpers import FIGURES

VIDEO_SECONDS = 3.0
ARGS = ("--yes", "--platform", "tiktok", "--topic", "a rainy morning in Porto")


async def _start(base_url: str, cwd: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "OPENROUTER_API_KEY": DEMO_KEY, "OPENROUTER_BASE_URL": base_url}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "openrouter_nb", *ARGS, "--out", str(cwd / "posts"),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env=env, cwd=cwd,
    )  # fmt: skip


async def _run(server: EmulatorServer, cwd: Path, *, route: str | None = None, after: float = 0.0, kill: bool = False):
    """One CLI run; with ``route``, a signal ``after`` seconds once a request on ``route`` arrived."""
    core = server.core
    seen = len(core.calls(route)) if route else 0
    process = await _start(server.base_url, cwd)
    if route is not None:
        while len(core.calls(route)) <= seen:
            assert process.returncode is None, "the run ended before the moment to interrupt it"
            await asyncio.sleep(0.01)
        await asyncio.sleep(after)
        process.send_signal(signal.SIGKILL if kill else signal.SIGINT)
    out, err = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode, out.decode(), err.decode()


async def test_interrupted_runs_submit_one_video_job_and_bill_what_one_run_bills(tmp_path):
    options = {"video_pending_s": 0.2, "video_done_s": VIDEO_SECONDS, "stream_chunk_delay": 0.0}
    async with EmulatorServer(EmulatorCore(seed=3, **options)) as reference:
        (tmp_path / "reference").mkdir()
        code, _, err = await _run(reference, tmp_path / "reference")
        assert code == 0, err
        await asyncio.sleep(0.1)
        uninterrupted = reference.core.spent

    core = EmulatorCore(seed=3, **options)
    core.script("images", Fault("latency", delay=1.5))  # a window to interrupt the image call in
    # and one for the first text step: an interrupt there finishes that call and stops, however late
    # a loaded machine delivers the signal (without it, the run could reach the images first)
    core.script("chat", Fault("latency", delay=1.0))
    runs = []
    (tmp_path / "user").mkdir()
    async with EmulatorServer(core) as server:
        moments = [
            ("chat", 0.0, False),  # during the first text step
            ("images", 0.5, False),  # during the image call
            ("video_status", 0.3, False),  # waiting for the video
            ("video_status", 0.2, True),  # SIGKILL while waiting
            ("video_status", 0.3, False),
        ]
        for route, after, kill in moments:
            runs.append(await _run(server, tmp_path / "user", route=route, after=after, kill=kill))
        runs.append(await _run(server, tmp_path / "user"))  # and to the end
        await asyncio.sleep(0.1)
        billed = core.spent
    jobs = len(core.calls("videos"))
    tracebacks = sum("Traceback" in err for _, _, err in runs)
    codes = [code for code, _, _ in runs]
    FIGURES.append(
        f"CLI interrupted {len(moments)} times (SIGINT x4, SIGKILL x1) then run to the end: {jobs} video job "
        f"submitted, ${billed:.4f} billed vs ${uninterrupted:.4f} uninterrupted, {tracebacks} tracebacks"
    )
    assert codes == [130, 130, 130, -signal.SIGKILL, 130, 0], [err[-300:] for _, _, err in runs]
    assert jobs == 1 and tracebacks == 0
    assert abs(billed - uninterrupted) <= 0.05 * uninterrupted
    for code, _, err in runs:
        if code == 130:
            assert err.strip().splitlines()[-1] == INTERRUPTED
    posts = list((tmp_path / "user" / "posts").iterdir())
    assert len(posts) == 1 and (posts[0] / "video.mp4").read_bytes()[4:8] == b"ftyp"
    assert "resumed" in runs[-1][1] and "video_job" in runs[-1][1]


def _billed(requests: list) -> list:
    return [r for r in requests if r.route in ("chat", "images", "videos")]


async def test_eight_ctrl_cs_during_slow_calls_buy_no_call_twice(tmp_path):
    """Every call takes 0.6 s (the service's image and reasoning calls take many): a first Ctrl-C
    during one lets it finish and journals it, so the next run does not buy it again."""
    options = {"video_pending_s": 0.2, "video_done_s": 1.0, "latency": 0.6}
    async with EmulatorServer(EmulatorCore(seed=3, **options)) as reference:
        (tmp_path / "reference").mkdir()
        code, _, err = await _run(reference, tmp_path / "reference")
        assert code == 0, err
        await asyncio.sleep(1.2)
        uninterrupted = len(reference.core.generations), reference.core.spent

    core = EmulatorCore(seed=3, **options)
    (tmp_path / "user").mkdir()
    runs, finishing = [], 0
    async with EmulatorServer(core) as server:
        for moment in range(8):
            seen = len(core.requests)
            process = await _start(server.base_url, tmp_path / "user")
            while process.returncode is None and len(_billed(core.requests[seen:])) <= moment % 2:
                await asyncio.sleep(0.01)  # the 1st or 2nd billed call of this run is in flight
            await asyncio.sleep((0.05, 0.3, 0.5, 0.75)[moment % 4])  # at its start, in it, or just after
            if process.returncode is None:
                process.send_signal(signal.SIGINT)
            out, err = await asyncio.wait_for(process.communicate(), 60)
            finishing += "already paid for" in err.decode()
            runs.append((process.returncode, out.decode(), err.decode()))
        runs.append(await _run(server, tmp_path / "user"))
        await asyncio.sleep(1.2)
        billed = len(core.generations), core.spent
    FIGURES.append(
        f"CLI with 0.6 s calls, Ctrl-C 8 times then run to the end: {billed[0]} billed calls vs "
        f"{uninterrupted[0]} uninterrupted, ${billed[1]:.4f} vs ${uninterrupted[1]:.4f}; "
        f"{finishing} interrupts finished a paid call first"
    )
    assert runs[-1][0] == 0 and sum("Traceback" in err for _, _, err in runs) == 0
    assert billed[0] == uninterrupted[0] and billed[1] == pytest.approx(uninterrupted[1])
    assert finishing >= 2  # some Ctrl-Cs landed during a billed call, and it was finished
