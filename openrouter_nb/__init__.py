"""openrouter_nb: a Jupyter-friendly toolkit for the OpenRouter API.

One import line is enough in a notebook (``import openrouter_nb as orn``): the client, its errors,
the catalog frames, the widgets, the post pipeline and studio, and the offline emulator are all
reachable from here. The import stays light: pandas, ipywidgets, Pillow and nest_asyncio load only
when a name that needs them (``models_frame``, ``ModelPicker``, ``PostStudio``, ``run`` …) is first used.
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
    from ._core.snapshots import bundled_snapshots, load_snapshots, save_snapshot
    from ._core.sync import run, spawn
    from .arena.rounds import arena_leaderboard, record_vote, run_arena
    from .arena.widget import Arena
    from .catalog import (
        add_value,
        add_video_prices,
        benchmarks_frame,
        cheapest,
        compare_models,
        diff_catalogs,
        embeddings_frame,
        estimate_cost,
        models_frame,
        price_history,
        price_table,
        value_frontier,
    )
    from .catalog.charts import value_chart
    from .catalog.picker import ModelPicker, pick_model
    from .client.batch import BatchItem, generate_many
    from .client.cache import ResponseCache
    from .creator.calendar import create_posts, export_posts, plan_posts
    from .creator.persona import Persona
    from .creator.pipeline import (
        Brief,
        Post,
        create_post,
        generate_images,
        make_video,
        render_preview,
        write_caption,
        write_image_prompt,
    )
    from .creator.platforms import FORMATS, PlatformFormat
    from .creator.studio import PostStudio
    from .creator.variants import caption_variants, image_variants
    from .emulator import Emulator, Fault

# name → module, imported on first attribute access (PEP 562)
_LAZY = {
    "BatchItem": "client.batch",
    "generate_many": "client.batch",
    "ResponseCache": "client.cache",
    "Emulator": "emulator",
    "Fault": "emulator",
    "models_frame": "catalog",
    "estimate_cost": "catalog",
    "compare_models": "catalog",
    "price_table": "catalog",
    "add_video_prices": "catalog",
    "benchmarks_frame": "catalog",
    "embeddings_frame": "catalog",
    "cheapest": "catalog",
    "add_value": "catalog",
    "value_frontier": "catalog",
    "diff_catalogs": "catalog",
    "price_history": "catalog",
    "save_snapshot": "_core.snapshots",
    "load_snapshots": "_core.snapshots",
    "bundled_snapshots": "_core.snapshots",
    "value_chart": "catalog.charts",
    "Arena": "arena.widget",
    "run_arena": "arena.rounds",
    "record_vote": "arena.rounds",
    "arena_leaderboard": "arena.rounds",
    "Brief": "creator.pipeline",
    "Persona": "creator.persona",
    "FORMATS": "creator.platforms",
    "PlatformFormat": "creator.platforms",
    "caption_variants": "creator.variants",
    "image_variants": "creator.variants",
    "plan_posts": "creator.calendar",
    "create_posts": "creator.calendar",
    "export_posts": "creator.calendar",
    "Post": "creator.pipeline",
    "create_post": "creator.pipeline",
    "generate_images": "creator.pipeline",
    "make_video": "creator.pipeline",
    "render_preview": "creator.pipeline",
    "write_caption": "creator.pipeline",
    "write_image_prompt": "creator.pipeline",
    "PostStudio": "creator.studio",
    "ModelPicker": "catalog.picker",
    "pick_model": "catalog.picker",
    "run": "_core.sync",
    "spawn": "_core.sync",
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
    "create_post",
    "create_posts",
    "decode_images",
    "diff_catalogs",
    "embeddings_frame",
    "estimate_cost",
    "export_posts",
    "generate_images",
    "generate_many",
    "image_variants",
    "load_snapshots",
    "make_video",
    "models_frame",
    "pick_model",
    "plan_posts",
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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'openrouter_nb' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
