"""The emulator's request→response core, shared by the httpx transport and the loopback server.

Behaviour follows the OpenRouter API: keyless catalog routes, 401 elsewhere without a key, the
``{"error": {"code", "message", "metadata"}}`` envelope, SSE with keep-alive comments, synchronous
``/images``, asynchronous ``/videos`` jobs on an injectable clock, ``/generation``, ``/key`` and
``/credits`` consistent with what this emulator has billed.

Faults are scripted per route with :meth:`EmulatorCore.script`; every request is recorded in
:attr:`EmulatorCore.requests` (without its key). The routes themselves are listed in
:mod:`.routes` and answered by the handlers of :mod:`.catalog_routes`, :mod:`.chat`,
:mod:`.media_routes` and :mod:`.account_routes`, each a function of ``(core, call)``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from email.utils import formatdate
from typing import Any, Literal

from . import catalog as cat
from .billing import generation_record
from .free_limits import FreeTier
from .media_routes import settle_jobs
from .protocol import (
    API_PREFIX,
    CORS_HEADERS,
    DEMO_KEY,
    EPOCH,
    KEEPALIVE,
    KEY_SHAPE,
    BadRequest,
    Call,
    EmuRequest,
    EmuResponse,
    Fault,
    RecordedRequest,
    error_response,
    preflight,
    token,
    with_user,
)
from .routes import ROUTE_NAMES, match

__all__ = ["DEMO_KEY", "EmuRequest", "EmuResponse", "EmulatorCore", "Fault", "RecordedRequest"]


class EmulatorCore:
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
    free_requests_per_minute, free_requests_per_day:
        The free tier's caps on ``:free`` models, per key (:mod:`.free_limits`): 20 a minute, and a
        day 50 when ``credits`` is under $10, else 1,000 (``"credits"``, the default). None turns a
        cap off; a number sets it.
    keys:
        The keys this account issued. With them the account is strict, like the service: only
        these (and the demo and management keys) are accepted, and any other well-formed key gets
        the service's 401 (a key it never issued, or revoked: :meth:`revoke`). Without them (the
        default) any well-formed ``sk-or-…`` key works, which suits demos and users' own tests.
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
        keys: Iterable[str] | None = None,
        free_requests_per_minute: int | None = 20,
        free_requests_per_day: int | Literal["credits"] | None = "credits",
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
        #: the keys a strict account accepts besides the demo and management keys (None: any key)
        self.keys: set[str] | None = None if keys is None else {str(k) for k in keys}
        #: keys taken back with :meth:`revoke`
        self.revoked: set[str] = set()
        self.free_requests_per_minute = free_requests_per_minute
        self._free_per_day = free_requests_per_day
        #: what the free tier has admitted, per key and window
        self.free_tier = FreeTier()
        #: the emulator's wall clock (Unix seconds) runs on ``clock``: its now is this plus clock()
        self.wall_origin = time.time() - clock()
        self.requests: list[RecordedRequest] = []
        self.generations: dict[str, dict[str, Any]] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.spent = 0.0
        #: streams whose consumer closed the connection before the end (cancellation)
        self.streams_closed_early = 0
        #: encoded ``/models`` listings by query, and rendered MP4s by job id (both never change)
        self.models_bodies: dict[tuple[Any, ...], bytes] = {}
        self.videos: dict[str, bytes] = {}
        #: text of the speech this emulator made, by audio hash (a transcription of it gives it back)
        self.spoken: dict[int, str] = {}
        #: completions kept for ``X-OpenRouter-Cache: true`` requests, by request
        self.response_cache: dict[str, dict[str, Any]] = {}
        #: the recent prompts of each model with prompt caching (see :mod:`.billing`)
        self.prompt_prefixes: dict[str, deque[str]] = {}
        #: ``@preset/<slug>`` → the request fields the preset sets (an unknown slug uses ``default_preset``)
        self.presets: dict[str, dict[str, Any]] = {}
        self.default_preset: dict[str, Any] = {"model": "openai/gpt-4o-mini"}
        self._faults: dict[str, deque[Fault]] = {}
        self._counter = 0

    # -- scripting ----------------------------------------------------------------------------

    def script(self, route: str, *outcomes: Fault | int | str) -> None:
        """Queue outcomes for the next requests on ``route`` (``"*"`` matches every route).

        ``script("chat", Fault.error(429, retry_after=0), Fault.error(429), "ok")`` makes the next
        two chat calls rate-limited and the third succeed.
        """
        if route != "*" and route not in ROUTE_NAMES:
            raise ValueError(f"unknown route {route!r}; expected one of {', '.join(ROUTE_NAMES)} or '*'")
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

    # -- what the route handlers use ----------------------------------------------------------

    def next_id(self, prefix: str) -> tuple[str, int]:
        """A fresh deterministic id and its ``created`` time: ``gen-<10 digits>-<20 letters and digits>``
        as the service's (``gen-emb-…`` for embeddings)."""
        self._counter += 1
        created = EPOCH + self._counter
        return f"{prefix}-{created}-{token(prefix, self.seed, self._counter, length=20)}", created

    def authorized(self, headers: dict[str, str]) -> tuple[bool, str | None]:
        """Whether the request carries a key this account accepts, and that key."""
        value = headers.get("authorization", "")
        if not value.lower().startswith("bearer "):
            return False, None
        key = value[7:].strip()
        if not KEY_SHAPE.match(key):
            return False, key
        if key in self.revoked or (
            self.keys is not None and key not in self.keys and key not in (DEMO_KEY, self.management_key)
        ):
            return False, key  # well formed, but never issued by (or revoked from) this strict account
        return True, key

    @property
    def free_requests_per_day(self) -> int | None:
        """The daily cap on ``:free`` models: 50 under $10 of credits, else 1,000 (unless set)."""
        if self._free_per_day == "credits":
            return 1000 if self.credits >= 10 else 50
        return self._free_per_day

    def now(self) -> float:
        """The emulator's Unix time: wall time when it started, moved on by its ``clock``."""
        return self.wall_origin + self.clock()

    def revoke(self, key: str) -> None:
        """Stop accepting ``key``: from now on it gets the service's 401, strict account or not."""
        self.revoked.add(key)
        if self.keys is not None:
            self.keys.discard(key)

    def user_id(self, key: str) -> str:
        """The account's user id, as real error envelopes carry it (``user_`` and 27 letters and digits)."""
        return "user_" + token("user", self.seed, key if self.keys is not None else "account", length=27)

    #: a ``GET /generation`` record with every field the spec requires (see :func:`.billing.generation_record`)
    generation_record = staticmethod(generation_record)

    def remember_speech(self, audio: bytes, text: str) -> None:
        """Note what this audio says, so transcribing it gives the text back (the last 64 kept)."""
        self.spoken[hash(audio)] = text
        while len(self.spoken) > 64:
            del self.spoken[next(iter(self.spoken))]

    def bill(self, record: dict[str, Any]) -> None:
        """Charge a generation and keep its record for ``/generation`` (visible after the lag)."""
        self.spent = round(self.spent + record["total_cost"], 10)
        record["visible_at"] = self.clock() + self.generation_lag_s
        self.generations[record["id"]] = record

    def resolve_model(self, model_id: Any) -> dict[str, Any]:
        """The catalog model a request names; an unknown one is the real 400 ``model_not_found``."""
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

    def refuses_unread(self, req: EmuRequest) -> bool:
        """True when this request will be a 401 whatever its body says (a keyed route, no valid key).

        The loopback server asks before reading a body, so an unauthenticated upload costs nothing.
        """
        if not req.path.startswith(API_PREFIX):
            return False
        route, _ = match(req.method, req.path[len(API_PREFIX) :])
        return route is not None and not route.public and not self.authorized(req.headers)[0]

    async def handle(self, req: EmuRequest) -> EmuResponse:
        """Answer one request (faults first, then auth, then the route's handler), dated by :meth:`now`.

        Video jobs that completed since the last request are billed first, so every answer sees them.
        """
        response = preflight(req) if req.method == "OPTIONS" else await self._answer(req)
        response.headers.setdefault("date", formatdate(self.now(), usegmt=True))
        if "origin" in req.headers:  # a page in a browser may read the answer
            response.headers.update(CORS_HEADERS)
        return response

    async def _answer(self, req: EmuRequest) -> EmuResponse:
        if self.jobs:
            settle_jobs(self)
        route, args = match(req.method, req.path[len(API_PREFIX) :]) if req.path.startswith(API_PREFIX) else (None, [])
        authorized, key = self.authorized(req.headers)
        try:
            body = json.loads(req.body) if req.body else None
            body_ok = True
        except ValueError:
            body, body_ok = None, False
        name = route.name if route is not None else None
        headers = {k: v for k, v in req.headers.items() if k != "authorization"}
        self.requests.append(RecordedRequest(req.method, req.path, name, dict(req.query), body, authorized, headers))
        fault = self._next_fault(name)
        delay = self.latency + (fault.delay if fault is not None and fault.kind == "latency" else 0.0)
        if delay > 0:
            await asyncio.sleep(delay)
        if fault is not None and fault.kind not in ("ok", "latency"):
            early = self._fault_response(fault)
            if early is not None:
                return early
        if route is None:
            return error_response(404, f"Not found: {req.method} {req.path}")
        if not route.public and not authorized:
            return error_response(401, "No cookie auth credentials found" if key is None else "User not found.")
        if not body_ok:
            return error_response(400, "Request body is not valid JSON")
        try:
            return await route.handler(self, Call(req, body, args, fault, key))
        except BadRequest as exc:
            refused = error_response(
                exc.status, exc.message, availability=exc.availability, metadata=exc.metadata, headers=exc.headers
            )
            return with_user(refused, self.user_id(key)) if key else refused
        except Exception:  # a bug of the emulator's: the service's generic 500, not a dropped connection
            logging.getLogger("openrouter_nb.emulator").exception("%s %s failed", req.method, req.path)
            return error_response(500, "Internal Server Error")

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

    def check_balance(self, model: str = "") -> None:
        """The 402 the service answers once the account's credits are spent (for a ``:free`` model,
        only a negative balance blocks it)."""
        if self.spent > self.credits or (self.spent >= self.credits and not model.endswith(":free")):
            raise BadRequest(402, "Insufficient credits. Add more using https://openrouter.ai/credits")
