"""The Responses API: ``client.respond`` and ``client.stream_respond`` speak ``POST /responses``.

A response is a list of output items (``reasoning``, ``message``, ``function_call`` …);
:class:`ResponseResult` reads them: ``text`` joins the ``output_text`` parts of the message items
(the service's own top-level ``output_text`` is often empty), ``reasoning`` the reasoning text and
summaries, ``tool_calls`` the function calls (``id`` is the item's ``call_id``, the one a
``function_call_output`` answers). Both calls take the one request path (retries, limits, budget)
and are recorded in the ledger with their usage breakdown (cached input tokens, reasoning tokens).
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._core.sse import DONE
from .._core.wire import as_dict, as_list, require_text, usage_cost
from ..errors import APIConnectionError, APIResponseError
from .error_mapping import make_generation_error
from .schemas import Catalog, OutputSchema, check_structured, with_schema
from .streaming import RedactedStream
from .tools import ToolCall, parse_tool_calls, tool_schema

if TYPE_CHECKING:
    from .ledger import SpendLedger
    from .requester import Requester

__all__ = ["ResponseResult", "ResponseStream", "Responses", "chat_usage", "response_result"]

ROUTE = "/responses"


@dataclass
class ResponseResult:
    """A response of ``/responses``: its text, reasoning, tool calls, output items, usage and cost.

    ``parsed`` holds the validated answer with ``schema=``; ``raw`` the payload as it came.
    """

    text: str
    reasoning: str | None
    tool_calls: list[ToolCall]
    output: list[dict[str, Any]]
    usage: dict[str, Any]
    cost: float | None
    id: str | None
    model: str | None
    status: str | None
    raw: dict[str, Any]
    created: int | None = None
    parsed: Any = None

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        cost = "n/a" if self.cost is None else f"${self.cost:.6f}"
        preview = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        calls = f", {len(self.tool_calls)} tool call(s)" if self.tool_calls else ""
        return f"<ResponseResult {self.model} {self.status}: {preview!r} ({cost}{calls})>"


def _joined(parts: list[str]) -> str | None:
    return "\n".join(p for p in parts if p) or None


def response_result(payload: Any, what: str) -> ResponseResult:
    """Read a ``/responses`` payload; a ``failed`` response raises ``GenerationError``."""
    if not isinstance(payload, dict) or not isinstance(payload.get("output"), list):
        raise APIResponseError(f"{what} failed: the response has no output items")
    items = [item for item in payload["output"] if isinstance(item, dict)]
    texts, thoughts, calls = [], [], []
    for item in items:
        if item.get("type") == "message":
            texts += [
                p.get("text", "") for p in as_list(item.get("content")) if as_dict(p).get("type") == "output_text"
            ]
        elif item.get("type") == "reasoning":
            parts = [*as_list(item.get("summary")), *as_list(item.get("content"))]
            thoughts += [p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str)]
        elif item.get("type") == "function_call":
            calls.append(
                {"id": item.get("call_id"), "function": {"name": item.get("name"), "arguments": item.get("arguments")}}
            )
    text = "".join(t for t in texts if isinstance(t, str))
    if payload.get("status") == "failed":
        raise make_generation_error(what, payload.get("error") or "the response failed", text)
    created = payload.get("created_at")
    return ResponseResult(
        text=text,
        reasoning=_joined(thoughts),
        tool_calls=parse_tool_calls(calls),
        output=items,
        usage=as_dict(payload.get("usage")),
        cost=usage_cost(payload),
        id=payload.get("id") if isinstance(payload.get("id"), str) else None,
        model=payload.get("model") if isinstance(payload.get("model"), str) else None,
        status=payload.get("status") if isinstance(payload.get("status"), str) else None,
        raw=payload,
        created=created if type(created) is int else None,
    )


def chat_usage(usage: Any) -> dict[str, Any]:
    """A Responses ``usage`` in the chat shape the ledger reads (tokens, their details, the cost)."""
    usage = as_dict(usage)
    details = as_dict(usage.get("cost_details"))
    return {
        "prompt_tokens": usage.get("input_tokens"),
        "completion_tokens": usage.get("output_tokens"),
        "total_tokens": usage.get("total_tokens"),
        "cost": usage.get("cost"),
        "is_byok": usage.get("is_byok"),
        "prompt_tokens_details": {"cached_tokens": as_dict(usage.get("input_tokens_details")).get("cached_tokens")},
        "completion_tokens_details": {
            "reasoning_tokens": as_dict(usage.get("output_tokens_details")).get("reasoning_tokens")
        },
        "cost_details": {"upstream_inference_cost": details.get("upstream_inference_cost")},
    }


def _tool(tool: Any) -> Any:
    """A tool as ``/responses`` takes it: a Python function or a chat-style entry becomes a flat function tool."""
    if callable(tool) and not isinstance(tool, dict):
        tool = tool_schema(tool)
    if isinstance(tool, dict) and tool.get("type") == "function" and isinstance(tool.get("function"), dict):
        return {"type": "function", **tool["function"]}
    return tool


class Responses:
    """The Responses calls of a client: one request path, one ledger."""

    def __init__(self, requester: Requester, ledger: SpendLedger, catalog: Catalog | None = None) -> None:
        self._requester = requester
        self._ledger = ledger
        self._catalog = catalog

    def _body(
        self, model: str, input: Any, schema: Any, fields: dict[str, Any]
    ) -> tuple[dict[str, Any], OutputSchema | None]:
        require_text(model, "model")
        if not (isinstance(input, str) and input.strip()) and not (isinstance(input, list) and input):
            raise ValueError("input must be a non-empty string or a non-empty list of input items")
        output = OutputSchema.of(schema) if schema is not None else None
        if output is not None:
            fields = with_schema(fields, output, "responses")
        if fields.get("tools") is not None:
            fields = {**fields, "tools": [_tool(t) for t in fields["tools"]]}
        fields = {k: v for k, v in fields.items() if k != "stream"}
        return {"model": model, "input": input, **fields}, output

    async def respond(
        self, /, model: str, input: str | list[dict[str, Any]], *, schema: Any = None, **fields: Any
    ) -> ResponseResult:
        """``POST /responses``: ``input`` a string or a list of input items, plus any field of the API
        (``instructions``, ``tools`` (Python functions too, through :func:`~openrouter_nb.tool_schema`),
        ``tool_choice``, ``reasoning``, ``max_output_tokens``, ``text``, ``plugins``, ``provider`` …).

        ``schema`` (as for :meth:`~openrouter_nb.OpenRouterClient.chat`) asks for JSON that fits it
        (``text.format``) and puts the validated answer in ``.parsed``.
        """
        body, output = self._body(model, input, schema, fields)
        if output is not None:
            await check_structured(self._catalog, model)
        what = f"response from {model!r}"
        payload = await self._requester.json("POST", ROUTE, what, body=body)
        if isinstance(payload, dict):
            self._ledger.record("respond", {**payload, "usage": chat_usage(payload.get("usage"))}, model=model)
        with self._requester.redacting():
            result = response_result(payload, what)
            if output is not None:
                result.parsed = output.parse(result.text, what)
        return result

    def stream_respond(
        self, /, model: str, input: str | list[dict[str, Any]], *, schema: Any = None, **fields: Any
    ) -> ResponseStream:
        """Stream a response: ``async for delta in client.stream_respond(...)`` yields text deltas; after
        the loop the stream has the accessors of a :class:`ResponseResult` (``text``, ``reasoning``,
        ``tool_calls``, ``output``, ``usage``, ``cost``, ``parsed`` …)."""
        body, output = self._body(model, input, schema, fields)
        check = (lambda: check_structured(self._catalog, model)) if output is not None else None
        return ResponseStream(
            self._requester, self._ledger, {**body, "stream": True}, f"streamed response from {model!r}", output, check
        )


@dataclass
class _State:
    """What a response stream has received."""

    parts: list[str] = field(default_factory=list)
    thoughts: list[str] = field(default_factory=list)
    items: dict[int, dict[str, Any]] = field(default_factory=dict)
    final: dict[str, Any] | None = None
    envelope: dict[str, Any] = field(default_factory=dict)
    result: ResponseResult | None = None
    parsed: Any = None
    completed: bool = False


class ResponseStream(RedactedStream):
    """``async for delta in stream`` over a streamed response; afterwards the response's accessors.

    Keep-alive comments are skipped; an ``error`` event (or ``response.failed``) raises
    ``GenerationError`` with the text so far in ``.partial_text``; a stream that ends before its
    ``response.completed`` raises rather than passing off a partial answer. ``async with`` (or
    ``aclose()``) closes the connection at once, which cancels the generation.
    """

    def __init__(
        self,
        requester: Requester,
        ledger: SpendLedger,
        body: dict[str, Any],
        what: str,
        output: OutputSchema | None,
        check: Callable[[], Any] | None,
    ) -> None:
        self._requester = requester
        self._state = _State()
        self._agen = _run(requester, ledger, body, what, self._state, output, check)

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__.get("_state")
        if state is not None and name in ("text", "reasoning"):
            return "".join(state.parts) if name == "text" else _joined(["".join(state.thoughts)])
        if state is not None and name in ("parsed", "completed"):
            return getattr(state, name)
        if state is not None and state.result is not None and name in ResponseResult.__dataclass_fields__:
            return getattr(state.result, name)
        if name in ResponseResult.__dataclass_fields__:
            return None  # not known until the stream completes
        raise AttributeError(name)

    async def collect(self) -> str:
        """Consume the whole stream and return its text."""
        async for _ in self:
            pass
        return "".join(self._state.parts)


def _absorb(state: _State, event: dict[str, Any], what: str) -> str:
    """Take in one event; return its text delta (``""`` for the others)."""
    kind = event.get("type")
    if kind == "response.output_text.delta" and isinstance(event.get("delta"), str):
        state.parts.append(event["delta"])
        return str(event["delta"])
    if kind in ("response.reasoning_text.delta", "response.reasoning_summary_text.delta") and isinstance(
        event.get("delta"), str
    ):
        state.thoughts.append(event["delta"])
    elif kind in ("response.output_item.added", "response.output_item.done") and isinstance(event.get("item"), dict):
        state.items[event.get("output_index", len(state.items))] = event["item"]
    elif kind in ("response.created", "response.in_progress") and isinstance(event.get("response"), dict):
        state.envelope = event["response"]
    elif kind in ("response.completed", "response.incomplete", "response.failed") and isinstance(
        event.get("response"), dict
    ):
        state.final = event["response"]
    elif kind == "error":
        raise make_generation_error(what, event, "".join(state.parts))
    return ""


async def _run(
    requester: Requester,
    ledger: SpendLedger,
    body: dict[str, Any],
    what: str,
    state: _State,
    output: OutputSchema | None,
    check: Callable[[], Any] | None,
) -> AsyncGenerator[str, None]:
    if check is not None:
        await check()  # refused before anything is sent
    response = await requester.open_stream("POST", ROUTE, what, body=body)
    decoder = requester.decoder()
    try:
        async for batch in requester.events(response, what, decoder):
            for data in batch:
                if data == DONE:
                    break
                try:
                    event = json.loads(data)
                except ValueError:
                    continue  # not an event this client knows
                if isinstance(event, dict):
                    delta = _absorb(state, event, what)
                    if delta:
                        yield delta
            if state.final is not None:
                break
        if state.final is None:
            raise APIConnectionError(
                f"{what} failed: the stream ended before response.completed after {len(''.join(state.parts))} "
                "characters; the partial text is in .text, not a complete answer"
            )
        state.result = response_result(state.final, what)
        state.completed = True
        if output is not None:
            state.parsed = output.parse(state.result.text, what)
    finally:
        await response.aclose()
        if state.final is not None:
            ledger.record(
                "stream_respond", {**state.final, "usage": chat_usage(state.final.get("usage"))}, model=body["model"]
            )
