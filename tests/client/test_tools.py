"""Tool calling: parsed calls in results and streams, schemas from functions, the run_tools loop."""

from __future__ import annotations

import json
from typing import Literal

import httpx
import jsonschema
import pytest

from openrouter_nb.client.tools import ToolCall, parse_tool_calls, run_tools, tool_schema
from tests.support.helpers import TEXT, make_client

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"enum": ["C", "F"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
            },
            "required": ["city", "days"],
        },
    },
}


async def test_a_required_tool_call_comes_back_parsed_and_schema_valid(client):
    result = await client.chat(TEXT, "What's the weather in Porto?", tools=[WEATHER], tool_choice="required")
    assert result.finish_reason == "tool_calls" and result.text == ""
    [call] = result.tool_calls
    assert isinstance(call, ToolCall) and call.name == "get_weather" and call.id
    jsonschema.validate(call.arguments, WEATHER["function"]["parameters"])
    assert json.loads(call.raw_arguments) == call.arguments


async def test_tool_choice_auto_calls_only_when_asked(client):
    plain = await client.chat(TEXT, "A caption about autumn", tools=[WEATHER])
    asked = await client.chat(TEXT, "Use the tool to check the weather in Lisbon", tools=[WEATHER])
    named = await client.chat(
        TEXT, "Caption", tools=[WEATHER], tool_choice={"type": "function", "function": {"name": "get_weather"}}
    )
    none = await client.chat(TEXT, "Use the tool now", tools=[WEATHER], tool_choice="none")
    assert plain.tool_calls == [] and plain.text
    assert [c.name for c in asked.tool_calls] == ["get_weather"] == [c.name for c in named.tool_calls]
    assert none.tool_calls == [] and none.finish_reason == "stop"


async def test_streamed_tool_calls_assemble_from_fragments(client):
    stream = client.stream_chat(TEXT, "weather in Porto", tools=[WEATHER], tool_choice="required")
    chunks = [c async for c in stream]
    fragments = [c for c in chunks if c["choices"] and c["choices"][0]["delta"].get("tool_calls")]
    assert len(fragments) > 2  # the id and name first, then the arguments in pieces
    plain = await client.chat(TEXT, "weather in Porto", tools=[WEATHER], tool_choice="required")
    assert stream.finish_reason == "tool_calls" and stream.tool_calls == plain.tool_calls


async def test_reasoning_in_results_and_streams(client):
    model = "deepseek/deepseek-r1"
    result = await client.chat(model, "A caption about rain", reasoning={"effort": "low"})
    assert result.reasoning and result.reasoning_details[0]["type"] == "reasoning.text"
    assert result.usage["completion_tokens_details"]["reasoning_tokens"] > 0
    stream = client.stream_text(model, "A caption about rain", reasoning={"effort": "low"})
    text = await stream.collect()
    assert stream.reasoning == result.reasoning and text == result.text  # reasoning never leaks into text
    hidden = await client.chat(model, "A caption about rain", reasoning={"effort": "low", "exclude": True})
    assert hidden.reasoning is None and hidden.usage["completion_tokens_details"]["reasoning_tokens"] > 0


def test_tool_schema_from_a_python_function():
    def forecast(city: str, days: int = 3, unit: Literal["C", "F"] = "C", tags: list[str] | None = None) -> dict:
        """Forecast for a city."""
        return {}

    schema = tool_schema(forecast)
    assert schema["function"]["name"] == "forecast" and schema["function"]["description"] == "Forecast for a city."
    params = schema["function"]["parameters"]
    assert params["required"] == ["city"]
    assert params["properties"] == {
        "city": {"type": "string"},
        "days": {"type": "integer"},
        "unit": {"enum": ["C", "F"]},
        "tags": {"type": "array", "items": {"type": "string"}},
    }


def test_parse_tool_calls_tolerates_bad_entries():
    calls = parse_tool_calls(
        [
            {"id": "a", "type": "function", "function": {"name": "f", "arguments": '{"x": 1}'}},
            {"id": "b", "function": {"name": "g", "arguments": "{not json"}},
            "junk",
            {"id": "c"},
        ]
    )
    assert [(c.id, c.arguments) for c in calls] == [("a", {"x": 1}), ("b", None)]


async def test_run_tools_runs_the_functions_and_returns_the_answer(client, emulator):
    seen = []

    def get_weather(city: str, days: int = 1) -> dict:
        """Weather for a city."""
        seen.append(city)
        return {"city": city, "forecast": "sunny", "days": days}

    run = await run_tools(client, TEXT, "Use the tool: what's the weather in Porto?", [get_weather])
    assert seen and run.steps[0][0].name == "get_weather" and run.steps[0][1]["forecast"] == "sunny"
    assert "sunny" in run.text and len(run.rounds) == 2 and run.cost > 0
    sent = emulator.calls("chat")[-1].json["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "tool"] and sent[2]["tool_call_id"] == run.steps[0][0].id


async def test_run_tools_hands_a_reasoning_models_blocks_back_with_its_calls(client, emulator):
    def get_weather(city: str) -> dict:
        """Weather for a city."""
        return {"city": city, "forecast": "rain"}

    run = await run_tools(client, "openai/gpt-5.4-pro", "Use the tool: what's the weather in Porto?", [get_weather])
    first = run.rounds[0]
    assert first.tool_calls and first.reasoning_details  # it reasoned, then called the tool
    assistant = emulator.calls("chat")[-1].json["messages"][1]
    assert assistant["tool_calls"][0]["id"] == first.tool_calls[0].id and assistant["content"] is None
    assert assistant["reasoning_details"] == first.reasoning_details  # encrypted block included


async def test_run_tools_reports_tool_errors_to_the_model_and_stops_after_max_rounds(client):
    def get_weather(city: str) -> dict:
        raise RuntimeError("station offline")

    run = await run_tools(client, TEXT, "Use the tool for Porto", [get_weather])
    assert run.steps[0][1] == {"error": "RuntimeError: station offline"} and "station offline" in run.text

    always = {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "x"}'}}
    reply = {
        "id": "g",
        "model": TEXT,
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {"role": "assistant", "content": None, "tool_calls": [always]},
            }
        ],
    }
    looping = make_client(lambda r: httpx.Response(200, json=reply))
    with pytest.raises(RuntimeError, match="after 2 rounds"):
        await run_tools(looping, TEXT, "x", [lambda city: city], max_rounds=2)
    await looping.close()
    with pytest.raises(ValueError):
        await run_tools(client, TEXT, "x", [])
