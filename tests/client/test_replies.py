"""What a reply carries beyond its text: reasoning blocks (encrypted ones too), web citations, the
provider's finish reason, and the assistant message that continues the conversation."""

from __future__ import annotations

import json

import httpx

from tests.support.helpers import make_client

OPENAI_REASONER = "openai/gpt-5.4-pro"  # reasons always; its blocks come encrypted
ANTHROPIC_REASONER = "anthropic/claude-fable-5"  # reasons always; its blocks come signed


async def test_a_reasoning_reply_keeps_its_blocks_and_the_ledger_its_tokens(client):
    result = await client.chat(OPENAI_REASONER, "A caption about a rainy day in Porto", seed=3)
    kinds = [d["type"] for d in result.reasoning_details]
    assert kinds == ["reasoning.summary", "reasoning.encrypted"] and result.reasoning_details[1]["data"]
    assert result.native_finish_reason and result.finish_reason == "stop"
    entry = client.ledger.entries[-1]
    assert entry.reasoning_tokens == result.usage["completion_tokens_details"]["reasoning_tokens"] > 0


async def test_a_streamed_reply_assembles_the_same_blocks_as_a_plain_one(client):
    for model in (OPENAI_REASONER, ANTHROPIC_REASONER):
        plain = await client.chat(model, "Three words about the sea", seed=5)
        stream = client.stream_chat(model, "Three words about the sea", seed=5)
        _ = [chunk async for chunk in stream]
        assert stream.reasoning_details == plain.reasoning_details, model
        assert stream.reasoning == plain.reasoning and stream.text == plain.text
        assert stream.native_finish_reason == plain.native_finish_reason
    assert stream.reasoning_details[0]["signature"]  # an Anthropic block keeps its signature


async def test_web_citations_come_with_the_reply_streamed_or_not(client):
    plain = await client.chat("x-ai/grok-4.6", "What's new in Porto this week", plugins=[{"id": "web"}])
    stream = client.stream_chat("x-ai/grok-4.6", "What's new in Porto this week", plugins=[{"id": "web"}])
    _ = [chunk async for chunk in stream]
    for reply in (plain, stream):
        assert reply.annotations and reply.annotations[0]["type"] == "url_citation"
        assert reply.annotations[0]["url_citation"]["url"].startswith("https://")
    assert client.ledger.entries[-1].web_searches == 1


async def test_as_message_continues_a_reasoning_conversation(client):
    first = [{"role": "user", "content": "A caption about a rainy day in Porto"}]
    result = await client.chat(OPENAI_REASONER, messages=first)
    message = result.as_message()
    assert message == {
        "role": "assistant",
        "content": result.text,
        "reasoning_details": result.reasoning_details,
    }
    follow_up = await client.chat(OPENAI_REASONER, messages=[*first, message, {"role": "user", "content": "Shorter"}])
    assert follow_up.text
    stream = client.stream_chat(OPENAI_REASONER, messages=first)
    _ = [chunk async for chunk in stream]
    assert stream.as_message()["reasoning_details"] == stream.reasoning_details


async def test_stream_pieces_of_one_block_are_joined_and_others_kept_apart():
    """A block streamed in pieces (same index and type) becomes one; the encrypted one stays whole."""

    def chunk(delta: dict, finish: str | None = None, **extra) -> bytes:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, **extra}
        return f"data: {json.dumps({'id': 'gen-1', 'choices': [choice]})}\n\n".encode()

    head = {"type": "reasoning.text", "index": 0, "format": "anthropic-claude-v1"}
    body = b"".join(
        [
            chunk({"role": "assistant", "content": ""}),
            chunk({"reasoning": "Think ", "reasoning_details": [{**head, "text": "Think "}]}),
            chunk({"reasoning": "twice.", "reasoning_details": [{**head, "text": "twice."}]}),
            chunk({"reasoning_details": [{**head, "text": "", "signature": "sig1"}]}),
            chunk({"reasoning_details": [{"type": "reasoning.encrypted", "index": 1, "data": "QUJD"}]}),
            chunk({"content": "Hello"}),
            chunk({"content": "", "annotations": [{"type": "url_citation", "url_citation": {"url": "https://a.b"}}]}),
            chunk({}, "stop", native_finish_reason="end_turn"),
            b"data: [DONE]\n\n",
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    async with make_client(handler) as client:
        stream = client.stream_chat("anthropic/claude-fable-5", "hi")
        _ = [c async for c in stream]
    assert stream.reasoning == "Think twice."
    assert stream.reasoning_details == [
        {**head, "text": "Think twice.", "signature": "sig1"},
        {"type": "reasoning.encrypted", "index": 1, "data": "QUJD"},
    ]
    assert stream.annotations == [{"type": "url_citation", "url_citation": {"url": "https://a.b"}}]
    assert stream.native_finish_reason == "end_turn" and stream.text == "Hello"
