"""Provider routing, validation, keys and shapes as the live service answers them (real recordings).

Routing follows the model's endpoints as ``/models/{id}/endpoints`` lists them; refusals are in the
service's envelopes: gateway errors with ``metadata.provider_name: null``, provider errors with the
provider's own JSON under ``metadata.raw``, and a top-level ``user_id``.
"""

from __future__ import annotations

import base64
import json
import re

import httpx
import pytest

from openrouter_nb.emulator import DEMO_KEY, Emulator, EmulatorCore
from tests.support.helpers import AUTH, BASE, TEXT

LLAMA = "meta-llama/llama-3.3-70b-instruct"
CLAUDE = "anthropic/claude-sonnet-4.5"
R1 = "deepseek/deepseek-r1"
HELLO = [{"role": "user", "content": "A caption about a rainy day in Porto"}]


async def _chat(http: httpx.AsyncClient, model: str = TEXT, **fields) -> httpx.Response:
    return await http.post("/chat/completions", headers=AUTH, json={"model": model, "messages": HELLO, **fields})


async def _endpoints(http: httpx.AsyncClient, model: str) -> list[dict]:
    return (await http.get(f"/models/{model}/endpoints", headers=AUTH)).json()["data"]["endpoints"]


# -- routing -------------------------------------------------------------------------------------


async def test_order_by_slug_answers_the_display_name_and_bills_that_endpoints_price(http):
    listed = {e["provider_name"]: e for e in await _endpoints(http, TEXT)}
    reply = (await _chat(http, provider={"order": ["azure"]})).json()
    assert reply["provider"] == "Azure" and "Azure" in listed
    usage = reply["usage"]
    price = listed["Azure"]["pricing"]
    expected = usage["prompt_tokens"] * float(price["prompt"]) + usage["completion_tokens"] * float(price["completion"])
    assert usage["cost"] == pytest.approx(expected)


async def test_only_an_unknown_provider_without_fallbacks_is_the_services_404(http):
    refused = await _chat(http, provider={"only": ["no-such-provider"], "allow_fallbacks": False})
    assert refused.status_code == 404
    error = refused.json()["error"]
    assert error["message"] == "No allowed providers are available for the selected model."
    assert error["metadata"]["available_providers"] == ["openai", "azure"]
    assert error["metadata"]["requested_providers"] == ["no-such-provider"]
    assert refused.json()["user_id"].startswith("user_")
    # order with fallbacks allowed falls back; without them, an order nobody matches is refused
    assert (await _chat(http, provider={"order": ["groq"]})).json()["provider"] == "OpenAI"
    assert (await _chat(http, provider={"order": ["groq"], "allow_fallbacks": False})).status_code == 404


async def test_ignore_quantizations_sort_and_max_price_filter_the_listed_endpoints(http):
    listed = await _endpoints(http, LLAMA)
    names = [e["provider_name"] for e in listed]
    ignored = (await _chat(http, LLAMA, provider={"ignore": [names[0]]})).json()["provider"]
    assert ignored != names[0] and ignored in names
    fp8 = (await _chat(http, LLAMA, provider={"quantizations": ["fp8"]})).json()["provider"]
    assert next(e for e in listed if e["provider_name"] == fp8)["quantization"] == "fp8"
    assert (await _chat(http, LLAMA, provider={"quantizations": ["fp2"]})).status_code == 404
    cheapest = min(listed, key=lambda e: float(e["pricing"]["prompt"]) + float(e["pricing"]["completion"]))
    assert (await _chat(http, LLAMA, provider={"sort": "price"})).json()["provider"] == cheapest["provider_name"]
    assert (await _chat(http, LLAMA, provider={"sort": {"by": "price"}})).json()["provider"] == cheapest[
        "provider_name"
    ]
    fastest = max(listed, key=lambda e: e["throughput_last_30m"]["p50"])
    assert (await _chat(http, LLAMA, provider={"sort": "throughput"})).json()["provider"] == fastest["provider_name"]
    cap = float(cheapest["pricing"]["prompt"]) * 1_000_000
    capped = (await _chat(http, LLAMA, provider={"max_price": {"prompt": cap}})).json()
    assert float(next(e for e in listed if e["provider_name"] == capped["provider"])["pricing"]["prompt"]) * 1e6 <= cap
    assert (await _chat(http, LLAMA, provider={"max_price": {"prompt": 0.000001}})).status_code == 404


async def test_nitro_and_floor_sort_the_endpoints_by_throughput_and_by_price(http):
    listed = await _endpoints(http, R1)
    cheapest = min(listed, key=lambda e: float(e["pricing"]["prompt"]) + float(e["pricing"]["completion"]))
    fastest = max(listed, key=lambda e: (e.get("throughput_last_30m") or {}).get("p50") or 0)
    assert cheapest is not fastest  # DeepSeek's own is cheapest, Chutes fastest
    assert (await _chat(http, f"{R1}:floor")).json()["provider"] == cheapest["provider_name"]
    assert (await _chat(http, f"{R1}:nitro")).json()["provider"] == fastest["provider_name"]
    stated = await _chat(http, f"{R1}:floor", provider={"sort": "throughput"})
    assert stated.json()["provider"] == fastest["provider_name"]  # the request's own sort wins


async def test_require_parameters_and_data_policy(http):
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {}}}}]
    assert (
        await _chat(http, "meituan/longcat-2.0", tools=tools, provider={"require_parameters": True})
    ).status_code in (200, 404)
    response_format = {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}}
    refused = await _chat(
        http, "meituan/longcat-2.0", response_format=response_format, provider={"require_parameters": True}
    )
    assert refused.status_code == 404 and "requested parameters" in refused.json()["error"]["message"]
    kept = (await _chat(http, R1, provider={"data_collection": "deny"})).json()["provider"]
    assert kept not in ("Chutes", "SiliconFlow", "AtlasCloud", "Novita")
    assert (await _chat(http, R1, provider={"zdr": True})).status_code == 404  # no endpoint of it retains nothing
    assert "data policy" in (await _chat(http, R1, provider={"zdr": True})).json()["error"]["message"]


# -- validation as recorded ----------------------------------------------------------------------


async def test_empty_input_is_the_gateways_400_with_a_null_provider(http):
    for messages in ([{"role": "user", "content": ""}], [{"role": "user", "content": [{"type": "text", "text": " "}]}]):
        refused = await http.post("/chat/completions", headers=AUTH, json={"model": TEXT, "messages": messages})
        body = refused.json()
        assert refused.status_code == 400 and body["error"]["code"] == 400
        assert body["error"]["message"] == "Input must have at least 1 token."
        assert body["error"]["metadata"]["provider_name"] is None
        assert re.fullmatch(r"user_[A-Za-z0-9]{27}", body["user_id"])
        streamed = await http.post(
            "/chat/completions", headers=AUTH, json={"model": TEXT, "messages": messages, "stream": True}
        )
        assert streamed.status_code == 400 and streamed.headers["content-type"].startswith("application/json")


async def test_an_input_text_part_in_a_chat_message_is_refused(http):
    messages = [{"role": "user", "content": [{"type": "input_text", "text": "hello"}]}]
    refused = await http.post("/chat/completions", headers=AUTH, json={"model": TEXT, "messages": messages})
    assert refused.status_code == 400 and "input_text" not in ("text",)
    assert refused.json()["error"]["metadata"]["provider_name"] is None


async def test_an_empty_message_after_others_is_the_providers_refusal_relayed(http):
    messages = [*HELLO, {"role": "assistant", "content": "Sure."}, {"role": "user", "content": ""}]
    refused = await http.post("/chat/completions", headers=AUTH, json={"model": CLAUDE, "messages": messages})
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["message"] == "Provider returned error"
    assert error["metadata"]["provider_name"] == "Anthropic"
    raw = json.loads(error["metadata"]["raw"])
    assert "all messages must have non-empty content" in raw["error"]["message"]
    ok = await http.post("/chat/completions", headers=AUTH, json={"model": TEXT, "messages": messages})
    assert ok.status_code == 200  # OpenAI takes an empty message


@pytest.mark.parametrize("model", [TEXT, CLAUDE])
async def test_a_pdf_or_a_mislabelled_image_sent_as_image_url(http, model):
    pdf = "data:application/pdf;base64," + base64.b64encode(b"%PDF-1.4 a document").decode()
    parts = [{"type": "text", "text": "what is this?"}, {"type": "image_url", "image_url": {"url": pdf}}]
    refused = await http.post(
        "/chat/completions", headers=AUTH, json={"model": model, "messages": [{"role": "user", "content": parts}]}
    )
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["message"] == "Provider returned error"
    assert error["metadata"]["provider_name"] in ("OpenAI", "Anthropic")
    assert isinstance(json.loads(error["metadata"]["raw"]), dict)
    jpeg = "data:image/png;base64," + base64.b64encode(b"\xff\xd8\xff\xe0" + b"\x00" * 40).decode()
    parts[1] = {"type": "image_url", "image_url": {"url": jpeg}}
    answer = await http.post(
        "/chat/completions", headers=AUTH, json={"model": model, "messages": [{"role": "user", "content": parts}]}
    )
    assert answer.status_code == (400 if model == CLAUDE else 200)  # Anthropic checks the bytes against the type


# -- keys ----------------------------------------------------------------------------------------


async def test_a_strict_account_refuses_keys_it_never_issued_and_revoked_ones():
    issued = "sk-or-v1-" + "1" * 64
    core = EmulatorCore(keys=[issued], management_key="sk-or-v1-manager")
    async with httpx.AsyncClient(transport=Emulator(core=core), base_url=BASE) as http:
        for key, status in ((issued, 200), (DEMO_KEY, 200), ("sk-or-v1-manager", 200), ("sk-or-v1-" + "2" * 64, 401)):
            response = await http.get("/key", headers={"Authorization": f"Bearer {key}"})
            assert response.status_code == status, key
        refused = await http.get("/key", headers={"Authorization": "Bearer sk-or-v1-never-issued"})
        assert refused.json() == {
            "error": {"code": 401, "message": "User not found.", "metadata": {"error_type": "authentication"}}
        }
        core.revoke(issued)
        assert (await http.get("/key", headers={"Authorization": f"Bearer {issued}"})).status_code == 401
    async with httpx.AsyncClient(transport=Emulator(), base_url=BASE) as http:  # not strict: any well-formed key
        assert (await http.get("/key", headers={"Authorization": "Bearer sk-or-anything-at-all"})).status_code == 200


# -- shapes as recorded --------------------------------------------------------------------------


async def test_recorded_shapes_of_json_answers(http):
    raw = await _chat(http)
    assert raw.content[:1] == b"\n"  # keep-alive whitespace before the JSON, while the model works
    reply = raw.json()
    assert re.fullmatch(r"gen-\d{10}-[A-Za-z0-9]{20}", reply["id"])
    details = reply["usage"]["prompt_tokens_details"]
    assert details["audio_tokens"] == 0 and details["video_tokens"] == 0
    vectors = (
        await http.post("/embeddings", headers=AUTH, json={"model": "openai/text-embedding-3-small", "input": "rain"})
    ).json()
    assert vectors["model"] == "text-embedding-3-small" and vectors["provider"] == "OpenAI"
    assert re.fullmatch(r"gen-emb-\d{10}-[A-Za-z0-9]{20}", vectors["id"])


async def test_recorded_shapes_of_a_reasoning_models_stream(http):
    async with http.stream(
        "POST", "/chat/completions", headers=AUTH, json={"model": R1, "messages": HELLO, "stream": True}
    ) as r:
        raw = (await r.aread()).decode()
    chunks = [json.loads(line[6:]) for line in raw.split("\n\n") if line.startswith("data: {")]
    for chunk in chunks:
        choice = chunk["choices"][0]
        assert choice["logprobs"] is None
        assert "reasoning" in choice["delta"] and "reasoning_details" in choice["delta"]
    text_deltas = [c["choices"][0]["delta"] for c in chunks if c["choices"][0]["delta"].get("content")]
    assert text_deltas and all(d["reasoning"] is None and d["reasoning_details"] == [] for d in text_deltas)
    finish = next(c for c in chunks if c["choices"][0]["finish_reason"])["choices"][0]["delta"]
    assert finish == {"reasoning": None, "reasoning_details": [], "role": "assistant", "content": ""}
    assert 1 <= raw.count(": OPENROUTER PROCESSING") <= 3
