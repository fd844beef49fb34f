"""Whether a JSON value satisfies a JSON Schema: the subset structured outputs and tools use.

The emulator answers a ``json_schema`` request (and fills tool arguments) with a value it builds
(:mod:`.schema_values`); this checks the value before it is sent, and picks among ``anyOf`` and
``oneOf`` branches. It covers what OpenAI-style strict schemas, pydantic, zod and hand-written
schemas use: ``type`` (and lists of types), ``enum``, ``const``, ``$ref`` into ``$defs`` or
``definitions``, ``properties``/``required``/``additionalProperties``/``min``/``maxProperties``,
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

__all__ = ["conforms", "resolve"]

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


def _number_ok(schema: dict[str, Any], value: float) -> bool:
    bounds: tuple[tuple[str, Callable[[float], bool]], ...] = (
        ("minimum", lambda b: value >= b),
        ("maximum", lambda b: value <= b),
        ("exclusiveMinimum", lambda b: value > b),
        ("exclusiveMaximum", lambda b: value < b),
    )
    for key, ok in bounds:
        bound = schema.get(key)
        if isinstance(bound, int | float) and not isinstance(bound, bool) and not ok(bound):
            return False
    return _multiple(value, schema.get("multipleOf"))


def _string_ok(schema: dict[str, Any], value: str) -> bool:
    if isinstance(schema.get("minLength"), int) and len(value) < schema["minLength"]:
        return False
    if isinstance(schema.get("maxLength"), int) and len(value) > schema["maxLength"]:
        return False
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            if re.search(pattern, value) is None:
                return False
        except re.error:
            pass  # a pattern Python cannot read: not held against the value
    return not isinstance(schema.get("format"), str) or _format_ok(schema["format"], value)


def _array_ok(schema: dict[str, Any], value: list[Any], root: Any, depth: int) -> bool:
    if isinstance(schema.get("minItems"), int) and len(value) < schema["minItems"]:
        return False
    if isinstance(schema.get("maxItems"), int) and len(value) > schema["maxItems"]:
        return False
    if schema.get("uniqueItems") is True:
        keys = [repr(_canonical(v)) for v in value]
        if len(set(keys)) != len(keys):
            return False
    prefix: list[Any] = schema["prefixItems"] if isinstance(schema.get("prefixItems"), list) else []
    for item, item_schema in zip(value, prefix, strict=False):
        if not conforms(item_schema, item, root, depth + 1):
            return False
    rest = value[len(prefix) :]
    items = schema.get("items")
    if isinstance(items, list):  # draft-07 tuples
        rest = value[len(items) :]
        if not all(conforms(s, v, root, depth + 1) for v, s in zip(value, items, strict=False)):
            return False
        items = schema.get("additionalItems", True)
    if items is not None and not all(conforms(items, item, root, depth + 1) for item in rest):
        return False
    contains = schema.get("contains")
    if contains is not None:
        found = sum(1 for item in value if conforms(contains, item, root, depth + 1))
        least = schema.get("minContains", 1) if isinstance(schema.get("minContains", 1), int) else 1
        if found < least:
            return False
    return True


def _object_ok(schema: dict[str, Any], value: dict[str, Any], root: Any, depth: int) -> bool:
    required = schema.get("required")
    if isinstance(required, list) and any(isinstance(k, str) and k not in value for k in required):
        return False
    if isinstance(schema.get("minProperties"), int) and len(value) < schema["minProperties"]:
        return False
    if isinstance(schema.get("maxProperties"), int) and len(value) > schema["maxProperties"]:
        return False
    properties: dict[str, Any] = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in properties:
            if not conforms(properties[key], item, root, depth + 1):
                return False
        elif not conforms(extra, item, root, depth + 1):
            return False
    names = schema.get("propertyNames")
    return names is None or all(conforms(names, key, root, depth + 1) for key in value)


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


def conforms(schema: Any, value: Any, root: Any = None, depth: int = 0) -> bool:
    """Whether ``value`` satisfies ``schema`` (``root`` is the document ``$ref``s point into)."""
    root = schema if root is None else root
    schema = resolve(schema, root)
    if schema is True or schema is None or depth > 64:
        return True
    if schema is False or not isinstance(schema, dict):
        return schema is not False
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []
    if kinds and not any(_TYPES.get(k, lambda v: True)(value) for k in kinds):
        return False
    if "const" in schema and not _equal(schema["const"], value):
        return False
    if isinstance(schema.get("enum"), list) and not any(_equal(member, value) for member in schema["enum"]):
        return False
    if isinstance(value, int | float) and not isinstance(value, bool) and not _number_ok(schema, value):
        return False
    if isinstance(value, str) and not _string_ok(schema, value):
        return False
    if isinstance(value, list) and not _array_ok(schema, value, root, depth):
        return False
    if isinstance(value, dict) and not _object_ok(schema, value, root, depth):
        return False
    if isinstance(schema.get("allOf"), list) and not all(conforms(s, value, root, depth + 1) for s in schema["allOf"]):
        return False
    if isinstance(schema.get("anyOf"), list) and not any(conforms(s, value, root, depth + 1) for s in schema["anyOf"]):
        return False
    if isinstance(schema.get("oneOf"), list):
        if sum(1 for s in schema["oneOf"] if conforms(s, value, root, depth + 1)) != 1:
            return False
    return "not" not in schema or not conforms(schema["not"], value, root, depth + 1)
