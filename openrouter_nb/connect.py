"""The embedded default: the real service with a key, the offline emulator without one."""

from __future__ import annotations

import os
import sys
from typing import Any

from .client.client import DEFAULT_BASE_URL, OpenRouterClient

__all__ = ["connect"]

_announced = False


def connect(*, offline: bool | None = None, seed: int = 0, **client_options: Any) -> OpenRouterClient:
    """Return a client for the real OpenRouter when ``OPENROUTER_API_KEY`` is set, else the emulator.

    Parameters
    ----------
    offline:
        ``True`` forces the in-process emulator even with a key; ``False`` forces the real service.
        ``None`` (default) decides from ``OPENROUTER_API_KEY`` (or an ``api_key`` option).
    seed:
        The emulator's seed (same seed, same ids and replies).
    client_options:
        Passed to :class:`OpenRouterClient`.

    The first offline client of a process says so once on stderr, so nobody mistakes emulated
    output for the real service.
    """
    global _announced
    key = client_options.get("api_key") or os.environ.get("OPENROUTER_API_KEY")
    if offline is None:
        offline = not key
    if not offline:
        return OpenRouterClient(**client_options)
    from .emulator import DEMO_KEY, Emulator

    if not _announced:
        _announced = True
        why = "offline=True" if key else "no OPENROUTER_API_KEY set"
        sys.stderr.write(
            f"openrouter_nb: {why}, running offline on the built-in emulator "
            "(deterministic fake replies, no charges).\n"
        )
    options = {"api_key": DEMO_KEY, "base_url": DEFAULT_BASE_URL, **client_options}
    options.setdefault("transport", Emulator(seed=seed, management_key=DEMO_KEY))  # the demo key owns its account
    return OpenRouterClient(**options)
