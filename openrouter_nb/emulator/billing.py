"""What an emulated chat costs, as the service bills it: the catalog's own prices, tiers included.

A reply's usage has the service's shape: prompt tokens (with the part read from the prompt cache),
completion tokens (visible text, hidden reasoning and image tokens, all counted in
``completion_tokens``, as the service does, with the breakdown in ``completion_tokens_details``),
web searches (``server_tool_use_details``), and the cost with its split in ``cost_details``.
Prices come from the model's catalog entry in the tier the prompt falls in: an override applies
when its conditions hold (``min_prompt_tokens``: the prompt is strictly longer; a ``utc_start`` /
``utc_end`` window: at the emulator's clock), later entries winning per key.

Prompt caching: a model with an ``input_cache_read`` price remembers the prompts it saw; a request
that repeats a long prefix of one (1,024 tokens or more) gets that prefix back as
``cached_tokens``, in steps of 128 tokens, billed at the cache-read price.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .protocol import tokens
from .providers import provider_for

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["CACHE_MIN_TOKENS", "WEB_SEARCH_USD", "cached_tokens", "generation_record", "prices_at", "usage"]

#: a prefix shorter than this is never cached (the providers' own threshold)
CACHE_MIN_TOKENS = 1024
_CACHE_STEP = 128
#: USD of one web search when the model names no ``web_search`` price (the web plugin's: 5 results)
WEB_SEARCH_USD = 0.02
WEB_RESULT_USD = 0.004  # the web plugin's engine: $4 per 1,000 results


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and number >= 0 else None


def prices_at(pricing: dict[str, Any], prompt_tokens: int, created: int) -> dict[str, float]:
    """The per-token (and per-unit) prices that apply to a request, overrides applied."""
    keys = {k: v for k, v in pricing.items() if k != "overrides"}
    hhmm = int(dt.datetime.fromtimestamp(created, dt.UTC).strftime("%H%M"))
    for entry in pricing.get("overrides") or []:
        if not isinstance(entry, dict):
            continue
        floor = _number(entry.get("min_prompt_tokens"))
        if floor is not None and not prompt_tokens > floor:
            continue
        start, end = _number(entry.get("utc_start")), _number(entry.get("utc_end"))
        if start is not None and end is not None:
            inside = start <= hhmm < end if start <= end else (hhmm >= start or hhmm < end)
            if not inside:
                continue
        keys.update({k: v for k, v in entry.items() if k not in ("min_prompt_tokens", "utc_start", "utc_end")})
    return {k: n for k, v in keys.items() if (n := _number(v)) is not None}


def cached_tokens(core: EmulatorCore, model: dict[str, Any], prompt: str) -> int:
    """The part of ``prompt`` this model has seen before (its longest shared prefix), and remember it."""
    if "input_cache_read" not in (model.get("pricing") or {}):
        return 0
    seen = core.prompt_prefixes.setdefault(model["id"], deque(maxlen=16))
    shared = 0
    for earlier in seen:
        length = 0
        for a, b in zip(earlier, prompt, strict=False):
            if a != b:
                break
            length += 1
        shared = max(shared, length)
    seen.append(prompt)
    cached = tokens(prompt[:shared]) if shared else 0
    return (cached // _CACHE_STEP) * _CACHE_STEP if cached >= CACHE_MIN_TOKENS else 0


def usage(
    model: dict[str, Any],
    *,
    prompt_tokens: int,
    cached: int,
    text_tokens: int,
    reasoning_tokens: int,
    images: int,
    image_price: float,
    searches: int,
    created: int,
    search_results: int = 5,
) -> dict[str, Any]:
    """The ``usage`` of one reply, priced at the catalog's prices for its prompt (``:free`` costs nothing)."""
    prices = prices_at(model.get("pricing") or {}, prompt_tokens, created)
    prompt_price, completion_price = prices.get("prompt", 0.0), prices.get("completion", 0.0)
    read_price = prices.get("input_cache_read", prompt_price)
    thinking_price = prices.get("internal_reasoning", completion_price)
    prompt_cost = (prompt_tokens - cached) * prompt_price + cached * read_price
    completion_cost = text_tokens * completion_price + reasoning_tokens * thinking_price + image_price * images
    search_cost = searches * prices.get("web_search", WEB_RESULT_USD * search_results)
    if model["id"].endswith(":free"):
        prompt_cost = completion_cost = search_cost = 0.0
    image_tokens = 1290 * images
    completion_tokens = text_tokens + reasoning_tokens + image_tokens
    result: dict[str, Any] = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "cost": round(prompt_cost + completion_cost + search_cost, 10),
        "is_byok": False,
        "prompt_tokens_details": {
            "cached_tokens": cached,
            "cache_write_tokens": 0,
            "audio_tokens": 0,
            "video_tokens": 0,
        },
        "completion_tokens_details": {"reasoning_tokens": reasoning_tokens, "image_tokens": image_tokens},
        "cost_details": {
            "upstream_inference_cost": None,
            "upstream_inference_prompt_cost": round(prompt_cost, 10),
            "upstream_inference_completions_cost": round(completion_cost, 10),
        },
    }
    if searches:
        result["server_tool_use_details"] = {"web_search_requests": searches}
    return result


def generation_record(
    gen_id: str,
    created: int,
    model: str,
    cost: float,
    api_type: str,
    tokens_prompt: int,
    tokens_completion: int,
    **facts: Any,
) -> dict[str, Any]:
    """A ``GET /generation`` record with every field the spec requires (``facts`` override)."""
    record: dict[str, Any] = {
        "id": gen_id,
        "upstream_id": None,
        "model": model,
        "provider_name": provider_for(model),
        "created_at": datetime.fromtimestamp(created, UTC).isoformat().replace("+00:00", "Z"),
        "total_cost": cost,
        "usage": cost,
        "upstream_inference_cost": None,
        "cache_discount": None,
        "is_byok": False,
        "streamed": False,
        "cancelled": False,
        "finish_reason": "stop",
        "native_finish_reason": "stop",
        "tokens_prompt": tokens_prompt,
        "tokens_completion": tokens_completion,
        "native_tokens_prompt": tokens_prompt,
        "native_tokens_completion": tokens_completion,
        "native_tokens_reasoning": 0,
        "native_tokens_cached": 0,
        "native_tokens_completion_images": 0,
        "num_media_prompt": None,
        "num_media_completion": None,
        "num_input_audio_prompt": None,
        "num_search_results": None,
        "num_fetches": None,
        "api_type": api_type,
        "app_id": None,
        "origin": "",
        "http_referer": None,
        "user_agent": None,
        "external_user": None,
        "latency": 120.0,
        "generation_time": 480.0,
        "moderation_latency": None,
        "data_region": "global",
        "router": None,
        "preset_id": None,
        "provider_responses": None,
        "service_tier": None,
        "web_search_engine": None,
        "workspace_id": None,
        "response_cache_source_id": None,
    }
    record.update(facts)
    return record
