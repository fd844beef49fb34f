"""Async client helpers for interacting with the OpenRouter APIs."""

from __future__ import annotations

import copy
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from . import retry
from .account import AccountMixin
from .bodies import encode_json, json_or_error, require_text
from .cache import ResponseCache
from .chat import ChatMixin, first_choice
from .errors import (
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    OpenRouterError,
    make_status_error,
)
from .ledger import SpendLedger
from .results import ImageResult, decode_images, message_text
from .video import VideoMixin

if TYPE_CHECKING:
    import asyncio

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_SYSTEM_PROMPT", "OpenRouterClient", "OpenRouterError"]

_UNSET: object = object()  # "not given", distinct from timeout=None (no timeout)

logger = logging.getLogger("openrouter_nb")

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
DEFAULT_APP_URL = "https://github.com/openrouter-nb/openrouter_nb"
DEFAULT_APP_TITLE = "openrouter_nb"
DEFAULT_SYSTEM_PROMPT = (
    "You are a social-media copywriter. Write concise, vivid, on-brand posts in a natural voice. "
    "Answer with the post text only: no preamble, no quotes."
)
_MISSING = object()


async def _read(response: httpx.Response) -> httpx.Response:
    try:
        await response.aread()
    finally:
        await response.aclose()
    return response


class _DeadlineStream(httpx.AsyncByteStream):
    """A response body that must arrive in full within ``seconds`` of the request being sent."""

    def __init__(self, inner: Any, request: httpx.Request, seconds: float) -> None:
        self._inner = inner
        self._request = request
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds

    async def __aiter__(self) -> Any:
        async for chunk in self._inner:
            if time.monotonic() > self._deadline:
                raise httpx.ReadTimeout(f"no complete response within {self._seconds:g} s", request=self._request)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class OpenRouterClient(ChatMixin, VideoMixin, AccountMixin):
    """Async client for the OpenRouter API.

    Usage::

        async with OpenRouterClient() as client:          # key from OPENROUTER_API_KEY
            models = await client.list_models()
            text = await client.generate_text("openai/gpt-4o-mini", "A post about tea")
            result = await client.chat("openai/gpt-4o-mini", "Shorter, please", seed=1)
            async for delta in client.stream_text("openai/gpt-4o-mini", "A haiku"):
                print(delta, end="")
            client.spend                                     # what this client has spent

    Parameters
    ----------
    api_key:
        Bearer key; falls back to ``OPENROUTER_API_KEY``. Never shown in repr, errors or logs.
    base_url:
        API root; falls back to ``OPENROUTER_BASE_URL``, else ``https://openrouter.ai/api/v1``.
    timeout:
        Seconds (or an ``httpx.Timeout``) for the httpx client this object builds. It also bounds
        each attempt as a whole (a response that keeps trickling keep-alive bytes still times out)
        and the longest gap between a stream's events.
    models_ttl:
        Seconds a ``list_models()`` result is reused.
    client:
        An ``httpx.AsyncClient`` to use as is (not closed by :meth:`close`).
    transport:
        An httpx transport for the client this object builds, e.g. the offline ``Emulator``.
    clock:
        Monotonic clock for the model cache and video waits (injectable for tests).
    app_url, app_title:
        Attribution headers; fall back to ``OPENROUTER_APP_URL``/``OPENROUTER_APP_TITLE``.
    max_retries:
        Retries after the first attempt (see :mod:`openrouter_nb.retry` for what is retried).
    cache:
        ``None`` (off), ``True`` (``~/.cache/openrouter_nb``), a folder, or a :class:`ResponseCache`:
        identical deterministic requests are answered from disk, unbilled.
    sleep:
        Awaitable sleep used between retries and polls (default ``asyncio.sleep``; injectable so
        tests take no wall time).
    limits:
        ``httpx.Limits`` for the httpx client this object builds (default: httpx's, 100 connections).
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 120.0,
        models_ttl: float = 300.0,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        app_url: str | None = None,
        app_title: str | None = None,
        max_retries: int = retry.DEFAULT_MAX_RETRIES,
        cache: bool | str | os.PathLike[str] | ResponseCache | None = None,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
        limits: httpx.Limits | None = None,
    ) -> None:
        if not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError(f"max_retries must be a non-negative integer, got {max_retries!r}")
        self.api_key = api_key if api_key is not None else os.environ.get("OPENROUTER_API_KEY")
        base = base_url or os.environ.get("OPENROUTER_BASE_URL") or DEFAULT_BASE_URL
        self.base_url = base.rstrip("/")
        self.timeout = timeout
        #: the whole-response deadline of one attempt (streams: the longest gap between events)
        self._deadline: float | None = (
            timeout.read if isinstance(timeout, httpx.Timeout) else None if timeout is None else float(timeout)
        )
        self.models_ttl = models_ttl
        self.max_retries = max_retries
        self.app_url = app_url or os.environ.get("OPENROUTER_APP_URL") or DEFAULT_APP_URL
        self.app_title = app_title or os.environ.get("OPENROUTER_APP_TITLE") or DEFAULT_APP_TITLE
        self._json_headers = self._build_headers()
        pool_size = (limits or httpx.Limits(max_connections=100)).max_connections
        if client is None:
            # our headers live on the client we own, so requests do not re-merge them every call
            options: dict[str, Any] = {"timeout": timeout, "transport": transport, "headers": self._json_headers}
            if limits is not None:
                options["limits"] = limits
            self._client = httpx.AsyncClient(**options)
            self._owns_client = True
        else:
            self._client = client
            self._owns_client = False
        # asyncio is imported here, not at module level: it would double `import openrouter_nb`
        import asyncio

        self._lock = asyncio.Lock()
        # At most as many requests in flight as the pool has connections: httpcore scans its whole
        # wait queue for every connection that frees up, so hundreds of queued requests cost
        # quadratic time (500 concurrent generations over the loopback emulator: 7.0 s queued in
        # httpcore, 0.76 s gated here).
        self._slots = asyncio.Semaphore(pool_size) if self._owns_client and pool_size else None
        self._clock = clock
        self._sleep = sleep if sleep is not None else asyncio.sleep
        self._model_cache: tuple[float, list[dict[str, Any]]] | None = None
        self._video_models: dict[str, str] = {}
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        # per-request headers: none when the owned client already carries them
        self._request_headers: dict[str, str] | None = None if self._owns_client else self._json_headers
        if cache is None or cache is False:
            self.cache: ResponseCache | None = None
        elif isinstance(cache, ResponseCache):
            self.cache = cache
        else:
            self.cache = ResponseCache(None if cache is True else Path(cache))
        #: every billed call's cost (see :attr:`spend`)
        self.ledger = SpendLedger()

    # -- plumbing -------------------------------------------------------------------------

    def __repr__(self) -> str:
        key = "set" if self.api_key else "none"
        return f"<OpenRouterClient base_url={self.base_url!r} api_key={key}>"

    def _build_headers(self) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "HTTP-Referer": self.app_url,
            "X-Title": self.app_title,
            "X-OpenRouter-Title": self.app_title,
        }
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _headers(self) -> dict[str, str]:
        """The JSON request headers: content type, accept, attribution and (if set) auth."""
        return dict(self._json_headers)

    def with_options(
        self, *, timeout: float | httpx.Timeout | None | object = _UNSET, max_retries: int | None = None
    ) -> OpenRouterClient:
        """A view of this client with another ``timeout`` (deadline) or ``max_retries``.

        It shares the connection pool, ledger, cache and model cache, and closing it closes nothing::

            long = client.with_options(timeout=600)     # one slow reasoning call
            await long.chat("deepseek/deepseek-r1", "...")
        """
        view = copy.copy(self)
        view._owns_client = False
        if timeout is not _UNSET:
            if isinstance(timeout, httpx.Timeout):
                view._deadline = timeout.read
            else:
                view._deadline = None if timeout is None else float(timeout)  # type: ignore[arg-type]
            view.timeout = timeout  # type: ignore[assignment]
        if max_retries is not None:
            if not isinstance(max_retries, int) or max_retries < 0:
                raise ValueError(f"max_retries must be a non-negative integer, got {max_retries!r}")
            view.max_retries = max_retries
        return view

    async def close(self) -> None:
        """Close the underlying httpx client if this object created it. Safe to call twice."""
        if self._owns_client and not self._closed:
            await self._client.aclose()
        self._closed = True

    async def __aenter__(self) -> OpenRouterClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _check_loop(self, what: str) -> None:
        loop = sys.modules["asyncio"].get_running_loop()  # imported by __init__
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            if self._loop.is_closed():
                self._loop = loop  # the old loop is gone (e.g. a finished asyncio.run): adopt the new one
                return
            raise OpenRouterError(
                f"{what} failed: this client is bound to another event loop. Create the client in the "
                "loop that uses it (in Jupyter: the notebook's own loop, with top-level await)"
            )

    async def _send(
        self,
        method: str,
        path: str,
        what: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        ok: tuple[int, ...] = (200,),
        stream: bool = False,
        auth: bool = True,
    ) -> httpx.Response:
        """Send one request (with retries) and return the response, or raise the typed error."""
        if self._closed:
            raise OpenRouterError(f"{what} failed: the client is closed")
        self._check_loop(what)
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        content = None if body is None else encode_json(body, what)
        headers = self._request_headers
        if not auth:  # a request to another host: never with the key
            headers = {k: v for k, v in self._json_headers.items() if k != "Authorization"}
        attempt = 0
        while True:
            request = self._client.build_request(method, url, headers=headers, params=params, content=content)
            if not auth:
                request.headers.pop("Authorization", None)
            try:
                response = await self._send_once(request, stream)
            except httpx.HTTPError as exc:
                if attempt < self.max_retries and retry.should_retry_exception(exc, method):
                    attempt += 1
                    backoff = retry.retry_delay(attempt) or 0.0
                    logger.info(
                        "%s: %s, retrying in %.2f s (attempt %d of %d)",
                        what,
                        type(exc).__name__,
                        backoff,
                        attempt,
                        self.max_retries,
                    )
                    await self._sleep(backoff)
                    continue
                if isinstance(exc, httpx.TransportError) and retry.request_was_sent(exc) and method != "GET":
                    logger.debug("%s: not retrying %s: the request may have been billed", what, type(exc).__name__)
                if isinstance(exc, httpx.TimeoutException):
                    raise APITimeoutError(f"{what} failed: timed out ({type(exc).__name__})") from exc
                failure = APIConnectionError(f"{what} failed: {type(exc).__name__}: {exc}", api_key=self.api_key)
                failure.request_sent = retry.request_was_sent(exc)
                raise failure from exc
            if response.status_code in ok:
                return response
            if stream:
                await response.aread()
                await response.aclose()
            error = make_status_error(
                what, response.status_code, response.content, dict(response.headers), api_key=self.api_key
            )
            if attempt < self.max_retries and retry.should_retry_status(
                error.status_code, error.retry_after, error.availability
            ):
                delay = retry.retry_delay(attempt + 1, error.retry_after)
                if delay is not None:
                    attempt += 1
                    logger.info(
                        "%s: HTTP %d, retrying in %.2f s (attempt %d of %d)",
                        what,
                        error.status_code,
                        delay,
                        attempt,
                        self.max_retries,
                    )
                    await self._sleep(delay)
                    continue
                logger.debug(
                    "%s: HTTP %d asks to wait %.0f s, over the cap: not retrying",
                    what,
                    error.status_code,
                    error.retry_after or 0,
                )
            else:
                logger.debug("%s: HTTP %d is not retried", what, error.status_code)
            raise error

    async def _send_once(self, request: httpx.Request, stream: bool) -> httpx.Response:
        """One attempt, holding one of the pool's slots while it runs."""
        if self._slots is None:
            return await self._send_bounded(request, stream)
        async with self._slots:  # when the pool is full, wait here rather than in httpcore's queue
            return await self._send_bounded(request, stream)

    async def _send_bounded(self, request: httpx.Request, stream: bool) -> httpx.Response:
        """One attempt, bounded as a whole: httpx times each read, so a body that trickles forever
        (keep-alive bytes and nothing else) would never time out without this deadline."""
        response = await self._client.send(request, stream=True)
        if stream or self._deadline is None:
            return response if stream else await _read(response)
        # the body is read against a deadline checked per chunk: no timer on the common path
        response.stream = _DeadlineStream(response.stream, request, self._deadline)
        return await _read(response)

    async def _get_json(self, path: str, what: str, params: dict[str, Any] | None = None) -> Any:
        response = await self._send("GET", path, what, params=params)
        return json_or_error(response, what, self.api_key)

    # -- catalog --------------------------------------------------------------------------

    async def list_models(self) -> list[dict[str, Any]]:
        """Return every model in the catalog (all output modalities), cached for ``models_ttl``.

        Concurrent callers on a cold cache share one request.
        """
        self._check_loop("list models")
        async with self._lock:
            cached = self._model_cache
            now = self._clock()
            if cached is not None and now - cached[0] < self.models_ttl:
                return cached[1]
            response = await self._send("GET", "/models", "list models", params={"output_modalities": "all"})
            payload = json_or_error(response, "list models", self.api_key)
            models = payload.get("data") if isinstance(payload, dict) else None
            if not isinstance(models, list):
                models = []
            self._model_cache = (now, models)
            return models

    # -- text -----------------------------------------------------------------------------

    async def generate_text(self, model: str, prompt: str, *, system: str = DEFAULT_SYSTEM_PROMPT) -> str:
        """Ask a chat model for text and return the reply as a string.

        Sends a system message (a social-media copywriter by default; override with ``system``)
        and the user ``prompt``. Content given as a list of parts is joined.
        """
        require_text(model, "model")
        require_text(prompt, "prompt")
        what = f"text generation with {model!r}"
        body = {
            "model": model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": prompt}],
        }
        response = await self._send("POST", "/chat/completions", what, body=body)
        payload = json_or_error(response, what, self.api_key)
        choice = first_choice(payload, what, self.api_key)
        message = choice.get("message")
        if not isinstance(message, dict):
            raise APIResponseError(f"{what} failed: the first choice has no message", api_key=self.api_key)
        text = message_text(message.get("content"))
        if text is None:
            raise APIResponseError(f"{what} failed: the message has no text content", api_key=self.api_key)
        self.ledger.record(
            "generate_text",
            payload.get("model"),
            payload.get("provider"),
            payload.get("usage"),
            payload.get("id"),
        )
        return text

    # -- images ---------------------------------------------------------------------------

    async def generate_image(
        self,
        *,
        model: str,
        prompt: str,
        negative_prompt: str | None = None,
        steps: int | None = None,
        guidance_scale: float | None = None,
        size: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """POST ``/images`` and return the raw payload (``data[].b64_json``, ``usage``).

        Optional fields are sent only when given; ``extra`` passes further API fields
        (``aspect_ratio``, ``n``, ``seed``, ``input_references`` …) through.
        """
        require_text(model, "model")
        require_text(prompt, "prompt")
        if extra.get("stream"):
            raise ValueError("generate_image returns the finished images; drop stream=True (image streaming is SSE)")
        n = extra.get("n")
        if n is not None and (not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 10):
            raise ValueError(f"n must be an integer from 1 to 10, got {n!r}")
        body: dict[str, Any] = {"model": model, "prompt": prompt}
        optional = {
            "negative_prompt": negative_prompt,
            "steps": steps,
            "guidance_scale": guidance_scale,
            "size": size,
        }
        body.update({k: v for k, v in optional.items() if v is not None})
        body.update(extra)
        what = f"image generation with {model!r}"
        response = await self._send("POST", "/images", what, body=body)
        payload = json_or_error(response, what, self.api_key)
        if isinstance(payload, dict):
            self.ledger.record("generate_image", model, None, payload.get("usage"))
        return payload

    async def images(self, *, model: str, prompt: str, **fields: Any) -> list[ImageResult]:
        """Generate images (``POST /images``) and return them decoded: bytes, MIME type, inline display."""
        payload = await self.generate_image(model=model, prompt=prompt, **fields)
        results = decode_images(payload)
        if not results:
            raise APIResponseError(f"image generation with {model!r} returned no images", api_key=self.api_key)
        return await self.fetch_images(results)

    async def fetch_images(self, results: list[ImageResult]) -> list[ImageResult]:
        """Download the images that came as https URLs (without the API key: they are not ours)."""
        for result in results:
            if result.url and not result.data:
                response = await self._send("GET", result.url, "image download", auth=False)
                result.data = response.content
                result.mime_type = response.headers.get("content-type", result.mime_type).split(";")[0]
        return results

    # -- video submit ---------------------------------------------------------------------

    async def generate_video(
        self,
        *,
        model: str,
        prompt: str,
        duration: int | None = None,
        size: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """POST ``/videos`` and return the raw payload: an async job (202) ``{id, polling_url, status}``.

        Follow it with :meth:`wait_for_video` and :meth:`download_video`.
        """
        require_text(model, "model")
        if not (isinstance(prompt, str) and prompt.strip()) and not extra.get("frame_images"):
            raise ValueError("prompt must be a non-empty string (or give frame_images)")
        if duration is not None and (not isinstance(duration, int) or isinstance(duration, bool) or duration <= 0):
            raise ValueError(f"duration must be a positive whole number of seconds, got {duration!r}")
        body: dict[str, Any] = {"model": model, "prompt": prompt}
        body.update({k: v for k, v in {"duration": duration, "size": size}.items() if v is not None})
        body.update(extra)
        what = f"video generation with {model!r}"
        response = await self._send("POST", "/videos", what, body=body, ok=(200, 202))
        job = json_or_error(response, what, self.api_key)
        if isinstance(job, dict) and isinstance(job.get("id"), str):
            self._video_models[job["id"]] = model  # the ledger names the model when the job completes
        return job

    # -- accounting -----------------------------------------------------------------------

    @property
    def spend(self) -> Any:
        """The spend ledger as a DataFrame: one row per billed call (call, model, provider, tokens, cost)."""
        return self.ledger.frame()

    async def generate_many(self, prompts: list[str], model: str | list[str], **options: Any) -> list[Any]:
        """Run many chats concurrently; see :func:`openrouter_nb.batch.generate_many`."""
        from .batch import generate_many

        return await generate_many(self, prompts, model, **options)
