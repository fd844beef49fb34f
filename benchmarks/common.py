"""Shared helpers for the benchmark harness: timing, medians of interleaved rounds, a results table."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

KEY = "sk-or-v1-benchmark-not-a-real-key"
BASE = "https://openrouter.ai/api/v1"


async def time_calls(make_call: Callable[[], Awaitable[Any]], calls: int) -> float:
    """Seconds per call for ``calls`` sequential awaits of ``make_call()``."""
    start = time.perf_counter()
    for _ in range(calls):
        await make_call()
    return (time.perf_counter() - start) / calls


async def interleaved(
    candidates: dict[str, Callable[[], Awaitable[Any]]], *, calls: int, rounds: int, warmup: int = 20
) -> dict[str, float]:
    """Median seconds per call of each candidate over ``rounds`` interleaved rounds."""
    for make_call in candidates.values():
        for _ in range(warmup):
            await make_call()
    samples: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, make_call in candidates.items():
            gc.collect()  # one candidate's garbage must not be collected on another's clock
            samples[name].append(await time_calls(make_call, calls))
    return {name: statistics.median(values) for name, values in samples.items()}


def peak_rss_kb() -> int:
    """This process's peak RSS (VmHWM). ru_maxrss would include the parent's peak across exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def table(title: str, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = zip(row, widths, strict=True)
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(cells))

    out = [f"\n## {title}", line(header), line(tuple("-" * w for w in widths))]
    out += [line(r) for r in rows]
    return "\n".join(out)
