"""Structured outputs and tool arguments satisfy the schema given, as the service's models with
``structured_outputs`` do: checked with ``jsonschema`` (formats included) over a corpus of pydantic
models of varied shapes and over schemas generated with hypothesis."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field

from openrouter_nb._core.json_schema import conforms, violation
from openrouter_nb.emulator.schema_values import value_for
from tests.support.helpers import AUTH, FIGURES, TEXT

CHECKER = jsonschema.FormatChecker()


# -- a corpus of pydantic models -----------------------------------------------------------------


class Unit(StrEnum):
    C = "celsius"
    F = "fahrenheit"


class Day(BaseModel):
    day: date
    high: Annotated[float, Field(ge=-40, le=50)]
    conditions: Literal["sunny", "rain", "cloudy", "snow"]


class Weather(BaseModel):
    city: str
    unit: Unit
    conditions: str
    temperature: float
    forecast: list[Day] = Field(min_length=3, max_length=5)
    alerts: list[str] | None = None


class Post(BaseModel):
    caption: Annotated[str, Field(max_length=220)]
    hashtags: list[str] = Field(min_length=5, max_length=5)
    slides: list[str]


class Node(BaseModel):  # recursive: a tree through $ref
    name: str
    children: list[Node] = []


class Shipment(BaseModel):
    id: UUID
    created: datetime
    contact: Annotated[str, Field(pattern=r"^[a-z]+@[a-z]+\.com$")]
    code: Annotated[str, Field(pattern=r"^[A-Z]{3}-\d{4}$")]
    quantity: Annotated[int, Field(gt=0, lt=100, multiple_of=7)]
    weights: dict[str, float]
    status: Literal["pending", "shipped"] | None
    tags: Annotated[list[str], Field(min_length=2, max_length=4)]


class Cat(BaseModel):
    kind: Literal["cat"]
    lives: Annotated[int, Field(ge=1, le=9)]


class Dog(BaseModel):
    kind: Literal["dog"]
    good: bool


class Household(BaseModel):  # a discriminated union (oneOf with a discriminator)
    pets: list[Annotated[Cat | Dog, Field(discriminator="kind")]]
    owner: str | int
    location: tuple[float, float]


CORPUS = [Weather, Post, Node, Shipment, Household, Day]
PROMPT = "What's the weather in Lisbon this week? A post about it with 5 hashtags"


def _strict(model: type[BaseModel]) -> dict:
    return {
        "type": "json_schema",
        "json_schema": {"name": model.__name__, "strict": True, "schema": model.model_json_schema()},
    }


@pytest.mark.parametrize("model", CORPUS, ids=lambda m: m.__name__)
async def test_json_schema_answers_validate_for_every_corpus_model(http, model):
    body = {"model": TEXT, "messages": [{"role": "user", "content": PROMPT}], "response_format": _strict(model)}
    reply = (await http.post("/chat/completions", headers=AUTH, json=body)).json()
    answer = json.loads(reply["choices"][0]["message"]["content"])
    jsonschema.validate(answer, model.model_json_schema(), format_checker=CHECKER)
    model.model_validate(answer)


async def test_values_come_from_the_prompt_where_a_field_fits(http):
    body = {"model": TEXT, "messages": [{"role": "user", "content": PROMPT}], "response_format": _strict(Weather)}
    answer = json.loads(
        (await http.post("/chat/completions", headers=AUTH, json=body)).json()["choices"][0]["message"]["content"]
    )
    assert answer["city"] == "Lisbon"
    assert not answer["conditions"].startswith("#") and len(answer["conditions"]) < 40  # a condition, not a caption
    assert -40 <= answer["temperature"] <= 50
    post = value_for(Post.model_json_schema(), PROMPT, 7)
    assert all(tag.startswith("#") for tag in post["hashtags"]) and len(post["hashtags"]) == 5
    assert len(set(post["hashtags"])) >= 3 and len(post["caption"]) <= 220


async def test_tool_arguments_follow_refs_and_defs(http):
    class Location(BaseModel):
        city: str
        country: str

    class Lookup(BaseModel):
        location: Location
        days: Annotated[int, Field(ge=1, le=7)]
        unit: Unit

    tool = {
        "type": "function",
        "function": {"name": "forecast", "parameters": Lookup.model_json_schema(), "strict": True},
    }
    body = {
        "model": TEXT,
        "messages": [{"role": "user", "content": "Forecast for Lisbon, please"}],
        "tools": [tool],
        "tool_choice": "required",
    }
    reply = (await http.post("/chat/completions", headers=AUTH, json=body)).json()
    arguments = json.loads(reply["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    jsonschema.validate(arguments, Lookup.model_json_schema())
    assert isinstance(arguments["location"], dict) and arguments["location"]["city"] == "Lisbon"


async def test_json_object_and_models_without_structured_outputs(http):
    plain = {
        "model": TEXT,
        "messages": [{"role": "user", "content": PROMPT}],
        "response_format": {"type": "json_object"},
    }
    answer = json.loads(
        (await http.post("/chat/completions", headers=AUTH, json=plain)).json()["choices"][0]["message"]["content"]
    )
    assert isinstance(answer, dict)
    # a model whose endpoints take no response_format: the service drops the parameter, the answer is prose
    prose_model = "meituan/longcat-2.0"
    body = {"model": prose_model, "messages": [{"role": "user", "content": PROMPT}], "response_format": _strict(Post)}
    text = (await http.post("/chat/completions", headers=AUTH, json=body)).json()["choices"][0]["message"]["content"]
    with pytest.raises(ValueError):
        json.loads(text)
    # ... and with require_parameters no endpoint may serve it
    refused = await http.post(
        "/chat/completions", headers=AUTH, json={**body, "provider": {"require_parameters": True}}
    )
    assert refused.status_code == 404
    assert refused.json()["error"]["message"] == "No endpoints found that can handle the requested parameters."


# -- schemas generated with hypothesis -----------------------------------------------------------

FIELD_NAMES = ["city", "caption", "temperature", "tags", "id", "name", "count", "when", "score", "note", "x", "y"]
PATTERNS = [r"^[A-Z]{3}-\d{4}$", r"^#\w+$", r"^[a-z]+$", r"\d{2}:\d{2}", r"^(red|green|blue)$"]
FORMATS = ["date", "date-time", "email", "uuid", "uri", "ipv4", "time", "hostname"]


@st.composite
def _integer(draw):
    step = draw(st.sampled_from([1, 2, 5, 10]))
    low = draw(st.integers(-20, 20))
    span = draw(st.integers(0, 10))
    schema = {"type": "integer", "minimum": low * step, "maximum": (low + span) * step}
    if step > 1:
        schema["multipleOf"] = step
    if draw(st.booleans()):
        schema["exclusiveMinimum"] = schema.pop("minimum") - 1
    return schema


@st.composite
def _number(draw):
    low = draw(st.floats(-100, 100, allow_nan=False).map(lambda v: round(v, 2)))
    return {"type": "number", "minimum": low, "maximum": low + draw(st.floats(0, 50).map(lambda v: round(v, 2)))}


@st.composite
def _string(draw):
    kind = draw(st.sampled_from(["plain", "lengths", "pattern", "format", "enum", "const"]))
    if kind == "lengths":
        low = draw(st.integers(0, 12))
        return {"type": "string", "minLength": low, "maxLength": low + draw(st.integers(0, 30))}
    if kind == "pattern":
        return {"type": "string", "pattern": draw(st.sampled_from(PATTERNS))}
    if kind == "format":
        return {"type": "string", "format": draw(st.sampled_from(FORMATS))}
    if kind == "enum":
        return {
            "type": "string",
            "enum": draw(
                st.lists(st.sampled_from(["a", "b", "rain", "Lisbon", "x y"]), min_size=1, max_size=4, unique=True)
            ),
        }
    if kind == "const":
        return {"const": draw(st.sampled_from(["fixed", 3, True, None]))}
    return {"type": "string"}


LEAVES = st.one_of(_integer(), _number(), _string(), st.just({"type": "boolean"}), st.just({"type": "null"}))


def _nullable(schema: dict) -> dict:
    kind = schema.get("type")
    return {**schema, "type": [kind, "null"]} if isinstance(kind, str) and kind != "null" else schema


def _composites(children):
    objects = st.builds(
        lambda fields, required, closed: {
            "type": "object",
            "properties": dict(fields),
            "required": [name for name, _ in fields if name in required],
            **({"additionalProperties": False} if closed else {}),
        },
        st.lists(st.tuples(st.sampled_from(FIELD_NAMES), children), min_size=0, max_size=5, unique_by=lambda f: f[0]),
        st.sets(st.sampled_from(FIELD_NAMES)),
        st.booleans(),
    )
    arrays = st.builds(
        lambda items, low, extra: {"type": "array", "items": items, "minItems": low, "maxItems": low + extra},
        children,
        st.integers(0, 3),
        st.integers(0, 3),
    )
    unique = st.builds(
        lambda low: {
            "type": "array",
            "items": {"type": "integer", "minimum": 0, "maximum": 100},
            "uniqueItems": True,
            "minItems": low,
        },
        st.integers(1, 5),
    )
    any_of = st.builds(lambda a, b: {"anyOf": [a, b]}, children, children)
    one_of = st.builds(lambda s, n: {"oneOf": [s, n]}, _string(), st.one_of(_integer(), st.just({"type": "boolean"})))
    nullable = children.map(_nullable)
    return st.one_of(objects, arrays, unique, any_of, one_of, nullable)


SCHEMAS = st.recursive(LEAVES, _composites, max_leaves=12)


@st.composite
def _documents(draw):
    """A schema, sometimes with part of it moved under $defs and pointed at by $ref."""
    body = draw(SCHEMAS)
    if draw(st.booleans()):
        return {
            "type": "object",
            "properties": {"value": {"$ref": "#/$defs/Value"}, "again": {"$ref": "#/$defs/Value"}},
            "required": ["value"],
            "$defs": {"Value": body},
        }
    return body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=_documents(), h=st.integers(0, 2**64), prompt=st.sampled_from([PROMPT, "Plan a trip to Porto", ""]))
def test_generated_schemas_get_values_that_validate(schema, h, prompt):
    value = value_for(schema, prompt, h)
    jsonschema.validate(value, schema, format_checker=CHECKER)
    assert conforms(schema, value)


def test_the_checker_agrees_with_jsonschema_on_wrong_values():
    cases = [
        ({"type": "integer", "multipleOf": 3}, 4),
        ({"type": "string", "pattern": "^a+$"}, "b"),
        ({"type": "array", "uniqueItems": True}, [1, 1]),
        ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1),
        (
            {
                "type": "object",
                "required": ["a"],
                "properties": {"a": {"$ref": "#/$defs/A"}},
                "$defs": {"A": {"enum": [1]}},
            },
            {"a": 2},
        ),
        ({"type": "string", "format": "date"}, "yesterday"),
    ]
    for schema, wrong in cases:
        assert not conforms(schema, wrong) and isinstance(violation(schema, wrong), str)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, schema, format_checker=CHECKER)
    day = {"day": "2026-01-01", "high": 70, "conditions": "rain"}
    wrong = {"city": "x", "unit": "celsius", "conditions": "c", "temperature": 1, "forecast": [day] * 3}
    assert violation(Weather.model_json_schema(), wrong) == "/forecast/0/high: 70 is above the maximum 50"
    assert violation(Weather.model_json_schema(), {}) == "/: 'city' is required and missing"
    FIGURES.append(
        f"structured outputs: {len(CORPUS)} pydantic models and 300 hypothesis schemas validated by jsonschema"
    )


async def test_json_mode_follows_a_schema_the_prompt_spells_out(http):
    example = '{"properties": {"foo": {"type": "array", "items": {"type": "string"}}}, "required": ["foo"]}'
    instructions = (
        "The output should be formatted as a JSON instance that conforms to the JSON schema below.\n"
        f'As an example, for the schema {example} the object {{"foo": ["bar"]}} is well formatted.\n'
        f"Here is the output schema:\n```\n{json.dumps(Weather.model_json_schema())}\n```"
    )
    for response_format in ({"type": "json_object"}, None):
        body = {
            "model": TEXT,
            "messages": [{"role": "system", "content": instructions}, {"role": "user", "content": PROMPT}],
        }
        if response_format:
            body["response_format"] = response_format
        reply = (await http.post("/chat/completions", headers=AUTH, json=body)).json()
        Weather.model_validate_json(reply["choices"][0]["message"]["content"])  # the real schema, not the example


async def test_a_required_tool_choice_forces_a_call_on_every_turn(http):
    tool = {
        "type": "function",
        "function": {"name": "lookup", "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}},
    }
    messages = [
        {"role": "user", "content": "Look it up"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}],
        },
        {"role": "tool", "tool_call_id": "c1", "content": '{"answer": 42}'},
    ]
    for choice, calls in (("required", True), ("auto", False)):
        body = {"model": TEXT, "messages": messages, "tools": [tool], "tool_choice": choice}
        message = (await http.post("/chat/completions", headers=AUTH, json=body)).json()["choices"][0]["message"]
        assert bool(message.get("tool_calls")) is calls
