"""An offline emulator of the OpenRouter API, for demos, notebooks, tests and benchmarks.

Served in-process as an httpx transport (``OpenRouterClient(transport=Emulator())``) or over a
real loopback socket (``python -m openrouter_nb.emulator --port 8787``); both share one
request→response :class:`EmulatorCore`, which both *have*: ``Emulator(...).core`` and
``EmulatorServer(core).core``. See :class:`Emulator` for the fault script and the request history.
"""

from __future__ import annotations

from .core import DEMO_KEY, EmulatorCore, Fault, RecordedRequest
from .server import EmulatorServer
from .transport import Emulator

__all__ = ["DEMO_KEY", "Emulator", "EmulatorCore", "EmulatorServer", "Fault", "RecordedRequest"]
