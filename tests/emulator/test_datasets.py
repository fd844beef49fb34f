"""The public datasets: daily model rankings and app rankings, in the spec's shape and limits."""

from __future__ import annotations

import datetime as dt

import httpx

from openrouter_nb.emulator import DEMO_KEY, Emulator, EmulatorCore
from tests.support.helpers import AUTH, BASE, FakeClock


async def _get(http: httpx.AsyncClient, route: str, **query) -> httpx.Response:
    return await http.get(f"/datasets/{route}", headers=AUTH, params=query)


async def test_daily_rankings_are_the_top_50_a_day_then_other(http):
    answer = await _get(http, "rankings-daily")
    assert answer.status_code == 200
    body = answer.json()
    meta = body["meta"]
    start, end = dt.date.fromisoformat(meta["start_date"]), dt.date.fromisoformat(meta["end_date"])
    assert (end - start).days == 30 and meta["as_of"].startswith((end + dt.timedelta(days=1)).isoformat())
    days: dict[str, list[dict]] = {}
    for row in body["data"]:
        days.setdefault(row["date"], []).append(row)
        assert isinstance(row["total_tokens"], str) and row["total_tokens"].isdigit()  # decimal strings
    assert len(days) == 31
    for rows in days.values():
        named = [int(r["total_tokens"]) for r in rows[:-1]]
        assert rows[-1]["model_permaslug"] == "other" and len(named) == 50
        assert named == sorted(named, reverse=True) and int(rows[-1]["total_tokens"]) > 0
    leaders = [r["model_permaslug"] for r in days[meta["end_date"]][:5]]
    assert not any(slug.startswith("openrouter/") or ":" in slug for slug in leaders)


async def test_weeks_and_months_bucket_the_days_and_filters_narrow_them(http):
    daily = (await _get(http, "rankings-daily", start_date="2026-07-06", end_date="2026-07-12")).json()["data"]
    weekly = await _get(http, "rankings-daily", period="week", start_date="2026-07-06", end_date="2026-07-12")
    rows = weekly.json()["data"]
    assert {r["date"] for r in rows} == {"2026-07-06"}  # a Monday: one bucket
    total = sum(int(r["total_tokens"]) for r in rows)
    assert total == sum(int(r["total_tokens"]) for r in daily)  # the same tokens, bucketed
    small = (await _get(http, "rankings-daily", context_bucket="10M", end_date="2026-07-12")).json()["data"]
    assert sum(int(r["total_tokens"]) for r in small if r["date"] == "2026-07-12") < total / 7 / 10


async def test_the_services_refusals(http):
    for query, said in (
        ({"category": "programming", "period": "day"}, "weekly estimates"),
        ({"period": "year"}, "period must be"),
        ({"end_date": "2024-12-31"}, "on or after 2025-01-01"),
        ({"start_date": "2026-08-01", "end_date": "2026-07-01"}, "must not be after"),
        ({"modality": "smell"}, "modality must be"),
    ):
        answer = await _get(http, "rankings-daily", **query)
        assert answer.status_code == 400 and said in answer.json()["error"]["message"], query
    assert (await _get(http, "rankings-daily", category="programming")).status_code == 200  # weekly by default
    assert (await _get(http, "app-rankings", limit="101")).status_code == 400


async def test_app_rankings_keep_absolute_ranks_across_pages(http):
    first = (await _get(http, "app-rankings", limit="5")).json()["data"]
    second = (await _get(http, "app-rankings", limit="5", offset="5")).json()["data"]
    assert [r["rank"] for r in first + second] == list(range(1, 11))
    tokens = [int(r["total_tokens"]) for r in first + second]
    assert tokens == sorted(tokens, reverse=True)
    trending = (await _get(http, "app-rankings", sort="trending")).json()["data"]
    assert 0 < len(trending) < len(first + second) + 5 and trending[0]["rank"] == 1


async def test_thirty_requests_a_minute_per_key():
    clock = FakeClock()
    async with httpx.AsyncClient(transport=Emulator(core=EmulatorCore(clock=clock)), base_url=BASE) as http:
        codes = [(await _get(http, "app-rankings", limit="1")).status_code for _ in range(31)]
        assert codes.count(200) == 30 and codes[-1] == 429
        other = await http.get(
            "/datasets/app-rankings", headers={"Authorization": "Bearer sk-or-v1-" + "b" * 64}, params={"limit": 1}
        )
        assert other.status_code == 200  # per key
        clock.now += 60
        assert (await _get(http, "app-rankings", limit="1")).status_code == 200
    assert AUTH["Authorization"].endswith(DEMO_KEY)
