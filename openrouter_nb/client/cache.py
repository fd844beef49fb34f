"""An opt-in on-disk cache of deterministic responses, so re-running a cell is not billed twice.

A request is cacheable when it is deterministic: it carries a ``seed`` or ``temperature == 0``
(or the client opted in with ``cache_nondeterministic=True``), and it is not streamed. The key is
a hash of the route and the canonical JSON body; entries are written atomically, one file each.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .._core.files import atomic_write

__all__ = ["DEFAULT_CACHE_DIR", "ResponseCache", "is_deterministic"]

DEFAULT_CACHE_DIR = Path(os.environ.get("OPENROUTER_NB_CACHE_DIR", Path.home() / ".cache" / "openrouter_nb"))


def is_deterministic(body: dict[str, Any]) -> bool:
    """A seeded request, or one at temperature 0, and not streamed."""
    if body.get("stream"):
        return False
    return body.get("seed") is not None or body.get("temperature") == 0


class ResponseCache:
    """Stored responses keyed by route + request body, one JSON file per entry under ``path``."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, nondeterministic: bool = False) -> None:
        self.path = (
            Path(path) if path is not None else Path(os.environ.get("OPENROUTER_NB_CACHE_DIR") or DEFAULT_CACHE_DIR)
        )
        self.nondeterministic = nondeterministic
        self.hits = 0
        self.misses = 0

    def __repr__(self) -> str:
        return f"<ResponseCache {str(self.path)!r} hits={self.hits} misses={self.misses}>"

    def cacheable(self, body: dict[str, Any]) -> bool:
        return not body.get("stream") and (self.nondeterministic or is_deterministic(body))

    @staticmethod
    def key(route: str, body: dict[str, Any]) -> str:
        canonical = json.dumps(
            {"route": route, "body": body},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            default=str,
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    def _file(self, key: str) -> Path:
        return self.path / f"{key}.json"

    def get(self, route: str, body: dict[str, Any]) -> Any | None:
        """The stored response, or None (a corrupt or unreadable entry counts as a miss)."""
        file = self._file(self.key(route, body))
        try:
            entry = json.loads(file.read_text(encoding="utf-8"))
            response = entry["response"]
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return response

    def put(self, route: str, body: dict[str, Any], response: Any) -> Path:
        """Store a response atomically (the request body is kept for ``entries()``)."""
        entry = {"route": route, "request": body, "response": response}
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
        return atomic_write(self._file(self.key(route, body)), data)

    def entries(self) -> list[dict[str, Any]]:
        """What is stored: route, model and file for each readable entry."""
        out = []
        for file in sorted(self.path.glob("*.json")):
            try:
                entry = json.loads(file.read_text(encoding="utf-8"))
                out.append({"route": entry["route"], "model": entry["request"].get("model"), "file": file.name})
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                continue
        return out

    def clear(self) -> int:
        """Delete every entry (and stray temp files); return how many entries were removed."""
        removed = 0
        for file in list(self.path.glob("*.json")) + list(self.path.glob(".*.tmp")):
            file.unlink(missing_ok=True)
            removed += file.suffix == ".json"
        return removed
