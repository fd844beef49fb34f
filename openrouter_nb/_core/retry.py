"""Retry policy as data and pure functions; the client's loop only asks these.

The rule for money: a request that may have reached the model is never sent twice.

- Status answers 408, 429, 500, 502, 503 (and other 5xx) are retried: the service refused or
  failed the request, and OpenRouter does not bill a failed request.
- 400, 401, 403, 404 and 413 are never retried: sending the same request again cannot help.
  402 is retried only when the service says when (``Retry-After`` or ``availability.retry_after``).
- Connection failures *before* the request was sent (connect errors and timeouts, pool timeouts)
  are retried for every method.
- Failures *after* the request was sent (read timeouts, dropped connections) are retried only for
  GET: a POST may already be generating, and billed.
- ``error.availability.retryable == false`` stops retries whatever the status.
"""

from __future__ import annotations

import random
from typing import Any

import httpx

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "RETRY_STATUSES",
    "request_was_sent",
    "retry_delay",
    "should_retry_exception",
    "should_retry_status",
]

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5  # seconds, like the official SDKs
BACKOFF_EXPONENT = 1.5
MAX_RETRY_DELAY = 8.0  # cap of one computed backoff wait
MAX_RETRY_AFTER = 60.0  # cap of one server-requested wait; longer asks are not waited for
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 520, 522, 524, 529})
NEVER_RETRY = frozenset({400, 401, 403, 404, 413})

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def request_was_sent(exc: BaseException) -> bool:
    """False when an httpx failure happened before the request left this machine."""
    return not isinstance(exc, _NOT_SENT)


def should_retry_status(status: int, retry_after: float | None, availability: dict[str, Any]) -> bool:
    """Whether an error status is worth another attempt (see the module rules)."""
    if availability.get("retryable") is False:
        return False
    if status in NEVER_RETRY:
        return False
    if status == 402:
        return retry_after is not None
    return status in RETRY_STATUSES or status >= 500 or availability.get("retryable") is True


def should_retry_exception(exc: BaseException, method: str) -> bool:
    """Whether a transport failure is safe to retry for this HTTP method."""
    if not isinstance(exc, httpx.TransportError):
        return False
    return method.upper() == "GET" or not request_was_sent(exc)


def retry_delay(attempt: int, retry_after: float | None = None, *, rng: random.Random | None = None) -> float | None:
    """Seconds to wait before retry number ``attempt`` (1-based), or None to give up.

    A server-requested wait (``Retry-After``) is honoured up to :data:`MAX_RETRY_AFTER`; a longer
    one returns None (waiting minutes in a notebook cell is worse than a clear error). Otherwise:
    exponential backoff from :data:`INITIAL_RETRY_DELAY`, capped, with up to 25% jitter off.
    """
    if retry_after is not None:
        if retry_after != retry_after or retry_after < 0:  # NaN or negative: ignore it
            retry_after = None
        elif retry_after > MAX_RETRY_AFTER:
            return None
        else:
            return retry_after
    base = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * BACKOFF_EXPONENT ** max(0, attempt - 1))
    jitter = (rng or random).random() * 0.25
    return base * (1.0 - jitter)
