"""The spend ledger: one row per billed call, read from each response's payload."""

from __future__ import annotations

from openrouter_nb.client.ledger import SpendLedger


def test_rows_from_every_kind_of_payload():
    ledger = SpendLedger()
    chat = {
        "id": "gen-1",
        "model": "openai/gpt-4o-mini",
        "provider": "OpenAI",
        "usage": {"cost": 0.5, "prompt_tokens": 3},
    }
    ledger.record("chat", chat)
    ledger.record("generate_image", {"data": [], "usage": {"cost": 0.04}}, model="google/gemini-2.5-flash-image")
    job = {"id": "job-9", "generation_id": "gen-9", "status": "completed", "usage": {"cost": 1.25}}
    ledger.record("video", job, model="bytedance/seedance-2.0-mini")
    ledger.record("chat", chat, cached=True)
    ledger.record("chat", {"usage": {"cost": True}, "model": 5})
    first, image, video, cached, odd = ledger.entries
    assert (first.model, first.provider, first.cost, first.prompt_tokens, first.generation_id) == (
        "openai/gpt-4o-mini",
        "OpenAI",
        0.5,
        3,
        "gen-1",
    )
    assert image.provider == "google" and image.model == "google/gemini-2.5-flash-image" and image.cost == 0.04
    assert video.generation_id == "gen-9" and video.provider == "bytedance" and video.cost == 1.25
    assert cached.cost == 0.0 and cached.cached
    assert odd.cost is None and odd.model is None and odd.provider is None
    assert ledger.total == 1.79 and len(ledger) == 5 and "5 call(s)" in repr(ledger)


def test_spend_frame_columns_and_types():
    from openrouter_nb.client.records import spend_frame

    ledger = SpendLedger()
    ledger.record("chat", {"model": "a/b", "usage": {"cost": 0.1, "prompt_tokens": 1, "completion_tokens": 2}})
    frame = spend_frame(ledger.entries)
    assert list(frame.columns) == [
        "call",
        "model",
        "provider",
        "prompt_tokens",
        "completion_tokens",
        "cost",
        "generation_id",
        "cached",
        "cached_tokens",
        "cache_write_tokens",
        "reasoning_tokens",
        "image_tokens",
        "web_searches",
        "upstream_cost_usd",
        "byok",
    ]
    assert str(frame["prompt_tokens"].dtype) == "Int64" and frame["cost"].iloc[0] == 0.1
    assert spend_frame([]).empty


# a completion's usage in the shape the service reports it (the spec's ChatUsage and the digest's
# example): a reasoning model behind BYOK, part of its prompt cached, one web search
LIVE_USAGE = {
    "prompt_tokens": 2150,
    "completion_tokens": 913,
    "total_tokens": 3063,
    "cost": 0.0061,
    "is_byok": True,
    "prompt_tokens_details": {"cached_tokens": 1920, "cache_write_tokens": 0, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 704, "image_tokens": 0, "audio_tokens": 0},
    "cost_details": {
        "upstream_inference_cost": 0.0122,
        "upstream_inference_prompt_cost": 0.0007,
        "upstream_inference_completions_cost": 0.0115,
    },
    "server_tool_use_details": {"web_search_requests": 1},
}


def test_the_ledger_keeps_the_whole_usage_breakdown():
    ledger = SpendLedger()
    ledger.record("chat", {"id": "gen-1", "model": "x-ai/grok-4.6", "usage": LIVE_USAGE})
    ledger.record("stream_chat", {"model": "a/b", "usage": {"cost": 0.1, "prompt_tokens": 5}})
    full, bare = ledger.entries
    assert (full.cached_tokens, full.reasoning_tokens, full.web_searches, full.byok) == (1920, 704, 1, True)
    assert full.upstream_cost_usd == 0.0122 and full.cache_write_tokens == 0 and full.image_tokens == 0
    assert (bare.cached_tokens, bare.reasoning_tokens, bare.web_searches, bare.byok) == (0, 0, 0, False)
    assert bare.upstream_cost_usd is None
    odd = SpendLedger()
    wrong = {"prompt_tokens_details": [1], "completion_tokens_details": {"reasoning_tokens": "x"}}
    odd.record("chat", {"usage": wrong})
    assert odd.entries[0].reasoning_tokens == 0  # a breakdown of the wrong shape is absent, not an error
