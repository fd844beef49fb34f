"""Catalog history: dated ``GET /models`` snapshots on disk, what changed between two, prices over time.

``save_snapshot`` writes ``models-YYYY-MM-DD.json`` (one per day, atomically); a client made with
``catalog_history=folder`` does it whenever ``list_models()`` fetches. ``bundled_snapshots()``
gives two real snapshots shipped with the package (2025-12-16 and 2026-08-14), so "what changed"
works offline. The DataFrames (``diff_catalogs``, ``price_history``) live in :mod:`openrouter_nb.frames`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

from .files import atomic_write

__all__ = ["bundled_snapshots", "load_snapshots", "save_snapshot", "snapshot_day", "snapshot_models"]

_NAME = re.compile(r"^models-(\d{4}-\d{2}-\d{2})\.json$")
_DATA = Path(__file__).resolve().parent.parent / "data"


def snapshot_models(snapshot: Any) -> list[dict[str, Any]]:
    """The model list of a snapshot: a list of models, a ``{"data": [...]}`` body, or a file path."""
    if isinstance(snapshot, str | os.PathLike):
        snapshot = json.loads(Path(snapshot).read_text(encoding="utf-8"))
    if isinstance(snapshot, dict):
        snapshot = snapshot.get("data")
    if not isinstance(snapshot, list | tuple):
        raise ValueError(f"a snapshot is a list of models or a {{'data': [...]}} body, got {type(snapshot).__name__}")
    return [m for m in snapshot if isinstance(m, dict) and isinstance(m.get("id"), str)]


def snapshot_day(day: dt.date | str | None) -> str:
    """``day`` as ``YYYY-MM-DD`` (today in UTC for None); ``ValueError`` for anything else."""
    if day is None:
        return dt.datetime.now(dt.UTC).date().isoformat()
    text = day.isoformat() if isinstance(day, dt.date) else str(day)
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValueError(f"day must be a date or 'YYYY-MM-DD', got {day!r}") from None


def save_snapshot(
    models: Any, folder: str | os.PathLike[str], *, day: dt.date | str | None = None, overwrite: bool = True
) -> Path:
    """Write ``models`` as ``folder/models-<day>.json`` (today, UTC, by default) and return the path.

    Atomic: a crash leaves the old file or the new one. ``overwrite=False`` keeps an existing
    snapshot of that day (the first fetch of a day is the one kept).
    """
    items = snapshot_models(models)
    if not items:
        raise ValueError("no models to save: the snapshot would be empty")
    path = Path(folder) / f"models-{snapshot_day(day)}.json"
    if path.exists() and not overwrite:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({"data": items}, ensure_ascii=False, separators=(",", ":")).encode())
    return path


def load_snapshots(folder: str | os.PathLike[str]) -> dict[str, list[dict[str, Any]]]:
    """Every ``models-YYYY-MM-DD.json`` in ``folder``: date → models, oldest first."""
    found = sorted((m.group(1), p) for p in Path(folder).glob("models-*.json") if (m := _NAME.match(p.name)))
    return {day: snapshot_models(path) for day, path in found}


def bundled_snapshots() -> dict[str, list[dict[str, Any]]]:
    """The real catalog snapshots shipped with the package (2025-12-16 and 2026-08-14)."""
    return {
        "2025-12-16": snapshot_models(_DATA / "models-2025-12-16.json"),
        # the 2026-08-14 snapshot is the one the offline emulator serves
        "2026-08-14": snapshot_models(_DATA.parent / "emulator" / "data" / "models.json"),
    }
