"""The free tier's limits, as the service applies them to ``:free`` model variants, per key.

- **20 requests a minute** (``free-models-per-min``);
- **50 a UTC day** for an account that has bought less than $10 of credits, **1,000** otherwise
  (``free-models-per-day``; the message says how to lift the lower cap).

Paid models have no platform cap. A refused request is a 429 in the service's envelope:
``Rate limit exceeded: free-models-per-min.`` with ``X-RateLimit-Limit``, ``X-RateLimit-Remaining``
and ``X-RateLimit-Reset`` (Unix epoch *milliseconds*, the window's end) as headers and again under
``error.metadata.headers``; no ``Retry-After``. Successful answers carry no rate-limit headers. Only
accepted requests count (a refused one costs the user nothing). Windows are fixed: the minute and
the UTC day, on the emulator's clock (:meth:`EmulatorCore.now`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .protocol import BadRequest

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["FreeTier", "RateLimited"]

DAY = 86_400


class RateLimited(BadRequest):
    """A 429 of the free tier: its scope (``minute`` or ``day``), its headers and the window's end."""

    def __init__(self, scope: str, limit: int, reset_ms: int, message: str) -> None:
        headers = {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset_ms)}
        super().__init__(429, message, metadata={"headers": headers, "provider_name": None})
        self.scope = scope
        self.headers = {k.lower(): v for k, v in headers.items()}


@dataclass
class FreeTier:
    """Counts of accepted ``:free`` requests, per key and window."""

    minutes: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    days: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    #: other routes' own limits (the datasets' 30 a minute), by key, route and minute
    routes: dict[tuple[str, str, int], int] = field(default_factory=lambda: defaultdict(int))

    def admit(self, core: EmulatorCore, key: str | None, model: Any) -> None:
        """Count one request on a ``:free`` model, or raise :class:`RateLimited` when over a cap."""
        if not (isinstance(model, str) and model.endswith(":free")):
            return
        who = key or "anonymous"
        now = core.now()
        per_day = core.free_requests_per_day
        day = int(now // DAY)
        if per_day is not None and self.days[(who, day)] >= per_day:
            lift = " Add 10 credits to unlock 1000 free model requests per day" if per_day < 1000 else ""
            message = f"Rate limit exceeded: free-models-per-day.{lift}"
            raise RateLimited("day", per_day, (day + 1) * DAY * 1000, message)
        per_minute = core.free_requests_per_minute
        minute = int(now // 60)
        if per_minute is not None and self.minutes[(who, minute)] >= per_minute:
            message = "Rate limit exceeded: free-models-per-min."
            raise RateLimited("minute", per_minute, (minute + 1) * 60 * 1000, message)
        self.minutes[(who, minute)] += 1
        self.days[(who, day)] += 1
        for stale in [k for k in self.minutes if k[1] < minute - 1]:
            del self.minutes[stale]  # a long-running server keeps only the windows that still count

    def used_today(self, core: EmulatorCore, key: str | None) -> int:
        """How many ``:free`` requests the key made today (UTC)."""
        return self.days.get((key or "anonymous", int(core.now() // DAY)), 0)
