"""A small sync bridge for notebooks and scripts.

Notebook cells can ``await`` the client directly. ``run`` serves sync code: in a plain script it
drives one long-lived event loop (so a client made by one ``run`` call still works in the next);
inside a running loop (a Jupyter kernel) it applies nest_asyncio to that loop, lazily, and runs the
coroutine to completion there. ``spawn`` starts work from a widget callback without blocking the
kernel, and hands the result or the error to callbacks.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["launch", "run", "spawn"]

T = TypeVar("T")
logger = logging.getLogger("openrouter_nb")
_script_loop: asyncio.AbstractEventLoop | None = None


def _loop_for_scripts() -> asyncio.AbstractEventLoop:
    global _script_loop
    if _script_loop is None or _script_loop.is_closed():
        _script_loop = asyncio.new_event_loop()
        atexit.register(_close_script_loop, _script_loop)
    return _script_loop


def _close_script_loop(loop: asyncio.AbstractEventLoop) -> None:
    """At exit: finish the script loop's async generators and close it (no unclosed-loop warning)."""
    if not loop.is_closed() and not loop.is_running():
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion from sync code and return its result (or raise its exception).

    Works with no loop running (scripts; one loop is reused across calls) and inside a running
    loop such as a Jupyter kernel's (nest_asyncio is applied to it on first need).
    """
    if not asyncio.iscoroutine(coro):
        raise TypeError(f"run() needs a coroutine, got {type(coro).__name__}; did you forget to call it?")
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return _loop_for_scripts().run_until_complete(coro)
    import nest_asyncio

    if not getattr(loop, "_nest_patched", False):
        nest_asyncio.apply(loop)
    return loop.run_until_complete(coro)


def spawn(
    awaitable: Awaitable[T],
    *,
    on_result: Callable[[T], Any] | None = None,
    on_error: Callable[[BaseException], Any] | None = None,
) -> asyncio.Future[T]:
    """Start ``awaitable`` on the running loop without blocking it (e.g. from a button callback).

    ``on_result`` gets the result; ``on_error`` gets any exception (it is logged when no
    ``on_error`` is given, never swallowed silently). Returns the task.
    """
    task = asyncio.ensure_future(awaitable)
    task.add_done_callback(lambda fut: _deliver(fut, on_result, on_error))
    return task


def _deliver(fut: Any, on_result: Callable[[Any], Any] | None, on_error: Callable[[BaseException], Any] | None) -> None:
    """Hand a finished task's (or thread-safe future's) result or error to the callbacks."""
    error = asyncio.CancelledError() if fut.cancelled() else fut.exception()
    if error is None:
        if on_result is not None:
            on_result(fut.result())
    elif on_error is not None:
        on_error(error)
    else:
        logger.error("background task failed: %s", error, exc_info=error)


def launch(
    work: Coroutine[Any, Any, T],
    *,
    loop: asyncio.AbstractEventLoop | None = None,
    on_result: Callable[[T], Any] | None = None,
    on_error: Callable[[BaseException], Any] | None = None,
) -> Any:
    """Start ``work`` from a widget callback, on the loop its client lives on (``loop``).

    A callback may run inside that loop (then it is :func:`spawn`-ed), in another thread while the
    loop runs there (recent ipykernels handle widget messages so: then it is handed to that loop),
    or with no loop at all (a script: then it runs to completion here). Results and errors go to
    the callbacks either way; returns the task or future, or None when it already ran.
    """
    try:
        running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is not None and (loop is None or loop is running or loop.is_closed()):
        return spawn(work, on_result=on_result, on_error=on_error)
    if loop is not None and not loop.is_closed() and loop.is_running():
        future = asyncio.run_coroutine_threadsafe(work, loop)
        future.add_done_callback(lambda fut: _deliver(fut, on_result, on_error))
        return future
    try:
        if loop is not None and not loop.is_closed():
            result = loop.run_until_complete(work)  # the client's own loop, idle: use it
        else:
            result = run(work)
    except Exception as error:  # handed to the callback, never swallowed
        if on_error is None:
            raise
        on_error(error)
        return None
    if on_result is not None:
        on_result(result)
    return None
