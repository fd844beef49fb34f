"""Picker rows: construction and refreshes of ``ModelPicker`` at 549 and 10,000 models, in a real kernel.

Run inside an IPython kernel (jupyter_client), so every widget state change is serialised and sent
as a comm message the way it is in JupyterLab. The floor of a refresh is the data work alone:
mask the frame by task, sort it, pair labels computed once with ids (no widgets).
Uses only the picker's public traits, so it measures any checkout (``PYTHONPATH=<checkout>``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

KERNEL_CODE = r"""
import gc, json, statistics, sys, time
sys.path.insert(0, %(here)r)
from run import _replicate
from openrouter_nb import models_frame
from openrouter_nb.emulator.catalog import load_catalog
from openrouter_nb import ModelPicker

def median_ms(fn, repeats):
    samples = []
    for _ in range(repeats):
        gc.collect(); gc.disable()
        try:
            start = time.perf_counter(); fn(); samples.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(samples) * 1e3

STEPS = {  # one refresh each; the pair alternates so every timed step changes something
    "sort change": [("sort", "context"), ("sort", "price")],
    "task change": [("task", "text"), ("task", "all")],
    "keystroke": [("search", "g"), ("search", "ge")],
    "clear search": [("search", "gem"), ("search", "")],
}
out = {}
for n in (549, 10000):
    models = load_catalog()
    frame = models_frame(models if n == len(models) else _replicate(models, n))
    labels = [f"{a} · {b}" for a, b in zip(frame["name"], frame["provider"])]
    ids = list(frame.index)

    def floor():
        rows = frame[frame["text_output"].to_numpy()]
        ordered = rows.sort_values(["prompt_usd_per_mtok", "name"], na_position="last", kind="stable")
        position = {i: k for k, i in enumerate(ids)}
        return [(labels[position[i]], i) for i in ordered.index]

    row = {"construct_ms": median_ms(lambda: ModelPicker(frame), 5), "floor_ms": median_ms(floor, 9)}
    picker = ModelPicker(frame)
    for name, pairs in STEPS.items():
        samples = []
        for _ in range(9):
            for attr, value in pairs:
                gc.collect(); gc.disable()
                try:
                    start = time.perf_counter()
                    setattr(picker, attr, value)
                    samples.append(time.perf_counter() - start)
                finally:
                    gc.enable()
        row[name] = statistics.median(samples) * 1e3
    out[str(n)] = row
print("RESULT " + json.dumps(out))
"""


def picker_rows() -> dict[str, Any]:
    """Medians in ms, measured in a fresh IPython kernel (widget messages included)."""
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(HERE)) if p)}
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        lines: list[str] = []
        reply = client.execute_interactive(
            KERNEL_CODE % {"here": str(HERE)},
            timeout=600,
            output_hook=lambda msg: (
                lines.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None
            ),
        )
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"picker benchmark failed in the kernel: {reply['content'].get('evalue')}")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    text = "".join(lines)
    return json.loads(text.split("RESULT ", 1)[1].splitlines()[0])


if __name__ == "__main__":
    sys.stdout.write(json.dumps(picker_rows(), indent=2) + "\n")
