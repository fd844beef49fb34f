"""Rate limits as the service states them: wait out a minute's window, stop at a day's, pace the rest.

OpenRouter's own 429s carry ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` (epoch
milliseconds), repeated under ``error.metadata.headers``, and no ``Retry-After``:

- ``free-models-per-min`` (20 requests a minute on ``:free`` models): the requester waits until
  the window resets (through the client's ``sleep``, at most :data:`MAX_RATE_WAIT` seconds) and
  sends again, which is not counted as a failed attempt; and it learns the model's limit, so the
  next requests on that model are paced under it (:class:`RatePacer`) instead of hitting it.
- ``free-models-per-day`` (50 a UTC day under $10 of credits, else 1,000): never retried, raised at
  once with when it resets and how to lift it.

How long to wait is the reset minus the service's own clock (the ``Date`` header of the 429), so a
skewed local clock changes nothing.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from ..errors import RateLimitError

__all__ = ["MAX_RATE_WAIT", "MAX_RATE_WAITS", "RatePacer", "describe", "server_now", "window_wait"]

logger = logging.getLogger("openrouter_nb")

#: the longest wait for a window to reset that a call takes on itself (a minute's window and a margin)
MAX_RATE_WAIT = 65.0
#: waits for a window one call takes at most before it raises
MAX_RATE_WAITS = 5
_MARGIN = 0.05  # seconds past the reset, so the next request lands in the new window


def server_now(headers: dict[str, str]) -> float:
    """The service's Unix time from a response's ``Date`` header, else this machine's."""
    value = next((v for k, v in headers.items() if k.lower() == "date"), None)
    if value:
        try:
            return parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, IndexError):
            pass
    return time.time()


def window_wait(error: RateLimitError) -> float | None:
    """Seconds until a per-minute window resets (by the service's clock), or None when the 429 is
    not one to wait out (a day's cap, another kind of limit, or a wait over :data:`MAX_RATE_WAIT`)."""
    reset = error.reset_at
    if error.scope == "day" or reset is None or error.retry_after is not None:
        return None
    wait = reset.timestamp() - server_now(error.headers) + _MARGIN
    if error.scope != "minute" and wait > 70:
        return None  # an unnamed limit with a long window: not ours to wait out
    return wait if 0 <= wait <= MAX_RATE_WAIT else (0.0 if wait < 0 else None)


def _span(seconds: float) -> str:
    seconds = max(0, math.ceil(seconds))
    hours, minutes = divmod(seconds // 60, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min" if minutes else f"{seconds} s"


def describe(error: RateLimitError) -> str:
    """What a free-tier 429 means and what to do, in words (empty for other 429s)."""
    reset, limit = error.reset_at, error.limit
    if reset is None or error.scope is None:
        return ""
    left = reset.timestamp() - server_now(error.headers)
    when = f"it resets at {reset:%Y-%m-%d %H:%M:%S} UTC, in {_span(left)}"
    if error.scope == "day":
        cap = f"the {limit} requests a day" if limit else "the daily requests"
        lift = (
            "add 10 credits (https://openrouter.ai/credits) to unlock 1000 a day, or use a paid model (without :free)"
            if limit is not None and limit < 1000
            else "use a paid model (without :free) until then"
        )
        return f"{cap} on :free models are used up; {when}; {lift}"
    return f"the {limit or 20} requests a minute on :free models are used; {when}"


@dataclass
class _Window:
    limit: int
    ends: float  # on the pacer's clock
    used: int


class RatePacer:
    """What a client has learned of models' rate limits, and the wait that keeps requests under them.

    A model is paced once one of its per-minute 429s told its limit: at most ``limit`` requests a
    window, the next ones waiting for the window to reset (windows follow the service's, learned
    from the reset it stated). ``clock`` and ``sleep`` are the client's (injectable in tests).
    :meth:`listening` lets a progress bar say it is waiting, and for how long.
    """

    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], Awaitable[Any]]) -> None:
        self._clock = clock
        self._sleep = sleep
        self._windows: dict[str, _Window] = {}
        self._listeners: list[Callable[[str, float], None]] = []

    @property
    def limits(self) -> dict[str, int]:
        """The per-minute limits learned so far, by model."""
        return {model: window.limit for model, window in self._windows.items()}

    def learned(self, model: str, limit: int | None, wait: float) -> None:
        """A 429 said ``model``'s window is full for ``wait`` more seconds and allows ``limit`` requests."""
        limit = limit if isinstance(limit, int) and limit > 0 else 20
        self._windows[model] = _Window(limit, self._clock() + wait, limit)
        self.notify(model, wait)

    def notify(self, model: str, wait: float) -> None:
        """Tell the listeners that a request on ``model`` waits ``wait`` seconds for its window."""
        logger.info("%s: waiting %.1f s for the rate limit's window to reset", model, wait)
        for listener in list(self._listeners):
            listener(model, wait)

    async def before(self, model: Any) -> None:
        """Wait, if need be, until one more request on ``model`` fits its window; then count it."""
        window = self._windows.get(model) if isinstance(model, str) else None
        while window is not None:
            now = self._clock()
            if now >= window.ends:  # a new window, aligned on the ones the service stated
                window.ends += 60.0 * max(1, math.ceil((now - window.ends) / 60.0 + 1e-9))
                window.used = 0
            if window.used < window.limit:
                window.used += 1
                return
            wait = window.ends - now
            self.notify(model, wait)
            await self._sleep(wait)

    @contextmanager
    def listening(self, listener: Callable[[str, float], None]) -> Iterator[None]:
        """Call ``listener(model, seconds)`` whenever a request waits for a rate limit, inside the block."""
        self._listeners.append(listener)
        try:
            yield
        finally:
            self._listeners.remove(listener)
