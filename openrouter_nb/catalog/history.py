"""Catalog history: snapshots read back, what changed between two, and each model's prices over time.

``bundled_snapshots()`` gives two real snapshots shipped with the package (2025-12-16 and
2026-08-14), so "what changed" works offline; ``load_snapshots(folder)`` reads the ones a client
saved (``OpenRouterClient(catalog_history=folder)``, or :func:`~openrouter_nb.save_snapshot`).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._core.prices import parse_price
from .._core.snapshots import SNAPSHOT_NAME, snapshot_day, snapshot_models

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PRICE_KEYS", "bundled_snapshots", "diff_catalogs", "load_snapshots", "price_history"]

_DATA = Path(__file__).resolve().parent.parent / "data"

#: pricing keys compared between snapshots, in this order (others follow alphabetically)
PRICE_KEYS = ("prompt", "completion", "request", "image", "image_output", "web_search", "input_cache_read")
# priced per token by the API; shown per million tokens
_TOKEN_KEYS = frozenset(
    {"prompt", "completion", "input_cache_read", "input_cache_write", "internal_reasoning", "image_output"}
    | {"image_token", "audio", "input_audio_cache"}
)


def load_snapshots(folder: str | os.PathLike[str]) -> dict[str, list[dict[str, Any]]]:
    """Every ``models-YYYY-MM-DD.json`` in ``folder``: date → models, oldest first."""
    found = sorted((m.group(1), p) for p in Path(folder).glob("models-*.json") if (m := SNAPSHOT_NAME.match(p.name)))
    return {day: snapshot_models(path) for day, path in found}


def bundled_snapshots() -> dict[str, list[dict[str, Any]]]:
    """The real catalog snapshots shipped with the package (2025-12-16 and 2026-08-14)."""
    return {
        "2025-12-16": snapshot_models(_DATA / "models-2025-12-16.json"),
        # the 2026-08-14 snapshot is the one the offline emulator serves
        "2026-08-14": snapshot_models(_DATA.parent / "emulator" / "data" / "models.json"),
    }


def _prices(model: dict[str, Any]) -> dict[str, float]:
    pricing = model.get("pricing")
    prices = {}
    for key, value in pricing.items() if isinstance(pricing, dict) else ():
        number = parse_price(value)
        if isinstance(key, str) and number is not None:
            prices[key] = math.nan if number < 0 else number  # "-1": variable
    return prices


def _key_order(key: str) -> tuple[int, str]:
    return (PRICE_KEYS.index(key) if key in PRICE_KEYS else len(PRICE_KEYS), key)


_DIFF_COLUMNS = ["id", "name", "change", "price", "unit", "old", "new", "change_pct"]


def diff_catalogs(old: Any, new: Any) -> pd.DataFrame:
    """What changed from ``old`` to ``new`` (snapshots: model lists, ``{"data": ...}`` bodies or paths).

    One row per added model, per removed model, and per price that moved on a model in both
    (``change`` is ``added``, ``removed`` or ``repriced``). For re-priced rows, ``price`` is the
    pricing key (``prompt``, ``completion``, ``image`` …), ``old``/``new`` the USD price in
    ``unit`` (``USD/M tokens`` for token prices, else ``USD each``), ``change_pct`` the move in
    percent (NaN from or to zero, or when a side is missing or variable). Sorted: added, removed,
    then re-priced by the size of the move.
    """
    import pandas as pd

    before = {m["id"]: m for m in snapshot_models(old)}
    after = {m["id"]: m for m in snapshot_models(new)}
    rows: list[tuple[Any, ...]] = []
    for model_id in sorted(after.keys() - before.keys()):
        rows.append((model_id, after[model_id].get("name"), "added", None, None, math.nan, math.nan, math.nan))
    for model_id in sorted(before.keys() - after.keys()):
        rows.append((model_id, before[model_id].get("name"), "removed", None, None, math.nan, math.nan, math.nan))
    for model_id in sorted(before.keys() & after.keys()):
        was, now = _prices(before[model_id]), _prices(after[model_id])
        for key in sorted(was.keys() | now.keys(), key=_key_order):
            a, b = was.get(key, math.nan), now.get(key, math.nan)
            if a == b or (math.isnan(a) and math.isnan(b)):
                continue
            pct = (b - a) / a * 100 if a and not (math.isnan(a) or math.isnan(b)) else math.nan
            scale, unit = (1e6, "USD/M tokens") if key in _TOKEN_KEYS else (1.0, "USD each")
            rows.append((model_id, after[model_id].get("name"), "repriced", key, unit, a * scale, b * scale, pct))
    frame = pd.DataFrame(rows, columns=_DIFF_COLUMNS)
    for column in ("old", "new", "change_pct"):
        frame[column] = frame[column].astype("float64")
    order = frame["change"].map({"added": 0, "removed": 1, "repriced": 2})
    frame = frame.assign(_order=order, _size=-frame["change_pct"].abs())
    frame = frame.sort_values(["_order", "_size", "id"], na_position="last", kind="stable")
    return frame.drop(columns=["_order", "_size"]).reset_index(drop=True)


def price_history(snapshots: Any, model_id: str | None = None) -> pd.DataFrame:
    """One row per model and date: its token prices (USD per million tokens) and per-unit prices.

    ``snapshots`` is a folder of saved snapshots or a ``{date: models}`` mapping (as
    :func:`load_snapshots` and :func:`bundled_snapshots` give). ``model_id`` keeps one model
    (a ``ValueError`` when no snapshot has it).
    """
    import pandas as pd

    dated = load_snapshots(snapshots) if isinstance(snapshots, str | os.PathLike) else dict(snapshots)
    if not dated:
        raise ValueError("no snapshots: save some with save_snapshot(models, folder) first")
    rows = []
    for day, models in sorted(dated.items()):
        for model in snapshot_models(models):
            if model_id is not None and model["id"] != model_id:
                continue
            prices = _prices(model)
            rows.append(
                {
                    "date": pd.Timestamp(snapshot_day(day)),
                    "id": model["id"],
                    "name": model.get("name"),
                    "prompt_usd_per_mtok": prices.get("prompt", math.nan) * 1e6,
                    "completion_usd_per_mtok": prices.get("completion", math.nan) * 1e6,
                    "image_usd": prices.get("image", math.nan),
                    "request_usd": prices.get("request", math.nan),
                }
            )
    if model_id is not None and not rows:
        raise ValueError(f"{model_id!r} is in none of the {len(dated)} snapshots")
    frame = pd.DataFrame(rows)
    return frame.sort_values(["id", "date"], kind="stable").reset_index(drop=True)
