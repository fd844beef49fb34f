"""Check requests and responses against OpenRouter's OpenAPI spec (the subset in ``tests/spec/``).

Used by ``test_conformance.py`` (every route the emulator serves, over the loopback server) and by
``scripts/reliability_report.py``-style tools. Schemas are JSON Schema 2020-12 (OpenAPI 3.1);
``$ref``s resolve inside the subset document.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SUBSET = Path(__file__).resolve().parent.parent / "spec" / "openrouter-openapi-subset.json"


@cache
def spec() -> dict[str, Any]:
    return json.loads(SUBSET.read_text(encoding="utf-8"))


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for template in spec()["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        out.append((re.compile(f"^{pattern}$"), template))
    # literal paths before templated ones (/videos/models before /videos/{jobId})
    return sorted(out, key=lambda item: item[1].count("{"))


def operation(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """The spec's template and operation for a concrete ``/api/v1``-relative path, or None."""
    for pattern, template in _templates():
        if pattern.match(path):
            op = spec()["paths"][template].get(method.lower())
            if op is not None:
                return template, op
    return None


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    # the document's components ride along so that "#/components/..." refs resolve
    return jsonschema.Draft202012Validator({**schema, "components": spec()["components"]})


def schema_errors(schema: dict[str, Any], value: Any) -> list[str]:
    """Every way ``value`` breaks ``schema``, as short readable lines (empty when it conforms)."""
    errors = sorted(_validator(schema).iter_errors(value), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:160]}" for e in errors]


def _media(content: dict[str, Any], content_type: str) -> tuple[str, dict[str, Any]] | None:
    kind = content_type.split(";", 1)[0].strip().lower()
    for declared, media in content.items():
        if declared == kind or (declared.endswith("/*") and kind.startswith(declared[:-1])):
            return declared, media
    return None


def response_errors(method: str, path: str, status: int, content_type: str, body: bytes) -> list[str]:
    """How a response breaks the spec: an undeclared status or content type, or schema errors.

    Event streams are checked event by event (each ``data:`` JSON against the stream schema's
    ``data``; ``[DONE]`` is the declared sentinel). Binary bodies are checked by content type.
    """
    found = operation(method, path)
    if found is None:
        return [f"{method} {path}: no such operation in the spec"]
    _, op = found
    declared = op["responses"].get(str(status)) or op["responses"].get("default")
    if declared is None:
        return [f"{method} {path}: status {status} is not declared (declared: {', '.join(op['responses'])})"]
    content = declared.get("content") or {}
    if not content:
        return [] if not body else [f"{method} {path} {status}: a body where none is declared"]
    media = _media(content, content_type)
    if media is None:
        return [f"{method} {path} {status}: content type {content_type!r} is not declared ({', '.join(content)})"]
    kind, spec_media = media
    schema = spec_media.get("schema") or {}
    if kind == "text/event-stream":
        event_schema = (schema.get("properties") or {}).get("data")
        if event_schema is None and "$ref" in schema:
            target = spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            event_schema = target["properties"]["data"]
        errors = []
        for data in sse_data(body):
            if data == "[DONE]":
                continue
            try:
                event = json.loads(data)
            except ValueError:
                errors.append(f"{method} {path}: an event is not JSON: {data[:80]!r}")
                continue
            if event_schema is not None and not (event_schema.get("type") == "string"):
                errors += [f"event: {e}" for e in schema_errors(event_schema, event)]
        return errors
    if schema.get("format") == "binary":
        return [] if body else [f"{method} {path} {status}: an empty binary body"]
    try:
        value = json.loads(body)
    except ValueError:
        return [f"{method} {path} {status}: the body is not JSON"]
    return schema_errors(schema, value)


def request_errors(method: str, path: str, body: Any) -> list[str]:
    """How a JSON request body breaks the operation's request schema."""
    found = operation(method, path)
    if found is None:
        return [f"{method} {path}: no such operation in the spec"]
    content = (found[1].get("requestBody") or {}).get("content") or {}
    schema = (content.get("application/json") or {}).get("schema")
    return [] if schema is None else schema_errors(schema, body)


def sse_data(body: bytes) -> list[str]:
    """The ``data`` of each event of a complete event-stream body."""
    events, lines = [], []
    for line in body.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"):
        if not line:
            if lines:
                events.append("\n".join(lines))
                lines = []
        elif line.startswith("data:"):
            lines.append(line[5:].removeprefix(" "))
    if lines:
        events.append("\n".join(lines))
    return events
