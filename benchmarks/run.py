"""Benchmarks against the peers, side by side in one run: ``make bench``.

Eleven sections: per-call client overhead, model listing, cold import, catalog crunching,
concurrency through the loopback emulator, memory of a notebook-style session, streaming per chunk,
the model picker in a real kernel, a fresh process from import to catalog DataFrame,
generate_many, and 10,000 prompts at dataset scale (a journal on disk) through the loopback server.
Times are medians of interleaved rounds on this machine; compare the ratios within one run, never
absolute times across runs. Peers that are not installed are reported as such. Results go to
``benchmarks/results/latest.json`` (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BASE, KEY, interleaved, table  # noqa: E402
from dataset import dataset_scale  # noqa: E402
from picker import picker_rows  # noqa: E402
from session import batches, fresh_listing  # noqa: E402
from streaming import streaming  # noqa: E402

from openrouter_nb import OpenRouterClient, models_frame, summarize_models  # noqa: E402
from openrouter_nb.emulator.catalog import load_catalog  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # LiteLLM fetches a price list at import otherwise
MODEL = "openai/gpt-4o-mini"
PROMPT = "Write a caption about autumn coffee"
REPLY = {
    "id": "gen-1767000000-AbCdEfGhIjKlMnOp",
    "object": "chat.completion",
    "created": 1767000000,
    "model": MODEL,
    "provider": "OpenAI",
    "system_fingerprint": "fp_1234",
    "choices": [
        {
            "index": 0,
            "logprobs": None,
            "finish_reason": "stop",
            "native_finish_reason": "stop",
            "message": {
                "role": "assistant",
                "refusal": None,
                "reasoning": None,
                "content": (
                    "Golden light spills over the terrace as the first espresso of the day meets a slow, quiet "
                    "morning. Autumn in Lisbon tastes like cinnamon and sea air. Who else is chasing sunrises "
                    "this week? #lisbon #coffee #autumn"
                ),
            },
        }
    ],
    "usage": {
        "prompt_tokens": 42,
        "completion_tokens": 58,
        "total_tokens": 100,
        "cost": 0.0000411,
        "is_byok": False,
        "prompt_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "image_tokens": 0},
        "cost_details": {"upstream_inference_cost": None},
    },
}
REPLY_BYTES = json.dumps(REPLY).encode()


def installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def mock(body: bytes) -> httpx.MockTransport:
    headers = {"content-type": "application/json"}
    return httpx.MockTransport(lambda request: httpx.Response(200, content=body, headers=headers))


# -- 1. client overhead --------------------------------------------------------------------------------


async def overhead(rounds: int, calls: int) -> dict[str, Any]:
    transport = mock(REPLY_BYTES)
    raw = httpx.AsyncClient(transport=transport)
    ours = OpenRouterClient(api_key=KEY, transport=transport)
    messages = [{"role": "user", "content": PROMPT}]
    auth = {"Authorization": f"Bearer {KEY}"}

    async def raw_call() -> Any:
        response = await raw.post(f"{BASE}/chat/completions", json={"model": MODEL, "messages": messages}, headers=auth)
        return response.json()

    candidates = {
        "raw httpx post + .json()": raw_call,
        "openrouter_nb generate_text": lambda: ours.generate_text(MODEL, PROMPT),
        "openrouter_nb chat": lambda: ours.chat(MODEL, PROMPT),
    }
    if installed("openai"):
        import openai

        sdk = openai.AsyncOpenAI(
            api_key=KEY, base_url=BASE, http_client=httpx.AsyncClient(transport=transport), max_retries=0
        )
        candidates["openai AsyncOpenAI chat.completions.create"] = lambda: sdk.chat.completions.create(
            model=MODEL, messages=messages
        )
    if installed("openrouter"):
        from openrouter import OpenRouter

        official = OpenRouter(api_key=KEY, async_client=httpx.AsyncClient(transport=transport))
        candidates["openrouter SDK chat.send_async"] = lambda: official.chat.send_async(model=MODEL, messages=messages)
    if installed("litellm"):
        import litellm
        from litellm.llms.custom_httpx.http_handler import AsyncHTTPHandler

        handler = AsyncHTTPHandler(transport=transport)
        candidates["litellm acompletion"] = lambda: litellm.acompletion(
            model=f"openrouter/{MODEL}", messages=messages, api_key=KEY, client=handler
        )
    medians = await interleaved(candidates, calls=calls, rounds=rounds)
    floor = medians["raw httpx post + .json()"]
    return {name: {"us_per_call": t * 1e6, "ratio": t / floor} for name, t in medians.items()}


# -- 2. model listing ----------------------------------------------------------------------------------


async def listing(rounds: int) -> dict[str, Any]:
    catalog = load_catalog()
    body = json.dumps({"data": catalog, "total_count": len(catalog), "links": {"next": None}}).encode()
    transport = mock(body)
    raw = httpx.AsyncClient(transport=transport)
    ours = OpenRouterClient(api_key=KEY, transport=transport)
    uncached = OpenRouterClient(api_key=KEY, transport=transport, models_ttl=0.0)  # every call fetches

    async def raw_call() -> Any:
        return (await raw.get(f"{BASE}/models", params={"output_modalities": "all"})).json()

    async def cold() -> Any:
        return await uncached.list_models()

    candidates: dict[str, Any] = {"raw httpx get + .json()": raw_call, "openrouter_nb list_models (cold)": cold}
    if installed("openai"):
        import openai

        sdk = openai.AsyncOpenAI(api_key=KEY, base_url=BASE, http_client=httpx.AsyncClient(transport=transport))

        async def openai_list() -> Any:
            return (await sdk.models.list()).data

        candidates["openai models.list"] = openai_list
    if installed("openrouter"):
        from openrouter import OpenRouter

        official = OpenRouter(api_key=KEY, async_client=httpx.AsyncClient(transport=transport))
        candidates["openrouter SDK models.list_async"] = lambda: official.models.list_async()
    medians = await interleaved(candidates, calls=5, rounds=rounds, warmup=2)
    await ours.list_models()
    cached = statistics.median([await _per_call(ours.list_models, 20_000) for _ in range(rounds)])
    medians["openrouter_nb list_models (cached)"] = cached
    floor = medians["raw httpx get + .json()"]
    out = {name: {"us_per_call": t * 1e6, "ratio": t / floor} for name, t in medians.items()}
    out["_cached_speedup"] = medians["openrouter_nb list_models (cold)"] / cached
    out["_catalog_bytes"] = len(body)
    return out


async def _per_call(fn: Any, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        await fn()
    return (time.perf_counter() - start) / calls


# -- 3. cold import --------------------------------------------------------------------------------------

IMPORTS = {
    "httpx": "import httpx",
    "openrouter_nb": "import openrouter_nb",
    "openrouter_nb + client": "import openrouter_nb; openrouter_nb.OpenRouterClient(api_key='x')",
    "openai + client": "import openai; openai.AsyncOpenAI(api_key='x')",
    "openrouter SDK + client": "import openrouter; openrouter.OpenRouter(api_key='x')",
    "litellm": "import litellm",
    "llm + plugins": "import llm; llm.get_async_models()",
}
IMPORT_MODULES = {
    "openai + client": "openai",
    "openrouter SDK + client": "openrouter",
    "litellm": "litellm",
    "llm + plugins": "llm",
}


def cold_import(repeats: int) -> dict[str, Any]:
    samples: dict[str, list[float]] = {}
    names = [n for n in IMPORTS if n not in IMPORT_MODULES or installed(IMPORT_MODULES[n])]
    # bytecode caches written, as on any machine after the first import (pip precompiles the peers;
    # an editable install of this package would otherwise be compiled on every start)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for name in names:
        subprocess.run([sys.executable, "-c", IMPORTS[name]], capture_output=True, timeout=120, env=env)
    for _ in range(repeats):  # interleaved: one of each per round
        for name in names:
            code = f"import time; t = time.perf_counter(); {IMPORTS[name]}; print(time.perf_counter() - t)"
            result = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                timeout=120,
                env=env,
            )
            if result.returncode == 0:
                samples.setdefault(name, []).append(float(result.stdout.strip().splitlines()[-1]))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor = medians["httpx"]
    return {name: {"ms": t * 1e3, "ratio": t / floor} for name, t in medians.items()}


# -- 4. catalog crunching ------------------------------------------------------------------------------


def _replicate(models: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        model = dict(models[i % len(models)])
        model["id"] = f"{model['id']}-copy{i // len(models)}" if i >= len(models) else model["id"]
        out.append(model)
    return out


def _median_time(fn: Any, arg: Any, repeats: int) -> float:
    """Median seconds of ``fn(arg)``; the garbage collector is off for every side of every ratio
    (a fresh collection first), so no side pays for another's garbage or gets the GC for free."""
    samples = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn(arg)
            samples.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(samples)


def crunching(repeats: int) -> dict[str, Any]:
    snapshots = {
        "bundled 2026-08-14 (549 models)": json.dumps({"data": load_catalog()}).encode(),
        "tests/data 2025-12-16 (349 models)": (ROOT / "tests" / "data" / "models-2025-12-16.json").read_bytes(),
    }
    out: dict[str, Any] = {}
    models_frame([])  # import pandas outside the timings
    for label, data in snapshots.items():
        models = json.loads(data)["data"]
        loads, summarize, frame = [], [], []
        for _ in range(repeats):  # interleaved
            loads.append(_median_time(json.loads, data, 1))
            summarize.append(_median_time(summarize_models, models, 1))
            frame.append(_median_time(models_frame, models, 1))
        floor = statistics.median(loads)
        s, f = statistics.median(summarize), statistics.median(frame)
        out[label] = {
            "json_loads_ms": floor * 1e3,
            "summarize_ms": s * 1e3,
            "models_frame_ms": f * 1e3,
            "summarize_ratio": s / floor,
            "summarize_plus_frame_ratio": (s + f) / floor,
        }
    base = load_catalog()
    scaling = {}
    for n in (100, 1_000, 10_000):
        models = _replicate(base, n)
        data = json.dumps({"data": models}).encode()
        runs = max(3, repeats // (1 + n // 2000))
        loads = _median_time(json.loads, data, runs)
        s = _median_time(summarize_models, models, runs)
        f = _median_time(models_frame, models, runs)
        scaling[n] = {
            "json_loads_us_per_model": loads / n * 1e6,
            "summarize_us_per_model": s / n * 1e6,
            "models_frame_us_per_model": f / n * 1e6,
            "summarize_plus_frame_ratio": (s + f) / loads,
        }
    out["scaling"] = scaling
    return out


# -- 5. concurrency through the loopback emulator --------------------------------------------------------

CONCURRENCY_CLIENT = r"""
import asyncio, json, sys, time
import httpx
from common import peak_rss_kb
from openrouter_nb import OpenRouterClient
base, limit, total, kind = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
KEY = "sk-or-emulator-demo"
async def main():
    if kind == "raw":
        http = httpx.AsyncClient(headers={"Authorization": f"Bearer {KEY}"})
        async def call(prompt):
            body = {"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": prompt}]}
            return (await http.post(base + "/chat/completions", json=body)).json()
    else:
        client = OpenRouterClient(api_key=KEY, base_url=base, max_retries=0)
        async def call(prompt):
            return await client.generate_text("openai/gpt-4o-mini", prompt)
    await call("warm up")
    sem = asyncio.Semaphore(limit)
    async def one(i):
        async with sem:
            return await call(f"post {i} about autumn coffee")
    start = time.perf_counter()
    results = await asyncio.gather(*(one(i) for i in range(total)))
    wall = time.perf_counter() - start
    assert len(results) == total and all(results)
    print(json.dumps({"wall": wall, "rss_kb": peak_rss_kb()}))
asyncio.run(main())
"""


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LoopbackServer:
    """The emulator server in its own process, so it does not share the client's GIL or memory."""

    def __init__(self, latency: float) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "openrouter_nb.emulator",
                "--port",
                str(self.port),
                "--latency",
                str(latency),
                "--stream-delay",
                "0",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base_url = f"http://127.0.0.1:{self.port}/api/v1"
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                httpx.get(f"{self.base_url}/models/count", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the emulator server did not start")

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(10)


def concurrency(repeats: int, total: int = 200, latency: float = 0.05) -> dict[str, Any]:
    out = {}
    settings = [
        ("openrouter_nb, default limits (100 connections)", 100, "ours"),
        ("openrouter_nb, concurrency limit 50", 50, "ours"),
        ("raw httpx, default limits (the floor)", 100, "raw"),
        ("raw httpx, concurrency limit 50", 50, "raw"),
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)}
    with LoopbackServer(latency) as server:
        for label, limit, kind in settings:
            runs = []
            for _ in range(repeats):
                command = [sys.executable, "-c", CONCURRENCY_CLIENT, server.base_url, str(limit), str(total), kind]
                result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True, env=env)
                runs.append(json.loads(result.stdout))
            wall = statistics.median(r["wall"] for r in runs)
            ideal = latency * math.ceil(total / limit)
            out[label] = {
                "wall_s": wall,
                "ideal_s": ideal,
                "ratio": wall / ideal,
                "requests_per_s": total / wall,
                "peak_rss_mb": max(r["rss_kb"] for r in runs) / 1024,
            }
    return out


# -- 6. memory of a notebook-style session ---------------------------------------------------------------

SESSION_OURS = r"""
import asyncio, json, sys
from common import peak_rss_kb
async def main():
    import openrouter_nb as orn
    async with orn.OpenRouterClient(api_key="sk-or-emulator-demo", base_url=sys.argv[1]) as client:
        frame = orn.models_frame(await client.list_models())
        for i in range(100):
            await client.chat("openai/gpt-4o-mini", f"post {i} about autumn coffee")
    print(json.dumps({"rows": len(frame), "rss_kb": peak_rss_kb()}))
asyncio.run(main())
"""
SESSION_OPENAI = r"""
import asyncio, json, sys
from common import peak_rss_kb
async def main():
    import openai, pandas as pd
    client = openai.AsyncOpenAI(api_key="sk-or-emulator-demo", base_url=sys.argv[1])
    models = (await client.models.list(extra_query={"output_modalities": "all"})).data
    frame = pd.DataFrame([m.model_dump() for m in models]).set_index("id")
    for i in range(100):
        await client.chat.completions.create(model="openai/gpt-4o-mini",
                                             messages=[{"role": "user", "content": f"post {i} about autumn coffee"}])
    await client.close()
    print(json.dumps({"rows": len(frame), "rss_kb": peak_rss_kb()}))
asyncio.run(main())
"""


def memory(repeats: int) -> dict[str, Any]:
    sessions = {"openrouter_nb session": SESSION_OURS}
    if installed("openai"):
        sessions["openai SDK session"] = SESSION_OPENAI
    out: dict[str, Any] = {}
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)}
    with LoopbackServer(0.0) as server:
        for label, code in sessions.items():
            runs = [
                json.loads(
                    subprocess.run(
                        [sys.executable, "-c", code, server.base_url],
                        capture_output=True,
                        env=env,
                        text=True,
                        timeout=300,
                        check=True,
                    ).stdout
                )
                for _ in range(repeats)
            ]
            out[label] = {"peak_rss_mb": statistics.median(r["rss_kb"] for r in runs) / 1024, "rows": runs[0]["rows"]}
    return out


# -- report ----------------------------------------------------------------------------------------------


def report(results: dict[str, Any]) -> str:
    lines = [f"# openrouter_nb benchmarks ({results['python']}, {results['cpus']} CPUs)"]
    s1 = results["overhead"]
    lines.append(
        table(
            "1. Client overhead per call (MockTransport, ~1 KB chat completion)",
            [(n, f"{v['us_per_call']:.1f}", f"{v['ratio']:.3f}x") for n, v in s1.items()],
            ("call", "us/call", "vs raw httpx"),
        )
    )
    s2 = results["listing"]
    lines.append(
        table(
            f"2. Model listing ({s2['_catalog_bytes']:,}-byte real catalog)",
            [(n, f"{v['us_per_call']:.1f}", f"{v['ratio']:.4f}x") for n, v in s2.items() if not n.startswith("_")],
            ("call", "us/call", "vs raw httpx"),
        )
    )
    lines.append(f"cached list_models is {s2['_cached_speedup']:,.0f}x faster than cold")
    s3 = results["imports"]
    lines.append(
        table(
            "3. Cold import in a fresh interpreter (median)",
            [(n, f"{v['ms']:.1f}", f"{v['ratio']:.2f}x") for n, v in s3.items()],
            ("import", "ms", "vs import httpx"),
        )
    )
    s4 = results["crunching"]
    lines.append(
        table(
            "4. Catalog crunching vs json.loads of the same bytes",
            [
                (
                    n,
                    f"{v['json_loads_ms']:.2f}",
                    f"{v['summarize_ms']:.2f}",
                    f"{v['models_frame_ms']:.2f}",
                    f"{v['summarize_ratio']:.2f}x",
                    f"{v['summarize_plus_frame_ratio']:.2f}x",
                )
                for n, v in s4.items()
                if n != "scaling"
            ],
            ("snapshot", "loads ms", "summarize ms", "frame ms", "summarize/loads", "(summ+frame)/loads"),
        )
    )
    lines.append(
        table(
            "4b. Scaling (us per model)",
            [
                (
                    str(n),
                    f"{v['json_loads_us_per_model']:.2f}",
                    f"{v['summarize_us_per_model']:.2f}",
                    f"{v['models_frame_us_per_model']:.2f}",
                    f"{v['summarize_plus_frame_ratio']:.2f}x",
                )
                for n, v in s4["scaling"].items()
            ],
            ("models", "loads", "summarize", "frame", "(summ+frame)/loads"),
        )
    )
    s5 = results["concurrency"]
    lines.append(
        table(
            "5. 200 generations through the loopback emulator, 50 ms latency",
            [
                (
                    n,
                    f"{v['wall_s']:.3f}",
                    f"{v['ideal_s']:.3f}",
                    f"{v['ratio']:.2f}x",
                    f"{v['requests_per_s']:.0f}",
                    f"{v['peak_rss_mb']:.1f}",
                )
                for n, v in s5.items()
            ],
            ("setting", "wall s", "ideal s", "vs ideal", "req/s", "peak RSS MB"),
        )
    )
    s6 = results["memory"]
    lines.append(
        table(
            "6. Peak RSS of a notebook-style session (import, list models, frame, 100 chats)",
            [(n, f"{v['peak_rss_mb']:.1f}") for n, v in s6.items()],
            ("session", "peak RSS MB"),
        )
    )
    s7 = results["streaming"]
    lines.append(
        table(
            "7. Streaming a 500-chunk reply, per chunk (MockTransport)",
            [
                (f"{mode}: {n}", f"{v['us_per_chunk']:.2f}", f"{v['ratio']:.3f}x")
                for mode, rows in s7.items()
                for n, v in rows.items()
            ],
            ("delivery: client", "us/chunk", "vs raw httpx"),
        )
    )
    s8 = results["picker"]
    steps = ("sort change", "task change", "keystroke", "clear search")
    lines.append(
        table(
            "8. ModelPicker in a real kernel (median ms; floor = mask + sort + pair labels, no widgets)",
            [
                (
                    f"{n} models",
                    f"{v['construct_ms']:.1f}",
                    f"{v['floor_ms']:.2f}",
                    *(f"{v[s]:.2f}" for s in steps),
                    f"{max(v[s] for s in steps) / v['floor_ms']:.2f}x",
                )
                for n, v in s8.items()
            ],  # fmt: skip
            ("catalog", "construct", "floor", *steps, "worst/floor"),
        )
    )
    s9 = results["fresh_listing"]
    lines.append(
        table(
            "9. Fresh process to a catalog DataFrame over the loopback emulator (wall, median)",
            [(n, f"{v['ms']:.0f}", f"{v['ratio']:.3f}x") for n, v in s9.items()],
            ("script", "ms", "vs raw + json_normalize"),
        )
    )
    s10 = results["batches"]
    lines.append(
        table(
            "10. 200 chats, concurrency 8 (MockTransport)",
            [(n, f"{v['ms']:.1f}", f"{v['ratio']:.3f}x") for n, v in s10.items()],
            ("batch", "ms", "vs gather by hand"),
        )
    )
    s11 = results["dataset"]
    lines.append(
        table(
            "11. 10,000 chats through the loopback emulator, concurrency 16",
            [
                (
                    n,
                    str(v["answers"]),
                    f"{v['wall_s']:.1f}",
                    f"{v['per_s']:.0f}",
                    f"{v['peak_rss_mb']:.0f}",
                    f"{v['ratio']:.3f}x",
                )
                for n, v in s11.items()
            ],
            ("batch", "answers", "s", "answers/s", "peak RSS MB", "time vs floor"),
        )
    )
    checks = [(name, got, want, "yes" if ok else "NO") for name, got, want, ok in targets(results)]
    lines.append(table("Targets", checks, ("target", "measured", "wanted", "met")))
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """Each target of the harness: what was measured, what is wanted, whether it is met."""
    rows = []
    overhead = results["overhead"]
    for name in ("openrouter_nb generate_text", "openrouter_nb chat"):
        ratio = overhead[name]["ratio"]
        rows.append((f"per-call overhead, {name}", f"{ratio:.3f}x", "<= 1.30x", ratio <= 1.30))
    imports = results["imports"]["openrouter_nb"]["ratio"]
    rows.append(("import openrouter_nb vs import httpx", f"{imports:.2f}x", "<= 1.50x", imports <= 1.50))
    snapshot = results["crunching"]["bundled 2026-08-14 (549 models)"]
    frame = snapshot["models_frame_ms"] / snapshot["json_loads_ms"]
    rows.append(("models_frame vs json.loads (549)", f"{frame:.2f}x", "<= 1.00x", frame <= 1.0))
    summary = snapshot["summarize_ratio"]
    rows.append(("summarize_models vs json.loads (549)", f"{summary:.2f}x", "<= 0.40x", summary <= 0.4))
    for mode, rows_ in results["streaming"].items():
        ratio = rows_["openrouter_nb stream_text"]["ratio"]
        peers = [v["ratio"] for n, v in rows_.items() if not n.startswith(("openrouter_nb", "raw"))]
        ok = ratio <= 1.3 and all(ratio < p for p in peers)
        rows.append((f"stream_text per chunk, {mode}", f"{ratio:.3f}x", "<= 1.30x, below peers", ok))
    for n, limit in (("549", 4.0), ("10000", 16.0)):
        worst = max(results["picker"][n][s] for s in ("sort change", "task change", "keystroke", "clear search"))
        rows.append((f"picker refresh, {n} models", f"{worst:.1f} ms", f"<= {limit:g} ms", worst <= limit))
    construct = results["picker"]["10000"]["construct_ms"]
    rows.append(("picker construction, 10000 models", f"{construct:.0f} ms", "<= 60 ms", construct <= 60))
    listing = results["fresh_listing"]["openrouter_nb models_frame(list_models())"]["ratio"]
    rows.append(("fresh process to a catalog frame", f"{listing:.3f}x", "<= 1.10x", listing <= 1.10))
    for name in ("generate_many, no progress bar", "generate_many, progress bar"):
        ratio = results["batches"][name]["ratio"]
        rows.append((name, f"{ratio:.3f}x", "<= 1.10x", ratio <= 1.10))
    ours = results["dataset"]["generate_many, journal on disk"]
    floor = results["dataset"]["raw httpx + semaphore (the floor)"]
    rows.append(("10,000 chats with a journal, time", f"{ours['ratio']:.3f}x", "<= 1.50x", ours["ratio"] <= 1.5))
    growth = ours["peak_rss_mb"] / floor["peak_rss_mb"]
    rows.append(("10,000 chats with a journal, peak RSS", f"{growth:.2f}x", "<= 2.00x", growth <= 2.0))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run, noisier)")
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="folder for latest.json/latest.txt (e.g. when PYTHONPATH=<checkout>)"
    )
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 9
    results: dict[str, Any] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    results["overhead"] = asyncio.run(overhead(rounds, 100 if args.quick else 300))
    results["listing"] = asyncio.run(listing(rounds))
    results["imports"] = cold_import(5 if args.quick else 7)
    results["crunching"] = crunching(rounds * 3)
    results["concurrency"] = concurrency(3 if args.quick else 5)
    results["memory"] = memory(1 if args.quick else 3)
    results["streaming"] = asyncio.run(streaming(rounds))
    results["picker"] = picker_rows()
    with LoopbackServer(0.0) as server:
        results["fresh_listing"] = fresh_listing(server.base_url, 5 if args.quick else 11)
        results["dataset"] = dataset_scale(server.base_url, 2_000 if args.quick else 10_000)
    results["batches"] = asyncio.run(batches(rounds))
    import openrouter_nb

    results["package"] = str(Path(openrouter_nb.__file__).parent)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(results, indent=2))
    text = report(results)
    (args.out / "latest.txt").write_text(text + "\n")
    print(text)
    print(f"\nresults: {args.out / 'latest.json'} (package measured: {results['package']})")


if __name__ == "__main__":
    main()
