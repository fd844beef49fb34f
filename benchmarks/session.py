"""Session rows: a fresh process listing the catalog into a DataFrame, and ``generate_many`` batches.

1. From a fresh interpreter to a catalog DataFrame over the loopback emulator (a separate
   process): ``models_frame(await client.list_models())`` against raw httpx plus
   ``pandas.json_normalize``. Whole process wall time, interpreter start and imports included.
2. ``generate_many`` (with and without its progress bar) against a hand-written ``gather`` with a
   semaphore calling ``client.chat`` over the same in-process transport: the batch helper's cost.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from common import KEY, interleaved

from openrouter_nb import OpenRouterClient, generate_many

LISTING_OURS = r"""
import asyncio, sys
import openrouter_nb as orn
async def main():
    async with orn.OpenRouterClient(api_key="sk-or-emulator-demo", base_url=sys.argv[1]) as client:
        frame = orn.models_frame(await client.list_models())
    assert len(frame) > 100
asyncio.run(main())
"""
LISTING_RAW = r"""
import asyncio, sys
import httpx, pandas
async def main():
    async with httpx.AsyncClient(headers={"Authorization": "Bearer sk-or-emulator-demo"}) as http:
        response = await http.get(sys.argv[1] + "/models", params={"output_modalities": "all"})
    frame = pandas.json_normalize(response.json()["data"]).set_index("id")
    assert len(frame) > 100
asyncio.run(main())
"""


def fresh_listing(base_url: str, repeats: int) -> dict[str, Any]:
    """Median wall seconds of each script in a fresh interpreter, interleaved."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    scripts = {
        "raw httpx + pandas.json_normalize": LISTING_RAW,
        "openrouter_nb models_frame(list_models())": LISTING_OURS,
    }
    for code in scripts.values():  # warm the bytecode caches once
        subprocess.run([sys.executable, "-c", code, base_url], check=True, env=env, capture_output=True)
    samples: dict[str, list[float]] = {name: [] for name in scripts}
    for _ in range(repeats):
        for name, code in scripts.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code, base_url], check=True, env=env, capture_output=True)
            samples[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor = medians["raw httpx + pandas.json_normalize"]
    return {name: {"ms": t * 1e3, "ratio": t / floor} for name, t in medians.items()}


async def batches(rounds: int, prompts: int = 200, concurrency: int = 8) -> dict[str, Any]:
    """Seconds per batch of ``prompts`` chats: generate_many against a hand-written gather."""
    from run import REPLY_BYTES, mock

    client = OpenRouterClient(api_key=KEY, transport=mock(REPLY_BYTES))
    texts = [f"post {i} about autumn coffee" for i in range(prompts)]
    model = "openai/gpt-4o-mini"
    devnull = open(os.devnull, "w")  # noqa: SIM115 - the progress bar writes here for the whole run

    async def by_hand() -> Any:
        semaphore = asyncio.Semaphore(concurrency)

        async def one(prompt: str) -> Any:
            async with semaphore:
                return await client.chat(model, prompt)

        return await asyncio.gather(*(one(p) for p in texts))

    async def ours_quiet() -> Any:
        return await generate_many(client, texts, model, concurrency=concurrency, progress=False)

    async def ours_bar() -> Any:
        stderr, sys.stderr = sys.stderr, devnull  # tqdm draws on stderr: keep the report clean
        try:
            return await generate_many(client, texts, model, concurrency=concurrency, progress=True)
        finally:
            sys.stderr = stderr

    candidates = {
        "gather + semaphore by hand": by_hand,
        "generate_many, no progress bar": ours_quiet,
        "generate_many, progress bar": ours_bar,
    }
    medians = await interleaved(candidates, calls=1, rounds=rounds, warmup=1)
    devnull.close()
    floor = medians["gather + semaphore by hand"]
    return {name: {"ms": t * 1e3, "ratio": t / floor} for name, t in medians.items()}
