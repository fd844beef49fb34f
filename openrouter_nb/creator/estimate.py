"""What a post will cost before it is made: each step still to pay for, priced from the catalogs.

A post already started (the same brief and settings, so the same folder) is read from its
journal: steps it finished cost nothing more, a carousel half made costs the rest of its images,
and a video job already submitted is on its way (it bills when it completes, whatever happens
next), so only what a run would still pay for is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .copywriting import COPYWRITER_PROMPT, Brief
from .journal import load_manifest
from .pipeline import post_folder
from .steps import EXTRAS, PostSettings

if TYPE_CHECKING:
    from ..client.budget import PriceEstimator
    from ..client.client import OpenRouterClient

__all__ = ["PostEstimate", "estimate_post"]


@dataclass
class PostEstimate:
    """The steps a post still has to pay for, each with its estimated USD (None when unknown)."""

    steps: dict[str, float | None] = field(default_factory=dict)
    #: steps already done (a post resumed from its journal)
    done: list[str] = field(default_factory=list)
    #: a video job an earlier run submitted: it is billed when it completes, whatever this run does
    pending_video_job: str | None = None

    @property
    def total(self) -> float | None:
        """USD of every step still to pay for; None when one of them cannot be priced."""
        if any(cost is None for cost in self.steps.values()):
            return None
        return round(sum(cost or 0.0 for cost in self.steps.values()), 10)

    @property
    def unknown(self) -> list[str]:
        """The steps whose price cannot be estimated (a variable-priced or unpriced model)."""
        return [name for name, cost in self.steps.items() if cost is None]

    def without(self, *steps: str) -> float | None:
        """The total without some steps (what ``--no-video`` would cost, say)."""
        rest = [cost for name, cost in self.steps.items() if name not in steps]
        return None if any(c is None for c in rest) else round(sum(c or 0.0 for c in rest), 10)


def _chat(model: str, prompt: str, out: int) -> dict[str, Any]:
    messages = [{"role": "system", "content": COPYWRITER_PROMPT}, {"role": "user", "content": prompt}]
    return {"model": model, "messages": messages, "max_tokens": out}


async def estimate_post(
    client: OpenRouterClient,
    brief: Brief,
    *,
    text_model: str,
    image_model: str,
    n_images: int = 1,
    seed: int = 0,
    route: str = "images",
    aspect_ratio: str | None = None,
    video_model: str | None = None,
    video_duration: int | None = None,
    voiceover: str | None = None,
    caption: str | None = None,
    out_dir: str | Path = "output/posts",
) -> PostEstimate:
    """What :func:`~openrouter_nb.create_post` with these arguments would still pay for, step by step.

    Unbilled: it reads the catalogs (``GET /models``, ``/images/models``, ``/videos/models``) and
    the post's journal, and sends nothing that costs. Text steps are priced at typical lengths
    (the prompt's text in, a few hundred tokens out), images and video at their catalog prices.
    """
    settings = PostSettings(
        text_model, image_model, n_images, seed, route, aspect_ratio or brief.shape, video_model,
        video_duration, voiceover, caption,
    )  # fmt: skip
    manifest = load_manifest(post_folder(Path(out_dir), brief, settings.identity())) or {}
    same = {k: v for k, v in (manifest.get("settings") or {}).items() if k not in EXTRAS} == settings.identity()
    steps = manifest.get("steps", {}) if same else {}
    job = steps.get("video_job", {})
    pending = job.get("job_id") if job.get("model") == video_model and job.get("duration") == video_duration else None
    estimate = PostEstimate(done=[name for name in steps if name != "video_job"], pending_video_job=pending)
    price = client.estimator()
    topic = f"Topic: {brief.topic}. {brief.speaker}. {brief.voice}"
    if "caption" not in steps and caption is None:
        estimate.steps["caption"] = await _cost(price, "/chat/completions", _chat(text_model, topic, 300))
    if "image_prompt" not in steps:
        estimate.steps["image_prompt"] = await _cost(price, "/chat/completions", _chat(text_model, topic * 2, 250))
    made = len(steps.get("images", {}).get("files") or [])
    if made < n_images:
        body = {"model": image_model, "prompt": topic, "n": n_images - made}
        estimate.steps["images"] = await _cost(price, "/images", body)
    if n_images > 1 and "slides" not in steps:
        estimate.steps["slides"] = await _cost(price, "/chat/completions", _chat(text_model, topic, 40 * n_images))
    if voiceover is not None and steps.get("voiceover", {}).get("model") != voiceover:
        script = await _cost(price, "/chat/completions", _chat(text_model, topic, 120))
        speech = await _cost(price, "/audio/speech", {"model": voiceover, "input": topic * 3})
        estimate.steps["voiceover"] = None if script is None or speech is None else script + speech
    asked = {"model": video_model, "duration": video_duration}
    started = [name for name in ("video", "video_job") if {k: steps.get(name, {}).get(k) for k in asked} == asked]
    if video_model is not None and not started:
        body = {"model": video_model, "prompt": topic, "duration": video_duration}
        estimate.steps["video"] = await _cost(price, "/videos", {k: v for k, v in body.items() if v is not None})
    return estimate


async def _cost(price: PriceEstimator, path: str, body: dict[str, Any]) -> float | None:
    cost, _ = await price.estimate(path, body)
    return cost
