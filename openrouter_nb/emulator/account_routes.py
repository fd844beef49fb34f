"""The emulator's accounting routes: ``/generation``, ``/key``, ``/credits`` and ``/activity``.

``/generation``, ``/key`` and ``/credits`` are consistent with what this emulator billed. ``/activity``
covers, as on the service, the last 30 *completed* UTC days; the emulator's clock stands at
:data:`~.protocol.EPOCH` (2026-01-01), so this session's calls are "today" and not in it yet, and
the 30 days before come from an emulated history: a few models a day, priced from the catalog,
the same for the same seed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from . import catalog as cat
from .protocol import EPOCH, BadRequest, Call, EmuResponse, error_response, json_response
from .providers import provider_for

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["activity", "activity_rows", "credits", "generation", "key", "preset"]

#: the models the emulated history used, with (requests, prompt tokens, completion tokens) per request
_HISTORY = (
    ("openai/gpt-4o-mini", 1200, 300),
    ("google/gemini-2.5-flash", 2000, 450),
    ("deepseek/deepseek-r1", 1500, 900),
    ("anthropic/claude-sonnet-4", 3000, 600),
    ("mistralai/mistral-nemo", 800, 200),
)


async def generation(core: EmulatorCore, call: Call) -> EmuResponse:
    gen_id = call.query.get("id", "")
    if not gen_id:  # the spec declares no 400 here: a missing id finds nothing
        raise BadRequest(404, "Generation not found: the id query parameter is required")
    record = core.generations.get(gen_id)
    if record is None or core.clock() < record["visible_at"]:
        raise BadRequest(404, f"Generation {gen_id} not found")
    return json_response(200, {"data": {k: v for k, v in record.items() if k != "visible_at"}})


async def key(core: EmulatorCore, call: Call) -> EmuResponse:
    spent = round(core.spent, 10)
    remaining = round(max(0.0, core.credits - spent), 10)
    budget = {
        "budget_id": None,
        "guardrail_id": None,
        "include_byok": False,
        "limit_usd": core.credits,
        "remaining_usd": remaining,
        "reset_interval": None,
        "resets_at": None,
        "scope": "key_limit",
        "spend_usd": spent,
    }
    data = {
        "label": "sk-or-…emulator",
        "limit": core.credits,
        "limit_remaining": remaining,
        "limit_reset": None,
        "include_byok_in_limit": False,
        "usage": spent,
        "usage_daily": spent,
        "usage_weekly": spent,
        "usage_monthly": spent,
        "byok_usage": 0,
        "byok_usage_daily": 0,
        "byok_usage_weekly": 0,
        "byok_usage_monthly": 0,
        "is_free_tier": core.credits <= 0,  # never bought credits
        "is_management_key": call.key is not None and call.key == core.management_key,
        "is_provisioning_key": False,
        "creator_user_id": None,
        "expires_at": None,
        "rate_limit": {"requests": -1, "interval": "10s", "note": "deprecated"},
        # what the official SDK also reads: budgets, the free-model allowance, workspace facts
        "budgets": [budget],
        "effective_budget": budget,
        "free_model_daily_requests": _free_allowance(core, call.key),
        "allowed_data_regions": ["global"],
        "organization_id": None,
        "workspace_id": None,
    }
    return json_response(200, {"data": data})


def _free_allowance(core: EmulatorCore, key: str | None) -> dict[str, int]:
    """Today's ``:free`` requests for this key: the cap, what is used and what is left."""
    limit = core.free_requests_per_day or 0
    used = core.free_tier.used_today(core, key)
    return {"limit": limit, "remaining": max(0, limit - used), "used": used}


def _not_a_manager(core: EmulatorCore, call: Call) -> EmuResponse | None:
    """The 403 the service gives a key that is not a management key (``/credits``, ``/activity``)."""
    if call.key is not None and call.key == core.management_key:
        return None
    return error_response(
        403, "Only management keys can perform this operation", metadata={"error_type": "permission_denied"}
    )


async def credits(core: EmulatorCore, call: Call) -> EmuResponse:
    refused = _not_a_manager(core, call)
    if refused is not None:
        return refused
    return json_response(200, {"data": {"total_credits": core.credits, "total_usage": round(core.spent, 10)}})


def activity_rows(seed: int) -> list[dict[str, Any]]:
    """The emulated account's activity over the 30 completed days before the emulator's today."""
    today = dt.datetime.fromtimestamp(EPOCH, dt.UTC).date()
    rows = []
    for back in range(30, 0, -1):
        day = (today - dt.timedelta(days=back)).isoformat()
        for model_id, prompt, completion in _HISTORY:
            requests = cat.stable_int("activity", seed, day, model_id) % 9  # some days a model is not used
            model = cat.catalog_by_id().get(model_id)
            if not requests or model is None:
                continue
            pricing = model["pricing"]
            reasoning = completion // 2 if "reasoning" in (model.get("supported_parameters") or []) else 0
            thinking = float(pricing.get("internal_reasoning") or pricing["completion"])  # hidden tokens' price
            cached = prompt // 4 if "input_cache_read" in pricing else 0  # a repeated system prompt, cached
            cost = (prompt - cached) * float(pricing["prompt"]) + cached * float(pricing.get("input_cache_read") or 0)
            cost = requests * (cost + completion * float(pricing["completion"]) + reasoning * thinking)
            rows.append(
                {
                    "date": day,
                    "model": model_id,
                    "model_permaslug": model.get("canonical_slug") or model_id,
                    "endpoint_id": _uuid(seed, model_id),
                    "provider_name": provider_for(model_id),
                    "usage": round(cost, 8),
                    "byok_usage_inference": 0.0,
                    "requests": requests,
                    "prompt_tokens": requests * prompt,
                    "completion_tokens": requests * (completion + reasoning),  # reasoning tokens included
                    "reasoning_tokens": requests * reasoning,
                    "cached_tokens": requests * cached,
                }
            )
    return rows


def _uuid(*parts: object) -> str:
    text = format(cat.stable_int("endpoint", *parts), "016x") + format(cat.stable_int("uuid", *parts), "016x")
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:32]}"


async def activity(core: EmulatorCore, call: Call) -> EmuResponse:
    """``GET /activity``: usage by day, model and endpoint (management keys only), filtered by ``date``."""
    refused = _not_a_manager(core, call)
    if refused is not None:
        return refused
    rows = activity_rows(core.seed)
    day = call.query.get("date")
    if day is not None:
        if not _in_window(day):
            raise BadRequest(400, "date must be a YYYY-MM-DD day within the last 30 completed UTC days")
        rows = [row for row in rows if row["date"] == day]
    return json_response(200, {"data": rows})


def _in_window(day: str) -> bool:
    try:
        asked = dt.date.fromisoformat(day)
    except ValueError:
        return False
    today = dt.datetime.fromtimestamp(EPOCH, dt.UTC).date()
    return today - dt.timedelta(days=30) <= asked < today


async def preset(core: EmulatorCore, call: Call) -> EmuResponse:
    """``GET /presets/{slug}``: a preset of the account and its designated version (its request fields).

    A slug the account never set is its default preset, as ``@preset/<slug>`` models are answered.
    """
    slug = call.args[0]
    fields = core.presets.get(slug, core.default_preset)
    made = dt.datetime.fromtimestamp(EPOCH, dt.UTC).isoformat().replace("+00:00", "Z")
    preset_id, version_id = _uuid(core.seed, f"preset/{slug}"), _uuid(core.seed, f"preset/{slug}/1")
    config = {k: v for k, v in fields.items() if k != "system_prompt"}
    version = {
        "id": version_id,
        "preset_id": preset_id,
        "creator_id": core.user_id("account"),
        "version": 1,
        "system_prompt": fields.get("system_prompt"),
        "config": config,
        "created_at": made,
        "updated_at": made,
    }
    data = {
        "id": preset_id,
        "creator_user_id": core.user_id("account"),
        "workspace_id": None,
        "name": slug,
        "slug": slug,
        "description": None,
        "status": "active",
        "designated_version_id": version_id,
        "created_at": made,
        "updated_at": made,
        "status_updated_at": None,
        "designated_version": version,
    }
    return json_response(200, {"data": data})
