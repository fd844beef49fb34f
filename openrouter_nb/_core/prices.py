"""Prices as the API writes them: decimal strings, ``"-1"`` for variable, per-second video SKUs.

Pure functions of decoded JSON, shared by the client (the budget guard, the ledger) and the
catalog frames, so that one price string is read the same way everywhere. Nothing here raises on
bad input: a price it cannot read is None (or NaN for a video price), never a guess.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["MTOK", "author_of", "is_priced", "parse_price", "per_mtok", "video_usd_per_second"]

MTOK = 1_000_000.0  # token prices are shown per million tokens

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


def per_mtok(value: Any) -> float:
    """A per-token price as USD per million tokens; NaN when it is unknown or variable (``"-1"``)."""
    price = parse_price(value)
    return math.nan if price is None or price < 0 else price * MTOK
