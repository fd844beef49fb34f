"""The seed contract: the first specification of this project, one test per step, by behaviour.

The project began as a spec of one client module. Every name it spells out (``OpenRouterError``,
the constructor's keywords, ``_owns_client``, ``_lock``, ``clock``, ``_model_cache``, ``_base_url``,
``_headers()``, ``list_models``, ``generate_text``, ``generate_image``, ``generate_video``,
``classify_model_capabilities``, ``summarize_models``) is public for us, underscore or not: code
written against the seed calls them. Each test below is named after the step it keeps, and fails
if that step's name or its behaviour goes. ARCHITECTURE.md lists the names ("The seed contract").
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from openrouter_nb import OpenRouterClient, OpenRouterError, classify_model_capabilities, summarize_models
from tests.support.helpers import FakeClock

BASE = "https://seed.test/api/v1"


def _client(handler, **options) -> OpenRouterClient:
    options.setdefault("api_key", "sk-or-seed-secret")
    return OpenRouterClient(base_url=BASE, transport=httpx.MockTransport(handler), max_retries=0, **options)


def _reply(text_or_content) -> dict:
    return {"id": "gen-1", "choices": [{"index": 0, "message": {"role": "assistant", "content": text_or_content}}]}


# -- 1. OpenRouterError(RuntimeError) for every API failure --------------------------------------


async def test_step1_every_api_failure_is_an_openrouter_error_and_a_runtime_error():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/models"):
            return httpx.Response(500, json={"error": {"code": 500, "message": "boom"}})
        if request.url.path.endswith("/chat/completions"):
            return httpx.Response(200, json={"id": "gen-1"})  # no choices
        raise httpx.ConnectError("refused", request=request)

    assert issubclass(OpenRouterError, RuntimeError)
    async with _client(handler) as client:
        for call in (
            client.list_models(),
            client.generate_text("m/x", "hi"),
            client.generate_image(model="m/i", prompt="a cat"),
            client.generate_video(model="m/v", prompt="waves"),
        ):
            with pytest.raises(OpenRouterError) as info:
                await call
            assert isinstance(info.value, RuntimeError)
            assert "sk-or-seed-secret" not in str(info.value)


# -- 2. the constructor, _owns_client, _lock, clock ----------------------------------------------


async def test_step2_constructor_builds_an_owned_httpx_client_with_timeout_and_transport():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": []})

    client = OpenRouterClient(
        api_key="sk-or-k", base_url=BASE + "/", timeout=7.5, models_ttl=60.0, client=None,
        transport=httpx.MockTransport(handler),
    )  # fmt: skip
    assert client._owns_client is True
    assert isinstance(client._lock, asyncio.Lock)
    assert client.clock is time.monotonic  # the default clock
    assert client._base_url == BASE and client.base_url == BASE  # trailing slash dropped
    assert client.models_ttl == 60.0 and client._model_cache is None
    await client.list_models()
    assert len(seen) == 1  # the transport given is the one used
    assert seen[0].extensions["timeout"] == httpx.Timeout(7.5).as_dict()  # and the timeout
    await client.close()
    with pytest.raises(TypeError):
        OpenRouterClient("sk-or-positional")  # type: ignore[misc]  # keyword-only


async def test_step2_an_injected_clock_is_the_one_the_cache_reads_and_can_be_reassigned():
    clock, later = FakeClock(5.0), FakeClock(50.0)
    client = OpenRouterClient(clock=clock)
    assert client.clock is clock
    client.clock = later
    assert client.clock is later
    await client.close()


# -- 3. close(), __aenter__, __aexit__: a client passed in is never closed ------------------------


async def test_step3_close_closes_an_owned_client_and_leaves_an_external_one_open():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"data": [{"id": "m/1"}]}))
    external = httpx.AsyncClient(transport=transport)
    async with OpenRouterClient(client=external, base_url=BASE) as client:
        assert client._owns_client is False
        assert await client.list_models() == [{"id": "m/1"}]
    assert not external.is_closed  # __aexit__ closed nothing it did not build
    await client.close()  # twice is safe
    assert not external.is_closed
    await external.aclose()

    async with OpenRouterClient(transport=transport, base_url=BASE) as owned:
        assert owned._owns_client is True
    with pytest.raises(OpenRouterError, match="closed"):
        await owned.list_models()  # the httpx client it built is gone


# -- 4. _headers() -------------------------------------------------------------------------------


async def test_step4_headers_are_the_ones_on_the_wire_with_authorization_only_when_keyed(monkeypatch):
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    wire: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        wire.append(request.headers)
        return httpx.Response(200, json=_reply("ok"))

    keyed = _client(handler, app_url="https://me.test", app_title="Me")
    headers = keyed._headers()
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert headers["HTTP-Referer"] == "https://me.test"
    assert headers["X-Title"] == "Me"
    assert headers["Authorization"] == "Bearer sk-or-seed-secret"
    await keyed.generate_text("m/x", "hi")
    for name, value in headers.items():
        assert wire[-1][name] == value  # exactly what goes out
    headers["Authorization"] = "tampered"  # a copy: the client's own stay as they were
    assert keyed._headers()["Authorization"] == "Bearer sk-or-seed-secret"

    keyless = OpenRouterClient(base_url=BASE, transport=httpx.MockTransport(handler), api_key=None)
    assert "Authorization" not in keyless._headers()
    await keyless.generate_text("m/x", "hi")
    assert "authorization" not in wire[-1]

    # a client passed in gets the same headers on every request
    external = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    passed = OpenRouterClient(client=external, base_url=BASE, api_key="sk-or-other")
    await passed.generate_text("m/x", "hi")
    for name, value in passed._headers().items():
        assert wire[-1][name] == value
    for client in (keyed, keyless, passed):
        await client.close()
    await external.aclose()


# -- 5. list_models() under the lock, with a TTL cache by clock() --------------------------------


async def test_step5_list_models_caches_a_tuple_until_the_ttl_passes_by_the_injected_clock():
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return httpx.Response(200, json={"data": [{"id": f"m/{len(paths)}"}]})

    clock = FakeClock(1000.0)
    client = _client(handler, clock=clock, models_ttl=300.0)
    assert await client.list_models() == [{"id": "m/1"}]
    assert client._model_cache == (1000.0, [{"id": "m/1"}])
    clock.now += 299.0
    assert await client.list_models() == [{"id": "m/1"}]  # still fresh
    clock.now += 2.0
    assert await client.list_models() == [{"id": "m/2"}]  # expired: fetched again
    assert client._model_cache == (clock.now, [{"id": "m/2"}])
    assert paths == ["/api/v1/models", "/api/v1/models"]

    # an assigned tuple is what list_models() returns until it is models_ttl old
    client._model_cache = (clock.now, [{"id": "set/by-hand"}])
    clock.now += 100.0
    assert await client.list_models() == [{"id": "set/by-hand"}]
    clock.now += 201.0
    assert await client.list_models() == [{"id": "m/3"}]  # expired: the third fetch
    await client.close()


async def test_step5_ten_concurrent_cold_calls_make_one_request_under_the_lock():
    calls = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return httpx.Response(200, json={"data": [{"id": "m/1"}]})

    client = _client(handler)
    async with client._lock:  # the lock list_models() holds: while someone else has it, nothing is fetched
        waiting = asyncio.ensure_future(client.list_models())
        await asyncio.sleep(0.02)
        assert calls == 0 and not waiting.done()
    await waiting
    client._model_cache = None
    results = await asyncio.gather(*(client.list_models() for _ in range(10)))
    assert calls == 2
    assert all(r == [{"id": "m/1"}] for r in results)
    await client.close()


@pytest.mark.parametrize("payload", [{}, {"data": None}, {"data": "x"}, [], {"data": {"id": 1}}])
async def test_step5_missing_or_malformed_data_gives_an_empty_list(payload):
    client = _client(lambda request: httpx.Response(200, json=payload))
    assert await client.list_models() == []
    await client.close()


async def test_step5_a_non_200_raises_and_stores_nothing():
    client = _client(lambda request: httpx.Response(503, json={"error": {"code": 503, "message": "down"}}))
    with pytest.raises(OpenRouterError, match="503"):
        await client.list_models()
    assert client._model_cache is None
    await client.close()


# -- 6. generate_text() --------------------------------------------------------------------------


async def test_step6_generate_text_posts_system_and_user_and_joins_chunked_content():
    bodies: list[dict] = []
    replies = iter([_reply("plain"), _reply([{"type": "text", "text": "Hel"}, {"type": "text", "text": "lo"}])])

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST" and request.url.path == "/api/v1/chat/completions"
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json=next(replies))

    client = _client(handler)
    assert await client.generate_text("m/x", "a caption", system="be brief") == "plain"
    assert bodies[0]["model"] == "m/x"
    system, user = {"role": "system", "content": "be brief"}, {"role": "user", "content": "a caption"}
    assert bodies[0]["messages"] == [system, user]
    assert await client.generate_text("m/x", "again") == "Hello"
    await client.close()


@pytest.mark.parametrize(
    "payload",
    [{"id": "g"}, {"choices": []}, {"choices": ["x"]}, {"choices": [{"message": "x"}]}, {"choices": None}],
)
async def test_step6_missing_choices_or_odd_shapes_raise_openrouter_error(payload):
    client = _client(lambda request: httpx.Response(200, json=payload))
    with pytest.raises(OpenRouterError):
        await client.generate_text("m/x", "hi")
    await client.close()


# -- 7. generate_image() / generate_video(): raw JSON, optional fields only when given --------------


async def test_step7_generate_image_and_video_send_optional_fields_only_when_given_and_return_raw_json():
    sent: list[tuple[str, dict]] = []
    image_payload = {"created": 1, "data": [{"b64_json": "AAAA"}], "usage": {"cost": 0.04}, "extra": {"kept": True}}
    job = {"id": "job-1", "polling_url": "/api/v1/videos/job-1", "status": "pending"}

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path, json.loads(request.content)))
        if request.url.path.endswith("/images"):
            return httpx.Response(200, json=image_payload)
        return httpx.Response(202, json=job)

    client = _client(handler)
    assert await client.generate_image(model="m/i", prompt="a cat") == image_payload
    assert sent[-1] == ("/api/v1/images", {"model": "m/i", "prompt": "a cat"})
    await client.generate_image(
        model="m/i", prompt="a cat", negative_prompt="dogs", steps=20, guidance_scale=7.5, size="1024x1024"
    )
    assert sent[-1][1] == {
        "model": "m/i", "prompt": "a cat", "negative_prompt": "dogs", "steps": 20, "guidance_scale": 7.5,
        "size": "1024x1024",
    }  # fmt: skip
    assert await client.generate_video(model="m/v", prompt="waves") == job
    assert sent[-1] == ("/api/v1/videos", {"model": "m/v", "prompt": "waves"})
    await client.generate_video(model="m/v", prompt="waves", duration=5, size="1280x720")
    assert sent[-1][1] == {"model": "m/v", "prompt": "waves", "duration": 5, "size": "1280x720"}
    await client.close()


# -- 8. classify_model_capabilities() ------------------------------------------------------------


def test_step8_capabilities_are_sorted_unique_lowercase_from_modality_pricing_and_tags():
    model = {
        "architecture": {"modality": "Text+Image->Text"},
        "pricing": {"prompt": "0.000001", "completion": "0.000002", "image": "0.01"},
        "tags": ["Tools", "tools", "VISION"],
    }
    assert classify_model_capabilities(model) == ["image", "text", "tools", "vision"]
    assert classify_model_capabilities({"pricing": {"video": "0.5"}}) == ["video"]
    assert classify_model_capabilities({"architecture": {"modality": "text->text"}}) == ["text"]
    assert classify_model_capabilities("not a model") == []


# -- 9. summarize_models() -----------------------------------------------------------------------


def test_step9_summaries_take_id_or_model_and_provider_from_owned_by_or_organization_sorted_by_name():
    models = [
        {"id": "z/one", "name": "beta", "owned_by": "Zed", "context_length": 8000, "pricing": {"prompt": "1"}},
        {"model": "a/two", "name": "Alpha", "organization": "Aco"},
        {"id": "c/three", "name": "gamma", "architecture": {"modality": "text->image"}},
        "junk",
    ]
    summary = summarize_models(models)
    assert [s["name"] for s in summary] == ["Alpha", "beta", "gamma"]  # by lowercase name
    alpha, beta, gamma = summary
    assert alpha["id"] == "a/two" and alpha["provider"] == "Aco"
    assert beta["id"] == "z/one" and beta["provider"] == "Zed"
    assert beta["context_length"] == 8000 and beta["pricing"] == {"prompt": "1"}
    assert gamma["capabilities"] == ["image", "text"]
    for row in summary:
        assert {"id", "name", "provider", "capabilities", "context_length", "pricing"} <= set(row)
