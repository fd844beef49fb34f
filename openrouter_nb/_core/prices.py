"""Prices as the API writes them: decimal strings, ``"-1"`` for variable, per-second video SKUs.

Pure functions of decoded JSON, shared by the client (the budget guard, the ledger) and the
catalog frames, so that one price string is read the same way everywhere. Nothing here raises on
bad input: a price it cannot read is None (or NaN for a video price), never a guess.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "IMAGE_TOKENS_1K",
    "MTOK",
    "REASONING_TOKENS",
    "applicable_pricing",
    "author_of",
    "WEB_PLUGIN_USD_PER_RESULT",
    "call_cost",
    "search_price",
    "split_variant",
    "image_megapixels",
    "image_output_usd",
    "is_priced",
    "parse_price",
    "per_mtok",
    "video_usd_per_second",
]

MTOK = 1_000_000.0  # token prices are shown per million tokens
#: the web plugin's engine, for models with no ``web_search`` price of their own: $4 per 1,000 results
WEB_PLUGIN_USD_PER_RESULT = 0.004
DEFAULT_SEARCH_RESULTS = 5  # what the web plugin fetches unless ``max_results`` says otherwise
#: the routing variants a model id may end with (``:free`` and the like may also be catalog entries)
VARIANTS = ("free", "nitro", "floor", "exacto", "thinking", "extended", "online")
#: hidden reasoning tokens a call typically bills at each effort (for estimates: models vary widely)
REASONING_TOKENS = {"minimal": 128, "low": 512, "medium": 1024, "high": 2048, "xhigh": 4096, "max": 8192}

# Catalogs repeat the same few price strings hundreds of times: parsing each once makes a summary
# cheaper than the json.loads that produced it. Bounded, so odd input cannot grow it without limit.
_MEMO_LIMIT = 8192
_PRICE_MEMO: dict[str, float | None] = {}


def _parse_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if number == number and number not in (float("inf"), float("-inf")) else None


def parse_price(value: Any) -> float | None:
    """Parse one price value (a decimal string or a number) to a float; None when unusable.

    ``"-1"`` parses to ``-1.0``: callers decide what "variable" means for them.
    """
    if type(value) is str:
        if value in _PRICE_MEMO:
            return _PRICE_MEMO[value]
        number = _parse_number(value)
        if len(_PRICE_MEMO) < _MEMO_LIMIT:
            _PRICE_MEMO[value] = number
        return number
    return _parse_number(value)


def is_priced(value: Any) -> bool:
    """True when ``value`` is a numerically non-zero price (``"-1"`` counts: it is variable).

    ``"0"``, ``0``, ``"0.0"``, empty strings, None and unparsable text are not priced; a nested dict
    or list is priced when any of its values is.
    """
    if isinstance(value, dict):
        return any(is_priced(v) for v in value.values())
    if isinstance(value, list):
        return any(is_priced(v) for v in value)
    number = parse_price(value)
    return number is not None and number != 0.0


def author_of(model_id: str) -> str:
    """The author prefix of a model id (``"openai"`` for ``"openai/gpt-4o"``; ``""`` without one)."""
    author, sep, _ = model_id.lstrip("~").partition("/")
    return author if sep else ""


def video_usd_per_second(video_model: Any) -> float:
    """The cheapest per-second USD price among a ``GET /videos/models`` entry's ``pricing_skus``.

    SKU names vary (``per-video-second``, ``duration_seconds_720p``, ``cents_per_video_output_second_1080p``
    …); only per-second SKUs count, and SKUs named in cents are divided by 100. NaN when none parses.
    """
    skus = video_model.get("pricing_skus") if isinstance(video_model, dict) else None
    prices = []
    for sku, value in skus.items() if isinstance(skus, dict) else ():
        number = parse_price(value)
        if isinstance(sku, str) and "second" in sku and number is not None and number >= 0:
            prices.append(number / 100.0 if "cent" in sku else number)
    return min(prices) if prices else math.nan


#: output tokens of a 1024×1024 image on token-priced image models (more pixels, more tokens)
IMAGE_TOKENS_1K = 1290
_TIERS = {"512": 0.25, "1K": 1.0, "2K": 4.0, "4K": 16.0}  # area of a size tier against 1024×1024


def image_megapixels(size: Any = None, resolution: Any = None) -> float:
    """Megapixels of a requested image: a pixel ``size`` (``"1536x1024"``) as given, else its tier
    (``size`` or ``resolution``: 512, 1K, 2K, 4K; 1K, about 1024×1024, by default)."""
    if isinstance(size, str) and "x" in size.lower():
        try:
            width, height = (int(v) for v in size.lower().split("x", 1))
            if width > 0 and height > 0:
                return width * height / 1_000_000
        except ValueError:
            pass
    tier = size if isinstance(size, str) and size in _TIERS else resolution
    return 1024 * 1024 / 1_000_000 * _TIERS.get(tier if isinstance(tier, str) else "1K", 1.0)


def image_output_usd(entry: Any, megapixels: float = 1024 * 1024 / 1_000_000) -> float | None:
    """USD of one output image from an image endpoint's ``pricing`` entry (``{billable, unit, cost_usd}``).

    ``image``: the price as is; ``megapixel``: per million pixels; ``token``: per output token, at
    :data:`IMAGE_TOKENS_1K` tokens a 1024×1024 image, in proportion to the pixels. None for an entry
    that is not an output image's or does not parse.
    """
    if not isinstance(entry, dict) or entry.get("billable", "output_image") != "output_image":
        return None
    cost = parse_price(entry.get("cost_usd"))
    if cost is None or cost < 0:
        return None
    unit = entry.get("unit")
    if unit == "image":
        return cost
    if unit == "megapixel":
        return cost * megapixels
    if unit == "token":
        return cost * IMAGE_TOKENS_1K * megapixels / (1024 * 1024 / 1_000_000)
    return None


def per_mtok(value: Any) -> float:
    """A per-token price as USD per million tokens; NaN when it is unknown or variable (``"-1"``)."""
    price = parse_price(value)
    return math.nan if price is None or price < 0 else price * MTOK


def _window_holds(entry: dict[str, Any], hhmm: int | None) -> bool:
    """Whether an override's UTC time window (``utc_start``/``utc_end``, HHMM, may wrap midnight) holds at ``hhmm``."""
    if entry.get("utc_start") is None and entry.get("utc_end") is None:
        return True
    first, last = parse_price(entry.get("utc_start")), parse_price(entry.get("utc_end"))
    if hhmm is None or first is None or last is None:
        return False  # a time we do not know: the top-level (default) prices apply
    return first <= hhmm < last if first <= last else (hhmm >= first or hhmm < last)


def applicable_pricing(pricing: Any, prompt_tokens: int, *, hhmm: int | None = None) -> dict[str, Any]:
    """The prices that apply to one request: the base ones with every matching override applied.

    An override applies when all its conditions hold: ``min_prompt_tokens`` (the request's prompt
    tokens are strictly greater) and a ``utc_start``/``utc_end`` window (HHMM, at ``hhmm``; with
    no time given, time-windowed entries do not apply). Later entries win per price key; keys an
    entry does not name keep the base price.
    """
    if not isinstance(pricing, dict):
        return {}
    prices = {k: v for k, v in pricing.items() if k != "overrides"}
    overrides = pricing.get("overrides")
    for entry in overrides if isinstance(overrides, list) else ():
        if not isinstance(entry, dict):
            continue
        threshold = entry.get("min_prompt_tokens")
        if threshold is not None and not (isinstance(threshold, int | float) and prompt_tokens > threshold):
            continue
        if not _window_holds(entry, hhmm):
            continue
        prices.update({k: v for k, v in entry.items() if k not in ("min_prompt_tokens", "utc_start", "utc_end")})
    return prices


def split_variant(model_id: str) -> tuple[str, str | None]:
    """A model id and its routing variant: ``"openai/gpt-4o-mini:nitro"`` → ``("openai/gpt-4o-mini", "nitro")``."""
    base, sep, suffix = model_id.rpartition(":")
    return (base, suffix) if sep and suffix in VARIANTS and "/" in base else (model_id, None)


def search_price(pricing: Any, results: int = DEFAULT_SEARCH_RESULTS) -> tuple[float, str]:
    """USD of one web search on a model and where that price comes from: the model's ``web_search``
    price, else the web plugin's engine (``results`` results at :data:`WEB_PLUGIN_USD_PER_RESULT`)."""
    own = parse_price(pricing.get("web_search")) if isinstance(pricing, dict) else None
    if own is not None and own >= 0 and isinstance(pricing, dict) and "web_search" in pricing:
        return own, "model"
    return results * WEB_PLUGIN_USD_PER_RESULT, f"web plugin: {results} results at $4 per 1,000"


def call_cost(
    pricing: Any,
    *,
    prompt_tokens: int,
    completion_tokens: int,
    reasoning_tokens: int = 0,
    cached_tokens: int = 0,
    web_searches: int = 0,
    search_results: int = DEFAULT_SEARCH_RESULTS,
    hhmm: int | None = None,
) -> float | None:
    """What one call costs at ``pricing`` (a catalog entry's), or None when a price it needs is unknown.

    ``prompt_tokens`` include the ``cached_tokens`` (billed at ``input_cache_read``, else the prompt
    price); ``completion_tokens`` are the visible ones, and ``reasoning_tokens`` the hidden ones
    (billed at ``internal_reasoning``, else the completion price); each web search at
    ``web_search``; plus ``request``. The tier the prompt falls in sets the prices.
    """
    prices = applicable_pricing(pricing, prompt_tokens, hhmm=hhmm)
    prompt, completion = parse_price(prices.get("prompt")), parse_price(prices.get("completion"))
    if prompt is None or completion is None or prompt < 0 or completion < 0:
        return None  # unpriced, or variable ("-1")
    cached = min(max(cached_tokens, 0), prompt_tokens)
    cache_read = parse_price(prices.get("input_cache_read"))
    thinking = parse_price(prices.get("internal_reasoning"))
    search = search_price(prices, search_results)[0] if web_searches else 0.0
    cost = (prompt_tokens - cached) * prompt + cached * (prompt if cache_read is None else cache_read)
    cost += completion_tokens * completion + reasoning_tokens * (completion if thinking is None else thinking)
    cost += web_searches * search + (parse_price(prices.get("request")) or 0.0)
    return cost
