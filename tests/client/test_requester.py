"""The one request path: status and connection errors, retries against scripted faults, redaction."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from openrouter_nb import OpenRouterClient, OpenRouterError, errors
from openrouter_nb.emulator import DEMO_KEY, Emulator, Fault
from openrouter_nb.errors import (
    APIConnectionError,
    APIStatusError,
    BadRequestError,
    InsufficientCreditsError,
    RateLimitError,
    UpstreamProviderError,
)
from tests.support.helpers import (
    KEY,
    TEXT,
    Sleeps,
    make_client,
)


async def test_error_message_truncated_and_never_contains_key():
    long_message = f"bad key {KEY} " + "x" * 5000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": {"code": 401, "message": long_message}})

    client = make_client(handler)
    with pytest.raises(OpenRouterError) as info:
        await client.generate_text("openai/gpt-4o", "hi")
    text = str(info.value)
    assert KEY not in text
    assert "401" in text and "bad key" in text
    assert len(text) < 600
    chain = info.value.__cause__
    assert chain is None or KEY not in str(chain)
    await client.close()


async def test_error_without_envelope_still_says_status():
    client = make_client(lambda r: httpx.Response(503, content=b""))
    with pytest.raises(OpenRouterError, match="503"):
        await client.generate_image(model="m/x", prompt="p")
    await client.close()


async def test_connection_failure_is_openrouter_error():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = make_client(handler)
    with pytest.raises(OpenRouterError) as info:
        await client.list_models()
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    await client.close()


def test_connection_errors_chain_httpx():
    async def go():
        def handler(request):
            raise httpx.ReadTimeout("slow", request=request)

        from openrouter_nb import OpenRouterClient

        async with OpenRouterClient(transport=httpx.MockTransport(handler), max_retries=0) as client:
            await client.list_models()

    with pytest.raises(errors.APITimeoutError) as info:
        asyncio.run(go())
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert isinstance(info.value, errors.APIConnectionError)


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


# -- the key is masked at the boundary, whatever the server echoes ---------------------------------

SECRET = "custom-secret-not-shaped-like-a-key-0123"  # not sk-or-…: only the boundary can mask it


def _texts(error: BaseException) -> str:
    seen = []
    while error is not None:
        seen += [str(error), repr(error), str(vars(error))]
        error = error.__cause__ or error.__context__
    return " ".join(seen)


def echoing(request: httpx.Request) -> httpx.Response:
    """A hostile server that puts the Authorization header it got into every answer."""
    auth = request.headers.get("authorization", "")
    path = request.url.path
    if path.endswith("/models"):
        return httpx.Response(401, json={"error": {"code": 401, "message": f"bad {auth}"}}, headers={"x-echo": auth})
    if path.endswith("/chat/completions") and b'"stream": true' in request.content:
        body = f'data: {{"error": {{"code": 502, "message": "{auth}"}}, "choices": []}}\n\n'
        return httpx.Response(200, content=body.encode(), headers={"content-type": "text/event-stream"})
    if path.endswith("/chat/completions"):
        choice = {"index": 0, "error": {"code": 502, "message": auth}, "message": {"content": auth}}
        return httpx.Response(200, json={"choices": [choice], "usage": {"cost": 0.1}})
    if "/videos/" in path:
        return httpx.Response(200, json={"id": "job-1", "status": "failed", "error": auth})
    return httpx.Response(500, content=f"<html>{auth}</html>".encode())


async def test_errors_never_carry_the_key_even_when_the_server_echoes_it():
    client = make_client(echoing, api_key=SECRET, max_retries=0)
    calls = [
        client.list_models(),
        client.chat(TEXT, "x"),
        client.generate_text(TEXT, "x"),
        client.stream_text(TEXT, "x").collect(),
        client.wait_for_video("job-1", progress=False),
        client.get_key(),
    ]
    for call in calls:
        with pytest.raises(OpenRouterError) as info:
            await call
        assert SECRET not in _texts(info.value), type(info.value).__name__
    await client.close()
