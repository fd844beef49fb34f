"""Streaming chat over SSE: an async iterator of chunks or text deltas that knows how it ended.

It skips keep-alive comments, raises :class:`~openrouter_nb.errors.GenerationError` on a mid-stream
error chunk, raises :class:`~openrouter_nb.errors.APIConnectionError` when the stream ends before it
completed (never presenting a partial reply as whole), times out when only keep-alives arrive for
longer than the client's timeout, and closes the connection when the consumer stops early, which
cancels the generation (billing stops for providers that support cancellation).
"""

from __future__ import annotations

import json
import json.scanner
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from typing import TYPE_CHECKING, Any, Self

from .._core.display import LiveText, in_kernel
from .._core.sse import DONE
from .._core.wire import usage_cost
from ..errors import APIConnectionError, OpenRouterError, RateLimitError
from ..media import ImageResult, decode_images
from .error_mapping import make_generation_error, make_status_error
from .tools import ToolCall, ToolCallAccumulator, assistant_message

if TYPE_CHECKING:
    from .ledger import SpendLedger
    from .requester import Requester
    from .schemas import OutputSchema

__all__ = ["ChatStream", "RedactedStream", "show_stream"]

ROUTE = "/chat/completions"
_scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # C scanner: loads minus its checks


def _parse(data: bytes) -> dict[str, Any] | None:
    """One event's JSON object, or None for anything else (invalid JSON, a list, trailing junk)."""
    text = data.decode("utf-8", "replace")
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError):
        return None
    if end != len(text) and text[end:].strip():
        return None
    return value if type(value) is dict else None


_FIELDS = (
    "text",
    "usage",
    "cost",
    "model",
    "provider",
    "id",
    "finish_reason",
    "images",
    "keepalives",
    "completed",
    "reasoning",
    "tool_calls",
    "reasoning_details",
    "annotations",
    "native_finish_reason",
    "created",
    "parsed",
)


class _StreamState:
    """What a stream has received; shared by :class:`ChatStream` and its generator (no cycle)."""

    def __init__(self, max_pixels: int) -> None:
        self.max_pixels = max_pixels
        self.parts: list[str] = []
        self.usage: dict[str, Any] = {}
        self.cost: float | None = None
        self.model: str | None = None
        self.provider: str | None = None
        self.id: str | None = None
        self.finish_reason: str | None = None
        self.images: list[ImageResult] = []
        self.keepalives = 0
        self.completed = False
        self.last_usage_chunk: dict[str, Any] | None = None
        self.reasoning_parts: list[str] = []
        self.calls = ToolCallAccumulator()
        self.details: dict[tuple[Any, Any], dict[str, Any]] = {}  # reasoning blocks by (index, type), in order
        self.annotations: list[dict[str, Any]] = []
        self.native_finish_reason: str | None = None
        self.created: int | None = None
        self.parsed: Any = None

    @property
    def reasoning(self) -> str | None:
        return "".join(self.reasoning_parts) or None

    @property
    def tool_calls(self) -> list[ToolCall]:
        return self.calls.calls()

    @property
    def reasoning_details(self) -> list[dict[str, Any]]:
        return list(self.details.values())

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def absorb(self, chunk: dict[str, Any]) -> str:
        """Take in one chunk; return its text delta."""
        if self.id is None or self.model is None or self.provider is None:  # the first chunks name them
            for key in ("id", "model", "provider"):
                if isinstance(chunk.get(key), str):
                    setattr(self, key, chunk[key])
            if type(chunk.get("created")) is int:
                self.created = chunk["created"]
        if "usage" in chunk:
            usage = chunk["usage"]
            if isinstance(usage, dict):
                self.usage = usage
                self.cost = usage_cost(chunk)
                self.last_usage_chunk = chunk
        choices = chunk.get("choices")
        if type(choices) is not list or not choices:
            return ""
        choice = choices[0]
        if type(choice) is not dict:
            return ""
        delta_text = ""
        delta = choice.get("delta")
        if type(delta) is dict:
            content = delta.get("content")
            if type(content) is str and content:
                delta_text = content
                self.parts.append(content)
            if not delta.keys() <= _PLAIN:  # reasoning, tool calls, images, annotations: the rarer deltas
                self._absorb_extras(delta)
        finish = choice.get("finish_reason")
        if finish is not None and isinstance(finish, str):
            self.finish_reason = finish
            native = choice.get("native_finish_reason")
            self.native_finish_reason = native if isinstance(native, str) else self.native_finish_reason
        return delta_text

    def _absorb_extras(self, delta: dict[str, Any]) -> None:
        if isinstance(delta.get("reasoning"), str):
            self.reasoning_parts.append(delta["reasoning"])
        details = delta.get("reasoning_details")
        for detail in details if isinstance(details, list) else ():
            if isinstance(detail, dict):
                self._add_detail(detail)
        if isinstance(delta.get("annotations"), list):
            self.annotations += [a for a in delta["annotations"] if isinstance(a, dict)]
        if delta.get("tool_calls"):
            self.calls.add(delta["tool_calls"])
        if isinstance(delta.get("images"), list):
            self.images += decode_images({"images": delta["images"]}, max_pixels=self.max_pixels)

    def _add_detail(self, detail: dict[str, Any]) -> None:
        """One streamed piece of a reasoning block: a new block, or more of one already begun."""
        key = (detail.get("index", 0), detail.get("type"))
        block = self.details.get(key)
        if block is None:
            self.details[key] = dict(detail)
        else:
            _merge(block, detail)


_PIECES = ("text", "summary", "data")  # the parts of a reasoning block that arrive in pieces
_PLAIN = frozenset({"content", "role", "refusal"})  # what most deltas hold: the fast path reads only these


def _merge(block: dict[str, Any], piece: dict[str, Any]) -> None:
    """Add one streamed piece of a reasoning block to it: text appended, the other fields the latest."""
    for key, value in piece.items():
        if key in _PIECES and isinstance(value, str) and isinstance(block.get(key), str):
            block[key] += value
        elif value is not None:
            block[key] = value


class RedactedStream:
    """A streamed answer as an async iterator, for chat and ``/responses`` alike: each item from its
    generator (``_agen``), any error with the key masked (server text may echo it), and ``aclose()``
    or ``async with`` closing the connection at once, which cancels the generation."""

    _agen: AsyncGenerator[Any, None]
    _requester: Requester

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Any:
        try:
            return await self._agen.__anext__()
        except OpenRouterError as error:  # server text (a mid-stream error message) may echo the key
            self._requester.redact(error)
            raise

    async def aclose(self) -> None:
        """Stop: close the connection (cancelling the generation) if it is still open."""
        await self._agen.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class ChatStream(RedactedStream):
    """``async for`` over a streamed chat: parsed chunks (``stream_chat``) or text (``stream_text``).

    After (or during) iteration: ``text``, ``usage``, ``cost``, ``model``, ``provider``, ``id``, ``created``,
    ``finish_reason`` and ``native_finish_reason``, ``images``, ``keepalives``, ``completed``,
    ``reasoning`` (the reasoning deltas joined), ``reasoning_details`` (its blocks assembled from
    their pieces, encrypted ones included), ``annotations`` (URL citations …) and ``tool_calls``
    (assembled from their fragments, arguments parsed), and ``parsed`` (the validated answer, with
    ``schema=``); :meth:`as_message` is the reply as the next request's assistant message.
    Breaking out of the loop closes the connection soon after; ``async with`` (or ``aclose()``)
    closes it at once.
    """

    def __init__(
        self,
        requester: Requester,
        ledger: SpendLedger,
        body: dict[str, Any],
        what: str,
        *,
        text_only: bool,
        output: OutputSchema | None = None,
        check: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._body = body
        self._requester = requester
        self._state = _StreamState(requester.limits.image_pixels)
        # the generator holds the state, not this object: dropping the stream frees the generator at
        # once, and the loop's async-generator finalizer then closes the connection
        self._agen = _run(requester, ledger, body, what, text_only, self._state, output, check)

    def __getattr__(self, name: str) -> Any:
        if name in _FIELDS:
            return getattr(self._state, name)
        raise AttributeError(name)

    def __repr__(self) -> str:
        state = "completed" if self._state.completed else "open"
        return f"<ChatStream {self._body.get('model')!r} {state}, {len(self._state.text)} chars>"

    def as_message(self) -> dict[str, Any]:
        """The finished reply as the assistant message of the next request (reasoning blocks kept)."""
        state = self._state
        return assistant_message(state.text, state.calls.calls(), state.reasoning_details)

    async def collect(self) -> str:
        """Consume the whole stream and return its text."""
        try:
            async for _ in self._agen:
                pass
        except OpenRouterError as error:
            self._requester.redact(error)
            raise
        return self._state.text


class _WindowFull(Exception):
    """A rate limit met in the stream before anything of the answer came (the free tier's minute)."""

    def __init__(self, error: OpenRouterError) -> None:
        super().__init__(str(error))
        self.error = error


async def _run(
    requester: Requester,
    ledger: SpendLedger,
    body: dict[str, Any],
    what: str,
    text_only: bool,
    state: _StreamState,
    output: OutputSchema | None = None,
    check: Callable[[], Awaitable[None]] | None = None,
) -> AsyncGenerator[Any, None]:
    if check is not None:
        await check()  # refused before anything is sent
    waits = 0
    while True:
        try:
            async with aclosing(_one_stream(requester, ledger, body, what, text_only, state)) as attempt:
                async for item in attempt:  # closing this generator closes the connection at once
                    yield item
            break
        except _WindowFull as full:  # the window resets in a minute at most: wait it out and ask again
            limited = full.error
            if not isinstance(limited, RateLimitError) or not await requester.wait_out(limited, body["model"], waits):
                raise limited from None
            waits += 1
    if output is not None:
        state.parsed = output.parse(state.text, what)  # raises once the whole answer is in


async def _one_stream(
    requester: Requester, ledger: SpendLedger, body: dict[str, Any], what: str, text_only: bool, state: _StreamState
) -> AsyncGenerator[Any, None]:
    response = await requester.open_stream("POST", ROUTE, what, body=body)
    decoder = requester.decoder()
    done = False
    yielded = 0
    try:
        async for batch in requester.events(response, what, decoder):
            for data in batch:
                if data == DONE:
                    done = True
                    break
                chunk = _parse(data)
                if chunk is None:
                    continue  # not a JSON object: not an event this client knows
                if "error" in chunk and chunk["error"] is not None:
                    error = chunk["error"]
                    if not yielded and isinstance(error, dict) and error.get("code") == 429:
                        headers = {"date": response.headers.get("date", "")}
                        raise _WindowFull(make_status_error(what, 429, {"error": error}, headers))
                    state.absorb(chunk)
                    raise make_generation_error(what, error, state.text)
                delta = state.absorb(chunk)
                if text_only:
                    if delta:
                        yielded += 1
                        yield delta
                else:
                    yielded += 1
                    yield chunk
            if done:
                break
        if not done and not (state.finish_reason and state.usage):
            raise APIConnectionError(
                f"{what} failed: the stream ended before completion after {len(state.text)} characters "
                "(no [DONE]); the partial text is in .text, not a complete reply"
            )
        state.completed = True
    finally:
        state.keepalives = decoder.comments
        await response.aclose()
        if state.last_usage_chunk is not None:
            ledger.record("stream_chat", state.last_usage_chunk, model=state.model, provider=state.provider)


async def show_stream(stream: ChatStream) -> ChatStream:
    """Show a stream's text growing live: one output updated in place in Jupyter, stdout elsewhere.

    Returns the finished stream (``.text``, ``.usage``, ``.cost``)::

        stream = await show_stream(client.stream_text("openai/gpt-4o-mini", "A haiku about tea"))
    """
    live = LiveText("display" if in_kernel() else "stdout")
    try:
        async for delta in stream:
            if isinstance(delta, str):
                live.append(delta)
    finally:
        live.finish()
    return stream
