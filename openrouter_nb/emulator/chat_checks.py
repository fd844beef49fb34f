"""What the emulator refuses in a chat request, as strictly as the spec states it (400, real envelope).

Ranges come from the spec's own words (``temperature`` 0–2, ``top_p`` 0–1, penalties −2–2 …),
enums from its schemas. Unknown fields pass, as on the service, which ignores parameters a
provider does not support.
"""

from __future__ import annotations

import math
from typing import Any

from .protocol import BadRequest

__all__ = ["check_chat_request", "check_image_request"]

_RANGES = {
    "temperature": (0.0, 2.0),
    "top_p": (0.0, 1.0),
    "min_p": (0.0, 1.0),
    "top_a": (0.0, 1.0),
    "frequency_penalty": (-2.0, 2.0),
    "presence_penalty": (-2.0, 2.0),
    "repetition_penalty": (0.0, 2.0),
}
_INTEGERS = {"max_tokens": 1, "max_completion_tokens": 1, "top_k": 0, "top_logprobs": 0, "seed": None}
_ENUMS = {
    "reasoning_effort": ("max", "xhigh", "high", "medium", "low", "minimal", "none"),
    "service_tier": ("auto", "default", "fast", "flex", "priority", "scale"),
}
_ROLES = ("system", "developer", "user", "assistant", "tool")
#: the content part types a chat message takes (the spec's ChatContentItems); ``input_text`` is the Responses API's
_PART_TYPES = ("text", "image_url", "input_audio", "input_video", "video_url", "file")
_FORMATS = ("text", "json_object", "json_schema", "grammar", "python")
_MODALITIES = ("text", "image", "audio")
IMAGE_ASPECTS = (
    "1:1 1:2 1:4 1:8 2:1 2:3 3:2 3:4 4:1 4:3 4:5 5:4 8:1 9:16 16:9 9:19.5 19.5:9 9:20 20:9 9:21 21:9 auto"
).split()
_IMAGE_ENUMS = {
    "aspect_ratio": IMAGE_ASPECTS,
    "resolution": ("512", "1K", "2K", "4K"),
    "quality": ("auto", "low", "medium", "high"),
    "output_format": ("png", "jpeg", "webp", "svg"),
    "background": ("auto", "transparent", "opaque"),
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _enum(body: dict[str, Any], name: str, allowed: Any) -> None:
    if body.get(name) is not None and body[name] not in allowed:
        raise BadRequest(400, f"{name} must be one of {', '.join(map(str, allowed))}, got {body[name]!r}")


def _check_messages(messages: Any) -> None:
    if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
        raise BadRequest(400, "messages must be a non-empty array of message objects")
    for i, message in enumerate(messages):
        if message.get("role") not in _ROLES:
            raise BadRequest(400, f"messages[{i}].role must be one of {', '.join(_ROLES)}, got {message.get('role')!r}")
        if message["role"] == "tool" and not isinstance(message.get("tool_call_id"), str):
            raise BadRequest(400, f"messages[{i}] (role tool) needs a tool_call_id")
        content = message.get("content")
        empty_ok = message["role"] == "assistant" and message.get("tool_calls")
        if content is None and not empty_ok:
            raise BadRequest(400, f"messages[{i}].content is required")
        if content is not None and not isinstance(content, str | list):
            raise BadRequest(400, f"messages[{i}].content must be a string or an array of content parts")
        for j, part in enumerate(content if isinstance(content, list) else []):
            kind = part.get("type") if isinstance(part, dict) else None
            if kind not in _PART_TYPES:
                expected = "|".join(f'"{t}"' for t in _PART_TYPES)
                raise BadRequest(400, f"messages[{i}].content[{j}].type: Invalid option: expected one of {expected}")
    if not any(_has_input(m.get("content")) for m in messages):
        raise BadRequest(400, "Input must have at least 1 token.")


def _has_input(content: Any) -> bool:
    """Whether a message content carries anything: text that is not blank, or a media part."""
    if isinstance(content, str):
        return bool(content.strip())
    if isinstance(content, list):
        return any(p.get("type") != "text" or str(p.get("text") or "").strip() for p in content if isinstance(p, dict))
    return False


def _check_tools(body: dict[str, Any]) -> None:
    tools = body.get("tools") if body.get("tools") is not None else []
    if not isinstance(tools, list):
        raise BadRequest(400, "tools must be an array")
    names = []
    for i, tool in enumerate(tools):
        if isinstance(tool, dict) and str(tool.get("type", "")).startswith(("openrouter:", "web_search")):
            continue  # a server tool the service runs itself (openrouter:web_search …)
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(tool, dict) or tool.get("type") != "function" or not isinstance(function, dict):
            raise BadRequest(400, f"tools[{i}] must be {{'type': 'function', 'function': {{...}}}}")
        if not isinstance(function.get("name"), str) or not function["name"]:
            raise BadRequest(400, f"tools[{i}].function.name is required")
        names.append(function["name"])
    choice = body.get("tool_choice")
    if choice is None or choice in ("none", "auto", "required"):
        return
    named = choice.get("function", {}).get("name") if isinstance(choice, dict) else None
    if not isinstance(choice, dict) or choice.get("type") != "function" or named is None:
        raise BadRequest(400, "tool_choice must be none, auto, required or {'type': 'function', 'function': {'name'}}")
    if named not in names:
        raise BadRequest(400, f"tool_choice names {named!r}, which is not among the tools")


def check_chat_request(body: Any) -> dict[str, Any]:
    """The body of a valid ``POST /chat/completions`` (a 400 ``BadRequest`` otherwise)."""
    if not isinstance(body, dict):
        raise BadRequest(400, "Request body must be a JSON object")
    _check_messages(body.get("messages"))
    for name, (low, high) in _RANGES.items():
        value = body.get(name)
        if value is not None and (not _is_number(value) or not low <= value <= high):
            raise BadRequest(400, f"{name} must be a number from {low:g} to {high:g}, got {value!r}")
    for name, minimum in _INTEGERS.items():
        value = body.get(name)
        if value is not None and (not _is_integer(value) or (minimum is not None and value < minimum)):
            raise BadRequest(
                400, f"{name} must be an integer{f' of at least {minimum}' if minimum is not None else ''}"
            )
    for name, allowed in _ENUMS.items():
        _enum(body, name, allowed)
    modalities = body.get("modalities")
    if modalities is not None and (not isinstance(modalities, list) or not set(modalities) <= set(_MODALITIES)):
        raise BadRequest(400, f"modalities must be a list of {', '.join(_MODALITIES)}")
    fmt = body.get("response_format")
    if fmt is not None and (not isinstance(fmt, dict) or fmt.get("type") not in _FORMATS):
        raise BadRequest(400, f"response_format.type must be one of {', '.join(_FORMATS)}")
    if isinstance(fmt, dict) and fmt["type"] == "json_schema" and not isinstance(fmt.get("json_schema"), dict):
        raise BadRequest(400, "response_format json_schema needs a json_schema object")
    models = body.get("models")
    if models is not None and (not isinstance(models, list) or not all(isinstance(m, str) for m in models)):
        raise BadRequest(400, "models must be an array of model ids")
    _check_tools(body)
    return body


def check_image_request(body: Any) -> dict[str, Any]:
    """The body of a valid ``POST /images``: enums, ``n`` 1–10, and ``size`` that agrees with the rest.

    A pixel ``size`` is authoritative: with an ``aspect_ratio`` or ``resolution`` that disagrees with
    it, the request is refused (the service does the same).
    """
    if not isinstance(body, dict):
        raise BadRequest(400, "Request body must be a JSON object")
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise BadRequest(400, "prompt is required")
    n = body.get("n", 1)
    if not _is_integer(n) or not 1 <= n <= 10:
        raise BadRequest(400, "n must be an integer from 1 to 10")
    for name, allowed in _IMAGE_ENUMS.items():
        _enum(body, name, allowed)
    refs = body.get("input_references")
    if refs is not None and (not isinstance(refs, list) or len(refs) > 16):
        raise BadRequest(400, "input_references must be an array of at most 16 images")
    size = body.get("size")
    if size is None:
        return body
    if not isinstance(size, str):
        raise BadRequest(400, "size must be a string such as '1024x1024' or '2K'")
    if "x" not in size.lower():
        if size not in ("512", "1K", "2K", "4K"):
            raise BadRequest(400, f"size {size!r} is neither WIDTHxHEIGHT nor a tier (512, 1K, 2K, 4K)")
        if body.get("resolution") not in (None, size):
            raise BadRequest(400, f"size {size} conflicts with resolution {body['resolution']}")
        return body
    try:
        width, height = (int(v) for v in size.lower().split("x", 1))
    except ValueError:
        raise BadRequest(400, f"size {size!r} is neither WIDTHxHEIGHT nor a tier") from None
    if width <= 0 or height <= 0:
        raise BadRequest(400, f"size {size!r} must have positive width and height")
    aspect = body.get("aspect_ratio")
    if aspect not in (None, "auto"):
        w, h = (float(v) for v in aspect.split(":"))
        if abs(width / height - w / h) > 0.02 * (w / h):
            raise BadRequest(400, f"size {size} conflicts with aspect_ratio {aspect}; pixel sizes are authoritative")
    if body.get("resolution") is not None:
        raise BadRequest(400, f"size {size} conflicts with resolution {body['resolution']}; give one of them")
    return body
