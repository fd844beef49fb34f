"""The sync bridge: run() with no loop and inside a running loop; spawn() surfaces errors."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from openrouter_nb import OpenRouterClient, run, spawn
from openrouter_nb.emulator import DEMO_KEY, Emulator


async def add(a: int, b: int) -> int:
    await asyncio.sleep(0)
    return a + b


async def boom() -> None:
    await asyncio.sleep(0)
    raise LookupError("boom")


def test_run_without_a_loop_and_client_reuse_across_calls():
    assert run(add(1, 2)) == 3
    with pytest.raises(LookupError, match="boom"):
        run(boom())
    client = OpenRouterClient(api_key=DEMO_KEY, transport=Emulator())
    first = run(client.generate_text("openai/gpt-4o-mini", "a beach post"))
    second = run(client.generate_text("openai/gpt-4o-mini", "a beach post"))  # same client, next call
    assert first == second
    run(client.close())


def test_run_rejects_non_coroutines():
    with pytest.raises(TypeError, match="coroutine"):
        run(add)  # type: ignore[arg-type]


INSIDE_A_LOOP = """
import asyncio
from openrouter_nb import run

async def add(a, b):
    await asyncio.sleep(0)
    return a + b

async def boom():
    raise LookupError("boom")

async def cell():
    # what a Jupyter cell does when sync code calls run() while the kernel's loop is running
    assert run(add(2, 3)) == 5
    try:
        run(boom())
    except LookupError:
        pass
    else:
        raise AssertionError("the error did not come through")
    assert await add(1, 1) == 2  # the loop still works afterwards
    print("ok")

asyncio.run(cell())
"""


def test_run_inside_a_running_loop():
    # in a fresh interpreter: nest_asyncio patches asyncio for the whole process, as it does in a kernel
    done = subprocess.run([sys.executable, "-W", "error", "-c", INSIDE_A_LOOP], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


async def test_spawn_does_not_block_and_reports_results_and_errors():
    results, errors = [], []
    task = spawn(add(4, 5), on_result=results.append, on_error=errors.append)
    assert results == []  # not run yet: spawn returned immediately
    await task
    await asyncio.sleep(0)
    assert results == [9]
    failing = spawn(boom(), on_result=results.append, on_error=errors.append)
    with pytest.raises(LookupError):
        await failing
    await asyncio.sleep(0)
    assert len(errors) == 1 and isinstance(errors[0], LookupError)


async def test_spawn_without_on_error_logs(caplog):
    task = spawn(boom())
    with pytest.raises(LookupError):
        await task
    await asyncio.sleep(0)
    assert any("boom" in r.getMessage() for r in caplog.records)


def test_run_in_a_script_leaves_no_unclosed_loop_behind():
    code = (
        "import openrouter_nb as orn\n"
        "client = orn.connect()\n"
        "print(len(orn.run(client.list_models())))\n"
        "orn.run(client.close())\n"
    )
    done = subprocess.run([sys.executable, "-X", "dev", "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "549"
    assert "unclosed" not in done.stderr and "ResourceWarning" not in done.stderr, done.stderr
