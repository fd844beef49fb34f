"""Retry policy: pure functions in a table, and the client loop against the emulator's faults."""

from __future__ import annotations

import logging
import random

import httpx
import pytest

from openrouter_nb import OpenRouterClient
from openrouter_nb.emulator import DEMO_KEY, Emulator, Fault
from openrouter_nb.errors import (
    APIConnectionError,
    APIStatusError,
    BadRequestError,
    InsufficientCreditsError,
    RateLimitError,
    UpstreamProviderError,
)
from openrouter_nb.retry import (
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


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def client_for(emulator: Emulator, sleep: Sleeps, **kwargs) -> OpenRouterClient:
    return OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=sleep, **kwargs)


async def test_429_then_success_honours_retry_after(caplog):
    emulator, sleep = Emulator(), Sleeps()
    emulator.script("chat", Fault.error(429, retry_after=0), Fault.error(429, retry_after=2), "ok")
    async with client_for(emulator, sleep) as client:
        with caplog.at_level(logging.INFO, logger="openrouter_nb"):
            text = await client.generate_text("openai/gpt-4o-mini", "a beach post")
    assert text and sleep.calls == [0.0, 2.0]
    assert len(emulator.calls("chat")) == 3
    assert sum("retrying" in r.getMessage() for r in caplog.records) == 2


async def test_retries_exhausted_raise_the_last_error():
    emulator, sleep = Emulator(), Sleeps()
    emulator.script("chat", 502, 502, 502, "ok")
    async with client_for(emulator, sleep, max_retries=2) as client:
        with pytest.raises(UpstreamProviderError):
            await client.chat("openai/gpt-4o-mini", "x")
    assert len(emulator.calls("chat")) == 3 and len(sleep.calls) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 413])
async def test_never_retried_statuses(status):
    emulator, sleep = Emulator(), Sleeps()
    emulator.script("chat", status)
    async with client_for(emulator, sleep) as client:
        with pytest.raises(APIStatusError) as info:
            await client.chat("openai/gpt-4o-mini", "x")
    assert info.value.status_code == status
    assert len(emulator.calls("chat")) == 1 and sleep.calls == []


async def test_402_only_with_retry_after():
    emulator, sleep = Emulator(), Sleeps()
    emulator.script("chat", 402, Fault.error(402, retry_after=1), "ok")
    async with client_for(emulator, sleep) as client:
        with pytest.raises(InsufficientCreditsError):
            await client.chat("openai/gpt-4o-mini", "x")
        assert (await client.chat("openai/gpt-4o-mini", "x")).text
    assert sleep.calls == [1.0]


async def test_long_retry_after_is_not_waited_for():
    emulator, sleep = Emulator(), Sleeps()
    emulator.script("chat", Fault.error(429, retry_after=3600))
    async with client_for(emulator, sleep) as client:
        with pytest.raises(RateLimitError) as info:
            await client.chat("openai/gpt-4o-mini", "x")
    assert info.value.retry_after == 3600 and sleep.calls == []


async def test_post_not_retried_after_it_may_have_been_sent():
    emulator, sleep = Emulator(), Sleeps()
    emulator.script("chat", "drop", "ok")
    async with client_for(emulator, sleep) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.chat("openai/gpt-4o-mini", "x")
        assert info.value.request_sent is True
    assert len(emulator.calls("chat")) == 1 and sleep.calls == []


async def test_post_retried_when_never_sent_and_get_retried_after_drop():
    emulator, sleep = Emulator(), Sleeps()
    emulator.script("chat", "connect_timeout", "ok")
    emulator.script("models", "drop", "ok")
    async with client_for(emulator, sleep) as client:
        assert (await client.chat("openai/gpt-4o-mini", "x")).text
        assert len(await client.list_models()) == 549
    assert len(sleep.calls) == 2


async def test_bad_request_is_not_retried_and_nothing_is_sent_for_typos():
    emulator, sleep = Emulator(), Sleeps()
    async with client_for(emulator, sleep) as client:
        with pytest.raises(BadRequestError):
            await client.chat("no/such-model", "x")
        with pytest.raises(ValueError):
            await client.chat("", "x")
    assert len(emulator.calls("chat")) == 1
