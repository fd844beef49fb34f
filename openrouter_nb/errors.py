"""Errors raised by openrouter_nb. Users catch these, never a bare httpx or json error.

The tree::

    OpenRouterError (RuntimeError)           every failure of an API call
    ├── APIConnectionError                   the request did not get an HTTP answer
    │   └── APITimeoutError                  connect, read, write or pool timeout
    ├── APIResponseError                     an answer came, but its body is unusable
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
    └── VideoJobError                        a video job ended failed, cancelled or expired, or timed out

Messages never contain the API key. Errors are built without it: anything shaped like an
OpenRouter key is masked when an error is made, and the one request path (and the few entry
points that format server text into messages) masks the client's own key with
:meth:`OpenRouterError.redact` before an error reaches the caller.
"""

from __future__ import annotations

import json
import re
from typing import Any, Self

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "GenerationError",
    "InsufficientCreditsError",
    "InternalServerError",
    "NoProviderAvailableError",
    "NotFoundError",
    "OpenRouterError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "UpstreamProviderError",
    "VideoJobError",
    "make_generation_error",
    "make_status_error",
    "parse_error_body",
    "parse_retry_after",
    "redact",
]

MAX_MESSAGE_CHARS = 300
# Anything shaped like an OpenRouter key is masked, even when it is not the client's own key.
_KEY_PATTERN = re.compile(r"sk-or-[A-Za-z0-9_-]{8,}")


def redact(text: str, *secrets: str | None) -> str:
    """Return ``text`` with the given secrets and anything shaped like a key masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _KEY_PATTERN.sub("sk-or-***", text)


def _shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    hint = "set OPENROUTER_API_KEY to a valid key (https://openrouter.ai/keys)"


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
    """429: rate limited; ``retry_after`` says how long to wait when the service said so."""

    status_code = 429
    hint = "slow down; :free models allow 20 requests per minute"


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


# every status class above, by the status it stands for
_STATUS_CLASSES: dict[int, type[APIStatusError]] = {cls.status_code: cls for cls in APIStatusError.__subclasses__()}


def parse_error_body(body: Any) -> tuple[int | str | None, str, dict[str, Any]]:
    """Return ``(code, message, metadata)`` from an error body, whatever its shape.

    ``body`` is the raw text/bytes or the decoded JSON. The documented envelope is
    ``{"error": {"code", "message", "metadata"?, "availability"?}}``; ``availability`` is folded
    into the returned metadata. Anything else yields ``(None, <short text>, {})``.
    """
    if isinstance(body, bytes | bytearray):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            text = body.strip()
            if text.lstrip().lower().startswith(("<!doctype", "<html")):
                return None, "an HTML page instead of a JSON error", {}
            return None, _shorten(text), {}
    if not isinstance(body, dict):
        return None, "", {}
    error = body.get("error")
    if isinstance(error, str):
        return None, _shorten(error), {}
    if not isinstance(error, dict):
        message = body.get("message")
        return None, _shorten(message) if isinstance(message, str) else "", {}
    code = error.get("code")
    if not isinstance(code, int | str) or isinstance(code, bool):
        code = None
    message = error.get("message")
    message = _shorten(message) if isinstance(message, str) else ""
    metadata = error.get("metadata")
    metadata = dict(metadata) if isinstance(metadata, dict) else {}
    if isinstance(error.get("availability"), dict):
        metadata["availability"] = error["availability"]
    return code, message, metadata


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds only); None when absent or unusable."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if seconds != seconds or seconds < 0:  # NaN or negative
        return None
    return seconds


def make_status_error(
    what: str,
    status_code: int,
    body: Any,
    headers: dict[str, str] | None = None,
) -> APIStatusError:
    """Build the typed error for an error status: the one place statuses map to classes."""
    code, api_message, metadata = parse_error_body(body)
    headers = headers or {}
    retry_after = parse_retry_after(headers.get("retry-after") or headers.get("Retry-After"))
    availability = metadata.get("availability")
    if retry_after is None and isinstance(availability, dict):
        value = availability.get("retry_after")
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            retry_after = float(value)
    cls = _STATUS_CLASSES.get(status_code)
    if cls is None:
        cls = InternalServerError if status_code >= 500 else APIStatusError
    message = f"{what} failed: HTTP {status_code}"
    if api_message:
        message += f": {api_message}"
    if cls.hint:
        message += f" ({cls.hint})"
    return cls(
        message,
        status_code=status_code,
        code=code,
        api_message=api_message,
        metadata=metadata,
        retry_after=retry_after,
        headers=dict(headers),
        body=body,
    )


def make_generation_error(what: str, error: Any, partial: str = "") -> GenerationError:
    """Build the error for a generation that failed inside a 200 (a choice's or a chunk's ``error``)."""
    if isinstance(error, dict):
        code = error.get("code")
        code = code if isinstance(code, int | str) and not isinstance(code, bool) else None
        text = error.get("message")
        message = text if isinstance(text, str) else "generation failed"
        metadata = error.get("metadata") if isinstance(error.get("metadata"), dict) else {}
    else:
        code, message, metadata = None, str(error), {}
    return GenerationError(
        f"{what} failed during generation: {_shorten(message)} (code {code}); partial text kept in .partial_text",
        code=code,
        metadata=metadata,
        partial_text=partial,
    )
