"""How a client's options become its parts: headers, the httpx client, in-flight slots, the cache."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from .cache import ResponseCache

__all__ = ["check_retries", "http_client", "in_flight_slots", "request_headers", "response_cache"]


def check_retries(max_retries: Any) -> int:
    """``max_retries`` when it is a whole number of retries (0 or more), else ``ValueError``."""
    if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
        raise ValueError(f"max_retries must be a non-negative integer, got {max_retries!r}")
    return max_retries


def request_headers(api_key: str | None, app_url: str, app_title: str) -> tuple[dict[str, str], dict[str, str]]:
    """The JSON request headers: with the key (for the API's own origin) and without it (for other hosts)."""
    keyless = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "HTTP-Referer": app_url,
        "X-Title": app_title,
        "X-OpenRouter-Title": app_title,
    }
    return ({**keyless, "Authorization": f"Bearer {api_key}"} if api_key else dict(keyless)), keyless


def http_client(
    transport: httpx.AsyncBaseTransport | None,
    timeout: float | httpx.Timeout | None,
    limits: httpx.Limits | None,
    headers: dict[str, str],
) -> httpx.AsyncClient:
    """The httpx client a client owns; its headers live on it, so requests do not re-merge them every call."""
    options: dict[str, Any] = {"timeout": timeout, "transport": transport, "headers": headers}
    if limits is not None:
        options["limits"] = limits
    return httpx.AsyncClient(**options)


def in_flight_slots(asyncio: Any, limits: httpx.Limits | None) -> Any:
    """At most as many requests in flight as the pool has connections.

    httpcore scans its whole wait queue for every connection that frees up, so hundreds of queued
    requests cost quadratic time (500 concurrent generations over the loopback emulator: 7.0 s
    queued in httpcore, 0.76 s gated here).
    """
    pool = (limits or httpx.Limits(max_connections=100)).max_connections
    return asyncio.Semaphore(pool) if pool else None


def response_cache(cache: bool | str | os.PathLike[str] | ResponseCache | None) -> ResponseCache | None:
    """The response cache a ``cache=`` option asks for (None: off; True: the default folder)."""
    if cache is None or cache is False:
        return None
    from .cache import ResponseCache  # only a client with a cache needs it

    if isinstance(cache, ResponseCache):
        return cache
    return ResponseCache(None if cache is True else Path(cache))
