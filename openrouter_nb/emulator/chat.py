"""The emulator's ``POST /chat/completions``: deterministic replies, usage and cost, SSE, images."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from . import catalog as cat
from .pictures import render_png
from .protocol import (
    KEEPALIVE,
    ROUTER_PICKS,
    BadRequest,
    Call,
    EmuResponse,
    image_dims,
    json_response,
    tokens,
    usage_cost,
)
from .writer import compose_reply, message_text

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["chat"]


async def chat(core: EmulatorCore, call: Call) -> EmuResponse:
    """``POST /chat/completions``: a completion, or its SSE stream with ``stream: true``."""
    body = call.body
    if not isinstance(body, dict):
        raise BadRequest(400, "Request body must be a JSON object")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
        raise BadRequest(400, "messages must be a non-empty array of message objects")
    requested = body.get("model")
    fallbacks = body["models"] if isinstance(body.get("models"), list) else []
    candidates = ([requested] if requested else []) + [m for m in fallbacks if isinstance(m, str)]
    model = None
    for candidate in candidates:
        if candidate in cat.catalog_by_id():
            model = cat.catalog_by_id()[candidate]
            break
    if model is None:
        core.resolve_model(requested or (candidates[0] if candidates else None))
    assert model is not None
    core.check_balance()
    served = model
    if (model.get("pricing") or {}).get("prompt") == "-1":  # routers bill the model they picked
        picks = [m for m in ROUTER_PICKS if m in cat.catalog_by_id()]
        if picks:
            h = cat.stable_int("router", model["id"], message_text(messages[-1].get("content")))
            served = cat.catalog_by_id()[picks[h % len(picks)]]
    modalities = body.get("modalities") or ["text"]
    outputs = served["architecture"].get("output_modalities", [])
    want_image = isinstance(modalities, list) and "image" in modalities
    if want_image and "image" not in outputs:
        raise BadRequest(404, "No endpoints found that support the requested output modalities: image")
    if "text" not in outputs and not want_image:
        raise BadRequest(400, f"{served['id']} does not produce text; see its output_modalities")

    seed = body.get("seed")
    text = compose_reply(served["id"], messages, seed, body.get("response_format"))
    if want_image and outputs == ["image"]:
        text = ""
    finish = "stop"
    completion_tokens = tokens(text) if text else 0
    max_tokens = body.get("max_tokens") or body.get("max_completion_tokens")
    if isinstance(max_tokens, int) and max_tokens > 0 and completion_tokens > max_tokens:
        text = text[: max_tokens * 4]
        completion_tokens = max_tokens
        finish = "length"
    prompt_tokens = sum(tokens(message_text(m.get("content"))) + 4 for m in messages)
    images = []
    image_tokens = 0
    if want_image:
        config = body["image_config"] if isinstance(body.get("image_config"), dict) else {}
        width, height = image_dims(config.get("aspect_ratio"), None)
        prompt_text = message_text(messages[-1].get("content"))
        png = render_png(prompt_text, (served["id"], seed), width, height)
        images = [
            {
                "type": "image_url",
                "image_url": {"url": "data:image/png;base64," + base64.b64encode(png).decode()},
            }
        ]
        image_tokens = cat.IMAGE_TOKENS_PER_IMAGE
    cost = usage_cost(prompt_tokens, completion_tokens, served.get("pricing") or {})
    if image_tokens:
        cost = round(cost + cat.image_price_per_image(served), 10)
    if served["id"].endswith(":free"):
        cost = 0.0
    gen_id, created = core.next_id("gen")
    provider = cat.provider_display_name(served["id"])
    routing = body.get("provider")
    if isinstance(routing, dict) and isinstance(routing.get("order"), list) and routing["order"]:
        provider = str(routing["order"][0])
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens + image_tokens,
        "total_tokens": prompt_tokens + completion_tokens + image_tokens,
        "cost": cost,
        "is_byok": False,
        "prompt_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "image_tokens": image_tokens},
        "cost_details": {"upstream_inference_cost": None},
    }
    record = {
        "id": gen_id,
        "upstream_id": None,
        "model": served["id"],
        "provider_name": provider,
        "created_at": created,
        "total_cost": cost,
        "usage": cost,
        "is_byok": False,
        "streamed": bool(body.get("stream")),
        "cancelled": False,
        "finish_reason": finish,
        "native_finish_reason": finish,
        "tokens_prompt": prompt_tokens,
        "tokens_completion": completion_tokens + image_tokens,
        "num_media_completion": len(images),
        "api_type": "completions",
        "latency": 120,
        "generation_time": 480,
    }
    base = {"id": gen_id, "created": created, "model": served["id"], "provider": provider}
    headers = {"x-generation-id": gen_id}
    kind = call.fault_kind
    if body.get("stream"):
        stream = _sse(core, base, text, images, finish, usage, record, kind)
        return EmuResponse(
            200,
            {"content-type": "text/event-stream", "cache-control": "no-cache", **headers},
            stream=stream,
        )
    if kind == "truncated_stream":  # a non-streaming body cut short
        return EmuResponse(200, {"content-type": "application/json"}, b'{"id":"' + gen_id.encode() + b'","cho')
    content: Any = text
    if served["id"].startswith("mistralai/") and text:  # some providers answer with content parts
        content = [{"type": "text", "text": text}]
    message: dict[str, Any] = {
        "role": "assistant",
        "content": content,
        "refusal": None,
        "reasoning": None,
    }
    if images:
        message["images"] = images
    choice: dict[str, Any] = {
        "index": 0,
        "logprobs": None,
        "finish_reason": finish,
        "native_finish_reason": finish,
        "message": message,
    }
    if kind in ("generation_error", "mid_stream_error"):
        choice["finish_reason"] = "error"
        choice["error"] = {
            "code": 502,
            "message": "Provider disconnected",
            "metadata": {"error_type": "provider_unavailable"},
        }
        record["finish_reason"] = "error"
    core.bill(record)
    payload = {
        **base,
        "object": "chat.completion",
        "system_fingerprint": None,
        "choices": [choice],
        "usage": usage,
    }
    return json_response(200, payload, headers)


async def _sse(
    core: EmulatorCore,
    base: dict[str, Any],
    text: str,
    images: list[dict[str, Any]],
    finish: str,
    usage: dict[str, Any],
    record: dict[str, Any],
    kind: str | None,
) -> AsyncIterator[bytes]:
    def event(choices: list[dict[str, Any]], **extra: Any) -> bytes:
        chunk = {**base, "object": "chat.completion.chunk", "choices": choices, **extra}
        return b"data: " + json.dumps(chunk, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"

    pieces = re.findall(r"\S+\s*", text) or [""]
    # faults that interrupt the stream strike half-way through the content
    cut = len(pieces) // 2 if kind in ("truncated_stream", "mid_stream_error") else -1
    sent = 0
    finished = False
    try:
        yield KEEPALIVE
        yield event(
            [
                {
                    "index": 0,
                    "delta": {"role": "assistant", "content": ""},
                    "finish_reason": None,
                    "native_finish_reason": None,
                }
            ]
        )
        for i, piece in enumerate(pieces):
            if i == cut:
                break
            if i and i % 4 == 0:
                yield KEEPALIVE
            if core.stream_chunk_delay:
                await asyncio.sleep(core.stream_chunk_delay)
            delta: dict[str, Any] = {"content": piece}
            if images and i == 0:
                delta["images"] = images
            sent += len(piece)
            yield event([{"index": 0, "delta": delta, "finish_reason": None, "native_finish_reason": None}])
        if kind == "truncated_stream":
            finished = True  # the connection just ends: no finish chunk, no [DONE]
            return
        if kind in ("mid_stream_error", "generation_error"):
            error = {
                "code": 502,
                "message": "Provider disconnected",
                "metadata": {"error_type": "provider_unavailable"},
            }
            yield event([{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}], error=error)
            record["finish_reason"] = "error"
            finished = True
            return
        yield event([{"index": 0, "delta": {}, "finish_reason": finish, "native_finish_reason": finish}])
        yield event([], usage=usage)
        yield b"data: [DONE]\n\n"
        finished = True
    finally:
        if not finished:
            core.streams_closed_early += 1
            record["cancelled"] = True
            ratio = sent / max(1, len(text))
            record["total_cost"] = record["usage"] = round(usage["cost"] * ratio, 10)
        core.bill(record)
