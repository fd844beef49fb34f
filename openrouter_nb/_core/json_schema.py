"""Whether a JSON value satisfies a JSON Schema, and if not, where and why.

The client checks a structured answer with it (``schema=`` given as a plain JSON Schema); the
emulator checks the answers it builds, and picks among ``anyOf`` and ``oneOf`` branches with it.
It imports nothing of the package (the emulator, which imports only itself, may use it).

It covers what OpenAI-style strict schemas, pydantic, zod and hand-written schemas use: ``type``
(and lists of types), ``enum``, ``const``, ``$ref`` into ``$defs`` or ``definitions``,
``properties``/``required``/``additionalProperties``/``min``/``maxProperties``,
``items``/``prefixItems``/``min``/``maxItems``/``uniqueItems``/``contains``, numeric bounds and
``multipleOf``, string lengths, ``pattern`` and common ``format``s, ``allOf``/``anyOf``/``oneOf``/
``not``. Keywords it does not know are ignored, as a validator must.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

__all__ = ["conforms", "resolve", "violation"]

_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}


def resolve(schema: Any, root: Any, seen: int = 0) -> Any:
    """``schema`` with a local ``$ref`` (``#/$defs/X``, ``#/definitions/X``, ``#``) replaced by its target,
    the ref's sibling keywords kept beside it."""
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 32:
        target: Any = root
        pointer = schema["$ref"]
        if not pointer.startswith("#"):
            return {k: v for k, v in schema.items() if k != "$ref"}  # a remote ref: nothing to follow offline
        for part in [p for p in pointer[1:].split("/") if p]:
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, dict) else None
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**target, **siblings} if isinstance(target, dict) and siblings else target
        seen += 1
    return schema


def _format_ok(fmt: str, value: str) -> bool:
    checks: dict[str, Callable[[], Any]] = {
        "date-time": lambda: datetime.fromisoformat(value.replace("Z", "+00:00")) and "T" in value.upper(),
        "date": lambda: date.fromisoformat(value) and len(value) == 10,
        "time": lambda: time.fromisoformat(value.replace("Z", "+00:00")),
        "email": lambda: re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value),
        "uri": lambda: re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", value),
        "uuid": lambda: uuid.UUID(value) and len(value) == 36,
        "ipv4": lambda: ipaddress.IPv4Address(value),
        "ipv6": lambda: ipaddress.IPv6Address(value),
        "hostname": lambda: re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9-]{1,63})*", value),
    }
    check = checks.get(fmt)
    if check is None:
        return True  # an unknown format annotates, it does not constrain
    try:
        return bool(check())
    except ValueError:
        return False


def _multiple(value: float, step: Any) -> bool:
    if not isinstance(step, int | float) or isinstance(step, bool) or step <= 0:
        return True
    if isinstance(step, float) or isinstance(value, float):
        quotient = value / step
        try:
            return int(quotient) == quotient  # the test validators use: exact in floating point
        except OverflowError:
            return False
    return value % step == 0


def _number_why(schema: dict[str, Any], value: float) -> str | None:
    bounds: tuple[tuple[str, str, Callable[[float], bool]], ...] = (
        ("minimum", "below the minimum", lambda b: value >= b),
        ("maximum", "above the maximum", lambda b: value <= b),
        ("exclusiveMinimum", "not above the exclusive minimum", lambda b: value > b),
        ("exclusiveMaximum", "not below the exclusive maximum", lambda b: value < b),
    )
    for key, words, ok in bounds:
        bound = schema.get(key)
        if isinstance(bound, int | float) and not isinstance(bound, bool) and not ok(bound):
            return f"{value!r} is {words} {bound!r}"
    if not _multiple(value, schema.get("multipleOf")):
        return f"{value!r} is not a multiple of {schema['multipleOf']!r}"
    return None


def _string_why(schema: dict[str, Any], value: str) -> str | None:
    if isinstance(schema.get("minLength"), int) and len(value) < schema["minLength"]:
        return f"{_short(value)} is shorter than {schema['minLength']} characters"
    if isinstance(schema.get("maxLength"), int) and len(value) > schema["maxLength"]:
        return f"{_short(value)} is longer than {schema['maxLength']} characters"
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            if re.search(pattern, value) is None:
                return f"{_short(value)} does not match {pattern!r}"
        except re.error:
            pass  # a pattern Python cannot read: not held against the value
    if isinstance(schema.get("format"), str) and not _format_ok(schema["format"], value):
        return f"{_short(value)} is not a {schema['format']}"
    return None


def _array_why(schema: dict[str, Any], value: list[Any], root: Any, depth: int, path: str) -> str | None:
    if isinstance(schema.get("minItems"), int) and len(value) < schema["minItems"]:
        return f"{len(value)} items, fewer than {schema['minItems']}"
    if isinstance(schema.get("maxItems"), int) and len(value) > schema["maxItems"]:
        return f"{len(value)} items, more than {schema['maxItems']}"
    if schema.get("uniqueItems") is True:
        keys = [repr(_canonical(v)) for v in value]
        if len(set(keys)) != len(keys):
            return "items repeat, and they must be unique"
    prefix: list[Any] = schema["prefixItems"] if isinstance(schema.get("prefixItems"), list) else []
    items = schema.get("items")
    if isinstance(items, list):  # draft-07 tuples
        prefix, items = items, schema.get("additionalItems", True)
    for i, item in enumerate(value):
        item_schema = prefix[i] if i < len(prefix) else items
        if item_schema is not None:
            why = _why(item_schema, item, root, depth + 1, f"{path}/{i}")
            if why is not None:
                return why
    contains = schema.get("contains")
    if contains is not None:
        found = sum(1 for item in value if _why(contains, item, root, depth + 1, path) is None)
        least = schema.get("minContains", 1) if isinstance(schema.get("minContains", 1), int) else 1
        if found < least:
            return f"{found} items match 'contains', fewer than {least}"
    return None


def _object_why(schema: dict[str, Any], value: dict[str, Any], root: Any, depth: int, path: str) -> str | None:
    required = schema.get("required")
    missing = [k for k in required if isinstance(k, str) and k not in value] if isinstance(required, list) else []
    if missing:
        return f"{missing[0]!r} is required and missing"
    if isinstance(schema.get("minProperties"), int) and len(value) < schema["minProperties"]:
        return f"{len(value)} properties, fewer than {schema['minProperties']}"
    if isinstance(schema.get("maxProperties"), int) and len(value) > schema["maxProperties"]:
        return f"{len(value)} properties, more than {schema['maxProperties']}"
    properties: dict[str, Any] = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key not in properties and extra is False:
            return f"{key!r} is not a property the schema allows"
        why = _why(properties.get(key, extra), item, root, depth + 1, f"{path}/{key}")
        if why is not None:
            return why
    names = schema.get("propertyNames")
    for key in value if names is not None else ():
        if _why(names, key, root, depth + 1, path) is not None:
            return f"the property name {key!r} is not allowed"
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, bool):
        return ("bool", value)
    return float(value) if isinstance(value, int | float) else value


def _equal(a: Any, b: Any) -> bool:
    return bool(_canonical(a) == _canonical(b))


def _combined_why(schema: dict[str, Any], value: Any, root: Any, depth: int, path: str) -> str | None:
    for part in schema["allOf"] if isinstance(schema.get("allOf"), list) else ():
        why = _why(part, value, root, depth + 1, path)
        if why is not None:
            return why
    where = path or "/"
    if isinstance(schema.get("anyOf"), list):
        if all(_why(s, value, root, depth + 1, path) is not None for s in schema["anyOf"]):
            return f"{where}: {_short(value)} matches none of the anyOf choices"
    if isinstance(schema.get("oneOf"), list):
        matched = sum(1 for s in schema["oneOf"] if _why(s, value, root, depth + 1, path) is None)
        if matched != 1:
            return f"{where}: {_short(value)} matches {matched} of the oneOf choices, not exactly one"
    if "not" in schema and _why(schema["not"], value, root, depth + 1, path) is None:
        return f"{where}: {_short(value)} matches what 'not' forbids"
    return None


def _why(schema: Any, value: Any, root: Any, depth: int, path: str) -> str | None:
    """Why ``value`` (at ``path``) breaks ``schema``, or None when it satisfies it."""
    schema = resolve(schema, root)
    if schema is True or schema is None or depth > 64:
        return None
    if schema is False or not isinstance(schema, dict):
        return None if schema is not False else f"{path or '/'}: no value is allowed here"
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []
    why: str | None = None
    if kinds and not any(_TYPES.get(k, lambda v: True)(value) for k in kinds):
        why = f"{_short(value)} is not of type {' or '.join(map(str, kinds))}"
    elif "const" in schema and not _equal(schema["const"], value):
        why = f"{_short(value)} is not {schema['const']!r}"
    elif isinstance(schema.get("enum"), list) and not any(_equal(member, value) for member in schema["enum"]):
        why = f"{_short(value)} is not one of {schema['enum']!r}"
    elif isinstance(value, int | float) and not isinstance(value, bool):
        why = _number_why(schema, value)
    elif isinstance(value, str):
        why = _string_why(schema, value)
    if why is not None:
        return f"{path or '/'}: {why}"
    if isinstance(value, list):
        why = _array_why(schema, value, root, depth, path)
    elif isinstance(value, dict):
        why = _object_why(schema, value, root, depth, path)
    if why is not None:
        return why if why.startswith("/") else f"{path or '/'}: {why}"
    return _combined_why(schema, value, root, depth, path)


def violation(schema: Any, value: Any) -> str | None:
    """Where and why ``value`` breaks ``schema`` (``"/forecast/0/high: 70 is above the maximum 50"``),
    or None when it satisfies it."""
    return _why(schema, value, schema, 0, "")


def conforms(schema: Any, value: Any, root: Any = None, depth: int = 0) -> bool:
    """Whether ``value`` satisfies ``schema`` (``root`` is the document ``$ref``s point into)."""
    return _why(schema, value, schema if root is None else root, depth, "") is None
