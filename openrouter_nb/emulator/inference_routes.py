"""The emulator's non-chat inference routes: embeddings, speech, transcription and rerank.

Prices come from the catalog: embeddings per prompt token; speech per input character (how the
catalog's TTS prices read); transcription per minute of audio when the price is that large, else
per token; rerank models show ``"0"`` prices in the catalog, so a rerank is billed per search unit
at a typical rate. All derived and documented, deterministic.
"""

from __future__ import annotations

import base64
import binascii
import math
import struct
from typing import TYPE_CHECKING, Any

from . import catalog as cat
from .protocol import BadRequest, Call, EmuResponse, json_response, tokens
from .providers import provider_for
from .sound import embed, mp3_frames, pcm_seconds, speech_pcm

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["embeddings", "rerank", "speech", "transcription"]

RERANK_USD_PER_SEARCH = 0.002  # a typical per-search price; the catalog prices rerank models at "0"


def _model(core: EmulatorCore, body: Any, output: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise BadRequest(400, "Request body must be a JSON object")
    found = core.resolve_model(body.get("model"))
    if output not in found["architecture"].get("output_modalities", []):
        raise BadRequest(400, f"{found['id']} does not produce {output}; see its output_modalities")
    core.check_balance()
    return found


def _price(found: dict[str, Any], key: str = "prompt") -> float:
    try:
        return max(0.0, float((found.get("pricing") or {}).get(key, "0")))
    except (TypeError, ValueError):
        return 0.0


def _dimensions(model_id: str) -> int:
    if "large" in model_id:
        return 3072 if model_id.startswith("openai/") else 1024
    if "small" in model_id or "ada" in model_id:
        return 1536
    return (384, 768, 1024)[cat.stable_int("dims", model_id) % 3]


def _bill(core: EmulatorCore, found: dict[str, Any], cost: float, api_type: str, prompt_tokens: int) -> str:
    gen_id, created = core.next_id("gen-emb" if api_type == "embeddings" else "gen")
    core.bill(core.generation_record(gen_id, created, found["id"], cost, api_type, prompt_tokens, 0))
    return gen_id


async def embeddings(core: EmulatorCore, call: Call) -> EmuResponse:
    """``POST /embeddings``: one vector per input, the same text always the same vector."""
    found = _model(core, call.body, "embeddings")
    raw = call.body.get("input")
    texts = [raw] if isinstance(raw, str) else raw
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) and t for t in texts):
        raise BadRequest(400, "input must be a non-empty string or a non-empty array of non-empty strings")
    native = _dimensions(found["id"])
    dims = call.body.get("dimensions", native)
    if not isinstance(dims, int) or isinstance(dims, bool) or not 1 <= dims <= native:
        raise BadRequest(400, f"dimensions must be an integer from 1 to {native} for {found['id']}")
    encoding = call.body.get("encoding_format", "float")
    if encoding not in ("float", "base64"):
        raise BadRequest(400, "encoding_format must be float or base64")
    data = []
    for index, text in enumerate(texts):
        vector: Any = embed(text, dims)
        if encoding == "base64":
            vector = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
        data.append({"object": "embedding", "embedding": vector, "index": index})
    count = sum(tokens(t) for t in texts)
    cost = 0.0 if found["id"].endswith(":free") else round(count * _price(found), 10)
    gen_id = _bill(core, found, cost, "embeddings", count)
    usage = {
        "prompt_tokens": count,
        "total_tokens": count,
        "cost": cost,
        "is_byok": False,
        "cost_details": {
            "upstream_inference_cost": None,
            "upstream_inference_prompt_cost": cost,
            "upstream_inference_completions_cost": 0,
        },
    }
    # as recorded: the provider that served it, and the model without its author prefix
    payload = {"id": gen_id, "object": "list", "data": data, "model": found["id"].split("/", 1)[-1]}
    payload |= {"provider": provider_for(found["id"]), "usage": usage}
    return json_response(200, payload)


async def speech(core: EmulatorCore, call: Call) -> EmuResponse:
    """``POST /audio/speech``: PCM or MP3 bytes; the generation (and its cost) is in ``/generation``."""
    found = _model(core, call.body, "speech")
    text = call.body.get("input")
    if not isinstance(text, str) or not text.strip():
        raise BadRequest(400, "input is required")
    voices = found.get("supported_voices") or []
    voice = call.body.get("voice", voices[0] if voices else "alloy")
    if not isinstance(voice, str) or (voices and voice not in voices):
        raise BadRequest(400, f"voice must be one of {', '.join(voices[:12])}{' …' if len(voices) > 12 else ''}")
    fmt = call.body.get("response_format", "mp3")
    if fmt not in ("mp3", "pcm"):
        raise BadRequest(400, "response_format must be mp3 or pcm")
    speed = call.body.get("speed", 1.0)
    if not isinstance(speed, int | float) or isinstance(speed, bool) or not 0.25 <= speed <= 4.0:
        raise BadRequest(400, "speed must be a number from 0.25 to 4.0")
    pcm = speech_pcm(text, voice, float(speed))
    audio = pcm if fmt == "pcm" else mp3_frames(pcm_seconds(pcm))
    core.remember_speech(audio, text)  # a transcription of this very audio gives the text back
    cost = 0.0 if found["id"].endswith(":free") else round(len(text) * _price(found), 10)
    gen_id = _bill(core, found, cost, "tts", tokens(text))
    mime = "audio/pcm" if fmt == "pcm" else "audio/mpeg"
    return EmuResponse(200, {"content-type": mime, "x-generation-id": gen_id}, audio)


async def transcription(core: EmulatorCore, call: Call) -> EmuResponse:
    """``POST /audio/transcriptions`` (JSON body): the text, and ``usage.cost``."""
    found = _model(core, call.body, "transcription")
    source = call.body.get("input_audio")
    if (
        not isinstance(source, dict)
        or not isinstance(source.get("data"), str)
        or not isinstance(source.get("format"), str)
    ):
        raise BadRequest(400, "input_audio must be an object with base64 data and a format")
    try:
        audio = base64.b64decode(source["data"], validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest(400, "input_audio.data is not valid base64") from None
    if not audio:
        raise BadRequest(400, "input_audio.data is empty")
    pcm = audio[44:] if audio[:4] == b"RIFF" else audio  # a WAV's samples follow its 44-byte header
    seconds = round(pcm_seconds(pcm), 3)
    text = core.spoken.get(hash(audio)) or core.spoken.get(hash(pcm))
    if text is None:
        text = f"(emulated transcript of {seconds:g} seconds of {source['format']} audio)"
    price = _price(found)
    cost = (
        0.0
        if found["id"].endswith(":free")
        else round(price * seconds / 60 if price >= 1e-4 else price * tokens(text), 10)
    )
    _bill(core, found, cost, "stt", tokens(text))
    usage = {
        "seconds": seconds,
        "cost": cost,
        "total_tokens": tokens(text),
        "input_tokens": 0,
        "output_tokens": tokens(text),
    }
    payload: dict[str, Any] = {"text": text, "usage": usage}
    if call.body.get("response_format") == "verbose_json":
        payload.update({"task": "transcribe", "language": call.body.get("language") or "en", "duration": seconds})
        payload["segments"] = [{"id": 0, "start": 0.0, "end": seconds, "text": text}]
    return json_response(200, payload)


async def rerank(core: EmulatorCore, call: Call) -> EmuResponse:
    """``POST /rerank``: documents ordered by relevance to the query (cosine of the emulator's embeddings)."""
    found = _model(core, call.body, "rerank")
    query, documents = call.body.get("query"), call.body.get("documents")
    if not isinstance(query, str) or not query.strip():
        raise BadRequest(400, "query is required")
    if not isinstance(documents, list) or not documents:
        raise BadRequest(400, "documents must be a non-empty array")
    top_n = call.body.get("top_n", len(documents))
    if not isinstance(top_n, int) or isinstance(top_n, bool) or top_n < 1:
        raise BadRequest(400, "top_n must be a positive integer")
    want = embed(query, 256)
    scored: list[dict[str, Any]] = []
    for index, document in enumerate(documents):
        text = (
            document
            if isinstance(document, str)
            else (document or {}).get("text", "")
            if isinstance(document, dict)
            else ""
        )
        score = sum(a * b for a, b in zip(want, embed(text, 256), strict=True))
        scored.append({"index": index, "relevance_score": round((score + 1) / 2, 6), "document": {"text": text}})
    scored.sort(key=lambda r: (-float(r["relevance_score"]), int(r["index"])))
    units = math.ceil(len(documents) / 100)
    cost = 0.0 if found["id"].endswith(":free") else round(units * RERANK_USD_PER_SEARCH, 10)
    gen_id = _bill(core, found, cost, "rerank", tokens(query))
    usage = {
        "search_units": units,
        "total_tokens": tokens(query) + sum(tokens(str(d)) for d in documents),
        "cost": cost,
    }
    return json_response(
        200,
        {
            "id": gen_id,
            "model": found["id"],
            "provider": provider_for(found["id"]),
            "results": scored[:top_n],
            "usage": usage,
        },
    )
