"""What a workload really costs: tiers, reasoning, cached prompts, web searches, the context limit.

On the real 2026-08-14 catalog the package ships (``pricing.overrides`` with ``min_prompt_tokens``
on 59 models, ``reasoning`` configs on 286).
"""

from __future__ import annotations

import math

import pytest

from openrouter_nb import estimate_cost, models_frame
from openrouter_nb._core.prices import applicable_pricing, call_cost


@pytest.fixture(scope="module")
def frame(bundled_catalog):
    return models_frame(bundled_catalog)


def cost(frame, model, **workload) -> float:
    return float(estimate_cost(frame, sort=False, **workload).loc[model, "cost_usd"])


def test_the_tier_a_long_prompt_falls_in_sets_its_prices(frame):
    # x-ai/grok-4.6: $2/$6 per million, and $4/$12 above 200,000 prompt tokens
    assert cost(frame, "x-ai/grok-4.6", prompt_tokens=200_000, completion_tokens=1000) == pytest.approx(0.406)
    assert cost(frame, "x-ai/grok-4.6", prompt_tokens=200_001, completion_tokens=1000) == pytest.approx(0.812004)
    # qwen/qwen3.7-flash has two tiers, 32k and 256k: later entries win, and the 256k one is 6.7x the base
    base = cost(frame, "qwen/qwen3.7-flash", prompt_tokens=10_000, completion_tokens=0) / 10_000
    top = cost(frame, "qwen/qwen3.7-flash", prompt_tokens=300_000, completion_tokens=0) / 300_000
    assert top / base == pytest.approx(6.67, abs=0.01)


def test_the_tier_columns_show_where_prices_change(frame):
    grok = frame.loc["x-ai/grok-4.6"]
    assert grok["long_context_from_tokens"] == 200_000
    assert (grok["long_prompt_usd_per_mtok"], grok["long_completion_usd_per_mtok"]) == (4.0, 12.0)
    assert frame["long_context_from_tokens"].notna().sum() == 59
    assert frame.loc["openai/gpt-4o-mini", "long_context_from_tokens"] is not None  # NA, not a number
    assert math.isnan(frame.loc["openai/gpt-4o-mini", "long_prompt_usd_per_mtok"])


def test_work_that_cannot_fit_the_context_has_no_price(frame):
    costed = estimate_cost(frame[frame["text_output"]], prompt_tokens=150_000, completion_tokens=0, sort=False)
    small = costed["context_length"].astype("float64") < 150_000
    assert small.sum() > 100 and costed.loc[small, "cost_usd"].isna().all()
    assert costed.loc[~small & ~costed["variable_pricing"], "cost_usd"].notna().any()


def test_reasoning_tokens_cost_the_reasoning_price_on_models_that_reason_and_nothing_on_others(frame):
    plain = {"prompt_tokens": 1000, "completion_tokens": 500}
    assert cost(frame, "openai/gpt-4o-mini", **plain, reasoning_tokens=2000) == cost(
        frame, "openai/gpt-4o-mini", **plain
    )
    r1 = frame.loc["deepseek/deepseek-r1"]
    extra = cost(frame, "deepseek/deepseek-r1", **plain, reasoning_tokens=2000) - cost(
        frame, "deepseek/deepseek-r1", **plain
    )
    price = (
        r1["reasoning_usd_per_mtok"] if not math.isnan(r1["reasoning_usd_per_mtok"]) else r1["completion_usd_per_mtok"]
    )
    assert extra == pytest.approx(2000 * price / 1e6)


def test_cached_prompt_tokens_cost_the_cache_read_price(frame):
    full = cost(frame, "x-ai/grok-4.6", prompt_tokens=10_000, completion_tokens=0)
    cached = cost(frame, "x-ai/grok-4.6", prompt_tokens=10_000, completion_tokens=0, cached_prompt_tokens=8000)
    assert full == pytest.approx(0.02) and cached == pytest.approx(2000 * 2e-6 + 8000 * 5e-7)
    with pytest.raises(ValueError, match="part of prompt_tokens"):
        estimate_cost(frame, prompt_tokens=10, cached_prompt_tokens=20)


def test_web_searches_cost_the_models_price_or_the_web_plugins(frame):
    with_search = estimate_cost(frame, prompt_tokens=100, completion_tokens=100, web_searches=2, sort=False)
    assert with_search.loc["x-ai/grok-4.6", "cost_usd"] == pytest.approx(100 * 2e-6 + 100 * 6e-6 + 2 * 0.005)
    assert with_search.loc["x-ai/grok-4.6", "web_search_priced_by"] == "model"
    # no web_search price in the catalog: the web plugin's engine, 5 results at $4 per 1,000
    mini = with_search.loc["openai/gpt-4o-mini"]
    assert mini["cost_usd"] == pytest.approx(100 * 0.15e-6 + 100 * 0.6e-6 + 2 * 0.02)
    assert mini["web_search_priced_by"] == "web plugin"
    three = estimate_cost(frame, prompt_tokens=100, completion_tokens=100, web_searches=1, search_results=3, sort=False)
    assert three.loc["openai/gpt-4o-mini", "cost_usd"] == pytest.approx(100 * 0.15e-6 + 100 * 0.6e-6 + 0.012)
    online = frame.loc[["openai/gpt-4o-mini"]].rename(index=lambda m: f"{m}:online")
    searched = estimate_cost(online, prompt_tokens=100, completion_tokens=100, sort=False)
    assert searched["cost_usd"].iloc[0] == pytest.approx(100 * 0.15e-6 + 100 * 0.6e-6 + 0.02)  # one search a call


def test_the_frame_says_which_models_reason_by_default(frame):
    assert (
        frame.loc["x-ai/grok-4.6", "reasons_by_default"]
        and frame.loc["x-ai/grok-4.6", "default_reasoning_effort"] == "high"
    )
    assert not frame.loc["openai/gpt-4o-mini", "reasons_by_default"]
    assert frame["reasons_by_default"].sum() > 100 and not (frame["reasons_by_default"] & ~frame["reasoning"]).any()


@pytest.mark.parametrize(
    ("tokens", "hhmm", "prompt"),
    [
        pytest.param(10, None, "0.00000066", id="no time: the default prices"),
        pytest.param(10, 200, "0.00000132", id="01:00-04:00 window"),
        pytest.param(10, 30, "0.00000066", id="a window that wraps midnight"),
    ],
)
def test_overrides_by_time_of_day_apply_only_at_their_hours(bundled_catalog, tokens, hhmm, prompt):
    pricing = next(m for m in bundled_catalog if m["id"] == "deepseek/deepseek-v4-pro-0813")["pricing"]
    assert applicable_pricing(pricing, tokens, hhmm=hhmm)["prompt"] == prompt


def test_call_cost_is_none_for_variable_or_unpriced_models():
    assert call_cost({"prompt": "-1", "completion": "-1"}, prompt_tokens=1, completion_tokens=1) is None
    assert call_cost({}, prompt_tokens=1, completion_tokens=1) is None
    plugin = call_cost({"prompt": "1", "completion": "1"}, prompt_tokens=1, completion_tokens=1, web_searches=1)
    assert plugin == pytest.approx(2.02)  # a search without the model's own price: the web plugin's


def test_default_reasoning_plans_each_models_own_thinking(frame):
    plain = {"prompt_tokens": 100, "completion_tokens": 50}
    planned = estimate_cost(frame, **plain, reasoning_tokens="default", sort=False)["cost_usd"]
    # grok-4.6 reasons unasked at high effort (2,048 typical tokens, at its completion price of $6 per million)
    assert planned["x-ai/grok-4.6"] == pytest.approx(cost(frame, "x-ai/grok-4.6", **plain, reasoning_tokens=2048))
    # gpt-5.4-pro names medium; deepseek-v3.2 can reason but does not unless asked
    assert planned["openai/gpt-5.4-pro"] == pytest.approx(
        cost(frame, "openai/gpt-5.4-pro", **plain, reasoning_tokens=1024)
    )
    assert planned["deepseek/deepseek-v3.2"] == pytest.approx(cost(frame, "deepseek/deepseek-v3.2", **plain))
    with pytest.raises(ValueError, match="'default'"):
        estimate_cost(frame, **plain, reasoning_tokens="lots")


async def test_add_image_prices_puts_the_stated_prices_in_the_frame_and_estimates_use_them(client):
    from openrouter_nb import add_image_prices, estimate_cost, models_frame

    frame = models_frame(await client.list_models())
    priced = add_image_prices(frame, await client.image_prices())
    gemini = priced.loc["google/gemini-2.5-flash-image"]
    assert gemini["image_price_unit"] == "token"
    assert gemini["image_usd"] == pytest.approx(0.0387, abs=1e-4)  # 1,290 tokens on its own endpoint
    assert gemini["image_usd_min"] == gemini["image_usd"] and gemini["image_usd_max"] == pytest.approx(0.0426, abs=1e-4)
    flux = priced.loc["black-forest-labs/flux.2-pro"]
    assert flux["image_price_unit"] == "megapixel" and flux["image_usd"] > 0
    # a model whose catalog token prices are "0": only the stated price knows what an image costs
    assert priced["image_usd"].notna().sum() > frame["generated_image_usd"].notna().sum() - 1
    costs = estimate_cost(priced, images=1)
    assert costs.loc["black-forest-labs/flux.2-pro", "cost_usd"] == pytest.approx(flux["image_usd"])
    assert "image_usd" not in frame.columns  # a copy
