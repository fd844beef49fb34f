"""Which model and provider serve a generation request, and the record it is billed by.

Shared by ``/chat/completions`` (:mod:`.chat`) and ``/responses`` (:mod:`.responses`): a request
(in chat form) has its preset applied, its model (or the first known fallback, or a router's pick)
resolved, its outputs checked against the model's, then routed to one of the model's endpoints
(:mod:`.routing`), whose provider may still refuse it (:mod:`.provider_errors`) and whose prices
are billed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import catalog as cat
from . import routing
from .protocol import ROUTER_PICKS, BadRequest, obj
from .provider_errors import check_for_provider
from .providers import provider_for
from .writer import message_text

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["Routed", "route_request"]

PRESET = "@preset/"


@dataclass
class Routed:
    """A request on its way: the body (preset applied), the preset's id, the model asked for, the one
    that answers, the provider that serves it and the model with that endpoint's prices."""

    body: dict[str, Any]
    preset_id: str | None
    model: dict[str, Any]
    served: dict[str, Any]
    provider: str
    priced: dict[str, Any]


def route_request(core: EmulatorCore, body: dict[str, Any], key: str | None = None) -> Routed:
    """Route a checked request in chat form (raises the service's errors on the way, the free
    tier's rate limits last: only a request that would be served counts against them)."""
    body, preset_id = _apply_preset(core, body)
    model, served = _served(core, body)
    core.check_balance(served["id"])
    _check_outputs(body, served)
    endpoint = routing.route(served, _variant_sort(body))
    provider = provider_for(served["id"]) if endpoint is None else endpoint["provider_name"]
    check_for_provider(body, provider)  # what the chosen provider refuses, relayed in the service's envelope
    own = endpoint is None or provider == provider_for(served["id"])  # the model's own provider: catalog prices
    priced = served if own or endpoint is None else {**served, "pricing": endpoint["pricing"]}
    core.free_tier.admit(core, key, served["id"])
    return Routed(body, preset_id, model, served, provider, priced)


def _apply_preset(core: EmulatorCore, body: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """``model: "@preset/slug"`` or ``"author/model@preset/slug"``: the preset's fields, then the request's."""
    model = body.get("model")
    if not isinstance(model, str) or PRESET not in model:
        return body, None
    base, _, slug = model.partition(PRESET)
    if not slug:
        raise BadRequest(400, f"{model!r} names no preset")
    preset = core.presets.get(slug, core.default_preset)
    merged = {**preset, **{k: v for k, v in body.items() if k != "model"}}
    merged["model"] = base.rstrip("@") or preset.get("model")
    preset_id = f"{int.from_bytes(hashlib.sha256(slug.encode()).digest()[:16], 'big'):032x}"
    return merged, f"{preset_id[:8]}-{preset_id[8:12]}-{preset_id[12:16]}-{preset_id[16:20]}-{preset_id[20:32]}"


#: routing variants any model takes (``:free``, ``:thinking`` and the like are catalog entries of their own)
_VARIANTS = (":online", ":nitro", ":floor", ":exacto")


def _variant_sort(body: dict[str, Any]) -> dict[str, Any]:
    """``:nitro`` is shorthand for ``provider.sort = "throughput"``, ``:floor`` for ``"price"``
    (a sort the request states itself wins)."""
    model = body.get("model")
    sort = {":nitro": "throughput", ":floor": "price"}.get(
        f":{model.rsplit(':', 1)[-1]}" if isinstance(model, str) else ""
    )
    provider = obj(body.get("provider"))
    if sort is None or provider.get("sort"):
        return body
    return {**body, "provider": {**provider, "sort": sort}}


def _without_variant(model_id: Any) -> Any:
    """``x-ai/grok-4.6:online`` is grok-4.6 asked to search the web first: the model it names."""
    if isinstance(model_id, str) and model_id.endswith(_VARIANTS):
        return model_id.rsplit(":", 1)[0]
    return model_id


def _served(core: EmulatorCore, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model asked for (or the first known fallback) and the one that answers (a router's pick)."""
    requested = body.get("model")
    candidates = ([requested] if requested else []) + list(body.get("models") or [])
    by_id = cat.catalog_by_id()
    model = next((by_id[c] for c in map(_without_variant, candidates) if c in by_id), None)
    if model is None:
        core.resolve_model(requested or (candidates[0] if candidates else None))  # raises the real 400
        raise BadRequest(400, "model is required")
    if (model.get("pricing") or {}).get("prompt") == "-1":  # routers bill the model they picked
        picks = [m for m in ROUTER_PICKS if m in by_id]
        h = cat.stable_int("router", model["id"], message_text(body["messages"][-1].get("content")))
        return model, by_id[picks[h % len(picks)]]
    return model, model


def _check_outputs(body: dict[str, Any], served: dict[str, Any]) -> None:
    """The real errors for asking a model for an output it does not make (images, or text)."""
    outputs = served["architecture"].get("output_modalities", [])
    if "image" in (body.get("modalities") or []) and "image" not in outputs:
        raise BadRequest(404, "No endpoints found that support the requested output modalities: image")
    if "text" not in outputs and "image" not in (body.get("modalities") or []):
        raise BadRequest(400, f"{served['id']} does not produce text; see its output_modalities")
