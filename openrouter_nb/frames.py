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

from .catalog import classify_model_capabilities, parse_price

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "IMAGE_TOKENS_PER_IMAGE",
    "PRICE_COLUMNS",
    "PriceTable",
    "compare_models",
    "estimate_cost",
    "models_frame",
    "price_table",
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


def _str_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _price_column(pricing: dict[str, Any], key: str, scale: float) -> float:
    if key not in pricing:
        return NAN
    number = parse_price(pricing[key])
    if number is None or number < 0:  # unparsable, or "-1": variable
        return NAN
    return number * scale


def _row(item: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """One model's values, from a raw ``GET /models`` item or a ``summarize_models`` entry."""
    model_id = item.get("id") if isinstance(item.get("id"), str) and item.get("id") else item.get("model")
    if not isinstance(model_id, str) or not model_id:
        return None
    arch = item.get("architecture") if isinstance(item.get("architecture"), dict) else {}
    inputs = (
        _str_list(item["input_modalities"]) if "input_modalities" in item else _str_list(arch.get("input_modalities"))
    )
    outputs = (
        _str_list(item["output_modalities"])
        if "output_modalities" in item
        else _str_list(arch.get("output_modalities"))
    )
    pricing = item.get("pricing") if isinstance(item.get("pricing"), dict) else {}
    params = set(_str_list(item.get("supported_parameters")))
    caps = item.get("capabilities")
    caps = _str_list(caps) if isinstance(caps, list) else classify_model_capabilities(item)
    name = item.get("name") if isinstance(item.get("name"), str) and item.get("name") else model_id
    provider = item.get("provider")
    if not isinstance(provider, str):
        provider = next((item[k] for k in ("owned_by", "organization") if isinstance(item.get(k), str) and item[k]), "")
        if not provider:
            author, sep, _ = model_id.lstrip("~").partition("/")
            provider = author if sep else ""
    context = item.get("context_length")
    context = context if isinstance(context, int) and not isinstance(context, bool) and context > 0 else None
    created = item.get("created")
    created = created if isinstance(created, int | float) and not isinstance(created, bool) else None

    values: dict[str, Any] = {
        "name": name,
        "provider": provider,
        "context_length": context,
        "capabilities": caps,
        "input_modalities": inputs,
        "output_modalities": outputs,
        "created": created,
    }
    for column, (key, scale) in PRICE_COLUMNS.items():
        values[column] = _price_column(pricing, key, scale)
    per_token_image = next(
        (p for p in (_price_column(pricing, k, 1.0) for k in ("image_output", "image_token")) if p == p and p > 0),
        NAN,
    )
    values["generated_image_usd"] = per_token_image * IMAGE_TOKENS_PER_IMAGE if "image" in outputs else NAN
    prompt, completion = parse_price(pricing.get("prompt")), parse_price(pricing.get("completion"))
    variable = prompt == -1 or completion == -1
    others_priced = any(
        (parse_price(v) or 0) != 0 for k, v in pricing.items() if k not in ("prompt", "completion", "discount")
    )
    values.update(
        text_output="text" in outputs,
        image_output="image" in outputs,
        video_output="video" in outputs,
        audio_output="audio" in outputs or "speech" in outputs,
        embeddings="embeddings" in outputs,
        vision="image" in inputs,
        tools="tools" in params,
        reasoning="reasoning" in params or "include_reasoning" in params,
        structured_outputs="structured_outputs" in params or "response_format" in params,
        free=prompt == 0 and completion == 0 and not others_priced and outputs == ["text"],
        variable_pricing=variable,
        pricing={k: v for k, v in pricing.items() if k not in _MAPPED_KEYS},
    )
    return model_id, values


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

    ids: list[str] = []
    columns: dict[str, list[Any]] = {name: [] for name in COLUMN_ORDER}
    seen: set[str] = set()
    for item in models_or_summary if isinstance(models_or_summary, list | tuple) else ():
        if not isinstance(item, dict):
            continue
        row = _row(item)
        if row is None or row[0] in seen:  # ids are the index: the first occurrence wins
            continue
        seen.add(row[0])
        ids.append(row[0])
        for name, value in row[1].items():
            columns[name].append(value)
    data: dict[str, Any] = {
        "name": pd.array(columns["name"], dtype="string"),
        "provider": pd.array(columns["provider"], dtype="string"),
        "context_length": pd.array(columns["context_length"], dtype="Int64"),
    }
    for name in ("capabilities", "input_modalities", "output_modalities", "pricing"):
        data[name] = pd.Series(columns[name], dtype=object, index=range(len(ids))).array
    for name in (*PRICE_COLUMNS, "generated_image_usd"):
        data[name] = pd.array(columns[name], dtype="float64")
    for name in _BOOL_COLUMNS:
        data[name] = pd.array(columns[name], dtype="bool")
    created = pd.to_datetime(pd.Series(columns["created"], dtype="float64"), unit="s", utc=True)
    data["created"] = created.array
    frame = pd.DataFrame(data, index=pd.Index(ids, name="id", dtype="string"))
    return frame[list(COLUMN_ORDER)]


def estimate_cost(
    frame: pd.DataFrame,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    images: int = 0,
    requests: int = 1,
    *,
    column: str = "cost_usd",
    sort: bool = True,
) -> pd.DataFrame:
    """Add a ``cost_usd`` column: what ``requests`` calls of this workload cost on each model.

    One call = ``prompt_tokens`` in, ``completion_tokens`` out and ``images`` generated images,
    plus any per-request fee. NaN (never a fake number) where the price is unknown: variable-priced
    routers, models that cannot do the workload (tokens on a model without text output, images on a
    model without an image price), and video models, whose prices live outside the catalog.
    Returns a copy, cheapest first unless ``sort=False``.
    """
    for name, value in (
        ("prompt_tokens", prompt_tokens),
        ("completion_tokens", completion_tokens),
        ("images", images),
        ("requests", requests),
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
    cost = cost * requests
    unknown = out["variable_pricing"] | out["video_output"]
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
    if "cost_usd" in frame.columns:
        rows.append("cost_usd")
    return frame.loc[list(ids), rows].T
