"""The emulator's route table: every route it serves, in one place, with the handler that answers it.

A pattern is a tuple of path segments under ``/api/v1``: a literal, ``*`` (one segment, passed to
the handler) or ``**`` (a model slug such as ``openai/gpt-4o``: two or more segments, passed
joined). The first route that matches wins, so literal routes come before the patterns they overlap.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import account_routes, catalog_routes, chat, datasets, inference_routes, media_routes, responses

if TYPE_CHECKING:
    from .core import EmulatorCore
    from .protocol import Call, EmuResponse

__all__ = ["ROUTES", "Route", "match"]

Handler = Callable[["EmulatorCore", "Call"], Awaitable["EmuResponse"]]


@dataclass(frozen=True)
class Route:
    """One route: its name (what faults are scripted on), method, path pattern, handler, whether
    it answers without a key, and whether the OpenAPI spec lists it (a few legacy paths it no
    longer does still work on the service)."""

    name: str
    method: str
    pattern: tuple[str, ...]
    handler: Handler
    public: bool = False
    spec: bool = True


ROUTES: tuple[Route, ...] = (
    Route("models", "GET", ("models",), catalog_routes.models, public=True),
    Route("models_count", "GET", ("models", "count"), catalog_routes.models_count, public=True),
    Route("models_user", "GET", ("models", "user"), catalog_routes.models_user),
    Route("endpoints", "GET", ("models", "**", "endpoints"), catalog_routes.endpoints, public=True),
    Route("model", "GET", ("model", "**"), catalog_routes.model, public=True),
    Route("image_models", "GET", ("images", "models"), catalog_routes.image_models, public=True),
    Route(
        "image_endpoints", "GET", ("images", "models", "**", "endpoints"), catalog_routes.image_endpoints, public=True
    ),
    Route("video_models", "GET", ("videos", "models"), catalog_routes.video_models, public=True),
    Route("embedding_models", "GET", ("embeddings", "models"), catalog_routes.embedding_models, public=True),
    Route("providers", "GET", ("providers",), catalog_routes.providers, public=True),
    Route("benchmarks", "GET", ("benchmarks",), catalog_routes.benchmarks),
    Route("chat", "POST", ("chat", "completions"), chat.chat),
    Route("responses", "POST", ("responses",), responses.responses),
    Route("images", "POST", ("images",), media_routes.images),
    Route("videos", "POST", ("videos",), media_routes.videos),
    Route("embeddings", "POST", ("embeddings",), inference_routes.embeddings),
    Route("speech", "POST", ("audio", "speech"), inference_routes.speech),
    Route("transcription", "POST", ("audio", "transcriptions"), inference_routes.transcription),
    Route("rerank", "POST", ("rerank",), inference_routes.rerank),
    Route("video_status", "GET", ("videos", "*"), media_routes.job_status),
    Route("video_content", "GET", ("videos", "*", "content"), media_routes.content),
    Route("generation", "GET", ("generation",), account_routes.generation),
    Route("key", "GET", ("key",), account_routes.key),
    Route("key", "GET", ("auth", "key"), account_routes.key, spec=False),  # the 2025 path some clients use
    Route("credits", "GET", ("credits",), account_routes.credits),
    Route("activity", "GET", ("activity",), account_routes.activity),
    Route("preset", "GET", ("presets", "*"), account_routes.preset),
    Route("rankings", "GET", ("datasets", "rankings-daily"), datasets.rankings_daily),
    Route("app_rankings", "GET", ("datasets", "app-rankings"), datasets.app_rankings),
)
ROUTE_NAMES = tuple(dict.fromkeys(route.name for route in ROUTES))


def _match(pattern: tuple[str, ...], parts: list[str]) -> list[str] | None:
    if "**" not in pattern:
        if len(pattern) != len(parts):
            return None
        args = []
        for want, got in zip(pattern, parts, strict=True):
            if want == "*":
                args.append(got)
            elif want != got:
                return None
        return args
    i = pattern.index("**")
    head, tail = pattern[:i], pattern[i + 1 :]
    middle = len(parts) - len(head) - len(tail)
    if middle < 2 or list(head) != parts[: len(head)] or list(tail) != parts[len(parts) - len(tail) :]:
        return None
    return ["/".join(parts[len(head) : len(head) + middle])]


def match(method: str, path: str) -> tuple[Route | None, list[str]]:
    """The route that serves ``method path`` (a path without the ``/api/v1`` prefix) and its arguments."""
    parts = [p for p in path.split("/") if p]
    for route in ROUTES:
        if route.method == method:
            args = _match(route.pattern, parts)
            if args is not None:
                return route, args
    return None, []
