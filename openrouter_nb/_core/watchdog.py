"""The idle deadline of an event stream: one timer per idle period, not one per event."""

from __future__ import annotations

from typing import Any

__all__ = ["Watchdog"]


class Watchdog:
    """The idle deadline of a stream, with one timer per idle period rather than one per event.

    The deadline is ``idle`` seconds after the later of the last event and the moment the consumer
    handed control back (time spent in the consumer's own loop body never counts). The reader calls
    :meth:`wait` before it awaits the next bytes (one clock read per chunk that had events) and sets
    ``waiting`` back to False when they arrive. When the timer fires while the stream is waiting and
    the deadline has passed, it cancels the task; :meth:`expire_handled` turns that cancellation
    into the timeout error.
    """

    def __init__(self, asyncio: Any, idle: float) -> None:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        self._idle = idle
        self._mark = self._last_event = self._loop.time()
        self._expired = False
        self.waiting = False
        self._timer = self._loop.call_at(self._mark + idle, self._fire)

    def wait(self, had_events: bool) -> None:
        """The reader is about to wait for bytes; ``had_events``: the last chunk completed an event.

        Only events move the deadline (the consumer had control only if there were any): a chunk of
        keep-alive comments does not.
        """
        if had_events:
            self._mark = self._last_event = self._loop.time()
        self.waiting = True

    def overdue(self) -> bool:
        """Whether ``idle`` seconds passed without an event (only keep-alive comments, or nothing)."""
        return bool(self._loop.time() - self._last_event >= self._idle)

    def _fire(self) -> None:
        due = self._mark + self._idle
        if self.waiting and self._loop.time() >= due and self._task is not None:
            self._expired = True
            self._task.cancel()
            return
        self._timer = self._loop.call_at(max(due, self._loop.time() + self._idle / 10), self._fire)

    def expire_handled(self) -> bool:
        """Whether a cancellation was this watchdog's doing (then it is undone, to be re-raised typed)."""
        if not self._expired or self._task is None:
            return False
        self._task.uncancel()
        return True

    def stop(self) -> None:
        self._timer.cancel()
