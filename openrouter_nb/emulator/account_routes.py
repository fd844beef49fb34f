"""The emulator's accounting routes: ``/generation``, ``/key`` and ``/credits``, consistent with what it billed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .protocol import BadRequest, Call, EmuResponse, error_response, json_response

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["credits", "generation", "key"]


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
        "is_free_tier": False,
        "is_management_key": call.key is not None and call.key == core.management_key,
        "is_provisioning_key": False,
        "creator_user_id": None,
        "expires_at": None,
        "rate_limit": {"requests": -1, "interval": "10s", "note": "deprecated"},
        # what the official SDK also reads: budgets, the free-model allowance, workspace facts
        "budgets": [budget],
        "effective_budget": budget,
        "free_model_daily_requests": {"limit": 1000, "remaining": 1000, "used": 0},
        "allowed_data_regions": ["global"],
        "organization_id": None,
        "workspace_id": None,
    }
    return json_response(200, {"data": data})


async def credits(core: EmulatorCore, call: Call) -> EmuResponse:
    if call.key is None or call.key != core.management_key:
        return error_response(
            403, "Only management keys can perform this operation", metadata={"error_type": "permission_denied"}
        )
    return json_response(200, {"data": {"total_credits": core.credits, "total_usage": round(core.spent, 10)}})
