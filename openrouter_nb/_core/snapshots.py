"""Catalog snapshots on disk: ``models-YYYY-MM-DD.json``, written atomically, one per day.

A client made with ``catalog_history=folder`` saves one whenever ``list_models()`` fetches, so the
file format lives here, below the client; reading snapshots back and comparing them is the catalog
layer's (:mod:`openrouter_nb.catalog.history`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

from .files import atomic_write

__all__ = ["MAX_SNAPSHOT_BYTES", "SNAPSHOT_NAME", "save_snapshot", "snapshot_day", "snapshot_models"]

#: how a snapshot file is named: ``models-YYYY-MM-DD.json``
SNAPSHOT_NAME = re.compile(r"^models-(\d{4}-\d{2}-\d{2})\.json$")


#: a snapshot file larger than this is not a catalog (the whole real one is about 1.3 MB)
MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024


def _read_snapshot(path: Path) -> Any:
    """A snapshot file's JSON, read within bounds; a clear ``ValueError`` when it is not one."""
    try:
        if path.stat().st_size > MAX_SNAPSHOT_BYTES:
            raise ValueError(f"catalog snapshot {str(path)!r} is over {MAX_SNAPSHOT_BYTES // 2**20} MiB: not a catalog")
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read catalog snapshot {str(path)!r}: {exc.strerror}") from None
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else "not valid JSON"
        raise ValueError(f"catalog snapshot {str(path)!r} is {reason}") from None


def snapshot_models(snapshot: Any) -> list[dict[str, Any]]:
    """The model list of a snapshot: a list of models, a ``{"data": [...]}`` body, or a file path.

    A file is read within bounds (size, nesting); models without a string ``id`` are left out.
    """
    if isinstance(snapshot, str | os.PathLike):
        snapshot = _read_snapshot(Path(snapshot))
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
