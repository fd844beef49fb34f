"""Section 11: a batch at dataset scale. 10,000 prompts through the loopback emulator (its own process).

``generate_many(..., journal=...)`` (every answer written to disk as it arrives, a progress bar
off) against the floor: a raw ``httpx`` loop under an ``asyncio.Semaphore`` that keeps nothing but
the texts. Each runs in a fresh process, so its peak RSS is its own. Throughput is answers per
second; the ratio is the floor's time over ours.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

RAW = r"""
import asyncio, json, sys, time
import httpx
from common import peak_rss_kb
async def main():
    base, total, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    gate = asyncio.Semaphore(limit)
    headers = {"Authorization": "Bearer sk-or-emulator-demo"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
        async def one(i):
            async with gate:
                messages = [{"role": "user", "content": f"caption {i} about tea"}]
                body = {"model": "openai/gpt-4o-mini", "messages": messages}
                reply = (await http.post("/chat/completions", json=body)).json()
                return reply["choices"][0]["message"]["content"]
        start = time.perf_counter()
        texts = await asyncio.gather(*(one(i) for i in range(total)))
    print(json.dumps({"wall": time.perf_counter() - start, "rss_kb": peak_rss_kb(), "answers": len(texts)}))
asyncio.run(main())
"""
OURS = r"""
import asyncio, json, sys, time
from common import peak_rss_kb
async def main():
    import openrouter_nb as orn
    base, total, limit, journal = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    async with orn.OpenRouterClient(api_key="sk-or-emulator-demo", base_url=base, timeout=60) as client:
        start = time.perf_counter()
        items = await orn.generate_many(client, [f"caption {i} about tea" for i in range(total)],
                                        "openai/gpt-4o-mini", concurrency=limit, progress=False, journal=journal)
        wall = time.perf_counter() - start
    print(json.dumps({"wall": wall, "rss_kb": peak_rss_kb(), "answers": sum(i.ok for i in items)}))
asyncio.run(main())
"""


def dataset_scale(base_url: str, total: int = 10_000, concurrency: int = 16) -> dict[str, Any]:
    """Throughput and peak RSS of 10,000 chats: generate_many with a journal, and the raw floor."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)}
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        runs = {
            "raw httpx + semaphore (the floor)": [RAW, base_url, str(total), str(concurrency)],
            "generate_many, journal on disk": [OURS, base_url, str(total), str(concurrency), f"{scratch}/batch.jsonl"],
        }
        for label, (code, *args) in runs.items():
            result = subprocess.run(
                [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=1800, check=True, env=env
            )
            measured = json.loads(result.stdout)
            out[label] = {
                "answers": measured["answers"],
                "wall_s": measured["wall"],
                "per_s": measured["answers"] / measured["wall"],
                "peak_rss_mb": measured["rss_kb"] / 1024,
            }
    floor = out["raw httpx + semaphore (the floor)"]
    for row in out.values():
        row["ratio"] = row["wall_s"] / floor["wall_s"]
    return out
