"""Errors raised by openrouter_nb. Users catch these, never a bare httpx or json error.

The tree::

    OpenRouterError (RuntimeError)           every failure of an API call
    ├── APIConnectionError                   the request did not get an HTTP answer
    │   └── APITimeoutError                  connect, read, write or pool timeout
    ├── APIResponseError                     an answer came, but its body is unusable
    │   ├── ResponseTooLargeError            it is larger than a limit of ResponseLimits
    │   ├── InvalidMediaError                media that are not what they claim, or too many pixels
    │   ├── UnsafeURLError                   a URL in a response the client will not fetch
    │   └── OutputValidationError            a structured answer that does not fit its ``schema=``
    ├── APIStatusError                       the service answered with an error status
    │   ├── BadRequestError                  400  bad parameters, unknown model
    │   ├── AuthenticationError              401  missing, bad or disabled key
    │   ├── InsufficientCreditsError         402  add credits
    │   ├── PermissionDeniedError            403  moderation, guardrail, management-only route
    │   ├── NotFoundError                    404  no such resource or no routable endpoint
    │   ├── RequestTimeoutError              408  the service gave up waiting
    │   ├── PayloadTooLargeError             413  request body too big
    │   ├── RateLimitError                   429  slow down (see ``retry_after``)
    │   ├── InternalServerError              500 (and other 5xx without a class)
    │   ├── UpstreamProviderError            502  the model's provider failed
    │   └── NoProviderAvailableError         503  no provider meets the routing rules
    ├── GenerationError                      a 200 whose body or stream reports a failure
    ├── BudgetExceededError                  refused before sending: it would pass the client's budget
    └── VideoJobError                        a video job ended failed, cancelled or expired, or timed out

This module is a leaf: it imports nothing of the package. How a response becomes one of these
errors (the status table, tolerant parsing of error bodies, httpx failures) is decided where
responses enter, in :mod:`openrouter_nb.client.error_mapping`.

Messages never contain the API key. Errors are built without it: anything shaped like an
OpenRouter key is masked when an error is made, and the one request path (and the few entry
points that format server text into messages) masks the client's own key with
:meth:`OpenRouterError.redact` before an error reaches the caller.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Self

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BudgetExceededError",
    "GenerationError",
    "InsufficientCreditsError",
    "InternalServerError",
    "InvalidMediaError",
    "NoProviderAvailableError",
    "NotFoundError",
    "OpenRouterError",
    "OutputValidationError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseTooLargeError",
    "UnsafeURLError",
    "UpstreamProviderError",
    "VideoJobError",
    "redact",
]

# Anything shaped like an OpenRouter key is masked, even when it is not the client's own key.
_KEY_PATTERN = re.compile(r"sk-or-[A-Za-z0-9_-]{8,}")


def redact(text: str, *secrets: str | None) -> str:
    """Return ``text`` with the given secrets and anything shaped like a key masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _KEY_PATTERN.sub("sk-or-***", text)


class OpenRouterError(RuntimeError):
    """Root of every error an OpenRouter call raises."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))

    @property
    def message(self) -> str:
        """The full message (already redacted)."""
        return str(self.args[0]) if self.args else ""

    def redact(self, secret: str | None) -> Self:
        """Mask ``secret`` in the message and in every text field of this error, in place; return it.

        Server text (an error message, a body, headers) may echo what it was sent, the key included.
        """
        if not secret:
            return self
        self.args = tuple(_masked(arg, secret) for arg in self.args)
        for name, value in vars(self).items():
            setattr(self, name, _masked(value, secret))
        return self


def _masked(value: Any, secret: str) -> Any:
    """``value`` with ``secret`` masked, for the text-like shapes an error carries."""
    if isinstance(value, str):
        return redact(value, secret)
    if isinstance(value, bytes | bytearray):
        return value.replace(secret.encode(), b"***")
    if isinstance(value, dict):
        return {k: _masked(v, secret) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v, secret) for v in value]
    return value


class APIConnectionError(OpenRouterError):
    """The request got no HTTP answer: refused, dropped, DNS or protocol failure."""

    #: whether the request may have reached the service (and so may have been billed)
    request_sent: bool = True


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout."""


class APIResponseError(OpenRouterError):
    """The service answered 2xx but the body is not what the API documents (not JSON, wrong shape)."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class ResponseTooLargeError(APIResponseError):
    """A response (or one of its events, or its media) is larger than a :class:`ResponseLimits` bound."""

    def __init__(self, what: str, limit: str, size: int) -> None:
        super().__init__(
            f"{what} failed: the response is larger than ResponseLimits.{limit} ({size:,} bytes); the "
            f"connection was closed. Raise it if you expect this: OpenRouterClient(response_limits="
            f"ResponseLimits({limit}=...)) or client.with_options(response_limits=...)"
        )
        self.limit = limit
        self.limit_bytes = size


class InvalidMediaError(APIResponseError):
    """Media in a response are not what they claim (bytes, type, base64), or have too many pixels."""


class UnsafeURLError(APIResponseError):
    """A response names a URL the client refuses to fetch (not https, and not the API's own origin)."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class OutputValidationError(APIResponseError):
    """A structured answer (``schema=``) that is not JSON, or does not satisfy the schema asked for.

    ``raw_text`` is the answer as it came (billed all the same); ``validation_message`` says where
    and why it fails (the validator's own words).
    """

    def __init__(self, message: str, *, raw_text: str, validation_message: str) -> None:
        super().__init__(message)
        self.raw_text = raw_text
        self.validation_message = validation_message


class GenerationError(OpenRouterError):
    """A 200 whose body (``choices[].error``) or stream (an error chunk) reports a failed generation."""

    def __init__(
        self,
        message: str,
        *,
        code: int | str | None = None,
        metadata: dict[str, Any] | None = None,
        partial_text: str = "",
    ) -> None:
        super().__init__(message)
        self.code = code
        self.metadata = metadata or {}
        #: text received before the failure; never presented as a complete result
        self.partial_text = partial_text


class BudgetExceededError(OpenRouterError):
    """A billed call was refused before sending: its estimate would pass the client's ``budget``.

    ``budget``, ``spent`` and ``estimate`` (None when the price could not be estimated) in USD.
    """

    def __init__(self, message: str, *, budget: float, spent: float, estimate: float | None) -> None:
        super().__init__(message)
        self.budget, self.spent, self.estimate = budget, spent, estimate


class VideoJobError(OpenRouterError):
    """A video job ended ``failed``, ``cancelled`` or ``expired``, or did not finish in time."""

    def __init__(self, message: str, *, job: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.job = job or {}
        self.status = self.job.get("status")


class APIStatusError(OpenRouterError):
    """The service answered with an error status; carries what its error envelope said."""

    status_code: int = 0
    hint: str = ""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: int | str | None = None,
        api_message: str = "",
        metadata: dict[str, Any] | None = None,
        retry_after: float | None = None,
        headers: dict[str, str] | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.api_message = redact(api_message)
        self.metadata = metadata or {}
        self.retry_after = retry_after
        self.headers = headers or {}
        self.body = body

    @property
    def availability(self) -> dict[str, Any]:
        """The ``error.availability`` object (retryable, retry_after, …), or ``{}``."""
        value = self.metadata.get("availability")
        return value if isinstance(value, dict) else {}


class BadRequestError(APIStatusError):
    """400: bad or missing parameters, or an unknown model id."""

    status_code = 400
    hint = "check the model id and the request fields"


class AuthenticationError(APIStatusError):
    """401: missing, invalid or disabled API key."""

    status_code = 401
    hint = "set OPENROUTER_API_KEY to a valid key (https://openrouter.ai/keys), or use orn.connect() offline"


class InsufficientCreditsError(APIStatusError):
    """402: the account or key has run out of credits."""

    status_code = 402
    hint = "add credits at https://openrouter.ai/credits or raise the key's limit"


class PermissionDeniedError(APIStatusError):
    """403: moderation, a guardrail, or a route that needs a management key."""

    status_code = 403
    hint = "the request was refused; see .reasons and .flagged_input for moderation"

    @property
    def reasons(self) -> list[str]:
        """Moderation reasons, when the 403 came from moderation."""
        value = self.metadata.get("reasons")
        return [str(r) for r in value] if isinstance(value, list) else []

    @property
    def flagged_input(self) -> str | None:
        """The (elided) input that moderation flagged."""
        value = self.metadata.get("flagged_input")
        return value if isinstance(value, str) else None


class NotFoundError(APIStatusError):
    """404: no such model, job or generation (yet), or no routable endpoint."""

    status_code = 404
    hint = "check the id; a fresh generation id can take a few seconds to appear"


class RequestTimeoutError(APIStatusError):
    """408: the service timed out."""

    status_code = 408
    hint = "retry, or ask for less output"


class PayloadTooLargeError(APIStatusError):
    """413: the request body is too large."""

    status_code = 413
    hint = "send smaller inputs (images, video references)"


class RateLimitError(APIStatusError):
    """429: rate limited. ``retry_after`` when the service said how long to wait; for OpenRouter's own
    limits, ``limit``, ``remaining`` and ``reset_at`` (a UTC datetime) from ``X-RateLimit-*``, and
    ``scope``: ``"minute"`` (free-models-per-min) or ``"day"`` (free-models-per-day), else None."""

    status_code = 429
    hint = "slow down; :free models allow 20 requests per minute"

    def _rate_header(self, name: str) -> str | None:
        nested = self.metadata.get("headers")
        for source in (self.headers, nested if isinstance(nested, dict) else {}):
            for key, value in source.items():
                if isinstance(key, str) and key.lower() == name and isinstance(value, str | int):
                    return str(value)
        return None

    def _rate_number(self, name: str) -> int | None:
        value = self._rate_header(name)
        try:
            return int(float(value)) if value is not None else None
        except ValueError:
            return None

    @property
    def limit(self) -> int | None:
        """Requests the window allows (``X-RateLimit-Limit``)."""
        return self._rate_number("x-ratelimit-limit")

    @property
    def remaining(self) -> int | None:
        """Requests left in the window (``X-RateLimit-Remaining``)."""
        return self._rate_number("x-ratelimit-remaining")

    @property
    def reset_at(self) -> datetime | None:
        """When the window resets, in UTC (``X-RateLimit-Reset`` is in epoch milliseconds)."""
        value = self._rate_number("x-ratelimit-reset")
        if value is None:
            return None
        seconds = value / 1000 if value > 10**11 else value  # milliseconds, as the service sends; seconds tolerated
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None

    @property
    def scope(self) -> str | None:
        """``"minute"`` or ``"day"`` for the free tier's limits (by the service's message), else None."""
        text = self.api_message.lower()
        if "per-day" in text or "per day" in text:
            return "day"
        if "per-min" in text or "per minute" in text:
            return "minute"
        return None


class InternalServerError(APIStatusError):
    """500 (and any other 5xx without a class of its own)."""

    status_code = 500
    hint = "a server-side failure; retrying later usually works"


class UpstreamProviderError(APIStatusError):
    """502: the model's provider is down or answered badly (a failed image is not billed)."""

    status_code = 502
    hint = "the provider failed; retry or pick another model/provider"


class NoProviderAvailableError(APIStatusError):
    """503: no provider meets the routing requirements right now."""

    status_code = 503
    hint = "loosen provider routing or retry later"
