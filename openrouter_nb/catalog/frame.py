"""``models_frame``: one typed row per model of ``GET /models``, and the columns it guarantees."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .._core.prices import author_of, parse_price
from .facts import classify_model_capabilities, paused_gc, str_list

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COLUMN_ORDER",
    "CatalogWarning",
    "IMAGE_TOKENS_PER_IMAGE",
    "MTOK",
    "NAN",
    "PRICE_COLUMNS",
    "QUALITY_COLUMNS",
    "TIER_COLUMNS",
    "models_frame",
]

#: output tokens of one 1024x1024 image on token-priced image models (Gemini's published figure)
IMAGE_TOKENS_PER_IMAGE = 1290
MTOK = 1_000_000.0

# column → (pricing key, multiplier): token prices per million tokens, the rest per unit
PRICE_COLUMNS: dict[str, tuple[str, float]] = {
    "prompt_usd_per_mtok": ("prompt", MTOK),
    "completion_usd_per_mtok": ("completion", MTOK),
    "cache_read_usd_per_mtok": ("input_cache_read", MTOK),
    "cache_write_usd_per_mtok": ("input_cache_write", MTOK),
    "reasoning_usd_per_mtok": ("internal_reasoning", MTOK),
    "image_usd_per_image": ("image", 1.0),
    "image_output_usd_per_mtok": ("image_output", MTOK),
    "request_usd": ("request", 1.0),
    "web_search_usd": ("web_search", 1.0),
}
_MAPPED_KEYS = {key for key, _ in PRICE_COLUMNS.values()}
_BOOL_COLUMNS = (
    "text_output",
    "image_output",
    "video_output",
    "audio_output",
    "embeddings",
    "vision",
    "tools",
    "reasoning",
    "reasons_by_default",
    "structured_outputs",
    "free",
    "variable_pricing",
)
#: the long-context tier of a model whose prompt price rises with the prompt (``pricing.overrides``)
TIER_COLUMNS = ("long_context_from_tokens", "long_prompt_usd_per_mtok", "long_completion_usd_per_mtok")
#: the quality measures a frame carries (float64, NaN where the catalog has none); higher is better
QUALITY_COLUMNS = ("intelligence_index", "coding_index", "agentic_index", "arena_elo_mean")
_INDEXES = QUALITY_COLUMNS[:3]  # Artificial Analysis, under benchmarks.artificial_analysis
COLUMN_ORDER = (
    "name",
    "provider",
    "context_length",
    "capabilities",
    "input_modalities",
    "output_modalities",
    *PRICE_COLUMNS,
    "generated_image_usd",
    *TIER_COLUMNS,
    *_BOOL_COLUMNS,
    "default_reasoning_effort",
    *QUALITY_COLUMNS,
    "arena_elo",
    "created",
    "pricing",
)
NAN = math.nan
_OBJECT_COLUMNS = frozenset({"capabilities", "input_modalities", "output_modalities", "arena_elo", "pricing"})


# (inputs, outputs) → the modality flags; catalogs repeat a few dozen combinations
_FLAG_MEMO: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[bool, ...]] = {}
_NOT_FREE_KEYS = frozenset({"prompt", "completion", "discount"})


def _modality_flags(inputs: list[str], outputs: list[str]) -> tuple[bool, ...]:
    key = (tuple(inputs), tuple(outputs))
    flags = _FLAG_MEMO.get(key)
    if flags is None:
        flags = (
            "text" in outputs,
            "image" in outputs,
            "video" in outputs,
            "audio" in outputs or "speech" in outputs,
            "embeddings" in outputs,
            "image" in inputs,
            outputs == ["text"],
        )
        if len(_FLAG_MEMO) < 4096:
            _FLAG_MEMO[key] = flags
    return flags


def _score(value: Any) -> float:
    """A benchmark number, or NaN (booleans, strings, infinities and absent values are not scores)."""
    if type(value) is int or type(value) is float:
        return float(value) if math.isfinite(value) else NAN
    return NAN


def _quality(benchmarks: Any) -> tuple[float, float, float, dict[str, float], float]:
    """The three indexes, the Design Arena Elo per category, and its mean, from a model's ``benchmarks``."""
    if type(benchmarks) is not dict:
        return NAN, NAN, NAN, {}, NAN
    analysis = benchmarks.get("artificial_analysis")
    if type(analysis) is not dict:
        analysis = {}
    elo: dict[str, float] = {}
    entries = benchmarks.get("design_arena")
    for entry in entries if type(entries) is list else ():
        if type(entry) is dict and type(entry.get("category")) is str:
            rating = _score(entry.get("elo"))
            if rating == rating:  # not NaN
                category = entry["category"]
                if category in elo:  # the same category in two arenas: name both
                    category = f"{entry.get('arena')}/{category}"
                elo[category] = rating
    mean = sum(elo.values()) / len(elo) if elo else NAN
    return (*(_score(analysis.get(name)) for name in _INDEXES), elo, mean)  # type: ignore[return-value]


# pricing dict (as its items) → what the frame reads from it; catalogs repeat a few hundred pricings
_PRICING_MEMO: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_MEMO_LIMIT = 8192


def _pricing_facts(pricing: dict[str, Any]) -> tuple[Any, ...]:
    """(price column values, generated-image price, variable, free if text-only, extra keys) of a pricing."""
    try:
        key = tuple(pricing.items())
        hit = _PRICING_MEMO.get(key)
    except TypeError:  # an unhashable value (a nested dict): not memoised
        key, hit = None, None
    if hit is not None:
        return hit
    prices = []
    for price_key, scale in PRICE_COLUMNS.values():
        value = pricing.get(price_key)
        number = None if value is None else parse_price(value)
        prices.append(NAN if number is None or number < 0 else number * scale)  # "-1" (variable) → NaN
    image_price = NAN
    for price_key in ("image_output", "image_token"):
        number = parse_price(pricing.get(price_key))
        if number is not None and number > 0:
            image_price = number * IMAGE_TOKENS_PER_IMAGE
            break
    prompt, completion = parse_price(pricing.get("prompt")), parse_price(pricing.get("completion"))
    free = prompt == 0 and completion == 0
    extra = {}
    for price_key, value in pricing.items():
        if price_key not in _MAPPED_KEYS:
            extra[price_key] = value
        if free and price_key not in _NOT_FREE_KEYS and (parse_price(value) or 0) != 0:
            free = False
    facts = (tuple(prices), image_price, prompt == -1 or completion == -1, free, extra)
    if key is not None and len(_PRICING_MEMO) < _MEMO_LIMIT:
        _PRICING_MEMO[key] = facts
    return facts


def _tier(pricing: dict[str, Any]) -> tuple[Any, float, float]:
    """The first long-context tier (threshold, prompt and completion per million tokens), or (None, NaN, NaN)."""
    overrides = pricing.get("overrides")
    tiers = [
        entry
        for entry in (overrides if type(overrides) is list else ())
        if type(entry) is dict and isinstance(entry.get("min_prompt_tokens"), int | float) and "utc_start" not in entry
    ]
    if not tiers:
        return None, NAN, NAN
    first = min(tiers, key=lambda entry: entry["min_prompt_tokens"])
    prompt = parse_price(first.get("prompt", pricing.get("prompt")))
    completion = parse_price(first.get("completion", pricing.get("completion")))
    return (
        int(first["min_prompt_tokens"]),
        NAN if prompt is None or prompt < 0 else prompt * MTOK,
        NAN if completion is None or completion < 0 else completion * MTOK,
    )


def _reasoning_defaults(item: dict[str, Any]) -> tuple[bool, str | None]:
    """Whether a model reasons when not asked to (``default_enabled`` or ``mandatory``), and its default effort."""
    config = item.get("reasoning")
    if type(config) is not dict:
        return False, None
    effort = config.get("default_effort")
    return bool(config.get("default_enabled") or config.get("mandatory")), effort if type(effort) is str else None


class CatalogWarning(UserWarning):
    """Entries of a catalog were left out of a frame (not objects, no id, or an id seen before)."""


def _items(models: Any) -> list[Any] | tuple[Any, ...]:
    """The entries of what :func:`models_frame` was given: a list, or a ``GET /models`` payload."""
    if isinstance(models, dict) and isinstance(models.get("data"), list):
        return list(models["data"])
    if not isinstance(models, list | tuple):
        raise TypeError(
            "models_frame takes the list of models of client.list_models() (or summarize_models), "
            f"got {type(models).__name__}"
        )
    return models


def _warn_left_out(items: list[Any] | tuple[Any, ...], kept: int) -> None:
    """Say how many entries were left out of the frame and why (counted only when some were)."""
    import warnings
    from collections import Counter

    seen: set[str] = set()
    reasons: Counter[str] = Counter()
    for item in items:
        model_id = _model_id(item) if type(item) is dict else None
        if type(item) is not dict:
            reasons["not an object"] += 1
        elif model_id is None:
            reasons["without an id"] += 1
        elif model_id in seen:
            reasons["a repeated id (the first kept)"] += 1
        seen.add(model_id or "")
    why = ", ".join(f"{count:,} {reason}" for reason, count in reasons.most_common())
    left = len(items) - kept
    warnings.warn(
        f"models_frame left out {left:,} of {len(items):,} catalog entries: {why}", CatalogWarning, stacklevel=3
    )


def _model_id(item: dict[str, Any]) -> str | None:
    """The id of a catalog item (``id``, else ``model`` as some summaries have it), None without one."""
    model_id = item.get("id")
    if type(model_id) is not str or not model_id:
        model_id = item.get("model")
    return model_id if type(model_id) is str and model_id else None


def _provider(item: dict[str, Any], model_id: str) -> str:
    """Who makes the model when the item names no ``provider``: its owner, else the id's author."""
    for key in ("owned_by", "organization"):
        value = item.get(key)
        if type(value) is str and value:
            return value
    return author_of(model_id)


def _collect(items: Any) -> tuple[list[str], dict[str, list[Any]]]:
    """Column lists for :func:`models_frame`, built in one pass (no dict per row)."""
    ids: list[str] = []
    seen: set[str] = set()
    columns: dict[str, list[Any]] = {name: [] for name in COLUMN_ORDER}
    price_appends = [columns[column].append for column in PRICE_COLUMNS]
    flag_appends = [columns[name].append for name in ("text_output", "image_output", "video_output", "audio_output",
                                                      "embeddings", "vision")]  # fmt: skip
    append = {name: columns[name].append for name in COLUMN_ORDER}
    add_caps, add_name, add_provider = append["capabilities"], append["name"], append["provider"]
    add_context, add_created = append["context_length"], append["created"]
    add_inputs, add_outputs, add_image = (
        append["input_modalities"],
        append["output_modalities"],
        append["generated_image_usd"],
    )
    add_tools, add_reasoning, add_structured = append["tools"], append["reasoning"], append["structured_outputs"]
    add_default, add_effort = append["reasons_by_default"], append["default_reasoning_effort"]
    tier_appends = [append[name] for name in TIER_COLUMNS]
    add_variable, add_free, add_pricing = append["variable_pricing"], append["free"], append["pricing"]
    quality_appends = [append[name] for name in (*_INDEXES, "arena_elo", "arena_elo_mean")]
    no_quality: tuple[Any, ...] = (NAN, NAN, NAN, {}, NAN)
    for item in items:
        if type(item) is not dict:
            continue
        model_id = _model_id(item)
        if model_id is None or model_id in seen:  # ids are the index: the first occurrence wins
            continue
        seen.add(model_id)
        ids.append(model_id)
        arch = item.get("architecture")
        if type(arch) is not dict:
            arch = {}
        inputs = str_list(item["input_modalities"] if "input_modalities" in item else arch.get("input_modalities"))
        outputs = str_list(item["output_modalities"] if "output_modalities" in item else arch.get("output_modalities"))
        pricing = item.get("pricing")
        if type(pricing) is not dict:
            pricing = {}
        caps = item.get("capabilities")
        add_caps(str_list(caps) if type(caps) is list else classify_model_capabilities(item))
        name = item.get("name")
        add_name(name if type(name) is str and name else model_id)
        provider = item.get("provider")
        add_provider(provider if type(provider) is str else _provider(item, model_id))
        context = item.get("context_length")
        add_context(context if type(context) is int and 0 < context < 2**53 else None)
        created = item.get("created")
        # unix seconds a timestamp can hold (1970 to 2286); anything else is unknown, not an error
        valid = isinstance(created, int | float) and not isinstance(created, bool) and 0 <= created < 1e10
        add_created(created if valid else None)
        add_inputs(inputs)
        add_outputs(outputs)
        prices, image_price, variable, free, extra = _pricing_facts(pricing)
        for add, price in zip(price_appends, prices, strict=True):
            add(price)
        flags = _modality_flags(inputs, outputs)
        for add, flag in zip(flag_appends, flags, strict=False):
            add(flag)
        add_image(image_price if flags[1] else NAN)
        params = item.get("supported_parameters")
        params = params if type(params) is list else ()
        add_tools("tools" in params)
        add_reasoning("reasoning" in params or "include_reasoning" in params)
        add_structured("structured_outputs" in params or "response_format" in params)
        add_variable(variable)
        for add, value in zip(
            tier_appends, _tier(pricing) if "overrides" in pricing else (None, NAN, NAN), strict=True
        ):
            add(value)
        default, effort = _reasoning_defaults(item)
        add_default(default)
        add_effort(effort)
        add_free(free and flags[6])
        add_pricing(dict(extra) if extra else {})
        benchmarks = item.get("benchmarks")
        quality = _quality(benchmarks) if benchmarks else no_quality
        for add, value in zip(quality_appends, quality, strict=True):
            add(dict(value) if type(value) is dict else value)
    return ids, columns


def models_frame(models_or_summary: Any) -> pd.DataFrame:
    """One row per model, indexed by id, with typed price and task columns.

    Accepts raw ``GET /models`` items or :func:`~openrouter_nb.summarize_models` output (raw items
    give the full set: ``tools``/``reasoning``/``structured_outputs`` and ``created`` need them).
    Columns: ``name``, ``provider``, ``context_length`` (Int64; 0 → NA), ``capabilities``,
    ``input_modalities``, ``output_modalities`` (lists), the float64 price columns of
    :data:`PRICE_COLUMNS` (NaN where the key is absent or the price is variable),
    ``generated_image_usd`` (estimated USD per generated 1024px image, from ``image_output`` or
    ``image_token`` × 1290 tokens), booleans ``text_output``, ``image_output``, ``video_output``,
    ``audio_output``, ``embeddings``, ``vision``, ``tools``, ``reasoning``, ``reasons_by_default``
    (the model reasons unless told not to: its ``reasoning`` config has ``default_enabled`` or
    ``mandatory``; those hidden tokens are billed), ``structured_outputs``, ``free``,
    ``variable_pricing``; ``default_reasoning_effort``; the first long-context tier
    (:data:`TIER_COLUMNS`: the prompt size above which prices change, and the prompt and completion
    prices per million tokens there; NA/NaN for models with one price); quality (higher is better,
    NaN where the catalog has none):
    ``intelligence_index``, ``coding_index``, ``agentic_index`` (Artificial Analysis),
    ``arena_elo_mean`` and ``arena_elo`` (Design Arena Elo per category, a dict); ``created`` (UTC
    timestamp) and ``pricing`` (the pricing keys no column shows, never dropped). Malformed items
    are left out with a :class:`CatalogWarning` that says how many and why; anything but a list
    (or the ``{"data": [...]}`` payload of ``GET /models``) is a ``TypeError``.
    """
    import pandas as pd

    items = _items(models_or_summary)
    with paused_gc():
        ids, columns = _collect(items)
    if len(ids) < len(items):
        _warn_left_out(items, len(ids))
    import numpy as np

    count = len(ids)
    data: dict[str, Any] = {}
    for name in COLUMN_ORDER:  # built in display order: no reindexing copy afterwards
        values = columns[name]
        if name in ("name", "provider", "default_reasoning_effort"):
            data[name] = pd.array(values, dtype="string")
        elif name in ("context_length", "long_context_from_tokens"):  # values and mask: no NA inference
            mask = np.fromiter((v is None for v in values), dtype=bool, count=count)
            numbers = np.fromiter((0 if v is None else v for v in values), dtype=np.int64, count=count)
            data[name] = pd.arrays.IntegerArray(numbers, mask)
        elif name == "created":  # microseconds as int64, viewed as datetimes (NaT where unknown)
            seconds = np.fromiter((NAN if v is None else v for v in values), dtype="float64", count=count)
            unknown = np.isnan(seconds)
            micros = (np.where(unknown, 0.0, seconds) * 1_000_000).astype(np.int64)
            micros[unknown] = np.iinfo(np.int64).min
            data[name] = pd.to_datetime(micros.view("M8[us]"), utc=True)
        elif name in _BOOL_COLUMNS:
            data[name] = np.array(values, dtype=bool)
        elif name in _OBJECT_COLUMNS:  # element-wise: numpy would turn equal-length lists into 2-D
            data[name] = np.fromiter(values, dtype=object, count=count)
        else:
            data[name] = np.array(values, dtype="float64")
    return pd.DataFrame(data, index=pd.Index(ids, name="id", dtype="string"), copy=False)
