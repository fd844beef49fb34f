"""Catalog DataFrames on named edge cases and on every real snapshot."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

from openrouter_nb import CatalogWarning, compare_models, estimate_cost, models_frame, price_table, summarize_models
from openrouter_nb.catalog.frame import COLUMN_ORDER, PRICE_COLUMNS

EDGE_CATALOGS = {
    "empty": [],
    "junk": [None, 3, "x", {"name": "no id"}, {"id": ""}],
    "free-only": [
        {
            "id": "a/free:free",
            "name": "Free",
            "pricing": {"prompt": "0", "completion": "0"},
            "architecture": {"input_modalities": ["text"], "output_modalities": ["text"]},
        },
    ],
    "missing-pricing": [{"id": "a/bare"}],
    "unknown-fields": [
        {
            "id": "a/odd",
            "pricing": {"prompt": "abc", "completion": 5, "new_key": "0.1", "overrides": [{}]},
            "context_length": "big",
            "created": "yesterday",
            "architecture": "text->text",
            "supported_parameters": "tools",
        },
    ],
    "duplicates": [{"id": "a/x", "name": "first"}, {"id": "a/x", "name": "second"}],
}


@pytest.fixture(params=list(EDGE_CATALOGS), ids=list(EDGE_CATALOGS))
def edge(request):
    return request.param, EDGE_CATALOGS[request.param]


def assert_dtypes(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(COLUMN_ORDER)
    assert frame.index.name == "id"
    assert frame["context_length"].dtype == "Int64"
    assert str(frame["name"].dtype) == "string"
    for column in frame.columns:
        if "usd" in column:
            assert frame[column].dtype == "float64", column
    for column in ("text_output", "image_output", "video_output", "free", "variable_pricing", "tools"):
        assert frame[column].dtype == bool, column
    assert str(frame["created"].dtype).startswith("datetime64") and "UTC" in str(frame["created"].dtype)


def test_edge_catalogs_never_raise_and_keep_dtypes(edge):
    name, items = edge
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        frame = models_frame(items)
    left_out = [str(w.message) for w in said if issubclass(w.category, CatalogWarning)]
    assert bool(left_out) == (len(frame) < len(items)), left_out  # a warning exactly when entries were left out
    assert_dtypes(frame)
    if name in ("empty", "junk"):
        assert frame.empty
    if name == "free-only":
        assert frame.loc["a/free:free", "free"]
    if name == "missing-pricing":
        row = frame.loc["a/bare"]
        assert math.isnan(row["prompt_usd_per_mtok"]) and not row["free"]
    if name == "unknown-fields":
        row = frame.loc["a/odd"]
        assert math.isnan(row["prompt_usd_per_mtok"]) and row["completion_usd_per_mtok"] == 5e6
        assert row["pricing"] == {"new_key": "0.1", "overrides": [{}]}
        assert pd.isna(row["context_length"]) and pd.isna(row["created"])
    if name == "duplicates":
        assert len(frame) == 1 and frame.loc["a/x", "name"] == "first"


def test_units_and_flags_on_known_models(bundled_catalog):
    frame = models_frame(bundled_catalog)
    gpt = frame.loc["openai/gpt-4o"]
    assert gpt["prompt_usd_per_mtok"] == pytest.approx(2.5)
    assert gpt["completion_usd_per_mtok"] == pytest.approx(10.0)
    assert gpt["cache_read_usd_per_mtok"] == pytest.approx(1.25)
    assert math.isnan(gpt["web_search_usd"]) and gpt["vision"] and gpt["tools"] and not gpt["free"]
    image = frame.loc["google/gemini-2.5-flash-image"]
    assert image["image_output"] and image["text_output"]
    assert image["image_output_usd_per_mtok"] == pytest.approx(30.0)
    assert image["generated_image_usd"] == pytest.approx(0.00003 * 1290)
    assert image["web_search_usd"] == pytest.approx(0.014)
    auto = frame.loc["openrouter/auto"]
    assert auto["variable_pricing"] and math.isnan(auto["prompt_usd_per_mtok"]) and not auto["free"]
    video = frame.loc["bytedance/seedance-2.0-mini"]
    assert video["video_output"] and not video["free"] and pd.isna(video["context_length"])
    assert frame.loc["openai/gpt-4o", "created"] == pd.Timestamp("2024-05-13", tz="UTC")


def test_real_snapshots(snapshot):
    frame = models_frame(snapshot)
    assert_dtypes(frame)
    assert len(frame) == len(snapshot)
    summary_frame = models_frame(summarize_models(snapshot))
    assert set(summary_frame.index) == set(frame.index)
    pd.testing.assert_series_equal(summary_frame.loc[frame.index, "prompt_usd_per_mtok"], frame["prompt_usd_per_mtok"])
    # "0"/"0" is free only for text-only models; media models price elsewhere
    for model_id, row in frame[frame["free"]].iterrows():
        assert row["output_modalities"] == ["text"], model_id
    zero_media = frame[(frame["prompt_usd_per_mtok"] == 0) & ~frame["text_output"]]
    assert not zero_media["free"].any()
    # nothing priced is dropped: every pricing key is a column or kept in `pricing`
    for item in snapshot:
        kept = set(frame.loc[item["id"], "pricing"])
        shown = {key for key, _ in PRICE_COLUMNS.values()}
        assert set(item["pricing"]) <= kept | shown


def test_every_real_free_model_has_free_in_its_id_or_zero_prices(bundled_catalog):
    frame = models_frame(bundled_catalog)
    free = frame[frame["free"]]
    assert len(free) >= 10
    assert ((free["prompt_usd_per_mtok"] == 0) & (free["completion_usd_per_mtok"] == 0)).all()


def test_estimate_cost_ranks_workloads(bundled_catalog):
    frame = models_frame(bundled_catalog)
    text = estimate_cost(frame[frame["text_output"]], prompt_tokens=2000, completion_tokens=500)
    gpt = text.loc["openai/gpt-4o", "cost_usd"]
    assert gpt == pytest.approx(2000 * 2.5e-6 + 500 * 10e-6)
    assert math.isnan(text.loc["openrouter/auto", "cost_usd"])
    costs = text["cost_usd"].dropna()
    assert list(costs) == sorted(costs)
    assert text["cost_usd"].isna().sum() == text["cost_usd"].iloc[len(costs) :].isna().sum()  # NaN last

    images = estimate_cost(frame, images=1)
    assert images.loc["google/gemini-2.5-flash-image", "cost_usd"] == pytest.approx(0.0387)
    assert math.isnan(images.loc["openai/gpt-4o", "cost_usd"])  # cannot make images
    assert math.isnan(images.loc["bytedance/seedance-2.0-mini", "cost_usd"])  # video: priced elsewhere
    batch = estimate_cost(frame, prompt_tokens=100, requests=10, sort=False)
    assert batch.loc["openai/gpt-4o", "cost_usd"] == pytest.approx(10 * 100 * 2.5e-6)
    assert list(batch.index) == list(frame.index)
    assert "cost_usd" not in frame.columns  # a copy, the input is untouched
    with pytest.raises(ValueError, match="prompt_tokens"):
        estimate_cost(frame, prompt_tokens=-1)


def test_price_table_html_and_text(bundled_catalog):
    frame = estimate_cost(models_frame(bundled_catalog), prompt_tokens=1000)
    table = price_table(frame, max_rows=5)
    text = repr(table)
    assert "5 of 549 models" in text and "$" in text
    html = table._repr_html_()
    assert html.startswith("<table") and "cost_usd" in html and "$" in html


def test_compare_models(bundled_catalog):
    frame = models_frame(bundled_catalog)
    side = compare_models(frame, ["openai/gpt-4o", "google/gemini-2.5-flash"])
    assert list(side.columns) == ["openai/gpt-4o", "google/gemini-2.5-flash"]
    assert side.loc["prompt_usd_per_mtok", "openai/gpt-4o"] == pytest.approx(2.5)
    with pytest.raises(KeyError, match="did you mean.*openai/gpt-4o"):
        compare_models(frame, ["openai/gpt-4o-typo"])


@pytest.mark.parametrize(
    ("skus", "expected"),
    [
        pytest.param({"per-video-second": "0.10", "per-video-second-1080p": "0.15"}, 0.10, id="per-second"),
        pytest.param({"duration_seconds_720p": "0.05", "duration_seconds_with_audio": "0.07"}, 0.05, id="duration"),
        pytest.param({"cents_per_video_output_second_1080p": "27"}, 0.27, id="cents"),
        pytest.param({"per-video": "1.0", "bad_second": "x"}, math.nan, id="no-per-second"),
        pytest.param(None, math.nan, id="missing"),
    ],
)
def test_video_usd_per_second(skus, expected):
    from openrouter_nb._core.prices import video_usd_per_second

    value = video_usd_per_second({"id": "v/x", "pricing_skus": skus})
    assert (math.isnan(value) and math.isnan(expected)) or value == pytest.approx(expected)


async def test_video_workloads_rank_with_the_video_catalog(bundled_catalog):
    from openrouter_nb import OpenRouterClient, add_video_prices
    from openrouter_nb.emulator import DEMO_KEY, Emulator

    async with OpenRouterClient(api_key=DEMO_KEY, transport=Emulator()) as client:
        video_models = await client.list_video_models()
    frame = models_frame(bundled_catalog)
    with pytest.raises(ValueError, match="add_video_prices"):
        estimate_cost(frame, video_seconds=5)
    priced = add_video_prices(frame, video_models)
    assert priced["video_usd_per_second"].notna().sum() == 23
    assert math.isnan(estimate_cost(priced, prompt_tokens=10).loc["bytedance/seedance-2.0-mini", "cost_usd"])
    videos = estimate_cost(priced[priced["video_output"]], video_seconds=5)
    assert videos["cost_usd"].notna().all()
    assert videos.loc["bytedance/seedance-2.0-mini", "cost_usd"] == pytest.approx(5 * 0.27)
    costs = list(videos["cost_usd"])
    assert costs == sorted(costs)
    assert "video_usd_per_second" in compare_models(priced, ["bytedance/seedance-2.0-mini"]).index


def test_what_is_left_out_is_said_and_what_is_not_a_catalog_is_refused():
    junk = [{"junk": 1}, {"id": "a/x"}, "text", {"id": "a/x"}, {"model": "b/y"}]
    with pytest.warns(CatalogWarning, match="left out 3 of 5 catalog entries: ") as said:
        frame = models_frame(junk)
    message = str(said[0].message)
    assert "1 without an id" in message and "1 not an object" in message and "1 a repeated id" in message
    assert list(frame.index) == ["a/x", "b/y"]
    for wrong in ("abc", 5, None, {"models": []}):
        with pytest.raises(TypeError, match="takes the list of models of client.list_models"):
            models_frame(wrong)
    assert list(models_frame({"data": [{"id": "a/x"}]}).index) == ["a/x"]  # the GET /models payload itself
