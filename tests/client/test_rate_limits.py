"""A free key's limits, as the service applies them, and a client that waits, stops and paces as it should.

Everything runs on one injected clock: the emulator's windows and the client's waits move it, so
no test waits in real time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from openrouter_nb import OpenRouterClient, RateLimitError, generate_many
from openrouter_nb.emulator import DEMO_KEY, Emulator, EmulatorCore, Fault
from tests.support.helpers import BASE, FIGURES, TEXT, FakeClock

FREE = "z-ai/glm-5.2:free"
HI = [{"role": "user", "content": "A caption about the sea"}]


def _setup(clock: FakeClock, **core_options):
    core = EmulatorCore(clock=clock, generation_lag_s=0.0, **core_options)

    async def advance(seconds: float) -> None:
        clock.now += seconds

    client = OpenRouterClient(
        api_key=DEMO_KEY, transport=Emulator(core=core), clock=clock, sleep=advance, max_retries=0
    )
    return core, client


async def _post(http: httpx.AsyncClient, model: str = FREE, key: str = DEMO_KEY, **extra) -> httpx.Response:
    body = {"model": model, "messages": HI, **extra}
    return await http.post("/chat/completions", json=body, headers={"Authorization": f"Bearer {key}"})


# -- the emulator applies the limits ----------------------------------------------------------------


async def test_twenty_a_minute_on_free_models_per_key_in_the_services_envelope():
    clock = FakeClock(30.0)
    core = EmulatorCore(clock=clock)
    async with httpx.AsyncClient(transport=Emulator(core=core), base_url=BASE) as http:
        answers = [await _post(http) for _ in range(21)]
        assert [a.status_code for a in answers] == [200] * 20 + [429]
        assert not any(k.startswith("x-ratelimit") for k in answers[0].headers)  # successes carry none
        refused = answers[-1]
        body = refused.json()
        assert body["error"]["message"] == "Rate limit exceeded: free-models-per-min."
        assert "retry-after" not in refused.headers
        reset = int(refused.headers["x-ratelimit-reset"])
        assert refused.headers["x-ratelimit-limit"] == "20" and refused.headers["x-ratelimit-remaining"] == "0"
        assert body["error"]["metadata"]["headers"] == {
            "X-RateLimit-Limit": "20", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset),
        }  # fmt: skip
        assert reset % 60_000 == 0 and 0 < reset / 1000 - core.now() <= 60  # epoch milliseconds, the minute's end
        assert (await _post(http, key="sk-or-another-key")).status_code == 200  # per key
        assert (await _post(http, model=TEXT)).status_code == 200  # paid models: no platform cap
        clock.now += 60
        assert (await _post(http)).status_code == 200  # the next minute


async def test_a_day_of_50_under_ten_dollars_of_credits_and_1000_above():
    clock = FakeClock(0.0)
    core = EmulatorCore(clock=clock, credits=5.0)
    async with httpx.AsyncClient(transport=Emulator(core=core), base_url=BASE) as http:
        for minute in range(3):
            for _ in range(20 if minute < 2 else 10):
                assert (await _post(http)).status_code == 200
            clock.now += 60
        refused = await _post(http)
        message = refused.json()["error"]["message"]
        assert refused.status_code == 429 and refused.headers["x-ratelimit-limit"] == "50"
        assert (
            message
            == "Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day"
        )
        assert int(refused.headers["x-ratelimit-reset"]) % 86_400_000 == 0  # the next UTC midnight
        key = (await http.get("/key", headers={"Authorization": f"Bearer {DEMO_KEY}"})).json()["data"]
        assert key["free_model_daily_requests"] == {"limit": 50, "remaining": 0, "used": 50}
    assert EmulatorCore().free_requests_per_day == 1000  # the demo account has $25
    off = EmulatorCore(free_requests_per_minute=None, free_requests_per_day=None)
    async with httpx.AsyncClient(transport=Emulator(core=off), base_url=BASE) as http:
        assert all([(await _post(http)).status_code == 200 for _ in range(60)])


async def test_a_streamed_request_meets_the_minute_in_the_stream_and_faults_still_apply():
    clock = FakeClock(0.0)
    core = EmulatorCore(clock=clock, free_requests_per_minute=1)
    async with httpx.AsyncClient(transport=Emulator(core=core), base_url=BASE) as http:
        assert (await _post(http)).status_code == 200
        limited = await _post(http, stream=True)
        assert limited.status_code == 200 and limited.headers["content-type"].startswith("text/event-stream")
        chunk = json.loads([line for line in limited.text.split("\n\n") if line.startswith("data: {")][0][6:])
        assert chunk["choices"][0]["finish_reason"] == "error" and chunk["error"]["code"] == 429
        assert chunk["error"]["metadata"]["headers"]["X-RateLimit-Limit"] == "1"
        clock.now += 60
        core.script("chat", Fault.error(503))
        assert (await _post(http)).status_code == 503  # the fault script on top of the limits


# -- the client waits out a minute, stops at a day ------------------------------------------------------


async def test_a_minutes_429_is_waited_out_until_the_reset_and_not_counted_as_a_failure():
    clock = FakeClock(45.0)
    core, client = _setup(clock, free_requests_per_minute=2)
    async with client:
        for _ in range(2):
            await client.chat(FREE, "A caption")
        to_reset = 60 - core.now() % 60  # the minute's end, on the service's clock
        result = await client.chat(FREE, "A caption")  # max_retries=0: the wait is not a retry
        waited = clock.now - 45
        assert result.text and to_reset <= waited <= to_reset + 1.1  # the Date header counts whole seconds
        assert client.rate_limits.limits == {FREE: 2}
    clock = FakeClock(0.0)
    core, client = _setup(clock, free_requests_per_minute=1)
    async with client:
        await client.chat(FREE, "A caption")
        to_reset = 60 - core.now() % 60
        streamed = await client.stream_text(FREE, "A caption").collect()  # the 429 comes in the stream
        assert streamed and to_reset <= clock.now <= to_reset + 1.1 and client.rate_limits.limits == {FREE: 1}


async def test_a_days_429_is_raised_at_once_with_what_it_is_and_how_to_lift_it():
    clock = FakeClock(0.0)
    core, client = _setup(clock, credits=5.0, free_requests_per_day=3, free_requests_per_minute=None)
    async with client:
        for _ in range(3):
            await client.chat(FREE, "A caption")
        before = clock.now
        with pytest.raises(RateLimitError) as refused:
            await client.chat(FREE, "A caption")
        error = refused.value
        assert clock.now == before and len(core.calls("chat")) == 4  # never retried, never waited
        assert error.scope == "day" and error.limit == 3 and error.remaining == 0
        midnight = datetime.fromtimestamp((int(core.now()) // 86_400 + 1) * 86_400, UTC)
        assert error.reset_at == midnight and error.reset_at.tzinfo is UTC
        message = str(error)
        assert "the 3 requests a day on :free models are used up" in message
        assert f"resets at {midnight:%Y-%m-%d %H:%M:%S} UTC, in " in message and "add 10 credits" in message
        with pytest.raises(RateLimitError, match="free-models-per-day"):
            await client.stream_text(FREE, "A caption").collect()


# -- batches paced under the limit ----------------------------------------------------------------


async def test_45_prompts_on_a_free_model_finish_under_the_limit_without_a_failure():
    clock = FakeClock(10.0)
    core, client = _setup(clock)
    waits: list[tuple[str, float]] = []
    async with client:
        with client.rate_limits.listening(lambda model, seconds: waits.append((model, seconds))):
            items = await generate_many(client, [f"A caption about beach {i}" for i in range(45)], FREE, progress=False)
    refused = sum(1 for r in core.requests if r.route == "chat") - 45
    minutes = (clock.now - 10.0) / 60
    FIGURES.append(
        f"45 prompts on a :free model (injected clock): 0 failed, {refused} answers of 429, {minutes:.2f} minutes"
    )
    assert all(item.ok for item in items) and refused <= 6 and minutes <= 3.3
    assert waits and all(model == FREE and 0 < seconds <= 61 for model, seconds in waits)


async def test_paid_models_keep_full_concurrency(client, emulator):
    items = await generate_many(client, [f"A caption {i}" for i in range(12)], TEXT, concurrency=6, progress=False)
    assert all(item.ok for item in items) and client.rate_limits.limits == {}
