"""An interrupt never throws away a call that is already paid for.

A billed call in flight when the run is cancelled (a first Ctrl-C in the command line, a cancelled
task) has probably been billed by the service already: dropping its answer means paying for it
again on the next run. :func:`finish_paid` lets it finish (within :data:`FINISH_BOUND_S`) so the
step can journal it, and the run stops at the next :func:`stop_if_interrupted`. A second
interrupt abandons it (in the command line, Python's own second Ctrl-C does that).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

__all__ = ["FINISH_BOUND_S", "finish_paid", "stop_if_interrupted"]

#: how long an interrupted run waits for a paid call in flight before it abandons it
FINISH_BOUND_S = 120.0

T = TypeVar("T")
logger = logging.getLogger("openrouter_nb")


async def finish_paid(call: Awaitable[T], what: str, *, bound: float = FINISH_BOUND_S) -> T:
    """Await a billed ``call``; when the run is cancelled meanwhile, finish it first (saying so).

    The caller then records the answer, and the run stops at its next :func:`stop_if_interrupted`
    (the cancellation stays pending on the task). A second cancellation, or ``bound`` seconds,
    abandons the call.
    """
    task = asyncio.ensure_future(call)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        if task.done() and not task.cancelled():
            return task.result()
        logger.warning("finishing the %s already paid for… Ctrl-C again to abandon it", what)
        try:
            async with asyncio.timeout(bound):
                return await asyncio.shield(task)
        except BaseException:
            task.cancel()
            raise asyncio.CancelledError from None


def stop_if_interrupted() -> None:
    """Raise ``CancelledError`` when the running task was cancelled while a paid call finished."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
