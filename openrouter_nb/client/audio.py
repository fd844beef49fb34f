"""Speech and transcription: ``POST /audio/speech`` and ``POST /audio/transcriptions``.

:class:`Audio` is the resource behind ``client.speak`` and ``client.transcribe``.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._core.wire import as_dict, require_text, usage_cost
from ..errors import APIResponseError
from ..media import AudioResult, wav_from_pcm

if TYPE_CHECKING:
    from .ledger import SpendLedger
    from .requester import Requester

__all__ = ["Audio", "Transcription"]

#: what ``speak(format=...)`` accepts → what is asked of the API (it sends mp3 or 16-bit PCM)
_FORMATS = {"wav": "pcm", "mp3": "mp3", "pcm": "pcm"}
_AUDIO_FORMATS = {
    b"RIFF": "wav",
    b"ID3": "mp3",
    b"\xff\xf3": "mp3",
    b"\xff\xfb": "mp3",
    b"OggS": "ogg",
    b"fLaC": "flac",
}


@dataclass
class Transcription:
    """What a transcription said: ``text``, its ``cost`` (USD) and ``usage``; ``raw`` is the payload."""

    text: str
    cost: float | None
    usage: dict[str, Any]
    model: str
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    def __str__(self) -> str:
        return self.text


def _audio_bytes(audio: bytes | AudioResult | str | os.PathLike[str]) -> tuple[bytes, str]:
    """The bytes of an audio input and their format name (from the bytes themselves, else the suffix)."""
    if isinstance(audio, AudioResult):
        data = audio.data
    elif isinstance(audio, bytes | bytearray):
        data = bytes(audio)
    elif isinstance(audio, str | os.PathLike):
        data = Path(audio).read_bytes()
    else:
        raise TypeError(f"audio must be bytes, an AudioResult or a path, got {type(audio).__name__}")
    if not data:
        raise ValueError("audio is empty")
    fmt = next((name for magic, name in _AUDIO_FORMATS.items() if data.startswith(magic)), None)
    if fmt is None and isinstance(audio, str | os.PathLike):
        fmt = Path(audio).suffix.lstrip(".").lower() or None
    return data, fmt or "wav"


class Audio:
    """The speech and transcription calls of a client."""

    def __init__(self, requester: Requester, ledger: SpendLedger) -> None:
        self._requester = requester
        self._ledger = ledger

    async def speak(
        self,
        /,
        model: str,
        text: str,
        *,
        voice: str | None = None,
        format: str = "wav",
        speed: float | None = None,
        **fields: Any,
    ) -> AudioResult:
        """Speech for ``text`` (``POST /audio/speech``) as an :class:`~openrouter_nb.media.AudioResult`.

        ``format``: ``"wav"`` (default; 16-bit PCM from the API, wrapped here so it plays anywhere),
        ``"mp3"`` or ``"pcm"``. ``voice`` is one of the model's ``supported_voices`` (the catalog
        lists them). The response carries no cost: ``await client.get_generation(audio.generation_id)``
        gives it; the ledger row has the generation id.
        """
        require_text(model, "model")
        require_text(text, "text")
        if format not in _FORMATS:
            raise ValueError(f"format must be one of {', '.join(_FORMATS)}, got {format!r}")
        body: dict[str, Any] = {"model": model, "input": text, "response_format": _FORMATS[format], **fields}
        if voice is not None:
            body["voice"] = voice
        if speed is not None:
            body["speed"] = speed
        reply = await self._requester.send(
            "POST", "/audio/speech", f"speech with {model!r}", body=body, limit="media_bytes"
        )
        if not reply.content:
            raise APIResponseError(f"speech with {model!r} returned no audio")
        if reply.mime_type.startswith(("application/json", "text/")):
            raise APIResponseError(f"speech with {model!r} returned {reply.mime_type}, not audio")
        generation = reply.headers.get("x-generation-id")
        self._ledger.record("speak", {"id": generation}, model=model)
        if format == "wav":
            data, mime = wav_from_pcm(reply.content), "audio/wav"
        else:
            data, mime = reply.content, "audio/mpeg" if format == "mp3" else "audio/pcm"
        return AudioResult(data, mime, text=text, model=model, generation_id=generation)

    async def transcribe(
        self,
        /,
        model: str,
        audio: bytes | AudioResult | str | os.PathLike[str],
        *,
        language: str | None = None,
        **fields: Any,
    ) -> Transcription:
        """The text spoken in ``audio`` (bytes, an ``AudioResult`` or a file path), with its cost."""
        require_text(model, "model")
        data, fmt = _audio_bytes(audio)
        body: dict[str, Any] = {"model": model, "input_audio": {"data": base64.b64encode(data).decode(), "format": fmt}}
        if language is not None:
            body["language"] = language
        body.update(fields)
        what = f"transcription with {model!r}"
        payload = await self._requester.json("POST", "/audio/transcriptions", what, body=body)
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise APIResponseError(f"{what} failed: the response has no text")
        self._ledger.record("transcribe", payload, model=model)
        return Transcription(payload["text"], usage_cost(payload), as_dict(payload.get("usage")), model, payload)
