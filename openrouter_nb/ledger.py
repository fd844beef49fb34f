"""The per-client spend ledger: one row per billed call, from each response's ``usage.cost``."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LedgerEntry", "SpendLedger"]


@dataclass(frozen=True)
class LedgerEntry:
    call: str
    model: str | None
    provider: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    cost: float | None
    generation_id: str | None
    cached: bool = False


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _cost(usage: Any) -> float | None:
    value = usage.get("cost") if isinstance(usage, dict) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


class SpendLedger:
    """What this client has spent. ``frame()`` gives a DataFrame; ``total`` the USD sum.

    Cached responses appear with ``cached=True`` and cost 0: they were not billed again.
    """

    def __init__(self) -> None:
        # raw records, validated when read: recording stays cheap on the hot path of every call
        self._raw: list[tuple[str, Any, Any, Any, Any, bool]] = []

    def record(
        self, call: str, model: Any, provider: Any, usage: Any, generation_id: Any = None, *, cached: bool = False
    ) -> None:
        """Note one billed call (``usage`` is the response's ``usage`` object, as given)."""
        self._raw.append((call, model, provider, usage, generation_id, cached))

    @staticmethod
    def _entry(call: str, model: Any, provider: Any, usage: Any, generation_id: Any, cached: bool) -> LedgerEntry:
        usage = usage if isinstance(usage, dict) else {}
        return LedgerEntry(
            call=call,
            model=model if isinstance(model, str) else None,
            provider=provider if isinstance(provider, str) else None,
            prompt_tokens=_int(usage.get("prompt_tokens")),
            completion_tokens=_int(usage.get("completion_tokens")),
            cost=0.0 if cached else _cost(usage),
            generation_id=generation_id if isinstance(generation_id, str) else None,
            cached=cached,
        )

    @property
    def entries(self) -> list[LedgerEntry]:
        """The recorded calls, oldest first."""
        return [self._entry(*raw) for raw in self._raw]

    @property
    def total(self) -> float:
        """USD billed so far (calls whose cost is unknown count as 0)."""
        return round(sum(e.cost or 0.0 for e in self.entries), 10)

    def __len__(self) -> int:
        return len(self._raw)

    def frame(self) -> pd.DataFrame:
        """The ledger as a DataFrame (columns: call, model, provider, prompt_tokens, completion_tokens,
        cost, generation_id, cached)."""
        import pandas as pd

        names = [f.name for f in fields(LedgerEntry)]
        frame = pd.DataFrame([astuple(e) for e in self.entries], columns=names)
        return frame.astype(
            {"prompt_tokens": "Int64", "completion_tokens": "Int64", "cost": "float64", "cached": "bool"}
        )
