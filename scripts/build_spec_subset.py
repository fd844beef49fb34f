"""Cut the part of OpenRouter's OpenAPI spec that the emulator serves into ``tests/spec/``.

    .venv/bin/python scripts/build_spec_subset.py [path/to/openrouter.openapi.yaml]

The spec (OpenRouter's own, Apache-2.0, as published with its TypeScript SDK) is 1.3 MB of YAML
outside this repository; the conformance test must run from a fresh clone. This keeps, for every
operation in ``OPERATIONS``, its parameters, request body and responses by status and content
type, plus every component schema they reference, transitively. Descriptions, examples and vendor
extensions are dropped (they are prose, not shape); the license file is copied beside the subset.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "openapi" / "openrouter.openapi.yaml"
OUT = ROOT / "tests" / "spec"

#: every operation the emulator serves, as (method, path template)
OPERATIONS = [
    ("get", "/models"),
    ("get", "/models/count"),
    ("get", "/models/user"),
    ("get", "/model/{author}/{slug}"),
    ("get", "/models/{author}/{slug}/endpoints"),
    ("get", "/providers"),
    ("get", "/benchmarks"),
    ("get", "/images/models"),
    ("get", "/images/models/{author}/{slug}/endpoints"),
    ("get", "/videos/models"),
    ("get", "/embeddings/models"),
    ("post", "/chat/completions"),
    ("post", "/images"),
    ("post", "/videos"),
    ("get", "/videos/{jobId}"),
    ("get", "/videos/{jobId}/content"),
    ("post", "/embeddings"),
    ("post", "/audio/speech"),
    ("post", "/audio/transcriptions"),
    ("post", "/rerank"),
    ("get", "/generation"),
    ("get", "/key"),
    ("get", "/credits"),
    ("get", "/activity"),
    ("post", "/responses"),
    ("get", "/presets/{slug}"),
    ("get", "/datasets/rankings-daily"),
    ("get", "/datasets/app-rankings"),
]
_PROSE = {"description", "example", "examples", "summary", "title", "externalDocs"}


def _strip(node: Any, names: bool = False) -> Any:
    """``node`` without prose keywords; ``names``: a ``properties`` map, whose keys are field names
    (a field called ``description`` is kept)."""
    if isinstance(node, dict):
        return {
            k: _strip(v, names=(k == "properties" and not names))
            for k, v in node.items()
            if names or (k not in _PROSE and not k.startswith("x-"))
        }
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def build(spec: dict[str, Any]) -> dict[str, Any]:
    """The subset document: ``paths`` (the operations above) and the ``components`` they use."""
    paths: dict[str, Any] = {}
    for method, path in OPERATIONS:
        operation = spec["paths"][path][method]
        paths.setdefault(path, {})[method] = _strip(
            {
                key: operation[key]
                for key in ("operationId", "parameters", "requestBody", "responses")
                if key in operation
            }
        )
    schemas = spec["components"]["schemas"]
    needed: set[str] = set()
    _refs(paths, needed)
    todo = list(needed)
    while todo:
        found: set[str] = set()
        _refs(schemas[todo.pop()], found)
        for name in found - needed:
            needed.add(name)
            todo.append(name)
    return {
        "openapi": spec["openapi"],
        "info": {
            "title": "OpenRouter API (subset served by the openrouter_nb emulator)",
            "version": spec["info"]["version"],
            "license": "Apache-2.0, see LICENSE.md beside this file; descriptions and examples removed",
            "source": "OpenRouterTeam/typescript-sdk .speakeasy/in.openapi.yaml @ cb9393a (2026-08-22)",
        },
        "paths": paths,
        "components": {"schemas": {name: _strip(schemas[name]) for name in sorted(needed)}},
    }


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else DEFAULT_SPEC
    spec = yaml.load(source.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    subset = build(spec)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "openrouter-openapi-subset.json"
    target.write_text(json.dumps(subset, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    shutil.copyfile(source.parent / "LICENSE.md", OUT / "LICENSE.md")
    count = len(subset["components"]["schemas"])
    print(f"{target.relative_to(ROOT)}: {len(OPERATIONS)} operations, {count} schemas, {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
