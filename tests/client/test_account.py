"""Catalog and account calls: ``list_models`` and its cache, generations, key, credits, endpoints."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from openrouter_nb import OpenRouterClient, OpenRouterError
from openrouter_nb.emulator import DEMO_KEY, Emulator
from openrouter_nb.errors import BadRequestError, NotFoundError, PermissionDeniedError
from tests.support.helpers import (
    IMAGE_ONLY,
    KEY,
    TEXT,
    FakeClock,
    make_client,
    no_sleep,
)


async def test_list_models_cache_hit_and_ttl_expiry():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"data": [{"id": f"m/{len(calls)}"}]})

    clock = FakeClock()
    client = make_client(handler, clock=clock, models_ttl=300.0)
    first = await client.list_models()
    assert first == [{"id": "m/1"}]
    clock.now += 299.0
    assert await client.list_models() is first
    assert len(calls) == 1
    clock.now += 2.0
    assert await client.list_models() == [{"id": "m/2"}]
    assert len(calls) == 2
    request = calls[0]
    assert request.method == "GET"
    assert request.url.path == "/api/v1/models"
    assert request.url.params["output_modalities"] == "all"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    await client.close()


async def test_list_models_concurrent_callers_make_one_request():
    calls = []

    async def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        await asyncio.sleep(0.01)
        return httpx.Response(200, json={"data": [{"id": "a/b"}]})

    client = make_client(handler)
    results = await asyncio.gather(*(client.list_models() for _ in range(25)))
    assert len(calls) == 1
    assert all(r == [{"id": "a/b"}] for r in results)
    await client.close()


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({}, id="missing-data"),
        pytest.param({"data": {"id": "x"}}, id="data-not-list"),
        pytest.param([{"id": "x"}], id="payload-list"),
        pytest.param("text", id="payload-string"),
    ],
)
async def test_list_models_odd_payloads_give_empty_list(payload):
    client = make_client(lambda r: httpx.Response(200, json=payload))
    assert await client.list_models() == []
    await client.close()


async def test_list_models_errors():
    client = make_client(
        lambda r: httpx.Response(500, json={"error": {"code": 500, "message": "boom inside"}}),
    )
    with pytest.raises(OpenRouterError) as info:
        await client.list_models()
    text = str(info.value)
    assert "500" in text and "boom inside" in text and "list models" in text
    with pytest.raises(OpenRouterError):  # nothing was cached: the next call asks again, and fails again
        await client.list_models()
    await client.close()

    bad_json = make_client(lambda r: httpx.Response(200, content=b"<html>not json"))
    with pytest.raises(OpenRouterError, match="not JSON"):
        await bad_json.list_models()
    await bad_json.close()


async def test_ledger_generation_key_credits_endpoints():
    emulator = Emulator(generation_lag_s=0.0, management_key="sk-or-v1-management-test")
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=no_sleep) as client:
        text = await client.generate_text(TEXT, "a beach post")
        result = await client.chat(TEXT, "a forest post")
        images = await client.generate_image(model=IMAGE_ONLY, prompt="a neon city")
        spend = client.spend
        assert list(spend["call"]) == ["generate_text", "chat", "generate_image"]
        assert {"call", "model", "provider", "prompt_tokens", "completion_tokens", "cost"} <= set(spend.columns)
        assert spend["cost"].sum() == pytest.approx(emulator.spent)
        assert text and images
        generation = await client.get_generation(result.id)
        assert generation["total_cost"] == pytest.approx(result.cost)
        key = await client.get_key()
        assert key["usage"] == pytest.approx(client.ledger.total)
        with pytest.raises(PermissionDeniedError):
            await client.get_credits()
        endpoints = await client.model_endpoints(TEXT)
        assert endpoints.index.name == "provider" and len(endpoints) >= 1
        assert endpoints["prompt_usd_per_mtok"].iloc[0] == pytest.approx(0.15)
        assert endpoints["latency_p50_ms"].notna().all()
    async with OpenRouterClient(api_key="sk-or-v1-management-test", transport=emulator) as manager:
        assert (await manager.get_credits())["total_usage"] == pytest.approx(emulator.spent)


async def test_get_generation_retries_the_brief_404():
    clock = FakeClock()
    emulator = Emulator(clock=clock, generation_lag_s=1.0)

    async def advance(seconds: float) -> None:
        clock.now += seconds

    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=advance) as client:
        result = await client.chat(TEXT, "x")
        generation = await client.get_generation(result.id, delay=0.5)
        assert generation["id"] == result.id
        with pytest.raises(NotFoundError):
            await client.get_generation("gen-unknown", attempts=2)


async def test_providers_user_models_embedding_models_and_benchmarks(client):
    providers = await client.list_providers()
    names = {p["name"] for p in providers}
    assert {"OpenAI", "Anthropic", "DeepInfra"} <= names and all(p["slug"] for p in providers)
    assert len(await client.list_user_models()) == 549
    embedding = await client.list_embedding_models()
    assert embedding and all("embeddings" in m["architecture"]["output_modalities"] for m in embedding)
    bench = await client.benchmarks(source="artificial-analysis")
    assert len(bench) > 100 and bench["intelligence_index"].notna().any()
    assert bench["id"].isin([m["id"] for m in await client.list_models()]).mean() > 0.9  # joinable on id
    arena = await client.benchmarks(source="design-arena", arena="models", max_results=10)
    assert len(arena) == 10 and (arena["arena"] == "models").all() and arena["elo"].notna().all()


async def test_activity_is_the_accounts_record_by_day_and_model():
    emulator = Emulator(seed=4, management_key=DEMO_KEY)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        await client.chat(TEXT, "a beach post")  # today's call: not in the last 30 completed days yet
        month = await client.activity()
        one_day = await client.activity(date=month["date"].iloc[-1])
    assert list(month.columns) == [
        "date", "model", "provider", "requests", "prompt_tokens", "completion_tokens", "reasoning_tokens",
        "cached_tokens", "usage_usd", "byok_usd",
    ]  # fmt: skip
    assert month["date"].is_monotonic_increasing and month["date"].nunique() <= 30
    assert month["date"].max() < "2026-01-01"  # the emulator's today is 2026-01-01: completed days only
    assert (month["usage_usd"] > 0).all() and str(month["requests"].dtype) == "Int64"
    assert set(one_day["date"]) == {month["date"].iloc[-1]} and len(one_day) < len(month)
    assert emulator.calls("activity")[1].query == {"date": month["date"].iloc[-1]}


async def test_activity_needs_a_management_key_and_a_day_in_the_window():
    async with OpenRouterClient(api_key=DEMO_KEY, transport=Emulator()) as client:
        with pytest.raises(PermissionDeniedError, match="management keys"):
            await client.activity()
    async with OpenRouterClient(api_key=DEMO_KEY, transport=Emulator(management_key=DEMO_KEY)) as client:
        with pytest.raises(BadRequestError, match="last 30"):
            await client.activity(date="2025-01-01")
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            await client.activity(date="yesterday")
