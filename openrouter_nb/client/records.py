"""The client's results as tables: a model's providers, the spend ledger, benchmarks, embeddings.

Each function decides the rows, columns and types; :func:`openrouter_nb._core.tables.table`
builds the DataFrame, so pandas is imported when a table is asked for and never by the client.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Any

from .._core.prices import parse_price, per_mtok
from .._core.tables import table
from .._core.wire import as_dict, number
from .ledger import LedgerEntry

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "activity_frame",
    "benchmarks_frame",
    "embeddings_frame",
    "endpoints_frame",
    "app_rankings_frame",
    "image_prices_frame",
    "rankings_frame",
    "spend_frame",
]

# endpoints_frame() columns holding measurements and prices (float64, NaN when unknown)
_ENDPOINT_NUMBERS = (
    "prompt_usd_per_mtok",
    "completion_usd_per_mtok",
    "uptime_1d",
    "latency_p50_ms",
    "latency_p90_ms",
    "throughput_p50_tps",
)


def _measure(value: Any) -> float:
    measured = number(value)
    return math.nan if measured is None else measured


def endpoints_frame(endpoints: list[dict[str, Any]]) -> pd.DataFrame:
    """The providers serving one model side by side (``client.model_endpoints``), indexed by provider.

    Columns: ``quantization``, ``context_length``, prices per million tokens, ``uptime_1d``,
    latency p50/p90 (ms), throughput p50 (tokens/s) and ``status``; NaN where unknown.
    """
    rows = []
    for endpoint in endpoints:
        pricing = as_dict(endpoint.get("pricing"))
        latency = as_dict(endpoint.get("latency_last_30m"))
        throughput = as_dict(endpoint.get("throughput_last_30m"))
        context = endpoint.get("context_length")
        rows.append(
            {
                "provider": endpoint.get("provider_name"),
                "quantization": endpoint.get("quantization"),
                "context_length": context if type(context) is int else None,
                "prompt_usd_per_mtok": per_mtok(pricing.get("prompt")),
                "completion_usd_per_mtok": per_mtok(pricing.get("completion")),
                "uptime_1d": _measure(endpoint.get("uptime_last_1d")),
                "latency_p50_ms": _measure(latency.get("p50")),
                "latency_p90_ms": _measure(latency.get("p90")),
                "throughput_p50_tps": _measure(throughput.get("p50")),
                "status": endpoint.get("status"),
            }
        )
    columns = ["provider", "quantization", "context_length", *_ENDPOINT_NUMBERS, "status"]
    types = {"context_length": "Int64", **dict.fromkeys(_ENDPOINT_NUMBERS, "float64")}
    return table(rows, columns, dtypes=types, index="provider")


def spend_frame(entries: list[LedgerEntry]) -> pd.DataFrame:
    """The spend ledger (``client.spend``): one row per billed call.

    Columns: call, model, provider, prompt_tokens, completion_tokens, cost, generation_id, cached,
    cached_tokens, cache_write_tokens, reasoning_tokens, image_tokens, web_searches,
    upstream_cost_usd, byok (see :class:`~openrouter_nb.client.ledger.LedgerEntry`).
    """
    names = [f.name for f in dataclasses.fields(LedgerEntry)]
    counts = ("cached_tokens", "cache_write_tokens", "reasoning_tokens", "image_tokens", "web_searches")
    types = {
        "prompt_tokens": "Int64",
        "completion_tokens": "Int64",
        "cost": "float64",
        "cached": "bool",
        **dict.fromkeys(counts, "int64"),
        "upstream_cost_usd": "float64",
        "byok": "bool",
    }
    return table([dataclasses.astuple(e) for e in entries], names, dtypes=types)


_BENCHMARK_COLUMNS = (
    "id",
    "model_permaslug",
    "display_name",
    "source",
    "intelligence_index",
    "coding_index",
    "agentic_index",
    "arena",
    "category",
    "elo",
    "win_rate",
    "benchmark_type",
    "accuracy",
    "primary_score",
    "prompt_usd_per_mtok",
    "completion_usd_per_mtok",
)
_BENCHMARK_NUMBERS = (
    "intelligence_index",
    "coding_index",
    "agentic_index",
    "elo",
    "win_rate",
    "accuracy",
    "primary_score",
    "prompt_usd_per_mtok",
    "completion_usd_per_mtok",
)


def benchmarks_frame(records: list[dict[str, Any]], models: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    """``GET /benchmarks`` rows as a DataFrame: one row per model and measure.

    With ``models`` (``client.list_models()``), each row's ``model_permaslug`` is mapped to the
    catalog ``id`` (the id without a ``:variant`` suffix when there are several), so the frame joins
    :func:`models_frame` on ``id``. Numbers are float64 (NaN where a source has no such measure).
    """
    by_slug: dict[str, str] = {}
    for model in sorted(models or [], key=lambda m: (":" in str(m.get("id")), str(m.get("id")))):
        slug = model.get("canonical_slug") if isinstance(model, dict) else None
        if isinstance(slug, str) and isinstance(model.get("id"), str):
            by_slug.setdefault(slug, model["id"])
    rows = []
    for record in records:
        if not isinstance(record, dict):
            continue
        pricing = as_dict(record.get("pricing"))
        slug = record.get("model_permaslug")
        row = {name: record.get(name) for name in _BENCHMARK_COLUMNS}
        row["id"] = by_slug.get(slug, slug) if isinstance(slug, str) else None
        row["prompt_usd_per_mtok"] = per_mtok(pricing.get("prompt"))
        row["completion_usd_per_mtok"] = per_mtok(pricing.get("completion"))
        rows.append(row)
    return table(rows, _BENCHMARK_COLUMNS, dtypes=dict.fromkeys(_BENCHMARK_NUMBERS, "float64"))


def embeddings_frame(vectors: list[list[float]], inputs: list[str] | None = None) -> pd.DataFrame:
    """Embedding vectors as a DataFrame: one row per input (indexed by the input text), one column per dimension."""
    texts = inputs if inputs is not None else getattr(vectors, "inputs", None)
    width = max((len(v) for v in vectors), default=0)
    if texts is None or len(texts) != len(vectors):  # no input to name each row by: numbered rows
        return table([list(v) for v in vectors], list(range(width)))
    return table([[text, *v] for text, v in zip(texts, vectors, strict=True)], ["input", *range(width)], index="input")


#: activity_frame() columns: the API's field → the column (USD amounts say so)
_ACTIVITY = {
    "date": "date",
    "model": "model",
    "provider_name": "provider",
    "requests": "requests",
    "prompt_tokens": "prompt_tokens",
    "completion_tokens": "completion_tokens",
    "reasoning_tokens": "reasoning_tokens",
    "cached_tokens": "cached_tokens",
    "usage": "usage_usd",
    "byok_usage_inference": "byok_usd",
}


def activity_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """``GET /activity`` rows (``client.activity()``): one per day, model and provider, oldest first.

    Columns: ``date`` (``YYYY-MM-DD``), ``model``, ``provider``, ``requests``, ``prompt_tokens``,
    ``completion_tokens`` (reasoning included), ``reasoning_tokens`` and ``cached_tokens`` (parts of
    the completion and prompt tokens; 0 where the service reports none), ``usage_usd``
    (what OpenRouter billed) and ``byok_usd`` (spent on your own provider keys).
    """
    rows = [[as_dict(r).get(field) for field in _ACTIVITY] for r in records if isinstance(r, dict)]
    rows.sort(key=lambda row: (str(row[0]), str(row[1]), str(row[2])))
    counts = ("requests", "prompt_tokens", "completion_tokens", "reasoning_tokens", "cached_tokens")
    types = {**dict.fromkeys(counts, "Int64"), "usage_usd": "float64", "byok_usd": "float64"}
    frame = table(rows, list(_ACTIVITY.values()), dtypes=types)
    frame[["reasoning_tokens", "cached_tokens"]] = frame[["reasoning_tokens", "cached_tokens"]].fillna(0)
    return frame


def image_prices_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Image endpoints' prices (``client.image_prices``): one row per model, provider and price entry."""
    clean = [{**row, "cost_usd": parse_price(row.get("cost_usd"))} for row in rows]
    columns = ["model", "provider", "billable", "unit", "cost_usd"]
    return table(clean, columns, dtypes={"cost_usd": "float64"})


def _tokens(value: Any) -> int | None:
    """A token total as the datasets send it (a decimal string), or None."""
    try:
        return int(str(value))
    except ValueError:
        return None


def rankings_frame(rows: list[dict[str, Any]], meta: dict[str, Any], ids: dict[str, str]) -> pd.DataFrame:
    """The rankings dataset as a table: ``date``, ``model`` (the catalog id, from ``ids`` by permaslug;
    ``other`` for the rest), ``model_permaslug``, ``tokens`` and ``share`` (of that date's total).

    ``frame.attrs["source"]`` is the citation the dataset's licence (CC BY 4.0) asks for.
    """
    totals: dict[str, int] = {}
    clean: list[dict[str, Any]] = []
    for row in rows:
        tokens = _tokens(row.get("total_tokens"))
        date, slug = row.get("date"), row.get("model_permaslug")
        if tokens is None or not isinstance(date, str) or not isinstance(slug, str):
            continue
        totals[date] = totals.get(date, 0) + tokens
        clean.append({"date": date, "model": ids.get(slug, slug), "model_permaslug": slug, "tokens": tokens})
    for row in clean:
        row["share"] = row["tokens"] / totals[row["date"]] if totals[row["date"]] else math.nan
    frame = table(
        clean, ["date", "model", "model_permaslug", "tokens", "share"], dtypes={"tokens": "Int64", "share": "float64"}
    )
    frame.attrs["source"] = f"Source: OpenRouter (openrouter.ai/rankings), as of {meta.get('as_of', 'unknown')}."
    return frame


def app_rankings_frame(rows: list[dict[str, Any]], meta: dict[str, Any]) -> pd.DataFrame:
    """The app rankings as a table: ``rank``, ``app_id``, ``app``, ``tokens``, ``requests``."""
    clean = [
        {
            "rank": row.get("rank"),
            "app_id": row.get("app_id"),
            "app": row.get("app_name"),
            "tokens": _tokens(row.get("total_tokens")),
            "requests": row.get("total_requests"),
        }
        for row in rows
    ]
    types = {"rank": "Int64", "app_id": "Int64", "tokens": "Int64", "requests": "Int64"}
    frame = table(clean, ["rank", "app_id", "app", "tokens", "requests"], dtypes=types)
    frame.attrs["source"] = f"Source: OpenRouter (openrouter.ai/apps), as of {meta.get('as_of', 'unknown')}."
    return frame
