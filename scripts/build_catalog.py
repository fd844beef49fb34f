"""Rebuild the bundled catalog and the test samples from real ``GET /models`` snapshots.

Developer tool, not needed at run time. Only facts are kept: every field of every model stays
(prices, limits, ``benchmarks`` …) except the description, whose prose belongs to the model's
author; it is replaced by a short neutral line made from the facts (:func:`neutral_description`).

    python scripts/build_catalog.py ../shared/data
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def neutral_description(model: dict) -> str:
    """One line of facts: what goes in and out, and the context length (no copied prose)."""
    arch = model.get("architecture") or {}
    inputs = " + ".join(arch.get("input_modalities") or ["text"])
    outputs = " + ".join(arch.get("output_modalities") or ["text"])
    line = f"{model.get('name') or model['id']}: {inputs} in, {outputs} out"
    context = model.get("context_length")
    if isinstance(context, int) and context > 0:
        line += f"; {context:,}-token context"
    return line + "."


def facts_only(model: dict) -> dict:
    out = dict(model)
    if "description" in out:
        out["description"] = neutral_description(model)
    return out


def load(path: Path) -> list[dict]:
    return [facts_only(m) for m in json.loads(path.read_text(encoding="utf-8"))["data"]]


def sample(models: list[dict], per_shape: int = 4) -> list[dict]:
    """Keep a few models of every (output modalities, pricing keys, id suffix) shape."""
    seen: dict[tuple, int] = {}
    kept = []
    for m in models:
        arch = m.get("architecture") or {}
        suffix = ":" + m["id"].split(":")[-1] if ":" in m["id"] else ""
        shape = (
            tuple(arch.get("output_modalities") or ()),
            tuple(sorted(m.get("pricing") or {})),
            suffix,
            m["id"].startswith("~"),
            (m.get("pricing") or {}).get("prompt") == "-1",
        )
        if seen.get(shape, 0) < per_shape:
            seen[shape] = seen.get(shape, 0) + 1
            kept.append(m)
    return kept


def dump(models: list[dict], path: Path, indent: int | None) -> None:
    text = json.dumps({"data": models}, ensure_ascii=False, indent=indent)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(models)} models, {path.stat().st_size} bytes")


def main(src: str) -> None:
    src_dir = Path(src)
    newest = load(src_dir / "models-2026-08-14.json")
    older = load(src_dir / "models-2025-12-16.json")
    dump(newest, ROOT / "openrouter_nb" / "emulator" / "data" / "models.json", None)
    dump(sample(newest), ROOT / "tests" / "data" / "models-2026-08-14-sample.json", 1)
    dump(older, ROOT / "tests" / "data" / "models-2025-12-16.json", None)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared" / "data"))
