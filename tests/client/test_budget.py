"""The money guard: billed calls are estimated from catalog prices and refused before sending."""

from __future__ import annotations

import pytest

from openrouter_nb import BudgetExceededError, OpenRouterClient
from openrouter_nb.client.budget import DEFAULT_COMPLETION_TOKENS
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
    with pytest.raises(BudgetExceededError, match="cannot be estimated"):
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
