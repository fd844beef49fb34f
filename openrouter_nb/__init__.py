"""openrouter_nb: a Jupyter-friendly toolkit for the OpenRouter API.

One import line is enough in a notebook (``import openrouter_nb as orn``): the client, its errors,
the catalog frames, the widgets, the post pipeline and studio, and the offline emulator are all
reachable from here. The import stays light: pandas, ipywidgets, Pillow and nest_asyncio load only
when a name that needs them (``models_frame``, ``ModelPicker``, ``PostStudio``, ``run`` …) is first used.

Every name here is defined in a module of one layer (``client/``, ``catalog/``, ``creator/`` …; see
ARCHITECTURE.md) and shows this public path (``openrouter_nb.OpenRouterClient``) in reprs and help.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._core.limits import ResponseLimits
from ._version import __version__
from .catalog.facts import classify_model_capabilities, summarize_models
from .client.audio import Transcription
from .client.chat import ChatResult
from .client.client import OpenRouterClient
from .client.embeddings import EmbeddingSet, RerankHit
from .client.streaming import ChatStream, show_stream
from .client.tools import ToolCall, ToolRun, run_tools, tool_schema
from .connect import connect
from .errors import (
    APIConnectionError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BudgetExceededError,
    GenerationError,
    InsufficientCreditsError,
    InternalServerError,
    InvalidMediaError,
    NoProviderAvailableError,
    NotFoundError,
    OpenRouterError,
    OutputValidationError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    RequestTimeoutError,
    ResponseTooLargeError,
    UnsafeURLError,
    UpstreamProviderError,
    VideoJobError,
)
from .media import AudioResult, Gallery, ImageResult, ImageSet, VideoResult, decode_images

if TYPE_CHECKING:
    from ._core.snapshots import save_snapshot
    from ._core.sync import run, spawn
    from .arena.costs import measure_costs
    from .arena.rounds import run_arena
    from .arena.votes import arena_leaderboard, record_vote
    from .arena.widget import Arena
    from .catalog.charts import cost_chart, value_chart
    from .catalog.cost import add_image_prices, add_video_prices, estimate_cost
    from .catalog.frame import CatalogWarning, models_frame
    from .catalog.history import bundled_snapshots, diff_catalogs, load_snapshots, price_history
    from .catalog.picker import ModelPicker, pick_model
    from .catalog.popularity import add_popularity, popularity_chart
    from .catalog.show import compare_models, price_table
    from .catalog.value import add_value, cheapest, value_frontier
    from .client.batch import BatchItem, generate_many
    from .client.cache import ResponseCache
    from .client.records import benchmarks_frame, embeddings_frame
    from .creator.calendar import create_posts, export_posts, plan_posts
    from .creator.copywriting import Brief, write_caption, write_image_prompt
    from .creator.dataset import generate_frame
    from .creator.generation import generate_images, make_video, render_preview
    from .creator.persona import Persona
    from .creator.pipeline import Post, create_post
    from .creator.platforms import FORMATS, PlatformFormat
    from .creator.studio import PostStudio
    from .creator.variants import caption_variants, image_variants
    from .emulator import Emulator, Fault

# name → module of the package that defines it, imported on first attribute access (PEP 562)
_LAZY = {
    "CatalogWarning": "catalog.frame",
    "popularity_chart": "catalog.popularity",
    "add_popularity": "catalog.popularity",
    "generate_frame": "creator.dataset",
    "add_image_prices": "catalog.cost",
    "save_snapshot": "_core.snapshots",
    "run": "_core.sync",
    "spawn": "_core.sync",
    "measure_costs": "arena.costs",
    "run_arena": "arena.rounds",
    "arena_leaderboard": "arena.votes",
    "record_vote": "arena.votes",
    "Arena": "arena.widget",
    "cost_chart": "catalog.charts",
    "value_chart": "catalog.charts",
    "add_video_prices": "catalog.cost",
    "estimate_cost": "catalog.cost",
    "models_frame": "catalog.frame",
    "bundled_snapshots": "catalog.history",
    "diff_catalogs": "catalog.history",
    "load_snapshots": "catalog.history",
    "price_history": "catalog.history",
    "ModelPicker": "catalog.picker",
    "pick_model": "catalog.picker",
    "compare_models": "catalog.show",
    "price_table": "catalog.show",
    "add_value": "catalog.value",
    "cheapest": "catalog.value",
    "value_frontier": "catalog.value",
    "BatchItem": "client.batch",
    "generate_many": "client.batch",
    "ResponseCache": "client.cache",
    "benchmarks_frame": "client.records",
    "embeddings_frame": "client.records",
    "create_posts": "creator.calendar",
    "export_posts": "creator.calendar",
    "plan_posts": "creator.calendar",
    "Brief": "creator.copywriting",
    "write_caption": "creator.copywriting",
    "write_image_prompt": "creator.copywriting",
    "generate_images": "creator.generation",
    "make_video": "creator.generation",
    "render_preview": "creator.generation",
    "Persona": "creator.persona",
    "Post": "creator.pipeline",
    "create_post": "creator.pipeline",
    "FORMATS": "creator.platforms",
    "PlatformFormat": "creator.platforms",
    "PostStudio": "creator.studio",
    "caption_variants": "creator.variants",
    "image_variants": "creator.variants",
    "Emulator": "emulator",
    "Fault": "emulator",
}

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "Arena",
    "AudioResult",
    "AuthenticationError",
    "BadRequestError",
    "BatchItem",
    "Brief",
    "BudgetExceededError",
    "CatalogWarning",
    "ChatResult",
    "ChatStream",
    "EmbeddingSet",
    "Emulator",
    "FORMATS",
    "Fault",
    "Gallery",
    "GenerationError",
    "ImageResult",
    "ImageSet",
    "InsufficientCreditsError",
    "InternalServerError",
    "InvalidMediaError",
    "ModelPicker",
    "NoProviderAvailableError",
    "NotFoundError",
    "OpenRouterClient",
    "OpenRouterError",
    "OutputValidationError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "Persona",
    "PlatformFormat",
    "Post",
    "PostStudio",
    "RateLimitError",
    "RequestTimeoutError",
    "RerankHit",
    "ResponseCache",
    "ResponseLimits",
    "ResponseTooLargeError",
    "ToolCall",
    "ToolRun",
    "Transcription",
    "UnsafeURLError",
    "UpstreamProviderError",
    "VideoJobError",
    "VideoResult",
    "__version__",
    "add_image_prices",
    "add_popularity",
    "add_value",
    "add_video_prices",
    "arena_leaderboard",
    "benchmarks_frame",
    "bundled_snapshots",
    "caption_variants",
    "cheapest",
    "classify_model_capabilities",
    "compare_models",
    "connect",
    "cost_chart",
    "create_post",
    "create_posts",
    "decode_images",
    "diff_catalogs",
    "embeddings_frame",
    "estimate_cost",
    "export_posts",
    "generate_frame",
    "generate_images",
    "generate_many",
    "image_variants",
    "load_snapshots",
    "make_video",
    "measure_costs",
    "models_frame",
    "pick_model",
    "plan_posts",
    "popularity_chart",
    "price_history",
    "price_table",
    "record_vote",
    "render_preview",
    "run",
    "run_arena",
    "run_tools",
    "save_snapshot",
    "show_stream",
    "spawn",
    "summarize_models",
    "tool_schema",
    "value_chart",
    "value_frontier",
    "write_caption",
    "write_image_prompt",
]


def _public(value: Any) -> Any:
    """Show ``value`` (a class or function of the face) under the public path, as httpx does."""
    if isinstance(value, type) or callable(value) and hasattr(value, "__code__"):
        value.__module__ = __name__
    return value


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'openrouter_nb' has no attribute {name!r}")
    value = _public(getattr(importlib.import_module(f".{module}", __name__), name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


for _name in __all__:
    if _name in globals():
        _public(globals()[_name])
del _name
