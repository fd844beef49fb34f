"""The loopback server answers broken and hostile requests with real error envelopes, fast."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from openrouter_nb.emulator import DEMO_KEY, EmulatorCore, EmulatorServer
from openrouter_nb.emulator.server import MAX_BODY, MAX_HEAD, MAX_HEADERS


async def _exchange(server: EmulatorServer, raw: bytes, *, then: bytes = b"") -> tuple[int, dict, bytes]:
    """Send raw bytes, read one whole response; returns status, headers and body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        writer.write(raw)
        await writer.drain()
        if then:
            try:
                writer.write(then)
                await writer.drain()
            except ConnectionError:
                pass  # the server may already have answered and closed
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        body = await asyncio.wait_for(reader.readexactly(int(headers.get("content-length", "0"))), 10)
        return status, headers, body
    finally:
        writer.close()


def _envelope(body: bytes) -> dict:
    payload = json.loads(body)
    assert set(payload) == {"error"}
    assert isinstance(payload["error"]["code"], int) and payload["error"]["message"]
    return payload["error"]


@pytest.mark.parametrize("length", ["abc", "-5", "1e11", "12 34"])
async def test_malformed_content_length_is_a_400_envelope(length):
    async with EmulatorServer(EmulatorCore()) as server:
        raw = (
            "POST /api/v1/chat/completions HTTP/1.1\r\nhost: x\r\n"
            f"authorization: Bearer {DEMO_KEY}\r\ncontent-length: {length}\r\n\r\n"
        ).encode()
        status, headers, body = await _exchange(server, raw)
    assert status == 400 and headers["connection"] == "close"
    assert "Content-Length" in _envelope(body)["message"]


async def test_malformed_request_line_and_header_are_400():
    async with EmulatorServer(EmulatorCore()) as server:
        status, _, body = await _exchange(server, b"GARBAGE\r\n\r\n")
        assert status == 400 and "request line" in _envelope(body)["message"]
        status, _, body = await _exchange(server, b"GET /api/v1/models HTTP/1.1\r\nno colon here\r\n\r\n")
        assert status == 400 and "header" in _envelope(body)["message"]


async def test_oversized_declared_body_is_a_413_before_it_is_read():
    async with EmulatorServer(EmulatorCore()) as server:
        raw = (
            "POST /api/v1/chat/completions HTTP/1.1\r\nhost: x\r\n"
            f"authorization: Bearer {DEMO_KEY}\r\ncontent-length: {MAX_BODY + 1}\r\n\r\n"
        ).encode()
        started = time.perf_counter()
        status, _, body = await _exchange(server, raw)  # not one byte of the body is sent
        assert time.perf_counter() - started < 5
    assert status == 413 and f"{MAX_BODY:,}" in _envelope(body)["message"]


async def test_a_request_without_a_key_is_refused_before_its_body_is_read():
    core = EmulatorCore()
    async with EmulatorServer(core) as server:
        raw = b"POST /api/v1/chat/completions HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n"
        # the body never ends: a server that reads it first never answers
        status, headers, body = await _exchange(server, raw, then=b"100000\r\n" + b"x" * 65536)
    assert status == 401 and headers["connection"] == "close"
    assert _envelope(body)["code"] == 401
    assert core.requests[-1].json is None  # the handler saw no body


async def test_public_routes_still_read_without_a_key_and_keyed_ones_with_one():
    core = EmulatorCore()
    async with EmulatorServer(core) as server:
        status, _, body = await _exchange(server, b"GET /api/v1/models?limit=1 HTTP/1.1\r\nhost: x\r\n\r\n")
        assert status == 200 and len(json.loads(body)["data"]) == 1
        payload = json.dumps({"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})
        raw = (
            "POST /api/v1/chat/completions HTTP/1.1\r\nhost: x\r\nconnection: close\r\n"
            f"authorization: Bearer {DEMO_KEY}\r\ncontent-length: {len(payload)}\r\n\r\n{payload}"
        ).encode()
        status, _, body = await _exchange(server, raw)
        assert status == 200 and json.loads(body)["choices"][0]["message"]["content"]


async def test_headers_are_bounded_in_size_and_count():
    async with EmulatorServer(EmulatorCore()) as server:
        many = "".join(f"x-h{i}: v\r\n" for i in range(MAX_HEADERS + 1))
        status, _, body = await _exchange(server, f"GET /api/v1/models HTTP/1.1\r\n{many}\r\n".encode())
        assert status == 400 and "headers" in _envelope(body)["message"].lower()
        huge = f"GET /api/v1/models HTTP/1.1\r\nx-big: {'a' * (MAX_HEAD + 10)}\r\n\r\n".encode()
        status, _, body = await _exchange(server, huge)
        assert status == 400 and f"{MAX_HEAD:,}" in _envelope(body)["message"]


async def test_an_idle_connection_is_closed_after_the_timeout():
    async with EmulatorServer(EmulatorCore(), idle_timeout=0.3) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        started = time.perf_counter()
        assert await asyncio.wait_for(reader.read(), 5) == b""  # closed by the server, nothing sent
        assert 0.2 < time.perf_counter() - started < 3
        writer.close()
        await asyncio.sleep(0.05)
        assert server.open_connections == 0


async def test_expect_100_continue_is_answered_before_the_body_is_sent():
    """curl and others ask before sending a large body; waiting out their timeout costs a second a call."""
    body = json.dumps({"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "x" * 3000}]}).encode()
    head = (
        "POST /api/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {DEMO_KEY}\r\nExpect: 100-continue\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    async with EmulatorServer(EmulatorCore()) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        try:
            writer.write(head)
            await writer.drain()
            interim = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 0.5)  # before any body was sent
            assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
            writer.write(body)
            await writer.drain()
            final = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            assert final.startswith(b"HTTP/1.1 200")
        finally:
            writer.close()


async def test_a_page_in_a_browser_may_call_it_preflight_and_all():
    async with EmulatorServer(EmulatorCore()) as server:
        status, headers, body = await _exchange(
            server,
            b"OPTIONS /api/v1/chat/completions HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:5173\r\n"
            b"Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization, content-type\r\n"
            b"Connection: close\r\n\r\n",
        )
        assert status == 204 and body == b"" and headers["access-control-allow-origin"] == "*"
        assert "POST" in headers["access-control-allow-methods"]
        assert "authorization" in headers["access-control-allow-headers"]
        status, headers, body = await _exchange(
            server,
            f"GET /api/v1/key HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:5173\r\n"
            f"Authorization: Bearer {DEMO_KEY}\r\nConnection: close\r\n\r\n".encode(),
        )
        assert status == 200 and headers["access-control-allow-origin"] == "*"
        assert "x-generation-id" in headers["access-control-expose-headers"]
        assert server.core.calls("key")  # the real request was served; the preflight is not an API call
