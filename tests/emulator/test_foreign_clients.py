"""Clients nobody here wrote, pointed at the loopback emulator as a user would point them at the service.

The ``openai`` SDK, pydantic-ai, LiteLLM, langchain-openai (Python, versions pinned in the test
extra) and the JavaScript AI SDK with OpenRouter's own provider (``tests/js``, versions pinned in
its package.json and lock file) each run the same kinds of operation: nested structured output,
tools whose schema uses ``$ref``, streamed reasoning, provider routing, and a refusal. The
operations each client passed are printed at the end of the run (``figures``).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from openrouter_nb.emulator import DEMO_KEY
from tests.support.helpers import FIGURES

JS = Path(__file__).resolve().parent.parent / "js"
TEXT, REASONER = "openai/gpt-4o-mini", "deepseek/deepseek-r1"
PROMPT = "What's the weather in Lisbon this week?"

pytestmark = [
    # third-party libraries' own deprecation notices are not failures of ours
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::PendingDeprecationWarning"),
    pytest.mark.filterwarnings("ignore::UserWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]


class Day(BaseModel):
    day: str
    high: float = Field(ge=-40, le=50)
    conditions: Literal["sunny", "rain", "cloudy"]


class Location(BaseModel):
    city: str
    country: str


class Weather(BaseModel):
    location: Location
    forecast: list[Day] = Field(min_length=3, max_length=5)
    alerts: list[str] | None = None


@pytest.fixture(scope="module")
def server_url():
    """The loopback emulator in its own process, as ``python -m openrouter_nb.emulator --port 0`` runs it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "openrouter_nb.emulator", "--port", "0", "--stream-delay", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    url = line.split(" on ", 1)[1].split(" ", 1)[0]
    yield url
    process.terminate()
    process.wait(10)


def _record(client: str, passed: list[str]) -> None:
    FIGURES.append(f"foreign client {client}: {len(passed)} operations passed ({'; '.join(passed)})")


def test_the_openai_sdk(server_url):
    import openai

    sdk = openai.OpenAI(base_url=server_url, api_key=DEMO_KEY, max_retries=0)
    passed = []
    parsed = sdk.chat.completions.parse(
        model=TEXT, messages=[{"role": "user", "content": PROMPT}], response_format=Weather
    )
    weather = parsed.choices[0].message.parsed
    assert weather.location.city == "Lisbon" and weather.location.country == "Portugal"
    passed.append("parse() into a nested model")

    class Forecast(BaseModel):
        location: Location
        days: int = Field(ge=1, le=7)

    tool = openai.pydantic_function_tool(Forecast, name="forecast")
    called = sdk.chat.completions.parse(
        model=TEXT, messages=[{"role": "user", "content": "Forecast for Lisbon"}], tools=[tool], tool_choice="required"
    )
    arguments = called.choices[0].message.tool_calls[0].function.parsed_arguments
    assert isinstance(arguments, Forecast) and arguments.location.city == "Lisbon"
    passed.append("strict tool with $ref, parsed")

    reasoning, text = "", ""
    for chunk in sdk.chat.completions.create(
        model=REASONER, messages=[{"role": "user", "content": "Why is the sky blue?"}], stream=True
    ):
        if chunk.choices:
            reasoning += getattr(chunk.choices[0].delta, "reasoning", None) or ""
            text += chunk.choices[0].delta.content or ""
    assert reasoning and text
    passed.append("streamed reasoning")

    routed = sdk.chat.completions.create(
        model=TEXT, messages=[{"role": "user", "content": "hi"}], extra_body={"provider": {"order": ["azure"]}}
    )
    assert routed.model_extra["provider"] == "Azure"
    passed.append("routing by slug")
    with pytest.raises(openai.NotFoundError, match="No allowed providers"):
        sdk.chat.completions.create(
            model=TEXT,
            messages=[{"role": "user", "content": "hi"}],
            extra_body={"provider": {"only": ["no-such-provider"], "allow_fallbacks": False}},
        )
    with pytest.raises(openai.BadRequestError, match="at least 1 token"):
        sdk.chat.completions.create(model=TEXT, messages=[{"role": "user", "content": ""}])
    passed.append("404 and 400 refusals typed")
    vectors = sdk.embeddings.create(model="openai/text-embedding-3-small", input=["rain"])
    assert len(vectors.data[0].embedding) == 1536
    passed.append("embeddings")
    response = sdk.responses.create(model=TEXT, input="A caption about rain in Porto")
    assert "rain" in response.output_text.lower()  # the SDK joins the message items' parts
    passed.append("responses.create")
    kinds = [event.type for event in sdk.responses.create(model=REASONER, input="Why is the sky blue?", stream=True)]
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert "response.reasoning_text.delta" in kinds and "response.output_text.delta" in kinds
    passed.append("responses.create (streamed, reasoning)")
    city = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    tool = {
        "type": "function",
        "name": "get_weather",
        "strict": True,
        "parameters": {**city, "additionalProperties": False},
    }
    called = sdk.responses.create(model=TEXT, input=PROMPT, tools=[tool], tool_choice="required")
    call = next(item for item in called.output if item.type == "function_call")
    assert json.loads(call.arguments) == {"city": "Lisbon"}
    answered = sdk.responses.create(
        model=TEXT,
        input=[{"role": "user", "content": PROMPT}, call.model_dump(exclude_none=True),
               {"type": "function_call_output", "call_id": call.call_id, "output": '{"temperature": 21}'}],
        tools=[tool],
    )  # fmt: skip
    assert "temperature: 21" in answered.output_text
    passed.append("responses.create with a function tool, run to an answer")
    typed = sdk.responses.parse(model=TEXT, input=PROMPT, text_format=Weather)
    assert typed.output_parsed.location.city == "Lisbon"
    passed.append("responses.parse into a nested model")
    _record(f"openai {openai.__version__}", passed)


async def test_pydantic_ai(server_url):
    import pydantic_ai
    from pydantic_ai import Agent, NativeOutput
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openrouter import OpenRouterProvider

    provider = OpenRouterProvider(api_key=DEMO_KEY, base_url=server_url)
    model = OpenAIChatModel(TEXT, provider=provider)
    passed = []
    tool_output = await Agent(model, output_type=Weather).run(PROMPT)  # a strict output tool, with $defs
    assert isinstance(tool_output.output, Weather) and tool_output.output.location.city == "Lisbon"
    passed.append("output tool with $ref (nested model)")
    native = await Agent(model, output_type=NativeOutput(Weather)).run(PROMPT)  # response_format json_schema
    assert isinstance(native.output, Weather) and 3 <= len(native.output.forecast) <= 5
    passed.append("native structured output")

    agent = Agent(model)

    @agent.tool_plain
    def get_weather(location: Location) -> str:
        """Current weather for a location."""
        return f"light rain in {location.city}, {location.country}"

    answered = await agent.run("What is the weather in Lisbon? Use the tool.")
    assert "light rain in Lisbon, Portugal" in answered.output
    passed.append("tool taking a nested model, run to an answer")
    async with Agent(OpenAIChatModel(REASONER, provider=provider)).run_stream("Why is the sky blue?") as stream:
        streamed = await stream.get_output()
    assert streamed
    passed.append("streamed answer of a reasoning model")
    _record(f"pydantic-ai {pydantic_ai.__version__}", passed)


async def test_litellm(server_url, monkeypatch):
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no download of its price list
    import litellm

    options = {"api_base": server_url, "api_key": DEMO_KEY}
    passed = []
    answer = await litellm.acompletion(
        model=f"openrouter/{TEXT}", messages=[{"role": "user", "content": PROMPT}], response_format=Weather, **options
    )
    assert Weather.model_validate_json(answer.choices[0].message.content).location.city == "Lisbon"
    passed.append("response_format from a nested model")
    schema = Weather.model_json_schema()
    tools = [{"type": "function", "function": {"name": "report", "parameters": schema}}]
    called = await litellm.acompletion(
        model=f"openrouter/{TEXT}",
        messages=[{"role": "user", "content": PROMPT}],
        tools=tools,
        tool_choice="required",
        **options,
    )
    Weather.model_validate_json(called.choices[0].message.tool_calls[0].function.arguments)
    passed.append("tool with $defs")
    stream = await litellm.acompletion(
        model=f"openrouter/{REASONER}",
        messages=[{"role": "user", "content": "Why is the sky blue?"}],
        stream=True,
        **options,
    )
    text = reasoning = ""
    async for chunk in stream:
        text += chunk.choices[0].delta.content or ""
        reasoning += getattr(chunk.choices[0].delta, "reasoning_content", None) or ""
    assert text and reasoning
    passed.append("streamed reasoning")
    with pytest.raises(litellm.NotFoundError):
        await litellm.acompletion(
            model=f"openrouter/{TEXT}",
            messages=[{"role": "user", "content": "hi"}],
            provider={"only": ["no-such-provider"], "allow_fallbacks": False},
            **options,
        )
    passed.append("refusal typed")
    answered = await litellm.aresponses(model=f"openrouter/{TEXT}", input="A caption about rain", **options)
    assert "rain" in answered.output[0].content[0].text.lower()
    passed.append("responses")
    _record(f"litellm {version('litellm')}", passed)


async def test_langchain_openai(server_url):
    from langchain_core.tools import tool
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(model=TEXT, base_url=server_url, api_key=DEMO_KEY, max_retries=0)
    passed = []
    for method in ("json_schema", "function_calling"):
        weather = await llm.with_structured_output(Weather, method=method).ainvoke(PROMPT)
        assert isinstance(weather, Weather) and weather.location.city == "Lisbon"
        passed.append(f"with_structured_output({method})")

    @tool
    def get_weather(location: Location) -> str:
        """Current weather for a location."""
        return "rain"

    message = await llm.bind_tools([get_weather], tool_choice="required").ainvoke("Weather in Lisbon?")
    assert message.tool_calls[0]["args"]["location"]["city"] == "Lisbon"
    passed.append("bind_tools with a nested model")
    text = ""
    async for chunk in ChatOpenAI(model=REASONER, base_url=server_url, api_key=DEMO_KEY).astream(
        "Why is the sky blue?"
    ):
        text += chunk.content if isinstance(chunk.content, str) else ""
    assert text
    passed.append("stream of a reasoning model")
    routed = await ChatOpenAI(
        model=TEXT, base_url=server_url, api_key=DEMO_KEY, extra_body={"provider": {"order": ["azure"]}}
    ).ainvoke("hi")
    assert routed.response_metadata["model_name"] == TEXT
    passed.append("routing through extra_body")
    _record(f"langchain-openai {version('langchain-openai')}", passed)


def _node_modules() -> Path | None:
    """``tests/js/node_modules`` as its lock file pins it (installed once with npm ci), or None without npm."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return None
    modules = JS / "node_modules"
    if not (modules / "@openrouter" / "ai-sdk-provider").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS, check=True, timeout=300)
    return modules


async def test_the_javascript_ai_sdk_with_openrouters_provider(server_url):
    if _node_modules() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node and npm are needed for the AI SDK test in CI")
        pytest.skip("node and npm are not installed: the JavaScript AI SDK test needs them")
    process = await asyncio.create_subprocess_exec(
        "node", str(JS / "ai_sdk.mjs"), server_url, DEMO_KEY, cwd=JS,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    results = [json.loads(line) for line in out.decode().splitlines() if line.startswith("{")]
    assert process.returncode == 0, err.decode()[-2000:]
    failed = [r for r in results if not r["ok"]]
    assert len(results) == 5 and failed == [], failed
    assert results[0]["detail"]["city"] == "Lisbon"
    versions = json.loads((JS / "package.json").read_text())["dependencies"]
    _record(f"AI SDK {versions['ai']} + @openrouter/ai-sdk-provider {versions['@openrouter/ai-sdk-provider']}",
            [r["operation"] for r in results])  # fmt: skip
