"""The emulator's catalog routes: models (listing, count, one, the user's, endpoints), providers,
benchmarks, and the image, video and embedding model catalogs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import catalog as cat
from .listing import page, select, user_models
from .protocol import BadRequest, Call, EmuResponse, json_response
from .providers import endpoints_for, image_endpoints_for, provider_list

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = [
    "benchmarks",
    "embedding_models",
    "endpoints",
    "image_endpoints",
    "image_models",
    "lookup",
    "model",
    "models",
    "models_count",
    "models_user",
    "providers",
    "video_models",
]

SNAPSHOT_DATE = "2026-08-14"  # the bundled catalog's date, which its benchmark facts are "as of"


def _listing(core: EmulatorCore, path: str, query: dict[str, str], found: list[dict[str, Any]]) -> EmuResponse:
    data, nxt = page(path, query, found)
    key = (path, *sorted(query.items()))
    body = core.models_bodies.get(key)
    if body is None:
        payload = {"data": data, "total_count": len(found), "links": {"next": nxt}}
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        core.models_bodies[key] = body  # the catalog never changes: each listing is encoded once
    return EmuResponse(200, {"content-type": "application/json"}, body)


async def models(core: EmulatorCore, call: Call) -> EmuResponse:
    return _listing(core, "/api/v1/models", call.query, select(call.query))


async def models_user(core: EmulatorCore, call: Call) -> EmuResponse:
    return _listing(core, "/api/v1/models/user", call.query, user_models(call.query))


async def embedding_models(core: EmulatorCore, call: Call) -> EmuResponse:
    found = select({**call.query, "output_modalities": "embeddings"})
    return _listing(core, "/api/v1/embeddings/models", call.query, found)


async def models_count(core: EmulatorCore, call: Call) -> EmuResponse:
    return json_response(200, {"data": {"count": len(select(call.query))}})


def lookup(slug: str) -> dict[str, Any]:
    """The catalog model a path names: an id, an id with a variant suffix, a canonical slug or an alias."""
    by_id = cat.catalog_by_id()
    found = by_id.get(slug) or by_id.get(slug.split(":")[0])
    if found is None:
        found = next((m for m in by_id.values() if m.get("canonical_slug") == slug), None)
    if found is None and by_id.get("~" + slug):
        found = by_id["~" + slug]
    if found is None:
        raise BadRequest(404, f"Model {slug} not found")
    return found


async def model(core: EmulatorCore, call: Call) -> EmuResponse:
    found = lookup(call.args[0])
    target = (found.get("alias_target") or {}).get("slug")
    if target and target in cat.catalog_by_id():
        found = cat.catalog_by_id()[target]
    return json_response(200, {"data": found})


async def endpoints(core: EmulatorCore, call: Call) -> EmuResponse:
    found = lookup(call.args[0])
    data = {k: found.get(k) for k in ("id", "name", "created", "description", "architecture")}
    data["endpoints"] = endpoints_for(found, authorized=core.authorized(call.request.headers)[0])
    return json_response(200, {"data": data})


async def image_models(core: EmulatorCore, call: Call) -> EmuResponse:
    return json_response(200, {"data": cat.image_models()})


async def image_endpoints(core: EmulatorCore, call: Call) -> EmuResponse:
    found = lookup(call.args[0])
    spec = cat.image_model(found["id"])
    if spec is None:
        raise BadRequest(404, f"{found['id']} is not an image model")
    listed = image_endpoints_for(found, spec["supported_parameters"], cat.image_price(found))
    return json_response(200, {"id": found["id"], "endpoints": listed})


async def video_models(core: EmulatorCore, call: Call) -> EmuResponse:
    return json_response(200, {"data": cat.video_models()})


async def providers(core: EmulatorCore, call: Call) -> EmuResponse:
    return json_response(200, {"data": list(provider_list())})


_BENCHMARK_ENUMS = {
    "source": ("artificial-analysis", "design-arena", "openrouter"),
    "task_type": ("coding", "intelligence", "agentic", "search"),
    "arena": ("models", "builders", "agents"),
    "search_surface": ("server-tool", "plugin"),
}


async def benchmarks(core: EmulatorCore, call: Call) -> EmuResponse:
    """``GET /benchmarks``: the catalog's Artificial Analysis and Design Arena facts, one row each."""
    q = call.query
    for name, allowed in _BENCHMARK_ENUMS.items():
        if name in q and q[name] not in allowed:
            raise BadRequest(400, f"{name} must be one of {', '.join(allowed)}, got {q[name]!r}")
    limit = None
    if "max_results" in q:
        if not q["max_results"].isdigit() or int(q["max_results"]) < 1:
            raise BadRequest(400, f"max_results must be a positive integer, got {q['max_results']!r}")
        limit = int(q["max_results"])
    source = q.get("source")
    rows: list[dict[str, Any]] = []
    for found in cat.shared_catalog():
        facts = found.get("benchmarks") or {}
        base = {
            "display_name": found.get("name", found["id"]),
            "model_permaslug": found.get("canonical_slug", found["id"]),
            "pricing": {k: (found.get("pricing") or {}).get(k, "0") for k in ("prompt", "completion")},
        }
        analysis = facts.get("artificial_analysis")
        task = q.get("task_type")
        if analysis and source in (None, "artificial-analysis") and "arena" not in q and task != "search":
            indexes = {k: analysis.get(k) for k in ("intelligence_index", "coding_index", "agentic_index")}
            if task is None or indexes.get(f"{task}_index") is not None:
                rows.append({**base, "source": "artificial-analysis", **indexes})
        if source in (None, "design-arena") and task is None:
            for entry in facts.get("design_arena") or []:
                if q.get("arena", entry.get("arena")) != entry.get("arena"):
                    continue
                if q.get("category", entry.get("category")) != entry.get("category"):
                    continue
                rows.append(
                    {
                        **base,
                        "source": "design-arena",
                        "arena": entry.get("arena"),
                        "category": entry.get("category"),
                        "elo": entry.get("elo"),
                        "win_rate": entry.get("win_rate"),
                        "avg_generation_time_ms": None,
                        "tournament_stats": dict.fromkeys(
                            ("first_place", "second_place", "third_place", "fourth_place", "total")
                        ),
                    }
                )
    if limit is not None:
        rows = rows[:limit]
    meta = {
        "as_of": SNAPSHOT_DATE,
        "citation": None,
        "model_count": len({r["model_permaslug"] for r in rows}),
        "source": source,
        "source_url": None,
        "task_type": q.get("task_type"),
        "version": "v1",
    }
    return json_response(200, {"data": rows, "meta": meta})
