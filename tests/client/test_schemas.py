"""``schema=``: typed answers from chat, streams, batches and the arena; what is sent, what comes back."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

import httpx
import pytest
from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from openrouter_nb import OutputValidationError, generate_many, run_arena
from tests.support.helpers import TEXT, chat_reply, make_client


class Post(BaseModel):
    caption: str = Field(max_length=240)
    hashtags: list[str] = Field(min_length=5, max_length=5)
    slides: list[str]
    mood: str | None = None


@dataclass
class Place:
    city: str
    country: str


class Reading(TypedDict):
    city: str
    temperature: float


WEATHER = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 1, "maximum": 7}},
    "required": ["city", "days"],
}


async def test_chat_sends_a_strict_schema_and_parses_the_answer_into_the_class(client, emulator):
    result = await client.chat(
        TEXT, "A post about rainy Porto with 5 hashtags", schema=Post, provider={"sort": "price"}
    )
    assert isinstance(result.parsed, Post) and len(result.parsed.hashtags) == 5
    assert result.parsed.hashtags[0].startswith("#") and json.loads(result.text) == result.parsed.model_dump()
    sent = emulator.calls("chat")[-1].json
    fmt = sent["response_format"]
    assert (
        fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True and fmt["json_schema"]["name"] == "Post"
    )
    schema = fmt["json_schema"]["schema"]
    assert schema["additionalProperties"] is False and schema["required"] == ["caption", "hashtags", "slides", "mood"]
    assert "default" not in json.dumps(schema)  # strict mode refuses defaults
    assert sent["provider"] == {"sort": "price", "require_parameters": True}  # the caller's routing kept


@pytest.mark.parametrize(
    ("schema", "prompt", "check"),
    [
        (
            Place,
            "A weekend in Lisbon",
            lambda p: isinstance(p, Place) and p.city == "Lisbon" and p.country == "Portugal",
        ),
        (Reading, "Weather in Lisbon", lambda p: isinstance(p, dict) and p["city"] == "Lisbon"),
        (WEATHER, "Weather in Lisbon this week", lambda p: p["city"] == "Lisbon" and 1 <= p["days"] <= 7),
    ],
    ids=["dataclass", "TypedDict", "JSON Schema"],
)
async def test_dataclasses_typed_dicts_and_plain_schemas(client, schema, prompt, check):
    result = await client.chat(TEXT, prompt, schema=schema)
    assert check(result.parsed)


async def test_a_streams_parsed_answer_is_there_after_the_loop(client):
    stream = client.stream_text(TEXT, "A weekend in Lisbon", schema=Place)
    deltas = [d async for d in stream]
    assert "".join(deltas) == stream.text and stream.parsed == Place("Lisbon", "Portugal")


async def test_a_model_without_structured_outputs_is_refused_before_anything_is_sent(client, emulator):
    with pytest.raises(ValueError, match="lacks structured outputs") as refused:
        await client.chat("meituan/longcat-2.0", "x", schema=Post)
    assert "openai/gpt-4o-mini, google/gemini-2.5-flash, openai/gpt-5-mini" in str(refused.value)
    with pytest.raises(ValueError, match="lacks structured outputs"):
        await client.stream_text("meituan/longcat-2.0", "x", schema=Post).collect()
    assert emulator.calls("chat") == []


async def test_an_answer_that_does_not_fit_raises_with_the_raw_text_and_the_reason():
    answers = iter(
        [
            json.dumps({"city": "Lisbon", "days": 12}),  # out of bounds
            "Sure! Here is the weather: sunny",  # not JSON
            json.dumps({"city": "Lisbon", "country": 3}),  # the wrong type for the dataclass
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/models"):  # the catalog the model is checked against: it does not list it
            return httpx.Response(200, json={"data": []})
        return httpx.Response(200, json=chat_reply(next(answers)))

    client = make_client(handler)
    with pytest.raises(OutputValidationError, match="12 is above the maximum 7") as bounds:
        await client.chat(TEXT, "x", schema=WEATHER)
    assert (
        bounds.value.raw_text == '{"city": "Lisbon", "days": 12}'
        and bounds.value.validation_message == "/days: 12 is above the maximum 7"
    )
    with pytest.raises(OutputValidationError, match="not JSON") as prose:
        await client.chat(TEXT, "x", schema=WEATHER)
    assert prose.value.raw_text.startswith("Sure!")
    with pytest.raises(OutputValidationError, match="country") as typed:
        await client.chat(TEXT, "x", schema=Place)
    assert isinstance(typed.value, OutputValidationError) and "string" in typed.value.validation_message
    assert len(client.ledger) == 3  # each was billed all the same
    await client.close()


async def test_batches_and_arena_rounds_give_each_answer_parsed(client):
    items = await generate_many(
        client, ["A weekend in Lisbon", "A weekend in Porto"], TEXT, schema=Place, progress=False
    )
    assert [item.parsed.city for item in items] == ["Lisbon", "Porto"]
    rounds = await run_arena(client, [TEXT, "google/gemini-2.5-flash"], "A weekend in Lisbon", schema=Place)
    assert all(entry.parsed == Place("Lisbon", "Portugal") for entry in rounds.entries)
    with pytest.raises(ValueError, match="lacks structured outputs"):
        await generate_many(client, ["x"], ["meituan/longcat-2.0"], schema=Place, progress=False)


async def test_pydantic_is_named_when_a_class_needs_it_and_is_missing(client, monkeypatch):
    monkeypatch.setitem(sys.modules, "pydantic", None)  # as if it were not installed
    with pytest.raises(ImportError, match="needs pydantic"):
        await client.chat(TEXT, "x", schema=Place)
    result = await client.chat(TEXT, "Weather in Lisbon", schema=WEATHER)  # a JSON Schema needs nothing
    assert result.parsed["city"] == "Lisbon"


async def test_schema_must_be_a_class_or_a_schema(client):
    with pytest.raises(TypeError, match="pydantic model, a dataclass, a TypedDict or a JSON Schema"):
        await client.chat(TEXT, "x", schema=42)
