"""What the emulator bills a chat, as the service does: reasoning by the model's config, cached
prefixes, web searches, and the catalog's prices in the prompt's tier."""

from __future__ import annotations

import pytest

from openrouter_nb.emulator.billing import prices_at
from openrouter_nb.emulator.catalog import catalog_by_id
from tests.support.helpers import AUTH

MESSAGES = [{"role": "user", "content": "A caption about a rainy day in Porto"}]


async def _usage(http, **body) -> dict:
    response = await http.post("/chat/completions", json={"messages": MESSAGES, **body}, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_model_that_reasons_by_default_bills_reasoning_tokens_unless_told_not_to(http):
    default = await _usage(http, model="x-ai/grok-4.6")  # reasoning: default_enabled, mandatory
    assert default["usage"]["completion_tokens_details"]["reasoning_tokens"] > 1000  # its default effort: high
    plain = await _usage(http, model="openai/gpt-4o-mini")
    assert plain["usage"]["completion_tokens_details"]["reasoning_tokens"] == 0
    optional = "deepseek/deepseek-v3.2"  # reasons when asked, not by default
    assert catalog_by_id()[optional]["reasoning"].get("default_enabled") is not True
    off = await _usage(http, model=optional)
    on = await _usage(http, model=optional, reasoning={"effort": "high"})
    low = await _usage(http, model=optional, reasoning={"effort": "low"})
    thinking = [r["usage"]["completion_tokens_details"]["reasoning_tokens"] for r in (off, low, on)]
    assert thinking[0] == 0 < thinking[1] < thinking[2]  # more for a higher effort
    assert on["usage"]["completion_tokens"] > on["usage"]["completion_tokens_details"]["reasoning_tokens"]
    assert on["usage"]["cost"] > off["usage"]["cost"]


async def test_reasoning_tokens_are_billed_at_the_reasoning_price(http):
    model = next(m for m in catalog_by_id().values() if "internal_reasoning" in m["pricing"] and m.get("reasoning"))
    reply = await _usage(http, model=model["id"], reasoning={"effort": "medium"})
    usage, pricing = reply["usage"], model["pricing"]
    thinking = usage["completion_tokens_details"]["reasoning_tokens"]
    visible = usage["completion_tokens"] - thinking
    expected = usage["prompt_tokens"] * float(pricing["prompt"]) + visible * float(pricing["completion"])
    expected += thinking * float(pricing["internal_reasoning"])
    assert usage["cost"] == pytest.approx(expected, rel=1e-6)


async def test_a_repeated_long_prefix_comes_back_partly_cached(http):
    system = {"role": "system", "content": "You write for a coffee brand. " * 400}  # about 3,000 tokens
    first = await _usage(http, model="x-ai/grok-4.6", messages=[system, MESSAGES[0]])
    second = await _usage(http, model="x-ai/grok-4.6", messages=[system, {"role": "user", "content": "Now tea"}])
    cached = second["usage"]["prompt_tokens_details"]["cached_tokens"]
    assert first["usage"]["prompt_tokens_details"]["cached_tokens"] == 0
    assert 2000 < cached < second["usage"]["prompt_tokens"] and cached % 128 == 0
    short = await _usage(http, model="x-ai/grok-4.6", messages=[MESSAGES[0]])
    assert short["usage"]["prompt_tokens_details"]["cached_tokens"] == 0  # a short prompt is never cached
    no_cache = next(
        m
        for m, e in catalog_by_id().items()
        if "input_cache_read" not in e["pricing"]
        and e["pricing"]["prompt"] != "0"
        and e["architecture"]["output_modalities"] == ["text"]
    )
    twice = [await _usage(http, model=no_cache, messages=[system, MESSAGES[0]]) for _ in range(2)]
    assert twice[1]["usage"]["prompt_tokens_details"]["cached_tokens"] == 0


@pytest.mark.parametrize(
    "asks",
    [
        pytest.param({"plugins": [{"id": "web"}]}, id="web plugin"),
        pytest.param({"tools": [{"type": "openrouter:web_search"}]}, id="server tool"),
        pytest.param({"model": "x-ai/grok-4.6:online"}, id="online variant"),
    ],
)
async def test_web_searches_are_counted_priced_and_cited(http, asks):
    reply = await _usage(http, **{"model": "x-ai/grok-4.6", **asks})
    usage, message = reply["usage"], reply["choices"][0]["message"]
    assert usage["server_tool_use_details"] == {"web_search_requests": 1}
    plain = await _usage(http, model="x-ai/grok-4.6")
    search_price = float(catalog_by_id()["x-ai/grok-4.6"]["pricing"]["web_search"])
    assert usage["cost"] - plain["usage"]["cost"] == pytest.approx(search_price, abs=0.01)
    assert message["annotations"] and message["annotations"][0]["type"] == "url_citation"


def test_the_prompts_tier_sets_the_price():
    grok = catalog_by_id()["x-ai/grok-4.6"]["pricing"]
    assert prices_at(grok, 200_000, 1_767_225_600)["prompt"] == pytest.approx(2e-6)
    assert prices_at(grok, 200_001, 1_767_225_600)["prompt"] == pytest.approx(4e-6)
    pro = catalog_by_id()["deepseek/deepseek-v4-pro-0813"]["pricing"]
    assert prices_at(pro, 10, 1_767_225_600 + 2 * 3600)["prompt"] == pytest.approx(1.32e-6)  # 02:00 UTC: doubled
    assert prices_at(pro, 10, 1_767_225_600)["prompt"] == pytest.approx(6.6e-7)  # 00:00 UTC


async def test_a_long_prompt_is_billed_in_its_tier(http):
    long = [{"role": "user", "content": "x" * (4 * 200_100)}]  # past grok-4.6's 200,000-token tier
    reply = await _usage(http, model="x-ai/grok-4.6", messages=long, reasoning={"enabled": False})
    usage = reply["usage"]
    assert usage["prompt_tokens"] > 200_000
    assert usage["cost_details"]["upstream_inference_prompt_cost"] == pytest.approx(usage["prompt_tokens"] * 4e-6)
