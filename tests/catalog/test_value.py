"""Cost truth, quality columns, the cheapest models, value and the Pareto frontier, on the real catalog."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from openrouter_nb import models_frame
from openrouter_nb.catalog.cost import estimate_cost
from openrouter_nb.catalog.frame import QUALITY_COLUMNS
from openrouter_nb.catalog.value import add_value, cheapest, value_frontier


@pytest.fixture(scope="module")
def frame(bundled_catalog):
    return models_frame(bundled_catalog)


def test_quality_columns_come_from_the_catalog_benchmarks(frame, bundled_catalog):
    raw = {m["id"]: m.get("benchmarks") or {} for m in bundled_catalog}
    for column in QUALITY_COLUMNS:
        assert frame[column].dtype == "float64"
    scored = frame[frame["intelligence_index"].notna()]
    assert len(scored) > 100  # the 2026-08 snapshot scores 141 models
    for model_id, row in scored.head(20).iterrows():
        analysis = raw[model_id]["artificial_analysis"]
        assert row["intelligence_index"] == analysis["intelligence_index"]
        if analysis.get("coding_index") is not None:
            assert row["coding_index"] == analysis["coding_index"]
    with_arena = frame[frame["arena_elo_mean"].notna()]
    model_id = with_arena.index[0]
    entries = raw[model_id]["design_arena"]
    assert set(frame.loc[model_id, "arena_elo"]) == {e["category"] for e in entries}
    assert frame.loc[model_id, "arena_elo_mean"] == pytest.approx(sum(e["elo"] for e in entries) / len(entries))
    unscored = frame[frame["arena_elo_mean"].isna()]
    assert all(elo == {} for elo in unscored["arena_elo"])


def test_malformed_benchmarks_are_unknown_not_errors():
    models = [
        {"id": "a/x", "benchmarks": {"artificial_analysis": {"intelligence_index": "55", "coding_index": True}}},
        {"id": "a/y", "benchmarks": {"design_arena": [{"category": "web", "elo": None}, "junk", {"elo": 1200}]}},
        {"id": "a/z", "benchmarks": ["not", "a", "dict"]},
        {"id": "a/w", "benchmarks": {"artificial_analysis": {"intelligence_index": float("inf")}}},
    ]
    frame = models_frame(models)
    assert frame[list(QUALITY_COLUMNS)].isna().all().all()
    assert list(frame["arena_elo"]) == [{}, {}, {}, {}]


def test_a_zero_price_is_never_reported_for_real_work_unless_the_model_is_free(frame, bundled_catalog):
    costed = estimate_cost(frame, prompt_tokens=3000, completion_tokens=800, sort=False)
    zero = costed[costed["cost_usd"] == 0]
    assert len(zero) > 0 and zero["free"].all()
    # the music models: "0"/"0" token prices, text+audio output; they once ranked first at $0.000000
    music = [m["id"] for m in bundled_catalog if "lyria" in m["id"]]
    assert music and costed.loc[music, "cost_usd"].isna().all()
    empty = estimate_cost(models_frame([{"id": "a/empty", "pricing": {}}]), prompt_tokens=10)
    assert math.isnan(empty.loc["a/empty", "cost_usd"])
    # image models with "0"/"0" token prices: their price lives elsewhere, so a text workload is unknown
    zero_tokens = frame[(frame["prompt_usd_per_mtok"] == 0) & (frame["completion_usd_per_mtok"] == 0) & ~frame["free"]]
    assert len(zero_tokens) > 0
    assert costed.loc[zero_tokens.index, "cost_usd"].isna().all()


def test_include_free_false_drops_free_models(frame):
    paid = estimate_cost(frame[frame["text_output"]], prompt_tokens=3000, completion_tokens=800, include_free=False)
    assert not paid["free"].any()
    top = paid.head(10)
    assert top["cost_usd"].notna().all() and (top["cost_usd"] > 0).all()


def test_cheapest_gives_the_n_cheapest_known_prices(frame):
    five = cheapest(frame, task="text", n=5, prompt_tokens=2000, completion_tokens=500)
    assert len(five) == 5 and five["text_output"].all() and not five["free"].any()
    assert list(five["cost_usd"]) == sorted(five["cost_usd"])
    everything = estimate_cost(frame[frame["text_output"] & ~frame["free"]], prompt_tokens=2000, completion_tokens=500)
    assert five["cost_usd"].iloc[-1] <= everything["cost_usd"].dropna().iloc[5]
    images = cheapest(frame, task="image", n=3, images=1)
    assert images["image_output"].all() and images["cost_usd"].notna().all()
    with pytest.raises(ValueError, match="unknown task"):
        cheapest(frame, task="poetry")
    with pytest.raises(ValueError, match="positive integer"):
        cheapest(frame, n=0)


def test_the_frontier_is_pareto_optimal_and_in_cost_order(frame):
    costed = estimate_cost(frame[frame["text_output"]], prompt_tokens=2000, completion_tokens=500)
    front = value_frontier(costed)
    assert len(front) >= 3
    assert list(front["cost_usd"]) == sorted(front["cost_usd"])
    assert list(front["intelligence_index"]) == sorted(front["intelligence_index"])
    candidates = costed[costed["intelligence_index"].notna() & (costed["cost_usd"] > 0)]
    for model_id, row in candidates.iterrows():
        cheaper_or_same = candidates["cost_usd"] <= row["cost_usd"]
        better_or_same = candidates["intelligence_index"] >= row["intelligence_index"]
        strictly = (candidates["cost_usd"] < row["cost_usd"]) | (
            candidates["intelligence_index"] > row["intelligence_index"]
        )
        dominated = (cheaper_or_same & better_or_same & strictly).any()
        assert (model_id in front.index) != dominated, model_id
    assert (front["value"] == front["intelligence_index"] / front["cost_usd"]).all()


def test_value_rejects_unknown_columns_with_the_known_ones(frame):
    with pytest.raises(ValueError, match="intelligence_index"):
        value_frontier(frame.assign(cost_usd=1.0), quality="vibes")
    with pytest.raises(ValueError, match="estimate_cost"):
        add_value(frame)


def test_free_models_have_no_value_rather_than_an_infinite_one():
    frame = pd.DataFrame(
        {"intelligence_index": [50.0, 40.0, 30.0], "cost_usd": [0.0, 0.001, 0.01]}, index=["free", "b", "c"]
    )
    scored = add_value(frame)
    assert math.isnan(scored.loc["free", "value"]) and scored.loc["b", "value"] == pytest.approx(40_000)
    assert list(value_frontier(frame).index) == ["b"]  # c is dearer and worse
    assert list(value_frontier(frame, include_free=True).index) == ["free"]
