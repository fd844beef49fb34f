"""Streaming rows: a 500-chunk SSE reply through MockTransport, per chunk, against raw httpx.

Two deliveries: every event in its own network chunk (what a live stream looks like) and the whole
body at once (what a proxy that buffers sends). The floor is raw httpx ``aiter_lines`` plus
``json.loads`` of each ``data:`` line, picking out the delta text: the least any SSE client does.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
from common import BASE, KEY, interleaved

from openrouter_nb import OpenRouterClient

MODEL = "openai/gpt-4o-mini"
CHUNKS = 500
FLOOR = "raw httpx aiter_lines + json.loads"


def sse_events(chunks: int = CHUNKS) -> list[bytes]:
    """The events of a real-shaped OpenRouter stream: a processing comment, deltas, finish, usage, [DONE]."""
    head = {"id": "gen-1767000000-AbCdEfGhIjKlMnOp", "provider": "OpenAI", "model": MODEL}
    head |= {"object": "chat.completion.chunk", "created": 1767000000, "system_fingerprint": "fp_1234"}

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "native_finish_reason": finish, "logprobs": None}
        return b"data: " + json.dumps({**head, "choices": [choice], **extra}).encode() + b"\n\n"

    events = [b": OPENROUTER PROCESSING\n\n"]
    events += [chunk({"role": "assistant", "content": f"word{i} "}) for i in range(chunks)]
    events.append(chunk({"role": "assistant", "content": ""}, "stop"))
    usage = {"prompt_tokens": 42, "completion_tokens": chunks, "total_tokens": 42 + chunks, "cost": 0.0003}
    events.append(chunk({"role": "assistant", "content": ""}, None, usage=usage))
    events.append(b"data: [DONE]\n\n")
    return events


class _Chunked(httpx.AsyncByteStream):
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self.parts:
            yield part


def transport(events: list[bytes], *, whole: bool) -> httpx.MockTransport:
    parts = [b"".join(events)] if whole else events
    headers = {"content-type": "text/event-stream"}
    return httpx.MockTransport(lambda request: httpx.Response(200, headers=headers, stream=_Chunked(parts)))


async def _mode(events: list[bytes], *, whole: bool, rounds: int) -> dict[str, Any]:
    mock = transport(events, whole=whole)
    raw = httpx.AsyncClient(transport=mock)
    ours = OpenRouterClient(api_key=KEY, transport=mock)
    body = {"model": MODEL, "messages": [{"role": "user", "content": "hi"}], "stream": True}
    auth = {"Authorization": f"Bearer {KEY}"}

    async def raw_stream() -> str:
        parts = []
        async with raw.stream("POST", f"{BASE}/chat/completions", json=body, headers=auth) as response:
            async for line in response.aiter_lines():
                if line.startswith("data: ") and line != "data: [DONE]":
                    content = json.loads(line[6:])["choices"][0]["delta"].get("content")
                    if content:
                        parts.append(content)
        return "".join(parts)

    async def ours_text() -> str:
        return await ours.stream_text(MODEL, "hi").collect()

    candidates: dict[str, Any] = {FLOOR: raw_stream, "openrouter_nb stream_text": ours_text}
    try:
        import openai
    except ImportError:
        openai = None
    if openai is not None:
        sdk = openai.AsyncOpenAI(api_key=KEY, base_url=BASE, http_client=httpx.AsyncClient(transport=mock))

        async def openai_stream() -> str:
            stream = await sdk.chat.completions.create(model=MODEL, messages=body["messages"], stream=True)
            return "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])

        candidates["openai SDK stream=True"] = openai_stream
    medians = await interleaved(candidates, calls=5, rounds=rounds, warmup=3)
    floor = medians[FLOOR]
    return {name: {"us_per_chunk": t / CHUNKS * 1e6, "ratio": t / floor} for name, t in medians.items()}


async def streaming(rounds: int) -> dict[str, Any]:
    """Per-chunk cost of a 500-chunk stream, both deliveries, against raw httpx (the floor)."""
    events = sse_events()
    return {
        "one event per network chunk": await _mode(events, whole=False, rounds=rounds),
        "whole body in one chunk": await _mode(events, whole=True, rounds=rounds),
    }
