"""The emulator over a real socket: a small HTTP/1.1 server bound to 127.0.0.1 only.

Keep-alive connections, ``Content-Length`` bodies, and ``Transfer-Encoding: chunked`` for SSE so
each event reaches the client as soon as the core produces it. Faults that mean "no HTTP answer"
close the socket (``drop``) or hold it silent (``read_timeout``, ``connect_timeout``).

What a broken or hostile client sends is answered, not swallowed: a malformed request line,
headers or ``Content-Length`` is a 400, a body over :data:`MAX_BODY` a 413 (before it is read),
a request without a key to a route that needs one a 401 (before its body is read), all in the
real error envelope; headers are bounded in size and count, and an idle connection is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from http import HTTPStatus
from typing import Any

from .core import EmulatorCore
from .protocol import EmuRequest, EmuResponse, error_response, parse_query

__all__ = ["MAX_BODY", "EmulatorServer", "serve"]

SILENT_HOLD_S = 30.0  # how long a timeout fault keeps the socket silent
MAX_BODY = 64 * 1024 * 1024  # the largest request body read (the service caps video bodies at 50 MiB)
MAX_HEAD = 32 * 1024  # request line and headers together
MAX_HEADERS = 100
IDLE_S = 60.0  # a connection with no request for this long is closed
_REQUEST_LINE = re.compile(r"^([A-Z]{3,10}) (/\S*) HTTP/1\.[01]$")
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


class _Refused(Exception):
    """A request the server answers with an error and then closes the connection on."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.response = error_response(status, message)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _parse_head(head: bytes) -> tuple[str, str, str, dict[str, str]]:
    """Method, target, version and headers (lowercase names) of a request head; 400 if malformed."""
    lines = head.decode("latin-1").split("\r\n")
    match = _REQUEST_LINE.match(lines[0])
    if match is None:
        raise _Refused(400, f"Malformed request line: {lines[0][:80]!r}")
    headers: dict[str, str] = {}
    for line in (line for line in lines[1:] if line):
        name, colon, value = line.partition(":")
        if not colon or not _TOKEN.match(name):
            raise _Refused(400, f"Malformed header line: {line[:80]!r}")
        headers[name.lower()] = value.strip()
    if len(headers) > MAX_HEADERS:
        raise _Refused(400, f"Too many headers (at most {MAX_HEADERS})")
    return match.group(1), match.group(2), lines[0].rsplit(" ", 1)[1], headers


class EmulatorServer:
    """Serve an :class:`EmulatorCore` on ``127.0.0.1:port`` (port 0 picks a free one)."""

    def __init__(self, core: EmulatorCore | None = None, *, port: int = 0, idle_timeout: float = IDLE_S) -> None:
        if core is not None and not isinstance(core, EmulatorCore):
            raise TypeError(
                f"EmulatorServer serves an EmulatorCore, got {type(core).__name__} (an Emulator's is .core)"
            )
        self.core = core if core is not None else EmulatorCore()
        self.port = port
        self.idle_timeout = idle_timeout
        self.open_connections = 0
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    @property
    def base_url(self) -> str:
        """The API root to give a client, e.g. ``http://127.0.0.1:8787/api/v1``."""
        return f"http://127.0.0.1:{self.port}/api/v1"

    async def start(self) -> None:
        """Listen on 127.0.0.1 (``OSError`` when the port is taken)."""
        self._server = await asyncio.start_server(
            self._serve_connection, "127.0.0.1", self.port, backlog=1024, limit=MAX_HEAD
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and end every open connection (their handlers finish before this returns)."""
        if self._server is not None:
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2.0)
            self._server = None

    async def __aenter__(self) -> EmulatorServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
        self.open_connections += 1
        try:
            while True:
                try:
                    request = await self._read_request(reader, writer)
                except _Refused as refused:
                    await self._write(writer, refused.response, keep_alive=False)
                    return
                if request is None:
                    return
                if not await self._respond(request, writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            return  # the client went away, or stayed silent too long
        except asyncio.CancelledError:
            return  # the server is stopping: the connection ends here, quietly
        finally:
            self.open_connections -= 1
            if task is not None:
                self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _read_request(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[EmuRequest, bool] | None:
        """The next request (None when the client closed); ``_Refused`` for what is answered unread.

        A client that asks ``Expect: 100-continue`` (curl for large bodies, some HTTP libraries)
        is told to go on before its body is read, rather than left to wait out its own timeout.
        """
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.idle_timeout)
        except asyncio.IncompleteReadError as exc:
            if exc.partial.strip():
                raise _Refused(400, "Incomplete request head") from None
            return None  # the client closed between requests
        except asyncio.LimitOverrunError:
            raise _Refused(400, f"Request line and headers are larger than {MAX_HEAD:,} bytes") from None
        method, target, version, headers = _parse_head(head)
        path, _, query = target.partition("?")
        keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        host = headers.get("host", f"127.0.0.1:{self.port}")
        request = EmuRequest(method, path, parse_query(query), headers, b"", origin=f"http://{host}")
        if self.core.refuses_unread(request):  # no key where one is needed: the body is not worth reading
            return request, False
        if headers.get("expect", "").lower() == "100-continue":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            await writer.drain()
        request.body = await self._read_body(reader, headers)
        return request, keep_alive

    async def _read_body(self, reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
        encoding = headers.get("transfer-encoding", "").lower()
        if encoding and "content-length" in headers:
            raise _Refused(400, "Both Content-Length and Transfer-Encoding")
        if encoding == "chunked":
            return await self._read_chunked(reader)
        if encoding:
            raise _Refused(400, f"Unsupported Transfer-Encoding: {encoding[:40]}")
        raw = headers.get("content-length", "0")
        if not raw.isdigit() or len(raw) > 15:
            raise _Refused(400, f"Malformed Content-Length: {raw[:40]!r}")
        length = int(raw)
        if length > MAX_BODY:
            raise _Refused(413, f"Request body of {length:,} bytes is larger than {MAX_BODY:,}")
        return await asyncio.wait_for(reader.readexactly(length), self.idle_timeout) if length else b""

    async def _read_chunked(self, reader: asyncio.StreamReader) -> bytes:
        body = bytearray()
        while True:
            line = await asyncio.wait_for(reader.readuntil(b"\r\n"), self.idle_timeout)
            try:
                size = int(line.strip().split(b";")[0], 16)
            except ValueError:
                raise _Refused(400, "Malformed chunk size") from None
            if size < 0 or len(body) + size > MAX_BODY:
                raise _Refused(413, f"Request body is larger than {MAX_BODY:,} bytes")
            if size == 0:
                await reader.readuntil(b"\r\n")
                return bytes(body)
            body += await asyncio.wait_for(reader.readexactly(size + 2), self.idle_timeout)
            del body[-2:]

    async def _respond(self, parsed: tuple[EmuRequest, bool], writer: asyncio.StreamWriter) -> bool:
        request, keep_alive = parsed
        response = await self.core.handle(request)
        if response.action == "drop":
            return False
        if response.action in ("read_timeout", "connect_timeout"):
            await asyncio.sleep(SILENT_HOLD_S)
            return False
        return await self._write(writer, response, keep_alive=keep_alive)

    async def _write(self, writer: asyncio.StreamWriter, response: EmuResponse, *, keep_alive: bool) -> bool:
        head = [f"HTTP/1.1 {response.status} {_reason(response.status)}"]
        head += [f"{k}: {v}" for k, v in response.headers.items()]
        head.append(f"connection: {'keep-alive' if keep_alive else 'close'}")
        if response.stream is None:
            head.append(f"content-length: {len(response.body)}")
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + response.body)
            await writer.drain()
            return keep_alive
        head.append("transfer-encoding: chunked")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        stream = response.stream
        try:
            async for chunk in stream:
                if chunk:
                    writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    await writer.drain()  # each event leaves as soon as it is produced
        finally:
            await stream.aclose()  # type: ignore[attr-defined]
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return keep_alive


async def serve(port: int = 8787, **core_options: Any) -> None:
    """Run the emulator server on 127.0.0.1 until cancelled."""
    server = EmulatorServer(EmulatorCore(**core_options), port=port)
    await server.start()
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()
