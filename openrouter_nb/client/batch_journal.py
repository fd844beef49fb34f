"""A batch's answers on disk as they arrive: ``generate_many(..., journal="captions.jsonl")``.

One JSON line per answered prompt (its key, model, prompt and the completion as the service sent
it), appended and flushed the moment the answer arrives, so an interrupt or a crash loses nothing
that was paid for: the same call again finds the answers (``item.resumed``) and pays only for the
prompts still missing. A line cut short by a crash is skipped; a file that is not a journal is
refused rather than overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import IO, Any

__all__ = ["BatchJournal", "batch_key"]

FILE_NAME = "batch.jsonl"  # the journal's name when a folder is given


def batch_key(model: str, prompt: str, fields: str) -> str:
    """What identifies an answer in a journal: the model, the prompt and the request's other fields."""
    return hashlib.sha256(json.dumps([model, prompt, fields]).encode()).hexdigest()[:32]


def _entry(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("key"), str) and isinstance(value.get("payload"), dict)


class BatchJournal:
    """The answers a batch keeps at ``path`` (a ``.jsonl`` file, or a folder that holds ``batch.jsonl``)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        target = Path(path).expanduser()
        if target.is_dir() or (not target.suffix and not target.exists()):
            target = target / FILE_NAME
        self.path = target
        self._file: IO[str] | None = None

    def load(self) -> dict[str, dict[str, Any]]:
        """The answers kept so far, by key (``{}`` for a journal not yet written)."""
        if not self.path.exists():
            return {}
        if not self.path.is_file():
            raise ValueError(f"journal={str(self.path)!r} is not a file")
        found: dict[str, dict[str, Any]] = {}
        with self.path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    entry = json.loads(line)
                except ValueError:
                    if number == 1 and line.strip():
                        raise ValueError(
                            f"journal={str(self.path)!r} is not a batch journal (a JSON line each)"
                        ) from None
                    continue  # a line cut short by a crash: its prompt is asked again
                if (
                    isinstance(entry, dict)
                    and isinstance(entry.get("key"), str)
                    and isinstance(entry.get("payload"), dict)
                ):
                    found[entry["key"]] = entry
        return found

    def append(self, key: str, model: str, prompt: str, payload: dict[str, Any]) -> None:
        """Keep one answer: a line written and flushed before the next answer is taken."""
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
        line = json.dumps({"key": key, "model": model, "prompt": prompt, "payload": payload}, ensure_ascii=False)
        self._file.write(line + "\n")
        self._file.flush()

    def close(self) -> None:
        """Flush the journal to the disk and close it."""
        if self._file is not None:
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None
