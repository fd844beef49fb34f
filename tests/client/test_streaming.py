"""Streaming chats: deltas, chunks, how a stream ends (completed, failed, truncated, idle), closing."""

from __future__ import annotations

import asyncio

import pytest

from openrouter_nb import OpenRouterClient, OpenRouterError
from openrouter_nb.emulator import DEMO_KEY, Emulator, EmulatorCore, EmulatorServer
from openrouter_nb.errors import APIConnectionError, APITimeoutError, GenerationError
from tests.support.helpers import (
    TEXT,
)


async def test_stream_text_matches_chat_and_exposes_usage(client, emulator):
    stream = client.stream_text(TEXT, "A post about autumn leaves", seed=9)
    deltas = [d async for d in stream]
    assert len(deltas) > 3 and all(isinstance(d, str) for d in deltas)
    assert stream.completed and stream.finish_reason == "stop" and stream.keepalives >= 1
    assert stream.cost == pytest.approx(stream.usage["cost"]) and stream.cost > 0
    plain = await client.chat(TEXT, "A post about autumn leaves", seed=9)
    assert "".join(deltas) == stream.text == plain.text
    assert client.ledger.entries[-2].call == "stream_chat"


async def test_stream_chat_yields_parsed_chunks(client):
    stream = client.stream_chat(TEXT, "hello")
    chunks = [c async for c in stream]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-1]["choices"][0]["delta"] == {"role": "assistant", "content": ""}  # the usage chunk, as recorded
    assert chunks[-1]["usage"]["cost"] == stream.cost


async def test_mid_stream_error_raises_generation_error_with_partial_text(client, emulator):
    emulator.script("chat", "mid_stream_error")
    seen = []
    with pytest.raises(GenerationError) as info:
        async for delta in client.stream_text(TEXT, "a fairly long caption about a mountain lake at dawn"):
            seen.append(delta)
    assert info.value.partial_text == "".join(seen) and seen


async def test_truncated_stream_is_not_presented_as_complete(client, emulator):
    emulator.script("chat", "truncated_stream")
    stream = client.stream_text(TEXT, "a fairly long caption about a mountain lake at dawn")
    with pytest.raises(APIConnectionError, match="before completion"):
        await stream.collect()
    assert not stream.completed and stream.text


async def test_keepalive_only_stream_times_out():
    emulator = Emulator(keepalive_interval=0.01)
    emulator.script("chat", "keepalive_forever")
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, timeout=0.2) as client:
        loop = asyncio.get_running_loop()
        start = loop.time()
        with pytest.raises(APITimeoutError, match="keep-alive"):
            await client.stream_text(TEXT, "x").collect()
        assert loop.time() - start < 2.0


async def test_early_exit_closes_the_connection(client, emulator):
    async for _delta in client.stream_text(TEXT, "a fairly long caption about a mountain lake at dawn"):
        break
    for _ in range(5):  # the dropped generator is closed by the loop's async-generator finalizer
        await asyncio.sleep(0)
    assert emulator.streams_closed_early == 1
    async with client.stream_text(TEXT, "another long caption about a quiet harbour town") as stream:
        async for _delta in stream:
            break
    assert emulator.streams_closed_early == 2  # closed at once by the context manager


async def test_stream_error_before_first_token_is_a_status_error(client, emulator):
    emulator.script("chat", 400)
    with pytest.raises(OpenRouterError, match="HTTP 400"):
        await client.stream_text(TEXT, "x").collect()


async def test_stream_over_loopback_server():
    async with EmulatorServer(EmulatorCore(stream_chunk_delay=0.002)) as server:
        async with OpenRouterClient(api_key=DEMO_KEY, base_url=server.base_url) as client:
            stream = client.stream_text(TEXT, "A post about the seaside")
            text = await stream.collect()
            assert text and stream.completed and stream.usage
