"""measure_costs: the sticker price beside the bill, per model, and the chart of the two."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from openrouter_nb import OpenRouterClient, cost_chart, measure_costs
from openrouter_nb.arena.costs import COST_COLUMNS
from openrouter_nb.emulator import DEMO_KEY, Fault
from tests.support.helpers import no_sleep, png_size

PROMPTS = ["A caption about a rainy day in Porto", "A caption about a quiet beach at dawn"]
PLAIN, REASONER = "openai/gpt-4o-mini", "x-ai/grok-4.6"  # grok-4.6 reasons by default, at high effort


async def test_the_bill_matches_the_ledger_and_the_sticker_misses_the_reasoning(client):
    frame = await measure_costs(client, [PLAIN, REASONER], PROMPTS, seed=1)
    assert list(frame.columns) == list(COST_COLUMNS) and list(frame.index) == [PLAIN, REASONER]
    assert frame["calls"].tolist() == [2, 2] and frame["error"].isna().all()
    spend = client.spend.groupby("model")["cost"].sum()
    for model in (PLAIN, REASONER):
        assert frame.loc[model, "measured_usd"] == pytest.approx(spend[model])
        assert frame.loc[model, "explained_usd"] == pytest.approx(frame.loc[model, "measured_usd"], rel=1e-6)
    assert frame.loc[PLAIN, "reasoning_tokens"] == 0
    assert frame.loc[PLAIN, "measured_over_estimated"] == pytest.approx(1.0, rel=1e-6)
    assert frame.loc[REASONER, "reasoning_tokens"] > 1000 * 2
    assert frame.loc[REASONER, "measured_over_estimated"] > 5  # thousands of hidden tokens on a short caption


async def test_options_reach_every_call_and_a_cached_prefix_lowers_the_bill(client):
    system = "You write for a coffee brand. " * 400  # a long shared prefix, about 3,000 tokens
    prompts = [f"{system}\n{p}" for p in PROMPTS]
    frame = await measure_costs(client, [PLAIN], prompts)
    row = frame.loc[PLAIN]
    assert row["reasoning_tokens"] == 0 and row["cached_tokens"] > 2000  # the second call read the cache
    assert row["measured_usd"] < row["estimated_usd"]  # cache reads cost less than the prompt price


async def test_a_budget_stops_a_model_and_keeps_what_was_measured(emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=no_sleep, budget=0.02) as client:
        frame = await measure_costs(client, [PLAIN, REASONER], PROMPTS * 3)
        assert client.ledger.total <= 0.02
    assert frame.loc[PLAIN, "calls"] == 6 and pd.isna(frame.loc[PLAIN, "error"])
    assert frame.loc[REASONER, "calls"] < 6 and "budget" in frame.loc[REASONER, "error"]


async def test_bad_arguments_fail_before_anything_is_billed(client):
    with pytest.raises(ValueError, match="not in the catalog: no/such"):
        await measure_costs(client, [PLAIN, "no/such"], PROMPTS)
    with pytest.raises(ValueError, match="prompts"):
        await measure_costs(client, [PLAIN], [])
    with pytest.raises(ValueError, match="once"):
        await measure_costs(client, [PLAIN, PLAIN], PROMPTS)
    assert client.ledger.entries == []


async def test_a_failing_model_keeps_its_error_and_the_others_stand(client, emulator):
    emulator.script("chat", Fault.error(400))
    frame = await measure_costs(client, [PLAIN, REASONER], PROMPTS[:1])  # the first chat call fails
    failed, answered = (PLAIN, REASONER) if frame.loc[PLAIN, "calls"] == 0 else (REASONER, PLAIN)
    assert frame.loc[failed, "error"].startswith("BadRequestError") and math.isnan(frame.loc[failed, "measured_usd"])
    assert frame.loc[answered, "calls"] == 1 and frame.loc[answered, "measured_usd"] > 0


async def test_the_chart_draws_a_pair_of_bars_per_model(client):
    frame = await measure_costs(client, [PLAIN, REASONER], PROMPTS[:1])
    chart = cost_chart(frame)
    width, height = png_size(chart.png())
    assert width == 600 and height > 100
    assert "image/png" in chart._repr_mimebundle_()
    with pytest.raises(ValueError, match="measure_costs"):
        cost_chart(frame.drop(columns="estimated_usd"))
