"""What the emulator's route mixins may rely on: the state and helpers ``EmulatorCore`` provides.

Type declarations only; ``EmulatorCore`` defines all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

__all__ = ["EmulatorState"]


class EmulatorState:
    """The part of :class:`~openrouter_nb.emulator.EmulatorCore` its route mixins use."""

    clock: Callable[[], float]
    stream_chunk_delay: float
    streams_closed_early: int
    video_pending_s: float
    video_done_s: float
    jobs: dict[str, dict[str, Any]]
    _mp4: dict[str, bytes]

    if TYPE_CHECKING:

        def _bill(self, record: dict[str, Any]) -> None: ...

        def _check_balance(self) -> None: ...

        def _next_id(self, prefix: str) -> tuple[str, int]: ...

        def _resolve_model(self, model_id: Any) -> dict[str, Any]: ...
