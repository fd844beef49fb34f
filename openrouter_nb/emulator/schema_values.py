"""JSON values that satisfy a JSON Schema, built from the prompt's own words.

What a model with structured outputs gives: an answer that validates against the schema asked for
(``response_format`` json_schema, a tool's ``parameters``, a Responses ``text.format``), with values
that fit each field: a ``city`` gets the place the prompt names, a ``caption`` a caption, a
``hashtags`` array hashtags, ``temperature`` a plausible number within its bounds, an ``email`` an
address, a ``date`` a date. Everything is deterministic in the schema, the prompt and ``h``.
Each value is checked with :func:`openrouter_nb._core.json_schema.conforms` as it is built; among ``anyOf``/``oneOf``
branches the first one that holds is kept. Deep or recursive schemas end in their smallest
instance (no optional fields, fewest items) so a self-referencing tree stays finite.
"""

from __future__ import annotations

from typing import Any

from .._core.json_schema import conforms, resolve
from .catalog import stable_int
from .schema_scalars import Hints, field_words, hints_from, integer, number_value, several, string_value

__all__ = ["schema_in", "value_for"]

#: past this depth, a value is built as small as its schema allows
_SHALLOW = 4
_MAX_DEPTH = 12


# -- the builder ---------------------------------------------------------------------------------


def _mapping(schema: dict[str, Any], key: str) -> dict[str, Any]:
    value = schema.get(key)
    return value if isinstance(value, dict) else {}


def _sequence(schema: dict[str, Any], key: str) -> list[Any]:
    value = schema.get(key)
    return value if isinstance(value, list) else []


def _kind(schema: dict[str, Any], shallow: bool) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        real = [k for k in kind if k != "null"]
        return "null" if (shallow and "null" in kind) or not real else real[0]
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "additionalProperties" in schema or "required" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")):
        return "number"
    return "string"


def _merge(base: dict[str, Any], extra: Any) -> dict[str, Any]:
    """``base`` with ``extra``'s keywords (properties and required combined), for ``allOf`` and branches."""
    if not isinstance(extra, dict):
        return base
    merged = {**base, **extra}
    if isinstance(base.get("properties"), dict) and isinstance(extra.get("properties"), dict):
        merged["properties"] = {**base["properties"], **extra["properties"]}
    if isinstance(base.get("required"), list) and isinstance(extra.get("required"), list):
        merged["required"] = list(dict.fromkeys([*base["required"], *extra["required"]]))
    return merged


class _Builder:
    def __init__(self, root: Any, hints: Hints) -> None:
        self.root = root
        self.hints = hints

    def value(self, schema: Any, h: int, depth: int = 0, name: str = "", index: int | None = None) -> Any:
        schema = resolve(schema, self.root)
        if schema is True or schema is None or not isinstance(schema, dict):
            return string_value({}, field_words(name), self.hints, h, None) if schema is not False else None
        if depth > _MAX_DEPTH:
            return None
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self._enum(schema, h, name)
        for key in ("allOf", "anyOf", "oneOf", "not", "if"):
            if key in schema:
                return self._combined(schema, key, h, depth, name)
        kind = _kind(schema, depth > _SHALLOW)
        if kind == "object":
            return self._object(schema, h, depth)
        if kind == "array":
            return self._array(schema, h, depth, name)
        if kind in ("integer", "number"):
            return number_value(schema, field_words(name), h, kind == "integer", index)
        if kind == "boolean":
            return bool(h & 1)
        if kind == "null":
            return None
        return string_value(schema, field_words(name), self.hints, h, index)

    def _enum(self, schema: dict[str, Any], h: int, name: str) -> Any:
        members = schema["enum"]
        words = set(self.hints.words) | {n.lower() for n in self.hints.names}
        named = [m for m in members if isinstance(m, str) and (m.lower() in words or m in self.hints.names)]
        return named[0] if named else members[h % len(members)]

    def _combined(self, schema: dict[str, Any], key: str, h: int, depth: int, name: str) -> Any:
        rest = {k: v for k, v in schema.items() if k not in (key, "then", "else")}
        if key == "allOf":
            merged = rest
            for part in schema["allOf"]:
                merged = _merge(merged, resolve(part, self.root))
            candidates = [merged]
        elif key in ("anyOf", "oneOf"):
            branches = [resolve(b, self.root) for b in schema[key] if b is not False]
            if depth > _SHALLOW:  # deep: the simplest branch first (a null ends a recursion)
                branches.sort(key=lambda b: 0 if isinstance(b, dict) and b.get("type") == "null" else 1)
            else:
                branches.sort(key=lambda b: 1 if isinstance(b, dict) and b.get("type") == "null" else 0)
            candidates = [_merge(rest, b) for b in branches]
        elif key == "if":
            candidates = [_merge(_merge(rest, schema.get("if")), schema.get("then")), _merge(rest, schema.get("else"))]
        else:
            candidates = [rest]
        fallback = None
        for attempt in range(6):
            for candidate in candidates:
                value = self.value(candidate, h + attempt, depth, name)  # h + 1 flips a bool, moves an enum on
                if conforms(schema, value, self.root):
                    return value
                fallback = value if fallback is None else fallback
        return fallback

    def _object(self, schema: dict[str, Any], h: int, depth: int) -> dict[str, Any]:
        properties = _mapping(schema, "properties")
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        shallow = depth > _SHALLOW
        names = list(dict.fromkeys([*required, *([] if shallow else properties)]))
        extra = schema.get("additionalProperties", True)
        least = integer(schema, "minProperties") or 0
        if not properties and not required and extra is not False and not shallow:
            least = max(least, 2)  # a map (dict[str, int]): a couple of entries keyed by the prompt's words
        for word in [*self.hints.words, *(f"key{i}" for i in range(least))]:
            if len(names) >= least:
                break
            if word not in names and word not in properties:
                names.append(word)
        most = schema.get("maxProperties")
        if isinstance(most, int) and len(names) > most:
            names = list(dict.fromkeys([*required, *names]))[: max(most, len(required))]
        out = {}
        for i, key in enumerate(names):
            child = properties.get(key, extra if isinstance(extra, dict) else {"type": "string"})
            out[key] = self.value(child, stable_int(h, key, i), depth + 1, key)
        return out

    def _array(self, schema: dict[str, Any], h: int, depth: int, name: str) -> list[Any]:
        parts = field_words(name)
        asked = next((n for word, n in self.hints.counts.items() if word in parts or word.rstrip("s") in parts), None)
        wanted = asked if asked is not None else (3 if several(parts) else 2)
        low = integer(schema, "minItems") or 0
        high = integer(schema, "maxItems")
        prefix = _sequence(schema, "prefixItems")
        items = schema.get("items", True)
        if isinstance(items, list):  # draft-07 tuple form
            prefix, items = items, schema.get("additionalItems", True)
        count = low if depth > _SHALLOW else max(low, wanted)
        if high is not None:
            count = min(count, high)
        if items is False:
            count = min(count, len(prefix))
        count = max(count, min(len(prefix), high if high is not None else len(prefix)))
        out: list[Any] = []
        singular = name[:-1] if name.endswith("s") else name
        contains = schema.get("contains")
        if contains is not None:
            out.append(self.value(contains, h, depth + 1, singular))
        seen = {repr(v) for v in out}
        rejected = 0  # items left out as repeats of earlier ones (uniqueItems): the next try moves on
        while len(out) < count and rejected < count * 6 + 6:
            index = len(out)
            item_schema = prefix[index] if index < len(prefix) else items
            item = self.value(item_schema, stable_int(h, index, rejected), depth + 1, singular, index + rejected)
            if schema.get("uniqueItems") is True and repr(item) in seen:
                rejected += 1
                continue
            seen.add(repr(item))
            out.append(item)
        return out


def value_for(schema: Any, hints: Hints | str, h: int) -> Any:
    """A value that satisfies ``schema``, its fields filled from ``hints`` (or a prompt), chosen by ``h``."""
    if isinstance(hints, str):
        hints = hints_from(hints)
    return _Builder(schema, hints).value(schema, h)


def schema_in(text: str) -> dict[str, Any] | None:
    """The JSON Schema a prompt spells out for its answer (the last one, as format instructions put
    the real schema after an example), or None. Frameworks do this for JSON mode: langchain's
    output parsers, pydantic-ai's prompted output, instructor."""
    import json

    decoder = json.JSONDecoder()
    found = None
    start = text.find("{")
    while 0 <= start < len(text):
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            start = text.find("{", start + 1)
            continue
        if isinstance(value, dict) and ("properties" in value or value.get("type") == "object" or "$defs" in value):
            found = value
        start = text.find("{", end)
    return found
