"""nbval, taught display updates: an output shown with a display handle is compared as it ends.

``show_stream`` (and a video job's status line) show one output and update it in place
(``display(..., display_id=True)`` then ``handle.update(...)``): Jupyter and nbclient apply the
``update_display_data`` messages, so a stored notebook keeps the final text. nbval ignores those
messages ("unhandled iopub msg") and would compare the first, empty state. This relay holds back
a display that has a display id and applies its updates, releasing it (as it ends) before the next
message of any other kind, so strict nbval compares what a reader sees.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import nbval.plugin


class DisplayUpdates:
    """Wraps nbval's kernel-message getter; one per notebook file."""

    def __init__(self, get: Callable[..., dict[str, Any]]) -> None:
        self._get = get
        self._held: list[dict[str, Any]] = []
        self._ready: deque[dict[str, Any]] = deque()

    def __call__(self, timeout: float | None = None, stream: str = "iopub") -> dict[str, Any]:
        if stream != "iopub":
            return self._get(timeout=timeout, stream=stream)
        while not self._ready:
            message = self._get(timeout=timeout, stream=stream)
            kind, content = message["msg_type"], message["content"]
            display_id = (content.get("transient") or {}).get("display_id")
            if kind == "display_data" and display_id:
                self._held.append(message)
            elif kind == "update_display_data":
                for held in self._held:
                    if held["content"]["transient"]["display_id"] == display_id:
                        held["content"]["data"] = content["data"]
                        held["content"]["metadata"] = content["metadata"]
            else:
                self._ready.extend(self._held)
                self._held.clear()
                self._ready.append(message)
        return self._ready.popleft()


_original = nbval.plugin.IPyNbFile.get_kernel_message


def _get_kernel_message(self: Any, timeout: float | None = None, stream: str = "iopub") -> dict[str, Any]:
    relay = self.__dict__.get("_display_updates")
    if relay is None:
        relay = self.__dict__["_display_updates"] = DisplayUpdates(
            lambda timeout, stream: _original(self, timeout=timeout, stream=stream)
        )
    return relay(timeout, stream)


nbval.plugin.IPyNbFile.get_kernel_message = _get_kernel_message
