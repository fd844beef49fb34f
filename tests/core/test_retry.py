"""Retry policy: pure functions, checked in tables."""

from __future__ import annotations

import random

import httpx
import pytest

from openrouter_nb._core.retry import (
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    retry_delay,
    should_retry_exception,
    should_retry_status,
)


@pytest.mark.parametrize(
    ("status", "retry_after", "availability", "expected"),
    [
        pytest.param(408, None, {}, True, id="408"),
        pytest.param(429, None, {}, True, id="429"),
        pytest.param(500, None, {}, True, id="500"),
        pytest.param(502, None, {}, True, id="502"),
        pytest.param(503, None, {}, True, id="503"),
        pytest.param(524, None, {}, True, id="524"),
        pytest.param(400, None, {}, False, id="400"),
        pytest.param(401, 1.0, {}, False, id="401-even-with-retry-after"),
        pytest.param(403, None, {}, False, id="403"),
        pytest.param(404, None, {}, False, id="404"),
        pytest.param(413, None, {}, False, id="413"),
        pytest.param(402, None, {}, False, id="402-without-retry-after"),
        pytest.param(402, 2.0, {}, True, id="402-with-retry-after"),
        pytest.param(503, None, {"retryable": False}, False, id="availability-not-retryable"),
        pytest.param(409, None, {"retryable": True}, True, id="availability-retryable"),
    ],
)
def test_should_retry_status(status, retry_after, availability, expected):
    assert should_retry_status(status, retry_after, availability) is expected


def request() -> httpx.Request:
    return httpx.Request("POST", "https://x.test")


@pytest.mark.parametrize(
    ("exc", "method", "expected"),
    [
        pytest.param(httpx.ConnectError("no"), "POST", True, id="connect-post"),
        pytest.param(httpx.ConnectTimeout("no"), "POST", True, id="connect-timeout-post"),
        pytest.param(httpx.PoolTimeout("no"), "POST", True, id="pool-timeout-post"),
        pytest.param(httpx.ReadTimeout("no"), "POST", False, id="read-timeout-post-may-be-billed"),
        pytest.param(httpx.RemoteProtocolError("no"), "POST", False, id="dropped-post-may-be-billed"),
        pytest.param(httpx.ReadTimeout("no"), "GET", True, id="read-timeout-get"),
        pytest.param(httpx.RemoteProtocolError("no"), "GET", True, id="dropped-get"),
        pytest.param(ValueError("no"), "GET", False, id="not-transport"),
    ],
)
def test_should_retry_exception(exc, method, expected):
    assert should_retry_exception(exc, method) is expected


@pytest.mark.parametrize(
    ("attempt", "retry_after", "low", "high"),
    [
        pytest.param(1, None, 0.375, 0.5, id="first"),
        pytest.param(2, None, 0.5625, 0.75, id="second"),
        pytest.param(30, None, MAX_RETRY_DELAY * 0.75, MAX_RETRY_DELAY, id="capped"),
        pytest.param(1, 0.0, 0.0, 0.0, id="retry-after-zero"),
        pytest.param(1, 7.0, 7.0, 7.0, id="retry-after-seconds"),
        pytest.param(1, float("nan"), 0.375, 0.5, id="retry-after-nan-ignored"),
        pytest.param(1, -3.0, 0.375, 0.5, id="retry-after-negative-ignored"),
    ],
)
def test_retry_delay(attempt, retry_after, low, high):
    delay = retry_delay(attempt, retry_after, rng=random.Random(1))
    assert low <= delay <= high


def test_retry_after_over_cap_gives_up():
    assert retry_delay(1, MAX_RETRY_AFTER + 1) is None
    assert retry_delay(1, float("inf")) is None
