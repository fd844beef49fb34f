"""A post's journal: ``manifest.json`` in the post folder, rewritten atomically as each paid step lands.

The journal holds what the post was asked to be (its brief and settings) and every step that
finished: its text or files, model, cost and time, and a video job the moment the service
accepted it. A re-run with the same brief and settings reads it back and skips what is done, so
nothing paid for is paid again. The folder is made by the first paid result, so a run refused
before paying leaves nothing behind; until the last step, the manifest says ``"complete": false``.

A manifest read back is checked before anything trusts it (a post folder may come from someone
else): every file name it holds must be a plain name inside the folder, and its shape what this
module writes. One that is not, is too large, or cannot be read starts the post over, with a
one-line warning; nothing outside the folder is ever read or written.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .._core.files import atomic_write

__all__ = ["MANIFEST", "MAX_MANIFEST_BYTES", "PostJournal", "load_manifest", "plain_name", "utc_now"]

logger = logging.getLogger("openrouter_nb")

MANIFEST = "manifest.json"
#: a manifest larger than this is not a manifest this package wrote (a real one is a few KB)
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
_TEMPORARY = re.compile(r"^\..+\.tmp$")  # what an interrupted atomic write leaves


def utc_now() -> str:
    """The time a step finished, as the manifest stores it (UTC, whole seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def plain_name(value: Any) -> bool:
    """Whether ``value`` is a file name that stays in its folder: no path, no ``..``, nothing hidden in it."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= 255
        and value not in (".", "..")
        and not any(c in value for c in "/\\\x00")
        and value == value.strip()
    )


#: what each step of a manifest holds, by type: text fields, lists of text, file names
_TEXT = ("text", "raw_text", "script", "model", "generation_id", "job_id", "polling_url", "route", "aspect_ratio")
_TEXTS = ("captions",)
_REQUIRED = {
    "caption": ("text",),
    "caption_draft": ("text",),
    "image_prompt": ("text",),
    "images": ("files",),
    "preview": ("file",),
    "slides": ("captions",),
    "voiceover_script": ("script",),
    "voiceover": ("files", "script"),
    "video_job": ("job_id",),
    "video": ("file",),
}


def _step_problem(name: str, step: Any) -> str | None:
    """What is wrong with one step read back (None when it has the shape this module writes)."""
    if not isinstance(step, dict):
        return f"step {name!r} is not an object"
    missing = [key for key in _REQUIRED.get(name, ()) if key not in step]
    if missing:
        return f"step {name!r} lacks {', '.join(missing)}"
    files = step.get("files", [])
    named = [*files, step["file"]] if "file" in step else files
    if not isinstance(files, list) or not all(plain_name(f) for f in named):
        return f"step {name!r} names a file outside the post folder"
    wrong = [key for key in _TEXT if key in step and step[key] is not None and not isinstance(step[key], str)]
    wrong += [
        key
        for key in _TEXTS
        if key in step and not (isinstance(step[key], list) and all(isinstance(t, str) for t in step[key]))
    ]
    if wrong:
        return f"step {name!r} has {', '.join(wrong)} of the wrong type"
    cost = step.get("cost", 0.0)
    if not isinstance(cost, int | float) or isinstance(cost, bool) or not 0 <= cost < 1e6:
        return f"step {name!r} has a cost that is not a number of USD"
    return None


def _problem(manifest: Any) -> str | None:
    """What is wrong with a manifest read back (None when it is one this module could have written)."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("steps"), dict):
        return "it is not an object with a steps object"
    if not isinstance(manifest.get("settings", {}), dict) or not isinstance(manifest.get("brief", {}), dict):
        return "its settings or brief are not objects"
    for name, step in manifest["steps"].items():
        problem = _step_problem(str(name), step)
        if problem is not None:
            return problem
    return None


def _read(folder: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The manifest in ``folder`` and, when it cannot be used, why (None, None: there is none)."""
    path = folder / MANIFEST
    try:
        if path.is_symlink() or not path.is_file():
            return None, ("it is not a regular file" if path.exists() or path.is_symlink() else None)
        size = path.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            return None, f"it is over {MAX_MANIFEST_BYTES // (1024 * 1024)} MiB"
        with path.open("rb") as handle:
            data = handle.read(min(size + 1, MAX_MANIFEST_BYTES + 1))
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror})"
    if len(data) > MAX_MANIFEST_BYTES:
        return None, f"it is over {MAX_MANIFEST_BYTES // (1024 * 1024)} MiB"
    try:
        manifest = json.loads(data)
    except (ValueError, RecursionError):
        return None, "it is not valid JSON"
    problem = _problem(manifest)
    return (None, problem) if problem else (manifest, None)


def load_manifest(folder: str | Path) -> dict[str, Any] | None:
    """The manifest in ``folder``, or None when it is missing, unreadable or not one this package wrote."""
    return _read(Path(folder))[0]


class PostJournal:
    """The manifest of one post folder, and the record of its steps.

    ``brief`` and ``settings`` are what the post is; a manifest in ``folder`` with the same
    settings (but for the extras named in ``identity``) is resumed, any other is replaced.
    :meth:`done` says whether a step (and its files) is there, noting it in :attr:`resumed`;
    :meth:`record` stores a finished step and rewrites the manifest at once.
    """

    def __init__(
        self,
        folder: Path,
        brief: dict[str, Any],
        settings: dict[str, Any],
        *,
        identity: tuple[str, ...] = (),
        now: Callable[[], str] = utc_now,
    ) -> None:
        self.folder = folder
        self._now = now
        manifest, problem = _read(folder)
        if problem is not None:
            logger.warning("starting %s over: its %s cannot be trusted (%s)", folder, MANIFEST, problem)

        def core(values: Any) -> Any:  # the settings but the extras named by ``identity``
            return {k: v for k, v in values.items() if k not in identity} if isinstance(values, dict) else values

        if manifest is None or core(manifest.get("settings")) != core(settings):
            manifest = {"brief": brief, "settings": settings, "steps": {}, "created_at": now(), "complete": False}
        elif manifest.get("settings") != settings:  # the same post with other extras: those steps are redone
            manifest["settings"], manifest["complete"] = settings, False
        self.manifest = manifest
        #: the steps found done (already paid for) in this run, in the order they were checked
        self.resumed: list[str] = []
        #: the steps this run recorded (a carousel's lines come with a typed caption: not resumed)
        self.made: set[str] = set()
        self._sweep()

    def _sweep(self) -> None:
        """Remove what an interrupted atomic write left in the folder (a hidden ``.*.tmp`` file)."""
        try:
            leftovers = [p for p in self.folder.iterdir() if _TEMPORARY.match(p.name) and p.is_file()]
        except OSError:
            return
        for path in leftovers:
            path.unlink(missing_ok=True)

    @property
    def steps(self) -> dict[str, dict[str, Any]]:
        """Every finished step by name."""
        steps: dict[str, dict[str, Any]] = self.manifest["steps"]
        return steps

    @property
    def total_cost(self) -> float:
        """USD of every finished step."""
        return round(sum(float(step.get("cost", 0.0)) for step in self.steps.values()), 10)

    @property
    def exists(self) -> bool:
        """Whether anything of this post is on disk yet (the folder is made by the first paid result)."""
        return (self.folder / MANIFEST).is_file()

    def done(self, step: str, *files: str) -> bool:
        """Whether ``step`` finished and its ``files`` are in the folder (then it counts as resumed)."""
        finished = step in self.steps and all(self.has(name) for name in files)
        if finished and step not in self.made:  # made by an earlier run, not by this one
            self.resumed.append(step)
        return finished

    def has(self, name: str) -> bool:
        """Whether the folder holds a regular file of that plain name (a symlink does not count)."""
        path = self.folder / name
        return plain_name(name) and path.is_file() and not path.is_symlink()

    def files(self, step: str) -> list[str]:
        """The file names a finished step recorded (``[]`` when none)."""
        names = self.steps.get(step, {}).get("files")
        return list(names) if isinstance(names, list) else []

    def record(self, step: str, *, replaces: tuple[str, ...] = (), **facts: Any) -> dict[str, Any]:
        """Store a finished ``step`` (its facts and the time) and rewrite the manifest.

        ``replaces`` names steps this one stands for from now on (a draft caption, a submitted
        video job): they leave the manifest in the same write, so a cost is never counted twice.
        """
        for name in replaces:
            self.steps.pop(name, None)
        entry = {**facts, "finished_at": self._now()}
        self.steps[step] = entry
        self.made.add(step)
        self.save()
        return entry

    def write(self, name: str, data: bytes) -> str:
        """Write an asset of the post atomically; returns its file name."""
        if not plain_name(name):
            raise ValueError(f"a post's file name must be a plain name, got {name!r}")
        return atomic_write(self.folder / name, data).name

    def finish(self) -> None:
        """Mark the post complete (every step done) and rewrite the manifest."""
        self.manifest["complete"] = True
        self.save()

    def save(self) -> None:
        """Rewrite the manifest atomically (a crash leaves the old one or the new one)."""
        self.manifest["updated_at"] = self._now()
        self.manifest["total_cost"] = self.total_cost
        atomic_write(self.folder / MANIFEST, json.dumps(self.manifest, indent=2, ensure_ascii=False).encode())
