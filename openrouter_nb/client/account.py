"""The catalog and the account: models (cached), a model's providers, generations, the key, credits.

:class:`Account` is the resource behind those client methods. Results are plain records; the
tables users see (``model_endpoints``, ``benchmarks``) are built by :mod:`.records`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._core.wire import data_list, data_object
from ..errors import NotFoundError

if TYPE_CHECKING:
    from .requester import Requester

__all__ = ["Account", "ModelCache"]

logger = logging.getLogger("openrouter_nb")


@dataclass
class ModelCache:
    """The last ``list_models()`` result and when it was fetched; shared by a client and its views."""

    ttl: float
    clock: Callable[[], float]
    entry: tuple[float, list[dict[str, Any]]] | None = None

    def fresh(self) -> list[dict[str, Any]] | None:
        """The cached models while they are younger than ``ttl`` seconds, else None."""
        if self.entry is not None and self.clock() - self.entry[0] < self.ttl:
            return self.entry[1]
        return None


class Account:
    """Catalog and account calls of a client."""

    def __init__(self, requester: Requester, models: ModelCache, history: Path | None = None) -> None:
        self._requester = requester
        self._models = models
        self._history = history

    async def list_models(self, /) -> list[dict[str, Any]]:
        """Return every model in the catalog (all output modalities), cached for ``models_ttl``.

        Concurrent callers on a cold cache share one request. With ``catalog_history=folder`` on
        the client, the first fetch of each day is also saved there (``models-YYYY-MM-DD.json``).
        """
        self._requester.ensure_usable("list models")
        async with self._requester.session.lock:
            cached = self._models.fresh()
            if cached is not None:
                return cached
            now = self._models.clock()
            payload = await self._requester.json("GET", "/models", "list models", params={"output_modalities": "all"})
            models = data_list(payload)
            self._models.entry = (now, models)
            if self._history is not None and models:
                from .._core.snapshots import save_snapshot  # only a client keeping history writes them

                try:
                    save_snapshot(models, self._history, overwrite=False)
                except OSError as exc:  # the listing still answers; the history misses a day
                    logger.warning("could not save the catalog snapshot in %s: %s", self._history, exc)
            return models

    async def list_user_models(self, /) -> list[dict[str, Any]]:
        """``GET /models/user``: the models this account may use (its provider settings applied)."""
        payload = await self._requester.json(
            "GET", "/models/user", "list user models", params={"output_modalities": "all"}
        )
        return data_list(payload)

    async def list_embedding_models(self, /) -> list[dict[str, Any]]:
        """``GET /embeddings/models``: the embedding models."""
        return data_list(await self._requester.json("GET", "/embeddings/models", "list embedding models"))

    async def list_providers(self, /) -> list[dict[str, Any]]:
        """``GET /providers``: the providers OpenRouter routes to (name, slug, policies)."""
        return data_list(await self._requester.json("GET", "/providers", "list providers"))

    async def benchmark_records(self, **filters: Any) -> list[dict[str, Any]]:
        """``GET /benchmarks`` rows (``source``, ``task_type``, ``arena``, ``category``, ``max_results`` …)."""
        params = {k: v for k, v in filters.items() if v is not None}
        return data_list(await self._requester.json("GET", "/benchmarks", "benchmarks", params=params or None))

    async def endpoint_records(self, model_id: str) -> list[dict[str, Any]]:
        """``GET /models/{id}/endpoints``: the providers serving one model, as the API lists them."""
        if not isinstance(model_id, str) or "/" not in model_id:
            raise ValueError(f"model_id must look like 'author/slug', got {model_id!r}")
        what = f"endpoints of {model_id}"
        data = data_object(await self._requester.json("GET", f"/models/{model_id}/endpoints", what), what)
        return [ep for ep in data.get("endpoints") or [] if isinstance(ep, dict)]

    async def get_generation(self, /, generation_id: str, *, attempts: int = 5, delay: float = 0.5) -> dict[str, Any]:
        """``GET /generation?id=``: cost and token details of one generation.

        The service answers 404 for a few seconds after a completion, so a 404 is retried
        ``attempts`` times, ``delay`` seconds apart, before it is raised.
        """
        if not isinstance(generation_id, str) or not generation_id:
            raise ValueError("generation_id must be a non-empty string")
        what = f"generation lookup for {generation_id}"
        for attempt in range(1, attempts + 1):
            try:
                return data_object(
                    await self._requester.json("GET", "/generation", what, params={"id": generation_id}), what
                )
            except NotFoundError:
                if attempt >= attempts:
                    raise
                await self._requester.sleep(delay)
        raise ValueError(f"attempts must be at least 1, got {attempts!r}")

    async def get_key(self, /) -> dict[str, Any]:
        """``GET /key``: the key's limit, remaining credit, usage and free-tier flag."""
        return data_object(await self._requester.json("GET", "/key", "key lookup"), "key lookup")

    async def activity_records(self, *, date: str | None = None) -> list[dict[str, Any]]:
        """``GET /activity``: usage by day, model and endpoint over the last 30 completed UTC days.

        Needs a management key (others get 403). ``date`` (``YYYY-MM-DD``) keeps one day.
        """
        from .._core.snapshots import snapshot_day

        params = None if date is None else {"date": snapshot_day(date)}
        return data_list(await self._requester.json("GET", "/activity", "activity", params=params))

    async def dataset_records(self, route: str, **filters: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """``GET /datasets/{route}`` (``rankings-daily`` or ``app-rankings``): its rows and its ``meta``."""
        params = {k: str(v) for k, v in filters.items() if v is not None}
        payload = await self._requester.json("GET", f"/datasets/{route}", f"the {route} dataset", params=params)
        meta = payload.get("meta") if isinstance(payload, dict) else None
        return data_list(payload), meta if isinstance(meta, dict) else {}

    async def get_preset(self, /, slug: str) -> dict[str, Any]:
        """``GET /presets/{slug}``: a preset and its designated version (``designated_version.config``
        holds the request fields it sets: model, provider …)."""
        from urllib.parse import quote

        path = f"/presets/{quote(slug, safe='')}"
        return data_object(await self._requester.json("GET", path, f"preset {slug!r}"), f"preset {slug!r}")

    async def get_credits(self, /) -> dict[str, Any]:
        """``GET /credits``: total credits and usage (needs a management key; others get 403)."""
        return data_object(await self._requester.json("GET", "/credits", "credits lookup"), "credits lookup")
