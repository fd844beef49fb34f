"""A response as OpenRouter streams it on ``/responses``: typed events, each with a ``sequence_number``.

Order: ``response.created`` and ``response.in_progress`` (the envelope, no output yet); per output
item ``response.output_item.added``, then its content: a reasoning item's
``response.reasoning_text.delta``/``.done``, a message's ``response.content_part.added``,
``response.output_text.delta``... ``response.output_text.done``, ``response.content_part.done``,
a function call's ``response.function_call_arguments.delta``/``.done``; then
``response.output_item.done`` with the whole item; finally ``response.completed`` (or
``response.incomplete`` when ``max_output_tokens`` cut it) with the whole response, and
``data: [DONE]``. Keep-alive comments (``: OPENROUTER PROCESSING``), one to three a stream. A
mid-stream failure is an ``error`` event and ``response.failed``; a truncated stream just ends.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from .chat_stream import Delivery, pieces
from .protocol import KEEPALIVE

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["response_events"]


def _item_events(index: int, item: dict[str, Any]) -> list[dict[str, Any]]:
    """The events of one output item, from its ``added`` to its ``done``."""
    at = {"output_index": index, "item_id": item["id"]}
    kind = item["type"]
    if kind == "message":
        opened = {**item, "content": [], "status": "in_progress"}
    elif kind == "reasoning":
        opened = {**item, "content": [], "summary": [], "status": "in_progress"}
    else:
        opened = {**item, "arguments": "", "status": "in_progress"}
    events: list[dict[str, Any]] = [{"type": "response.output_item.added", "output_index": index, "item": opened}]
    if kind == "message":
        for content_index, part in enumerate(item["content"]):
            where = {**at, "content_index": content_index}
            events.append({"type": "response.content_part.added", **where, "part": {**part, "text": ""}})
            events += [
                {"type": "response.output_text.delta", **where, "delta": piece, "logprobs": []}
                for piece in pieces(part["text"])
            ]
            events.append({"type": "response.output_text.done", **where, "text": part["text"], "logprobs": []})
            events.append({"type": "response.content_part.done", **where, "part": part})
    elif kind == "reasoning":
        for content_index, part in enumerate(item["content"]):
            where = {**at, "content_index": content_index}
            events += [
                {"type": "response.reasoning_text.delta", **where, "delta": piece} for piece in pieces(part["text"])
            ]
            events.append({"type": "response.reasoning_text.done", **where, "text": part["text"]})
    else:
        events += [
            {"type": "response.function_call_arguments.delta", **at, "delta": piece}
            for piece in pieces(item["arguments"], 12)
        ]
        events.append(
            {
                "type": "response.function_call_arguments.done",
                **at,
                "name": item["name"],
                "arguments": item["arguments"],
            }
        )
    events.append({"type": "response.output_item.done", "output_index": index, "item": item})
    return events


async def response_events(
    core: EmulatorCore, envelope: dict[str, Any], final: dict[str, Any], record: dict[str, Any], kind: str | None
) -> AsyncIterator[bytes]:
    """The SSE body of a response (bills ``record`` when the stream ends, however it ends)."""
    sequence = 0

    def event(payload: dict[str, Any]) -> bytes:
        nonlocal sequence
        data = json.dumps({**payload, "sequence_number": sequence}, ensure_ascii=False, separators=(",", ":"))
        sequence += 1
        return b"data: " + data.encode() + b"\n\n"

    body = [event_ for index, item in enumerate(final["output"]) for event_ in _item_events(index, item)]
    delivery = Delivery(core, record)
    try:
        yield KEEPALIVE
        yield event({"type": "response.created", "response": envelope})
        yield event({"type": "response.in_progress", "response": envelope})
        strike = kind in ("truncated_stream", "mid_stream_error", "generation_error")
        async for chunk in delivery.paced(body, event, strike=strike):
            yield chunk
        if kind == "truncated_stream":
            delivery.finished = True  # the connection just ends: no completion, no [DONE]
            return
        if kind in ("mid_stream_error", "generation_error"):
            error = {"code": "server_error", "message": "Provider disconnected"}
            yield event({"type": "error", **error, "param": None})
            failed = {**envelope, "status": "failed", "error": error, "usage": final["usage"]}
            yield event({"type": "response.failed", "response": failed})
            record["finish_reason"] = "error"
            delivery.finished = True
            return
        done = "response.incomplete" if final["status"] == "incomplete" else "response.completed"
        yield event({"type": done, "response": final})
        yield b"data: [DONE]\n\n"
        delivery.finished = True
    finally:
        delivery.settle(record["total_cost"])
