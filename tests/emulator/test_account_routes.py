"""The emulator's accounting routes on the wire: ``/activity`` (and the management key it needs)."""

from __future__ import annotations

import httpx

from openrouter_nb.emulator import DEMO_KEY, Emulator
from tests.support.helpers import AUTH, BASE

MANAGER = "sk-or-v1-manager-account-routes"


async def test_activity_is_the_last_30_completed_days_for_management_keys_only():
    emulator = Emulator(seed=1, management_key=MANAGER)
    async with httpx.AsyncClient(transport=emulator, base_url=BASE) as http:
        refused = await http.get("/activity", headers=AUTH)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == 403
        answer = await http.get("/activity", headers={"Authorization": f"Bearer {MANAGER}"})
        rows = answer.json()["data"]
        again = await http.get("/activity", headers={"Authorization": f"Bearer {MANAGER}"})
        late = await http.get(
            "/activity", params={"date": "2026-01-01"}, headers={"Authorization": f"Bearer {MANAGER}"}
        )
    assert answer.status_code == 200 and rows == again.json()["data"]  # the same history every time
    days = sorted({row["date"] for row in rows})
    assert days[0] >= "2025-12-02" and days[-1] <= "2025-12-31"  # the 30 days before the emulator's today
    for row in rows:
        assert set(row) >= {"date", "model", "model_permaslug", "endpoint_id", "provider_name", "usage", "requests"}
        assert row["usage"] > 0 and row["requests"] > 0 and row["completion_tokens"] >= row["reasoning_tokens"]
    assert late.status_code == 400  # today is not completed yet


async def test_a_different_seed_is_a_different_history():
    first, second = Emulator(seed=1, management_key=DEMO_KEY), Emulator(seed=2, management_key=DEMO_KEY)
    async with (
        httpx.AsyncClient(transport=first, base_url=BASE, headers=AUTH) as a,
        httpx.AsyncClient(transport=second, base_url=BASE, headers=AUTH) as b,
    ):
        assert (await a.get("/activity")).json() != (await b.get("/activity")).json()
