"""Async client helpers for interacting with the OpenRouter APIs."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from typing import Any

import httpx

from .errors import (
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    OpenRouterError,
    make_status_error,
)

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_SYSTEM_PROMPT", "OpenRouterClient", "OpenRouterError"]

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
DEFAULT_APP_URL = "https://github.com/openrouter-nb/openrouter_nb"
DEFAULT_APP_TITLE = "openrouter_nb"
DEFAULT_SYSTEM_PROMPT = (
    "You are a social-media copywriter. Write concise, vivid, on-brand posts in a natural voice. "
    "Answer with the post text only: no preamble, no quotes."
)


def _json_or_error(response: httpx.Response, what: str, api_key: str | None) -> Any:
    try:
        return json.loads(response.content)
    except ValueError as exc:
        raise APIResponseError(
            f"{what} failed: HTTP {response.status_code} with a body that is not JSON",
            status_code=response.status_code,
            api_key=api_key,
        ) from exc


def _message_text(content: Any) -> str | None:
    """Text of a message ``content``: a string as is, a list of parts joined, else None."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part["text"] for part in content if isinstance(part, dict) and isinstance(part.get("text"), str)
        )
    return None


class OpenRouterClient:
    """Async client for the OpenRouter API.

    Usage::

        async with OpenRouterClient() as client:          # key from OPENROUTER_API_KEY
            models = await client.list_models()
            text = await client.generate_text("openai/gpt-4o-mini", "A post about tea")

    Parameters
    ----------
    api_key:
        Bearer key; falls back to ``OPENROUTER_API_KEY``. Never shown in repr, errors or logs.
    base_url:
        API root; falls back to ``OPENROUTER_BASE_URL``, else ``https://openrouter.ai/api/v1``.
    timeout:
        Seconds (or an ``httpx.Timeout``) for the httpx client this object builds.
    models_ttl:
        Seconds a ``list_models()`` result is reused.
    client:
        An ``httpx.AsyncClient`` to use as is (not closed by :meth:`close`).
    transport:
        An httpx transport for the client this object builds, e.g. the offline ``Emulator``.
    clock:
        Monotonic clock for the model cache (injectable for tests).
    app_url, app_title:
        Attribution headers; fall back to ``OPENROUTER_APP_URL``/``OPENROUTER_APP_TITLE``.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = 120.0,
        models_ttl: float = 300.0,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        app_url: str | None = None,
        app_title: str | None = None,
    ) -> None:
        self.api_key = api_key if api_key is not None else os.environ.get("OPENROUTER_API_KEY")
        base = base_url or os.environ.get("OPENROUTER_BASE_URL") or DEFAULT_BASE_URL
        self.base_url = base.rstrip("/")
        self.timeout = timeout
        self.models_ttl = models_ttl
        self.app_url = app_url or os.environ.get("OPENROUTER_APP_URL") or DEFAULT_APP_URL
        self.app_title = app_title or os.environ.get("OPENROUTER_APP_TITLE") or DEFAULT_APP_TITLE
        if client is None:
            self._client = httpx.AsyncClient(timeout=timeout, transport=transport)
            self._owns_client = True
        else:
            self._client = client
            self._owns_client = False
        self._lock = asyncio.Lock()
        self._clock = clock
        self._model_cache: tuple[float, list[dict[str, Any]]] | None = None
        self._closed = False
        self._json_headers = self._build_headers()

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

    async def close(self) -> None:
        """Close the underlying httpx client if this object created it. Safe to call twice."""
        if self._owns_client and not self._closed:
            await self._client.aclose()
        self._closed = True

    async def __aenter__(self) -> OpenRouterClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _raise_for_status(self, response: httpx.Response, what: str, ok: tuple[int, ...]) -> None:
        if response.status_code not in ok:
            raise make_status_error(
                what,
                response.status_code,
                response.content,
                dict(response.headers),
                api_key=self.api_key,
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
    ) -> httpx.Response:
        """Send one request and return the response, or raise the typed error."""
        if self._closed:
            raise OpenRouterError(f"{what} failed: the client is closed")
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        try:
            response = await self._client.request(
                method,
                url,
                headers=self._json_headers,
                params=params,
                content=None if body is None else json.dumps(body).encode(),
            )
        except httpx.TimeoutException as exc:
            raise APITimeoutError(f"{what} failed: timed out ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise APIConnectionError(
                f"{what} failed: {type(exc).__name__}: {exc}", api_key=self.api_key
            ) from exc
        self._raise_for_status(response, what, ok)
        return response

    # -- catalog --------------------------------------------------------------------------

    async def list_models(self) -> list[dict[str, Any]]:
        """Return every model in the catalog (all output modalities), cached for ``models_ttl``.

        Concurrent callers on a cold cache share one request.
        """
        async with self._lock:
            cached = self._model_cache
            now = self._clock()
            if cached is not None and now - cached[0] < self.models_ttl:
                return cached[1]
            response = await self._send("GET", "/models", "list models", params={"output_modalities": "all"})
            payload = _json_or_error(response, "list models", self.api_key)
            models = payload.get("data") if isinstance(payload, dict) else None
            if not isinstance(models, list):
                models = []
            self._model_cache = (now, models)
            return models

    # -- generation -----------------------------------------------------------------------

    async def generate_text(self, model: str, prompt: str, *, system: str = DEFAULT_SYSTEM_PROMPT) -> str:
        """Ask a chat model for text and return the reply as a string.

        Sends a system message (a social-media copywriter by default; override with ``system``)
        and the user ``prompt``. Content given as a list of parts is joined.
        """
        what = f"text generation with {model!r}"
        body = {
            "model": model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": prompt},
            ],
        }
        response = await self._send("POST", "/chat/completions", what, body=body)
        payload = _json_or_error(response, what, self.api_key)
        choices = payload.get("choices") if isinstance(payload, dict) else None
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise APIResponseError(f"{what} failed: the response has no choices", api_key=self.api_key)
        message = choices[0].get("message")
        if not isinstance(message, dict):
            raise APIResponseError(f"{what} failed: the first choice has no message", api_key=self.api_key)
        text = _message_text(message.get("content"))
        if text is None:
            raise APIResponseError(f"{what} failed: the message has no text content", api_key=self.api_key)
        return text

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
        return _json_or_error(response, what, self.api_key)

    async def generate_video(
        self,
        *,
        model: str,
        prompt: str,
        duration: int | None = None,
        size: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """POST ``/videos`` and return the raw payload: an async job (202) ``{id, polling_url, status}``."""
        body: dict[str, Any] = {"model": model, "prompt": prompt}
        body.update({k: v for k, v in {"duration": duration, "size": size}.items() if v is not None})
        body.update(extra)
        what = f"video generation with {model!r}"
        response = await self._send("POST", "/videos", what, body=body, ok=(200, 202))
        return _json_or_error(response, what, self.api_key)
