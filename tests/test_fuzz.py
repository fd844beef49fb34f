"""Fuzzing (hypothesis): parsers and catalog helpers on arbitrary JSON and bytes.

They raise nothing but the documented error types, and their outputs keep their invariants.
``EXAMPLES`` counts the examples each property ran (``scripts/reliability_report.py`` prints it).
"""

from __future__ import annotations

import asyncio
import base64
import json
import warnings
from collections import Counter

import httpx
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openrouter_nb import CatalogWarning, OpenRouterClient, classify_model_capabilities, models_frame, summarize_models
from openrouter_nb._core.sse import SSEDecoder
from openrouter_nb.catalog.frame import COLUMN_ORDER
from openrouter_nb.client.error_mapping import make_status_error, parse_error_body
from openrouter_nb.errors import APIResponseError, APIStatusError, OpenRouterError
from openrouter_nb.media import ImageResult, decode_images

EXAMPLES: Counter[str] = Counter()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
PRICE = st.sampled_from(["0", "-1", "0.000001", "1e-7", "", "abc", "NaN", "inf"]) | scalars
model_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=20) | scalars,
        "name": st.text(max_size=20) | scalars,
        "model": st.text(max_size=10),
        "owned_by": scalars,
        "context_length": scalars,
        "created": scalars,
        "architecture": st.fixed_dictionaries(
            {},
            optional={
                "modality": st.text(max_size=30) | st.lists(scalars, max_size=3),
                "input_modalities": st.lists(st.sampled_from(["text", "image", "audio"]) | scalars, max_size=3),
                "output_modalities": st.lists(st.sampled_from(["text", "image", "video"]) | scalars, max_size=3),
            },
        )
        | json_values,
        "pricing": st.dictionaries(
            st.sampled_from(
                [
                    "prompt",
                    "completion",
                    "image",
                    "image_output",
                    "request",
                    "video",
                    "web_search",
                    "overrides",
                    "weird",
                ]
            ),
            PRICE | json_values,
            max_size=6,
        )
        | json_values,
        "supported_parameters": st.lists(st.sampled_from(["tools", "reasoning", "seed"]) | scalars, max_size=3),
        "tags": st.lists(scalars, max_size=3) | json_values,
    },
)
catalogs = st.lists(model_like | json_values, max_size=8)


@FUZZ
@given(model_like | json_values)
def test_classify_never_raises_and_tags_are_clean(model):
    EXAMPLES["classify_model_capabilities"] += 1
    tags = classify_model_capabilities(model)
    assert tags == sorted(set(tags))
    assert all(isinstance(t, str) and t and t == t.lower() for t in tags)


@FUZZ
@given(catalogs)
def test_summarize_never_raises_and_keeps_its_shape(models):
    EXAMPLES["summarize_models"] += 1
    summary = summarize_models(models)
    keys = {
        "id",
        "name",
        "provider",
        "capabilities",
        "context_length",
        "pricing",
        "input_modalities",
        "output_modalities",
    }
    assert all(set(s) == keys and isinstance(s["id"], str) and s["id"] for s in summary)
    order = [(s["name"].lower(), s["id"]) for s in summary]
    assert order == sorted(order)


@FUZZ
@given(catalogs)
def test_models_frame_never_raises_and_dtypes_are_fixed(models):
    EXAMPLES["models_frame"] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CatalogWarning)  # junk entries are left out, saying so
        frame = models_frame(models)
    assert list(frame.columns) == list(COLUMN_ORDER)
    assert frame["context_length"].dtype == "Int64"
    assert frame["prompt_usd_per_mtok"].dtype == "float64" and frame["free"].dtype == bool
    assert isinstance(frame["created"].dtype, pd.DatetimeTZDtype)
    assert frame.index.is_unique
    assert not (frame["prompt_usd_per_mtok"] < 0).any()  # "-1" is NaN, never a negative price


@FUZZ
@given(json_values | st.binary(max_size=200) | st.text(max_size=200), st.integers(min_value=400, max_value=599))
def test_error_parser_never_raises(body, status):
    EXAMPLES["error parser"] += 1
    if isinstance(body, bytes | str) or body is None or isinstance(body, dict | list):
        code, message, metadata = parse_error_body(body)
    else:
        code, message, metadata = parse_error_body(json.dumps(body))
    assert code is None or isinstance(code, int | str)
    assert isinstance(message, str) and len(message) <= 300 and isinstance(metadata, dict)
    error = make_status_error("fuzz", status, body if isinstance(body, bytes | str) else json.dumps(body))
    assert isinstance(error, APIStatusError) and error.status_code == status


@FUZZ
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=30),
        max_size=20,
    ),
    st.lists(st.integers(0, 600), max_size=6),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_sse_decoder_gives_the_same_events_however_the_body_is_cut(lines, cuts, newline):
    EXAMPLES["SSE parser"] += 1
    body = (newline.join(lines) + newline).encode()
    whole = SSEDecoder()
    expected = whole.feed(body) + whole.close()
    chunked, got, start = SSEDecoder(), [], 0
    for cut in sorted(cuts):
        got += chunked.feed(body[start:cut])
        start = max(start, cut)
    got += chunked.feed(body[start:]) + chunked.close()
    assert got == expected
    payloads = [line[5:].removeprefix(" ") for line in lines if line.startswith("data:")]
    for event in expected:
        assert all(part in payloads for part in event.decode().split("\n"))
    assert whole.comments == chunked.comments == sum(line.startswith(":") for line in lines)


# a stream made of random pieces: keep-alives, good chunks, garbage, errors, [DONE]
piece = st.one_of(
    st.just(": OPENROUTER PROCESSING"),
    st.text(max_size=12).map(lambda t: "data: " + json.dumps({"choices": [{"delta": {"content": t}}]})),
    st.just("data: " + json.dumps({"choices": [], "usage": {"cost": 0.1}})),
    st.just("data: " + json.dumps({"choices": [{"delta": {}, "finish_reason": "stop"}]})),
    st.just("data: " + json.dumps({"error": {"code": 502, "message": "x"}, "choices": []})),
    st.just("data: [DONE]"),
    st.text(max_size=20),
)


@FUZZ
@given(st.lists(piece, max_size=12))
def test_streams_never_invent_text_or_pass_off_partial_text(pieces):
    EXAMPLES["stream_text over arbitrary SSE"] += 1
    body = "\n\n".join(pieces).encode()
    inserted = []
    for p in pieces:
        if p.startswith("data: {"):
            chunk = json.loads(p[6:])
            if chunk.get("choices") and "content" in chunk["choices"][0].get("delta", {}):
                inserted.append(chunk["choices"][0]["delta"]["content"])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    async def consume() -> tuple[list[str], bool]:
        async with OpenRouterClient(api_key="sk-or-v1-fuzz", transport=httpx.MockTransport(handler)) as client:
            stream = client.stream_text("m/x", "p")
            deltas = []
            try:
                async for delta in stream:
                    deltas.append(delta)
            except OpenRouterError:
                return deltas, False
            return deltas, stream.completed

    deltas, completed = asyncio.run(consume())
    remaining = iter(inserted)
    assert all(any(d == i for i in remaining) for d in deltas)  # a subsequence of what was sent
    if completed:
        assert "data: [DONE]" in pieces or any('"finish_reason": "stop"' in p for p in pieces)


@FUZZ
@given(
    json_values
    | st.fixed_dictionaries(
        {
            "data": st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "b64_json": st.text(max_size=20)
                        | st.binary(max_size=20).map(lambda b: base64.b64encode(b).decode()),
                        "media_type": scalars,
                        "url": st.text(max_size=20),
                    },
                ),
                max_size=3,
            )
        }
    )
)
def test_image_decoder_only_raises_the_documented_error(payload):
    EXAMPLES["image decoder"] += 1
    try:
        images = decode_images(payload)
    except APIResponseError:
        return
    assert all(isinstance(i, ImageResult) and isinstance(i.data, bytes) and i.mime_type for i in images)
