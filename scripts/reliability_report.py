"""Print the reliability figures: the fault matrix, hostile servers, fuzz examples, concurrency, kill points.

    .venv/bin/python scripts/reliability_report.py

The same checks run as tests in CI (tests/test_reliability.py, tests/test_hostile.py,
tests/test_fuzz.py); this script prints what they measured. ``HOSTILE_PACKAGE_ROOT=<checkout>``
runs the hostile table against another checkout of the package, to compare.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repository root: the tests package and its support code

from openrouter_nb import OpenRouterClient  # noqa: E402
from openrouter_nb.client.cache import ResponseCache  # noqa: E402
from openrouter_nb.creator.journal import load_manifest  # noqa: E402
from openrouter_nb.emulator import Emulator, EmulatorCore  # noqa: E402
from openrouter_nb.emulator.server import EmulatorServer  # noqa: E402
from tests import test_fuzz  # noqa: E402
from tests.support import hostile  # noqa: E402
from tests.support.fault_matrix import render, run_matrix  # noqa: E402
from tests.test_reliability import WRITER  # noqa: E402

KEY = "sk-or-emulator-demo"


async def concurrency() -> list[str]:
    emulator = Emulator(latency=0.01)
    async with OpenRouterClient(api_key=KEY, transport=emulator) as client:
        await asyncio.gather(*(client.list_models() for _ in range(100)))
    lines = [f"100 concurrent list_models on a cold cache: {len(emulator.calls('models'))} request(s)"]
    emulator = EmulatorCore(latency=0.01)
    async with EmulatorServer(emulator) as server:
        async with OpenRouterClient(api_key=KEY, base_url=server.base_url, timeout=30) as client:
            start = time.perf_counter()
            results = await asyncio.gather(
                *(client.generate_text("openai/gpt-4o-mini", f"post {i}") for i in range(500)), return_exceptions=True
            )
            wall = time.perf_counter() - start
    failed = [r for r in results if isinstance(r, BaseException)]
    lines.append(
        f"500 concurrent generations over the loopback server: {500 - len(failed)} completed, "
        f"{len(failed)} failed, {len(emulator.calls('chat'))} received by the server, {wall:.2f} s"
    )
    return lines


def kill_points(count: int = 20) -> list[str]:
    rng = random.Random(11)
    lines = []
    for kind in ("manifest", "cache"):
        corrupt = 0
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(count):
                with subprocess.Popen([sys.executable, "-c", WRITER, tmp, kind], stdout=subprocess.PIPE) as process:
                    process.stdout.readline()
                    time.sleep(rng.uniform(0.0, 0.15))
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait(5)
                path = Path(tmp) / "manifest.json"
                if kind == "manifest" and path.exists():
                    try:
                        json.loads(path.read_text())
                    except ValueError:
                        corrupt += 1
                    load_manifest(tmp)
                if kind == "cache":
                    ResponseCache(Path(tmp) / "cache").get("chat", {"model": "m", "seed": 1})
        lines.append(f"SIGKILL while writing a {kind}: {count} kill points, {corrupt} corrupt files left")
    return lines


async def hostile_outcomes() -> list[hostile.Outcome]:
    return [await hostile.run_case(case) for case in hostile.CASES]


def fuzz() -> list[str]:
    for name in dir(test_fuzz):
        if name.startswith("test_"):
            getattr(test_fuzz, name)()
    total = sum(test_fuzz.EXAMPLES.values())
    return [f"{name}: {count} examples" for name, count in sorted(test_fuzz.EXAMPLES.items())] + [
        f"fuzz examples run: {total}, failures: 0"
    ]


def main() -> None:
    print("## Fault matrix (calls × faults → outcome)")
    print(render(asyncio.run(run_matrix())))
    print("\n## Hostile servers (what a broken proxy or a compromised endpoint sends)")
    print(hostile.render(asyncio.run(hostile_outcomes())))
    print("\n## Concurrency")
    print("\n".join(asyncio.run(concurrency())))
    print("\n## Nothing lost")
    print("\n".join(kill_points()))
    print("\n## Fuzzing (hypothesis)")
    print("\n".join(fuzz()))


if __name__ == "__main__":
    main()
