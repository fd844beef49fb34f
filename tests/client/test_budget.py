"""The money guard: billed calls are estimated from catalog prices and refused before sending."""

from __future__ import annotations

import pytest

from openrouter_nb import BudgetExceededError, OpenRouterClient
from openrouter_nb.client.model_strings import DEFAULT_COMPLETION_TOKENS
from openrouter_nb.emulator import Emulator
from tests.support.helpers import KEY


@pytest.fixture
async def budgeted():
    emulator = Emulator(seed=1)
    async with OpenRouterClient(api_key=KEY, transport=emulator, budget=0.05) as client:
        yield client, emulator


async def test_calls_within_the_budget_go_through_and_the_ledger_counts_them(budgeted):
    client, emulator = budgeted
    result = await client.chat("openai/gpt-4o-mini", "a caption about tea", max_tokens=50)
    assert result.cost > 0 and client.budget_left == pytest.approx(0.05 - result.cost)
    assert client.budget.reserved == 0


async def test_an_image_that_would_pass_the_budget_is_never_sent(budgeted):
    client, emulator = budgeted
    await client.images(model="google/gemini-2.5-flash-image", prompt="a cafe")  # $0.0387 on its own provider
    # estimated at the dearest endpoint that could serve it: Google's $0.0426 (10% over Google AI Studio's)
    with pytest.raises(BudgetExceededError, match="would cost about \\$0.0426") as caught:
        await client.images(model="google/gemini-2.5-flash-image", prompt="another cafe")
    assert len(emulator.calls("images")) == 1  # the second was refused before sending
    assert caught.value.estimate == pytest.approx(0.0426, abs=1e-4) and caught.value.budget == 0.05
    # a provider preference narrows it to the endpoints that may serve it
    only = await client.budget.estimator.estimate(
        "/images", {"model": "google/gemini-2.5-flash-image", "provider": {"only": ["google-ai-studio"]}}
    )
    assert only[0] == pytest.approx(0.0387, abs=1e-4)
    big = await client.budget.estimator.estimate("/images", {"model": "google/gemini-2.5-flash-image", "size": "2K"})
    assert big[0] == pytest.approx(4 * 0.0426, abs=1e-3)  # per output token: four times the pixels


async def test_the_completion_estimate_uses_max_tokens_or_the_stated_default(budgeted):
    client, _ = budgeted
    estimate = client.budget.estimator.estimate
    messages = [{"role": "user", "content": "x" * 400}]
    body = {"model": "openai/gpt-4o-mini", "messages": messages}
    short, _ = await estimate("/chat/completions", {**body, "max_tokens": 10})
    default, _ = await estimate("/chat/completions", body)
    # gpt-4o-mini: $0.15 in, $0.60 out per million tokens; 400 characters ≈ 100 tokens + 8 for the message
    assert short == pytest.approx(108 * 0.15e-6 + 10 * 0.6e-6)
    assert default == pytest.approx(108 * 0.15e-6 + DEFAULT_COMPLETION_TOKENS * 0.6e-6)


async def test_a_video_is_estimated_per_second(budgeted):
    client, emulator = budgeted
    with pytest.raises(BudgetExceededError, match="refused before sending"):
        await client.generate_video(model="bytedance/seedance-2.0-mini", prompt="waves", duration=10)
    assert emulator.calls("videos") == []


async def test_an_unknowable_price_is_refused_under_a_budget(budgeted):
    client, emulator = budgeted
    with pytest.raises(BudgetExceededError, match="cannot hold an unknown price"):
        await client.chat("openrouter/auto", "hi")
    assert emulator.calls("chat") == []


def test_a_budget_must_be_positive():
    for bad in (0, -1, float("nan"), True):
        with pytest.raises(ValueError, match="positive number"):
            OpenRouterClient(api_key=KEY, budget=bad)


async def test_views_share_the_budget(budgeted):
    client, emulator = budgeted
    view = client.with_options(timeout=30)
    await view.images(model="google/gemini-2.5-flash-image", prompt="a cafe")
    assert client.budget_left == pytest.approx(0.05 - 0.0387)
    with pytest.raises(BudgetExceededError):
        await client.images(model="google/gemini-2.5-flash-image", prompt="more")


async def _quote(client, model, **body):
    return await client.budget.estimator.quote(
        "/chat/completions", {"model": model, "messages": [{"role": "user", "content": "x" * 400}], **body}
    )


async def test_variants_are_priced_from_their_base_models_endpoints(budgeted):
    client, _ = budgeted
    plain, nitro, floor = [await _quote(client, m, max_tokens=100) for m in (
        "openai/gpt-4o-mini", "openai/gpt-4o-mini:nitro", "openai/gpt-4o-mini:floor")]  # fmt: skip
    # gpt-4o-mini's endpoints: OpenAI $0.15/$0.60, Azure $0.144/$0.576 per million tokens
    assert nitro.cost == pytest.approx(108 * 0.15e-6 + 100 * 0.6e-6) == plain.cost
    assert floor.cost == pytest.approx(108 * 0.144e-6 + 100 * 0.576e-6)
    free = await _quote(client, "liquid/lfm-2.5-2.6b:free")
    assert free.cost == 0.0
    online = await _quote(client, "openai/gpt-4o-mini:online", max_tokens=100)
    assert online.cost == pytest.approx(plain.cost + 5 * 0.004)  # the web plugin: $4 per 1,000 results, 5 of them


async def test_fallbacks_are_priced_at_the_dearest_candidate(budgeted):
    client, emulator = budgeted
    cheap = await _quote(client, "openai/gpt-4o-mini", max_tokens=4000)
    both = await _quote(client, "openai/gpt-4o-mini", models=["anthropic/claude-sonnet-4.5"], max_tokens=4000)
    assert both.model == "anthropic/claude-sonnet-4.5" and both.cost == pytest.approx(108 * 3e-6 + 4000 * 15e-6)
    assert cheap.cost < 0.05 < both.cost
    with pytest.raises(BudgetExceededError, match=r"about \$0.0600 \(priced as anthropic/claude-sonnet-4.5\)"):
        await client.chat("openai/gpt-4o-mini", "x", models=["anthropic/claude-sonnet-4.5"], max_tokens=4000)
    assert emulator.calls("chat") == []


async def test_a_router_goes_through_under_a_budget_when_its_price_is_capped(budgeted):
    client, emulator = budgeted
    with pytest.raises(BudgetExceededError, match="max_price") as caught:
        await client.chat("openrouter/auto", "hi")
    assert "\n" not in str(caught.value)
    caps = {"max_price": {"prompt": 1, "completion": 4}}
    quote = await _quote(client, "openrouter/auto", provider=caps, max_tokens=100)
    assert quote.cost == pytest.approx(108 * 1e-6 + 100 * 4e-6)
    result = await client.chat("openrouter/auto", "a caption about tea", provider=caps, max_tokens=100)
    assert 0 < result.cost <= quote.cost and len(emulator.calls("chat")) == 1


async def test_a_preset_is_priced_by_the_model_it_names(budgeted):
    client, emulator = budgeted
    emulator.core.presets["captions"] = {"model": "anthropic/claude-sonnet-4.5", "max_tokens": 4000}
    quote = await _quote(client, "@preset/captions")
    assert quote.model == "anthropic/claude-sonnet-4.5" and quote.cost == pytest.approx(108 * 3e-6 + 4000 * 15e-6)
    with pytest.raises(BudgetExceededError, match="claude-sonnet-4.5"):
        await client.chat("@preset/captions", "x" * 400)
    own = await _quote(client, "openai/gpt-4o-mini@preset/captions", max_tokens=10)
    assert own.cost == pytest.approx(108 * 0.15e-6 + 10 * 0.6e-6)  # the request's own model and fields win
    assert emulator.calls("chat") == []
