"""``client.respond`` and ``client.stream_respond``: the Responses API through the one request path."""

from __future__ import annotations

import json
from typing import Literal

import httpx
import pytest
from pydantic import BaseModel

from openrouter_nb import GenerationError, OpenRouterClient
from openrouter_nb.emulator import DEMO_KEY, Emulator, Fault
from openrouter_nb.errors import APIConnectionError
from tests.support.helpers import TEXT, make_client, no_sleep

R1 = "deepseek/deepseek-r1"


def get_weather(city: str, unit: Literal["C", "F"] = "C") -> dict:
    """Current weather in a city."""
    return {"city": city, "temperature": 21, "unit": unit}


async def test_respond_reads_text_usage_and_cost_and_records_the_call(client, emulator):
    result = await client.respond(
        TEXT, "A caption about rain in Porto", instructions="Be brief.", max_output_tokens=200
    )
    assert "rain" in result.text.lower() and result.status == "completed" and result.model == TEXT
    assert result.raw["output_text"] == ""  # as on the service: the text is in the message items
    assert result.id.startswith("gen-") and isinstance(result.created, int)
    assert result.cost == pytest.approx(result.usage["cost"]) and result.usage["input_tokens"] > 0
    sent = emulator.calls("responses")[-1].json
    assert sent == {
        "model": TEXT,
        "input": "A caption about rain in Porto",
        "instructions": "Be brief.",
        "max_output_tokens": 200,
    }
    row = client.ledger.entries[-1]
    assert row.call == "respond" and row.cost == result.cost and row.prompt_tokens == result.usage["input_tokens"]


async def test_reasoning_items_and_their_tokens_reach_the_result_and_the_ledger(client):
    result = await client.respond(R1, "Why is the sky blue?")
    assert result.reasoning and [item["type"] for item in result.output] == ["reasoning", "message"]
    row = client.ledger.entries[-1]
    assert row.reasoning_tokens == result.usage["output_tokens_details"]["reasoning_tokens"] > 0


async def test_python_functions_as_tools_and_a_round_trip_with_their_output(client, emulator):
    result = await client.respond(TEXT, "What's the weather in Porto?", tools=[get_weather], tool_choice="required")
    (call,) = result.tool_calls
    assert call.name == "get_weather" and call.arguments["city"] == "Porto" and call.arguments["unit"] in ("C", "F")
    item = next(i for i in result.output if i["type"] == "function_call")
    assert call.id == item["call_id"]  # what a function_call_output answers
    tool = emulator.calls("responses")[-1].json["tools"][0]
    assert (
        tool["type"] == "function" and tool["name"] == "get_weather" and "function" not in tool
    )  # flat, as the route takes it
    follow_up = [
        {"role": "user", "content": "What's the weather in Porto?"},
        item,
        {"type": "function_call_output", "call_id": call.id, "output": json.dumps(get_weather(**call.arguments))},
    ]
    answer = await client.respond(TEXT, follow_up, tools=[get_weather])
    assert "temperature: 21" in answer.text and answer.tool_calls == []


async def test_schema_sends_text_format_and_parses(client, emulator):
    class Place(BaseModel):
        city: str
        country: str

    result = await client.respond(TEXT, "A weekend in Lisbon", schema=Place)
    assert result.parsed == Place(city="Lisbon", country="Portugal")
    sent = emulator.calls("responses")[-1].json
    assert sent["text"]["format"]["type"] == "json_schema" and sent["text"]["format"]["strict"] is True
    assert sent["provider"] == {"require_parameters": True}


async def test_stream_respond_yields_text_then_has_every_accessor(client):
    stream = client.stream_respond(R1, "Why is the sky blue?")
    deltas = [delta async for delta in stream]
    assert "".join(deltas) == stream.text and stream.completed and stream.status == "completed"
    assert stream.reasoning and stream.cost > 0 and stream.usage["output_tokens_details"]["reasoning_tokens"] > 0
    plain = await client.respond(R1, "Why is the sky blue?")
    assert stream.text == plain.text
    assert client.ledger.entries[-2].call == "stream_respond"


async def test_stream_respond_assembles_function_calls_and_parses_a_schema(client):
    stream = client.stream_respond(TEXT, "Weather in Porto?", tools=[get_weather], tool_choice="required")
    assert await stream.collect() == ""
    assert stream.tool_calls[0].arguments["city"] == "Porto"

    class Place(BaseModel):
        city: str

    typed = client.stream_respond(TEXT, "A weekend in Lisbon", schema=Place)
    await typed.collect()
    assert typed.parsed == Place(city="Lisbon")


async def test_a_mid_stream_error_and_a_cut_stream_never_pass_for_a_whole_answer():
    emulator = Emulator(seed=1)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=no_sleep) as client:
        emulator.script("responses", Fault("mid_stream_error"))
        with pytest.raises(GenerationError, match="Provider disconnected") as failed:
            await client.stream_respond(TEXT, "A long post about surfing and the sea").collect()
        assert failed.value.partial_text
        emulator.script("responses", Fault("truncated_stream"))
        with pytest.raises(APIConnectionError, match="ended before response.completed"):
            await client.stream_respond(TEXT, "A long post about surfing and the sea").collect()


async def test_the_texts_of_every_message_item_are_joined_and_a_failed_response_raises():
    payloads = iter(
        [
            {
                "id": "gen-1", "object": "response", "model": TEXT, "status": "completed", "output_text": "",
                "output": [
                    {"type": "message", "id": "m1", "content": [{"type": "output_text", "text": "Hello "}]},
                    {"type": "message", "id": "m2", "content": [{"type": "output_text", "text": "there"}]},
                ],
                "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5, "cost": 0.001},
            },
            {"id": "gen-2", "object": "response", "status": "failed", "output": [],
             "error": {"code": "server_error", "message": "the provider went away"}},
        ]
    )  # fmt: skip
    client = make_client(lambda request: httpx.Response(200, json=next(payloads)))
    result = await client.respond(TEXT, "hi")
    assert result.text == "Hello there" and result.cost == 0.001
    with pytest.raises(GenerationError, match="the provider went away"):
        await client.respond(TEXT, "hi")
    await client.close()


async def test_arguments_are_checked_before_anything_is_sent(client, emulator):
    for bad in ("", [], None):
        with pytest.raises(ValueError, match="input must be"):
            await client.respond(TEXT, bad)
    assert emulator.calls("responses") == []
