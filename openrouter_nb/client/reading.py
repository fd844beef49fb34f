"""Reading what the service sends, within bounds: bodies, event streams, downloads, URLs it names.

The requester (:mod:`._requester`) sends; these read. Every read is bounded in time (the client's
timeout) and in size (:class:`~openrouter_nb.limits.ResponseLimits`), and crossing a bound closes
the connection at once with a typed error. Nothing here retries: a body is read once.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from .._core.files import atomic_file
from .._core.limits import ResponseLimits
from .._core.sse import EventTooLarge, SSEDecoder
from .._core.watchdog import Watchdog
from ..errors import (
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    OpenRouterError,
    ResponseTooLargeError,
    UnsafeURLError,
)

__all__ = ["Bounded", "check_url", "drain", "read_events", "stream_to_file"]


class Bounded(httpx.AsyncByteStream):
    """A response body that must arrive in full within ``seconds`` and hold at most ``max_bytes``."""

    def __init__(
        self, inner: Any, request: httpx.Request, seconds: float | None, what: str, limit: str, max_bytes: int
    ) -> None:
        self._inner = inner
        self._request = request
        self._seconds = seconds
        self._what = what
        self._limit = limit
        self._max = max_bytes

    async def __aiter__(self) -> AsyncIterator[bytes]:
        deadline = None if self._seconds is None else time.monotonic() + self._seconds
        size = 0
        async for chunk in self._inner:
            size += len(chunk)
            if size > self._max:
                raise ResponseTooLargeError(self._what, self._limit, self._max)
            if deadline is not None and time.monotonic() > deadline:
                raise httpx.ReadTimeout(f"no complete response within {self._seconds:g} s", request=self._request)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


async def drain(response: httpx.Response, max_bytes: int = 1024 * 1024) -> bytes:
    """Read what is left of a response (at most ``max_bytes``: an error body, say) and close it."""
    try:
        content = bytearray()
        async for chunk in response.aiter_bytes():
            content += chunk[: max_bytes - len(content)]
            if len(content) >= max_bytes:
                break  # the rest is not worth reading
        return bytes(content)
    finally:
        await response.aclose()


def check_url(url: str, base_url: str, what: str) -> str:
    """``url`` when the client may fetch it, else :class:`UnsafeURLError`.

    Allowed: https to a public host, and the API's own origin (scheme, host and port of the base
    URL, so the loopback emulator works). Refused: plain http elsewhere, other schemes, and https
    to loopback, private or link-local addresses (a response should not steer the client into the
    local network).
    """
    parts, own = urlsplit(url), urlsplit(base_url)
    if (parts.scheme, parts.hostname, parts.port) == (own.scheme, own.hostname, own.port):
        return url
    if parts.scheme != "https" or not parts.hostname:
        raise UnsafeURLError(f"{what}: refusing to fetch {url[:120]!r}: only https URLs are fetched", url=url)
    host = parts.hostname
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        local = host == "localhost" or host.endswith((".localhost", ".local", ".internal"))
    else:
        local = address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified
    if local:
        raise UnsafeURLError(f"{what}: refusing to fetch {url[:120]!r}: it points into a local network", url=url)
    return url


def _idle_error(what: str, idle: float | None) -> APITimeoutError:
    return APITimeoutError(f"{what} failed: no data for {idle or 0:g} s (only keep-alive comments); stream abandoned")


async def read_events(
    response: httpx.Response,
    what: str,
    decoder: SSEDecoder,
    *,
    idle: float | None,
    limits: ResponseLimits,
    redact: Callable[[OpenRouterError], OpenRouterError],
) -> AsyncIterator[list[bytes]]:
    """The ``data`` of the events of an open stream, a list per network chunk, until the body ends.

    A list per chunk rather than an item per event: a body that arrives whole is one step, not one
    per event (lists may be empty when a chunk completed no event).

    Keep-alive comments are skipped; when nothing but comments (or nothing at all) arrives for
    ``idle`` seconds, the stream is abandoned with :class:`APITimeoutError`. One event is bounded by
    ``limits.event_bytes`` and the whole stream by ``limits.stream_bytes``. Transport failures
    mid-stream become :class:`APIConnectionError`. The response is not closed here.
    """
    import asyncio

    watchdog = Watchdog(asyncio, idle) if idle is not None else None
    total, most = 0, limits.stream_bytes
    events: list[bytes] = []
    try:
        chunks = response.aiter_bytes()
        while True:
            if watchdog is not None:
                watchdog.wait(bool(events))
            try:
                chunk = await chunks.__anext__()
            except StopAsyncIteration:
                break
            except asyncio.CancelledError:
                if watchdog is not None and watchdog.expire_handled():
                    raise redact(_idle_error(what, idle)) from None
                raise
            if watchdog is not None:
                watchdog.waiting = False
            total += len(chunk)
            if total > most:
                raise redact(ResponseTooLargeError(what, "stream_bytes", most))
            events = decoder.feed(chunk)
            yield events
            if watchdog is not None and not events and decoder.last_was_comment and watchdog.overdue():
                raise redact(_idle_error(what, idle))
        yield decoder.close()
    except EventTooLarge:
        raise redact(ResponseTooLargeError(what, "event_bytes", limits.event_bytes)) from None
    except httpx.TimeoutException as exc:
        raise APITimeoutError(f"{what} failed mid-stream: {type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        raise redact(APIConnectionError(f"{what} failed mid-stream: {type(exc).__name__}")) from exc
    finally:
        if watchdog is not None:
            watchdog.stop()


async def stream_to_file(
    response: httpx.Response,
    path: Path,
    what: str,
    *,
    max_bytes: int,
    seconds: float | None,
    check: Callable[[str, bytes], None] | None = None,
) -> Path:
    """Write a response body to ``path`` atomically as it arrives, never holding it in memory.

    At most ``max_bytes`` are written, within ``seconds``; ``check(content_type, first_bytes)`` may
    refuse the body before anything is kept. A failed download leaves no file behind; the response
    is closed either way.
    """
    try:
        with atomic_file(path) as handle:
            written = 0
            deadline = None if seconds is None else time.monotonic() + seconds
            async for chunk in response.aiter_bytes():
                if written == 0 and check is not None:
                    check(response.headers.get("content-type", ""), chunk)
                written += len(chunk)
                if written > max_bytes:
                    raise ResponseTooLargeError(what, "file_bytes", max_bytes)
                if deadline is not None and time.monotonic() > deadline:
                    raise APITimeoutError(f"{what} failed: no complete download within {seconds:g} s")
                handle.write(chunk)
            if written == 0:
                raise APIResponseError(f"{what} returned no bytes")
    finally:
        await response.aclose()
    return path
