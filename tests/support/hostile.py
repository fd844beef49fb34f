"""A hostile OpenRouter: a loopback server that answers in every broken way a bad proxy could.

Each case pairs a server behaviour (an endless JSON body, a 2 GiB ``data:`` line, an image that
claims 20,000 × 20,000 pixels, a video that never ends …) with a public call of the client. The
server offers up to :data:`OFFER` bytes per response and streams them as fast as the client reads.
Each case runs in a fresh subprocess (``tests/support/hostile_client.py``) that reports its outcome, the
time to it, and its own peak RSS. Used by ``test_hostile.py`` (every case bounded) and
``scripts/reliability_report.py`` (prints the table).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import struct
import subprocess
import sys
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OFFER = 3 * 1024**3  # what the server is willing to send per response: 3 GB
CHUNK = 256 * 1024
ROOT = Path(__file__).resolve().parent
CLIENT_TIMEOUT = 10.0  # the client's configured timeout in every case


def _png_header(width: int, height: int) -> bytes:
    """The start of a PNG claiming ``width`` × ``height`` pixels (a decoder would need GBs)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    idat = zlib.compress(b"\x00" * 4096)
    data = struct.pack(">I", len(idat)) + b"IDAT" + idat + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + chunk + data + end


async def _endless(prefix: bytes, unit: bytes, suffix: bytes = b"") -> AsyncIterator[bytes]:
    yield prefix
    block = unit * max(1, CHUNK // len(unit))
    sent = len(prefix)
    while sent < OFFER:
        yield block
        sent += len(block)
    yield suffix


async def _once(body: bytes) -> AsyncIterator[bytes]:
    yield body


def _images_json(entry: dict[str, Any]) -> bytes:
    return json.dumps({"created": 1, "data": [entry], "usage": {"cost": 0.04}}).encode()


def _delta(text: str) -> bytes:
    chunk = {
        "id": "gen-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}],
    }
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"


# behaviour: (status, content type, body chunks) for a request path; None = the emulator-like default
Behaviour = Callable[[str, str], tuple[int, str, AsyncIterator[bytes]]]


def _behaviour(case: str, base: str) -> Behaviour:
    def answer(method: str, path: str) -> tuple[int, str, AsyncIterator[bytes]]:
        if path.split("?")[0].endswith("/models") and case in ("bomb_png", "large_png"):  # the post's models listed
            catalog = [
                {"id": "openai/gpt-4o-mini", "architecture": {"output_modalities": ["text"]}},
                {"id": "google/gemini-2.5-flash-image", "architecture": {"output_modalities": ["image", "text"]}},
            ]
            return 200, "application/json", _once(json.dumps({"data": catalog}).encode())
        if path.endswith("/chat/completions") and case in ("bomb_png", "large_png"):  # captions work; images do not
            message = {"role": "assistant", "content": "A caption #tag"}
            reply = {
                "id": "gen-1",
                "model": "m",
                "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
            }
            return 200, "application/json", _once(json.dumps(reply).encode())
        if case == "endless_json":
            return 200, "application/json", _endless(b'{"data": [', b'{"id": "x/y"},')
        if case == "endless_sse_line":
            return 200, "text/event-stream", _endless(b"data: ", b"x")
        if case == "endless_comment":
            return 200, "text/event-stream", _endless(b": ", b"x")
        if case == "endless_deltas":
            return 200, "text/event-stream", _endless(b"", _delta("more text "))
        if case == "huge_b64_image":
            head = b'{"created": 1, "data": [{"b64_json": "'
            return 200, "application/json", _endless(head, base64.b64encode(b"\x00" * 3000), b'"}]}')
        if case == "bomb_png":
            return (
                200,
                "application/json",
                _once(
                    _images_json(
                        {"b64_json": base64.b64encode(_png_header(20000, 20000)).decode(), "media_type": "image/png"}
                    )
                ),
            )
        if case == "large_png":
            return (
                200,
                "application/json",
                _once(
                    _images_json(
                        {"b64_json": base64.b64encode(_png_header(12000, 12000)).decode(), "media_type": "image/png"}
                    )
                ),
            )
        if case == "not_base64":
            return (
                200,
                "application/json",
                _once(_images_json({"b64_json": "this is <not> base64!!", "media_type": "image/png"})),
            )
        if case == "mislabelled_image":
            return (
                200,
                "application/json",
                _once(
                    _images_json(
                        {"b64_json": base64.b64encode(b"<html>hello</html>").decode(), "media_type": "image/png"}
                    )
                ),
            )
        if case in ("http_image_url", "loopback_image_url"):
            url = "http://images.example/a.png" if case == "http_image_url" else "http://127.0.0.1:1/a.png"
            return 200, "application/json", _once(_images_json({"url": url}))
        if case == "html_image" and path.endswith("/img.png"):
            return 200, "text/html", _once(b"<!doctype html><html>not an image</html>")
        if case == "endless_image" and path.endswith("/img.png"):
            return 200, "image/png", _endless(_png_header(64, 64), b"\x00")
        if case in ("html_image", "endless_image"):
            return 200, "application/json", _once(_images_json({"url": f"{base}/img.png"}))
        if case == "endless_video":
            return 200, "video/mp4", _endless(b"\x00\x00\x00\x18ftypisom", b"\x00")
        if case == "endless_audio":
            return 200, "audio/pcm", _endless(b"", b"\x00\x01")
        if case == "traversal":
            return (
                404,
                "application/json",
                _once(json.dumps({"error": {"code": 404, "message": f"no {path}"}}).encode()),
            )
        raise AssertionError(case)

    return answer


class HostileServer:
    """Serves one case on 127.0.0.1 (a fresh port); records the paths it was asked for."""

    def __init__(self, case: str) -> None:
        self.case = case
        self.paths: list[str] = []
        self._server: asyncio.Server | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    async def __aenter__(self) -> HostileServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 2)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
            method, target, _ = head.split("\r\n", 1)[0].split(" ", 2)
            self.paths.append(target)
            headers = dict(line.split(":", 1) for line in head.split("\r\n")[1:] if ":" in line)
            length = int(headers.get("Content-Length", headers.get("content-length", "0")) or 0)
            await reader.readexactly(length)
            status, kind, chunks = _behaviour(self.case, self.base_url)(method, target)
            writer.write(f"HTTP/1.1 {status} X\r\ncontent-type: {kind}\r\nconnection: close\r\n\r\n".encode())
            async for chunk in chunks:
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


@dataclass(frozen=True)
class Case:
    name: str  # what the server does
    call: str  # which public call meets it (tests/support/hostile_client.py)


CASES = [
    *(Case("endless_json", call) for call in ("list_models", "chat", "generate_image", "get_key")),
    Case("endless_sse_line", "stream_text"),
    Case("endless_comment", "stream_text"),
    Case("endless_deltas", "stream_text"),
    Case("huge_b64_image", "images"),
    Case("bomb_png", "images"),
    Case("bomb_png", "create_post"),
    Case("large_png", "images"),
    Case("not_base64", "images"),
    Case("mislabelled_image", "images"),
    Case("http_image_url", "images"),
    Case("loopback_image_url", "images"),
    Case("html_image", "fetch_images"),
    Case("endless_image", "fetch_images"),
    Case("endless_video", "download_video"),
    Case("endless_video", "download_video_to_path"),
    Case("endless_audio", "speak"),
    Case("traversal", "download_video_traversal"),
    Case("traversal", "long_topic_post"),
]


@dataclass
class Outcome:
    case: str
    call: str
    outcome: str
    seconds: float
    peak_rss_mb: float
    detail: str
    paths: list[str]

    @property
    def bounded(self) -> bool:
        """A typed error (or the documented safe result), within the timeout and 300 MB."""
        return (
            not self.outcome.startswith(("bare ", "crash", "hang"))
            and self.seconds < CLIENT_TIMEOUT + 5
            and self.peak_rss_mb < 300
        )


async def run_case(case: Case) -> Outcome:
    """Run one case: the hostile server here, the client in a fresh subprocess."""
    async with HostileServer(case.name) as server:
        package = os.environ.get("HOSTILE_PACKAGE_ROOT", str(ROOT.parent.parent))  # another checkout, to compare
        env = {**os.environ, "PYTHONPATH": package}
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "hostile_client.py"),
            server.base_url,
            case.call,
            str(CLIENT_TIMEOUT),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), CLIENT_TIMEOUT + 60)
        except TimeoutError:
            process.kill()
            await process.wait()
            return Outcome(case.name, case.call, "hang", CLIENT_TIMEOUT + 60, 0.0, "", server.paths)
    if process.returncode != 0 or not out.strip():
        return Outcome(case.name, case.call, "crash", 0.0, 0.0, err.decode()[-300:], server.paths)
    report = json.loads(out.decode().strip().splitlines()[-1])
    return Outcome(
        case.name,
        case.call,
        report["outcome"],
        report["seconds"],
        report["peak_rss_mb"],
        report["detail"],
        server.paths,
    )


def render(outcomes: list[Outcome]) -> str:
    rows = [("server sends", "call", "outcome", "seconds", "peak RSS MB", "bounded")]
    rows += [
        (o.case, o.call, o.outcome, f"{o.seconds:.2f}", f"{o.peak_rss_mb:.0f}", "yes" if o.bounded else "NO")
        for o in outcomes
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    bounded = sum(o.bounded for o in outcomes)
    lines.append(
        f"{bounded} of {len(outcomes)} hostile cases bounded (a typed error, under {CLIENT_TIMEOUT:g} s + 5 s, "
        "under 300 MB peak RSS) while the server offered 3 GB each"
    )
    return "\n".join(lines)
