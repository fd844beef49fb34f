"""Tool calling: the calls a model makes, tool schemas from Python functions, and a loop that runs them.

``result.tool_calls`` (and ``stream.tool_calls``) are :class:`ToolCall` objects with the arguments
already parsed. :func:`run_tools` plays the whole exchange: it offers your Python functions as
tools, runs the ones the model calls, sends their results back, and returns the model's answer::

    def weather(city: str, unit: str = "C") -> dict:
        "Current weather in a city."
        return {"city": city, "temperature": 21, "unit": unit}

    answer = await orn.run_tools(client, "openai/gpt-4o-mini", "What's the weather in Porto?", [weather])
    answer.text, answer.steps   # the reply, and every call made on the way
"""

from __future__ import annotations

import inspect
import json
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._core.wire import as_dict

if TYPE_CHECKING:
    from .chat import ChatResult, Chats

__all__ = [
    "ToolCall",
    "ToolCallAccumulator",
    "ToolRun",
    "assistant_message",
    "parse_tool_calls",
    "run_tools",
    "tool_schema",
]


@dataclass
class ToolCall:
    """One function call a model asked for: ``name`` and parsed ``arguments`` (None when not JSON)."""

    id: str
    name: str
    arguments: dict[str, Any] | None
    raw_arguments: str

    def as_message_part(self) -> dict[str, Any]:
        """The call as it goes back into ``messages`` (in the assistant message that made it)."""
        return {"id": self.id, "type": "function", "function": {"name": self.name, "arguments": self.raw_arguments}}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _call(raw: Any) -> ToolCall | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("function"), dict):
        return None
    function = raw["function"]
    text = _text(function.get("arguments"))
    try:
        parsed = json.loads(text) if text else {}
    except ValueError:
        parsed = None
    return ToolCall(
        id=_text(raw.get("id")),
        name=_text(function.get("name")),
        arguments=parsed if isinstance(parsed, dict) else None,
        raw_arguments=text,
    )


def parse_tool_calls(raw: Any) -> list[ToolCall]:
    """The ``tool_calls`` of a message, parsed (malformed entries skipped)."""
    return [call for call in map(_call, raw if isinstance(raw, list) else []) if call is not None]


class ToolCallAccumulator:
    """Builds whole tool calls from a stream's fragments (``delta.tool_calls[index]``)."""

    def __init__(self) -> None:
        self._calls: dict[int, dict[str, Any]] = {}

    def add(self, fragments: Any) -> None:
        for fragment in fragments if isinstance(fragments, list) else ():
            if not isinstance(fragment, dict) or not isinstance(fragment.get("index"), int):
                continue
            call = self._calls.setdefault(fragment["index"], {"id": "", "function": {"name": "", "arguments": ""}})
            if isinstance(fragment.get("id"), str):
                call["id"] = fragment["id"]
            function = as_dict(fragment.get("function"))
            call["function"]["name"] += _text(function.get("name"))
            call["function"]["arguments"] += _text(function.get("arguments"))

    def calls(self) -> list[ToolCall]:
        return parse_tool_calls([self._calls[i] for i in sorted(self._calls)])


def assistant_message(text: str, tool_calls: list[ToolCall], reasoning_details: list[dict[str, Any]]) -> dict[str, Any]:
    """An assistant message for ``messages``: its text, the calls it made, and its reasoning blocks."""
    message: dict[str, Any] = {"role": "assistant", "content": text or (None if tool_calls else "")}
    if tool_calls:
        message["tool_calls"] = [call.as_message_part() for call in tool_calls]
    if reasoning_details:
        message["reasoning_details"] = reasoning_details
    return message


# -- tools from Python functions -------------------------------------------------------------------

_TYPES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    dict: {"type": "object"},
    list: {"type": "array"},
}


def _schema_of(annotation: Any) -> dict[str, Any]:
    if annotation in _TYPES:
        return dict(_TYPES[annotation])
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (list, Sequence, tuple) and args:
        return {"type": "array", "items": _schema_of(args[0])}
    if origin in (types.UnionType, typing.Union):
        kinds = [_schema_of(a) for a in args if a is not type(None)]
        return kinds[0] if len(kinds) == 1 else {"anyOf": kinds}
    return {}


def tool_schema(function: Callable[..., Any]) -> dict[str, Any]:
    """The ``tools`` entry for a Python function: its name, docstring and parameters from type hints.

    Parameters without a default are required; ``Literal[...]`` becomes an enum.
    """
    hints = typing.get_type_hints(function)
    properties, required = {}, []
    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        properties[name] = _schema_of(hints.get(name, str))
        if parameter.default is parameter.empty:
            required.append(name)
    return {
        "type": "function",
        "function": {
            "name": function.__name__,
            "description": inspect.getdoc(function) or function.__name__,
            "parameters": {"type": "object", "properties": properties, "required": required},
        },
    }


@dataclass
class ToolRun:
    """What :func:`run_tools` did: the final ``answer`` and every ``(call, result)`` on the way."""

    answer: ChatResult
    steps: list[tuple[ToolCall, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    rounds: list[ChatResult] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.answer.text

    @property
    def cost(self) -> float:
        """USD of every round of the exchange."""
        return round(sum(r.cost or 0.0 for r in self.rounds), 10)


async def run_tools(
    client: Chats,
    model: str,
    prompt: str | list[dict[str, Any]],
    functions: Sequence[Callable[..., Any]],
    *,
    max_rounds: int = 5,
    **fields: Any,
) -> ToolRun:
    """Let ``model`` call ``functions`` until it answers; return the answer and the calls it made.

    Each round sends the conversation with the functions as tools; every call the model makes is
    run (``async`` functions are awaited; an exception becomes an error result the model sees) and
    its result (JSON) goes back as a ``tool`` message. Stops when the model answers in text, or
    raises ``RuntimeError`` after ``max_rounds`` rounds of calls.
    """
    if not functions:
        raise ValueError("run_tools needs at least one function")
    by_name = {f.__name__: f for f in functions}
    tools = [tool_schema(f) for f in functions]
    messages = [{"role": "user", "content": prompt}] if isinstance(prompt, str) else list(prompt)
    run = ToolRun(answer=None)  # type: ignore[arg-type]
    for _ in range(max_rounds):
        result = await client.chat(model, messages=messages, tools=tools, **fields)
        run.rounds.append(result)
        if not result.tool_calls:
            run.answer, run.messages = result, messages
            return run
        messages = [*messages, result.as_message()]  # the calls, and a reasoning model's blocks with them
        for call in result.tool_calls:
            output = await _invoke(by_name.get(call.name), call)
            run.steps.append((call, output))
            messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(output, default=str)})
    raise RuntimeError(f"{model} still called tools after {max_rounds} rounds; raise max_rounds or check the tools")


async def _invoke(function: Callable[..., Any] | None, call: ToolCall) -> Any:
    if function is None:
        return {"error": f"no tool named {call.name!r}"}
    if call.arguments is None:
        return {"error": f"the arguments were not JSON: {call.raw_arguments[:200]}"}
    try:
        value = function(**call.arguments)
        return await value if inspect.isawaitable(value) else value
    except Exception as exc:  # the model sees the failure and may recover; nothing is hidden
        return {"error": f"{type(exc).__name__}: {exc}"}
