"""The emulator's chat route over raw httpx: replies, usage, routing, JSON, images, SSE framing, faults."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest

from openrouter_nb import OpenRouterClient
from openrouter_nb.emulator import DEMO_KEY, Emulator
from tests.support.helpers import (
    AUTH,
    IMAGE,
    TEXT,
    chat_request,
    png_size,
)


async def test_chat_deterministic_with_usage_and_cost(http):
    first = (await http.post("/chat/completions", json=chat_request(seed=1), headers=AUTH)).json()
    second = (await http.post("/chat/completions", json=chat_request(seed=1), headers=AUTH)).json()
    other = (await http.post("/chat/completions", json=chat_request(seed=2), headers=AUTH)).json()
    text = first["choices"][0]["message"]["content"]
    assert text == second["choices"][0]["message"]["content"]
    assert text != other["choices"][0]["message"]["content"] or first["id"] != other["id"]
    assert "beach" in text.lower()
    usage = first["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    expected = usage["prompt_tokens"] * 0.00000015 + usage["completion_tokens"] * 0.0000006
    assert usage["cost"] == pytest.approx(expected)
    assert first["id"].startswith("gen-") and first["provider"] == "OpenAI"
    assert first["choices"][0]["finish_reason"] == "stop"


def test_replies_are_stable_across_emulator_instances():
    async def reply() -> str:
        async with OpenRouterClient(api_key=DEMO_KEY, transport=Emulator(seed=3)) as c:
            return await c.generate_text(TEXT, "A caption about mountain hiking")

    assert asyncio.run(reply()) == asyncio.run(reply())


async def test_chat_content_parts_and_unknown_model(http, client):
    parts = (
        await http.post(
            "/chat/completions", headers=AUTH, json={**chat_request(), "model": "mistralai/mistral-large-2512"}
        )
    ).json()
    content = parts["choices"][0]["message"]["content"]
    assert isinstance(content, list) and content[0]["type"] == "text"
    joined = await client.generate_text("mistralai/mistral-large-2512", "A post about a beach day")
    assert isinstance(joined, str) and "beach" in joined.lower()
    bad = await http.post("/chat/completions", headers=AUTH, json={**chat_request(), "model": "no/such"})
    assert bad.status_code == 400
    assert bad.json()["error"]["availability"]["code"] == "model_not_found"


async def test_chat_fallbacks_routers_and_max_tokens(http):
    body = {**chat_request(), "model": "no/such", "models": ["no/such", "google/gemini-2.5-flash"]}
    answered = (await http.post("/chat/completions", headers=AUTH, json=body)).json()
    assert answered["model"] == "google/gemini-2.5-flash"
    routed = (
        await http.post("/chat/completions", headers=AUTH, json={**chat_request(), "model": "openrouter/auto"})
    ).json()
    assert routed["model"] != "openrouter/auto" and routed["usage"]["cost"] > 0
    short = (await http.post("/chat/completions", headers=AUTH, json=chat_request(max_tokens=3))).json()
    assert short["choices"][0]["finish_reason"] == "length" and short["usage"]["completion_tokens"] == 3


async def test_chat_json_response_format(http):
    fmt = {
        "type": "json_schema",
        "json_schema": {
            "name": "post",
            "schema": {
                "type": "object",
                "properties": {"caption": {"type": "string"}, "hashtags": {"type": "array"}},
            },
        },
    }
    reply = (await http.post("/chat/completions", headers=AUTH, json=chat_request(response_format=fmt))).json()
    parsed = json.loads(reply["choices"][0]["message"]["content"])
    assert set(parsed) == {"caption", "hashtags"} and isinstance(parsed["hashtags"], list)


async def test_chat_image_modalities(http):
    body = {
        **chat_request("A sunset over the sea"),
        "model": IMAGE,
        "modalities": ["image", "text"],
        "image_config": {"aspect_ratio": "16:9"},
    }
    reply = (await http.post("/chat/completions", headers=AUTH, json=body)).json()
    url = reply["choices"][0]["message"]["images"][0]["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    assert png_size(base64.b64decode(url.split(",", 1)[1])) == (1344, 768)  # a real model's 16:9 at 1K
    assert reply["usage"]["completion_tokens_details"]["image_tokens"] == 1290
    refused = await http.post("/chat/completions", headers=AUTH, json={**body, "model": TEXT})
    assert refused.status_code == 404


async def test_sse_framing_byte_level(http):
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_request(stream=True)) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "text/event-stream"
        raw = b"".join([chunk async for chunk in r.aiter_raw()])
    assert raw.startswith(b": OPENROUTER PROCESSING\n\n")
    assert raw.endswith(b"data: [DONE]\n\n")
    events = [e for e in raw.decode().split("\n\n") if e]
    assert all(e.startswith(("data: ", ": ")) and "\n" not in e for e in events)
    assert 1 <= events.count(": OPENROUTER PROCESSING") <= 3  # as real streams: 1-3 keep-alives
    chunks = [json.loads(e[6:]) for e in events if e.startswith("data: {")]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    finish = [c for c in chunks if c["choices"] and c["choices"][0]["finish_reason"]]
    assert len(finish) == 1 and finish[0]["choices"][0]["finish_reason"] == "stop"
    # as recorded: the finish chunk's delta and the usage chunk's one choice are {role, content: ""}
    assert finish[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert all("role" not in c["choices"][0]["delta"] for c in chunks[1:] if c not in (finish[0], chunks[-1]))
    assert all(c["choices"][0]["logprobs"] is None for c in chunks)
    usage = chunks[-1]
    assert usage["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert usage["choices"][0]["finish_reason"] is None and usage["usage"]["cost"] > 0
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    plain = (await http.post("/chat/completions", headers=AUTH, json=chat_request())).json()
    assert text == plain["choices"][0]["message"]["content"]


async def test_stream_faults(emulator, http):
    emulator.script("chat", "mid_stream_error")
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_request(stream=True)) as r:
        raw = (await r.aread()).decode()
    assert r.status_code == 200
    last = json.loads([e for e in raw.split("\n\n") if e.startswith("data: {")][-1][6:])
    assert last["error"]["code"] == 502 and last["choices"][0]["finish_reason"] == "error"
    assert "[DONE]" not in raw

    emulator.script("chat", "truncated_stream")
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_request(stream=True)) as r:
        raw = (await r.aread()).decode()
    assert "[DONE]" not in raw and '"finish_reason":"stop"' not in raw

    emulator.script("chat", "keepalive_forever")
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_request(stream=True)) as r:
        seen = 0
        async for chunk in r.aiter_raw():
            seen += chunk.count(b": OPENROUTER PROCESSING")
            if seen >= 5:
                break
    assert seen >= 5


async def test_early_stream_close_is_recorded_as_cancelled(emulator, http):
    async with http.stream("POST", "/chat/completions", headers=AUTH, json=chat_request(stream=True)) as r:
        async for chunk in r.aiter_raw():
            if b'"content":"' in chunk and b'"role"' not in chunk:
                break
    assert emulator.streams_closed_early == 1
    record = list(emulator.core.generations.values())[-1]
    assert record["cancelled"] is True and record["streamed"] is True


async def test_generation_error_inside_200(emulator, http):
    emulator.script("chat", "generation_error")
    reply = (await http.post("/chat/completions", headers=AUTH, json=chat_request())).json()
    assert reply["choices"][0]["finish_reason"] == "error"
    assert reply["choices"][0]["error"]["code"] == 502


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        pytest.param({"temperature": 2.5}, "temperature", id="temperature"),
        pytest.param({"top_p": -0.1}, "top_p", id="top_p"),
        pytest.param({"frequency_penalty": 3}, "frequency_penalty", id="penalty"),
        pytest.param({"max_tokens": 0}, "max_tokens", id="max_tokens"),
        pytest.param({"seed": 1.5}, "seed", id="seed"),
        pytest.param({"reasoning_effort": "extreme"}, "reasoning_effort", id="effort"),
        pytest.param({"modalities": ["smell"]}, "modalities", id="modalities"),
        pytest.param({"response_format": {"type": "yaml"}}, "response_format", id="format"),
        pytest.param({"tools": [{"type": "function", "function": {}}]}, "name", id="tool-name"),
        pytest.param({"tool_choice": {"type": "function", "function": {"name": "ghost"}}}, "tool_choice", id="choice"),
        pytest.param({"messages": [{"role": "wizard", "content": "x"}]}, "role", id="role"),
    ],
)
async def test_requests_are_checked_as_the_spec_says(http, extra, words):
    response = await http.post("/chat/completions", headers=AUTH, json={**chat_request(), **extra})
    assert response.status_code == 400 and words in response.json()["error"]["message"]


async def test_presets_and_the_response_cache(emulator, http):
    preset = await http.post("/chat/completions", headers=AUTH, json={**chat_request(), "model": "@preset/captions"})
    assert preset.status_code == 200 and preset.json()["model"] == TEXT
    record = emulator.core.generations[preset.json()["id"]]
    assert record["preset_id"] and record["response_cache_source_id"] is None
    cached = {**AUTH, "X-OpenRouter-Cache": "true"}
    first = await http.post("/chat/completions", headers=cached, json=chat_request("cache me"))
    second = await http.post("/chat/completions", headers=cached, json=chat_request("cache me"))
    assert (first.headers["x-openrouter-cache"], second.headers["x-openrouter-cache"]) == ("MISS", "HIT")
    assert second.json()["usage"]["cost"] == 0 and first.json()["usage"]["cost"] > 0
    assert second.json()["choices"][0]["message"] == first.json()["choices"][0]["message"]
    assert emulator.core.generations[second.json()["id"]]["response_cache_source_id"] == first.json()["id"]


async def test_tool_calls_on_the_wire(http):
    tool = {
        "type": "function",
        "function": {
            "name": "lookup",
            "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]},
        },
    }
    body = {**chat_request(), "tools": [tool], "tool_choice": "required"}
    reply = (await http.post("/chat/completions", headers=AUTH, json=body)).json()
    choice = reply["choices"][0]
    assert choice["finish_reason"] == "tool_calls" and choice["message"]["content"] is None
    call = choice["message"]["tool_calls"][0]
    assert call["type"] == "function" and set(json.loads(call["function"]["arguments"])) == {"q"}
    followup = [
        *body["messages"],
        choice["message"],
        {"role": "tool", "tool_call_id": call["id"], "content": '{"hits": 3}'},
    ]
    answer = (
        await http.post("/chat/completions", headers=AUTH, json={**body, "messages": followup, "tool_choice": "auto"})
    ).json()
    assert answer["choices"][0]["finish_reason"] == "stop" and "hits" in answer["choices"][0]["message"]["content"]
