"""The emulator as an in-process httpx transport: no sockets, same behaviour as the server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx

from .core import EmulatorCore
from .protocol import EmuRequest, Fault, RecordedRequest, parse_query

__all__ = ["Emulator"]


class _Stream(httpx.AsyncByteStream):
    """Streams the core's chunks as they are produced; closing it stops the generator."""

    def __init__(self, chunks: AsyncIterator[bytes]) -> None:
        self._chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._chunks:
            yield chunk

    async def aclose(self) -> None:
        aclose = getattr(self._chunks, "aclose", None)
        if aclose is not None:
            await aclose()


class Emulator(httpx.AsyncBaseTransport):
    """An offline OpenRouter, usable as ``OpenRouterClient(transport=Emulator())``.

    Takes the :class:`EmulatorCore` parameters (``seed``, ``latency``, ``clock``, ``credits`` …), or
    an existing ``core`` (to share one emulated account with a loopback server). Script faults with
    :meth:`script`; inspect :attr:`requests`; everything else is on :attr:`core`.
    """

    #: what a client reads to label its figures emulated (``OpenRouterClient.emulated``)
    emulated = True

    def __init__(self, core: EmulatorCore | None = None, **options: Any) -> None:
        if core is not None and options:
            raise TypeError("give either a core or the options to build one, not both")
        self.core = core if core is not None else EmulatorCore(**options)

    def script(self, route: str, *outcomes: Fault | int | str) -> None:
        """Queue outcomes for the next requests on ``route`` (see :meth:`EmulatorCore.script`)."""
        self.core.script(route, *outcomes)

    def clear_script(self) -> None:
        """Forget every queued outcome."""
        self.core.clear_script()

    def calls(self, route: str) -> list[RecordedRequest]:
        """The recorded requests on one route."""
        return self.core.calls(route)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, oldest first (keys are never stored)."""
        return self.core.requests

    @property
    def spent(self) -> float:
        """USD the emulated account has been billed."""
        return self.core.spent

    @property
    def streams_closed_early(self) -> int:
        """Streams whose consumer closed the connection before the end (cancellations)."""
        return self.core.streams_closed_early

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout") or {}
        emu_request = EmuRequest(
            method=request.method,
            path=request.url.path,
            query=parse_query(request.url.query.decode()),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=await request.aread(),
            origin=f"{request.url.scheme}://{request.url.netloc.decode()}",
            read_timeout=timeouts.get("read"),
        )
        response = await self.core.handle(emu_request)
        if response.action == "connect_timeout":
            raise httpx.ConnectTimeout("emulated connect timeout", request=request)
        if response.action == "drop":
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        if response.action == "read_timeout":
            # wait as long as the caller is willing to, then time out like a silent server
            wait = timeouts.get("read")
            await asyncio.sleep(min(wait, 30.0) if isinstance(wait, int | float) else 30.0)
            raise httpx.ReadTimeout("emulated read timeout", request=request)
        if response.stream is not None:
            return httpx.Response(response.status, headers=response.headers, stream=_Stream(response.stream))
        return httpx.Response(response.status, headers=response.headers, content=response.body)
