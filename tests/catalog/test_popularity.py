"""What people use beside what it costs: the rankings dataset in frames, the picker and a chart."""

from __future__ import annotations

import pandas as pd
import pytest

from openrouter_nb import ModelPicker, add_popularity, models_frame, popularity_chart


@pytest.fixture
async def ranked(client):
    frame = models_frame(await client.list_models())
    rankings = await client.rankings()
    return frame, rankings, add_popularity(frame, rankings)


async def test_rankings_frame_names_catalog_models_and_cites_its_source(ranked, client):
    frame, rankings, _ = ranked
    assert list(rankings.columns) == ["date", "model", "model_permaslug", "tokens", "share"]
    assert rankings.attrs["source"].startswith("Source: OpenRouter (openrouter.ai/rankings), as of 2026-08-14")
    named = rankings[rankings["model"] != "other"]
    assert named["model"].isin(frame.index).mean() == 1.0  # permaslugs mapped to catalog ids
    assert rankings.groupby("date")["share"].sum().round(9).eq(1.0).all()
    weekly = await client.rankings(category="programming")  # weekly estimates: no period given, none refused
    assert weekly["date"].nunique() < rankings["date"].nunique()
    apps = await client.app_rankings(limit=3)
    assert list(apps["rank"]) == [1, 2, 3]
    assert apps.attrs["source"].startswith("Source: OpenRouter (openrouter.ai/apps)")


async def test_add_popularity_sums_the_window_and_ranks_it(ranked):
    frame, rankings, popular = ranked
    top = rankings[rankings["model"] != "other"].groupby("model")["tokens"].sum().sort_values(ascending=False)
    leader = top.index[0]
    assert popular.loc[leader, "tokens_30d"] == top.iloc[0] and popular.loc[leader, "popularity_rank"] == 1
    assert popular.loc[leader, "popularity_share"] == pytest.approx(top.iloc[0] / rankings["tokens"].sum())
    unranked = popular[~popular.index.isin(top.index)]
    assert len(unranked) > 0 and unranked["tokens_30d"].isna().all()  # unknown, not zero
    assert "tokens_30d" not in frame.columns  # a copy
    with pytest.raises(ValueError, match="client.rankings"):
        add_popularity(frame, pd.DataFrame({"x": [1]}))


async def test_the_picker_sorts_the_most_used_first(ranked):
    _, _, popular = ranked
    picker = ModelPicker(popular, task="text", sort="popular")
    ranks = popular.loc[list(picker.options), "popularity_rank"]
    known = ranks.dropna().tolist()
    assert known == sorted(known) and known[0] == 1
    assert ranks.iloc[: len(known)].notna().all()  # unranked models last
    plain = ModelPicker(popular.drop(columns=["popularity_rank"]), sort="popular")  # no rankings: A-Z
    assert list(plain.options) == sorted(plain.options, key=lambda m: popular.loc[m, "name"])


async def test_popularity_chart_draws_share_against_price_with_the_citation(ranked):
    frame, _, popular = ranked
    chart = popularity_chart(popular)
    assert "Source: OpenRouter" in repr(chart) and chart.points["popularity_share"].notna().all()
    png = chart.png()
    assert png.startswith(b"\x89PNG") and len(png) < 120_000
    bundle = chart._repr_mimebundle_()
    assert "image/png" in bundle
    with pytest.raises(ValueError, match="add_popularity"):
        popularity_chart(frame)


async def test_a_permaslug_names_the_base_model_not_its_variants(ranked):
    _, rankings, _ = ranked
    named = rankings[rankings["model"] != "other"]["model"]
    assert not named.str.contains(":").any()
