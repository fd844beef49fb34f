"""The fault matrix: every public call against every emulator fault, outcome checked against the policy.

Used by ``tests/test_reliability.py`` (asserts every cell) and ``scripts/reliability_report.py``
(prints the matrix and its totals). The expected outcome of a cell is derived from the documented
rules (retry policy, error tree), not written down cell by cell.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from openrouter_nb import OpenRouterClient, errors
from openrouter_nb.emulator import DEMO_KEY, Emulator, Fault
from openrouter_nb.errors import OpenRouterError

TEXT, IMAGE, VIDEO = "openai/gpt-4o-mini", "black-forest-labs/flux.2-klein-4b", "bytedance/seedance-2.0-mini"
TIMEOUT = 0.3  # the client's configured timeout in the matrix
HANG_LIMIT = 5.0  # a cell taking longer than this is a hang

FAULTS: dict[str, Fault] = {
    "401": Fault.error(401),
    "402": Fault.error(402),
    "403 moderation": Fault.error(403),
    "404": Fault.error(404),
    "408": Fault.error(408),
    "413": Fault.error(413),
    "429 Retry-After": Fault.error(429, retry_after=0),
    "429": Fault.error(429),
    "500": Fault.error(500),
    "502": Fault.error(502),
    "503": Fault.error(503),
    "malformed JSON": Fault("malformed_json"),
    "HTML page": Fault("html"),
    "empty body": Fault("empty"),
    "dropped": Fault("drop"),
    "connect timeout": Fault("connect_timeout"),
    "read timeout": Fault("read_timeout"),
    "truncated SSE": Fault("truncated_stream"),
    "mid-stream error": Fault("mid_stream_error"),
    "keep-alive only": Fault("keepalive_forever"),
}
STATUS_ERRORS = {
    401: "AuthenticationError",
    402: "InsufficientCreditsError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    413: "PayloadTooLargeError",
}


@dataclass(frozen=True)
class Call:
    name: str
    route: str
    method: str
    run: Callable[[OpenRouterClient, dict[str, Any]], Awaitable[Any]]
    streaming: bool = False


async def _video(client: OpenRouterClient, state: dict[str, Any]) -> Any:
    return await client.generate_video(model=VIDEO, prompt="waves at dusk")


CALLS = [
    Call("list_models", "models", "GET", lambda c, s: c.list_models()),
    Call("generate_text", "chat", "POST", lambda c, s: c.generate_text(TEXT, "a beach post")),
    Call("chat", "chat", "POST", lambda c, s: c.chat(TEXT, "a beach post")),
    Call(
        "stream_text",
        "chat",
        "POST",
        lambda c, s: c.stream_text(TEXT, "a long post about surfing").collect(),
        streaming=True,
    ),
    Call("respond", "responses", "POST", lambda c, s: c.respond(TEXT, "a beach post")),
    Call(
        "stream_respond",
        "responses",
        "POST",
        lambda c, s: c.stream_respond(TEXT, "a long post about surfing").collect(),
        streaming=True,
    ),
    Call("generate_image", "images", "POST", lambda c, s: c.images(model=IMAGE, prompt="a neon city")),
    Call("generate_video", "videos", "POST", _video),
    Call(
        "wait_for_video",
        "video_status",
        "GET",
        lambda c, s: c.wait_for_video(s["job"], poll_interval=0.01, progress=False),
    ),
    Call("download_video", "video_content", "GET", lambda c, s: c.download_video(s["done"])),
    Call("get_generation", "generation", "GET", lambda c, s: c.get_generation(s["generation"], delay=0.0)),
    Call("get_key", "key", "GET", lambda c, s: c.get_key()),
    Call("embeddings", "embeddings", "POST", lambda c, s: c.embeddings("openai/text-embedding-3-small", ["a", "b"])),
    Call("speak", "speech", "POST", lambda c, s: c.speak("hexgrad/kokoro-82m", "hello there", voice="af_alloy")),
    Call(
        "transcribe",
        "transcription",
        "POST",
        lambda c, s: c.transcribe("openai/gpt-4o-transcribe", b"RIFF" + bytes(400)),
    ),
    Call("rerank", "rerank", "POST", lambda c, s: c.rerank("cohere/rerank-v3.5", "rain", ["rainy", "dry"])),
    Call("list_providers", "providers", "GET", lambda c, s: c.list_providers()),
    Call("activity", "activity", "GET", lambda c, s: c.activity()),
]


def expected(call: Call, fault_name: str) -> set[str]:
    """The documented outcomes of one cell: ``ok`` (first try or after retries) or an error class."""
    fault = FAULTS[fault_name]
    kind, get = fault.kind, call.method == "GET"
    if kind == "status":
        status = fault.status
        if status == 404 and call.name == "get_generation":
            return {"ok"}  # the brief 404 after a completion is retried by design
        if status in (408, 429, 500, 502, 503):
            return {"ok"}
        return {STATUS_ERRORS[status]}
    if kind in ("html", "connect_timeout"):
        return {"ok"}  # an HTML 502 is retried; a request never sent is always retried
    if kind in ("drop", "read_timeout", "keepalive_forever"):
        if get:
            return {"ok"}  # GETs are retried after the request may have reached the server
        return {"APIConnectionError"} if kind == "drop" else {"APITimeoutError"}
    if kind in ("malformed_json", "empty"):
        return {"APIResponseError"}
    if kind == "truncated_stream":
        if call.route not in ("chat", "responses") or (call.route == "responses" and not call.streaming):
            return {"ok"}  # the fault exists on the chat route and on streamed responses
        return {"APIConnectionError"} if call.streaming else {"APIResponseError"}
    if kind == "mid_stream_error":
        if call.route == "chat" or (call.route == "responses" and call.streaming):
            return {"GenerationError"}
        return {"ok"}
    raise AssertionError(kind)


@dataclass
class Cell:
    call: str
    fault: str
    outcome: str
    retried: bool
    seconds: float
    expected: set[str]

    @property
    def documented(self) -> bool:
        """The outcome is the documented one, or a more specific class of it (InvalidMediaError is an
        APIResponseError)."""
        if self.outcome in self.expected:
            return True
        cls = getattr(errors, self.outcome, None)
        return isinstance(cls, type) and any(issubclass(cls, getattr(errors, name, ())) for name in self.expected)


async def _no_sleep(seconds: float) -> None:
    return None


async def run_cell(call: Call, fault_name: str) -> Cell:
    emulator = Emulator(
        seed=1,
        video_pending_s=0.0,
        video_done_s=0.0,
        generation_lag_s=0.0,
        keepalive_interval=0.02,
        management_key=DEMO_KEY,  # /activity is for management keys
    )
    client = OpenRouterClient(api_key=DEMO_KEY, transport=emulator, timeout=TIMEOUT, sleep=_no_sleep)
    state: dict[str, Any] = {}
    if call.name in ("wait_for_video", "download_video"):
        state["job"] = await client.generate_video(model=VIDEO, prompt="waves at dusk")
        if call.name == "download_video":
            state["done"] = await client.wait_for_video(state["job"], progress=False)
    if call.name == "get_generation":
        state["generation"] = (await client.chat(TEXT, "x")).id
    before = len(emulator.calls(call.route))
    emulator.script(call.route, FAULTS[fault_name])
    start = time.perf_counter()
    try:
        await asyncio.wait_for(call.run(client, state), HANG_LIMIT)
        outcome = "ok"
    except TimeoutError:
        outcome = "HANG"
    except OpenRouterError as exc:
        outcome = type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - a bare error is exactly what the matrix looks for
        outcome = f"BARE {type(exc).__name__}"
    seconds = time.perf_counter() - start
    retried = len(emulator.calls(call.route)) - before > 1
    await client.close()
    return Cell(call.name, fault_name, outcome, retried, seconds, expected(call, fault_name))


async def run_matrix() -> list[Cell]:
    return [await run_cell(call, fault) for call in CALLS for fault in FAULTS]


def render(cells: list[Cell]) -> str:
    """The matrix (calls × faults → outcome) and its totals."""
    short = {
        "ok": "ok",
        "APIConnectionError": "Conn",
        "APITimeoutError": "Timeout",
        "APIResponseError": "Resp",
        "InvalidMediaError": "Media",
        "ResponseTooLargeError": "Large",
        "GenerationError": "Gen",
        "AuthenticationError": "401",
        "InsufficientCreditsError": "402",
        "PermissionDeniedError": "403",
        "NotFoundError": "404",
        "PayloadTooLargeError": "413",
    }
    faults = list(FAULTS)
    lines = ["call            " + " ".join(f"{f[:9]:>9}" for f in faults)]
    for call in [c for c in CALLS if any(cell.call == c.name for cell in cells)]:  # a row, or the whole matrix
        row = []
        for fault in faults:
            cell = next(c for c in cells if c.call == call.name and c.fault == fault)
            text = short.get(cell.outcome, cell.outcome) + ("↻" if cell.retried and cell.outcome == "ok" else "")
            row.append(f"{text if cell.documented else '!' + text:>9}")
        lines.append(f"{call.name:<15} " + " ".join(row))
    documented = sum(c.documented for c in cells)
    lines.append("")
    lines.append("↻ = succeeded after a retry; ! = not the documented outcome")
    lines.append(
        f"cells: {len(cells)} ({len(CALLS)} calls × {len(FAULTS)} faults); documented outcome: {documented}; "
        f"successful retries: {sum(c.outcome == 'ok' and c.retried for c in cells)}; "
        f"typed errors: {sum(c.outcome not in ('ok', 'HANG') and not c.outcome.startswith('BARE') for c in cells)}; "
        f"bare errors: {sum(c.outcome.startswith('BARE') for c in cells)}; "
        f"hangs: {sum(c.outcome == 'HANG' for c in cells)}; "
        f"slowest cell: {max(c.seconds for c in cells):.2f} s (timeout {TIMEOUT} s)"
    )
    return "\n".join(lines)
