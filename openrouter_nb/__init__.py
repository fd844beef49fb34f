"""openrouter_nb: a Jupyter-friendly toolkit for the OpenRouter API.

The import stays light: pandas, ipywidgets and nest_asyncio load only when a name that needs
them is first used.
"""

from __future__ import annotations

from ._version import __version__
from .catalog import classify_model_capabilities, summarize_models
from .client import OpenRouterClient
from .errors import OpenRouterError

__all__ = [
    "OpenRouterClient",
    "OpenRouterError",
    "__version__",
    "classify_model_capabilities",
    "summarize_models",
]
