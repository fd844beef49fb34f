"""The emulator's media routes: synchronous ``POST /images`` and asynchronous ``/videos`` jobs."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from . import catalog as cat
from .chat_checks import check_image_request
from .h264 import make_mp4
from .pictures import reference_look, render_png
from .protocol import ASPECTS, KEEPALIVE, BadRequest, Call, EmuResponse, image_dims, json_response

if TYPE_CHECKING:
    from .core import EmulatorCore

__all__ = ["VIDEO_LONG_SIDE", "content", "images", "job_status", "settle_jobs", "video_dims", "videos"]


async def _image_events(data: list[dict[str, Any]], created: int, usage: dict[str, Any]) -> AsyncIterator[bytes]:
    """The ``/images`` SSE variant: a partial image, then each completed image, then ``[DONE]``."""

    def event(payload: dict[str, Any]) -> bytes:
        return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"

    yield KEEPALIVE
    for index, item in enumerate(data):
        yield event(
            {"type": "image_generation.partial_image", "partial_image_index": index, "b64_json": item["b64_json"]}
        )
        yield event(
            {
                "type": "image_generation.completed",
                "b64_json": item["b64_json"],
                "media_type": item["media_type"],
                "created": created,
                "usage": usage,
            }
        )
    yield b"data: [DONE]\n\n"


async def images(core: EmulatorCore, call: Call) -> EmuResponse:
    """``POST /images``: generated PNGs, synchronously (or as SSE for streaming-capable models)."""
    body = check_image_request(call.body)
    model = core.resolve_model(body.get("model"))
    spec = cat.image_model(model["id"])
    if spec is None:
        raise BadRequest(400, f"{model['id']} does not generate images; use GET /images/models")
    aspect = body.get("aspect_ratio")
    if aspect not in (None, "auto") and aspect not in spec["supported_parameters"]["aspect_ratio"]["values"]:
        allowed = ", ".join(spec["supported_parameters"]["aspect_ratio"]["values"])
        raise BadRequest(400, f"{model['id']} supports aspect_ratio {allowed}, not {aspect}")
    width, height = image_dims(aspect, body.get("size"), body.get("resolution"))
    core.check_balance()
    count = min(body.get("n", 1), spec["supported_parameters"]["n"]["max"])  # single-image providers return fewer
    seed = body.get("seed")
    look = reference_look(body.get("input_references"))
    data = []
    for i in range(count):
        # the model takes part in the scene: two models give two different pictures of one prompt
        png = render_png(body["prompt"], (model["id"], seed, i), width, height, look=look, variant=i)
        data.append({"b64_json": base64.b64encode(png).decode(), "media_type": "image/png"})
    one, per_image_tokens = cat.image_cost(*cat.image_price(model), width, height)  # its own endpoint's price
    cost = round(one * count, 10)
    gen_id, created = core.next_id("gen")
    tokens = per_image_tokens * count
    core.bill(
        core.generation_record(gen_id, created, model["id"], cost, "image", 0, tokens, num_media_completion=count)
    )
    usage = {
        "prompt_tokens": 0,
        "completion_tokens": tokens,
        "total_tokens": tokens,
        "cost": cost,
        "completion_tokens_details": {"image_tokens": tokens, "reasoning_tokens": 0},
    }
    if body.get("stream") and spec is not None and spec["supports_streaming"]:
        # only streaming-capable models stream; the others ignore the flag, as on the service
        return EmuResponse(200, {"content-type": "text/event-stream"}, stream=_image_events(data, created, usage))
    return json_response(200, {"created": created, "data": data, "usage": usage})


# -- video ---------------------------------------------------------------------------------


async def videos(core: EmulatorCore, call: Call) -> EmuResponse:
    """``POST /videos``: a job (202) that advances on the core's clock."""
    body, fault = call.body, call.fault
    if not isinstance(body, dict):
        raise BadRequest(400, "Request body must be a JSON object")
    model = core.resolve_model(body.get("model"))
    spec = cat.video_models_by_id().get(model["id"])
    if spec is None:
        raise BadRequest(400, f"{model['id']} does not generate video; use GET /videos/models")
    prompt = body.get("prompt")
    if (not isinstance(prompt, str) or not prompt.strip()) and not body.get("frame_images"):
        raise BadRequest(400, "prompt is required unless frame_images are given")
    duration = body.get("duration", spec["supported_durations"][0])
    if duration not in spec["supported_durations"]:
        allowed = ", ".join(str(d) for d in spec["supported_durations"])
        raise BadRequest(400, f"duration must be one of {allowed} for {model['id']}")
    resolution = body.get("resolution")
    if resolution is not None and resolution not in spec["supported_resolutions"]:
        raise BadRequest(400, f"resolution must be one of {', '.join(spec['supported_resolutions'])}")
    aspect = body.get("aspect_ratio")
    if aspect is not None and aspect not in spec["supported_aspect_ratios"]:
        raise BadRequest(400, f"aspect_ratio must be one of {', '.join(spec['supported_aspect_ratios'])}")
    core.check_balance()
    job_id, created = core.next_id("job")
    outcome = "completed"
    if fault is not None and fault.kind in ("job_failed", "job_cancelled", "job_expired"):
        outcome = fault.kind.removeprefix("job_")
    core.jobs[job_id] = {
        "id": job_id,
        "model": model["id"],
        "prompt": prompt or "",
        "seed": body.get("seed"),
        "duration": duration,
        "aspect_ratio": aspect or "16:9",
        "look": reference_look(body.get("frame_images")),  # the first frame's colours: the video stays in them
        "submitted": core.clock(),
        "created": created,
        "outcome": outcome,
        "cost": round(cat.video_price_per_second(spec) * duration, 6),
        "billed": False,
    }
    return json_response(202, {"id": job_id, "polling_url": f"/api/v1/videos/{job_id}", "status": "pending"})


def _job_state(core: EmulatorCore, job: dict[str, Any]) -> str:
    age = core.clock() - job["submitted"]
    if age < core.video_pending_s:
        return "pending"
    if age < core.video_done_s:
        return "in_progress"
    return str(job["outcome"])


def settle_jobs(core: EmulatorCore) -> None:
    """Bill every job that has completed by now, once, whether or not anyone polled it (as the service does).

    The core calls this before it answers any request, so ``/credits``, ``/key`` and ``/generation``
    always include the jobs that finished, abandoned ones too.
    """
    for job in core.jobs.values():
        if not job["billed"] and job["outcome"] == "completed" and _job_state(core, job) == "completed":
            job["billed"] = True
            job["generation_id"], created = core.next_id("gen")
            core.bill(core.generation_record(job["generation_id"], created, job["model"], job["cost"], "video", 0, 0))


async def job_status(core: EmulatorCore, call: Call) -> EmuResponse:
    """``GET /videos/{id}``: where a job is; a completed one names its generation and its content."""
    args = call.args
    job = core.jobs.get(args[0])
    if job is None:
        raise BadRequest(404, f"Video job {args[0]} not found")
    status = _job_state(core, job)
    payload: dict[str, Any] = {
        "id": job["id"],
        "polling_url": f"/api/v1/videos/{job['id']}",
        "status": status,
    }
    if status == "completed":  # billed when it completed (settle_jobs), polled or not
        if not job["billed"]:  # it completed between the start of this request and now
            settle_jobs(core)
        payload["generation_id"] = job["generation_id"]
        payload["unsigned_urls"] = [f"{call.request.origin}/api/v1/videos/{job['id']}/content?index=0"]
        payload["usage"] = {"cost": job["cost"], "is_byok": False}
    elif status in ("failed", "cancelled", "expired"):
        payload["error"] = {
            "failed": "The provider failed to generate the video",
            "cancelled": "The job was cancelled",
            "expired": "The job expired before it was collected",
        }[status]
    return json_response(200, payload)


#: the long side of an emulated video (a preview: real ones are 720p and up)
VIDEO_LONG_SIDE = 256


def video_dims(aspect: Any) -> tuple[int, int]:
    """The pixel size of an emulated video in the job's aspect ratio (even sides, the long one 256)."""
    w, h = ASPECTS.get(aspect, (16.0, 9.0)) if isinstance(aspect, str) else (16.0, 9.0)
    scale = VIDEO_LONG_SIDE / max(w, h)
    return max(16, round(w * scale / 2) * 2), max(16, round(h * scale / 2) * 2)


async def content(core: EmulatorCore, call: Call) -> EmuResponse:
    """``GET /videos/{id}/content``: the MP4 of a completed job."""
    args = call.args
    job = core.jobs.get(args[0])
    if job is None:
        raise BadRequest(404, f"Video job {args[0]} not found")
    if _job_state(core, job) != "completed":
        raise BadRequest(400, f"Video job {args[0]} is {_job_state(core, job)}, not completed")
    if call.query.get("index", "0") != "0":
        raise BadRequest(404, "No video at that index")
    mp4 = core.videos.get(job["id"])
    if mp4 is None:
        width, height = video_dims(job["aspect_ratio"])
        seconds = min(float(job["duration"]), 4.0)  # kept short: the emulator's videos are previews
        mp4 = make_mp4(
            job["prompt"], job["seed"], seconds=seconds, fps=6, width=width, height=height, look=job.get("look")
        )
        core.videos[job["id"]] = mp4
        while len(core.videos) > 32:  # a long-running server keeps the recent ones only
            del core.videos[next(iter(core.videos))]
    return EmuResponse(200, {"content-type": "video/mp4"}, mp4)
