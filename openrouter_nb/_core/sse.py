"""Server-sent events as OpenRouter sends them: ``data:`` lines, ``:`` keep-alive comments, ``[DONE]``.

Decoded from bytes as they arrive (no text decoding of whole lines, no object per event): the
stream's JSON is UTF-8 and ``json.loads`` takes bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DONE", "SSEDecoder", "parse_lines"]

DONE = b"[DONE]"
_DATA = b"data:"


class SSEDecoder:
    """Incremental SSE decoder: feed body chunks, get the ``data`` of each complete event.

    Comment lines (``: OPENROUTER PROCESSING``) are counted and skipped, multi-line ``data:`` fields
    are joined with newlines as the SSE spec says, other fields (``event:``, ``id:``, ``retry:``) are
    ignored. Lines may end in LF, CRLF or CR. ``max_event_bytes`` bounds one event (and one line):
    the decoder raises :class:`EventTooLarge` rather than buffer without end.
    """

    def __init__(self, max_event_bytes: int | None = None) -> None:
        self._tail: list[bytes] = []  # an incomplete last line, in pieces, held for the next chunk
        self._tail_size = 0
        self._data: list[bytes] = []
        self._size = 0
        self._max = max_event_bytes
        #: keep-alive comments seen so far
        self.comments = 0
        #: whether the last complete line was a comment (the caller's idle check uses it)
        self.last_was_comment = False

    def feed(self, chunk: bytes) -> list[bytes]:
        """Decode one chunk; return the data of every event it completed (often one, or none)."""
        if (  # the common case on a live stream: exactly one whole one-line event
            not self._tail
            and not self._data
            and chunk[:6] == b"data: "
            and chunk[-2:] == b"\n\n"
            and chunk.count(b"\n") == 2
            and b"\r" not in chunk
        ):
            if self._max is not None and len(chunk) - 8 > self._max:
                raise EventTooLarge(self._max)
            self.last_was_comment = False
            return [chunk[6:-2]]
        if b"\n" not in chunk and b"\r" not in chunk:  # the middle of a line: keep it, copy nothing
            self._tail.append(chunk)
            self._tail_size += len(chunk)
            if self._max is not None and self._tail_size + self._size > self._max:
                raise EventTooLarge(self._max)
            return []
        buffer = b"".join((*self._tail, chunk)) if self._tail else chunk
        self._tail, self._tail_size = [], 0
        if b"\r" in buffer:
            # a CR at the very end may be the first half of a CRLF: keep it for the next chunk
            held = buffer.endswith(b"\r")
            buffer = buffer[:-1] if held else buffer
            buffer = buffer.replace(b"\r\n", b"\n").replace(b"\r", b"\n") + (b"\r" if held else b"")
        lines = buffer.split(b"\n")
        tail = lines.pop()
        if tail:
            self._tail, self._tail_size = [tail], len(tail)
        if self._max is not None and self._tail_size + self._size > self._max:
            raise EventTooLarge(self._max)
        events: list[bytes] = []
        for line in lines:
            if not line:
                if self._data:
                    events.append(self._data[0] if len(self._data) == 1 else b"\n".join(self._data))
                    self._data = []
                    self._size = 0
            elif line[0] == 58:  # b":": a comment (keep-alive)
                self.comments += 1
                self.last_was_comment = True
                continue
            elif line.startswith(_DATA):
                value = line[6:] if line[5:6] == b" " else line[5:]
                self._data.append(value)
                self._size += len(value) + 1
                if self._max is not None and self._size > self._max:
                    raise EventTooLarge(self._max)
            self.last_was_comment = False
        return events

    def close(self) -> list[bytes]:
        """End of stream: an event still being collected (no blank line after it) is returned."""
        events = self.feed(b"\n\n") if self._tail or self._data else []
        self._tail, self._tail_size = [], 0
        return events


class EventTooLarge(ValueError):
    """One SSE line or event is larger than the decoder's bound."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"an event stream line or event exceeded {limit:,} bytes")
        self.limit = limit


def parse_lines(lines: Iterable[str]) -> list[bytes]:
    """Decode a complete stream given as text lines (for tests and tools)."""
    decoder = SSEDecoder()
    events: list[bytes] = []
    for line in lines:
        events += decoder.feed(line.encode() + b"\n")
    return events + decoder.close()
