"""The CLI's money guard on a live run: the estimate first, a question (or --yes), --budget before spending.

A live run here is the CLI with a key, pointed at the loopback emulator server: it talks HTTP to
it as it would to the service.
"""

from __future__ import annotations

import asyncio
import os
import sys

from openrouter_nb.emulator import DEMO_KEY, EmulatorCore, EmulatorServer


async def _cli(base_url: str, *args: str, cwd: str) -> tuple[int, str, str]:
    env = {**os.environ, "OPENROUTER_API_KEY": DEMO_KEY, "OPENROUTER_BASE_URL": base_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "openrouter_nb", *args,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env=env, cwd=cwd,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode or 0, out.decode(), err.decode()


async def test_a_live_run_without_a_terminal_shows_the_estimate_and_spends_nothing(tmp_path):
    core = EmulatorCore()
    async with EmulatorServer(core) as server:
        code, out, err = await _cli(server.base_url, "--no-video", cwd=str(tmp_path))
    assert code == 1 and "this live run will cost about $" in out
    assert err.strip().splitlines()[-1].startswith("stopped: not spending without confirmation")
    assert core.calls("chat") == [] and core.calls("images") == []
    assert list(tmp_path.iterdir()) == []  # no folder for a post that was not made


async def test_a_budget_under_the_estimate_is_refused_before_the_first_call(tmp_path):
    core = EmulatorCore()
    async with EmulatorServer(core) as server:
        code, out, err = await _cli(server.base_url, "--yes", "--budget", "0.05", cwd=str(tmp_path))
    assert code == 1 and "Traceback" not in err
    refusal = err.strip().splitlines()[-1]
    assert refusal.startswith("stopped: about $1.3") and "over --budget 0.05; nothing was spent" in refusal
    assert "Cheapest way under: add --no-video (about $0.04" in refusal  # the image at its dearest endpoint
    assert core.calls("chat") == [] and core.calls("images") == [] and core.calls("videos") == []
    assert core.spent == 0 and list(tmp_path.iterdir()) == []


async def test_yes_runs_it_and_a_resumed_run_prices_only_what_is_left(tmp_path):
    core = EmulatorCore(video_done_s=0.0)
    async with EmulatorServer(core) as server:
        code, out, _ = await _cli(server.base_url, "--yes", "--platform", "tiktok", "--no-video", cwd=str(tmp_path))
        assert code == 0 and "TikTok" in out and len(core.calls("images")) == 1
        assert "cost of this post: $" in out and "emulated" not in out  # a live run's figures are real
        code, out, _ = await _cli(server.base_url, "--yes", "--platform", "tiktok", cwd=str(tmp_path))
    assert code == 0 and len(core.calls("images")) == 1  # the images were not paid for again
    estimate = next(line for line in out.splitlines() if line.startswith("this live run will cost"))
    assert "video $" in estimate and "caption" not in estimate and "images" not in estimate
    assert "already done, not paid again: caption, image prompt, images, preview" in out


async def test_an_unreachable_service_is_one_line(tmp_path):
    code, _, err = await _cli("http://127.0.0.1:9/api/v1", "--yes", cwd=str(tmp_path))
    assert code == 1 and "Traceback" not in err and err.strip().splitlines()[-1].startswith("error: APIConnectionError")
    assert DEMO_KEY not in err
