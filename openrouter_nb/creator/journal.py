"""A post's journal: ``manifest.json`` in the post folder, rewritten atomically as each paid step lands.

The journal holds what the post was asked to be (its brief and settings) and every step that
finished: its text or files, model, cost and time. A re-run with the same brief and settings
reads it back and skips what is done, so nothing paid for is paid again; a manifest that cannot
be read, or that was made with other settings, starts the post over.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .._core.files import atomic_write

__all__ = ["MANIFEST", "PostJournal", "load_manifest", "utc_now"]

MANIFEST = "manifest.json"


def utc_now() -> str:
    """The time a step finished, as the manifest stores it (UTC, whole seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def load_manifest(folder: str | Path) -> dict[str, Any] | None:
    """The manifest in ``folder``, or None when it is missing or unreadable (then the post starts over)."""
    try:
        value = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) and isinstance(value.get("steps"), dict) else None


class PostJournal:
    """The manifest of one post folder, and the record of its steps.

    ``brief`` and ``settings`` are what the post is; a manifest in ``folder`` with the same
    settings is resumed, any other is replaced. :meth:`done` says whether a step (and its files)
    is there, noting it in :attr:`resumed`; :meth:`record` stores a finished step and rewrites the
    manifest at once.
    """

    def __init__(
        self, folder: Path, brief: dict[str, Any], settings: dict[str, Any], *, now: Callable[[], str] = utc_now
    ) -> None:
        self.folder = folder
        self._now = now
        manifest = load_manifest(folder)
        if manifest is None or manifest.get("settings") != settings:
            manifest = {"brief": brief, "settings": settings, "steps": {}, "created_at": now()}
        self.manifest = manifest
        #: the steps found done (already paid for) in this run, in the order they were checked
        self.resumed: list[str] = []

    @property
    def steps(self) -> dict[str, dict[str, Any]]:
        """Every finished step by name."""
        steps: dict[str, dict[str, Any]] = self.manifest["steps"]
        return steps

    @property
    def total_cost(self) -> float:
        """USD of every finished step."""
        return round(sum(float(step.get("cost", 0.0)) for step in self.steps.values()), 10)

    def done(self, step: str, *files: str) -> bool:
        """Whether ``step`` finished and its ``files`` are in the folder (then it counts as resumed)."""
        finished = step in self.steps and all((self.folder / name).is_file() for name in files)
        if finished:
            self.resumed.append(step)
        return finished

    def files(self, step: str) -> list[str]:
        """The file names a finished step recorded (``[]`` when none)."""
        names = self.steps.get(step, {}).get("files")
        return list(names) if isinstance(names, list) else []

    def record(self, step: str, **facts: Any) -> dict[str, Any]:
        """Store a finished ``step`` (its facts and the time) and rewrite the manifest."""
        entry = {**facts, "finished_at": self._now()}
        self.steps[step] = entry
        self.save()
        return entry

    def write(self, name: str, data: bytes) -> str:
        """Write an asset of the post atomically; returns its file name."""
        return atomic_write(self.folder / name, data).name

    def save(self) -> None:
        """Rewrite the manifest atomically (a crash leaves the old one or the new one)."""
        self.manifest["updated_at"] = self._now()
        self.manifest["total_cost"] = self.total_cost
        atomic_write(self.folder / MANIFEST, json.dumps(self.manifest, indent=2, ensure_ascii=False).encode())
