"""openrouter_nb: a Jupyter-friendly toolkit for the OpenRouter API.

One import line is enough in a notebook (``import openrouter_nb as orn``): the client, its errors,
the catalog frames, the widgets, the post pipeline and studio, and the offline emulator are all
reachable from here. The import stays light: pandas, ipywidgets, Pillow and nest_asyncio load only
when a name that needs them (``models_frame``, ``ModelPicker``, ``PostStudio``, ``run`` …) is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .audio import Transcription
from .catalog import classify_model_capabilities, summarize_models
from .chat import ChatResult
from .client import OpenRouterClient
from .connect import connect
from .embeddings import EmbeddingSet, RerankHit
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
from .limits import ResponseLimits
from .media import AudioResult, Gallery, ImageResult, ImageSet, VideoResult, decode_images
from .streaming import ChatStream, show_stream
from .tools import ToolCall, ToolRun, run_tools, tool_schema

if TYPE_CHECKING:
    from .arena import arena_leaderboard, record_vote, run_arena
    from .arena_widget import Arena
    from .batch import BatchItem, generate_many
    from .cache import ResponseCache
    from .charts import value_chart
    from .emulator import Emulator, Fault
    from .frames import (
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
    from .history import bundled_snapshots, load_snapshots, save_snapshot
    from .persona import Persona
    from .pipeline import (
        Brief,
        Post,
        create_post,
        generate_images,
        make_video,
        render_preview,
        write_caption,
        write_image_prompt,
    )
    from .platforms import FORMATS, PlatformFormat
    from .posts import create_posts, export_posts, plan_posts
    from .studio import PostStudio
    from .sync import run, spawn
    from .variants import caption_variants, image_variants
    from .widgets import ModelPicker, pick_model

# name → module, imported on first attribute access (PEP 562)
_LAZY = {
    "BatchItem": "batch",
    "generate_many": "batch",
    "ResponseCache": "cache",
    "Emulator": "emulator",
    "Fault": "emulator",
    "models_frame": "frames",
    "estimate_cost": "frames",
    "compare_models": "frames",
    "price_table": "frames",
    "add_video_prices": "frames",
    "benchmarks_frame": "frames",
    "embeddings_frame": "frames",
    "cheapest": "frames",
    "add_value": "frames",
    "value_frontier": "frames",
    "diff_catalogs": "frames",
    "price_history": "frames",
    "save_snapshot": "history",
    "load_snapshots": "history",
    "bundled_snapshots": "history",
    "value_chart": "charts",
    "Arena": "arena_widget",
    "run_arena": "arena",
    "record_vote": "arena",
    "arena_leaderboard": "arena",
    "Brief": "pipeline",
    "Persona": "persona",
    "FORMATS": "platforms",
    "PlatformFormat": "platforms",
    "caption_variants": "variants",
    "image_variants": "variants",
    "plan_posts": "posts",
    "create_posts": "posts",
    "export_posts": "posts",
    "Post": "pipeline",
    "create_post": "pipeline",
    "generate_images": "pipeline",
    "make_video": "pipeline",
    "render_preview": "pipeline",
    "write_caption": "pipeline",
    "write_image_prompt": "pipeline",
    "PostStudio": "studio",
    "ModelPicker": "widgets",
    "pick_model": "widgets",
    "run": "sync",
    "spawn": "sync",
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
