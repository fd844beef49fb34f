"""The steps of a post, each one paid call (or none) recorded in the post's journal as it lands.

caption → image prompt → images → preview → (carousel lines) → (voiceover) → (video). Each step
first asks the journal whether it is already done, and returns what the journal holds if so: a
re-run pays only for the steps that never finished. :func:`~openrouter_nb.create_post` runs them
in order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..media import ImageResult, split_hashtags, strip_emoji
from .copywriting import (
    Brief,
    fit_caption,
    write_caption,
    write_image_prompt,
    write_slide_captions,
    write_voiceover,
)
from .generation import generate_images, make_video, render_preview, takes_references
from .journal import PostJournal

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

__all__ = [
    "PostRun",
    "PostSettings",
    "caption_step",
    "image_prompt_step",
    "images_step",
    "preview_step",
    "slides_step",
    "video_step",
    "voiceover_step",
]


@dataclass(frozen=True)
class PostSettings:
    """How a post is made: the models, slides, seed, image route and shape, and the optional media.

    With the brief, they make the post's identity: the same brief and settings resume one folder.
    """

    text_model: str
    image_model: str
    n_images: int = 1
    seed: int = 0
    route: str = "images"
    aspect_ratio: str | None = None
    video_model: str | None = None
    video_duration: int | None = None
    voiceover: str | None = None
    caption: str | None = None

    def manifest(self) -> dict[str, Any]:
        """The settings as the manifest stores them."""
        return asdict(self)


@dataclass
class PostRun:
    """One run of the pipeline on one post: the client, what the post is, and its journal."""

    client: OpenRouterClient
    brief: Brief
    settings: PostSettings
    journal: PostJournal
    references: list[ImageResult] = field(default_factory=list)

    @property
    def aspect_ratio(self) -> str:
        """The shape images (and the video) are made in: the settings', else the platform's."""
        return self.settings.aspect_ratio or self.brief.shape


def _text_step(result: Any) -> dict[str, Any]:
    """What the journal keeps of a text step's chat result."""
    return {"text": result.text, "model": result.model, "cost": result.cost or 0.0, "generation_id": result.id}


async def caption_step(run: PostRun) -> str:
    """The caption: a chosen one held to the platform, or asked for (once more when too long), then fitted."""
    journal, brief, settings = run.journal, run.brief, run.settings
    if settings.caption is not None and not journal.done("caption"):
        text, check = fit_caption(settings.caption, brief)
        journal.record("caption", text=text, chosen=True, caption_check=check, cost=0.0)
    if not journal.done("caption"):
        first = await write_caption(run.client, brief, model=settings.text_model, seed=settings.seed)
        result, asked = first, 1
        if len(first.text) > brief.limit:  # asked once more, strictly, before cutting it
            strict = await write_caption(run.client, brief, model=settings.text_model, seed=settings.seed, strict=True)
            result, asked = strict, 2
        text, check = fit_caption(result.text, brief)
        cost = (result.cost or 0.0) + ((first.cost or 0.0) if asked == 2 else 0.0)
        check = "re-asked" if asked == 2 and check == "ok" else check
        facts = {**_text_step(result), "text": text, "raw_text": result.text, "asked": asked, "cost": cost}
        journal.record("caption", **facts, caption_check=check)
    return str(journal.steps["caption"]["text"])


async def image_prompt_step(run: PostRun, caption: str) -> str:
    """The image prompt, written by the text model from the topic and the caption."""
    if not run.journal.done("image_prompt"):
        settings = run.settings
        result = await write_image_prompt(run.client, run.brief, caption, model=settings.text_model, seed=settings.seed)
        run.journal.record("image_prompt", **_text_step(result))
    return str(run.journal.steps["image_prompt"]["text"])


async def images_step(run: PostRun, image_prompt: str) -> list[Path]:
    """The post's images, in its shape, with the persona's references when the model takes them."""
    journal, settings = run.journal, run.settings
    if not journal.done("images", *(journal.files("images") or ["-"])):
        takes = run.references and await takes_references(run.client, settings.image_model, settings.route)
        guided = run.references if takes else None
        images, cost = await generate_images(
            run.client,
            image_prompt,
            model=settings.image_model,
            n=settings.n_images,
            seed=settings.seed,
            route=settings.route,
            aspect_ratio=run.aspect_ratio,
            references=guided,
        )
        files = [journal.write(f"image-{i + 1}{image.extension}", image.data) for i, image in enumerate(images)]
        facts = {"files": files, "model": settings.image_model, "route": settings.route}
        journal.record("images", **facts, aspect_ratio=run.aspect_ratio, references=len(guided or []), cost=cost)
    return [journal.folder / name for name in journal.files("images")]


def preview_step(run: PostRun, caption: str, first_image: Path) -> Path:
    """The preview card of the post (no call: drawn here)."""
    if not run.journal.done("preview", "preview.png"):
        card = render_preview(ImageResult(first_image.read_bytes(), "image/png"), caption, run.brief)
        run.journal.write("preview.png", card.data)
        run.journal.record("preview", file="preview.png", cost=0.0)
    return run.journal.folder / "preview.png"


async def slides_step(run: PostRun, caption: str) -> list[str]:
    """A carousel's line per slide (a post of one image has none)."""
    settings = run.settings
    if settings.n_images > 1 and not run.journal.done("slides"):
        lines, result = await write_slide_captions(
            run.client, run.brief, caption, settings.n_images, model=settings.text_model, seed=settings.seed
        )
        run.journal.record("slides", captions=lines, model=result.model, cost=result.cost or 0.0)
    return list(run.journal.steps.get("slides", {}).get("captions") or [])


async def voiceover_step(run: PostRun, caption: str) -> Path | None:
    """A spoken script for the video, voiced by the speech model (None without one)."""
    journal, settings = run.journal, run.settings
    if settings.voiceover is None:
        return None
    if not journal.done("voiceover", *(journal.files("voiceover") or ["-"])):
        script = await write_voiceover(run.client, run.brief, caption, model=settings.text_model, seed=settings.seed)
        spoken = strip_emoji(split_hashtags(script.text)[0]).strip() or script.text  # no #tags or emoji aloud
        audio = await run.client.speak(settings.voiceover, spoken)
        name = journal.write(f"voiceover{audio.extension}", audio.data)
        journal.record(
            "voiceover",
            files=[name],
            script=spoken,
            model=settings.voiceover,
            generation_id=audio.generation_id,  # speech is billed by /generation: its cost is not in the reply
            cost=script.cost or 0.0,
        )
    return journal.folder / journal.files("voiceover")[0]


async def video_step(run: PostRun, image_prompt: str, first_image: Path) -> Path | None:
    """A short video from the first image (None without a video model)."""
    journal, settings = run.journal, run.settings
    if settings.video_model is None:
        return None
    if not journal.done("video", "video.mp4"):
        first = ImageResult(first_image.read_bytes(), "image/png")
        video, cost, job = await make_video(
            run.client, image_prompt, model=settings.video_model, first_frame=first, duration=settings.video_duration
        )
        journal.write("video.mp4", bytes(video))
        facts = {"file": "video.mp4", "model": settings.video_model, "job_id": job.get("id")}
        journal.record("video", **facts, generation_id=job.get("generation_id"), cost=cost)
    return journal.folder / "video.mp4"
