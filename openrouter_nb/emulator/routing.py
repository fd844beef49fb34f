"""Provider routing as the service does it: a request's ``provider`` preferences against the model's endpoints.

The endpoints are the ones ``GET /models/{id}/endpoints`` lists (:func:`.providers.endpoints_for`),
so what a request may be routed to is what a client can look up. Preferences filter them (``only``,
``ignore``, ``quantizations``, ``require_parameters``, ``data_collection``, ``zdr``, ``max_price``),
then order them (``order``, then ``sort`` by price, throughput or latency; by default the model's
own provider first). With ``allow_fallbacks: false`` only the ``order`` list may serve. The chosen
endpoint names the provider (its display name, ``"Azure"``) and sets the prices billed.

When nothing is left, the answer is the service's (404, in its envelope): ``No allowed providers are
available for the selected model.`` with ``available_providers`` and ``requested_providers`` (slugs)
for provider lists; ``No endpoints found that can handle the requested parameters.`` for
``require_parameters``; the data-policy message for ``data_collection``/``zdr``. The service's
wording for an unmet ``max_price`` is not documented; the emulator says which limit no endpoint met.
"""

from __future__ import annotations

from typing import Any

from .protocol import BadRequest, obj
from .providers import data_policy, endpoints_for, slug

__all__ = ["PARAMETERS", "route", "used_parameters"]

#: request fields that are parameters an endpoint may or may not support (``supported_parameters``)
PARAMETERS = (
    "temperature", "top_p", "top_k", "min_p", "top_a", "frequency_penalty", "presence_penalty",
    "repetition_penalty", "seed", "max_tokens", "stop", "logit_bias", "logprobs", "top_logprobs",
    "response_format", "tools", "tool_choice", "reasoning", "include_reasoning", "parallel_tool_calls",
    "verbosity", "web_search_options",
)  # fmt: skip
_PER_MILLION = {"prompt": "prompt", "completion": "completion", "audio": "audio"}
_PER_UNIT = {"image": "image", "request": "request"}


def used_parameters(body: dict[str, Any]) -> list[str]:
    """The ``supported_parameters`` names a request uses (``structured_outputs`` for a json_schema)."""
    used = [name for name in PARAMETERS if body.get(name) is not None]
    if body.get("max_completion_tokens") is not None and "max_tokens" not in used:
        used.append("max_tokens")
    if body.get("reasoning_effort") is not None and "reasoning" not in used:
        used.append("reasoning")
    if obj(body.get("response_format")).get("type") == "json_schema":
        used.append("structured_outputs")
    return used


def _names(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _matches(endpoint: dict[str, Any], wanted: str) -> bool:
    """A provider list entry names an endpoint by display name, slug or tag (``"deepinfra/fp8"``)."""
    want = wanted.strip().lower()
    name = endpoint["provider_name"]
    return want in (name.lower(), slug(name), str(endpoint.get("tag", "")).lower())


def _price(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _within(endpoint: dict[str, Any], caps: dict[str, Any]) -> bool:
    pricing = endpoint.get("pricing") or {}
    for key, field in {**_PER_MILLION, **_PER_UNIT}.items():
        cap = _price(caps.get(key))
        price = _price(pricing.get(field))
        if cap is None or price is None:
            continue
        if (price * 1_000_000 if key in _PER_MILLION else price) > cap + 1e-12:
            return False
    return True


def _no_providers(endpoints: list[dict[str, Any]], requested: list[str]) -> BadRequest:
    available = list(dict.fromkeys(slug(e["provider_name"]) for e in endpoints))
    return BadRequest(
        404,
        "No allowed providers are available for the selected model.",
        metadata={"available_providers": available, "requested_providers": [r.lower() for r in requested]},
    )


def _sort_key(sort: Any) -> str | None:
    if isinstance(sort, dict):
        sort = sort.get("by")
    return sort if sort in ("price", "throughput", "latency") else None


def _ordered(endpoints: list[dict[str, Any]], preferences: dict[str, Any]) -> list[dict[str, Any]]:
    by = _sort_key(preferences.get("sort"))
    if by == "price":
        endpoints = sorted(endpoints, key=lambda e: sum(_price(e["pricing"].get(k)) or 0 for k in _PER_MILLION))
    elif by in ("throughput", "latency"):
        stat = "throughput_last_30m" if by == "throughput" else "latency_last_30m"
        sign = -1 if by == "throughput" else 1
        endpoints = sorted(endpoints, key=lambda e: sign * ((e.get(stat) or {}).get("p50") or 0))
    order = _names(preferences.get("order"))
    if not order:
        return endpoints
    first = [e for name in order for e in endpoints if _matches(e, name)]
    first = list({id(e): e for e in first}.values())
    if preferences.get("allow_fallbacks") is False:
        return first
    return first + [e for e in endpoints if e not in first]


def route(model: dict[str, Any], body: dict[str, Any]) -> dict[str, Any] | None:
    """The endpoint that serves ``body`` on ``model`` (None for a router, which has no endpoints of its own)."""
    endpoints = endpoints_for(model, authorized=True)
    if not endpoints:
        return None
    preferences = obj(body.get("provider"))
    only, ignore = _names(preferences.get("only")), _names(preferences.get("ignore"))
    left = [e for e in endpoints if not only or any(_matches(e, n) for n in only)]
    left = [e for e in left if not any(_matches(e, n) for n in ignore)]
    if not left:
        raise _no_providers(endpoints, only or ignore)
    quantizations = [q.lower() for q in _names(preferences.get("quantizations"))]
    if quantizations:
        left = [e for e in left if (e.get("quantization") or "unknown") in quantizations]
        if not left:
            raise _no_providers(endpoints, quantizations)
    if preferences.get("require_parameters") is True:
        needed = used_parameters(body)
        left = [e for e in left if set(needed) <= set(e.get("supported_parameters") or [])]
        if not left:
            raise BadRequest(404, "No endpoints found that can handle the requested parameters.")
    deny, zdr = preferences.get("data_collection") == "deny", preferences.get("zdr") is True
    if deny or zdr:
        left = [
            e for e in left if not (deny and data_policy(e)["training"]) and not (zdr and not data_policy(e)["zdr"])
        ]
        if not left:
            raise BadRequest(
                404,
                "No endpoints available matching your guardrail restrictions and data policy. "
                "Configure: https://openrouter.ai/settings/privacy",
            )
    caps = obj(preferences.get("max_price"))
    if caps:
        left = [e for e in left if _within(e, caps)]
        if not left:
            limits = ", ".join(f"{k} {v}" for k, v in caps.items())
            raise BadRequest(404, f"No endpoints found within the max_price limits ({limits}) for {model['id']}.")
    ordered = _ordered(left, preferences)
    if not ordered:
        raise _no_providers(endpoints, _names(preferences.get("order")))
    return ordered[0]
