"""Catalog DataFrames for comparing models and prices in notebooks.

pandas is imported when a function here runs, not when ``openrouter_nb`` is imported.

Units: token prices are USD per million tokens (``*_usd_per_mtok``); per-image, per-request and
per-search prices are USD each. ``"-1"`` (variable-priced routers) becomes NaN with
``variable_pricing=True``; ``"0"``/``"0"`` token prices on image and video models do not make them
``free``: their price lives in other keys (``image_output``, ``image_token``) or outside the catalog.
"""

from __future__ import annotations

import difflib
import math
from typing import TYPE_CHECKING, Any

from .catalog import author_of, classify_model_capabilities, parse_price, paused_gc, str_list

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "IMAGE_TOKENS_PER_IMAGE",
    "PRICE_COLUMNS",
    "PriceTable",
    "add_video_prices",
    "compare_models",
    "estimate_cost",
    "models_frame",
    "price_table",
    "video_usd_per_second",
]

#: output tokens of one 1024x1024 image on token-priced image models (Gemini's published figure)
IMAGE_TOKENS_PER_IMAGE = 1290
MTOK = 1_000_000.0

# column → (pricing key, multiplier): token prices per million tokens, the rest per unit
PRICE_COLUMNS: dict[str, tuple[str, float]] = {
    "prompt_usd_per_mtok": ("prompt", MTOK),
    "completion_usd_per_mtok": ("completion", MTOK),
    "cache_read_usd_per_mtok": ("input_cache_read", MTOK),
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
    "structured_outputs",
    "free",
    "variable_pricing",
)
COLUMN_ORDER = (
    "name",
    "provider",
    "context_length",
    "capabilities",
    "input_modalities",
    "output_modalities",
    *PRICE_COLUMNS,
    "generated_image_usd",
    *_BOOL_COLUMNS,
    "created",
    "pricing",
)
NAN = math.nan
_OBJECT_COLUMNS = frozenset({"capabilities", "input_modalities", "output_modalities", "pricing"})


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


def _collect(items: Any) -> tuple[list[str], dict[str, list[Any]]]:
    """Column lists for :func:`models_frame`, built in one pass (no dict per row)."""
    ids: list[str] = []
    seen: set[str] = set()
    columns: dict[str, list[Any]] = {name: [] for name in COLUMN_ORDER}
    price_specs = [(key, scale, columns[column].append) for column, (key, scale) in PRICE_COLUMNS.items()]
    flag_appends = [columns[name].append for name in ("text_output", "image_output", "video_output", "audio_output",
                                                      "embeddings", "vision")]  # fmt: skip
    append = {name: columns[name].append for name in COLUMN_ORDER}
    for item in items if isinstance(items, list | tuple) else ():
        if not isinstance(item, dict):
            continue
        model_id = item.get("id")
        if type(model_id) is not str or not model_id:
            model_id = item.get("model")
            if type(model_id) is not str or not model_id:
                continue
        if model_id in seen:  # ids are the index: the first occurrence wins
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
        append["capabilities"](str_list(caps) if type(caps) is list else classify_model_capabilities(item))
        name = item.get("name")
        append["name"](name if type(name) is str and name else model_id)
        provider = item.get("provider")
        if type(provider) is not str:
            provider = item.get("owned_by")
            if type(provider) is not str or not provider:
                provider = item.get("organization")
                if type(provider) is not str or not provider:
                    provider = author_of(model_id)
        append["provider"](provider)
        context = item.get("context_length")
        append["context_length"](context if type(context) is int and 0 < context < 2**53 else None)
        created = item.get("created")
        # unix seconds a timestamp can hold (1970 to 2286); anything else is unknown, not an error
        valid = isinstance(created, int | float) and not isinstance(created, bool) and 0 <= created < 1e10
        append["created"](created if valid else None)
        append["input_modalities"](inputs)
        append["output_modalities"](outputs)
        for key, scale, add in price_specs:
            value = pricing.get(key)
            number = None if value is None else parse_price(value)
            add(NAN if number is None or number < 0 else number * scale)  # "-1" (variable) → NaN
        flags = _modality_flags(inputs, outputs)
        for add, flag in zip(flag_appends, flags, strict=False):
            add(flag)
        image_price = NAN
        if flags[1]:
            for key in ("image_output", "image_token"):
                number = parse_price(pricing.get(key))
                if number is not None and number > 0:
                    image_price = number * IMAGE_TOKENS_PER_IMAGE
                    break
        append["generated_image_usd"](image_price)
        params = item.get("supported_parameters")
        params = params if type(params) is list else ()
        append["tools"]("tools" in params)
        append["reasoning"]("reasoning" in params or "include_reasoning" in params)
        append["structured_outputs"]("structured_outputs" in params or "response_format" in params)
        prompt, completion = parse_price(pricing.get("prompt")), parse_price(pricing.get("completion"))
        append["variable_pricing"](prompt == -1 or completion == -1)
        free = prompt == 0 and completion == 0 and flags[6]
        extra = {}
        for key, value in pricing.items():
            if key not in _MAPPED_KEYS:
                extra[key] = value
            if free and key not in _NOT_FREE_KEYS and (parse_price(value) or 0) != 0:
                free = False
        append["free"](free)
        append["pricing"](extra)
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
    ``audio_output``, ``embeddings``, ``vision``, ``tools``, ``reasoning``, ``structured_outputs``,
    ``free``, ``variable_pricing``, ``created`` (UTC timestamp) and ``pricing`` (the pricing keys
    no column shows, never dropped). Malformed items are skipped; it never raises on bad data.
    """
    import pandas as pd

    with paused_gc():
        ids, columns = _collect(models_or_summary)
    import numpy as np

    def objects(values: list[Any]) -> Any:
        array = np.empty(len(values), dtype=object)
        for i, value in enumerate(values):  # element-wise: numpy would turn equal-length lists into 2-D
            array[i] = value
        return array

    data: dict[str, Any] = {}
    for name in COLUMN_ORDER:  # built in display order: no reindexing copy afterwards
        values = columns[name]
        if name in ("name", "provider"):
            data[name] = pd.array(values, dtype="string")
        elif name == "context_length":
            data[name] = pd.array(values, dtype="Int64")
        elif name == "created":
            seconds = np.array([np.nan if v is None else v for v in values], dtype="float64")
            data[name] = pd.to_datetime(seconds, unit="s", utc=True)
        elif name in _BOOL_COLUMNS:
            data[name] = np.array(values, dtype=bool)
        elif name in _OBJECT_COLUMNS:
            data[name] = objects(values)
        else:
            data[name] = np.array(values, dtype="float64")
    return pd.DataFrame(data, index=pd.Index(ids, name="id", dtype="string"), copy=False)


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
    return min(prices) if prices else NAN


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


def estimate_cost(
    frame: pd.DataFrame,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    images: int = 0,
    requests: int = 1,
    *,
    video_seconds: int = 0,
    column: str = "cost_usd",
    sort: bool = True,
) -> pd.DataFrame:
    """Add a ``cost_usd`` column: what ``requests`` calls of this workload cost on each model.

    One call = ``prompt_tokens`` in, ``completion_tokens`` out, ``images`` generated images and
    ``video_seconds`` of generated video (needs :func:`add_video_prices` first), plus any per-request
    fee. NaN (never a fake number) where the price is unknown: variable-priced routers, models that
    cannot do the workload (tokens on a model without text output, images on a model without an
    image price), and video models without a video price. Returns a copy, cheapest first unless
    ``sort=False``.
    """
    for name, value in (
        ("prompt_tokens", prompt_tokens),
        ("completion_tokens", completion_tokens),
        ("images", images),
        ("requests", requests),
        ("video_seconds", video_seconds),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    out = frame.copy()
    tokens = (
        out["prompt_usd_per_mtok"].fillna(0) * prompt_tokens
        + out["completion_usd_per_mtok"].fillna(0) * completion_tokens
    ) / MTOK
    cost = (
        tokens + out["request_usd"].fillna(0) + out["generated_image_usd"] * images
        if images
        else tokens + out["request_usd"].fillna(0)
    )
    if video_seconds:
        if "video_usd_per_second" not in out.columns:
            raise ValueError(
                "video_seconds needs video prices: frame = add_video_prices(frame, await client.list_video_models())"
            )
        cost = cost + out["video_usd_per_second"] * video_seconds
    cost = cost * requests
    # video models are priced outside the catalog: unknown unless the workload is video, priced above
    unknown = out["variable_pricing"] | (
        out["video_output"] if not video_seconds else out["video_usd_per_second"].isna()
    )
    if prompt_tokens or completion_tokens:
        unknown |= ~out["text_output"] | out["prompt_usd_per_mtok"].isna() | out["completion_usd_per_mtok"].isna()
    if images:
        unknown |= out["generated_image_usd"].isna()
    out[column] = cost.mask(unknown).astype("float64")
    if sort:
        out = out.sort_values(column, kind="stable", na_position="last")
    return out


_SHOWN = (
    "name",
    "provider",
    "context_length",
    "prompt_usd_per_mtok",
    "completion_usd_per_mtok",
    "generated_image_usd",
    "video_usd_per_second",
    "cost_usd",
)


def _money(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value == 0:
        return "$0"
    return f"${value:,.4f}" if value < 1 else f"${value:,.2f}"


class PriceTable:
    """A catalog frame formatted for reading: prices as ``$…``, a sensible column order.

    Renders as an HTML table in Jupyter and as plain text in a terminal. ``.frame`` is the data.
    """

    def __init__(self, frame: pd.DataFrame, columns: list[str] | None = None, max_rows: int = 20) -> None:
        chosen = columns or [c for c in _SHOWN if c in frame.columns]
        self.frame = frame[chosen].head(max_rows)
        self.total = len(frame)

    def _formatters(self) -> dict[str, Any]:
        money = [c for c in self.frame.columns if "usd" in c]
        return {c: _money for c in money}

    def _footer(self) -> str:
        return f"{len(self.frame)} of {self.total} models; token prices in USD per million tokens"

    def __repr__(self) -> str:
        return self.frame.to_string(formatters=self._formatters(), na_rep="—") + "\n" + self._footer()

    def _repr_html_(self) -> str:
        table = self.frame.to_html(formatters=self._formatters(), na_rep="—", border=0, escape=True)
        return f"{table}<p><small>{self._footer()}</small></p>"


def price_table(frame: pd.DataFrame, columns: list[str] | None = None, max_rows: int = 20) -> PriceTable:
    """Format ``frame`` for display (HTML in notebooks, plain text in terminals)."""
    return PriceTable(frame, columns, max_rows)


def compare_models(frame: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """A side-by-side view of a few models: one column per model, one row per attribute.

    Unknown ids raise ``KeyError`` naming the closest known ids.
    """
    missing = [i for i in ids if i not in frame.index]
    if missing:
        hints = {m: difflib.get_close_matches(m, list(frame.index), n=3) for m in missing}
        detail = "; ".join(f"{m!r} (did you mean {', '.join(h) or 'nothing close'}?)" for m, h in hints.items())
        raise KeyError(f"unknown model ids: {detail}")
    rows = [c for c in COLUMN_ORDER if c not in ("capabilities", "pricing")]
    rows += [c for c in ("video_usd_per_second", "cost_usd") if c in frame.columns]
    return frame.loc[list(ids), rows].T
