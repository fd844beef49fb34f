"""The JSON the API speaks: one reader for each response fact, one writer for request bodies.

Responses are untrusted JSON, so every fact the package reads from one (a cost, a ``data`` list,
a message's text) is read here, once, with the same rules everywhere: a wrong type is "absent",
never a crash and never a guess (``True`` is not a cost, ``"0.01"`` is not a number).
"""

from __future__ import annotations

import json
import math
from typing import Any

import httpx

from ..errors import APIResponseError

__all__ = [
    "as_dict",
    "as_list",
    "data_list",
    "data_object",
    "decode_json",
    "encode_json",
    "message_text",
    "number",
    "require_text",
    "timeout_seconds",
    "usage_cost",
    "usage_count",
]


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is a dict, else ``{}``."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else ``[]``."""
    return value if isinstance(value, list) else []


def number(value: Any) -> float | None:
    """A finite JSON number as a float; None for anything else (booleans and strings included)."""
    if type(value) is float:
        return value if math.isfinite(value) else None
    if type(value) is int:
        return float(value)
    return None


def usage_count(usage: Any, *path: str) -> int:
    """A token count in a usage, by its path (``"prompt_tokens"``, or ``"prompt_tokens_details",
    "cached_tokens"``); 0 when absent or not a count."""
    value = usage
    for key in path:
        value = value.get(key) if type(value) is dict else None
    return value if type(value) is int and value >= 0 else 0


def usage_cost(payload: Any) -> float | None:
    """The USD cost a response reports (``usage.cost``), or None when it reports none usable.

    Works for a chat completion, the usage chunk of a stream, an ``/images`` response and a
    finished video job alike. Negative costs are not costs.
    """
    usage = payload.get("usage") if type(payload) is dict else None
    if type(usage) is not dict:
        return None
    cost = usage.get("cost")  # checked inline: this runs on every billed call
    if type(cost) is float:
        return cost if 0.0 <= cost < math.inf else None
    return float(cost) if type(cost) is int and cost >= 0 else None


def data_list(payload: Any) -> list[Any]:
    """The ``data`` list of a listing (``{"data": [...]}``); ``[]`` when there is none."""
    data = payload.get("data") if isinstance(payload, dict) else None
    return data if isinstance(data, list) else []


def data_object(payload: Any, what: str) -> dict[str, Any]:
    """The ``data`` object of a lookup (``{"data": {...}}``); a response without one is an error."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise APIResponseError(f"{what} failed: the response has no data object")
    return data


def message_text(content: Any) -> str | None:
    """Text of a message ``content``: a string as is, a list of parts joined, else None."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part["text"] for part in content if isinstance(part, dict) and isinstance(part.get("text"), str))
    return None


def timeout_seconds(timeout: float | httpx.Timeout | None) -> float | None:
    """The seconds a timeout setting allows one response (its read timeout); None for no limit."""
    if isinstance(timeout, httpx.Timeout):
        return timeout.read
    return None if timeout is None else float(timeout)


def decode_json(content: bytes | bytearray, what: str, status: int) -> Any:
    """Parse a response body; a body that is not JSON is an :class:`APIResponseError`."""
    try:
        return json.loads(content)
    except ValueError as exc:
        kind = "an empty body" if not content.strip() else "a body that is not JSON"
        raise APIResponseError(f"{what} failed: HTTP {status} with {kind}", status_code=status) from exc


def encode_json(body: Any, what: str) -> bytes:
    """A request body as UTF-8 JSON; a value JSON cannot hold is a ``TypeError`` before sending."""
    try:
        return json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what}: the request has a field that is not JSON-serialisable ({exc})") from None


def require_text(value: Any, name: str) -> None:
    """A ``ValueError`` unless ``value`` is a non-empty string (checked before anything is sent)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
