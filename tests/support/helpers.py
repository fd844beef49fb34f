"""What many test modules share: model ids, keys, the fake clock, sleeps, and small decoders."""

from __future__ import annotations

import io
import struct
from typing import Any

import httpx

from openrouter_nb import OpenRouterClient

#: figures tests measure, printed at the end of the run (conftest.pytest_terminal_summary)
FIGURES: list[str] = []

KEY = "sk-or-v1-" + "a1b2c3d4" * 8
AUTH = {"Authorization": "Bearer sk-or-emulator-demo"}  # the emulator's demo key
BASE = "https://openrouter.ai/api/v1"
TEXT = "openai/gpt-4o-mini"
IMAGE = "google/gemini-2.5-flash-image"
IMAGE_ONLY = "bytedance-seed/seedream-4.5"
VIDEO = "bytedance/seedance-2.0-mini"


class FakeClock:
    """A monotonic clock that moves only when a test moves it (``clock.now += 5``)."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def no_sleep(seconds: float) -> None:
    """A sleep that takes no time: retries and polls happen, instantly."""


class Sleeps:
    """A sleep that takes no time and records what it was asked to wait."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_client(handler: Any, **kwargs: Any) -> OpenRouterClient:
    """A client on an ``httpx.MockTransport`` running ``handler``, with a key and instant sleeps."""
    kwargs.setdefault("api_key", KEY)
    kwargs.setdefault("sleep", no_sleep)
    return OpenRouterClient(transport=httpx.MockTransport(handler), **kwargs)


def chat_reply(content: object) -> dict[str, Any]:
    """A minimal chat completion whose message has ``content``."""
    return {"id": "gen-1", "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}


def chat_request(prompt: str = "A post about a beach day", **extra: Any) -> dict[str, Any]:
    """A raw ``POST /chat/completions`` body for the text model."""
    return {"model": TEXT, "messages": [{"role": "user", "content": prompt}], **extra}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (and a check that it is a PNG)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def png_pixels(data: bytes) -> bytes:
    """The RGB pixels of a PNG, decoded by Pillow (which also checks every chunk)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.convert("RGB").tobytes()
