"""How what the service said, or failed to say, becomes an error: the one place failures are mapped.

Like httpx's ``map_httpcore_exceptions``, the mapping lives where responses enter the package (the
requester and the chat resources call it); :mod:`openrouter_nb.errors` only defines the classes.
Error statuses map to their class by the status each class declares, error bodies of any shape are
parsed without raising, and httpx transport failures become :class:`APIConnectionError` or
:class:`APITimeoutError`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx

from .._core import retry
from ..errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    GenerationError,
    InternalServerError,
    OpenRouterError,
    RateLimitError,
    redact,
)

__all__ = [
    "MAX_MESSAGE_CHARS",
    "connection_error",
    "without_key",
    "make_generation_error",
    "make_status_error",
    "parse_error_body",
    "parse_retry_after",
    "shorten",
]

logger = logging.getLogger("openrouter_nb")

#: server text quoted in an error message is cut to this many characters
MAX_MESSAGE_CHARS = 300


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters (ending in an ellipsis when cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# every status class of the error tree, by the status it stands for
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
            return None, shorten(text), {}
    if not isinstance(body, dict):
        return None, "", {}
    error = body.get("error")
    if isinstance(error, str):
        return None, shorten(error), {}
    if not isinstance(error, dict):
        message = body.get("message")
        return None, shorten(message) if isinstance(message, str) else "", {}
    code = error.get("code")
    if not isinstance(code, int | str) or isinstance(code, bool):
        code = None
    message = error.get("message")
    message = shorten(message) if isinstance(message, str) else ""
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
    error = cls(
        message,
        status_code=status_code,
        code=code,
        api_message=api_message,
        metadata=metadata,
        retry_after=retry_after,
        headers=dict(headers),
        body=body,
    )
    if isinstance(error, RateLimitError):
        from .rate_limits import describe  # the free tier's limits, in words

        meaning = describe(error)
        if meaning:
            error.args = (redact(f"{what} failed: HTTP 429: {api_message.rstrip('.')}: {meaning}"),)
    return error


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
        f"{what} failed during generation: {shorten(message)} (code {code}); partial text kept in .partial_text",
        code=code,
        metadata=metadata,
        partial_text=partial,
    )


def connection_error(what: str, exc: httpx.HTTPError, method: str) -> APIConnectionError:
    """The error for an httpx failure that left no usable answer (chained by the caller ``from exc``)."""
    if isinstance(exc, httpx.TransportError) and retry.request_was_sent(exc) and method != "GET":
        logger.debug("%s: not retrying %s: the request may have been billed", what, type(exc).__name__)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"{what} failed: timed out ({type(exc).__name__})")
    failure = APIConnectionError(f"{what} failed: {type(exc).__name__}: {exc}")
    failure.request_sent = retry.request_was_sent(exc)
    return failure


#: what a keyless client's unreachable service adds: offline, a DNS error alone does not say why
NO_KEY = "no OPENROUTER_API_KEY is set: orn.connect() gives the offline emulator"


def without_key(error: OpenRouterError) -> OpenRouterError:
    """Say, on a keyless client's connection failure, that there is no key and where the emulator is."""
    if type(error) is APIConnectionError and NO_KEY not in error.message:
        error.args = (f"{error.message} ({NO_KEY})",)
    return error
