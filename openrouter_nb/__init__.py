"""openrouter_nb: a Jupyter-friendly toolkit for the OpenRouter API.

The import stays light: pandas, ipywidgets and nest_asyncio load only when a name that needs
them (``models_frame``, ``ModelPicker``, ``run`` …) is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .catalog import classify_model_capabilities, summarize_models
from .client import OpenRouterClient
from .connect import connect
from .errors import OpenRouterError
from .results import ChatResult, ImageResult, VideoResult, decode_images
from .streaming import ChatStream, show_stream

if TYPE_CHECKING:
    from .frames import add_video_prices, compare_models, estimate_cost, models_frame, price_table
    from .sync import run, spawn
    from .widgets import ModelPicker, pick_model

# name → module, imported on first attribute access (PEP 562)
_LAZY = {
    "models_frame": "frames",
    "estimate_cost": "frames",
    "compare_models": "frames",
    "price_table": "frames",
    "add_video_prices": "frames",
    "ModelPicker": "widgets",
    "pick_model": "widgets",
    "run": "sync",
    "spawn": "sync",
}

__all__ = [
    "ChatResult",
    "ChatStream",
    "ImageResult",
    "ModelPicker",
    "OpenRouterClient",
    "OpenRouterError",
    "VideoResult",
    "__version__",
    "add_video_prices",
    "classify_model_capabilities",
    "compare_models",
    "connect",
    "decode_images",
    "estimate_cost",
    "models_frame",
    "pick_model",
    "price_table",
    "run",
    "show_stream",
    "spawn",
    "summarize_models",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'openrouter_nb' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
