"""The emulator's public datasets: ``/datasets/rankings-daily`` and ``/datasets/app-rankings``.

Deterministic and plausible, in the spec's shape, as of the bundled catalog's date (2026-08-14):
the top 50 models a day by tokens (a Zipf-like fall from a few leaders, each day a little
different; only models the catalog had by then), then one ``other`` row per day summing the rest;
``period`` week or month buckets them by ISO week or month start, and ``modality`` and
``context_bucket`` narrow the models and scale the volumes. ``category`` and ``language_type``
read weekly estimates and refuse ``period=day``, as the service does. Apps are a fixed cast with
volumes by the same rule. Both routes take any key, 30 requests a minute per key (the service's own
limit; its 500 a day per account is not enforced here). Tokens are decimal strings, as on the wire.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import catalog as cat
from .free_limits import RateLimited
from .protocol import BadRequest, Call, EmuResponse, json_response

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["app_rankings", "rankings_daily"]

AS_OF = dt.date(2026, 8, 14)  # the bundled catalog's date: the last completed day is the one before
FLOOR = dt.date(2025, 1, 1)
PER_MINUTE = 30
#: families that lead the emulated rankings (by author), most used first
LEADERS = ("anthropic", "google", "openai", "deepseek", "x-ai", "qwen", "z-ai", "moonshotai", "meta-llama", "mistralai")
APPS = (
    "Cline",
    "Roo Code",
    "Kilo Code",
    "SillyTavern",
    "Open WebUI",
    "Janitor Chat",
    "Postbuilder",
    "Zed",
    "Caption Lab",
    "Agentic Notes",
    "Novel Forge",
    "Shell Pilot",
    "Chatroom",
    "Story Loom",
    "Reel Writer",
)
_MODALITIES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "text": lambda m: "text" in m["architecture"].get("output_modalities", []),
    "image_output": lambda m: "image" in m["architecture"].get("output_modalities", []),
    "image": lambda m: "image" in m["architecture"].get("input_modalities", []),
    "audio": lambda m: "audio" in m["architecture"].get("input_modalities", []),
    "tool_calling": lambda m: "tools" in (m.get("supported_parameters") or []),
}
_BUCKETS = {"1K": 0.30, "10K": 0.35, "100K": 0.25, "1M": 0.09, "10M": 0.01}


def _limited(core: EmulatorCore, call: Call) -> None:
    """The datasets' own limit: 30 requests a minute per key."""
    minute = int(core.now() // 60)
    key = (call.key or "anonymous", "datasets", minute)
    if core.free_tier.routes[key] >= PER_MINUTE:
        raise RateLimited("minute", PER_MINUTE, (minute + 1) * 60_000, "Rate limit exceeded")
    core.free_tier.routes[key] += 1


def _day(value: str | None, name: str, default: dt.date) -> dt.date:
    if value is None:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(400, f"{name} must be a YYYY-MM-DD date, got {value!r}") from None


def _window(query: dict[str, str]) -> tuple[dt.date, dt.date]:
    end = _day(query.get("end_date"), "end_date", AS_OF - dt.timedelta(days=1))
    if end < FLOOR:
        raise BadRequest(400, "end_date must be on or after 2025-01-01")
    start = max(FLOOR, _day(query.get("start_date"), "start_date", end - dt.timedelta(days=30)))
    if start > end:
        raise BadRequest(400, "start_date must not be after end_date")
    return start, end


def _meta(start: dt.date, end: dt.date) -> dict[str, str]:
    return {
        "as_of": f"{AS_OF.isoformat()}T02:00:00Z",
        "version": "v1",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
    }


def _weight(model: dict[str, Any]) -> float:
    """How much a model is used, before each day's wobble: leaders' families first, newer models more."""
    author = model["id"].split("/", 1)[0]
    lead = len(LEADERS) - LEADERS.index(author) if author in LEADERS else 0
    fresh = 2.0 if (model.get("created") or 0) > _stamp(AS_OF) - 180 * 86_400 else 1.0  # the last six months'
    return float((1 + lead) ** 0.8 * fresh * (0.1 + cat.stable_int("popularity", model["id"]) % 100 / 20))


def _stamp(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _bucket(day: dt.date, period: str) -> dt.date:
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def _day_rows(day: dt.date, models: list[dict[str, Any]], scale: float) -> dict[str, int]:
    """One day's tokens per model (its top 50) and the rest under ``other``."""
    alive = [m for m in models if (m.get("created") or 0) <= _stamp(day) + 86_400]
    weights = {
        m.get("canonical_slug") or m["id"]: _weight(m) * (85 + cat.stable_int(day, m["id"]) % 31) / 100 for m in alive
    }
    ranked = sorted(weights, key=lambda slug: -weights[slug])
    total = 9.0e11 * scale * (1 + (day - FLOOR).days / 600)  # traffic grows
    share = {slug: 1 / (rank + 2) ** 1.15 for rank, slug in enumerate(ranked)}
    norm = sum(share.values()) or 1.0
    tokens = {slug: int(total * share[slug] / norm) for slug in ranked}
    top = dict(list(tokens.items())[:50])
    top["other"] = sum(v for k, v in tokens.items() if k not in top)
    return top


async def rankings_daily(core: EmulatorCore, call: Call) -> EmuResponse:
    """``GET /datasets/rankings-daily``: the top 50 models a period by tokens, then ``other``."""
    _limited(core, call)
    query = call.query
    period = query.get("period", "week" if ("category" in query or "language_type" in query) else "day")
    sampled = "category" in query or "language_type" in query
    if period not in ("day", "week", "month"):
        raise BadRequest(400, "period must be one of day, week, month")
    mixed = {"modality", "context_bucket"} & set(query) or {"category", "language_type"} <= set(query)
    if sampled and (period == "day" or mixed):
        raise BadRequest(400, "category and language_type are weekly estimates: alone, with period week or month")
    modality = query.get("modality")
    if modality is not None and modality not in _MODALITIES:
        raise BadRequest(400, f"modality must be one of {', '.join(_MODALITIES)}")
    bucket = query.get("context_bucket")
    if bucket is not None and bucket not in _BUCKETS:
        raise BadRequest(400, f"context_bucket must be one of {', '.join(_BUCKETS)}")
    start, end = _window(query)
    keep = _MODALITIES[modality or "text"]
    models = [m for m in cat.catalog_by_id().values() if keep(m) and ":" not in m["id"] and "/" in m["id"]]
    models = [m for m in models if not m["id"].startswith(("openrouter/", "~"))]  # routers and aliases rank no tokens
    scale = _BUCKETS.get(bucket or "", 1.0) * (0.2 if sampled else 1.0)
    grouped: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    day = start
    while day <= end:
        for slug, tokens in _day_rows(day, models, scale).items():
            grouped[_bucket(day, period)][slug] += tokens
        day += dt.timedelta(days=1)
    rows = []
    for when in sorted(grouped):
        counts = grouped[when]
        named = sorted((s for s in counts if s != "other"), key=lambda s: -counts[s])[:50]
        other = counts.get("other", 0) + sum(v for s, v in counts.items() if s not in named and s != "other")
        rows += [{"date": when.isoformat(), "model_permaslug": s, "total_tokens": str(counts[s])} for s in named]
        rows.append({"date": when.isoformat(), "model_permaslug": "other", "total_tokens": str(other)})
    return json_response(200, {"data": rows, "meta": _meta(start, end)})


async def app_rankings(core: EmulatorCore, call: Call) -> EmuResponse:
    """``GET /datasets/app-rankings``: the apps with the most tokens in the window (ranks stay absolute)."""
    _limited(core, call)
    query = call.query
    start, end = _window(query)
    try:
        limit, offset = int(query.get("limit", "50")), int(query.get("offset", "0") or 0)
    except ValueError:
        raise BadRequest(400, "limit and offset must be whole numbers") from None
    if not 1 <= limit <= 100 or not 0 <= offset <= 100:
        raise BadRequest(400, "limit must be from 1 to 100 and offset from 0 to 100")
    if query.get("sort", "popular") not in ("popular", "trending"):
        raise BadRequest(400, "sort must be popular or trending")
    days = (end - start).days + 1
    volume = {
        app: int(4.0e10 * days / (i + 1) ** 1.2 * (90 + cat.stable_int(app, start) % 21) / 100)
        for i, app in enumerate(APPS)
    }
    if query.get("sort") == "trending":  # growth over the periods before: only some apps grew
        volume = {app: v // 7 for app, v in volume.items() if cat.stable_int("trend", app, start) % 3}
    ranked = sorted(volume, key=lambda app: -volume[app])
    rows = [
        {
            "rank": rank,
            "app_id": 1000 + APPS.index(app),
            "app_name": app,
            "total_tokens": str(volume[app]),
            "total_requests": volume[app] // 3000,
        }
        for rank, app in enumerate(ranked, 1)
    ][offset : offset + limit]
    return json_response(200, {"data": rows, "meta": _meta(start, end)})
