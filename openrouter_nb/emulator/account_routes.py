"""The emulator's accounting routes: ``/generation``, ``/key`` and ``/credits``, consistent with what it billed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .protocol import BadRequest, Call, EmuResponse, error_response, json_response

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["credits", "generation", "key"]


async def generation(core: EmulatorCore, call: Call) -> EmuResponse:
    gen_id = call.query.get("id")
    if not gen_id:
        raise BadRequest(400, "id is required")
    record = core.generations.get(gen_id)
    if record is None or core.clock() < record["visible_at"]:
        raise BadRequest(404, f"Generation {gen_id} not found")
    return json_response(200, {"data": {k: v for k, v in record.items() if k != "visible_at"}})


async def key(core: EmulatorCore, call: Call) -> EmuResponse:
    spent = round(core.spent, 10)
    data = {
        "label": "sk-or-…emulator",
        "limit": core.credits,
        "limit_remaining": round(max(0.0, core.credits - spent), 10),
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
        "expires_at": None,
        "rate_limit": {"requests": -1, "interval": "10s", "note": "deprecated"},
    }
    return json_response(200, {"data": data})


async def credits(core: EmulatorCore, call: Call) -> EmuResponse:
    if call.key is None or call.key != core.management_key:
        return error_response(
            403, "Only management keys can perform this operation", metadata={"error_type": "permission_denied"}
        )
    return json_response(200, {"data": {"total_credits": core.credits, "total_usage": round(core.spent, 10)}})
