"""The CLI's live-run guard: an estimate first, a question (or --yes), one-line errors, --budget."""

from __future__ import annotations

import asyncio
import os
import sys

from openrouter_nb.emulator import DEMO_KEY, EmulatorCore, EmulatorServer


async def _cli(base_url: str, *args: str, cwd: str) -> tuple[int, str, str]:
    env = {**os.environ, "OPENROUTER_API_KEY": DEMO_KEY, "OPENROUTER_BASE_URL": base_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "openrouter_nb", "--no-video", *args,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env=env, cwd=cwd,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode or 0, out.decode(), err.decode()


async def test_a_live_run_without_a_terminal_shows_the_estimate_and_spends_nothing(tmp_path):
    core = EmulatorCore()
    async with EmulatorServer(core) as server:
        code, out, err = await _cli(server.base_url, cwd=str(tmp_path))
    assert code == 1 and "will cost about $" in out
    assert err.strip().splitlines()[-1].startswith("stopped: not spending without confirmation")
    assert core.calls("chat") == [] and core.calls("images") == []


async def test_yes_runs_it_and_a_budget_too_small_is_a_one_line_error(tmp_path):
    core = EmulatorCore()
    async with EmulatorServer(core) as server:
        code, out, _ = await _cli(server.base_url, "--yes", "--platform", "tiktok", cwd=str(tmp_path))
        assert code == 0 and "TikTok" in out and len(core.calls("images")) == 1
        code, _, err = await _cli(server.base_url, "--yes", "--budget", "0.001", "--topic", "x y z", cwd=str(tmp_path))
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("error: BudgetExceededError:")


async def test_an_unreachable_service_is_one_line(tmp_path):
    code, _, err = await _cli("http://127.0.0.1:9/api/v1", "--yes", cwd=str(tmp_path))
    assert code == 1 and "Traceback" not in err and err.strip().splitlines()[-1].startswith("error: APIConnectionError")
    assert DEMO_KEY not in err
