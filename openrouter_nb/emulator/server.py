"""The emulator over a real socket: a small HTTP/1.1 server bound to 127.0.0.1 only.

Keep-alive connections, ``Content-Length`` bodies, and ``Transfer-Encoding: chunked`` for SSE so
each event reaches the client as soon as the core produces it. Faults that mean "no HTTP answer"
close the socket (``drop``) or hold it silent (``read_timeout``, ``connect_timeout``).
"""

from __future__ import annotations

import asyncio
import contextlib
from http import HTTPStatus
from typing import Any

from .core import EmulatorCore
from .protocol import EmuRequest, parse_query

__all__ = ["EmulatorServer", "serve"]

SILENT_HOLD_S = 30.0  # how long a timeout fault keeps the socket silent
MAX_BODY = 64 * 1024 * 1024


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class EmulatorServer:
    """Serve an :class:`EmulatorCore` on ``127.0.0.1:port`` (port 0 picks a free one)."""

    def __init__(self, core: EmulatorCore | None = None, *, port: int = 0) -> None:
        if core is not None and not isinstance(core, EmulatorCore):
            raise TypeError(
                f"EmulatorServer serves an EmulatorCore, got {type(core).__name__} (an Emulator's is .core)"
            )
        self.core = core if core is not None else EmulatorCore()
        self.port = port
        self.open_connections = 0
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    @property
    def base_url(self) -> str:
        """The API root to give a client, e.g. ``http://127.0.0.1:8787/api/v1``."""
        return f"http://127.0.0.1:{self.port}/api/v1"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve_connection, "127.0.0.1", self.port, backlog=1024)
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
                request = await self._read_request(reader)
                if request is None:
                    return
                keep_alive = await self._respond(request, writer)
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            return
        except asyncio.CancelledError:
            return  # the server is stopping: the connection ends here, quietly
        finally:
            self.open_connections -= 1
            if task is not None:
                self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _read_request(self, reader: asyncio.StreamReader) -> tuple[EmuRequest, bool] | None:
        head = await reader.readuntil(b"\r\n\r\n") if not reader.at_eof() else b""
        if not head:
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    break
                body += await reader.readexactly(size + 2)
                body = body[:-2]
        else:
            length = int(headers.get("content-length", "0") or 0)
            if length > MAX_BODY:
                raise ValueError("body too large")
            body = await reader.readexactly(length) if length else b""
        path, _, query = target.partition("?")
        keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        host = headers.get("host", f"127.0.0.1:{self.port}")
        request = EmuRequest(method.upper(), path, parse_query(query), headers, body, origin=f"http://{host}")
        return request, keep_alive

    async def _respond(self, parsed: tuple[EmuRequest, bool], writer: asyncio.StreamWriter) -> bool:
        request, keep_alive = parsed
        response = await self.core.handle(request)
        if response.action == "drop":
            return False
        if response.action in ("read_timeout", "connect_timeout"):
            await asyncio.sleep(SILENT_HOLD_S)
            return False
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
        except (ConnectionError, asyncio.CancelledError):
            raise
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
