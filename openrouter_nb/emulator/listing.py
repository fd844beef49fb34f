"""``GET /models`` query semantics: the spec's filters, search, sorts and pagination, validated.

Every query parameter the spec declares is checked (types, ranges, enum values: a bad one is the
real 400 envelope). Filters the catalog has facts for are applied; the few that need data the
snapshot lacks (``category``, ``distillable``, ``zdr``, ``region``, ``use_rss``, tool success
rates) are accepted and ignored, and the sorts by popularity, throughput or latency keep the
catalog's order. The README lists these.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from .catalog import shared_catalog
from .protocol import BadRequest

__all__ = ["SORTS", "page", "select", "user_models"]

SORTS = (
    "most-popular",
    "newest",
    "top-weekly",
    "pricing-low-to-high",
    "pricing-high-to-low",
    "context-high-to-low",
    "throughput-high-to-low",
    "latency-low-to-high",
    "intelligence-high-to-low",
    "coding-high-to-low",
    "agentic-high-to-low",
    "design-arena-elo-high-to-low",
)
CATEGORIES = (
    "programming roleplay marketing marketing/seo technology science translation legal finance health trivia academia"
).split()
_ENUMS = {
    "sort": SORTS,
    "category": CATEGORIES,
    "distillable": ("true", "false"),
    "zdr": ("true",),
    "region": ("eu", "us"),
}
_NUMBERS = (
    "min_price",
    "max_price",
    "min_output_price",
    "max_output_price",
    "min_intelligence_index",
    "max_intelligence_index",
    "min_coding_index",
    "max_coding_index",
    "min_agentic_index",
    "max_agentic_index",
    "min_tool_success_rate",
    "max_tool_success_rate",
)


def _names(value: str | None) -> set[str]:
    return {v.strip().lower() for v in (value or "").split(",") if v.strip()}


def _integer(query: dict[str, str], name: str, low: int, high: int | None = None) -> int | None:
    if name not in query:
        return None
    try:
        value = int(query[name])
    except ValueError:
        raise BadRequest(400, f"{name} must be an integer, got {query[name]!r}") from None
    if value < low or (high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise BadRequest(400, f"{name} must be {bound}, got {value}")
    return value


def _number(query: dict[str, str], name: str) -> float | None:
    if name not in query:
        return None
    try:
        value = float(query[name])
    except ValueError:
        raise BadRequest(400, f"{name} must be a number, got {query[name]!r}") from None
    if not math.isfinite(value) or value < 0:
        raise BadRequest(400, f"{name} must be a non-negative number, got {query[name]!r}")
    return value


def _price_per_mtok(model: dict[str, Any], key: str) -> float:
    try:
        value = float((model.get("pricing") or {}).get(key, "nan"))
    except (TypeError, ValueError):
        return math.nan
    return value * 1e6 if value >= 0 else math.nan  # "-1" (variable) has no price to compare


def _index(model: dict[str, Any], name: str) -> float:
    value = ((model.get("benchmarks") or {}).get("artificial_analysis") or {}).get(name)
    return float(value) if isinstance(value, int | float) else math.nan


def _arena_elo(model: dict[str, Any]) -> float:
    ratings = [r["elo"] for r in (model.get("benchmarks") or {}).get("design_arena") or [] if "elo" in r]
    return sum(ratings) / len(ratings) if ratings else math.nan


def _within(value: float, low: float | None, high: float | None) -> bool:
    if low is None and high is None:
        return True
    if math.isnan(value):
        return False
    return (low is None or value >= low) and (high is None or value <= high)


_SORT_KEYS: dict[str, Callable[[dict[str, Any]], float]] = {
    "newest": lambda m: -(m.get("created") or 0),
    "pricing-low-to-high": lambda m: _price_per_mtok(m, "prompt") + _price_per_mtok(m, "completion"),
    "pricing-high-to-low": lambda m: -(_price_per_mtok(m, "prompt") + _price_per_mtok(m, "completion")),
    "context-high-to-low": lambda m: -(m.get("context_length") or 0),
    "intelligence-high-to-low": lambda m: -_index(m, "intelligence_index"),
    "coding-high-to-low": lambda m: -_index(m, "coding_index"),
    "agentic-high-to-low": lambda m: -_index(m, "agentic_index"),
    "design-arena-elo-high-to-low": lambda m: -_arena_elo(m),
}


def select(query: dict[str, str], *, default_outputs: str = "text") -> list[dict[str, Any]]:
    """The models a ``GET /models`` query selects, in its order (before pagination)."""
    for name, allowed in _ENUMS.items():
        if name in query and query[name] not in allowed:
            raise BadRequest(400, f"{name} must be one of {', '.join(allowed)}, got {query[name]!r}")
    numbers = {name: _number(query, name) for name in _NUMBERS}
    min_context = _integer(query, "context", 1)
    outputs = _names(query.get("output_modalities") or default_outputs)
    inputs = _names(query.get("input_modalities"))
    params = _names(query.get("supported_parameters"))
    authors = _names(query.get("model_authors"))
    providers = _names(query.get("providers"))
    terms = (query.get("q") or "").lower().split()
    found = []
    for model in shared_catalog():
        arch = model["architecture"]
        if "all" not in outputs and not outputs & set(arch.get("output_modalities") or []):
            continue
        if inputs and not inputs <= set(arch.get("input_modalities") or []):
            continue
        if params and not params <= {p.lower() for p in model.get("supported_parameters") or []}:
            continue
        if authors and model["id"].lstrip("~").split("/", 1)[0] not in authors:
            continue
        if min_context is not None and (model.get("context_length") or 0) < min_context:
            continue
        if terms:
            haystack = f"{model['id']} {model.get('name', '')} {model.get('description', '')}".lower()
            if not all(term in haystack for term in terms):
                continue
        if providers:
            from .providers import endpoints_for

            served = {e["provider_name"].lower() for e in endpoints_for(model, authorized=False)}
            served |= {e["tag"].split("/")[0] for e in endpoints_for(model, authorized=False)}
            if not providers & served:
                continue
        checks = (
            (_price_per_mtok(model, "prompt"), numbers["min_price"], numbers["max_price"]),
            (_price_per_mtok(model, "completion"), numbers["min_output_price"], numbers["max_output_price"]),
            (_index(model, "intelligence_index"), numbers["min_intelligence_index"], numbers["max_intelligence_index"]),
            (_index(model, "coding_index"), numbers["min_coding_index"], numbers["max_coding_index"]),
            (_index(model, "agentic_index"), numbers["min_agentic_index"], numbers["max_agentic_index"]),
        )
        if not all(_within(value, low, high) for value, low, high in checks):
            continue
        found.append(model)
    key = _SORT_KEYS.get(query.get("sort", ""))
    if key is not None:
        keyed = [(key(m), i, m) for i, m in enumerate(found)]
        keyed.sort(key=lambda k: (math.isnan(k[0]), 0.0 if math.isnan(k[0]) else k[0], k[1]))  # unknowns last
        found = [m for _, _, m in keyed]
    return found


def page(path: str, query: dict[str, str], models: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str | None]:
    """Pagination: the requested slice and the link to the next one (which keeps every filter)."""
    offset = _integer(query, "offset", 0) or 0
    limit = _integer(query, "limit", 1, 1000)
    if "offset" not in query and limit is None:
        return models, None  # without pagination parameters the whole list comes at once
    limit = limit if limit is not None else 500
    if offset + limit >= len(models):
        return models[offset : offset + limit], None
    nxt = {**query, "offset": str(offset + limit), "limit": str(limit)}
    return models[offset : offset + limit], f"{path}?{urlencode(nxt)}"


def user_models(query: dict[str, str]) -> list[dict[str, Any]]:
    """``GET /models/user``: the account's models (the emulated account enables every model)."""
    return select({**query, "output_modalities": query.get("output_modalities", "all")})
