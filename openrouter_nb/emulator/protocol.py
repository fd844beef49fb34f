"""The emulator's wire vocabulary: requests, responses, faults, error envelopes and route names.

Shared by the core, its route mixins, the httpx transport and the loopback server.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

__all__ = [
    "CORS_HEADERS",
    "DEMO_KEY",
    "BadRequest",
    "Call",
    "EmuRequest",
    "EmuResponse",
    "Fault",
    "RecordedRequest",
    "error_response",
    "image_dims",
    "item_id",
    "json_response",
    "obj",
    "parse_query",
    "preflight",
    "token",
    "tokens",
    "with_user",
]

#: the key the embedded default client uses; any ``sk-or-…`` key of 16+ characters is accepted
DEMO_KEY = "sk-or-emulator-demo"
API_PREFIX = "/api/v1"
EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z: "created" values count up from here, never wall time
KEEPALIVE = b": OPENROUTER PROCESSING\n\n"
KEY_SHAPE = re.compile(r"^sk-or-[A-Za-z0-9_-]+$")  # any key that starts with sk-or- (one character or more after it)

ROUTER_PICKS = ("openai/gpt-4o-mini", "google/gemini-2.5-flash", "openai/gpt-5-mini")
STATUS_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Invalid request", "invalid_request"),
    401: ("User not found.", "authentication"),
    402: ("Insufficient credits. Add more using https://openrouter.ai/credits", "payment_required"),
    403: ("Your input was flagged by moderation", "content_policy_violation"),
    404: ("No endpoints found for this model", "not_found"),
    408: ("Request timed out", "timeout"),
    413: ("Payload too large", "invalid_request"),
    429: ("Rate limit exceeded", "rate_limit_exceeded"),
    500: ("Internal Server Error", "server"),
    502: ("Provider returned error", "provider_unavailable"),
    503: ("No available provider meets your routing requirements", "provider_unavailable"),
}


@dataclass(frozen=True)
class Fault:
    """One scripted outcome for the next request on a route.

    Kinds: ``ok``, ``status`` (an error envelope with ``status``; ``retry_after`` adds the header),
    ``malformed_json``, ``html``, ``empty``, ``drop`` (connection closed without an answer),
    ``connect_timeout``, ``read_timeout``, ``latency`` (``delay`` seconds, then normal),
    ``truncated_stream``, ``mid_stream_error``, ``keepalive_forever``, ``generation_error``
    (a 200 whose choice carries an error) and ``job_failed``/``job_cancelled``/``job_expired``
    (a video job that ends that way).
    """

    kind: str
    status: int = 200
    retry_after: float | None = None
    delay: float = 0.0
    message: str | None = None
    metadata: dict[str, Any] | None = None

    @classmethod
    def error(
        cls,
        status: int,
        *,
        retry_after: float | None = None,
        message: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Fault:
        """An error status in the real envelope (429/503 may carry ``Retry-After``)."""
        return cls("status", status=status, retry_after=retry_after, message=message, metadata=metadata)

    @classmethod
    def parse(cls, spec: Fault | int | str) -> Fault:
        """Accept a Fault, a status code (``429``) or a kind name (``"drop"``)."""
        if isinstance(spec, Fault):
            return spec
        if isinstance(spec, int):
            return cls.error(spec)
        if spec.isdigit():
            return cls.error(int(spec))
        return cls(spec)


@dataclass
class RecordedRequest:
    """One request the emulator received (the key itself is never stored)."""

    method: str
    path: str
    route: str | None
    query: dict[str, str]
    json: Any
    authorized: bool
    headers: dict[str, str]


@dataclass
class EmuRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lowercase names
    body: bytes
    origin: str = "https://openrouter.ai"
    read_timeout: float | None = None


@dataclass
class Call:
    """One request as a route handler sees it: the request, its parsed body, its path arguments,
    the fault scripted for it (if any) and the bearer key it carried (never stored)."""

    request: EmuRequest
    body: Any = None
    args: list[str] = field(default_factory=list)
    fault: Fault | None = None
    key: str | None = None

    @property
    def query(self) -> dict[str, str]:
        return self.request.query

    @property
    def fault_kind(self) -> str | None:
        return self.fault.kind if self.fault is not None else None


@dataclass
class EmuResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    stream: AsyncIterator[bytes] | None = None
    #: ``drop``, ``connect_timeout`` or ``read_timeout``: no HTTP answer at all
    action: str | None = None


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> EmuResponse:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return EmuResponse(status, {"content-type": "application/json", **(headers or {})}, body)


def error_response(
    status: int,
    message: str | None = None,
    *,
    metadata: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    availability: dict[str, Any] | None = None,
) -> EmuResponse:
    """An error in the real envelope, status equal to ``code``."""
    default, error_type = STATUS_MESSAGES.get(status, ("Error", "server"))
    error: dict[str, Any] = {
        "code": status,
        "message": message or default,
        "metadata": {"error_type": error_type, **(metadata or {})},
    }
    if availability:
        error["availability"] = availability
    return json_response(status, {"error": error}, headers)


def with_user(response: EmuResponse, user_id: str) -> EmuResponse:
    """An error response with the top-level ``user_id`` real envelopes carry for a known account."""
    payload = json.loads(response.body)
    payload["user_id"] = user_id
    return json_response(response.status, payload, {k: v for k, v in response.headers.items() if k != "content-type"})


class BadRequest(Exception):
    """A request the service refuses: its status, message, and the envelope's ``metadata``/``availability``.

    ``metadata`` defaults to the gateway's own ``{"provider_name": null}`` (the request never
    reached a provider); a provider's refusal passes ``raw`` and ``provider_name``.
    """

    def __init__(
        self,
        status: int,
        message: str,
        availability: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.availability = availability
        self.metadata = {"provider_name": None} if metadata is None else metadata
        #: response headers of the refusal (a rate limit's ``X-RateLimit-*``)
        self.headers: dict[str, str] = {}


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def token(*parts: object, length: int = 24) -> str:
    """``length`` letters and digits, deterministic in ``parts`` (as the service's ids look)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:length])


def item_id(prefix: str, *parts: object) -> str:
    """An output item's id (``msg_…``, ``rs_…``, ``fc_…``), deterministic in ``parts``."""
    return f"{prefix}_{token(prefix, *parts)}"


def tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4))


#: every aspect ratio the spec names, as (width, height)
_RATIOS = "1:1 1:2 1:4 1:8 2:1 2:3 3:2 3:4 4:1 4:3 4:5 5:4 8:1 9:16 16:9 9:19.5 19.5:9 9:20 20:9 9:21 21:9"
ASPECTS = {ratio: (float(ratio.split(":")[0]), float(ratio.split(":")[1])) for ratio in _RATIOS.split()}


#: what an image model returns at its 1K tier for each common aspect ratio (width, height)
IMAGE_SIZES_1K = {
    "1:1": (1024, 1024),
    "2:3": (832, 1248),
    "3:2": (1248, 832),
    "3:4": (864, 1184),
    "4:3": (1184, 864),
    "4:5": (896, 1152),
    "5:4": (1152, 896),
    "9:16": (768, 1344),
    "16:9": (1344, 768),
    "21:9": (1536, 672),
}
#: how a size tier scales the 1K sizes
IMAGE_TIERS = {"512": 0.5, "1K": 1.0, "2K": 2.0, "4K": 4.0}
_MAX_SIDE = 4096  # the largest side the emulator draws (a 4K tier)


def image_dims(aspect: Any, size: Any, tier: Any = None) -> tuple[int, int]:
    """Pixel size of an emulated image, as a real model returns it.

    A pixel ``size`` (``"1024x1536"``) is used as given (sides up to 4,096); otherwise the aspect
    ratio at the size tier (``size`` or ``tier``: 512, 1K, 2K, 4K; 1K by default): the table
    :data:`IMAGE_SIZES_1K`, or about a megapixel in that shape, sides a multiple of 16.
    """
    if isinstance(size, str) and "x" in size.lower():
        try:
            width, height = (int(v) for v in size.lower().split("x", 1))
        except ValueError as exc:
            raise BadRequest(400, f"size {size!r} is neither WIDTHxHEIGHT nor a tier") from exc
        if width > 0 and height > 0:
            return min(width, _MAX_SIDE), min(height, _MAX_SIDE)
    chosen = size if isinstance(size, str) and size in IMAGE_TIERS else tier
    scale = IMAGE_TIERS.get(chosen, 1.0) if isinstance(chosen, str) else 1.0
    if isinstance(aspect, str) and aspect in IMAGE_SIZES_1K:
        width, height = IMAGE_SIZES_1K[aspect]
    else:
        w, h = ASPECTS.get(aspect, (1.0, 1.0)) if isinstance(aspect, str) else (1.0, 1.0)
        width, height = (round(1024 * math.sqrt(w / h) / 16) * 16, round(1024 * math.sqrt(h / w) / 16) * 16)
    return (min(_MAX_SIDE, max(16, round(width * scale))), min(_MAX_SIDE, max(16, round(height * scale))))


def obj(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else ``{}`` (request fields are untrusted)."""
    return value if isinstance(value, dict) else {}


def parse_query(raw: str) -> dict[str, str]:
    """A query string as a flat dict (last value wins)."""
    return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}


#: what every answer to a browser's request carries: any page may read it (a key is what guards it)
CORS_HEADERS = {
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "x-generation-id, x-ratelimit-limit, x-ratelimit-remaining, "
    "x-ratelimit-reset, retry-after",
}


def preflight(req: EmuRequest) -> EmuResponse:
    """A browser's ``OPTIONS`` preflight: any method the API has, any header it asks to send.

    The service's own list of allowed headers is not documented (reports say it refuses some,
    such as ``OpenAI-Beta``); the emulator allows what is asked, which costs nothing.
    """
    asked = req.headers.get("access-control-request-headers", "authorization, content-type")
    return EmuResponse(
        204,
        {
            "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
            "access-control-allow-headers": asked[:1000],
            "access-control-max-age": "86400",
        },
    )
