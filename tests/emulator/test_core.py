"""The emulator core: auth, accounting consistency, the fault script and the request history."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from openrouter_nb import OpenRouterClient, OpenRouterError
from openrouter_nb.emulator import DEMO_KEY, Emulator, EmulatorCore, EmulatorServer, Fault
from openrouter_nb.errors import APIConnectionError, APIStatusError
from tests.support.helpers import (
    AUTH,
    BASE,
    TEXT,
    FakeClock,
    chat_request,
)


async def test_generation_key_and_credits_are_consistent():
    clock = FakeClock()
    emulator = Emulator(clock=clock, generation_lag_s=1.0, management_key="sk-or-v1-management-test")
    async with httpx.AsyncClient(transport=emulator, base_url=BASE, headers=AUTH) as http:
        reply = (await http.post("/chat/completions", json=chat_request())).json()
        assert (await http.get("/generation", params={"id": reply["id"]})).status_code == 404
        clock.now = 1.5
        gen = (await http.get("/generation", params={"id": reply["id"]})).json()["data"]
        assert gen["total_cost"] == reply["usage"]["cost"] and gen["model"] == TEXT
        key = (await http.get("/key")).json()["data"]
        assert key["usage"] == pytest.approx(reply["usage"]["cost"])
        assert key["limit_remaining"] == pytest.approx(25.0 - reply["usage"]["cost"])
        assert key["is_management_key"] is False
        denied = await http.get("/credits")
        assert denied.status_code == 403 and "management" in denied.json()["error"]["message"]
        credits = await http.get("/credits", headers={"Authorization": "Bearer sk-or-v1-management-test"})
        assert credits.json()["data"]["total_usage"] == pytest.approx(reply["usage"]["cost"])


async def test_auth_shapes(http):
    missing = await http.get("/key")
    assert missing.json() == {
        "error": {
            "code": 401,
            "message": "No cookie auth credentials found",
            "metadata": {"error_type": "authentication"},
        }
    }
    wrong = await http.get("/key", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["message"] == "User not found."


async def test_credits_run_out_gives_402():
    emulator = Emulator(credits=0.0)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, max_retries=0) as client:
        with pytest.raises(OpenRouterError, match="402"):
            await client.generate_text(TEXT, "hi")


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503])
async def test_scripted_status_errors_use_the_real_envelope(emulator, http, status):
    emulator.script("chat", Fault.error(status, retry_after=0 if status in (429, 503) else None))
    r = await http.post("/chat/completions", headers=AUTH, json=chat_request())
    assert r.status_code == status
    error = r.json()["error"]
    assert error["code"] == status and error["message"] and "error_type" in error["metadata"]
    if status == 403:
        assert error["metadata"]["reasons"] and error["metadata"]["flagged_input"]
    if status == 429:
        assert r.headers["retry-after"] == "0" and r.headers["x-ratelimit-remaining"] == "0"
    assert (await http.post("/chat/completions", headers=AUTH, json=chat_request())).status_code == 200


async def test_script_queue_order_and_wildcard(emulator, client):
    client = client.with_options(max_retries=0)
    emulator.script("chat", Fault.error(429, retry_after=0), 502, "ok")
    emulator.script("*", "empty")
    for expected in ("429", "502"):
        with pytest.raises(APIStatusError, match=expected):
            await client.generate_text(TEXT, "x")
    assert await client.generate_text(TEXT, "x")
    with pytest.raises(OpenRouterError):  # the wildcard applies to the next request on any route
        await client.list_models()
    assert len(emulator.calls("chat")) == 3
    with pytest.raises(ValueError, match="unknown route"):
        emulator.script("nope", "ok")


async def test_body_faults(emulator, client):
    client = client.with_options(max_retries=0)
    emulator.script("chat", "malformed_json", "html", "empty")
    for _ in range(3):
        with pytest.raises(OpenRouterError) as info:
            await client.generate_text(TEXT, "x")
        assert not isinstance(info.value.__cause__, KeyError)


async def test_connection_faults(emulator, client):
    client = client.with_options(max_retries=0)
    emulator.script("models", "drop", "connect_timeout")
    with pytest.raises(APIConnectionError):
        await client.list_models()
    with pytest.raises(APIConnectionError):
        await client.list_models()


async def test_read_timeout_fault_honours_client_timeout(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, timeout=0.05, max_retries=0) as client:
        emulator.script("models", "read_timeout")
        with pytest.raises(APIConnectionError, match="timed out"):
            await client.list_models()


async def test_latency_and_history(emulator, client):
    emulator.core.latency = 0.02
    loop = asyncio.get_running_loop()
    start = loop.time()
    await client.generate_text(TEXT, "x")
    assert loop.time() - start >= 0.02
    recorded = emulator.calls("chat")[-1]
    assert recorded.authorized and recorded.json["model"] == TEXT
    assert "authorization" not in recorded.headers
    assert DEMO_KEY not in repr(emulator.requests)


# -- one route table ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "route", "args"),
    [
        ("GET", "/models", "models", []),
        ("GET", "/models/count", "models_count", []),
        ("GET", "/models/openai/gpt-4o/endpoints", "endpoints", ["openai/gpt-4o"]),
        ("GET", "/model/openai/gpt-4o:free", "model", ["openai/gpt-4o:free"]),
        ("GET", "/images/models/openai/gpt-image-1/endpoints", "image_endpoints", ["openai/gpt-image-1"]),
        ("GET", "/videos/models", "video_models", []),
        ("GET", "/videos/job-1", "video_status", ["job-1"]),
        ("GET", "/videos/job-1/content", "video_content", ["job-1"]),
        ("GET", "/auth/key", "key", []),
        ("POST", "/chat/completions", "chat", []),
        ("GET", "/chat/completions", None, []),
        ("GET", "/models/openai/endpoints", None, []),
        ("GET", "/nothing", None, []),
    ],
)
def test_route_table(method, path, route, args):
    from openrouter_nb.emulator.routes import match

    found, found_args = match(method, path)
    assert (found.name if found else None, found_args) == (route, args)


def test_transport_and_server_both_have_a_core():
    core = EmulatorCore(seed=4)
    transport = Emulator(core)
    assert transport.core is core and EmulatorServer(core).core is core
    transport.script("chat", 429)
    assert core.calls("chat") == [] and transport.requests is core.requests
    with pytest.raises(TypeError, match="core"):
        EmulatorServer(transport)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Emulator(core, seed=1)
