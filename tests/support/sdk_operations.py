"""Every operation the emulator serves, called through the official ``openrouter`` SDK.

The SDK validates each response against its pydantic models, so an operation that returns is one
the SDK accepts. Used by ``test_conformance.py``; each operation is a coroutine function of an SDK
client (and the state earlier operations left, e.g. a video job id).
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable
from typing import Any

TEXT, IMAGE, VIDEO = "openai/gpt-4o-mini", "google/gemini-2.5-flash-image", "bytedance/seedance-2.0-mini"
EMBED, SPEECH, STT, RERANK = (
    "openai/text-embedding-3-small",
    "hexgrad/kokoro-82m",
    "openai/gpt-4o-transcribe",
    "cohere/rerank-v3.5",
)
MESSAGES = [{"role": "user", "content": "A short caption about a rainy day in Porto"}]
TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}

Operation = Callable[[Any, dict[str, Any]], Awaitable[Any]]


async def _chat_stream(sdk: Any, state: dict[str, Any]) -> Any:
    stream = await sdk.chat.send_async(model=TEXT, messages=MESSAGES, stream=True)
    return [chunk async for chunk in stream]


async def _video_job(sdk: Any, state: dict[str, Any]) -> Any:
    job = await sdk.video_generation.generate_async(model=VIDEO, prompt="waves at dusk", duration=5)
    state["job"] = job.id
    return job


async def _video_status(sdk: Any, state: dict[str, Any]) -> Any:
    for _ in range(50):
        job = await sdk.video_generation.get_generation_async(job_id=state["job"])
        if job.status == "completed":
            state["generation"] = job.generation_id
            return job
        await asyncio.sleep(0.05)
    raise AssertionError("the emulated job did not complete")


async def _speech(sdk: Any, state: dict[str, Any]) -> Any:
    audio = await sdk.tts.create_speech_async(
        model=SPEECH, input="Hello from Porto", voice="af_alloy", response_format="pcm"
    )
    state["pcm"] = await audio.aread()  # an httpx.Response: the bytes are the audio
    return audio


async def _responses_stream(sdk: Any, state: dict[str, Any]) -> Any:
    stream = await sdk.responses.send_async(model="deepseek/deepseek-r1", input="Why is the sky blue?", stream=True)
    return [event async for event in stream]


RESPONSES_TOOL = {
    "type": "function",
    "name": "get_weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}

OPERATIONS: dict[str, Operation] = {
    "models.list": lambda sdk, s: sdk.models.list_async(output_modalities="all"),
    "models.list (paged, sorted)": lambda sdk, s: sdk.models.list_async(limit=5, offset=5, sort="newest"),
    "models.count": lambda sdk, s: sdk.models.count_async(),
    "models.get": lambda sdk, s: sdk.models.get_async(author="openai", slug="gpt-4o-mini"),
    "models.list_for_user": lambda sdk, s: sdk.models.list_for_user_async(security={"bearer": s["key"]}),
    "endpoints.list": lambda sdk, s: sdk.endpoints.list_async(author="openai", slug="gpt-4o-mini"),
    "providers.list": lambda sdk, s: sdk.providers.list_async(),
    "benchmarks.get": lambda sdk, s: sdk.benchmarks.get_benchmarks_async(),
    "chat.send": lambda sdk, s: sdk.chat.send_async(model=TEXT, messages=MESSAGES, seed=1),
    "chat.send (stream)": _chat_stream,
    "chat.send (tools)": lambda sdk, s: sdk.chat.send_async(
        model=TEXT, messages=MESSAGES, tools=[TOOL], tool_choice="required"
    ),
    "chat.send (reasoning)": lambda sdk, s: sdk.chat.send_async(
        model="deepseek/deepseek-r1", messages=MESSAGES, reasoning={"effort": "low"}
    ),
    "responses.send": lambda sdk, s: sdk.responses.send_async(model=TEXT, input="A caption about rain"),
    "responses.send (stream, reasoning)": _responses_stream,
    "responses.send (tools)": lambda sdk, s: sdk.responses.send_async(
        model=TEXT, input="Weather in Porto?", tools=[RESPONSES_TOOL], tool_choice="required"
    ),
    "images.generate": lambda sdk, s: sdk.images.generate_async(model=IMAGE, prompt="a cozy cafe"),
    "images.list_models": lambda sdk, s: sdk.images.list_models_async(),
    "images.list_model_endpoints": lambda sdk, s: sdk.images.list_model_endpoints_async(
        author="google", slug="gemini-2.5-flash-image"
    ),
    "video_generation.generate": _video_job,
    "video_generation.get_generation": _video_status,
    "video_generation.get_video_content": lambda sdk, s: sdk.video_generation.get_video_content_async(job_id=s["job"]),
    "video_generation.list_videos_models": lambda sdk, s: sdk.video_generation.list_videos_models_async(),
    "embeddings.generate": lambda sdk, s: sdk.embeddings.generate_async(
        model=EMBED, input=["rainy Porto", "sunny Lisbon"]
    ),
    "embeddings.list_models": lambda sdk, s: sdk.embeddings.list_models_async(),
    "tts.create_speech": _speech,
    "stt.create_transcription": lambda sdk, s: sdk.stt.create_transcription_async(
        model=STT, input_audio={"data": base64.b64encode(s.get("pcm") or b"\x00" * 4800).decode(), "format": "pcm"}
    ),
    "rerank.rerank": lambda sdk, s: sdk.rerank.rerank_async(
        model=RERANK, query="rain", documents=["rainy Porto", "sunny"]
    ),
    "generations.get_generation": lambda sdk, s: sdk.generations.get_generation_async(id=s["generation"]),
    "api_keys.get_current_key_metadata": lambda sdk, s: sdk.api_keys.get_current_key_metadata_async(),
    "credits.get_credits": lambda sdk, s: s["manager"].credits.get_credits_async(),
    "presets.get": lambda sdk, s: sdk.presets.get_async(slug="captions"),
    "datasets.get_rankings_daily": lambda sdk, s: sdk.datasets.get_rankings_daily_async(period="week"),
    "datasets.get_app_rankings": lambda sdk, s: sdk.datasets.get_app_rankings_async(limit=5),
    "analytics.get_user_activity": lambda sdk, s: s["manager"].analytics.get_user_activity_async(),
}
