"""Output that updates in place: a Jupyter display handle in a kernel, plain writes elsewhere; progress bars."""

from __future__ import annotations

import sys
import time
from typing import Any, Literal

__all__ = ["LiveText", "in_kernel", "optional", "plural", "progress_bar"]


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 model``, ``2 models`` (``words`` for an irregular plural)."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def in_kernel() -> bool:
    """Whether this code runs in a Jupyter kernel (where display handles exist)."""
    if "ipykernel" not in sys.modules:
        return False
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None


class LiveText:
    """Text shown once and then replaced as it changes.

    ``"display"``: one ``display_data`` output updated through its handle, so a stored notebook keeps
    one output holding the final text (updates are throttled to ``interval`` seconds; :meth:`finish`
    always shows the last state). ``"stdout"``: appended text is written as it comes, as a terminal
    shows it. ``"off"``: nothing is shown.
    """

    def __init__(self, mode: Literal["display", "stdout", "off"], *, interval: float = 0.05) -> None:
        self.mode = mode
        self.text = ""
        self._interval = interval
        self._shown_at = 0.0
        self._handle: Any = None
        if mode == "display":
            from IPython.display import display

            self._handle = display({"text/plain": ""}, raw=True, display_id=True)  # type: ignore[no-untyped-call]

    def append(self, piece: str) -> None:
        """Add text at the end."""
        self.text += piece
        if self.mode == "stdout":
            sys.stdout.write(piece)
            sys.stdout.flush()
        elif self._handle is not None:
            self._show(force=False)

    def replace(self, text: str) -> None:
        """Show ``text`` instead of what was shown (a status line)."""
        self.text = text
        if self._handle is not None:
            self._show(force=True)

    def finish(self) -> None:
        """Show the final state (and end the line on stdout)."""
        if self.mode == "stdout":
            sys.stdout.write("\n")
            sys.stdout.flush()
        elif self._handle is not None:
            self._show(force=True)

    def _show(self, *, force: bool) -> None:
        now = time.monotonic()
        if force or now - self._shown_at >= self._interval:
            self._shown_at = now
            self._handle.update({"text/plain": self.text}, raw=True)


def progress_bar(total: int, desc: str, unit: str) -> Any:
    """A ``tqdm.auto`` bar (a widget in Jupyter, text elsewhere), or None when tqdm is not installed."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=desc, unit=unit)


def optional(module: str, extra: str, purpose: str) -> Any:
    """Import an optional dependency, or raise an ``ImportError`` that names the extra to install.

    ``optional("matplotlib", "notebooks", "value_chart(...).png()")`` is the module, or the error
    "value_chart(...).png() needs matplotlib, which the notebooks extra installs: pip install
    'openrouter_nb[notebooks]'".
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{purpose} needs {module.split('.')[0]}, which the {extra} extra installs: "
            f"pip install 'openrouter_nb[{extra}]'"
        ) from None
