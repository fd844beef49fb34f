"""Tool calls for the emulator's chat: when a reply calls a tool, and arguments that fit its schema.

A reply calls a tool when ``tool_choice`` requires one (``required`` or a named function), or when
it is ``auto`` (the default with tools) and the last user message names a tool, asks to use one,
or is about what a tool is for (a word of its name: "weather" for ``get_weather``). A reply to
tool results (the last message is a ``tool`` message) answers in text. Arguments satisfy the
function's JSON Schema (``$ref``/``$defs``, nested objects and arrays, enums, bounds, formats: see
:mod:`.schema_values`), their values taken from the prompt where a field fits.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .catalog import stable_int
from .protocol import obj
from .schema_scalars import hints_from
from .schema_values import value_for

__all__ = ["tool_calls_for"]

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
    body: dict[str, Any], messages: list[dict[str, Any]], prompt: str, seed: Any
) -> list[dict[str, Any]]:
    """The tool calls a reply makes (``[]`` for a text reply)."""
    forced = body.get("tool_choice") == "required" or isinstance(body.get("tool_choice"), dict)
    if messages and messages[-1].get("role") == "tool" and not forced:
        return []  # the model has its results: it answers (unless tool_choice forces another call)
    hints = hints_from(prompt)  # a city, a product, a person named in the prompt fill the fields that fit
    calls = []
    for i, function in enumerate(_chosen(body, prompt)):
        h = stable_int("tool", function["name"], prompt, seed, i)
        parameters = function.get("parameters") or {"type": "object", "properties": {}}
        arguments = value_for(parameters, hints, h)
        calls.append(
            {
                "id": f"call_{format(h, 'x')[:24]}",
                "type": "function",
                "function": {"name": function["name"], "arguments": json.dumps(arguments, ensure_ascii=False)},
            }
        )
    return calls
