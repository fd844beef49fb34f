"""Streaming chat over SSE: an async iterator of chunks or text deltas that knows how it ended.

It skips keep-alive comments, raises :class:`~openrouter_nb.errors.GenerationError` on a mid-stream
error chunk, raises :class:`~openrouter_nb.errors.APIConnectionError` when the stream ends before it
completed (never presenting a partial reply as whole), times out when only keep-alives arrive for
longer than the client's timeout, and closes the connection when the consumer stops early, which
cancels the generation (billing stops for providers that support cancellation).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any

import httpx

from .errors import APIConnectionError, APIResponseError, APITimeoutError, GenerationError
from .results import ImageResult, decode_images
from .sse import SSEParser

if TYPE_CHECKING:
    from ._base import ClientBase

__all__ = ["ChatStream"]


class _StreamState:
    """What a stream has received; shared by :class:`ChatStream` and its generator (no cycle)."""

    def __init__(self) -> None:
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

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def absorb(self, chunk: dict[str, Any]) -> str:
        for key in ("id", "model", "provider"):
            if isinstance(chunk.get(key), str):
                setattr(self, key, chunk[key])
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            self.usage = usage
            cost = usage.get("cost")
            self.cost = float(cost) if isinstance(cost, int | float) and not isinstance(cost, bool) else None
        delta_text = ""
        choices = chunk.get("choices")
        if isinstance(choices, list) and choices and isinstance(choices[0], dict):
            choice = choices[0]
            delta = choice.get("delta")
            if isinstance(delta, dict):
                content = delta.get("content")
                if isinstance(content, str):
                    delta_text = content
                if isinstance(delta.get("images"), list):
                    self.images += decode_images({"images": delta["images"]})
            if isinstance(choice.get("finish_reason"), str):
                self.finish_reason = choice["finish_reason"]
        if delta_text:
            self.parts.append(delta_text)
        return delta_text


class ChatStream:
    """``async for`` over a streamed chat: parsed chunks (``stream_chat``) or text (``stream_text``).

    After (or during) iteration: ``text``, ``usage``, ``cost``, ``model``, ``provider``, ``id``,
    ``finish_reason``, ``images``, ``keepalives`` and ``completed``. Breaking out of the loop closes
    the connection soon after; ``async with`` (or ``aclose()``) closes it at once.
    """

    def __init__(self, client: ClientBase, body: dict[str, Any], what: str, *, text_only: bool) -> None:
        self._body = body
        self._state = _StreamState()
        # the generator holds the state, not this object: dropping the stream frees the generator at
        # once, and the loop's async-generator finalizer then closes the connection
        self._agen = _run(client, body, what, text_only, self._state)

    def __getattr__(self, name: str) -> Any:
        if name in (
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
        ):
            return getattr(self._state, name)
        raise AttributeError(name)

    def __repr__(self) -> str:
        state = "completed" if self._state.completed else "open"
        return f"<ChatStream {self._body.get('model')!r} {state}, {len(self._state.text)} chars>"

    def __aiter__(self) -> ChatStream:
        return self

    async def __anext__(self) -> Any:
        return await self._agen.__anext__()

    async def aclose(self) -> None:
        """Stop: close the connection (cancelling the generation) if it is still open."""
        await self._agen.aclose()

    async def __aenter__(self) -> ChatStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def collect(self) -> str:
        """Consume the whole stream and return its text."""
        async for _ in self:
            pass
        return self._state.text


def _idle_timeout(timeout: float | httpx.Timeout | None) -> float | None:
    if isinstance(timeout, httpx.Timeout):
        return timeout.read
    return None if timeout is None else float(timeout)


async def _run(
    client: ClientBase, body: dict[str, Any], what: str, text_only: bool, state: _StreamState
) -> AsyncGenerator[Any, None]:
    import asyncio  # here rather than at module level, to keep `import openrouter_nb` light

    response = await client._send("POST", "/chat/completions", what, body=body, stream=True)
    content_type = response.headers.get("content-type", "")
    if not content_type.startswith("text/event-stream"):
        await response.aread()
        await response.aclose()
        raise APIResponseError(
            f"{what} failed: expected an event stream, got {content_type or 'no content type'} "
            f"({len(response.content)} bytes)",
            status_code=response.status_code,
            api_key=client.api_key,
        )
    parser = SSEParser()
    idle = _idle_timeout(client.timeout)
    loop = asyncio.get_running_loop()
    done = False
    try:
        try:
            async with asyncio.timeout(idle) as deadline:
                async for line in response.aiter_lines():
                    event = parser.feed(line)
                    if event is None:
                        continue
                    if idle is not None:  # keep-alive comments do not count
                        deadline.reschedule(loop.time() + idle)
                    if event.done:
                        done = True
                        break
                    chunk = event.json
                    if chunk is None:
                        continue
                    error = chunk.get("error")
                    if error is not None:
                        state.absorb(chunk)
                        raise _generation_error(what, error, state.text, client.api_key)
                    delta = state.absorb(chunk)
                    if text_only:
                        if delta:
                            yield delta
                    else:
                        yield chunk
        except TimeoutError as exc:
            raise APITimeoutError(
                f"{what} failed: no data for {idle or 0:g} s (only keep-alive comments); stream abandoned"
            ) from exc
        except httpx.TimeoutException as exc:
            raise APITimeoutError(f"{what} failed mid-stream: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise APIConnectionError(f"{what} failed mid-stream: {type(exc).__name__}", api_key=client.api_key) from exc
        if not done and not (state.finish_reason and state.usage):
            raise APIConnectionError(
                f"{what} failed: the stream ended before completion after {len(state.text)} characters "
                "(no [DONE]); the partial text is in .text, not a complete reply"
            )
        state.completed = True
    finally:
        state.keepalives = parser.comments
        await response.aclose()
        if state.usage:
            client.ledger.record("stream_chat", state.model, state.provider, state.usage, state.id)


def _generation_error(what: str, error: Any, partial: str, api_key: str | None) -> GenerationError:
    if isinstance(error, dict):
        code = error.get("code") if isinstance(error.get("code"), int | str) else None
        message = error.get("message") if isinstance(error.get("message"), str) else "generation failed"
        metadata = error.get("metadata") if isinstance(error.get("metadata"), dict) else {}
    else:
        code, message, metadata = None, str(error)[:300], {}
    return GenerationError(
        f"{what} failed during generation: {message} (code {code}); partial text kept in .partial_text",
        code=code,
        metadata=metadata,
        partial_text=partial,
        api_key=api_key,
    )


async def show_stream(stream: ChatStream) -> ChatStream:
    """Show a stream's text growing live, on stdout: one output area in Jupyter, the terminal elsewhere.

    Returns the finished stream (``.text``, ``.usage``, ``.cost``)::

        stream = await show_stream(client.stream_text("openai/gpt-4o-mini", "A haiku about tea"))
    """
    import sys

    async for delta in stream:
        if isinstance(delta, str):
            sys.stdout.write(delta)
            sys.stdout.flush()
    sys.stdout.write("\n")
    return stream
