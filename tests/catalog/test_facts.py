"""Catalog helpers: capability tags and summaries, on hand-made edge cases and the real snapshots."""

from __future__ import annotations

import re

import pytest

from openrouter_nb import classify_model_capabilities, summarize_models


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        pytest.param({"architecture": {"modality": "text+image->text"}}, ["image", "text"], id="string"),
        pytest.param({"architecture": {"modality": ["Text", "AUDIO"]}}, ["audio", "text"], id="list"),
        pytest.param(
            {"architecture": {"input_modalities": ["text", 3], "output_modalities": ["video", None]}},
            ["text", "video"],
            id="modality-lists",
        ),
        pytest.param({"pricing": {"image": "0", "prompt": "0.0"}}, [], id="zero-prices"),
        pytest.param({"pricing": {"image": "0.001"}}, ["image"], id="image-priced"),
        pytest.param({"pricing": {"image_generation": {"a": "0", "b": "2"}}}, ["image"], id="nested"),
        pytest.param({"pricing": {"video_generation": 0.5}}, ["video"], id="video-number"),
        pytest.param({"pricing": {"prompt": "-1", "completion": "-1"}}, ["text"], id="variable"),
        pytest.param({"pricing": {"input": "", "output": None}}, [], id="empty-none"),
        pytest.param({"tags": ["Fast", 3, "fast", None]}, ["fast"], id="tags"),
        pytest.param("not a dict", [], id="non-dict"),
        pytest.param({"architecture": "weird", "pricing": [1], "tags": "x"}, [], id="wrong-types"),
    ],
)
def test_classify_model_capabilities(model, expected):
    assert classify_model_capabilities(model) == expected


def test_summarize_models_fields_fallbacks_and_order():
    models = [
        {
            "id": "openai/gpt-4o",
            "name": "OpenAI: GPT-4o",
            "context_length": 128000,
            "pricing": {"prompt": "0.0000025"},
            "architecture": {"input_modalities": ["text", "image"], "output_modalities": ["text"]},
        },
        {"model": "zeta/model"},
        {"id": "b/x", "name": "alpha", "owned_by": "Owner"},
        {"id": "c/x", "name": "Alpha", "organization": "Org"},
        {"id": "noslash"},
        {"name": "no id"},
        "junk",
        None,
    ]
    summary = summarize_models(models)
    assert [s["id"] for s in summary] == ["b/x", "c/x", "noslash", "openai/gpt-4o", "zeta/model"]
    by_id = {s["id"]: s for s in summary}
    assert by_id["openai/gpt-4o"] == {
        "id": "openai/gpt-4o",
        "name": "OpenAI: GPT-4o",
        "provider": "openai",
        "capabilities": ["image", "text"],
        "context_length": 128000,
        "pricing": {"prompt": "0.0000025"},
        "input_modalities": ["text", "image"],
        "output_modalities": ["text"],
    }
    assert by_id["zeta/model"]["name"] == "zeta/model" and by_id["zeta/model"]["provider"] == "zeta"
    assert by_id["b/x"]["provider"] == "Owner" and by_id["c/x"]["provider"] == "Org"
    assert by_id["noslash"]["provider"] == ""
    assert summarize_models("nope") == [] and summarize_models(None) == []


def test_real_snapshot_capabilities(snapshot):
    assert len(snapshot) > 100
    for model in snapshot:
        tags = classify_model_capabilities(model)
        assert tags == sorted(set(tags)) and all(t == t.lower() for t in tags)
        arch = model["architecture"]
        for modality in arch["output_modalities"] + arch["input_modalities"]:
            assert modality in tags
        # a model whose image price is "0" and that neither takes nor makes images is not "image"
        if (
            model["pricing"].get("image") in (None, "0")
            and "image" not in arch["input_modalities"] + arch["output_modalities"]
            and "image" not in arch["modality"]
        ):
            assert "image" not in tags, model["id"]


def test_real_text_only_models_with_zero_image_price_are_not_image(snapshot):
    text_only = [
        m for m in snapshot if m["architecture"]["modality"] == "text->text" and m["pricing"].get("image") == "0"
    ]
    if not text_only:
        pytest.skip("this snapshot omits zero image prices")
    assert len(text_only) > 50
    assert all("image" not in classify_model_capabilities(m) for m in text_only)


def test_real_summary_every_model_kept_and_sorted(snapshot):
    summary = summarize_models(snapshot)
    assert len(summary) == len(snapshot) == len({m["id"] for m in snapshot})
    keys = [(s["name"].lower(), s["id"]) for s in summary]
    assert keys == sorted(keys)
    image_makers = [s for s in summary if "image" in s["output_modalities"]]
    assert image_makers and all("image" in s["capabilities"] for s in image_makers)
    routers = [s for s in summary if (s["pricing"] or {}).get("prompt") == "-1"]
    assert all("text" in s["capabilities"] for s in routers)


def test_bundled_catalog_every_image_and_video_model_tagged(bundled_catalog):
    assert len(bundled_catalog) == 549
    image = [m for m in bundled_catalog if "image" in m["architecture"]["output_modalities"]]
    video = [m for m in bundled_catalog if "video" in m["architecture"]["output_modalities"]]
    assert len(image) == 45 and len(video) == 23
    assert all("image" in classify_model_capabilities(m) for m in image)
    assert all("video" in classify_model_capabilities(m) for m in video)
    # media models carry "0"/"0" token prices: they are never tagged text by price alone
    zero_video = [m for m in video if m["pricing"]["prompt"] == "0"]
    assert zero_video and all("text" not in m["architecture"]["output_modalities"] for m in zero_video)
    # descriptions are a neutral line of facts, never the authors' prose
    line = re.compile(r"^.+: [a-z +]+ in, [a-z +]+ out(; [\d,]+-token context)?\.$")
    assert all(line.match(m["description"]) for m in bundled_catalog)
    assert sum("benchmarks" in m for m in bundled_catalog) == 235  # the quality facts are kept
