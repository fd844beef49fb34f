"""Request and response bodies: JSON encoding, decoding and the checks made before anything is sent."""

from __future__ import annotations

import json
from typing import Any

import httpx

from .errors import APIResponseError

__all__ = ["as_dict", "as_list", "encode_json", "json_or_error", "require_text"]


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is a dict, else ``{}`` (response fields are untrusted JSON)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else ``[]``."""
    return value if isinstance(value, list) else []


def json_or_error(response: httpx.Response, what: str, api_key: str | None) -> Any:
    try:
        return json.loads(response.content)
    except ValueError as exc:
        kind = "an empty body" if not response.content.strip() else "a body that is not JSON"
        raise APIResponseError(
            f"{what} failed: HTTP {response.status_code} with {kind}",
            status_code=response.status_code,
            api_key=api_key,
        ) from exc


def require_text(value: Any, name: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")


def encode_json(body: Any, what: str) -> bytes:
    try:
        return json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what}: the request has a field that is not JSON-serialisable ({exc})") from None
