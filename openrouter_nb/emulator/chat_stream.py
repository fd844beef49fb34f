"""A chat reply as OpenRouter streams it: SSE chunks with keep-alive comments, then usage, then ``[DONE]``.

Order: a keep-alive, the role chunk, reasoning deltas (``reasoning`` and ``reasoning_details``),
content deltas word by word (images with the first) or tool-call deltas (the call's id and name,
then its arguments in fragments, keyed by ``index``), a finish chunk, a usage chunk and ``[DONE]``.
Shapes as recorded from the live service: every choice has ``logprobs: null``; on a reasoning
model every delta carries ``reasoning`` (null when it has none) and ``reasoning_details`` (``[]``);
the finish chunk's delta is ``{role, content: ""}`` and so is the usage chunk's one choice (with
``finish_reason: null``); one to three keep-alive comments a stream. Faults cut it half-way
(truncated, or an error chunk). A consumer that closes early cancels the generation, which is then
billed for what was sent.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from .protocol import KEEPALIVE, EmuResponse

if TYPE_CHECKING:
    from .chat import Reply
    from .core import EmulatorCore
    from .free_limits import RateLimited

__all__ = ["Delivery", "limited_stream", "pieces", "sse"]

_ERROR = {"code": 502, "message": "Provider disconnected", "metadata": {"error_type": "provider_unavailable"}}


def pieces(text: str, size: int = 0) -> list[str]:
    """``text`` as a stream sends it: word by word, or in ``size``-character fragments."""
    if size:
        return [text[i : i + size] for i in range(0, len(text), size)] or [""]
    return re.findall(r"\S+\s*", text) or [""]


def _reasoning_deltas(reply: Reply) -> list[dict[str, Any]]:
    """The reasoning as it streams: each block's text (or summary) in pieces, an encrypted block whole."""
    deltas: list[dict[str, Any]] = []
    for block in reply.reasoning_details:
        field_name = "summary" if block["type"] == "reasoning.summary" else "text"
        if field_name not in block:  # encrypted: it arrives in one piece
            deltas.append({"reasoning_details": [block]})
            continue
        head = {k: v for k, v in block.items() if k not in ("text", "summary", "signature")}
        for piece in pieces(block[field_name]):
            deltas.append({"reasoning": piece, "reasoning_details": [{**head, field_name: piece}]})
        if "signature" in block:  # the signature closes its block
            deltas.append({"reasoning_details": [{**head, field_name: "", "signature": block["signature"]}]})
    return deltas


class Delivery:
    """One stream's delivery, shared by chat and ``/responses``: its items paced as the service sends
    them (a keep-alive at most twice more, faults striking half-way), and its bill once it ends,
    however it ends (a consumer that leaves early pays for the share it was sent)."""

    def __init__(self, core: EmulatorCore, record: dict[str, Any]) -> None:
        self.core = core
        self.record = record
        self.sent = 0
        self.total = 0
        self.finished = False

    async def paced(self, items: list[Any], encode: Callable[[Any], bytes], *, strike: bool) -> AsyncIterator[bytes]:
        """``items``, each encoded as it leaves; only the first half when a fault ``strike``s."""
        self.total = len(items)
        cut = len(items) // 2 if strike else -1
        pause = max(16, len(items) // 2 + 1)
        for i, item in enumerate(items):
            if i == cut:
                break
            if i and i % pause == 0:
                yield KEEPALIVE
            if self.core.stream_chunk_delay:
                await asyncio.sleep(self.core.stream_chunk_delay)
            self.sent += 1
            yield encode(item)

    def settle(self, full_cost: float) -> None:
        """Bill the record: whole when the stream finished, else the share of it that was sent."""
        if not self.finished:
            self.core.streams_closed_early += 1
            self.record["cancelled"] = True
            ratio = self.sent / max(1, self.total)
            self.record["total_cost"] = self.record["usage"] = round(full_cost * ratio, 10)
        self.core.bill(self.record)


async def sse(
    core: EmulatorCore,
    base: dict[str, Any],
    reply: Reply,
    usage: dict[str, Any],
    record: dict[str, Any],
    kind: str | None,
    reasons: bool = False,
) -> AsyncIterator[bytes]:
    """The SSE body of ``reply`` (bills ``record`` when the stream ends, however it ends).

    ``reasons``: the model is a reasoning model (its deltas carry the reasoning fields, empty or not).
    """

    def event(choices: list[dict[str, Any]], **extra: Any) -> bytes:
        chunk = {**base, "object": "chat.completion.chunk", "choices": choices, **extra}
        return b"data: " + json.dumps(chunk, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"

    def choice(content: dict[str, Any], finish: str | None) -> dict[str, Any]:
        if reasons:
            content = {"reasoning": None, "reasoning_details": [], **content}
        return {"index": 0, "delta": content, "finish_reason": finish, "native_finish_reason": finish, "logprobs": None}

    def delta(content: dict[str, Any], finish: str | None = None) -> bytes:
        return event([choice(content, finish)])

    deltas: list[dict[str, Any]] = []
    if reply.reasoning and reply.show_reasoning:
        deltas += _reasoning_deltas(reply)
    for index, tool in enumerate(reply.tool_calls):
        head = {
            "index": index,
            "id": tool["id"],
            "type": "function",
            "function": {"name": tool["function"]["name"], "arguments": ""},
        }
        deltas.append({"tool_calls": [head]})
        for piece in pieces(tool["function"]["arguments"], 12):
            deltas.append({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    if not reply.tool_calls:
        for i, piece in enumerate(pieces(reply.text)):
            deltas.append({"content": piece, **({"images": reply.images} if reply.images and i == 0 else {})})
        if reply.annotations:  # the citations come once the text is out, as the service sends them
            deltas.append({"content": "", "annotations": reply.annotations})
    delivery = Delivery(core, record)
    try:
        yield KEEPALIVE
        yield delta({"role": "assistant", "content": ""})
        async for chunk in delivery.paced(deltas, delta, strike=kind in ("truncated_stream", "mid_stream_error")):
            yield chunk
        if kind == "truncated_stream":
            delivery.finished = True  # the connection just ends: no finish chunk, no [DONE]
            return
        if kind in ("mid_stream_error", "generation_error"):
            yield event([{**choice({"content": ""}, "error"), "native_finish_reason": None}], error=_ERROR)
            record["finish_reason"] = "error"
            delivery.finished = True
            return
        yield delta({"role": "assistant", "content": ""}, reply.finish)
        yield event([choice({"role": "assistant", "content": ""}, None)], usage=usage)
        yield b"data: [DONE]\n\n"
        delivery.finished = True
    finally:
        delivery.settle(usage["cost"])


def limited_stream(core: EmulatorCore, body: dict[str, Any], limited: RateLimited) -> EmuResponse:
    """A streamed request refused by a rate limit after the stream began: a keep-alive, then one chunk
    with the 429 in ``error`` (its ``X-RateLimit-*`` under ``metadata.headers``) and
    ``finish_reason: "error"``, and the stream ends. Nothing is billed."""
    gen_id, created = core.next_id("gen")
    chunk = {
        "id": gen_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": body.get("model"),
        "error": {"code": 429, "message": limited.message, "metadata": limited.metadata},
        "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error", "native_finish_reason": None}],
    }

    async def events() -> AsyncIterator[bytes]:
        yield KEEPALIVE
        yield b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n"

    return EmuResponse(200, {"content-type": "text/event-stream", "cache-control": "no-cache"}, stream=events())
