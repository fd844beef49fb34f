"""The emulator's request→response core, shared by the httpx transport and the loopback server.

Behaviour follows the OpenRouter API: keyless catalog routes, 401 elsewhere without a key, the
``{"error": {"code", "message", "metadata"}}`` envelope, SSE with keep-alive comments, synchronous
``/images``, asynchronous ``/videos`` jobs on an injectable clock, ``/generation``, ``/key`` and
``/credits`` consistent with what this emulator has billed.

Faults are scripted per route with :meth:`EmulatorCore.script`; every request is recorded in
:attr:`EmulatorCore.requests` (without its key). Chat and media routes live in mixins.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Any

from . import catalog as cat
from .chat import ChatRoutes
from .jobs import MediaRoutes
from .protocol import (
    API_PREFIX,
    DEMO_KEY,
    EPOCH,
    KEEPALIVE,
    KEY_SHAPE,
    PUBLIC_ROUTES,
    ROUTES,
    BadRequest,
    EmuRequest,
    EmuResponse,
    Fault,
    RecordedRequest,
    error_response,
    json_response,
    route_of,
)

__all__ = ["DEMO_KEY", "EmuRequest", "EmuResponse", "EmulatorCore", "Fault", "RecordedRequest"]


class EmulatorCore(ChatRoutes, MediaRoutes):
    """The OpenRouter emulator's state and request handling.

    Parameters
    ----------
    seed:
        Mixed into every generated id and reply; the same seed gives the same session.
    latency:
        Seconds added before every response (e.g. 0.05 for benchmarks over the loopback server).
    clock:
        Seconds, monotonic; drives video jobs and the ``/generation`` lag. Tests inject a fake.
    credits:
        USD balance of the emulated account; generation routes answer 402 once it is spent.
    video_pending_s, video_done_s:
        Job age at which a video job turns ``in_progress`` and then ``completed``.
    generation_lag_s:
        How long ``/generation`` answers 404 after a generation, like the real service.
    management_key:
        A key that ``/credits`` accepts (other keys get 403, as on the real service).
    stream_chunk_delay, keepalive_interval:
        Pauses between SSE chunks and between keep-alive comments of a never-ending stream.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        latency: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        credits: float = 25.0,
        video_pending_s: float = 0.3,
        video_done_s: float = 1.5,
        generation_lag_s: float = 0.2,
        management_key: str | None = None,
        stream_chunk_delay: float = 0.0,
        keepalive_interval: float = 0.05,
    ) -> None:
        self.seed = seed
        self.latency = latency
        self.clock = clock
        self.credits = credits
        self.video_pending_s = video_pending_s
        self.video_done_s = video_done_s
        self.generation_lag_s = generation_lag_s
        self.management_key = management_key
        self.stream_chunk_delay = stream_chunk_delay
        self.keepalive_interval = keepalive_interval
        self.requests: list[RecordedRequest] = []
        self.generations: dict[str, dict[str, Any]] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.spent = 0.0
        #: streams whose consumer closed the connection before the end (cancellation)
        self.streams_closed_early = 0
        self._faults: dict[str, deque[Fault]] = {}
        self._counter = 0
        self._models_body: dict[tuple[str, ...], bytes] = {}
        self._mp4: dict[str, bytes] = {}

    # -- scripting ----------------------------------------------------------------------------

    def script(self, route: str, *outcomes: Fault | int | str) -> None:
        """Queue outcomes for the next requests on ``route`` (``"*"`` matches every route).

        ``script("chat", Fault.error(429, retry_after=0), Fault.error(429), "ok")`` makes the next
        two chat calls rate-limited and the third succeed.
        """
        if route != "*" and route not in ROUTES:
            raise ValueError(f"unknown route {route!r}; expected one of {', '.join(ROUTES)} or '*'")
        self._faults.setdefault(route, deque()).extend(Fault.parse(o) for o in outcomes)

    def clear_script(self) -> None:
        """Forget every queued outcome."""
        self._faults.clear()

    def _next_fault(self, route: str | None) -> Fault | None:
        for key in (route, "*"):
            queue = self._faults.get(key) if key else None
            if queue:
                return queue.popleft()
        return None

    def calls(self, route: str) -> list[RecordedRequest]:
        """The recorded requests on one route."""
        return [r for r in self.requests if r.route == route]

    # -- helpers ------------------------------------------------------------------------------

    def _next_id(self, prefix: str) -> tuple[str, int]:
        self._counter += 1
        created = EPOCH + self._counter
        token = format(cat.stable_int(prefix, self.seed, self._counter), "x")[:16]
        return f"{prefix}-{created}-{token}", created

    def _authorized(self, headers: dict[str, str]) -> tuple[bool, str | None]:
        value = headers.get("authorization", "")
        if not value.lower().startswith("bearer "):
            return False, None
        key = value[7:].strip()
        return bool(KEY_SHAPE.match(key)), key

    def _bill(self, record: dict[str, Any]) -> None:
        self.spent = round(self.spent + record["total_cost"], 10)
        record["visible_at"] = self.clock() + self.generation_lag_s
        self.generations[record["id"]] = record

    def _resolve_model(self, model_id: Any) -> dict[str, Any]:
        if not isinstance(model_id, str) or not model_id:
            raise BadRequest(400, "model is required")
        model = cat.catalog_by_id().get(model_id)
        if model is None:
            raise BadRequest(
                400,
                f"{model_id} is not a valid model ID",
                {"code": "model_not_found", "retryable": False, "requested_models": [model_id]},
            )
        return model

    # -- entry point --------------------------------------------------------------------------

    async def handle(self, req: EmuRequest) -> EmuResponse:
        """Answer one request (faults first, then auth, then the route)."""
        path = req.path[len(API_PREFIX) :] if req.path.startswith(API_PREFIX) else None
        route, args = route_of(req.method, path) if path is not None else (None, [])
        authorized, key = self._authorized(req.headers)
        try:
            body_json = json.loads(req.body) if req.body else None
        except ValueError:
            body_json = ValueError
        self.requests.append(
            RecordedRequest(
                req.method,
                req.path,
                route,
                dict(req.query),
                None if body_json is ValueError else body_json,
                authorized,
                {k: v for k, v in req.headers.items() if k != "authorization"},
            )
        )
        fault = self._next_fault(route)
        delay = self.latency + (fault.delay if fault is not None and fault.kind == "latency" else 0.0)
        if delay > 0:
            await asyncio.sleep(delay)
        if fault is not None and fault.kind not in ("ok", "latency"):
            early = self._fault_response(fault)
            if early is not None:
                return early
        if route is None:
            return error_response(404, f"Not found: {req.method} {req.path}")
        if route not in PUBLIC_ROUTES and not authorized:
            message = "No cookie auth credentials found" if key is None else "User not found."
            return error_response(401, message)
        if body_json is ValueError:
            return error_response(400, "Request body is not valid JSON")
        handler = getattr(self, f"_route_{route}")
        try:
            return await handler(req, body_json, args, fault, key)
        except BadRequest as exc:
            return error_response(exc.status, exc.message, availability=exc.availability)

    def _fault_response(self, fault: Fault) -> EmuResponse | None:
        kind = fault.kind
        if kind == "status":
            headers: dict[str, str] = {}
            if fault.retry_after is not None:
                headers["retry-after"] = f"{fault.retry_after:g}"
            metadata = dict(fault.metadata or {})
            if fault.status == 429:
                headers.update(
                    {
                        "x-ratelimit-limit": "20",
                        "x-ratelimit-remaining": "0",
                        "x-ratelimit-reset": str((EPOCH + 60) * 1000),
                    }
                )
            if fault.status == 403 and not metadata:
                metadata = {
                    "reasons": ["violence"],
                    "flagged_input": "a scene of…graphic violence",
                    "provider_name": "OpenAI",
                    "model_slug": "openai/gpt-4o",
                }
            return error_response(fault.status, fault.message, metadata=metadata, headers=headers)
        if kind == "malformed_json":
            return EmuResponse(200, {"content-type": "application/json"}, b'{"id": "gen-1", "choices": [{')
        if kind == "html":
            page = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>Bad</body></html>"
            return EmuResponse(fault.status if fault.status != 200 else 502, {"content-type": "text/html"}, page)
        if kind == "empty":
            return EmuResponse(fault.status, {"content-type": "application/json"}, b"")
        if kind in ("drop", "connect_timeout", "read_timeout"):
            return EmuResponse(0, action=kind)
        if kind == "keepalive_forever":
            return EmuResponse(200, {"content-type": "text/event-stream"}, stream=self._keepalive_forever())
        return None  # stream, generation and job faults are applied by the route

    async def _keepalive_forever(self) -> AsyncIterator[bytes]:
        while True:
            yield KEEPALIVE
            await asyncio.sleep(self.keepalive_interval)

    # -- catalog routes ------------------------------------------------------------------------

    async def _route_models(self, req: EmuRequest, body: Any, args: list[str], fault: Any, key: Any) -> EmuResponse:
        q = req.query
        cache_key = (
            q.get("output_modalities", ""),
            q.get("supported_parameters", ""),
            q.get("offset", ""),
            q.get("limit", ""),
        )
        cached = self._models_body.get(cache_key)
        if cached is None:
            models = cat.filter_models(q.get("output_modalities"), q.get("supported_parameters"))
            total = len(models)
            nxt = None
            if "offset" in q or "limit" in q:
                try:
                    offset = max(0, int(q.get("offset", "0")))
                    limit = min(1000, max(1, int(q.get("limit", "500"))))
                except ValueError as exc:
                    raise BadRequest(400, "offset and limit must be integers") from exc
                models = models[offset : offset + limit]
                if offset + limit < total:
                    nxt = f"/api/v1/models?offset={offset + limit}&limit={limit}"
            payload = {"data": models, "total_count": total, "links": {"next": nxt}}
            cached = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
            self._models_body[cache_key] = cached
        return EmuResponse(200, {"content-type": "application/json"}, cached)

    async def _route_models_count(self, req: EmuRequest, *_: Any) -> EmuResponse:
        count = len(cat.filter_models(req.query.get("output_modalities")))
        return json_response(200, {"data": {"count": count}})

    def _lookup(self, slug: str) -> dict[str, Any]:
        by_id = cat.catalog_by_id()
        model = by_id.get(slug) or by_id.get(slug.split(":")[0])
        if model is None:
            model = next((m for m in by_id.values() if m.get("canonical_slug") == slug), None)
        if model is None and by_id.get("~" + slug):
            model = by_id["~" + slug]
        if model is None:
            raise BadRequest(404, f"Model {slug} not found")
        return model

    async def _route_model(self, req: EmuRequest, body: Any, args: list[str], *_: Any) -> EmuResponse:
        model = self._lookup(args[0])
        target = (model.get("alias_target") or {}).get("slug")
        if target and target in cat.catalog_by_id():
            model = cat.catalog_by_id()[target]
        return json_response(200, {"data": model})

    async def _route_endpoints(self, req: EmuRequest, body: Any, args: list[str], *_: Any) -> EmuResponse:
        model = self._lookup(args[0])
        authorized, _key = self._authorized(req.headers)
        data = {k: model.get(k) for k in ("id", "name", "created", "description", "architecture")}
        data["endpoints"] = cat.model_endpoints(model, authorized=authorized)
        return json_response(200, {"data": data})

    async def _route_image_models(self, *_: Any) -> EmuResponse:
        return json_response(200, {"data": cat.image_models()})

    async def _route_image_endpoints(self, req: EmuRequest, body: Any, args: list[str], *_: Any) -> EmuResponse:
        model = self._lookup(args[0])
        if "image" not in model["architecture"].get("output_modalities", []):
            raise BadRequest(404, f"{model['id']} is not an image model")
        endpoints: list[dict[str, Any]] = []
        for ep in cat.model_endpoints(model, authorized=False):
            factor = 1.0 if not endpoints else 1.1
            endpoints.append(
                {
                    "provider_name": ep["provider_name"],
                    "provider_slug": ep["tag"],
                    "provider_tag": ep["tag"],
                    "supported_parameters": ["aspect_ratio", "n", "seed"],
                    "allowed_passthrough_parameters": [],
                    "supports_streaming": model["id"].startswith("openai/"),
                    "pricing": [
                        {
                            "billable": "output_image",
                            "unit": "image",
                            "cost_usd": round(cat.image_price_per_image(model) * factor, 6),
                        }
                    ],
                }
            )
        return json_response(200, {"id": model["id"], "endpoints": endpoints})

    async def _route_video_models(self, *_: Any) -> EmuResponse:
        return json_response(200, {"data": cat.video_models()})

    def _check_balance(self) -> None:
        if self.spent >= self.credits:
            raise BadRequest(402, "Insufficient credits. Add more using https://openrouter.ai/credits")

    # -- accounting ----------------------------------------------------------------------------

    async def _route_generation(self, req: EmuRequest, *_: Any) -> EmuResponse:
        gen_id = req.query.get("id")
        if not gen_id:
            raise BadRequest(400, "id is required")
        record = self.generations.get(gen_id)
        if record is None or self.clock() < record["visible_at"]:
            raise BadRequest(404, f"Generation {gen_id} not found")
        return json_response(200, {"data": {k: v for k, v in record.items() if k != "visible_at"}})

    async def _route_key(self, req: EmuRequest, body: Any, args: list[str], fault: Any, key: str | None) -> EmuResponse:
        spent = round(self.spent, 10)
        data = {
            "label": "sk-or-…emulator",
            "limit": self.credits,
            "limit_remaining": round(max(0.0, self.credits - spent), 10),
            "limit_reset": None,
            "include_byok_in_limit": False,
            "usage": spent,
            "usage_daily": spent,
            "usage_weekly": spent,
            "usage_monthly": spent,
            "byok_usage": 0,
            "byok_usage_daily": 0,
            "byok_usage_weekly": 0,
            "byok_usage_monthly": 0,
            "is_free_tier": False,
            "is_management_key": key is not None and key == self.management_key,
            "expires_at": None,
            "rate_limit": {"requests": -1, "interval": "10s", "note": "deprecated"},
        }
        return json_response(200, {"data": data})

    async def _route_credits(
        self, req: EmuRequest, body: Any, args: list[str], fault: Any, key: str | None
    ) -> EmuResponse:
        if key is None or key != self.management_key:
            return error_response(
                403,
                "Only management keys can perform this operation",
                metadata={"error_type": "permission_denied"},
            )
        return json_response(200, {"data": {"total_credits": self.credits, "total_usage": round(self.spent, 10)}})
