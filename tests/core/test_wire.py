"""The readers of response facts: one rule for each fact, the same everywhere."""

from __future__ import annotations

import httpx
import pytest

from openrouter_nb._core.wire import data_list, data_object, message_text, number, timeout_seconds, usage_cost
from openrouter_nb.errors import APIResponseError


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        pytest.param({"usage": {"cost": 0.25}}, 0.25, id="float"),
        pytest.param({"usage": {"cost": 0}}, 0.0, id="int-zero"),
        pytest.param({"usage": {"cost": True}}, None, id="boolean"),
        pytest.param({"usage": {"cost": "0.01"}}, None, id="string"),
        pytest.param({"usage": {"cost": -1}}, None, id="negative"),
        pytest.param({"usage": {"cost": float("nan")}}, None, id="nan"),
        pytest.param({"usage": {"cost": float("inf")}}, None, id="inf"),
        pytest.param({"usage": {}}, None, id="no-cost"),
        pytest.param({"usage": "x"}, None, id="usage-not-dict"),
        pytest.param({"cost": 1.0}, None, id="cost-outside-usage"),
        pytest.param(None, None, id="none"),
        pytest.param([{"usage": {"cost": 1}}], None, id="list"),
    ],
)
def test_usage_cost(payload, expected):
    assert usage_cost(payload) == expected


def test_number_rejects_booleans_and_text():
    assert [number(v) for v in (1, 1.5, True, "2", None, float("nan"))] == [1.0, 1.5, None, None, None, None]


def test_data_readers():
    assert data_list({"data": [1]}) == [1]
    assert data_list({"data": {"a": 1}}) == [] and data_list([1]) == [] and data_list(None) == []
    assert data_object({"data": {"a": 1}}, "x") == {"a": 1}
    with pytest.raises(APIResponseError, match="no data object"):
        data_object({"data": []}, "key lookup")


def test_message_text_and_timeouts():
    assert message_text("hi") == "hi" and message_text(None) is None
    assert message_text([{"type": "text", "text": "a"}, {"type": "image_url"}, {"text": "b"}, "x"]) == "ab"
    assert timeout_seconds(5) == 5.0 and timeout_seconds(None) is None
    assert timeout_seconds(httpx.Timeout(3.0, read=7.0)) == 7.0
