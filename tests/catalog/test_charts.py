"""The value chart: an interactive Vega-Lite spec, a static PNG, a click that selects in the picker."""

from __future__ import annotations

import itertools

import pytest
from matplotlib.text import Text

from openrouter_nb import ModelPicker, models_frame
from openrouter_nb.catalog.charts import SELECTION, VEGA_LITE, value_chart
from openrouter_nb.catalog.cost import estimate_cost
from openrouter_nb.catalog.labels import overlaps, place_labels
from tests.support.helpers import png_size


@pytest.fixture(scope="module")
def costed(bundled_catalog):
    frame = models_frame(bundled_catalog)
    return estimate_cost(frame[frame["text_output"]], prompt_tokens=2000, completion_tokens=500)


def test_the_chart_spec_has_a_log_cost_axis_tooltips_a_frontier_and_a_click_selection(costed):
    chart = value_chart(costed)
    spec = chart._repr_mimebundle_()[VEGA_LITE]
    points, line, labels, leaders = spec["layer"]
    assert points["encoding"]["x"]["scale"]["type"] == "log"
    assert {t["field"] for t in points["encoding"]["tooltip"]} >= {"name", "id", "cost_usd", "intelligence_index"}
    assert any(
        p["name"] == SELECTION and p["select"]["type"] == "point" for p in spec["params"] + points.get("params", [])
    )
    assert line["mark"]["type"] == "line" and labels["encoding"]["text"]["field"] == "name"
    assert leaders["mark"]["type"] == "rule"  # a label moved away from its point points back to it
    data = next(iter(spec["datasets"].values()))
    assert len(data) == len(chart.points) and sum(row["on_frontier"] for row in data) == len(chart.frontier)


def test_the_static_fallback_is_a_png(costed):
    chart = value_chart(costed, quality="coding_index")
    png = chart.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png_size(png) == (600, 360)
    assert chart._repr_mimebundle_()["image/png"]
    assert "frontier" in repr(chart)


def test_a_click_on_a_point_selects_the_model_in_the_picker(costed, bundled_catalog):
    chart = value_chart(costed)
    picker = ModelPicker(models_frame(bundled_catalog), task="image")
    widget = chart.widget(picker)
    target = chart.frontier.index[2]
    # what the browser sends when the point is clicked
    widget._vl_selections = {SELECTION: {"value": {"vlPoint": {"or": [{"id": target}]}}, "store": []}}
    assert picker.value == target and picker.task == "all"


def test_bad_input_is_a_clear_error(costed):
    with pytest.raises(ValueError, match="unknown quality column 'vibes'"):
        value_chart(costed, quality="vibes")
    with pytest.raises(ValueError, match="estimate_cost"):
        value_chart(costed.drop(columns="cost_usd"))
    with pytest.raises(ValueError, match="no model"):
        value_chart(costed[costed["intelligence_index"].isna()])


def test_a_missing_extra_is_named_with_its_install_line(monkeypatch, costed):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the notebooks extra were not installed
    chart = value_chart(costed)
    with pytest.raises(ImportError, match=r"needs matplotlib, which the notebooks extra installs: pip install"):
        chart.png()
    bundle = chart._repr_mimebundle_()
    assert "image/png" not in bundle and "pip install 'openrouter_nb[notebooks]'" in bundle["text/plain"]


def _boxes_apart(boxes) -> bool:
    return not any(overlaps(a, b) for a, b in itertools.combinations(boxes, 2))


@pytest.mark.parametrize("quality", ["intelligence_index", "coding_index"])
def test_the_frontiers_labels_do_not_overlap(costed, quality):
    chart = value_chart(costed, quality=quality)
    figure = chart.figure()
    renderer = figure.canvas.get_renderer()
    labels = [t for t in figure.axes[0].texts if t.get_text()]
    # each label's text as matplotlib draws it (an annotation's own extent would include its leader line)
    boxes = [tuple(Text.get_window_extent(t, renderer).extents) for t in labels]
    assert len(labels) >= len(chart.frontier) - 1  # every model named, or all but one with no room
    assert _boxes_apart(boxes), [t.get_text() for t in labels]
    inside = figure.axes[0].get_window_extent(renderer)
    assert all(inside.x0 <= b[0] and b[2] <= inside.x1 and inside.y0 <= b[1] and b[3] <= inside.y1 for b in boxes)


def test_the_interactive_charts_labels_are_placed_apart_too(costed):
    chart = value_chart(costed)
    spec = chart._repr_mimebundle_()[VEGA_LITE]
    assert spec["layer"][2]["encoding"]["x"]["field"] == "label_x"  # labels at their own places
    placed = chart._vega_labels()
    assert len(placed) >= len(chart.frontier) - 1


def test_place_labels_moves_a_label_that_would_collide_and_drops_one_with_no_room():
    points = [(50.0, 50.0), (52.0, 51.0), (54.0, 52.0)]  # three points almost on top of each other
    places = place_labels(points, [(40.0, 10.0)] * 3, (0, 0, 200, 200))
    boxes = [p.box for p in places if p is not None]
    assert len(boxes) == 3 and _boxes_apart(boxes)
    cramped = place_labels(points, [(40.0, 10.0)] * 3, (0, 30, 100, 62), steps=0)
    assert cramped.count(None) >= 1 and _boxes_apart([p.box for p in cramped if p is not None])
