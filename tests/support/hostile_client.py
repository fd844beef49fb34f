"""One hostile case, client side: ``python tests/support/hostile_client.py BASE_URL CALL TIMEOUT``.

Runs one public call against the hostile server and prints one JSON line: the outcome (the error
class, ``ok``, or ``bare <Type>`` for an error that is not ours), the seconds it took, and this
process's peak RSS in MB. A fresh process per case, so the peak is the call's own.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from openrouter_nb import Brief, ImageResult, OpenRouterClient, OpenRouterError, create_post

KEY = "sk-or-v1-hostile-case-key"
TEXT, IMAGE, VIDEO = "openai/gpt-4o-mini", "google/gemini-2.5-flash-image", "bytedance/seedance-2.0-mini"


def peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def call(client: OpenRouterClient, name: str, base: str, scratch: Path) -> object:
    job = {"id": "job-1", "status": "completed", "unsigned_urls": [f"{base}/videos/job-1/content?index=0"]}
    calls = {
        "list_models": lambda: client.list_models(),
        "chat": lambda: client.chat(TEXT, "x"),
        "get_key": lambda: client.get_key(),
        "generate_image": lambda: client.generate_image(model=IMAGE, prompt="x"),
        "images": lambda: client.images(model=IMAGE, prompt="x"),
        "stream_text": lambda: client.stream_text(TEXT, "x").collect(),
        "fetch_images": lambda: client.images(model=IMAGE, prompt="x"),
        "download_video": lambda: client.download_video(job),
        "download_video_to_path": lambda: client.download_video(job, path=scratch / "video.mp4"),
        "download_video_traversal": lambda: client.download_video("../../../evil"),
        "speak": lambda: client.speak("hexgrad/kokoro-82m", "hello"),
        "create_post": lambda: create_post(
            client, Brief(persona="Mia", topic="tea"), text_model=TEXT, image_model=IMAGE, out_dir=scratch
        ),
        "long_topic_post": lambda: create_post(
            client, Brief(persona="Mia", topic="x" * 250), text_model=TEXT, image_model=IMAGE, out_dir=scratch
        ),
    }
    result = await calls[name]()
    return result if not isinstance(result, ImageResult) else result.mime_type


async def main(base: str, name: str, timeout: float) -> None:
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        async with OpenRouterClient(api_key=KEY, base_url=base, timeout=timeout, max_retries=0) as client:
            try:
                await call(client, name, base, Path(scratch))
                outcome, detail = "ok", ""
            except OpenRouterError as exc:
                outcome, detail = type(exc).__name__, str(exc)
            except Exception as exc:  # what the harness is here to find: errors that are not ours
                outcome, detail = f"bare {type(exc).__name__}", str(exc)
    seconds = time.monotonic() - start
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_rss_mb": peak_rss_mb(), "detail": detail[:300]}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
