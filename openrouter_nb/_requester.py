"""The one request path: every call to the service goes through :class:`Requester`.

It owns sending, the per-attempt deadline, retries (policy in :mod:`openrouter_nb.retry`), the
in-flight slots, reading bodies and event streams, and turning every httpx or JSON failure into an
:class:`~openrouter_nb.errors.OpenRouterError`. It is also the boundary where errors are redacted:
it is the only object that holds the key besides the httpx headers built at construction.

Resources (:mod:`.chat`, :mod:`.images`, :mod:`.video`, :mod:`.account`) receive a requester and
speak in paths, bodies and parsed JSON; they never touch httpx.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import httpx

from . import retry
from ._sse import SSEDecoder
from ._watchdog import Watchdog
from ._wire import decode_json, encode_json, timeout_seconds
from .errors import (
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    OpenRouterError,
    make_status_error,
)

if TYPE_CHECKING:
    import asyncio

__all__ = ["Reply", "Requester", "Session"]

logger = logging.getLogger("openrouter_nb")

_UNSET: Any = object()


@dataclass(slots=True)
class Reply:
    """A fully read response: status, headers and body bytes."""

    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def mime_type(self) -> str:
        """The body's media type without parameters (``"image/png"``), ``""`` when none is given."""
        value: str = self.headers.get("content-type", "")
        return value.split(";", 1)[0].strip().lower()


@dataclass
class Session:
    """State shared by a client and every view of it (:meth:`Requester.with_options`)."""

    closed: bool = False
    loop: asyncio.AbstractEventLoop | None = None
    slots: asyncio.Semaphore | None = None
    lock: asyncio.Lock = field(default_factory=lambda: _asyncio().Lock())


def _asyncio() -> Any:
    # asyncio is imported on first client construction, not with the package: it would double
    # the time of `import openrouter_nb`
    import asyncio

    return asyncio


@dataclass(frozen=True)
class Requester:
    """Sends requests for one client (and its views): retries, deadlines, error mapping, redaction.

    ``headers`` are sent with every request unless ``http`` already carries them (a client this
    package built); ``keyless_headers`` are sent to other hosts, which never receive the key.
    ``timeout`` also bounds each attempt as a whole (streams: the longest wait for an event).
    """

    http: httpx.AsyncClient
    base_url: str
    secret: str | None = field(repr=False)
    headers: dict[str, str] | None = field(repr=False)
    keyless_headers: dict[str, str] = field(repr=False)
    timeout: float | httpx.Timeout | None
    max_retries: int
    sleep: Callable[[float], Awaitable[Any]]
    session: Session
    #: seconds one attempt may take as a whole (streams: the longest wait for an event)
    deadline: float | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "deadline", timeout_seconds(self.timeout))  # frozen: set once here

    def with_options(
        self, *, timeout: float | httpx.Timeout | None = _UNSET, max_retries: int | None = None
    ) -> Requester:
        """A copy with another timeout or retry count, sharing the pool and the session."""
        timeout = self.timeout if timeout is _UNSET else timeout
        return replace(self, timeout=timeout, max_retries=self.max_retries if max_retries is None else max_retries)

    # -- redaction ------------------------------------------------------------------------------

    def redact(self, error: OpenRouterError) -> OpenRouterError:
        """Mask the key in ``error`` (in place) and return it."""
        return error.redact(self.secret)

    def redacting(self) -> _Redacting:
        """A ``with`` block in which any :class:`OpenRouterError` raised has the key masked."""
        return _Redacting(self.secret)

    # -- buffered requests ----------------------------------------------------------------------

    async def json(self, method: str, path: str, what: str, **options: Any) -> Any:
        """:meth:`send` a request and return its decoded JSON body."""
        reply = await self.send(method, path, what, **options)
        return decode_json(reply.content, what, reply.status)  # its errors hold no server text

    async def send(
        self,
        method: str,
        path: str,
        what: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        ok: tuple[int, ...] = (200,),
        auth: bool = True,
    ) -> Reply:
        """Send a request (with retries) and read its whole body; a non-``ok`` status is raised typed.

        ``path`` is relative to the base URL or an absolute URL; ``auth=False`` sends no key.
        """
        try:
            response, content = await self._attempts(method, path, what, body, params, ok, auth, stream=False)
        except OpenRouterError as error:
            self.redact(error)
            raise
        return Reply(response.status_code, response.headers, content)

    # -- streamed requests ----------------------------------------------------------------------

    async def open_stream(self, method: str, path: str, what: str, *, body: Any = None) -> httpx.Response:
        """Send a request whose body is an event stream; return the response once its headers arrived.

        Errors before the first byte (statuses, connection failures) are retried and raised like any
        call's; a 200 that is not an event stream is an :class:`APIResponseError`. The caller reads
        it with :meth:`events` and must close it.
        """
        with self.redacting():
            response, _ = await self._attempts(method, path, what, body, None, (200,), True, stream=True)
            content_type = response.headers.get("content-type", "")
            if not content_type.startswith("text/event-stream"):
                content = await _drain(response)
                raise APIResponseError(
                    f"{what} failed: expected an event stream, got {content_type or 'no content type'} "
                    f"({len(content)} bytes)",
                    status_code=response.status_code,
                )
            return response

    async def events(self, response: httpx.Response, what: str, decoder: SSEDecoder) -> AsyncIterator[bytes]:
        """The ``data`` of each event of an open stream, until the body ends.

        Keep-alive comments are skipped; when nothing but comments (or nothing at all) arrives for
        the client's timeout, the stream is abandoned with :class:`APITimeoutError`. Transport
        failures mid-stream become :class:`APIConnectionError`. The response is not closed here.
        """
        asyncio = _asyncio()
        idle = self.deadline
        watchdog = Watchdog(asyncio, idle) if idle is not None else None
        try:
            chunks = response.aiter_bytes()
            while True:
                if watchdog is not None:
                    watchdog.waiting = True
                try:
                    chunk = await chunks.__anext__()
                except StopAsyncIteration:
                    break
                except asyncio.CancelledError:
                    if watchdog is not None and watchdog.expire_handled():
                        raise self.redact(_idle_error(what, idle)) from None
                    raise
                if watchdog is not None:
                    watchdog.waiting = False
                for data in decoder.feed(chunk):
                    if watchdog is not None:
                        watchdog.touch()
                    yield data
                    if watchdog is not None:
                        watchdog.resumed()
                if watchdog is not None and decoder.last_was_comment and watchdog.overdue():
                    raise self.redact(_idle_error(what, idle))
            for data in decoder.close():
                yield data
        except httpx.TimeoutException as exc:
            raise APITimeoutError(f"{what} failed mid-stream: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise self.redact(APIConnectionError(f"{what} failed mid-stream: {type(exc).__name__}")) from exc
        finally:
            if watchdog is not None:
                watchdog.stop()

    # -- the attempt loop -----------------------------------------------------------------------

    def ensure_usable(self, what: str) -> None:
        """Raise a clear error when the client is closed or bound to another event loop."""
        session = self.session
        loop = sys.modules["asyncio"].get_running_loop()
        if session.loop is loop and not session.closed:
            return  # the common case, checked first: this runs on every call
        if session.closed:
            raise OpenRouterError(f"{what} failed: the client is closed")
        if session.loop is None:
            session.loop = loop
        elif session.loop is not loop:
            if not session.loop.is_closed():
                raise OpenRouterError(
                    f"{what} failed: this client is bound to another event loop. Create the client in the "
                    "loop that uses it (in Jupyter: the notebook's own loop, with top-level await)"
                )
            session.loop = loop  # the old loop is gone (e.g. a finished asyncio.run): adopt the new one

    def url(self, path: str) -> str:
        """An absolute URL for ``path`` (a path under the base URL, or already absolute)."""
        return self.base_url + path if path.startswith("/") else path

    async def _attempts(
        self,
        method: str,
        path: str,
        what: str,
        body: Any,
        params: dict[str, Any] | None,
        ok: tuple[int, ...],
        auth: bool,
        *,
        stream: bool,
    ) -> tuple[httpx.Response, bytes]:
        """Attempts until one succeeds or the policy gives up: the response and (unless streaming) its body."""
        self.ensure_usable(what)
        data = None if body is None else encode_json(body, what)
        headers = self.headers if auth else self.keyless_headers
        url = self.base_url + path if path.startswith("/") else path  # else already absolute
        attempt = 0
        while True:
            request = self.http.build_request(method, url, headers=headers, params=params, content=data)
            if not auth:
                request.headers.pop("Authorization", None)  # a client built elsewhere may carry the key
            try:
                response, content = await self._attempt(request, stream)
            except httpx.HTTPError as exc:
                if attempt < self.max_retries and retry.should_retry_exception(exc, method):
                    attempt += 1
                    wait = retry.retry_delay(attempt) or 0.0
                    logger.info(
                        "%s: %s, retrying in %.2f s (attempt %d of %d)",
                        what,
                        type(exc).__name__,
                        wait,
                        attempt,
                        self.max_retries,
                    )
                    await self.sleep(wait)
                    continue
                raise _connection_error(what, exc, method) from exc
            if response.status_code in ok:
                return response, content
            if stream:
                content = await _drain(response)
            error = make_status_error(what, response.status_code, content, dict(response.headers))
            delay = None
            if attempt < self.max_retries and retry.should_retry_status(
                error.status_code, error.retry_after, error.availability
            ):
                delay = retry.retry_delay(attempt + 1, error.retry_after)
                if delay is None:
                    logger.debug(
                        "%s: HTTP %d asks to wait %.0f s, over the cap: not retrying",
                        what,
                        error.status_code,
                        error.retry_after or 0,
                    )
            else:
                logger.debug("%s: HTTP %d is not retried", what, error.status_code)
            if delay is None:
                raise error
            attempt += 1
            logger.info(
                "%s: HTTP %d, retrying in %.2f s (attempt %d of %d)",
                what,
                error.status_code,
                delay,
                attempt,
                self.max_retries,
            )
            await self.sleep(delay)

    async def _attempt(self, request: httpx.Request, stream: bool) -> tuple[httpx.Response, bytes]:
        """One attempt, holding one of the pool's slots while it runs."""
        slots = self.session.slots
        if slots is None:
            return await self._send_bounded(request, stream)
        async with slots:  # when the pool is full, wait here rather than in httpcore's (quadratic) queue
            return await self._send_bounded(request, stream)

    async def _send_bounded(self, request: httpx.Request, stream: bool) -> tuple[httpx.Response, bytes]:
        """Send, then (unless streaming) read the body against the attempt's deadline.

        httpx times each read, so a body that trickles forever (keep-alive bytes and nothing else)
        would never time out without this deadline; it is checked per chunk, with no timer.
        """
        response = await self.http.send(request, stream=True)
        if stream:
            return response, b""
        if self.deadline is not None:
            response.stream = _Deadline(response.stream, request, self.deadline)
        try:
            return response, await response.aread()
        finally:
            await response.aclose()


class _Deadline(httpx.AsyncByteStream):
    """A response body that must arrive in full within ``seconds`` of the first read."""

    def __init__(self, inner: Any, request: httpx.Request, seconds: float) -> None:
        self._inner = inner
        self._request = request
        self._seconds = seconds

    async def __aiter__(self) -> AsyncIterator[bytes]:
        limit = time.monotonic() + self._seconds
        async for chunk in self._inner:
            if time.monotonic() > limit:
                raise httpx.ReadTimeout(f"no complete response within {self._seconds:g} s", request=self._request)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class _Redacting:
    """The context manager of :meth:`Requester.redacting` (a class: it is on every call's path)."""

    __slots__ = ("_secret",)

    def __init__(self, secret: str | None) -> None:
        self._secret = secret

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, traceback: Any) -> Literal[False]:
        if isinstance(error, OpenRouterError):
            error.redact(self._secret)
        return False  # the error goes on, masked


async def _drain(response: httpx.Response) -> bytes:
    """Read what is left of a response and close it."""
    try:
        return await response.aread()
    finally:
        await response.aclose()


def _connection_error(what: str, exc: httpx.HTTPError, method: str) -> APIConnectionError:
    if isinstance(exc, httpx.TransportError) and retry.request_was_sent(exc) and method != "GET":
        logger.debug("%s: not retrying %s: the request may have been billed", what, type(exc).__name__)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"{what} failed: timed out ({type(exc).__name__})")
    failure = APIConnectionError(f"{what} failed: {type(exc).__name__}: {exc}")
    failure.request_sent = retry.request_was_sent(exc)
    return failure


def _idle_error(what: str, idle: float | None) -> APITimeoutError:
    return APITimeoutError(f"{what} failed: no data for {idle or 0:g} s (only keep-alive comments); stream abandoned")
