"""What a workload costs on each model: ``estimate_cost``, and video prices from ``/videos/models``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

from .._core.prices import (
    REASONING_TOKENS,
    WEB_PLUGIN_USD_PER_RESULT,
    call_cost,
    image_output_usd,
    video_usd_per_second,
)
from .frame import MTOK, NAN

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["add_image_prices", "add_video_prices", "estimate_cost", "image_price_column"]


def add_video_prices(frame: pd.DataFrame, video_models: Any) -> pd.DataFrame:
    """A copy of ``frame`` with ``video_usd_per_second`` from ``client.list_video_models()``.

    Video prices are not in ``GET /models`` (video models show ``"0"`` token prices there); this
    column makes :func:`estimate_cost` work for ``video_seconds``. Models without a video price get NaN.
    """
    prices = {m["id"]: video_usd_per_second(m) for m in video_models if isinstance(m, dict) and "id" in m}
    out = frame.copy()
    out["video_usd_per_second"] = [prices.get(model_id, NAN) for model_id in out.index]
    out["video_usd_per_second"] = out["video_usd_per_second"].astype("float64")
    return out


def add_image_prices(frame: pd.DataFrame, prices: Any) -> pd.DataFrame:
    """A copy of ``frame`` with the per-image prices the service states, from ``await client.image_prices()``.

    ``prices`` are its rows (a DataFrame or a list of dicts: ``model``, ``provider``, ``billable``,
    ``unit``, ``cost_usd``). Adds ``image_usd`` (one output image at the default 1024×1024 size on
    the model's first listed endpoint: a per-image price as is, a megapixel price for 1.05 MP, a
    token price for 1,290 tokens), ``image_price_unit`` (its unit), and ``image_usd_min`` /
    ``image_usd_max`` over the model's endpoints. :func:`estimate_cost` (``images=N``) and the
    picker's ``image`` task then use ``image_usd`` instead of the catalog's token-price estimate
    (``generated_image_usd``). Models without stated prices get NaN.
    """
    rows = prices.to_dict("records") if hasattr(prices, "to_dict") else list(prices or [])
    per_model: dict[str, list[tuple[float, str]]] = {}
    for row in rows:
        usd = image_output_usd(row)
        if isinstance(row, dict) and isinstance(row.get("model"), str) and usd is not None:
            per_model.setdefault(row["model"], []).append((usd, str(row.get("unit"))))
    out = frame.copy()
    found = [per_model.get(model_id) for model_id in out.index]
    out["image_usd"] = [f[0][0] if f else NAN for f in found]
    out["image_price_unit"] = [f[0][1] if f else None for f in found]
    out["image_usd_min"] = [min(u for u, _ in f) if f else NAN for f in found]
    out["image_usd_max"] = [max(u for u, _ in f) if f else NAN for f in found]
    for column in ("image_usd", "image_usd_min", "image_usd_max"):
        out[column] = out[column].astype("float64")
    out["image_price_unit"] = out["image_price_unit"].astype("string")
    return out


def image_price_column(frame: pd.DataFrame) -> pd.Series:
    """USD per generated image on each row: the stated ``image_usd`` where :func:`add_image_prices`
    added it, else the catalog's estimate ``generated_image_usd``."""
    if "image_usd" in frame.columns:
        return frame["image_usd"].fillna(frame["generated_image_usd"])
    return frame["generated_image_usd"]


def estimate_cost(
    frame: pd.DataFrame,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    images: int = 0,
    requests: int = 1,
    *,
    video_seconds: int = 0,
    reasoning_tokens: int | Literal["default"] = 0,
    cached_prompt_tokens: int = 0,
    web_searches: int = 0,
    search_results: int = 5,
    column: str = "cost_usd",
    sort: bool = True,
    include_free: bool = True,
) -> pd.DataFrame:
    """Add a ``cost_usd`` column: what ``requests`` calls of this workload cost on each model.

    One call = ``prompt_tokens`` in, ``completion_tokens`` out (the visible ones), ``images``
    generated images and ``video_seconds`` of generated video (needs :func:`add_video_prices`
    first), plus any per-request fee, priced as the catalog states:

    - the tier the prompt falls in (``pricing.overrides`` with ``min_prompt_tokens``: a prompt
      strictly longer than the threshold) sets the prompt, completion and cache prices;
    - ``reasoning_tokens`` (hidden thinking) cost ``internal_reasoning``, else the completion
      price, on models that reason (``reasoning`` in their parameters), and nothing on others;
      ``"default"`` plans for each model's defaults: the typical tokens of its default effort
      (:data:`~openrouter_nb._core.prices.REASONING_TOKENS`, medium when it names none) on a
      model that reasons unasked (``reasons_by_default``), none on the others;
    - ``cached_prompt_tokens``, a part of ``prompt_tokens``, cost ``input_cache_read`` (else the
      prompt price); ``web_searches`` cost the model's ``web_search`` price each, else the web
      plugin's engine price for ``search_results`` results ($4 per 1,000 results, 5 by default);
      a ``web_search_priced_by`` column names which (``model`` or ``web plugin``). A row whose id
      ends in ``:online`` searches once a call even when ``web_searches`` is 0 (as the service bills it).

    NaN (never a fake number) where the price is unknown: variable-priced routers, models that
    cannot do the workload (tokens on a model without text output, images on a model without an
    image price), a prompt and completion longer than the model's ``context_length``, video
    models without a video price, empty pricing, and ``"0"`` token prices on a model that is not
    free by the strict rule (its real price lives elsewhere). $0 means ``free``.
    ``include_free=False`` drops free models, so they do not crowd a comparison of paid ones.
    Returns a copy, cheapest first unless ``sort=False``.
    """
    workload = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "images": images,
        "requests": requests,
        "video_seconds": video_seconds,
        "reasoning_tokens": 0 if isinstance(reasoning_tokens, str) else reasoning_tokens,
        "cached_prompt_tokens": cached_prompt_tokens,
        "web_searches": web_searches,
        "search_results": search_results,
    }
    for name, value in workload.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if isinstance(reasoning_tokens, str) and reasoning_tokens != "default":
        raise ValueError(f"reasoning_tokens must be a non-negative integer or 'default', got {reasoning_tokens!r}")
    if cached_prompt_tokens > prompt_tokens:
        raise ValueError("cached_prompt_tokens are a part of prompt_tokens: they cannot be more")
    out = frame.copy()
    thinking = _thinking(out, reasoning_tokens)
    cost = _per_call(out, workload, thinking) * requests
    out[column] = cost.mask(_unknown(out, cost, workload, thinking)).astype("float64")
    if web_searches:
        out["web_search_priced_by"] = out["web_search_usd"].notna().map({True: "model", False: "web plugin"})
    if not include_free:
        out = out[~out["free"].to_numpy()]
    if sort:
        out = out.sort_values(column, kind="stable", na_position="last")
    return out


def _thinking(out: pd.DataFrame, reasoning_tokens: int | str) -> pd.Series:
    """The hidden reasoning tokens one call bills on each row: none on a model that cannot reason."""
    if reasoning_tokens == "default":
        efforts = out["default_reasoning_effort"].astype("object").where(out["default_reasoning_effort"].notna(), None)
        typical = efforts.map(lambda e: REASONING_TOKENS.get(e or "medium", REASONING_TOKENS["medium"]))
        return typical.where(out["reasons_by_default"].astype(bool), 0).astype("int64")
    return out["reasoning"].astype(bool).map({True: int(reasoning_tokens), False: 0}).astype("int64")


def _per_call(out: pd.DataFrame, work: dict[str, int], thinking: pd.Series) -> pd.Series:
    """USD of one call of the workload on each row (base prices, then the rows whose tier differs)."""
    prompt, cached = work["prompt_tokens"], work["cached_prompt_tokens"]
    price = out["prompt_usd_per_mtok"].fillna(0)
    cache = out["cache_read_usd_per_mtok"].fillna(out["prompt_usd_per_mtok"]).fillna(0)
    completion = out["completion_usd_per_mtok"].fillna(0)
    reasoning_price = out["reasoning_usd_per_mtok"].fillna(out["completion_usd_per_mtok"]).fillna(0)
    tokens = (prompt - cached) * price + cached * cache + work["completion_tokens"] * completion
    cost = (tokens + thinking * reasoning_price) / MTOK + out["request_usd"].fillna(0)
    if work["images"]:
        cost = cost + image_price_column(out) * work["images"]
    online = out.index.to_series(index=out.index).astype(str).str.endswith(":online")  # a search every call
    searches = online.astype("int64").clip(lower=work["web_searches"])
    if searches.any():
        engine = work["search_results"] * WEB_PLUGIN_USD_PER_RESULT
        cost = cost + out["web_search_usd"].fillna(engine) * searches
    if work["video_seconds"]:
        if "video_usd_per_second" not in out.columns:
            raise ValueError(
                "video_seconds needs video prices: frame = add_video_prices(frame, await client.list_video_models())"
            )
        cost = cost + out["video_usd_per_second"] * work["video_seconds"]
    tiered = out["long_context_from_tokens"].fillna(prompt) < prompt  # a longer prompt than a tier's threshold
    for position in tiered.to_numpy().nonzero()[0]:
        row = out.iloc[position]
        cost.iloc[position] += _tier_difference(row, work, int(thinking.iloc[position]))
    return cost


def _tier_difference(row: Any, work: dict[str, int], thinking: int) -> float:
    """What the prompt's tier adds to (or takes from) the base-price cost of one call on this row."""
    pricing = {**row["pricing"], **{k: row[c] / MTOK for c, k in _TIERED.items() if c in row.index}}
    base = {k: v for k, v in pricing.items() if k != "overrides"}
    args = {
        "prompt_tokens": work["prompt_tokens"],
        "completion_tokens": work["completion_tokens"],
        "reasoning_tokens": thinking,
        "cached_tokens": work["cached_prompt_tokens"],
    }
    tiered, flat = call_cost(pricing, **args), call_cost(base, **args)
    return math.nan if tiered is None or flat is None else tiered - flat


# the frame's base price columns, by the pricing key they came from (the tier starts from them)
_TIERED = {
    "prompt_usd_per_mtok": "prompt",
    "completion_usd_per_mtok": "completion",
    "cache_read_usd_per_mtok": "input_cache_read",
    "reasoning_usd_per_mtok": "internal_reasoning",
}


def _unknown(out: pd.DataFrame, cost: pd.Series, work: dict[str, int], thinking: pd.Series) -> pd.Series:
    """The rows whose cost for this workload cannot be known (they get NaN, never a guess)."""
    prompt, completion = work["prompt_tokens"], work["completion_tokens"]
    video = work["video_seconds"]
    # video models are priced outside the catalog: unknown unless the workload is video, priced above
    unknown = out["variable_pricing"] | (out["video_output"] if not video else out["video_usd_per_second"].isna())
    if prompt or completion or bool((thinking > 0).any()):
        unknown |= ~out["text_output"] | out["prompt_usd_per_mtok"].isna() | out["completion_usd_per_mtok"].isna()
        context = out["context_length"].astype("float64")  # NA (unknown context) is not a limit
        unknown |= (context < prompt + completion + thinking).fillna(False).astype(bool)
    if work["images"]:
        unknown |= image_price_column(out).isna()
    if work["requests"] and any(work[k] for k in ("prompt_tokens", "completion_tokens", "images", "video_seconds")):
        unknown |= (cost == 0) & ~out["free"]  # $0 for real work is a price we do not know
    return unknown | cost.isna()
