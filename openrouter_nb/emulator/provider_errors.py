"""Refusals that come from the provider, not the gateway: the service passes them on in its envelope.

The service relays a provider's 400 as ``{"error": {"code": 400, "message": "Provider returned error",
"metadata": {"raw": "<the provider's own JSON, as a string>", "provider_name": "Anthropic"}}}``
(seen in real exchanges). What the emulator's providers refuse, by family:

- a message with empty content among non-empty ones: Anthropic's and Google's APIs refuse it
  (OpenAI's accepts it);
- an ``image_url`` whose data URL is not an image (a PDF, a text file): every family, each in its
  own words; an image whose bytes are not the declared type (a JPEG sent as ``image/png``):
  Anthropic refuses, the others read the bytes.

A request with no text at all is the gateway's own refusal (``Input must have at least 1 token.``,
``provider_name: null``), checked in :mod:`.chat_checks`.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .protocol import BadRequest
from .writer import message_text

__all__ = ["check_for_provider"]

_IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
_MAGIC = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif", b"RIFF": "image/webp"}


def _family(provider: str) -> str:
    if provider in ("Anthropic", "Amazon Bedrock", "Claude Platform on AWS"):
        return "anthropic"
    if provider in ("Google", "Google AI Studio"):
        return "google"
    return "openai"


def _refuse(provider: str, raw: dict[str, Any]) -> BadRequest:
    metadata = {"raw": json.dumps(raw, separators=(",", ":")), "provider_name": provider}
    return BadRequest(400, "Provider returned error", metadata=metadata)


def _empty(message: dict[str, Any]) -> bool:
    content = message.get("content")
    if isinstance(content, list):
        return (
            not any(isinstance(p, dict) and p.get("type") != "text" for p in content)
            and not message_text(content).strip()
        )
    return content is None and not message.get("tool_calls") or (isinstance(content, str) and not content.strip())


def _data_url(part: Any) -> tuple[str, bytes] | None:
    """The declared type and the bytes of an ``image_url`` part that carries a data URL."""
    if not isinstance(part, dict) or part.get("type") != "image_url":
        return None
    url = (part.get("image_url") or {}).get("url") if isinstance(part.get("image_url"), dict) else None
    if not isinstance(url, str) or not url.startswith("data:") or "," not in url:
        return None
    header, _, data = url[5:].partition(",")
    declared = header.split(";", 1)[0].strip().lower()
    try:
        raw = base64.b64decode(data[:64] + "=" * (-len(data[:64]) % 4), validate=False)
    except (binascii.Error, ValueError):
        raw = b""
    return declared, raw


def _actual(raw: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC.items() if raw.startswith(magic)), None)


def _media_error(family: str, declared: str, actual: str | None, where: str) -> dict[str, Any] | None:
    if declared not in _IMAGE_TYPES or actual is None:
        if family == "anthropic":
            message = f"{where}.image.source.base64.media_type: Input should be {', '.join(map(repr, _IMAGE_TYPES))}"
            return {"type": "error", "error": {"type": "invalid_request_error", "message": message}}
        if family == "google":
            return {
                "error": {"code": 400, "message": f"Unsupported MIME type: {declared}", "status": "INVALID_ARGUMENT"}
            }
        return {
            "error": {
                "message": "Invalid MIME type. Only image types are supported.",
                "type": "invalid_request_error",
                "param": None,
                "code": "invalid_image_format",
            }
        }
    if family == "anthropic" and actual != declared:
        message = f"{where}.image.source.base64.data: Image does not match the provided media type {declared}"
        return {"type": "error", "error": {"type": "invalid_request_error", "message": message}}
    return None


def check_for_provider(body: dict[str, Any], provider: str) -> None:
    """Raise what ``provider`` answers to ``body``'s messages, relayed by the service (nothing when it takes them)."""
    family = _family(provider)
    messages = body.get("messages") or []
    for i, message in enumerate(messages):
        content = message.get("content")
        for j, part in enumerate(content if isinstance(content, list) else []):
            found = _data_url(part)
            if found is not None:
                error = _media_error(family, found[0], _actual(found[1]), f"messages.{i}.content.{j}")
                if error is not None:
                    raise _refuse(provider, error)
        last = i == len(messages) - 1 and message.get("role") == "assistant"
        if family != "openai" and _empty(message) and not last and message.get("role") != "system":
            if family == "anthropic":
                text = (
                    f"messages.{i}: all messages must have non-empty content "
                    "except for the optional final assistant message"
                )
                raise _refuse(provider, {"type": "error", "error": {"type": "invalid_request_error", "message": text}})
            error = {"code": 400, "message": "* GenerateContentRequest.contents: contents.parts must not be empty.\n"}
            raise _refuse(provider, {"error": {**error, "status": "INVALID_ARGUMENT"}})
