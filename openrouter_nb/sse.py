"""Server-sent events as OpenRouter sends them: ``data:`` lines, ``:`` keep-alive comments, ``[DONE]``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["DONE", "SSEEvent", "SSEParser", "parse_lines"]

DONE = "[DONE]"


@dataclass(frozen=True)
class SSEEvent:
    """One event: its ``data`` text and, when the data is a JSON object, the parsed ``json``."""

    data: str
    json: dict[str, Any] | None = None

    @property
    def done(self) -> bool:
        return self.data == DONE


class SSEParser:
    """Incremental parser: feed text lines, get complete events.

    Comment lines (``: OPENROUTER PROCESSING``) are skipped, multi-line ``data:`` fields are joined
    with newlines as the SSE spec says, other fields (``event:``, ``id:``, ``retry:``) are ignored.
    """

    def __init__(self) -> None:
        self._data: list[str] = []
        #: keep-alive comments seen so far
        self.comments = 0

    def feed(self, line: str) -> SSEEvent | None:
        """Feed one line (without its newline); return an event when a blank line ends one."""
        line = line.rstrip("\r")
        if not line:
            return self._flush()
        if line.startswith(":"):
            self.comments += 1
            return None
        field, _, value = line.partition(":")
        if field == "data":
            self._data.append(value[1:] if value.startswith(" ") else value)
        return None

    def _flush(self) -> SSEEvent | None:
        if not self._data:
            return None
        data = "\n".join(self._data)
        self._data = []
        parsed = None
        if data != DONE:
            try:
                value = json.loads(data)
            except ValueError:
                value = None
            parsed = value if isinstance(value, dict) else None
        return SSEEvent(data, parsed)

    def close(self) -> SSEEvent | None:
        """End of stream: an event still being collected is returned (it had no blank line)."""
        return self._flush()


def parse_lines(lines: Iterable[str]) -> list[SSEEvent]:
    """Parse a complete stream's lines (for tests and tools)."""
    parser = SSEParser()
    events = [e for e in (parser.feed(line) for line in lines) if e is not None]
    last = parser.close()
    return events + ([last] if last is not None else [])
