"""The emulator's catalog routes: ``/models`` (and count, one model, its endpoints), image and video models."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import catalog as cat
from .protocol import BadRequest, Call, EmuResponse, json_response

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["endpoints", "image_endpoints", "image_models", "lookup", "model", "models", "models_count", "video_models"]


async def models(core: EmulatorCore, call: Call) -> EmuResponse:
    q = call.query
    cache_key = tuple(q.get(name, "") for name in ("output_modalities", "supported_parameters", "offset", "limit"))
    body = core.models_bodies.get(cache_key)
    if body is None:
        found = cat.filter_models(q.get("output_modalities"), q.get("supported_parameters"))
        total = len(found)
        nxt = None
        if "offset" in q or "limit" in q:
            try:
                offset = max(0, int(q.get("offset", "0")))
                limit = min(1000, max(1, int(q.get("limit", "500"))))
            except ValueError as exc:
                raise BadRequest(400, "offset and limit must be integers") from exc
            found = found[offset : offset + limit]
            if offset + limit < total:
                nxt = f"/api/v1/models?offset={offset + limit}&limit={limit}"
        payload = {"data": found, "total_count": total, "links": {"next": nxt}}
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        core.models_bodies[cache_key] = body  # the catalog never changes: each listing is encoded once
    return EmuResponse(200, {"content-type": "application/json"}, body)


async def models_count(core: EmulatorCore, call: Call) -> EmuResponse:
    return json_response(200, {"data": {"count": len(cat.filter_models(call.query.get("output_modalities")))}})


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
    data["endpoints"] = cat.model_endpoints(found, authorized=core.authorized(call.request.headers)[0])
    return json_response(200, {"data": data})


async def image_models(core: EmulatorCore, call: Call) -> EmuResponse:
    return json_response(200, {"data": cat.image_models()})


async def image_endpoints(core: EmulatorCore, call: Call) -> EmuResponse:
    found = lookup(call.args[0])
    if "image" not in found["architecture"].get("output_modalities", []):
        raise BadRequest(404, f"{found['id']} is not an image model")
    listed: list[dict[str, Any]] = []
    for endpoint in cat.model_endpoints(found, authorized=False):
        factor = 1.0 if not listed else 1.1
        listed.append(
            {
                "provider_name": endpoint["provider_name"],
                "provider_slug": endpoint["tag"],
                "provider_tag": endpoint["tag"],
                "supported_parameters": ["aspect_ratio", "n", "seed"],
                "allowed_passthrough_parameters": [],
                "supports_streaming": found["id"].startswith("openai/"),
                "pricing": [
                    {
                        "billable": "output_image",
                        "unit": "image",
                        "cost_usd": round(cat.image_price_per_image(found) * factor, 6),
                    }
                ],
            }
        )
    return json_response(200, {"id": found["id"], "endpoints": listed})


async def video_models(core: EmulatorCore, call: Call) -> EmuResponse:
    return json_response(200, {"data": cat.video_models()})
