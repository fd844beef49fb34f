"""The emulator's ``POST /responses`` (the Responses API, generally available on OpenRouter since 2026-07).

A request is turned into its chat form (``input`` items into messages, ``instructions`` into a
system message, flat function tools into chat tools, ``text.format`` into ``response_format``,
``max_output_tokens`` into ``max_tokens``), routed and answered by the same machinery as
``/chat/completions`` (:mod:`.serving`, :func:`.chat.compose`), billed alike, and answered in the
Responses shape: output items (``reasoning`` with ``reasoning_text`` content and summaries,
``message`` with ``output_text`` parts, ``function_call`` with its ``call_id``), ``usage`` with
``input_tokens_details.cached_tokens`` and ``output_tokens_details.reasoning_tokens``. As on the
service, the top-level ``output_text`` is empty: a client joins the message items' parts. With
``stream: true`` the same answer arrives as events (:mod:`.responses_stream`).

The response's ``id`` is its generation id (``gen-…``), the one ``/generation`` looks up.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import billing
from .chat import Reply, compose, prompt_text, reply_record, usage_of
from .chat_checks import check_chat_request
from .protocol import BadRequest, Call, EmuResponse, item_id, json_response, obj
from .responses_stream import response_events
from .serving import Routed, route_request

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["finished", "output_items", "response_object", "responses", "responses_usage", "to_chat"]

_PARTS = {"input_text": "text", "output_text": "text", "text": "text"}
_ECHOED = (
    "temperature",
    "top_p",
    "presence_penalty",
    "frequency_penalty",
    "instructions",
    "metadata",
    "max_output_tokens",
    "previous_response_id",
    "user",
    "safety_identifier",
)


def _part(part: Any, where: str) -> dict[str, Any]:
    """One content part of an input message, in chat form."""
    kind = part.get("type") if isinstance(part, dict) else None
    if kind in _PARTS:
        return {"type": "text", "text": str(part.get("text") or "")}
    if kind == "input_image":
        url = part.get("image_url") or part.get("file_id") or ""
        return {"type": "image_url", "image_url": {"url": url, "detail": part.get("detail", "auto")}}
    if kind == "input_file":
        return {"type": "file", "file": {"filename": part.get("filename"), "file_data": part.get("file_data")}}
    if kind == "input_audio":
        return {"type": "input_audio", "input_audio": part.get("input_audio")}
    raise BadRequest(
        400, f"{where}.type: Invalid option: expected one of input_text, input_image, input_file, input_audio"
    )


def _messages(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The chat messages of a Responses request: instructions, then the input items in order."""
    raw = body.get("input")
    messages: list[dict[str, Any]] = []
    if isinstance(body.get("instructions"), str) and body["instructions"]:
        messages.append({"role": "system", "content": body["instructions"]})
    if isinstance(raw, str):
        return [*messages, {"role": "user", "content": raw}]
    if not isinstance(raw, list) or not raw:
        raise BadRequest(400, "input must be a string or a non-empty array of input items")
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise BadRequest(400, f"input[{i}] must be an object")
        kind = item.get("type", "message")
        if kind == "message":
            content = item.get("content")
            if isinstance(content, list):
                content = [_part(p, f"input[{i}].content[{j}]") for j, p in enumerate(content)]
            messages.append({"role": item.get("role", "user"), "content": content if content is not None else ""})
        elif kind == "function_call":
            call = {
                "id": item.get("call_id"),
                "type": "function",
                "function": {"name": item.get("name"), "arguments": item.get("arguments") or "{}"},
            }
            last = messages[-1] if messages else None
            if last is not None and last.get("role") == "assistant" and last.get("tool_calls"):
                last["tool_calls"].append(call)  # calls made in one turn travel in one message
            else:
                messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif kind == "function_call_output":
            output = item.get("output")
            text = output if isinstance(output, str) else json.dumps(output)
            messages.append({"role": "tool", "tool_call_id": str(item.get("call_id")), "content": text})
        elif kind != "reasoning":  # earlier reasoning items go back to the provider; nothing to do here
            raise BadRequest(400, f"input[{i}].type {kind!r} is not an input item this route takes")
    return messages


def to_chat(body: Any) -> dict[str, Any]:
    """A Responses request as the chat request that gets the same answer (a 400 ``BadRequest`` when malformed)."""
    if not isinstance(body, dict):
        raise BadRequest(400, "Request body must be a JSON object")
    chat: dict[str, Any] = {"model": body.get("model"), "messages": _messages(body)}
    tools = []
    for tool in body.get("tools") or []:
        if isinstance(tool, dict) and tool.get("type") == "function":
            function = {k: tool[k] for k in ("name", "description", "parameters", "strict") if k in tool}
            tools.append({"type": "function", "function": function})
        else:
            tools.append(tool)  # a server tool (openrouter:web_search …): chat takes it as is
    if tools:
        chat["tools"] = tools
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and choice.get("type") == "function":
        chat["tool_choice"] = {"type": "function", "function": {"name": choice.get("name")}}
    elif choice is not None:
        chat["tool_choice"] = choice
    fmt = obj(obj(body.get("text")).get("format"))
    if fmt.get("type") == "json_schema":
        chat["response_format"] = {"type": "json_schema", "json_schema": {k: v for k, v in fmt.items() if k != "type"}}
    elif fmt.get("type") == "json_object":
        chat["response_format"] = {"type": "json_object"}
    if body.get("max_output_tokens") is not None:
        chat["max_tokens"] = body["max_output_tokens"]
    for key in (
        "reasoning",
        "provider",
        "plugins",
        "models",
        "temperature",
        "top_p",
        "top_k",
        "seed",
        "user",
        "session_id",
        "parallel_tool_calls",
        "frequency_penalty",
        "presence_penalty",
        "stream",
    ):
        if body.get(key) is not None:
            chat[key] = body[key]
    return check_chat_request(chat)


def output_items(reply: Reply, seed: Any) -> list[dict[str, Any]]:
    """The output items of a reply: its reasoning, then its message or its function calls."""
    items: list[dict[str, Any]] = []
    if reply.reasoning and reply.show_reasoning:
        blocks = reply.reasoning_details
        item: dict[str, Any] = {
            "type": "reasoning",
            "id": item_id("rs", seed, reply.reasoning),
            "summary": [{"type": "summary_text", "text": b["summary"]} for b in blocks if "summary" in b],
            "content": [{"type": "reasoning_text", "text": b["text"]} for b in blocks if "text" in b],
            "status": "completed",
        }
        sealed = [b["data"] for b in blocks if b.get("type") == "reasoning.encrypted"]
        if sealed:
            item["encrypted_content"] = sealed[0]
        items.append(item)
    for call in reply.tool_calls:
        items.append(
            {
                "type": "function_call",
                "id": item_id("fc", seed, call["id"]),
                "call_id": call["id"],
                "name": call["function"]["name"],
                "arguments": call["function"]["arguments"],
                "status": "completed",
            }
        )
    if not reply.tool_calls:
        annotations = [_annotation(a) for a in reply.annotations]
        part = {"type": "output_text", "text": reply.text, "annotations": annotations, "logprobs": []}
        status = "incomplete" if reply.finish == "length" else "completed"
        items.append(
            {
                "type": "message",
                "id": item_id("msg", seed, reply.text),
                "role": "assistant",
                "status": status,
                "content": [part],
            }
        )
    return items


def _annotation(annotation: dict[str, Any]) -> dict[str, Any]:
    """A chat ``url_citation`` annotation in the Responses shape (its fields flat)."""
    cited = obj(annotation.get("url_citation"))
    return {
        "type": "url_citation",
        "url": cited.get("url", ""),
        "title": cited.get("title", ""),
        "start_index": cited.get("start_index", 0),
        "end_index": cited.get("end_index", 0),
    }


def responses_usage(usage: dict[str, Any]) -> dict[str, Any]:
    """A chat usage in the Responses shape (input/output tokens, their details, the cost and its split)."""
    details = usage.get("cost_details") or {}
    return {
        "input_tokens": usage["prompt_tokens"],
        "input_tokens_details": {"cached_tokens": usage["prompt_tokens_details"]["cached_tokens"]},
        "output_tokens": usage["completion_tokens"],
        "output_tokens_details": {"reasoning_tokens": usage["completion_tokens_details"]["reasoning_tokens"]},
        "total_tokens": usage["total_tokens"],
        "cost": usage["cost"],
        "is_byok": False,
        "cost_details": {
            "upstream_inference_cost": details.get("upstream_inference_cost"),
            "upstream_inference_input_cost": details.get("upstream_inference_prompt_cost", 0),
            "upstream_inference_output_cost": details.get("upstream_inference_completions_cost", 0),
        },
    }


def response_object(request: dict[str, Any], routed: Routed, gen_id: str, created: int) -> dict[str, Any]:
    """The response envelope with every field the spec requires (no output yet, in progress)."""
    envelope: dict[str, Any] = {key: request.get(key) for key in _ECHOED}
    envelope.update(
        {
            "id": gen_id,
            "object": "response",
            "created_at": created,
            "model": routed.served["id"],
            "status": "in_progress",
            "completed_at": None,
            "output": [],
            "output_text": "",
            "error": None,
            "incomplete_details": None,
            "tools": request.get("tools") or [],
            "tool_choice": request.get("tool_choice", "auto"),
            "parallel_tool_calls": request.get("parallel_tool_calls", True) is not False,
        }
    )
    if isinstance(request.get("text"), dict):
        envelope["text"] = request["text"]
    if isinstance(request.get("reasoning"), dict):
        envelope["reasoning"] = request["reasoning"]
    return envelope


def finished(envelope: dict[str, Any], reply: Reply, usage: dict[str, Any], seed: Any) -> dict[str, Any]:
    """The envelope once the reply is complete: its output items, status and usage."""
    done = {**envelope, "output": output_items(reply, seed), "usage": responses_usage(usage)}
    done["completed_at"] = envelope["created_at"] + 1
    if reply.finish == "length":
        done["status"], done["incomplete_details"] = "incomplete", {"reason": "max_output_tokens"}
    else:
        done["status"] = "completed"
    return done


async def responses(core: EmulatorCore, call: Call) -> EmuResponse:
    """``POST /responses``: a response, or its event stream with ``stream: true``."""
    request = call.body if isinstance(call.body, dict) else {}
    routed = route_request(core, to_chat(call.body), call.key)
    body, served = routed.body, routed.served
    reply = compose(body, served)
    gen_id, created = core.next_id("gen")
    usage = usage_of(reply, body, routed.priced, billing.cached_tokens(core, served, prompt_text(body)), created)
    record = reply_record(core, routed, reply, usage, (gen_id, created))
    envelope = response_object(request, routed, gen_id, created)
    seed = (gen_id, body.get("seed"))
    headers = {"x-generation-id": gen_id}
    if body.get("stream"):
        events = response_events(core, envelope, finished(envelope, reply, usage, seed), record, call.fault_kind)
        return EmuResponse(
            200, {"content-type": "text/event-stream", "cache-control": "no-cache", **headers}, stream=events
        )
    core.bill(record)
    answer = json_response(200, finished(envelope, reply, usage, seed), headers)
    answer.body = b"\n" * (1 + min(2, reply.reasoning_tokens // 1000)) + answer.body  # whitespace while it works
    return answer
