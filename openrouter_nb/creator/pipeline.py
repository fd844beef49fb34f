"""The prompt-to-post pipeline: brief → caption → image prompt → images → post preview (→ video).

Plain async functions, usable from notebooks and scripts. :func:`create_post` runs every step and
keeps what was paid for: each asset is written atomically as soon as it exists, and a JSON
manifest (brief, prompts, models, seed, costs, timestamps) is rewritten atomically after every
step, so a crash never corrupts it and re-running the same post resumes where it stopped without
paying again for finished steps.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._core.files import atomic_write, safe_name
from .._core.wire import usage_cost
from ..media import (
    Gallery,
    ImageResult,
    VideoResult,
    data_url,
    post_card_html,
    preview_card,
    split_hashtags,
    strip_emoji,
)
from .copywriting import (
    COPYWRITER_PROMPT,
    Brief,
    fit_caption,
    write_caption,
    write_image_prompt,
    write_slide_captions,
    write_voiceover,
)
from .persona import Persona
from .platforms import PLATFORMS

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

__all__ = [
    "COPYWRITER_PROMPT",
    "PLATFORMS",
    "Brief",
    "Gallery",
    "Post",
    "create_post",
    "fit_caption",
    "generate_images",
    "load_manifest",
    "make_video",
    "render_preview",
    "split_hashtags",
    "write_caption",
    "write_image_prompt",
]

MANIFEST = "manifest.json"


async def generate_images(
    client: OpenRouterClient,
    prompt: str,
    *,
    model: str,
    n: int = 1,
    seed: int | None = None,
    route: str = "images",
    aspect_ratio: str = "1:1",
    references: list[ImageResult] | None = None,
) -> tuple[list[ImageResult], float]:
    """Images for ``prompt`` and what they cost, by the ``/images`` API or the chat ``modalities`` route.

    ``references`` (e.g. a persona's pictures) go to the ``/images`` route as ``input_references``.
    """
    if route == "images":
        fields: dict[str, Any] = {"n": n, "aspect_ratio": aspect_ratio}
        if seed is not None:
            fields["seed"] = seed
        if references:
            fields["input_references"] = [
                {"type": "image_url", "image_url": {"url": data_url(r.data, r.mime_type)}} for r in references
            ]
        generated = await client.images(model=model, prompt=prompt, **fields)
        return list(generated), generated.cost or 0.0
    if route == "chat":
        images, cost = [], 0.0
        for i in range(n):
            result = await client.chat(
                model,
                prompt,
                modalities=["image", "text"],
                image_config={"aspect_ratio": aspect_ratio},
                seed=None if seed is None else seed + i,
            )
            images += await client.fetch_images(result.images)
            cost += result.cost or 0.0
        return images, cost
    raise ValueError(f"route must be 'images' or 'chat', got {route!r}")


async def make_video(
    client: OpenRouterClient,
    prompt: str,
    *,
    model: str,
    first_frame: ImageResult | None = None,
    duration: int | None = None,
    poll_interval: float = 1.0,
    timeout: float = 900.0,
) -> tuple[VideoResult, float, dict[str, Any]]:
    """A short video (optionally starting from ``first_frame``): the MP4, its cost and the final job."""
    extra: dict[str, Any] = {}
    if first_frame is not None and first_frame.data:
        url = data_url(first_frame.data, first_frame.mime_type)
        extra["frame_images"] = [{"type": "image_url", "image_url": {"url": url}, "frame_type": "first_frame"}]
    job = await client.generate_video(model=model, prompt=prompt, duration=duration, **extra)
    final = await client.wait_for_video(job, poll_interval=poll_interval, timeout=timeout, progress=False)
    video = await client.download_video(final)
    return video, usage_cost(final) or 0.0, final


async def _takes_references(client: OpenRouterClient, model: str, route: str) -> bool:
    """Whether ``model`` accepts ``input_references`` on the ``/images`` route (its descriptor says so)."""
    if route != "images":
        return False
    for entry in await client.list_image_models():
        if isinstance(entry, dict) and entry.get("id") == model:
            params = entry.get("supported_parameters")
            return isinstance(params, dict | list) and "input_references" in params
    return False


# -- preview ----------------------------------------------------------------------------------------


def render_preview(image: ImageResult, caption: str, brief: Brief, *, width: int = 420) -> ImageResult:
    """A post preview card (PNG): header with the handle, the image, the caption and its hashtags."""
    return preview_card(image, caption, handle=brief.handle, platform=brief.platform, width=width)


# -- the whole post -----------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Post:
    """A finished (or resumed) post: where its files are and what it cost."""

    folder: Path
    brief: Brief
    caption: str
    hashtags: list[str]
    image_prompt: str
    images: list[Path]
    preview: Path
    video: Path | None
    cost: float
    resumed_steps: list[str] = field(default_factory=list)
    slide_captions: list[str] = field(default_factory=list)  # a carousel's line per image
    voiceover: Path | None = None

    def __repr__(self) -> str:
        return f"<Post {self.folder} cost=${self.cost:.4f} images={len(self.images)} video={self.video is not None}>"

    def _repr_html_(self) -> str:
        preview = ImageResult(self.preview.read_bytes(), "image/png")
        video = VideoResult(self.video.read_bytes()) if self.video is not None else None
        footer = f"<small>{html.escape(str(self.folder))} · ${self.cost:.4f}</small>"
        return post_card_html(preview, footer, video=video, width=420) + self.extras_html()

    def extras_html(self) -> str:
        """What a card alone does not show: the carousel slide by slide, and the voiceover's player."""
        parts = []
        if len(self.images) > 1:
            lines = self.slide_captions or [""] * len(self.images)
            slides = [
                (ImageResult(p.read_bytes(), "image/png"), line) for p, line in zip(self.images, lines, strict=False)
            ]
            parts.append(Gallery(slides, width=140)._repr_html_())
        if self.voiceover is not None:
            mime = "audio/mpeg" if self.voiceover.suffix == ".mp3" else "audio/wav"
            player = f"<audio controls src='{data_url(self.voiceover.read_bytes(), mime)}'></audio>"
            parts.append(f"<div>voiceover {player}</div>")
        return "".join(parts)


def load_manifest(folder: str | Path) -> dict[str, Any] | None:
    """The manifest in ``folder``, or None when it is missing or unreadable (then the post starts over)."""
    try:
        value = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) and isinstance(value.get("steps"), dict) else None


def _post_folder(out_dir: Path, brief: Brief, settings: dict[str, Any]) -> Path:
    key = json.dumps({"brief": brief.manifest(), **settings}, sort_keys=True, default=str)
    slug = safe_name(" ".join(re.findall(r"[a-z0-9]+", brief.topic.lower())[:5]))  # bounded: any file system
    return out_dir / f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


async def create_post(
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
    now: Callable[[], str] = _now,
) -> Post:
    """Run the whole pipeline and save the post under ``out_dir`` (resuming a post already started).

    Steps: caption (``text_model``) → image prompt (``text_model``) → ``n_images`` images
    (``image_model`` via ``route``, in the platform's aspect ratio unless ``aspect_ratio`` is given,
    with the persona's reference images when the model takes them) → preview card → optional video
    (``video_model``, first frame = the first image). The caption is held to the platform's limit
    (asked again once, then shortened at a word boundary) and hashtag count; the manifest says
    which (``caption_check``). ``caption`` uses a caption chosen beforehand (e.g. a variant);
    ``n_images`` > 1 makes a carousel with a line per slide; ``voiceover`` (a speech model) adds a
    spoken script saved beside the video. Each paid step is recorded in ``manifest.json`` before the next starts.
    """
    if not isinstance(n_images, int) or not 1 <= n_images <= min(10, brief.format.max_slides):
        raise ValueError(
            f"n_images (slides) must be an integer from 1 to {min(10, brief.format.max_slides)} on {brief.platform}"
        )
    aspect_ratio = aspect_ratio or brief.shape
    references = brief.persona.reference_images() if isinstance(brief.persona, Persona) else []
    settings = {
        "text_model": text_model,
        "image_model": image_model,
        "n_images": n_images,
        "seed": seed,
        "route": route,
        "aspect_ratio": aspect_ratio,
        "video_model": video_model,
        "video_duration": video_duration,
        "voiceover": voiceover,
        "caption": caption,
    }
    folder = _post_folder(Path(out_dir), brief, settings)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(folder)
    if manifest is None or manifest.get("settings") != settings:
        manifest = {"brief": brief.manifest(), "settings": settings, "steps": {}, "created_at": now()}
    steps: dict[str, Any] = manifest["steps"]
    resumed: list[str] = []

    def save() -> None:
        manifest["updated_at"] = now()
        manifest["total_cost"] = round(sum(float(s.get("cost", 0.0)) for s in steps.values()), 10)
        atomic_write(folder / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())

    def done(step: str, *files: str) -> bool:
        ok = step in steps and all((folder / f).is_file() for f in files)
        if ok:
            resumed.append(step)
        return ok

    def record_text(step: str, result: Any) -> None:
        steps[step] = {
            "text": result.text,
            "model": result.model,
            "cost": result.cost or 0.0,
            "generation_id": result.id,
            "finished_at": now(),
        }
        save()

    if caption is not None and not done("caption"):  # a caption chosen beforehand (e.g. among variants)
        text, check = fit_caption(caption, brief)
        steps["caption"] = {"text": text, "chosen": True, "caption_check": check, "cost": 0.0, "finished_at": now()}
        save()
    if not done("caption"):
        first = await write_caption(client, brief, model=text_model, seed=seed)
        result, asked = first, 1
        if len(first.text) > brief.limit:  # asked once more, strictly, before cutting it
            result, asked = await write_caption(client, brief, model=text_model, seed=seed, strict=True), 2
        text, check = fit_caption(result.text, brief)
        record_text("caption", result)
        extra_cost = (first.cost or 0.0) if asked == 2 else 0.0
        steps["caption"].update(text=text, raw_text=result.text, asked=asked, cost=(result.cost or 0.0) + extra_cost)
        steps["caption"]["caption_check"] = "re-asked" if asked == 2 and check == "ok" else check
        save()
    caption = steps["caption"]["text"]
    if not done("image_prompt"):
        record_text("image_prompt", await write_image_prompt(client, brief, caption, model=text_model, seed=seed))
    image_prompt = steps["image_prompt"]["text"]
    if not done("images", *(steps.get("images", {}).get("files") or ["-"])):
        guided = references if references and await _takes_references(client, image_model, route) else None
        images, cost = await generate_images(
            client,
            image_prompt,
            model=image_model,
            n=n_images,
            seed=seed,
            route=route,
            aspect_ratio=aspect_ratio,
            references=guided,
        )
        files = [atomic_write(folder / f"image-{i + 1}{img.extension}", img.data).name for i, img in enumerate(images)]
        steps["images"] = {
            "files": files,
            "model": image_model,
            "route": route,
            "aspect_ratio": aspect_ratio,
            "references": len(guided or []),
            "cost": cost,
            "finished_at": now(),
        }
        save()
    image_files = [folder / f for f in steps["images"]["files"]]
    if not done("preview", "preview.png"):
        first = ImageResult((image_files[0]).read_bytes(), "image/png")
        atomic_write(folder / "preview.png", render_preview(first, caption, brief).data)
        steps["preview"] = {"file": "preview.png", "cost": 0.0, "finished_at": now()}
        save()
    if n_images > 1 and not done("slides"):  # a carousel: one line per slide
        lines, result = await write_slide_captions(client, brief, caption, n_images, model=text_model, seed=seed)
        steps["slides"] = {"captions": lines, "model": result.model, "cost": result.cost or 0.0, "finished_at": now()}
        save()
    video_path = voice_path = None
    if voiceover is not None and not done("voiceover", *(steps.get("voiceover", {}).get("files") or ["-"])):
        script = await write_voiceover(client, brief, caption, model=text_model, seed=seed)
        spoken = strip_emoji(split_hashtags(script.text)[0]).strip() or script.text  # no #tags or emoji aloud
        audio = await client.speak(voiceover, spoken)
        name = atomic_write(folder / f"voiceover{audio.extension}", audio.data).name
        steps["voiceover"] = {
            "files": [name],
            "script": spoken,
            "model": voiceover,
            "generation_id": audio.generation_id,  # speech is billed by /generation: its cost is not in the reply
            "cost": script.cost or 0.0,
            "finished_at": now(),
        }
        save()
    if voiceover is not None:
        voice_path = folder / steps["voiceover"]["files"][0]
    if video_model is not None:
        if not done("video", "video.mp4"):
            first = ImageResult(image_files[0].read_bytes(), "image/png")
            video, cost, job = await make_video(
                client, image_prompt, model=video_model, first_frame=first, duration=video_duration
            )
            atomic_write(folder / "video.mp4", bytes(video))
            steps["video"] = {
                "file": "video.mp4",
                "model": video_model,
                "job_id": job.get("id"),
                "generation_id": job.get("generation_id"),
                "cost": cost,
                "finished_at": now(),
            }
            save()
        video_path = folder / "video.mp4"
    if resumed:
        save()
    _, hashtags = split_hashtags(caption)
    return Post(
        folder=folder,
        brief=brief,
        caption=caption,
        hashtags=hashtags,
        image_prompt=image_prompt,
        images=image_files,
        preview=folder / "preview.png",
        video=video_path,
        cost=manifest["total_cost"],
        resumed_steps=resumed,
        slide_captions=list(steps.get("slides", {}).get("captions") or []),
        voiceover=voice_path,
    )
