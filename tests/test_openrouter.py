"""The foundation contract: the client, its errors and the catalog helpers."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

import openrouter_nb
from openrouter_nb import (
    OpenRouterClient,
    OpenRouterError,
    classify_model_capabilities,
    summarize_models,
)
from openrouter_nb import client as client_module

KEY = "sk-or-v1-" + "a1b2c3d4" * 8


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def chat_reply(content: object) -> dict:
    return {"id": "gen-1", "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}


async def no_sleep(seconds: float) -> None:
    return None


def make(handler, **kwargs) -> OpenRouterClient:
    kwargs.setdefault("api_key", KEY)
    kwargs.setdefault("sleep", no_sleep)  # retries happen, without wall time
    return OpenRouterClient(transport=httpx.MockTransport(handler), **kwargs)


# -- construction -------------------------------------------------------------------------


def test_module_docstring_and_exports():
    assert client_module.__doc__ == "Async client helpers for interacting with the OpenRouter APIs."
    for name in ("OpenRouterClient", "OpenRouterError", "classify_model_capabilities", "summarize_models"):
        assert name in openrouter_nb.__all__
        assert getattr(openrouter_nb, name) is not None
    assert issubclass(OpenRouterError, RuntimeError)


def test_constructor_is_keyword_only():
    with pytest.raises(TypeError):
        OpenRouterClient("key")  # type: ignore[misc]


async def test_defaults_from_environment(monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    monkeypatch.setenv("OPENROUTER_BASE_URL", "http://example.test/api/v1/")
    client = OpenRouterClient()
    assert client.api_key == KEY
    assert client.base_url == "http://example.test/api/v1"
    await client.close()


async def test_default_base_url_and_trailing_slash():
    client = OpenRouterClient()
    assert client.base_url == "https://openrouter.ai/api/v1"
    assert client.api_key is None
    other = OpenRouterClient(base_url="https://x.test/v1/")
    assert other.base_url == "https://x.test/v1"
    await client.close()
    await other.close()


async def test_internal_state():
    clock = FakeClock()
    client = OpenRouterClient(clock=clock)
    assert isinstance(client._client, httpx.AsyncClient)
    assert client._owns_client is True
    assert isinstance(client._lock, asyncio.Lock)
    assert client._clock is clock
    assert client._model_cache is None
    await client.close()


async def test_repr_never_shows_key():
    client = OpenRouterClient(api_key=KEY)
    text = repr(client)
    assert KEY not in text and "OpenRouterClient" in text and "openrouter.ai" in text
    assert KEY not in str(client)
    await client.close()


async def test_headers_with_and_without_key(monkeypatch):
    client = OpenRouterClient(api_key=KEY)
    headers = client._headers()
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert headers["X-Title"] == headers["X-OpenRouter-Title"] == "openrouter_nb"
    assert headers["HTTP-Referer"].startswith("https://")
    keyless = OpenRouterClient()
    assert "Authorization" not in keyless._headers()
    monkeypatch.setenv("OPENROUTER_APP_URL", "https://me.test")
    monkeypatch.setenv("OPENROUTER_APP_TITLE", "My App")
    env = OpenRouterClient()
    assert env._headers()["HTTP-Referer"] == "https://me.test"
    assert env._headers()["X-OpenRouter-Title"] == "My App"
    explicit = OpenRouterClient(app_url="https://arg.test", app_title="Arg")
    assert explicit._headers()["HTTP-Referer"] == "https://arg.test"
    assert explicit._headers()["X-Title"] == "Arg"
    for c in (client, keyless, env, explicit):
        await c.close()


# -- lifecycle ------------------------------------------------------------------------------


async def test_owned_client_closed_external_client_not():
    owned = OpenRouterClient()
    async with owned as entered:
        assert entered is owned
    assert owned._client.is_closed
    await owned.close()  # twice is harmless

    external = httpx.AsyncClient()
    client = OpenRouterClient(client=external)
    assert client._client is external and client._owns_client is False
    async with client:
        pass
    assert not external.is_closed
    await external.aclose()


async def test_closed_client_raises_clear_error():
    client = make(lambda r: httpx.Response(200, json={"data": []}))
    await client.close()
    with pytest.raises(OpenRouterError, match="closed"):
        await client.list_models()


# -- list_models ----------------------------------------------------------------------------


async def test_list_models_cache_hit_and_ttl_expiry():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"data": [{"id": f"m/{len(calls)}"}]})

    clock = FakeClock()
    client = make(handler, clock=clock, models_ttl=300.0)
    first = await client.list_models()
    assert first == [{"id": "m/1"}]
    clock.now += 299.0
    assert await client.list_models() is first
    assert len(calls) == 1
    clock.now += 2.0
    assert await client.list_models() == [{"id": "m/2"}]
    assert len(calls) == 2
    assert client._model_cache == (clock.now, [{"id": "m/2"}])
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

    client = make(handler)
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
    client = make(lambda r: httpx.Response(200, json=payload))
    assert await client.list_models() == []
    await client.close()


async def test_list_models_errors():
    client = make(
        lambda r: httpx.Response(500, json={"error": {"code": 500, "message": "boom inside"}}),
    )
    with pytest.raises(OpenRouterError) as info:
        await client.list_models()
    text = str(info.value)
    assert "500" in text and "boom inside" in text and "list models" in text
    assert client._model_cache is None
    await client.close()

    bad_json = make(lambda r: httpx.Response(200, content=b"<html>not json"))
    with pytest.raises(OpenRouterError, match="not JSON"):
        await bad_json.list_models()
    await bad_json.close()


# -- errors ---------------------------------------------------------------------------------


async def test_error_message_truncated_and_never_contains_key():
    long_message = f"bad key {KEY} " + "x" * 5000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": {"code": 401, "message": long_message}})

    client = make(handler)
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
    client = make(lambda r: httpx.Response(503, content=b""))
    with pytest.raises(OpenRouterError, match="503"):
        await client.generate_image(model="m/x", prompt="p")
    await client.close()


async def test_connection_failure_is_openrouter_error():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = make(handler)
    with pytest.raises(OpenRouterError) as info:
        await client.list_models()
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    await client.close()


# -- generate_text --------------------------------------------------------------------------


async def test_generate_text_request_shape_and_string_content():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        assert request.url.path == "/api/v1/chat/completions"
        assert request.headers["Content-Type"] == "application/json"
        return httpx.Response(200, json=chat_reply("Hello there"))

    client = make(handler)
    assert await client.generate_text("openai/gpt-4o", "Say hi") == "Hello there"
    body = seen[0]
    assert body["model"] == "openai/gpt-4o"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][1]["content"] == "Say hi"
    assert "social" in body["messages"][0]["content"].lower()
    await client.generate_text("openai/gpt-4o", "Say hi", system="Be terse.")
    assert seen[1]["messages"][0] == {"role": "system", "content": "Be terse."}
    await client.close()


async def test_generate_text_joins_content_parts():
    parts = [
        {"type": "text", "text": "Hello "},
        {"type": "image_url", "image_url": {"url": "data:"}},
        {"type": "text", "text": "world"},
        "stray",
        {"type": "text", "text": None},
    ]
    client = make(lambda r: httpx.Response(200, json=chat_reply(parts)))
    assert await client.generate_text("m/x", "p") == "Hello world"
    await client.close()


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({}, id="no-choices"),
        pytest.param({"choices": []}, id="empty-choices"),
        pytest.param({"choices": ["x"]}, id="choice-not-dict"),
        pytest.param({"choices": [{}]}, id="no-message"),
        pytest.param(chat_reply(None), id="content-none"),
        pytest.param(chat_reply(42), id="content-number"),
        pytest.param([1, 2], id="payload-list"),
    ],
)
async def test_generate_text_bad_payloads_raise_openrouter_error(payload):
    client = make(lambda r: httpx.Response(200, json=payload))
    with pytest.raises(OpenRouterError):
        await client.generate_text("m/x", "p")
    await client.close()


async def test_generate_text_non_json_body():
    client = make(lambda r: httpx.Response(200, content=b"{truncated"))
    with pytest.raises(OpenRouterError) as info:
        await client.generate_text("m/x", "p")
    assert not isinstance(info.value, json.JSONDecodeError | KeyError)
    await client.close()


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503])
async def test_generate_text_error_statuses(status):
    body = {"error": {"code": status, "message": f"message {status}"}}
    client = make(lambda r: httpx.Response(status, json=body))
    with pytest.raises(OpenRouterError) as info:
        await client.generate_text("m/x", "p")
    assert f"message {status}" in str(info.value) and str(status) in str(info.value)
    await client.close()


# -- images and video -----------------------------------------------------------------------


async def test_generate_image_sends_only_given_fields_and_returns_raw():
    seen = []
    payload = {"created": 1, "data": [{"b64_json": "iVBORw0KGgo=", "media_type": "image/png"}]}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, json.loads(request.content)))
        return httpx.Response(200, json=payload)

    client = make(handler)
    assert await client.generate_image(model="m/img", prompt="a cat") == payload
    assert seen[0] == ("/api/v1/images", {"model": "m/img", "prompt": "a cat"})
    await client.generate_image(
        model="m/img",
        prompt="a cat",
        negative_prompt="dogs",
        steps=20,
        guidance_scale=7.5,
        size="1024x1024",
        aspect_ratio="16:9",
        n=2,
        seed=7,
    )
    assert seen[1][1] == {
        "model": "m/img",
        "prompt": "a cat",
        "negative_prompt": "dogs",
        "steps": 20,
        "guidance_scale": 7.5,
        "size": "1024x1024",
        "aspect_ratio": "16:9",
        "n": 2,
        "seed": 7,
    }
    await client.close()


@pytest.mark.parametrize("status", [200, 202])
async def test_generate_video_accepts_200_and_202(status):
    job = {"id": "job-1", "polling_url": "/api/v1/videos/job-1", "status": "pending"}
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, json.loads(request.content)))
        return httpx.Response(status, json=job)

    client = make(handler)
    assert await client.generate_video(model="m/vid", prompt="waves", duration=4) == job
    assert seen[0] == ("/api/v1/videos", {"model": "m/vid", "prompt": "waves", "duration": 4})
    await client.generate_video(model="m/vid", prompt="waves", size="1280x720", seed=3)
    assert seen[1][1] == {"model": "m/vid", "prompt": "waves", "size": "1280x720", "seed": 3}
    await client.close()


async def test_generate_video_error():
    client = make(lambda r: httpx.Response(402, json={"error": {"code": 402, "message": "no credits"}}))
    with pytest.raises(OpenRouterError, match="402.*no credits"):
        await client.generate_video(model="m/vid", prompt="waves")
    await client.close()


# -- catalog helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        pytest.param({"architecture": {"modality": "text+image->text"}}, ["image", "text"], id="string"),
        pytest.param({"architecture": {"modality": ["Text", "AUDIO"]}}, ["audio", "text"], id="list"),
        pytest.param(
            {"architecture": {"input_modalities": ["text", 3], "output_modalities": ["video", None]}},
            ["text", "video"],
            id="modality-lists",
        ),
        pytest.param({"pricing": {"image": "0", "prompt": "0.0"}}, [], id="zero-prices"),
        pytest.param({"pricing": {"image": "0.001"}}, ["image"], id="image-priced"),
        pytest.param({"pricing": {"image_generation": {"a": "0", "b": "2"}}}, ["image"], id="nested"),
        pytest.param({"pricing": {"video_generation": 0.5}}, ["video"], id="video-number"),
        pytest.param({"pricing": {"prompt": "-1", "completion": "-1"}}, ["text"], id="variable"),
        pytest.param({"pricing": {"input": "", "output": None}}, [], id="empty-none"),
        pytest.param({"tags": ["Fast", 3, "fast", None]}, ["fast"], id="tags"),
        pytest.param("not a dict", [], id="non-dict"),
        pytest.param({"architecture": "weird", "pricing": [1], "tags": "x"}, [], id="wrong-types"),
    ],
)
def test_classify_model_capabilities(model, expected):
    assert classify_model_capabilities(model) == expected


def test_summarize_models_fields_fallbacks_and_order():
    models = [
        {
            "id": "openai/gpt-4o",
            "name": "OpenAI: GPT-4o",
            "context_length": 128000,
            "pricing": {"prompt": "0.0000025"},
            "architecture": {"input_modalities": ["text", "image"], "output_modalities": ["text"]},
        },
        {"model": "zeta/model"},
        {"id": "b/x", "name": "alpha", "owned_by": "Owner"},
        {"id": "c/x", "name": "Alpha", "organization": "Org"},
        {"id": "noslash"},
        {"name": "no id"},
        "junk",
        None,
    ]
    summary = summarize_models(models)
    assert [s["id"] for s in summary] == ["b/x", "c/x", "noslash", "openai/gpt-4o", "zeta/model"]
    by_id = {s["id"]: s for s in summary}
    assert by_id["openai/gpt-4o"] == {
        "id": "openai/gpt-4o",
        "name": "OpenAI: GPT-4o",
        "provider": "openai",
        "capabilities": ["image", "text"],
        "context_length": 128000,
        "pricing": {"prompt": "0.0000025"},
        "input_modalities": ["text", "image"],
        "output_modalities": ["text"],
    }
    assert by_id["zeta/model"]["name"] == "zeta/model" and by_id["zeta/model"]["provider"] == "zeta"
    assert by_id["b/x"]["provider"] == "Owner" and by_id["c/x"]["provider"] == "Org"
    assert by_id["noslash"]["provider"] == ""
    assert summarize_models("nope") == [] and summarize_models(None) == []


# -- real data ------------------------------------------------------------------------------


def test_real_snapshot_capabilities(snapshot):
    assert len(snapshot) > 100
    for model in snapshot:
        tags = classify_model_capabilities(model)
        assert tags == sorted(set(tags)) and all(t == t.lower() for t in tags)
        arch = model["architecture"]
        for modality in arch["output_modalities"] + arch["input_modalities"]:
            assert modality in tags
        # a model whose image price is "0" and that neither takes nor makes images is not "image"
        if (
            model["pricing"].get("image") in (None, "0")
            and "image" not in arch["input_modalities"] + arch["output_modalities"]
            and "image" not in arch["modality"]
        ):
            assert "image" not in tags, model["id"]


def test_real_text_only_models_with_zero_image_price_are_not_image(snapshot):
    text_only = [
        m for m in snapshot if m["architecture"]["modality"] == "text->text" and m["pricing"].get("image") == "0"
    ]
    if not text_only:
        pytest.skip("this snapshot omits zero image prices")
    assert len(text_only) > 50
    assert all("image" not in classify_model_capabilities(m) for m in text_only)


def test_real_summary_every_model_kept_and_sorted(snapshot):
    summary = summarize_models(snapshot)
    assert len(summary) == len(snapshot) == len({m["id"] for m in snapshot})
    keys = [(s["name"].lower(), s["id"]) for s in summary]
    assert keys == sorted(keys)
    image_makers = [s for s in summary if "image" in s["output_modalities"]]
    assert image_makers and all("image" in s["capabilities"] for s in image_makers)
    routers = [s for s in summary if (s["pricing"] or {}).get("prompt") == "-1"]
    assert all("text" in s["capabilities"] for s in routers)


def test_bundled_catalog_every_image_and_video_model_tagged(bundled_catalog):
    assert len(bundled_catalog) == 549
    image = [m for m in bundled_catalog if "image" in m["architecture"]["output_modalities"]]
    video = [m for m in bundled_catalog if "video" in m["architecture"]["output_modalities"]]
    assert len(image) == 45 and len(video) == 23
    assert all("image" in classify_model_capabilities(m) for m in image)
    assert all("video" in classify_model_capabilities(m) for m in video)
    # media models carry "0"/"0" token prices: they are never tagged text by price alone
    zero_video = [m for m in video if m["pricing"]["prompt"] == "0"]
    assert zero_video and all("text" not in m["architecture"]["output_modalities"] for m in zero_video)
    assert all(m.get("description") == "" for m in bundled_catalog)
