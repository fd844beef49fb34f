"""The emulator's ``POST /chat/completions``: deterministic replies, tool calls, reasoning, images.

A request is checked (:mod:`.chat_checks`), routed (:mod:`.serving`: preset, model, provider,
prices), and its reply composed once (:class:`Reply`): text, or tool
calls (:mod:`.tools`), with reasoning when asked for, images for ``modalities``, usage and cost
from the catalog's prices. The same reply is sent as JSON or streamed (:mod:`.chat_stream`).
``X-OpenRouter-Cache: true`` answers a repeated request from a response cache, unbilled.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import billing
from . import catalog as cat
from .chat_checks import check_chat_request
from .chat_stream import limited_stream, sse
from .free_limits import RateLimited
from .pictures import render_png
from .protocol import Call, EmuResponse, image_dims, json_response, obj, tokens
from .reasoning import cite, search_results, searches_asked, think
from .schema_scalars import hints_from
from .schema_values import schema_in, value_for
from .serving import Routed, route_request
from .tools import tool_calls_for
from .writer import compose_reply, message_text

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = [
    "Reply",
    "chat",
    "compose",
    "message_of",
    "prompt_text",
    "reply_record",
    "structured_answer",
    "usage_of",
]

MAX_CACHED = 256


@dataclass
class Reply:
    """What the emulated model answers, before it is sent as JSON or as a stream."""

    text: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    reasoning: str | None = None
    show_reasoning: bool = True
    images: list[dict[str, Any]] = field(default_factory=list)
    finish: str = "stop"
    #: hidden reasoning tokens billed (the shown reasoning is a summary of them)
    reasoning_tokens: int = 0
    #: the reasoning blocks, as the model's provider returns them (text, summary, encrypted)
    reasoning_details: list[dict[str, Any]] = field(default_factory=list)
    searches: int = 0
    annotations: list[dict[str, Any]] = field(default_factory=list)


def _from_results(result: str) -> str:
    """An answer built from a tool's result: its facts in words (JSON objects as ``key: value``)."""
    try:
        facts = json.loads(result)
    except ValueError:
        facts = None
    if isinstance(facts, dict) and facts:
        return (
            "Here is what I found: "
            + ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in list(facts.items())[:8])
            + "."
        )
    return f"Here is what I found: {result[:300]}".strip()


def compose(body: dict[str, Any], served: dict[str, Any]) -> Reply:
    """The reply of ``served`` to the request ``body`` (deterministic)."""
    messages = body["messages"]
    user = [message_text(m.get("content")) for m in messages if m.get("role") == "user"]
    prompt = user[-1] if user else ""
    seed = body.get("seed")
    calls = tool_calls_for(body, messages, prompt, seed)
    if calls:
        reply = Reply("", tool_calls=calls, finish="tool_calls")
    elif messages[-1].get("role") == "tool":  # answer from the tool's results
        reply = Reply(_from_results(message_text(messages[-1].get("content"))))
    else:
        structured = structured_answer(body.get("response_format"), served, prompt, seed, messages)
        reply = Reply(structured if structured is not None else compose_reply(served["id"], messages, seed, None))
        if structured is None and obj(body.get("response_format")).get("type") == "json_object":
            reply.text = compose_reply(served["id"], messages, seed, body["response_format"])
    think(reply, body, served, prompt)
    reply.searches = searches_asked(body)
    if reply.searches and reply.text:
        cite(reply, prompt)
    outputs = served["architecture"].get("output_modalities", [])
    if "image" in (body.get("modalities") or []):
        config = obj(body.get("image_config"))
        width, height = image_dims(config.get("aspect_ratio"), None, config.get("image_size"))
        png = render_png(prompt, (served["id"], seed), width, height)
        reply.images = [
            {"type": "image_url", "image_url": {"url": "data:image/png;base64," + base64.b64encode(png).decode()}}
        ]
        if outputs == ["image"]:
            reply.text = ""
    limit = body.get("max_tokens") or body.get("max_completion_tokens")
    if isinstance(limit, int) and reply.text and tokens(reply.text) > limit:
        reply.text, reply.finish = reply.text[: limit * 4], "length"
    return reply


def structured_answer(
    response_format: Any, served: dict[str, Any], prompt: str, seed: Any, messages: list[dict[str, Any]] | None = None
) -> str | None:
    """The JSON text a request for JSON gets: a value that satisfies the schema, filled from the prompt.

    The schema is ``response_format``'s (``json_schema``), or, for ``json_object`` or a prompt that
    asks for JSON in words, the one the prompt spells out (format instructions, as frameworks write
    them). None when no schema is asked for, or when the model takes no ``response_format`` (the
    service drops a parameter a model's endpoints do not support, so the answer is prose).
    """
    fmt = obj(response_format)
    texts = [message_text(m.get("content")) for m in messages or [] if m.get("role") in ("system", "user", "developer")]
    if fmt.get("type") == "json_schema":
        spec = obj(fmt.get("json_schema"))
        schema = spec.get("schema") if isinstance(spec.get("schema"), dict) else {"type": "object"}
        if not {"response_format", "structured_outputs"} & set(served.get("supported_parameters") or []):
            return None
    elif fmt.get("type") == "json_object" or (not fmt and any("JSON" in t for t in texts[-2:])):
        found = next((s for s in map(schema_in, reversed(texts)) if s is not None), None)
        if found is None:
            return None
        schema = found
    else:
        return None
    value = value_for(schema, hints_from(prompt), cat.stable_int("structured", served["id"], prompt, seed))
    return json.dumps(value, ensure_ascii=False)


def usage_of(reply: Reply, body: dict[str, Any], served: dict[str, Any], cached: int, created: int) -> dict[str, Any]:
    """Tokens and cost of a reply, priced from the catalog in the prompt's tier (see :mod:`.billing`)."""
    prompt_tokens = sum(tokens(message_text(m.get("content"))) + 4 for m in body["messages"])
    text_tokens = tokens(reply.text) if reply.text else 0
    text_tokens += sum(tokens(c["function"]["arguments"]) for c in reply.tool_calls)
    return billing.usage(
        served,
        prompt_tokens=prompt_tokens,
        cached=min(cached, prompt_tokens),
        text_tokens=text_tokens,
        reasoning_tokens=reply.reasoning_tokens,
        images=len(reply.images),
        image_price=cat.image_price_per_image(served) if reply.images else 0.0,
        searches=reply.searches,
        created=created,
        search_results=search_results(body),
    )


def prompt_text(body: dict[str, Any]) -> str:
    """The request's messages as one text (what a prompt cache compares)."""
    return "\n".join(f"{m.get('role')}:{message_text(m.get('content'))}" for m in body["messages"])


def message_of(reply: Reply, served: dict[str, Any]) -> dict[str, Any]:
    """The assistant message of a non-streamed reply."""
    content: Any = reply.text if not reply.tool_calls else None
    if served["id"].startswith("mistralai/") and reply.text:  # some providers answer with content parts
        content = [{"type": "text", "text": reply.text}]
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None, "reasoning": None}
    if reply.reasoning and reply.show_reasoning:
        message["reasoning"] = reply.reasoning
        message["reasoning_details"] = reply.reasoning_details
    if reply.annotations:
        message["annotations"] = reply.annotations
    if reply.tool_calls:
        message["tool_calls"] = reply.tool_calls
    if reply.images:
        message["images"] = reply.images
    return message


def _cache_key(body: dict[str, Any]) -> str:
    request = {k: v for k, v in body.items() if k != "stream"}
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def _unbilled(usage: dict[str, Any]) -> dict[str, Any]:
    """A usage with nothing to pay (a response-cache hit): the tokens as counted, the costs 0."""
    details = {**usage["cost_details"], "upstream_inference_prompt_cost": 0, "upstream_inference_completions_cost": 0}
    return {**usage, "cost": 0.0, "cost_details": details}


def reply_record(
    core: EmulatorCore, routed: Routed, reply: Reply, usage: dict[str, Any], made: tuple[str, int], **facts: Any
) -> dict[str, Any]:
    """The ``/generation`` record of a reply to a routed request (``made``: its id and time), for chat
    completions and ``/responses`` alike; ``facts`` add or override fields."""
    body, served = routed.body, routed.served
    return core.generation_record(
        *made,
        served["id"],
        usage["cost"],
        "completions",
        usage["prompt_tokens"],
        usage["completion_tokens"],
        provider_name=routed.provider,
        streamed=bool(body.get("stream")),
        finish_reason=reply.finish,
        native_finish_reason=reply.finish,
        native_tokens_reasoning=usage["completion_tokens_details"]["reasoning_tokens"],
        native_tokens_cached=usage["prompt_tokens_details"]["cached_tokens"],
        num_search_results=search_results(body) * reply.searches if reply.searches else None,
        router=routed.model["id"] if routed.model is not served else None,
        preset_id=routed.preset_id,
        **facts,
    )


async def chat(core: EmulatorCore, call: Call) -> EmuResponse:
    """``POST /chat/completions``: a completion, or its SSE stream with ``stream: true``."""
    try:
        routed = route_request(core, check_chat_request(call.body), call.key)
    except RateLimited as limited:
        if call.body.get("stream") and limited.scope == "minute":
            return limited_stream(core, call.body, limited)  # met while the stream was routed: in the stream
        raise
    body, served, provider, priced = routed.body, routed.served, routed.provider, routed.priced
    caching = call.request.headers.get("x-openrouter-cache", "").lower() == "true"
    key = _cache_key(body) if caching else ""
    hit = core.response_cache.get(key) if caching else None
    reply = hit["reply"] if hit else compose(body, served)
    gen_id, created = core.next_id("gen")
    usage = usage_of(reply, body, priced, billing.cached_tokens(core, served, prompt_text(body)), created)
    if hit:  # served from the response cache: nothing is billed
        usage = _unbilled(usage)
    record = reply_record(
        core,
        routed,
        reply,
        usage,
        (gen_id, created),
        native_tokens_completion_images=usage["completion_tokens_details"]["image_tokens"],
        num_media_completion=len(reply.images),
        response_cache_source_id=hit["id"] if hit else None,
    )
    if caching and not hit and len(core.response_cache) < MAX_CACHED:
        core.response_cache[key] = {"id": gen_id, "reply": reply}
    base = {"id": gen_id, "created": created, "model": served["id"], "provider": provider}
    headers = {"x-generation-id": gen_id}
    if caching:
        headers["x-openrouter-cache"] = "HIT" if hit else "MISS"
    kind = call.fault_kind
    if body.get("stream"):
        stream = sse(
            core, base, reply, usage, record, kind, reasons="reasoning" in (served.get("supported_parameters") or [])
        )
        return EmuResponse(
            200, {"content-type": "text/event-stream", "cache-control": "no-cache", **headers}, stream=stream
        )
    if kind == "truncated_stream":  # a non-streaming body cut short
        return EmuResponse(200, {"content-type": "application/json"}, b'{"id":"' + gen_id.encode() + b'","cho')
    choice: dict[str, Any] = {
        "index": 0,
        "logprobs": None,
        "finish_reason": reply.finish,
        "native_finish_reason": reply.finish,
        "message": message_of(reply, served),
    }
    if kind in ("generation_error", "mid_stream_error"):
        choice["finish_reason"] = record["finish_reason"] = "error"
        choice["error"] = {
            "code": 502,
            "message": "Provider disconnected",
            "metadata": {"error_type": "provider_unavailable"},
        }
    core.bill(record)
    payload = {**base, "object": "chat.completion", "system_fingerprint": None, "choices": [choice], "usage": usage}
    answer = json_response(200, payload, headers)
    # the service sends whitespace while the model works, before the JSON: more for a longer think
    answer.body = b"\n" * (1 + min(2, reply.reasoning_tokens // 1000)) + answer.body
    return answer
