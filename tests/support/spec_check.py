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


def _closed(node: Any, inside_all_of: bool = False) -> Any:
    """A copy of a schema whose objects refuse properties they do not list (``additionalProperties:
    false`` where the spec says nothing), except the parts of an ``allOf``, which list theirs apart."""
    if isinstance(node, list):
        return [_closed(v, inside_all_of) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _closed(v, inside_all_of=(k == "allOf")) if k != "properties" else v for k, v in node.items()}
    if isinstance(node.get("properties"), dict):
        out["properties"] = {name: _closed(sub) for name, sub in node["properties"].items()}
        if "additionalProperties" not in node and not inside_all_of and "allOf" not in node:
            out["additionalProperties"] = False
    return out


def _composed(node: Any, found: set[str]) -> set[str]:
    """The component schemas an ``allOf`` refers to: parts of a whole, each listing only its own fields."""
    if isinstance(node, dict):
        for part in node.get("allOf") or []:
            if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                found.add(part["$ref"].rsplit("/", 1)[1])
        for value in node.values():
            _composed(value, found)
    elif isinstance(node, list):
        for value in node:
            _composed(value, found)
    return found


@cache
def closed_spec() -> dict[str, Any]:
    """The spec subset with every object closed (see :func:`_closed`): what "nothing invented" checks.

    A component that is a part of an ``allOf`` somewhere stays open: the whole lists the rest.
    """
    document = spec()
    parts = _composed(document, set())
    schemas = {
        name: schema if name in parts else _closed(schema) for name, schema in document["components"]["schemas"].items()
    }
    return {**document, "paths": _closed(document["paths"]), "components": {"schemas": schemas}}


def invented_fields(method: str, path: str, status: int, content_type: str, body: bytes) -> list[str]:
    """Fields a response carries that its spec schema does not list (each as a JSON path), from the
    same checks as :func:`response_errors` with every object closed."""
    found = operation(method, path)
    if found is None:
        return []
    template = found[0]
    declared = closed_spec()["paths"][template][method.lower()]["responses"].get(str(status))
    media = _media((declared or {}).get("content") or {}, content_type)
    if media is None or media[0] != "application/json" and media[0] != "text/event-stream":
        return []
    schema = media[1].get("schema") or {}
    validator = jsonschema.Draft202012Validator({**schema, "components": closed_spec()["components"]})
    values: list[Any] = []
    if media[0] == "text/event-stream":
        event_schema = (schema.get("properties") or {}).get("data")
        if event_schema is None and "$ref" in schema:
            target = closed_spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            event_schema = target["properties"]["data"]
        validator = jsonschema.Draft202012Validator({**event_schema, "components": closed_spec()["components"]})
        values = [json.loads(d) for d in sse_data(body) if d != "[DONE]"]
    else:
        values = [json.loads(body)]
    out = []
    for value in values:
        for error in validator.iter_errors(value):
            for leaf in _leaves(error):
                if leaf.validator == "additionalProperties":
                    listed = re.search(r"\((.*) w(?:as|ere) unexpected\)", leaf.message)
                    extra = re.findall(r"'([^']+)'", listed.group(1)) if listed else []
                    where = "/".join(str(p) for p in leaf.absolute_path)
                    out += [f"{where}/{name}".lstrip("/") for name in extra]
    return sorted(set(out))


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in _leaves(sub)]
