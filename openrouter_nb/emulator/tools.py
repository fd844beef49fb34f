"""Tool calls for the emulator's chat: when a reply calls a tool, and arguments that fit its schema.

A reply calls a tool when ``tool_choice`` requires one (``required`` or a named function), or when
it is ``auto`` (the default with tools) and the last user message names a tool, asks to use one,
or is about what a tool is for (a word of its name: "weather" for ``get_weather``). A reply to
tool results (the last message is a ``tool`` message) answers in text. Arguments are generated
from the function's JSON Schema: required properties always, values deterministic (enums take a
member, numbers respect their bounds, strings borrow the prompt's words).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .catalog import stable_int
from .protocol import obj

__all__ = ["arguments_for", "tool_calls_for"]

_ASKS = ("use the tool", "call the", "use a tool", "look up", "lookup", "check the", "search", "fetch", "get the")


#: the verbs tool names start with; the other words of a name say what the tool is about
_VERBS = frozenset({"get", "set", "fetch", "find", "list", "make", "do", "run", "the", "a", "of", "to", "for", "by"})


def _subject(name: Any) -> set[str]:
    """What a tool is about, from its name: ``get_current_weather`` → {"current", "weather"}."""
    parts = re.findall(r"[a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", str(name)).lower())
    return {part for part in parts if part not in _VERBS and len(part) > 2}


def _chosen(body: dict[str, Any], prompt: str) -> list[dict[str, Any]]:
    tools = [
        t["function"] for t in body.get("tools") or [] if isinstance(t, dict) and isinstance(t.get("function"), dict)
    ]
    choice = body.get("tool_choice", "auto")
    if not tools or choice == "none":
        return []
    if isinstance(choice, dict):
        name = obj(choice.get("function")).get("name")
        return [t for t in tools if t.get("name") == name][:1]
    lowered = prompt.lower()
    words = set(re.findall(r"[a-z0-9]+", lowered))
    named = [t for t in tools if t["name"].lower() in lowered or t["name"].lower().replace("_", " ") in lowered]
    named = named or [t for t in tools if _subject(t["name"]) & words]
    if choice == "required":
        return (named or tools)[: 1 if not body.get("parallel_tool_calls") else len(named) or 1]
    if named:
        return named if body.get("parallel_tool_calls", True) else named[:1]
    return tools[:1] if any(ask in lowered for ask in _ASKS) else []


def tool_calls_for(
    body: dict[str, Any], messages: list[dict[str, Any]], prompt: str, words: list[str], seed: Any
) -> list[dict[str, Any]]:
    """The tool calls a reply makes (``[]`` for a text reply)."""
    if messages and messages[-1].get("role") == "tool":
        return []  # the model has its results: it answers
    # proper nouns first (a city, a product, a person are what tools are asked about), then the rest
    names = [w.strip(".,!?;:'\"") for w in prompt.split()[1:] if w[:1].isupper() and w.strip(".,!?;:'\"").isalpha()]
    words = list(dict.fromkeys([*names, *words]))
    calls = []
    for i, function in enumerate(_chosen(body, prompt)):
        h = stable_int("tool", function["name"], prompt, seed, i)
        arguments = arguments_for(function.get("parameters") or {}, words, h)
        calls.append(
            {
                "id": f"call_{format(h, 'x')[:24]}",
                "type": "function",
                "function": {"name": function["name"], "arguments": json.dumps(arguments, ensure_ascii=False)},
            }
        )
    return calls


def arguments_for(schema: Any, words: list[str], h: int, depth: int = 0, name: str = "") -> Any:
    """A value that satisfies ``schema`` (the JSON Schema subset tools use), chosen by ``h``."""
    if not isinstance(schema, dict) or depth > 6:
        return None
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][h % len(schema["enum"])]
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return arguments_for(schema[key][0], words, h, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")  # a nullable type: give the value
    if kind == "object" or "properties" in schema:
        properties = obj(schema.get("properties"))
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        names = list(dict.fromkeys([*required, *properties]))
        return {
            key: arguments_for(properties.get(key, {"type": "string"}), words, h >> (i + 1), depth + 1, key)
            for i, key in enumerate(names)
        }
    if kind == "array":
        low = schema.get("minItems", 1) if isinstance(schema.get("minItems"), int) else 1
        return [
            arguments_for(schema.get("items", {"type": "string"}), words, h >> i, depth + 1) for i in range(max(1, low))
        ]
    if kind in ("integer", "number"):
        low_value = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        low = float(low_value) if isinstance(low_value, int | float) else 0.0
        high_value = schema.get("maximum", schema.get("exclusiveMaximum", low + 100))
        high = float(high_value) if isinstance(high_value, int | float) else low + 100
        value = low + (h % 1000) / 999 * (high - low)
        if "exclusiveMinimum" in schema and value <= low:
            value = low + (high - low) / 2
        return int(round(value)) if kind == "integer" else round(value, 2)
    if kind == "boolean":
        return bool(h & 1)
    if kind == "null":
        return None
    single = any(part in name.lower() for part in ("city", "location", "place", "country", "town", "name", "id"))
    text = (words[0] if single and words else " ".join(words[: 1 + h % 3])) or "value"  # the prompt's own words
    if isinstance(schema.get("maxLength"), int):
        text = text[: schema["maxLength"]]
    return text
