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
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import httpx

from .._core import retry
from .._core.limits import ResponseLimits
from .._core.sse import SSEDecoder
from .._core.wire import decode_json, encode_json, timeout_seconds
from ..errors import APIResponseError, APIStatusError, OpenRouterError, RateLimitError
from .error_mapping import connection_error, make_status_error, without_key
from .rate_limits import MAX_RATE_WAITS, RatePacer, window_wait
from .reading import Bounded, check_url, drain, read_events, stream_to_file

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
    #: called before a billed POST is sent (the client's budget): raises, or returns a release
    guard: Callable[[str, str, Any], Awaitable[Callable[[], None]]] | None = None
    #: the rate limits learned from the service's 429s, and the pacing under them
    pacer: RatePacer | None = None


def _nothing() -> None:
    """The release of a call no budget reserved anything for."""


def _asyncio() -> Any:
    # asyncio is imported on first client construction, not with the package: it would double
    # the time of `import openrouter_nb`
    import asyncio

    return asyncio


@dataclass(frozen=True)
class Requester:
    """Sends requests for one client (and its views): retries, deadlines, error mapping, redaction.

    ``headers`` are what every request to the API carries (the client's ``_headers()`` is a copy of
    them); they are set per request unless ``http`` already carries them (``preset_headers``: a
    client this package built with them). ``keyless_headers`` are sent to other hosts, which never
    receive the key.
    ``timeout`` also bounds each attempt as a whole (streams: the longest wait for an event).
    """

    http: httpx.AsyncClient
    base_url: str
    secret: str | None = field(repr=False)
    headers: dict[str, str] = field(repr=False)
    keyless_headers: dict[str, str] = field(repr=False)
    timeout: float | httpx.Timeout | None
    max_retries: int
    sleep: Callable[[float], Awaitable[Any]]
    session: Session
    limits: ResponseLimits = field(default_factory=ResponseLimits)
    #: the httpx client was built with ``headers`` already (not re-merged on every request)
    preset_headers: bool = False
    #: seconds one attempt may take as a whole (streams: the longest wait for an event)
    deadline: float | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "deadline", timeout_seconds(self.timeout))  # frozen: set once here

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = _UNSET,
        max_retries: int | None = None,
        limits: ResponseLimits | None = None,
    ) -> Requester:
        """A copy with another timeout, retry count or limits, sharing the pool and the session."""
        return replace(
            self,
            timeout=self.timeout if timeout is _UNSET else timeout,
            max_retries=self.max_retries if max_retries is None else max_retries,
            limits=self.limits if limits is None else limits,
        )

    # -- redaction ------------------------------------------------------------------------------

    def redact(self, error: OpenRouterError) -> OpenRouterError:
        """Mask the key in ``error`` (in place; a keyless client's says it has none) and return it."""
        return error.redact(self.secret) if self.secret else without_key(error)

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
        limit: str = "json_bytes",
    ) -> Reply:
        """Send a request (with retries) and read its whole body; a non-``ok`` status is raised typed.

        ``path`` is relative to the base URL or an absolute URL; ``auth=False`` sends no key. The
        body may not exceed the :class:`ResponseLimits` field named by ``limit``.
        """
        try:
            response, content = await self._attempts(method, path, what, body, params, ok, auth, stream=limit)
        except OpenRouterError as error:
            self.redact(error)
            raise
        return Reply(response.status_code, response.headers, content)

    # -- URLs from responses and downloads to disk -------------------------------------------------

    def check_url(self, url: str, what: str) -> str:
        """``url`` when the client may fetch it (https, or the API's own origin), else ``UnsafeURLError``."""
        with self.redacting():
            return check_url(url, self.base_url, what)

    async def download(
        self,
        url: str,
        path: Path,
        what: str,
        *,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        check: Callable[[str, bytes], None] | None = None,
    ) -> Path:
        """GET ``url`` and stream its body to ``path`` (atomically, up to ``file_bytes``, never in memory)."""
        with self.redacting():
            response, _ = await self._attempts("GET", url, what, None, params, (200,), auth, stream=None)
            try:
                return await stream_to_file(
                    response, path, what, max_bytes=self.limits.file_bytes, seconds=self.deadline, check=check
                )
            except httpx.HTTPError as exc:
                raise connection_error(what, exc, "GET") from exc

    # -- streamed requests ----------------------------------------------------------------------

    async def open_stream(self, method: str, path: str, what: str, *, body: Any = None) -> httpx.Response:
        """Send a request whose body is an event stream; return the response once its headers arrived.

        Errors before the first byte (statuses, connection failures) are retried and raised like any
        call's; a 200 that is not an event stream is an :class:`APIResponseError`. The caller reads
        it with :meth:`events` and must close it.
        """
        with self.redacting():
            response, _ = await self._attempts(method, path, what, body, None, (200,), True, stream=None)
            content_type = response.headers.get("content-type", "")
            if not content_type.startswith("text/event-stream"):
                content = await drain(response, 64 * 1024)
                raise APIResponseError(
                    f"{what} failed: expected an event stream, got {content_type or 'no content type'} "
                    f"({len(content)} bytes)",
                    status_code=response.status_code,
                )
            return response

    def decoder(self) -> SSEDecoder:
        """An SSE decoder bounded by this requester's ``event_bytes``."""
        return SSEDecoder(self.limits.event_bytes)

    def events(self, response: httpx.Response, what: str, decoder: SSEDecoder) -> AsyncIterator[list[bytes]]:
        """The ``data`` of the events of an open stream, a list per chunk (see :func:`._reading.read_events`)."""
        return read_events(response, what, decoder, idle=self.deadline, limits=self.limits, redact=self.redact)

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

    async def _reserve(self, method: str, path: str, what: str, body: Any) -> Callable[[], None]:
        """Ask the client's budget (if any) about a billed call before it is sent; returns the release."""
        guard = self.session.guard
        if guard is None or method != "POST":
            return _nothing
        return await guard(path, what, body)

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
        stream: str | None,
    ) -> tuple[httpx.Response, bytes]:
        """Attempts until one succeeds or the policy gives up: the response and its body, read up to the
        limit named by ``stream`` (``None``: not read, the caller streams it)."""
        self.ensure_usable(what)
        release = await self._reserve(method, path, what, body) if self.session.guard is not None else _nothing
        try:
            data = None if body is None else encode_json(body, what)
            headers = (None if self.preset_headers else self.headers) if auth else self.keyless_headers
            url = self.base_url + path if path.startswith("/") else path  # else already absolute
            attempt = waits = 0
            model = body.get("model") if method == "POST" and isinstance(body, dict) else None
            pacer = self.session.pacer
            while True:
                if pacer is not None and model is not None:
                    await pacer.before(model)  # under a limit the service stated for this model
                request = self.http.build_request(method, url, headers=headers, params=params, content=data)
                if not auth:
                    request.headers.pop("Authorization", None)  # a client built elsewhere may carry the key
                try:
                    response, content = await self._attempt(request, stream, what)
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
                    raise connection_error(what, exc, method) from exc
                if response.status_code in ok:
                    return response, content
                if stream is None:
                    content = await drain(response, self.limits.json_bytes)
                error = make_status_error(what, response.status_code, content, dict(response.headers))
                if isinstance(error, RateLimitError) and await self.wait_out(error, model, waits):
                    waits += 1  # a minute's window, waited out: not a failed attempt
                    continue
                delay = self._status_delay(error, attempt, what)
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
        finally:
            release()  # the ledger has the real cost now (or the call failed)

    def _status_delay(self, error: OpenRouterError, attempt: int, what: str) -> float | None:
        """Seconds to wait before sending again after an error status, or None to raise it."""
        assert isinstance(error, APIStatusError)
        if attempt >= self.max_retries or not retry.should_retry_status(
            error.status_code, error.retry_after, error.availability
        ):
            logger.debug("%s: HTTP %d is not retried", what, error.status_code)
            return None
        delay = retry.retry_delay(attempt + 1, error.retry_after)
        if delay is None:
            logger.debug(
                "%s: HTTP %d asks to wait %.0f s, over the cap: not retrying",
                what,
                error.status_code,
                error.retry_after or 0,
            )
        return delay

    async def wait_out(self, error: RateLimitError, model: Any, waits: int) -> bool:
        """Wait out a free tier's minute window (learning the model's limit) and say so; a day's cap
        raises at once (waiting in a cell cannot help); other 429s are left to the retry policy."""
        if error.scope == "day":
            raise error
        window = window_wait(error)
        if window is None or waits >= MAX_RATE_WAITS:
            return False
        pacer = self.session.pacer
        if pacer is not None and isinstance(model, str):
            pacer.learned(model, error.limit, window)
        await self.sleep(window)
        return True

    async def _attempt(self, request: httpx.Request, stream: str | None, what: str) -> tuple[httpx.Response, bytes]:
        """One attempt, holding one of the pool's slots while it runs."""
        slots = self.session.slots
        if slots is None:
            return await self._send_bounded(request, stream, what)
        async with slots:  # when the pool is full, wait here rather than in httpcore's (quadratic) queue
            return await self._send_bounded(request, stream, what)

    async def _send_bounded(
        self, request: httpx.Request, stream: str | None, what: str
    ) -> tuple[httpx.Response, bytes]:
        """Send, then (unless the caller streams it) read the body against the attempt's deadline and
        the size limit named by ``stream``.

        httpx times each read, so a body that trickles forever (keep-alive bytes and nothing else)
        would never time out without this deadline; it is checked per chunk, with no timer.
        """
        response = await self.http.send(request, stream=True, follow_redirects=False)  # never, whatever the client
        if stream is None:
            return response, b""
        response.stream = Bounded(response.stream, request, self.deadline, what, stream, getattr(self.limits, stream))
        try:
            return response, await response.aread()
        finally:
            await response.aclose()


class _Redacting:
    """The context manager of :meth:`Requester.redacting` (a class: it is on every call's path)."""

    __slots__ = ("_secret",)

    def __init__(self, secret: str | None) -> None:
        self._secret = secret

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, traceback: Any) -> Literal[False]:
        if isinstance(error, OpenRouterError):
            error.redact(self._secret) if self._secret else without_key(error)
        return False  # the error goes on, masked
