"""Catalog snapshots on disk, the real diff between the bundled snapshots, prices over time."""

from __future__ import annotations

import json
import math
import os
import stat

import pytest

from openrouter_nb import OpenRouterClient
from openrouter_nb._core.snapshots import save_snapshot, snapshot_models
from openrouter_nb.catalog.history import bundled_snapshots, diff_catalogs, load_snapshots, price_history
from openrouter_nb.emulator import DEMO_KEY, Emulator


def _model(model_id, prompt="0.000001", completion="0.000002", **extra):
    return {"id": model_id, "name": model_id.title(), "pricing": {"prompt": prompt, "completion": completion, **extra}}


def test_save_and_load_snapshots_by_day(tmp_path):
    first = save_snapshot([_model("a/x")], tmp_path, day="2026-01-02")
    save_snapshot({"data": [_model("a/x"), _model("a/y")]}, tmp_path, day="2026-01-09")
    assert first.name == "models-2026-01-02.json"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(first.stat().st_mode) == 0o666 & ~umask
    (tmp_path / "notes.json").write_text("{}")  # not a snapshot: ignored
    loaded = load_snapshots(tmp_path)
    assert list(loaded) == ["2026-01-02", "2026-01-09"] and len(loaded["2026-01-09"]) == 2
    kept = save_snapshot([_model("a/z")], tmp_path, day="2026-01-02", overwrite=False)
    assert [m["id"] for m in snapshot_models(kept)] == ["a/x"]  # the day's first snapshot stays


def test_bad_snapshots_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="empty"):
        save_snapshot([], tmp_path)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        save_snapshot([_model("a/x")], tmp_path, day="last tuesday")
    with pytest.raises(ValueError, match="list of models"):
        snapshot_models(42)
    with pytest.raises(ValueError, match="no snapshots"):
        price_history(tmp_path)


def test_diff_names_added_removed_and_repriced_with_percentages():
    old = [_model("a/kept"), _model("a/gone"), _model("a/moved", prompt="0.000002"), _model("a/var", prompt="-1")]
    new = [_model("a/kept"), _model("a/new"), _model("a/moved", prompt="0.000003"), _model("a/var", prompt="-1")]
    diff = diff_catalogs(old, new)
    assert list(diff["change"]) == ["added", "removed", "repriced"]
    moved = diff.iloc[2]
    assert (moved["id"], moved["price"], moved["unit"]) == ("a/moved", "prompt", "USD/M tokens")
    assert moved["old"] == pytest.approx(2.0) and moved["new"] == pytest.approx(3.0)
    assert moved["change_pct"] == pytest.approx(50.0)
    from_zero = diff_catalogs([_model("a/m", request="0")], [_model("a/m", request="0.01")])
    assert from_zero.iloc[0]["unit"] == "USD each" and math.isnan(from_zero.iloc[0]["change_pct"])


def test_the_real_diff_between_the_bundled_snapshots():
    snapshots = bundled_snapshots()
    assert list(snapshots) == ["2025-12-16", "2026-08-14"]
    old, new = snapshots["2025-12-16"], snapshots["2026-08-14"]
    diff = diff_catalogs(old, new)
    old_ids, new_ids = {m["id"] for m in old}, {m["id"] for m in new}
    counts = diff.groupby("change")["id"].nunique().to_dict()
    assert counts["added"] == len(new_ids - old_ids)
    assert counts["removed"] == len(old_ids - new_ids)
    assert 0 < counts["repriced"] <= len(old_ids & new_ids)
    repriced = diff[diff["change"] == "repriced"]
    sizes = repriced["change_pct"].abs().dropna()
    assert list(sizes) == sorted(sizes, reverse=True)  # biggest moves first


def test_price_history_has_one_row_per_model_and_date():
    history = price_history(bundled_snapshots(), "openai/gpt-4o-mini")
    assert list(history["date"].dt.strftime("%Y-%m-%d")) == ["2025-12-16", "2026-08-14"]
    assert (history["prompt_usd_per_mtok"] > 0).all()
    with pytest.raises(ValueError, match="none of the 2 snapshots"):
        price_history(bundled_snapshots(), "nobody/nothing")


async def test_a_client_with_catalog_history_saves_one_snapshot_a_day(tmp_path):
    emulator = Emulator(seed=1)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, catalog_history=tmp_path, models_ttl=0) as client:
        models = await client.list_models()
        await client.list_models()
    files = list(tmp_path.glob("models-*.json"))
    assert len(files) == 1 and len(emulator.calls("models")) == 2
    assert json.loads(files[0].read_text())["data"] == models
