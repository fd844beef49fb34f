"""The emulator against OpenRouter's own OpenAPI spec, and against the official ``openrouter`` SDK.

1. Every response of every route the emulator serves, over the loopback server, validates against
   the spec's schema for its status and content type: JSON bodies, each SSE event, binary bodies,
   and the error envelope of every error status the spec declares for the operation.
2. Every operation the emulator serves is accepted by the official SDK (which validates each
   response with pydantic).
3. The requests our client sends validate against the spec's request schemas.

The figures are printed at the end of the pytest run (see ``conftest.pytest_terminal_summary``).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from openrouter_nb import OpenRouterClient
from openrouter_nb.emulator import DEMO_KEY, EmulatorCore, EmulatorServer, Fault
from openrouter_nb.emulator.routes import ROUTES, match
from tests.support.helpers import FIGURES
from tests.support.sdk_operations import OPERATIONS
from tests.support.spec_check import invented_fields, operation, request_errors, response_errors, spec

MANAGER = "sk-or-v1-manager-key-conformance"
AUTH = {"Authorization": f"Bearer {DEMO_KEY}"}
TEXT = "openai/gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "A caption about a rainy day in Porto"}]
TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
PCM = base64.b64encode(b"\x00\x01" * 2400).decode()

# (method, path, query, body): a request per response shape the emulator can give
SUCCESSES: list[tuple[str, str, dict[str, str], Any]] = [
    ("GET", "/models", {}, None),
    ("GET", "/models", {"output_modalities": "all", "limit": "3", "offset": "2", "sort": "newest"}, None),
    ("GET", "/models", {"q": "gemini", "input_modalities": "image", "sort": "intelligence-high-to-low"}, None),
    ("GET", "/models/count", {"output_modalities": "image"}, None),
    ("GET", "/models/user", {}, None),
    ("GET", "/model/openai/gpt-4o-mini", {}, None),
    ("GET", "/models/openai/gpt-4o-mini/endpoints", {}, None),
    ("GET", "/models/meta-llama/llama-3.3-70b-instruct/endpoints", {}, None),
    ("GET", "/providers", {}, None),
    ("GET", "/benchmarks", {}, None),
    ("GET", "/benchmarks", {"source": "design-arena", "arena": "models", "max_results": "5"}, None),
    ("GET", "/images/models", {}, None),
    ("GET", "/images/models/google/gemini-2.5-flash-image/endpoints", {}, None),
    ("GET", "/videos/models", {}, None),
    ("GET", "/embeddings/models", {}, None),
    ("POST", "/chat/completions", {}, {"model": TEXT, "messages": MESSAGES, "seed": 1}),
    ("POST", "/chat/completions", {}, {"model": TEXT, "messages": MESSAGES, "stream": True}),
    (
        "POST",
        "/chat/completions",
        {},
        {"model": TEXT, "messages": MESSAGES, "tools": [TOOL], "tool_choice": "required"},
    ),
    (
        "POST",
        "/chat/completions",
        {},
        {"model": TEXT, "messages": MESSAGES, "tools": [TOOL], "stream": True, "tool_choice": "required"},
    ),
    (
        "POST",
        "/chat/completions",
        {},
        {"model": "deepseek/deepseek-r1", "messages": MESSAGES, "reasoning": {"effort": "low"}},
    ),
    (
        "POST",
        "/chat/completions",
        {},
        {"model": "deepseek/deepseek-r1", "messages": MESSAGES, "reasoning_effort": "low", "stream": True},
    ),
    (
        "POST",
        "/chat/completions",
        {},
        {"model": "google/gemini-2.5-flash-image", "messages": MESSAGES, "modalities": ["image", "text"]},
    ),
    ("POST", "/chat/completions", {}, {"model": "@preset/captions", "messages": MESSAGES}),
    # reasoning by default (grok-4.6), encrypted blocks (OpenAI), a web search and its citations
    ("POST", "/chat/completions", {}, {"model": "x-ai/grok-4.6", "messages": MESSAGES, "plugins": [{"id": "web"}]}),
    ("POST", "/chat/completions", {}, {"model": "openai/o3", "messages": MESSAGES, "stream": True}),
    (
        "POST",
        "/chat/completions",
        {},
        {"model": "openai/o3", "messages": MESSAGES, "tools": [{"type": "openrouter:web_search"}]},
    ),
    ("POST", "/responses", {}, {"model": TEXT, "input": "A caption about a rainy day in Porto"}),
    ("POST", "/responses", {}, {"model": "deepseek/deepseek-r1", "input": "Why is the sky blue?", "stream": True}),
    (
        "POST",
        "/responses",
        {},
        {
            "model": TEXT,
            "input": [{"role": "user", "content": [{"type": "input_text", "text": "Weather in Porto?"}]}],
            "instructions": "Be brief.",
            "tools": [{"type": "function", "name": "get_weather", "parameters": TOOL["function"]["parameters"]}],
            "tool_choice": "required",
        },
    ),
    (
        "POST",
        "/responses",
        {},
        {
            "model": "openai/o3",
            "input": "A caption about tea",
            "reasoning": {"effort": "low"},
            "text": {
                "format": {
                    "type": "json_schema",
                    "name": "post",
                    "schema": {
                        "type": "object",
                        "properties": {"caption": {"type": "string"}},
                        "required": ["caption"],
                    },
                }
            },
            "stream": True,
        },
    ),
    ("POST", "/images", {}, {"model": "google/gemini-2.5-flash-image", "prompt": "a cozy cafe", "aspect_ratio": "4:5"}),
    ("POST", "/images", {}, {"model": "openai/gpt-image-1", "prompt": "a cozy cafe", "stream": True}),
    ("POST", "/embeddings", {}, {"model": "openai/text-embedding-3-small", "input": ["a", "b c"]}),
    ("POST", "/embeddings", {}, {"model": "openai/text-embedding-3-small", "input": "a", "encoding_format": "base64"}),
    ("POST", "/audio/speech", {}, {"model": "hexgrad/kokoro-82m", "input": "Hello Porto", "response_format": "pcm"}),
    ("POST", "/audio/speech", {}, {"model": "hexgrad/kokoro-82m", "input": "Hello Porto"}),
    (
        "POST",
        "/audio/transcriptions",
        {},
        {"model": "openai/gpt-4o-transcribe", "input_audio": {"data": PCM, "format": "pcm"}},
    ),
    (
        "POST",
        "/rerank",
        {},
        {"model": "cohere/rerank-v3.5", "query": "rain", "documents": ["rainy Porto", "sunny Lisbon"]},
    ),
    ("GET", "/key", {}, None),
    ("GET", "/presets/captions", {}, None),
    ("GET", "/datasets/rankings-daily", {}, None),
    ("GET", "/datasets/rankings-daily", {"period": "week", "modality": "tool_calling", "context_bucket": "10K"}, None),
    ("GET", "/datasets/rankings-daily", {"category": "marketing", "period": "month"}, None),
    ("GET", "/datasets/app-rankings", {}, None),
    ("GET", "/datasets/app-rankings", {"sort": "trending", "limit": "5", "offset": "2"}, None),
]
# requests that fail on their own (no fault scripted): bad input, unknown ids, no key
NATURAL_ERRORS: list[tuple[str, str, dict[str, str], Any, dict[str, str]]] = [
    ("GET", "/models", {"limit": "0"}, None, AUTH),
    ("GET", "/models", {"sort": "best"}, None, AUTH),
    ("GET", "/model/nobody/nothing", {}, None, AUTH),
    ("GET", "/models/nobody/nothing/endpoints", {}, None, AUTH),
    ("POST", "/chat/completions", {}, {"model": TEXT, "messages": MESSAGES, "temperature": 3}, AUTH),
    ("POST", "/chat/completions", {}, {"model": "no/such", "messages": MESSAGES}, AUTH),
    ("POST", "/chat/completions", {}, {"model": TEXT, "messages": MESSAGES}, {}),
    ("POST", "/responses", {}, {"model": TEXT, "input": []}, AUTH),
    ("POST", "/responses", {}, {"model": "no/such", "input": "hi"}, AUTH),
    (
        "POST",
        "/images",
        {},
        {"model": "google/gemini-2.5-flash-image", "prompt": "x", "size": "1024x1024", "aspect_ratio": "16:9"},
        AUTH,
    ),
    ("POST", "/embeddings", {}, {"model": TEXT, "input": "x"}, AUTH),
    ("GET", "/generation", {"id": "gen-unknown"}, None, AUTH),
    ("GET", "/generation", {}, None, AUTH),
    ("GET", "/credits", {}, None, AUTH),
    ("GET", "/activity", {}, None, AUTH),
    ("GET", "/videos/job-unknown", {}, None, AUTH),
    ("GET", "/key", {}, None, {}),
    ("GET", "/datasets/rankings-daily", {"category": "marketing", "period": "day"}, None, AUTH),
    ("GET", "/datasets/app-rankings", {"limit": "500"}, None, AUTH),
]


def _statuses(method: str, path: str) -> list[int]:
    _, op = operation(method, path)  # type: ignore[misc]
    return [int(s) for s in op["responses"] if s.isdigit() and int(s) >= 400]


async def _check(
    http: httpx.AsyncClient, method: str, path: str, query: dict[str, str], body: Any, **kw: Any
) -> list[str]:
    response = await http.request(method, path, params=query, json=body, **kw)
    problems = response_errors(
        method, path, response.status_code, response.headers.get("content-type", ""), response.content
    )
    return [f"{method} {path} {query or ''} -> {response.status_code}: {p}" for p in problems]


async def test_every_emulator_response_conforms_to_the_spec():
    core = EmulatorCore(generation_lag_s=0.0, video_pending_s=0.0, video_done_s=0.0, management_key=MANAGER)
    checked, problems = 0, []
    async with EmulatorServer(core) as server, httpx.AsyncClient(base_url=server.base_url, headers=AUTH) as http:
        for method, path, query, body in SUCCESSES:
            problems += await _check(http, method, path, query, body)
            checked += 1
        # a video job through every state, its content and the generation it billed
        job = (await http.post("/videos", json={"model": "bytedance/seedance-2.0-mini", "prompt": "waves"})).json()
        for method, path, query in [
            ("POST", "/videos", {}),
            ("GET", f"/videos/{job['id']}", {}),
            ("GET", f"/videos/{job['id']}/content", {"index": "0"}),
        ]:
            body = {"model": "bytedance/seedance-2.0-mini", "prompt": "waves"} if method == "POST" else None
            problems += await _check(http, method, path, query, body)
            checked += 1
        generation = (await http.get(f"/videos/{job['id']}")).json()["generation_id"]
        problems += await _check(http, "GET", "/generation", {"id": generation}, None)
        manager = {"Authorization": f"Bearer {MANAGER}"}
        problems += await _check(http, "GET", "/credits", {}, None, headers=manager)
        problems += await _check(http, "GET", "/activity", {}, None, headers=manager)
        problems += await _check(http, "GET", "/activity", {"date": "2025-12-24"}, None, headers=manager)
        checked += 4
        for method, path, query, body, headers in NATURAL_ERRORS:
            response = await http.request(
                method, path, params=query, json=body, headers=headers or {"Authorization": ""}
            )
            assert response.status_code >= 400, (method, path, query)
            problems += [
                f"{method} {path}: {p}"
                for p in response_errors(
                    method, path, response.status_code, response.headers.get("content-type", ""), response.content
                )
            ]
            checked += 1
        # every error status the spec declares for an operation, in the envelope it declares
        samples = [
            *SUCCESSES,
            ("GET", f"/videos/{job['id']}", {}, None),
            ("GET", "/generation", {"id": generation}, None),
        ]
        samples += [
            ("POST", "/videos", {}, {"model": "bytedance/seedance-2.0-mini", "prompt": "x"}),
            ("GET", "/credits", {}, None),
            ("GET", "/activity", {}, None),
        ]
        samples += [("GET", f"/videos/{job['id']}/content", {}, None), ("GET", "/videos/models", {}, None)]
        one_per_route: dict[str, tuple[str, str, dict[str, str], Any]] = {}
        for method, path, query, body in samples:
            route, _ = match(method, path)
            assert route is not None, (method, path)
            one_per_route.setdefault(route.name, (method, path, query, body))
        assert set(one_per_route) == {r.name for r in ROUTES}, "a route has no sample request"
        for name, (method, path, query, body) in one_per_route.items():
            for status in _statuses(method, path):
                core.script(name, Fault.error(status, retry_after=0 if status in (429, 503) else None))
                problems += await _check(http, method, path, query, body)
                checked += 1
    FIGURES.append(
        f"spec conformance: {checked} emulator responses validated against the OpenAPI spec, {len(problems)} failed"
    )
    assert problems == []


def test_every_route_the_emulator_serves_is_in_the_spec():
    served = set()
    for route in [r for r in ROUTES if r.spec]:
        concrete = "/".join({"*": "job-1", "**": "openai/gpt-4o-mini"}.get(part, part) for part in route.pattern)
        found = operation(route.method, "/" + concrete)
        assert found is not None, f"{route.method} /{concrete} ({route.name}) is not in the spec subset"
        served.add((route.method.lower(), found[0]))
    declared = {(m, p) for p, ops in spec()["paths"].items() for m in ops}
    assert served == declared, "the spec subset and the route table list different operations"


# the SDK warns that /key's rate_limit is deprecated; the service still sends it, and so does the emulator
@pytest.mark.filterwarnings("ignore:.*DEPRECATED")
async def test_the_official_sdk_accepts_every_operation():
    openrouter = pytest.importorskip("openrouter")
    core = EmulatorCore(generation_lag_s=0.0, video_pending_s=0.0, video_done_s=0.0, management_key=MANAGER)
    failures = {}
    async with (
        EmulatorServer(core) as server,
        openrouter.OpenRouter(api_key=DEMO_KEY, server_url=server.base_url) as sdk,
        openrouter.OpenRouter(api_key=MANAGER, server_url=server.base_url) as manager,
    ):
        state = {"key": DEMO_KEY, "manager": manager}
        for name, run in OPERATIONS.items():
            try:
                await run(sdk, state)
            except Exception as exc:  # every refusal is collected, then reported together
                failures[name] = f"{type(exc).__name__}: {str(exc)[:300]}"
    accepted = len(OPERATIONS) - len(failures)
    FIGURES.append(f"official openrouter SDK {openrouter.VERSION}: {accepted} of {len(OPERATIONS)} operations accepted")
    assert failures == {}


async def test_our_client_sends_requests_the_spec_accepts(tmp_path):
    core = EmulatorCore(generation_lag_s=0.0, video_pending_s=0.0, video_done_s=0.0)
    from openrouter_nb.emulator import Emulator

    async def no_sleep(seconds: float) -> None:
        return None

    async with OpenRouterClient(api_key=DEMO_KEY, transport=Emulator(core), sleep=no_sleep) as client:
        await client.chat(TEXT, "a caption", seed=1, temperature=0.5, max_tokens=100)
        await client.generate_text(TEXT, "a caption")
        await client.stream_text(TEXT, "a caption").collect()
        await client.images(model="google/gemini-2.5-flash-image", prompt="a cafe", n=1, aspect_ratio="4:5")
        job = await client.generate_video(model="bytedance/seedance-2.0-mini", prompt="waves", duration=5)
        await client.wait_for_video(job, progress=False)
        await client.embeddings("openai/text-embedding-3-small", ["a", "b"])
        audio = await client.speak("hexgrad/kokoro-82m", "hello", voice="af_alloy")
        await client.transcribe("openai/gpt-4o-transcribe", audio)
        await client.rerank("cohere/rerank-v3.5", "rain", ["rainy", "sunny"])
    bodies = [(r.method, r.path.removeprefix("/api/v1"), r.json) for r in core.requests if r.json is not None]
    problems = [(m, p, request_errors(m, p, b)) for m, p, b in bodies if request_errors(m, p, b)]
    assert len(bodies) == 9 and problems == []  # every POST this session made
    assert json.dumps(bodies)  # what was checked is plain JSON


# -- nothing invented ----------------------------------------------------------------------------

#: Fields the emulator sends that tests/spec's schemas do not list, each with where it was seen.
#: A path is matched with its array indexes as ``*``. Everything else a response carries must be
#: in the spec: test_no_response_carries_a_field_the_spec_and_the_recordings_lack checks it.
SEEN_ELSEWHERE = {
    # real exchanges (the digest, sections 3 and 11; speakeasy-api/gram#921): the serving provider
    "provider": "chat completions and chunks, as recorded from the live service",
    "choices/*/native_finish_reason": "the provider's own finish reason, as recorded",
    "choices/*/message/annotations": "url_citation annotations of web-search answers (OpenRouter's web search docs)",
    "usage/completion_tokens_details/image_tokens": "image outputs' usage (the docs' image-generation page)",
    "choices/*/message/images/*/type": "each image of a chat answer is typed image_url (the docs' image page)",
    # the official openrouter SDK's models (1.3.84, a newer edition of the spec) require these
    **{
        f"data/endpoints/*/{name}": "required by the official SDK's PublicEndpoint"
        for name in ("native_tools", "service_tier", "supports_diarization", "supports_tool_choice")
    },
    **{
        f"data/{name}": "required by the official SDK's GetCurrentKey response"
        for name in (
            "allowed_data_regions",
            "budgets",
            "effective_budget",
            "free_model_daily_requests",
            "organization_id",
            "workspace_id",
        )
    },  # fmt: skip
}


async def test_no_response_carries_a_field_the_spec_and_the_recordings_lack():
    core = EmulatorCore(generation_lag_s=0.0, video_pending_s=0.0, video_done_s=0.0, management_key=MANAGER)
    invented: dict[str, set[str]] = {}
    checked = 0
    async with EmulatorServer(core) as server, httpx.AsyncClient(base_url=server.base_url, headers=AUTH) as http:
        samples = [*SUCCESSES, ("POST", "/chat/completions", {}, {"model": TEXT, "messages": MESSAGES, "stream": True})]
        for method, path, query, body in samples:
            response = await http.request(method, path, params=query, json=body)
            found = invented_fields(
                method, path, response.status_code, response.headers.get("content-type", ""), response.content
            )
            for field in found:
                pattern = "/".join("*" if part.isdigit() else part for part in field.split("/"))
                if pattern not in SEEN_ELSEWHERE and pattern.removeprefix("choices/*/delta/") not in SEEN_ELSEWHERE:
                    invented.setdefault(f"{method} {path}", set()).add(pattern)
            checked += 1
    FIGURES.append(
        f"nothing invented: {checked} responses against the spec with unlisted fields refused, "
        f"{len(SEEN_ELSEWHERE)} fields allowed as seen in recordings or the official SDK"
    )
    assert invented == {}


def test_the_closed_check_finds_an_invented_field():
    body = json.dumps({"data": [{"id": "x", "name": "X", "description": "", "created": 1, "architecture": {
        "input_modalities": ["text"], "output_modalities": ["image"]}, "supported_parameters": {},
        "supports_streaming": False, "endpoints": "/x", "pricing": {"per_image_usd": 0.04}}]})  # fmt: skip
    assert invented_fields("GET", "/images/models", 200, "application/json", body.encode()) == ["data/0/pricing"]
