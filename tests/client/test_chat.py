"""Chat: ``generate_text`` (the seed contract) and ``chat``, against mock transports and the emulator."""

from __future__ import annotations

import json

import httpx
import pytest

from openrouter_nb import ChatResult, OpenRouterError
from openrouter_nb.client.client import DEFAULT_SYSTEM_PROMPT
from openrouter_nb.errors import GenerationError, PermissionDeniedError
from tests.support.helpers import (
    IMAGE,
    TEXT,
    chat_reply,
    make_client,
)


async def test_generate_text_request_shape_and_string_content():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        assert request.url.path == "/api/v1/chat/completions"
        assert request.headers["Content-Type"] == "application/json"
        return httpx.Response(200, json=chat_reply("Hello there"))

    client = make_client(handler)
    assert await client.generate_text("openai/gpt-4o", "Say hi") == "Hello there"
    body = seen[0]
    assert body["model"] == "openai/gpt-4o"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][1]["content"] == "Say hi"
    assert body["messages"][0]["content"] == DEFAULT_SYSTEM_PROMPT  # neutral: copywriting is the pipeline's
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
    client = make_client(lambda r: httpx.Response(200, json=chat_reply(parts)))
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
    client = make_client(lambda r: httpx.Response(200, json=payload))
    with pytest.raises(OpenRouterError):
        await client.generate_text("m/x", "p")
    await client.close()


async def test_generate_text_non_json_body():
    client = make_client(lambda r: httpx.Response(200, content=b"{truncated"))
    with pytest.raises(OpenRouterError) as info:
        await client.generate_text("m/x", "p")
    assert not isinstance(info.value, json.JSONDecodeError | KeyError)
    await client.close()


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503])
async def test_generate_text_error_statuses(status):
    body = {"error": {"code": status, "message": f"message {status}"}}
    client = make_client(lambda r: httpx.Response(status, json=body))
    with pytest.raises(OpenRouterError) as info:
        await client.generate_text("m/x", "p")
    assert f"message {status}" in str(info.value) and str(status) in str(info.value)
    await client.close()


async def test_chat_result_fields(client, emulator):
    result = await client.chat(
        TEXT, "A caption about a rainy city walk", system="Be upbeat.", seed=4, temperature=0.2, max_tokens=200
    )
    assert isinstance(result, ChatResult)
    assert "rainy" in result.text.lower() and result.model == TEXT and result.provider == "OpenAI"
    assert result.finish_reason == "stop" and result.id.startswith("gen-")
    assert result.cost == pytest.approx(result.usage["cost"]) and result.cost > 0
    assert result.raw["choices"][0]["message"]["content"] == result.text
    sent = emulator.calls("chat")[-1].json
    assert sent["messages"][0] == {"role": "system", "content": "Be upbeat."}
    assert sent["seed"] == 4 and sent["temperature"] == 0.2 and sent["max_tokens"] == 200
    assert "stream" not in sent


async def test_chat_messages_fallbacks_and_provider_routing(client, emulator):
    messages = [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": "A post about surfing"},
    ]
    result = await client.chat(
        "no/such", messages=messages, models=["no/such", "google/gemini-2.5-flash"], provider={"order": ["google"]}
    )
    assert result.model == "google/gemini-2.5-flash" and result.provider == "Google"  # a slug names it
    assert emulator.calls("chat")[-1].json["messages"] == messages


async def test_chat_argument_validation_sends_nothing(client, emulator):
    with pytest.raises(ValueError, match="exactly one"):
        await client.chat(TEXT)
    with pytest.raises(ValueError, match="exactly one"):
        await client.chat(TEXT, "x", messages=[{"role": "user", "content": "y"}])
    with pytest.raises(ValueError, match="prompt"):
        await client.chat(TEXT, "   ")
    with pytest.raises(TypeError, match="JSON-serialisable"):
        await client.chat(TEXT, "x", metadata={"when": object()})
    assert emulator.calls("chat") == []


async def test_chat_image_modalities_decoded(client):
    result = await client.chat(
        IMAGE, "A sunset over the sea", modalities=["image", "text"], image_config={"aspect_ratio": "1:1"}
    )
    assert len(result.images) == 1
    image = result.images[0]
    assert image.mime_type == "image/png" and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert image._repr_png_() == image.data
    assert "text/html" in result._repr_mimebundle_()


async def test_generation_error_inside_200(client, emulator):
    emulator.script("chat", "generation_error", "generation_error")
    with pytest.raises(GenerationError) as info:
        await client.chat(TEXT, "x")
    assert info.value.code == 502 and info.value.metadata["error_type"] == "provider_unavailable"
    with pytest.raises(GenerationError):
        await client.generate_text(TEXT, "x")


async def test_moderation_403_carries_reasons(client, emulator):
    emulator.script("chat", 403)
    with pytest.raises(PermissionDeniedError) as info:
        await client.chat(TEXT, "x")
    assert info.value.reasons == ["violence"] and info.value.flagged_input


async def test_created_is_on_results_and_streams(client):
    result = await client.chat(TEXT, "A caption about tea")
    assert isinstance(result.created, int) and result.created == result.raw["created"]
    stream = client.stream_text(TEXT, "A caption about tea")
    await stream.collect()
    assert isinstance(stream.created, int) and stream.created > 1_700_000_000
