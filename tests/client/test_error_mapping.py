"""How failures become errors: the status → class table, the tolerant body parser, httpx failures."""

from __future__ import annotations

import httpx
import pytest

from openrouter_nb import errors
from openrouter_nb.client.error_mapping import connection_error, make_status_error, parse_error_body
from openrouter_nb.errors import (
    APIStatusError,
    AuthenticationError,
    InsufficientCreditsError,
    InternalServerError,
    OpenRouterError,
    PermissionDeniedError,
    RateLimitError,
    redact,
)

KEY = "sk-or-v1-" + "f" * 64

STATUS_TABLE = [
    (400, errors.BadRequestError),
    (401, errors.AuthenticationError),
    (402, errors.InsufficientCreditsError),
    (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError),
    (408, errors.RequestTimeoutError),
    (413, errors.PayloadTooLargeError),
    (429, errors.RateLimitError),
    (500, errors.InternalServerError),
    (502, errors.UpstreamProviderError),
    (503, errors.NoProviderAvailableError),
    (504, errors.InternalServerError),
    (409, errors.APIStatusError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_TABLE, ids=[str(s) for s, _ in STATUS_TABLE])
def test_status_maps_to_class(status, cls):
    error = make_status_error("thing", status, {"error": {"code": status, "message": "nope"}})
    assert type(error) is cls
    assert isinstance(error, APIStatusError) and isinstance(error, OpenRouterError)
    assert error.status_code == status and error.code == status and error.api_message == "nope"
    assert f"HTTP {status}" in str(error) and "nope" in str(error)


def test_messages_tell_the_user_what_to_do():
    assert "OPENROUTER_API_KEY" in str(make_status_error("x", 401, b""))
    assert "credits" in str(make_status_error("x", 402, b""))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({"error": {"code": 429, "message": "slow"}}, (429, "slow", {}), id="envelope"),
        pytest.param({"error": {"code": "server_error", "message": "x"}}, ("server_error", "x", {}), id="str-code"),
        pytest.param(
            {"error": {"message": "m", "availability": {"retryable": True}}},
            (None, "m", {"availability": {"retryable": True}}),
            id="availability",
        ),
        pytest.param({"error": "plain"}, (None, "plain", {}), id="error-string"),
        pytest.param({"message": "top"}, (None, "top", {}), id="top-message"),
        pytest.param(b"<html><body>502</body></html>", (None, "an HTML page instead of a JSON error", {}), id="html"),
        pytest.param(b"", (None, "", {}), id="empty"),
        pytest.param(b"\xff\xfe garbage", (None, "\ufffd\ufffd garbage", {}), id="bytes"),
        pytest.param([1, 2], (None, "", {}), id="list"),
        pytest.param({"error": {"code": True, "message": 5, "metadata": "x"}}, (None, "", {}), id="wrong-types"),
    ],
)
def test_parse_error_body_is_tolerant(body, expected):
    assert parse_error_body(body) == expected


def test_moderation_metadata_and_retry_after():
    body = {"error": {"code": 403, "message": "flagged", "metadata": {"reasons": ["violence"], "flagged_input": "…"}}}
    error = make_status_error("chat", 403, body)
    assert isinstance(error, PermissionDeniedError)
    assert error.reasons == ["violence"] and error.flagged_input == "…"
    limited = make_status_error("chat", 429, {}, {"retry-after": "7"})
    assert isinstance(limited, RateLimitError) and limited.retry_after == 7.0
    availability = make_status_error("chat", 503, {"error": {"message": "x", "availability": {"retry_after": 3}}})
    assert availability.retry_after == 3.0 and availability.availability == {"retry_after": 3}
    assert make_status_error("chat", 429, {}, {"retry-after": "soon"}).retry_after is None


def test_key_never_in_messages():
    body = {"error": {"code": 401, "message": f"key {KEY} is bad"}}
    error = make_status_error("chat", 401, body)
    assert KEY not in str(error) and KEY not in error.api_message  # key-shaped text is masked at once
    custom = "not-key-shaped-secret-0123456789"
    echoed = make_status_error("chat", 401, {"error": {"message": f"bad {custom}"}}, {"x-echo": custom})
    assert custom in str(echoed)
    assert echoed.redact(custom) is echoed
    assert custom not in str(echoed) and custom not in repr(echoed) and custom not in str(echoed.__dict__)
    assert isinstance(error, AuthenticationError)
    other = "sk-or-v1-" + "0123456789abcdef" * 4
    assert other not in redact(f"leaked {other} here")
    assert isinstance(make_status_error("x", 402, b""), InsufficientCreditsError)
    assert isinstance(make_status_error("x", 599, b""), InternalServerError)


def test_message_truncated():
    error = make_status_error("x", 500, {"error": {"message": "y" * 10_000}})
    assert len(str(error)) < 500


# every httpx failure, and the error it becomes: timeouts are APITimeoutError; a failure before the
# request left the machine says so (request_sent False), so a caller knows nothing was billed
HTTPX_FAILURES = [
    (httpx.ConnectTimeout, errors.APITimeoutError, False),
    (httpx.ReadTimeout, errors.APITimeoutError, True),
    (httpx.WriteTimeout, errors.APITimeoutError, True),
    (httpx.PoolTimeout, errors.APITimeoutError, False),
    (httpx.ConnectError, errors.APIConnectionError, False),
    (httpx.ReadError, errors.APIConnectionError, True),
    (httpx.WriteError, errors.APIConnectionError, True),
    (httpx.CloseError, errors.APIConnectionError, True),
    (httpx.RemoteProtocolError, errors.APIConnectionError, True),
    (httpx.LocalProtocolError, errors.APIConnectionError, True),
    (httpx.ProxyError, errors.APIConnectionError, True),
    (httpx.UnsupportedProtocol, errors.APIConnectionError, False),
]


@pytest.mark.parametrize(("exc", "cls", "sent"), HTTPX_FAILURES, ids=[e.__name__ for e, _, _ in HTTPX_FAILURES])
def test_httpx_failures_map_to_connection_errors(exc, cls, sent):
    error = connection_error("list models", exc("boom"), "POST")
    assert type(error) is cls and "list models failed" in str(error)
    if cls is errors.APIConnectionError:
        assert error.request_sent is sent


def test_every_httpx_transport_error_is_in_the_table():
    def leaves(cls):
        subs = cls.__subclasses__()
        return {cls} if not subs else set().union(*(leaves(s) for s in subs))

    assert leaves(httpx.TransportError) <= {exc for exc, _, _ in HTTPX_FAILURES}
