"""ModelPicker driven headless: traits in, options and value out, observers fire."""

from __future__ import annotations

import pytest

from openrouter_nb import ModelPicker, models_frame, pick_model


@pytest.fixture(scope="module")
def frame(bundled_catalog):
    return models_frame(bundled_catalog)


def test_task_filters(frame):
    picker = ModelPicker(frame)
    counts = {}
    for task, column in (
        ("text", "text_output"),
        ("image", "image_output"),
        ("video", "video_output"),
        ("vision", "vision"),
        ("embeddings", "embeddings"),
        ("free", "free"),
    ):
        picker.task = task
        counts[task] = len(picker.options)
        assert set(picker.options) == set(frame.index[frame[column]]), task
        assert picker.value == picker.options[0]
    picker.task = "all"
    assert len(picker.options) == len(frame)
    assert counts["image"] == 45 and counts["video"] == 23


def test_unknown_task_is_a_clear_value_error(frame):
    with pytest.raises(ValueError, match="unknown task 'pictures'.*image"):
        ModelPicker(frame, task="pictures")
    picker = ModelPicker(frame)
    with pytest.raises(ValueError, match="unknown sort"):
        picker.sort = "random"


def test_search_narrows_and_matches_id_name_provider(frame):
    picker = ModelPicker(frame, task="image")
    everything = picker.options
    picker.search = "flux"
    assert 0 < len(picker.options) < len(everything)
    assert all("flux" in i or "flux" in frame.loc[i, "name"].lower() for i in picker.options)
    picker.search = "black-forest"  # provider
    assert picker.options and all(frame.loc[i, "provider"] == "black-forest-labs" for i in picker.options)
    picker.search = "FLUX pro"  # every term, case-insensitive
    assert set(picker.options) <= {i for i in everything if "pro" in i}


def test_nothing_matches_says_so(frame):
    picker = ModelPicker(frame, task="video")
    picker.search = "no-such-model-anywhere"
    assert picker.options == () and picker.value is None
    assert "No models match" in picker._status_w.value
    picker.search = ""
    assert picker.value == picker.options[0]


def test_sorts(frame):
    picker = ModelPicker(frame, task="image", sort="price")
    prices = [frame.loc[i, "generated_image_usd"] for i in picker.options]
    known = [p for p in prices if p == p]
    assert known == sorted(known)
    picker.sort = "newest"
    created = [frame.loc[i, "created"] for i in picker.options]
    assert created == sorted(created, reverse=True)
    picker.task = "text"
    picker.sort = "context"
    contexts = [frame.loc[i, "context_length"] for i in picker.options[:50]]
    assert contexts == sorted(contexts, reverse=True)
    picker.sort = "name"
    names = [frame.loc[i, "name"].lower() for i in picker.options]
    assert names == sorted(names)


def test_value_observers_and_detail_pane(frame):
    picker = ModelPicker(frame, task="text")
    seen = []
    picker.observe(lambda change: seen.append(change["new"]), "value")
    picker.value = "openai/gpt-4o"
    assert seen[-1] == "openai/gpt-4o"
    assert "OpenAI: GPT-4o" in picker._detail_w.value and "128,000 tokens" in picker._detail_w.value
    picker._select_w.value = "google/gemini-2.5-flash"  # what a click in the list does
    assert picker.value == "google/gemini-2.5-flash" and seen[-1] == "google/gemini-2.5-flash"
    picker.search = "gpt-4o"  # gemini filtered out: the first offered model is selected
    assert picker.value == picker.options[0] and "gpt-4o" in picker.value
    state = picker.get_state()
    assert state["_dom_classes"] == () or isinstance(state, dict)


def test_value_must_be_offered(frame):
    picker = ModelPicker(frame, task="video")
    with pytest.raises(Exception, match="not among the offered"):
        picker.value = "openai/gpt-4o"


def test_pick_model_displays(frame, monkeypatch):
    shown = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    picker = pick_model(frame, task="image")
    assert shown == [picker] and picker.task == "image"


def test_video_task_sorts_and_labels_by_video_price(frame):
    from openrouter_nb import add_video_prices
    from openrouter_nb.emulator.catalog import video_models

    priced = add_video_prices(frame, video_models())
    picker = ModelPicker(priced, task="video", sort="price")
    prices = [priced.loc[i, "video_usd_per_second"] for i in picker.options]
    assert prices == sorted(prices)
    assert "/s video" in picker.labels[0]


def _reference_options(frame, task, sort, search=""):
    """The picker's options computed the straightforward way: filter, then sort a copy."""
    from openrouter_nb.catalog.columns import TASK_COLUMNS
    from openrouter_nb.catalog.sorting import sort_key

    rows = frame if TASK_COLUMNS[task] is None else frame[frame[TASK_COLUMNS[task]]]
    for term in search.lower().split():
        hay = (rows.index.to_series() + " " + rows["name"] + " " + rows["provider"]).str.lower()
        rows = rows[hay.str.contains(term, regex=False).to_numpy()]
    rows = rows.copy()
    order = sort_key(rows, sort, task)
    ordered = rows.sort_values(
        [c for c, _ in order], ascending=[a for _, a in order], na_position="last", kind="stable"
    )
    return tuple(ordered.index)


@pytest.mark.parametrize("sort", ["price", "context", "newest", "name", "value"])
@pytest.mark.parametrize("task", ["all", "text", "image", "free"])
def test_precomputed_orders_match_sorting_the_filtered_frame(frame, task, sort):
    picker = ModelPicker(frame, task=task, sort=sort)
    assert picker.options == _reference_options(frame, task, sort)
    picker.search = "gemini flash"
    assert picker.options == _reference_options(frame, task, sort, "gemini flash")
    assert len(picker.labels) == len(picker.options)


def test_value_sort_ranks_quality_per_dollar_first(frame):
    from openrouter_nb.catalog.cost import estimate_cost
    from openrouter_nb.catalog.value import add_value

    picker = ModelPicker(frame, task="text", sort="value")
    scored = add_value(estimate_cost(frame, 2000, 500, sort=False))
    values = [scored.loc[i, "value"] for i in picker.options]
    known = [v for v in values if v == v]
    assert known == sorted(known, reverse=True) and len(known) > 50
    assert all(v != v for v in values[len(known) :])  # unknown value last
    assert not scored.loc[picker.options[0], "free"]


def test_a_search_or_task_change_keeps_the_selection_while_it_is_offered(frame):
    picker = ModelPicker(frame, task="text")
    picker.value = "openai/gpt-4o-mini"
    picker.search = "openai"
    assert picker.value == "openai/gpt-4o-mini" and picker._select_w.value == "openai/gpt-4o-mini"
    picker.sort = "name"
    picker.task = "tools"
    assert picker.value == "openai/gpt-4o-mini"
    picker.search = "claude"
    assert picker.value == picker.options[0] != "openai/gpt-4o-mini"
    assert picker._select_w.value == picker.value and picker._select_w.label == picker.labels[0]


def test_detail_pane_shows_quality_indexes(frame):
    scored = frame[frame["intelligence_index"].notna()].index[0]
    picker = ModelPicker(frame)
    picker.value = scored
    detail = picker._detail_w.value
    assert "intelligence index" in detail and f"{frame.loc[scored, 'intelligence_index']:g}" in detail


def test_tasks_and_sorts_are_documented_in_the_docstring():
    from openrouter_nb.catalog.columns import SORTS
    from openrouter_nb.catalog.columns import TASK_COLUMNS as TASKS

    doc = ModelPicker.__doc__
    assert all(f"``{name}``" in doc for name in (*TASKS, *SORTS))


def test_a_picker_in_a_terminal_is_a_few_lines_and_counts_in_words(frame):
    picker = ModelPicker(frame, task="image")
    text = repr(picker)
    assert text.startswith("ModelPicker: 45 models for 'image', by price") and len(text.splitlines()) == 8
    assert f"value: {picker.value!r}" in text and len(text) < 1000
    picker.search = picker.value
    assert "<small>1 model</small>" in picker._status_w.value
