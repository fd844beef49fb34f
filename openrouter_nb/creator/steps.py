"""The steps of a post, each one paid call (or none) recorded in the post's journal as it lands.

caption → image prompt → images → (carousel lines) → preview → (voiceover) → (video). Each step
first asks the journal whether it is already done, and returns what the journal holds if so: a
re-run pays only for the steps that never finished. :func:`~openrouter_nb.create_post` runs them
in order.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..client.video import TERMINAL_FAILURES
from ..errors import NotFoundError, VideoJobError
from ..media import ImageResult, split_hashtags, strip_emoji
from .copywriting import (
    Brief,
    fit_caption,
    write_caption,
    write_copy,
    write_image_prompt,
    write_slide_captions,
    write_voiceover,
)
from .generation import (
    finish_video,
    generate_images,
    render_preview,
    submit_video,
    takes_references,
    video_aspect_ratio,
)
from .interrupts import finish_paid, stop_if_interrupted
from .journal import PostJournal

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

logger = logging.getLogger("openrouter_nb")

__all__ = [
    "EXTRAS",
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


#: the settings of the optional steps: changing them redoes only those steps
EXTRAS = ("video_model", "video_duration", "voiceover")


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

    def identity(self) -> dict[str, Any]:
        """The settings that make the post what it is: all but the extras (video and voiceover).

        Adding a video or a voiceover to a post, or changing their model, is the same post with
        one more step: its caption, images and preview are kept.
        """
        return {k: v for k, v in asdict(self).items() if k not in EXTRAS}


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
    """The caption: a chosen one held to the platform, or asked for, then fitted.

    A text model with structured outputs gives caption, hashtags and a carousel's slide lines in
    one typed answer (:func:`~openrouter_nb.creator.copywriting.write_copy`); the others are asked
    in prose (once more when too long), the slide lines apart.

    A first answer that is too long is journaled as ``caption_draft`` before the second ask, so an
    interrupt between the two never pays for the first again.
    """
    journal, brief, settings = run.journal, run.brief, run.settings
    if journal.done("caption"):
        return str(journal.steps["caption"]["text"])
    if settings.caption is not None:
        text, check = fit_caption(settings.caption, brief)
        journal.record("caption", text=text, chosen=True, caption_check=check, cost=0.0)
        return text
    if await _structured(run):
        caption, lines, result = await finish_paid(
            write_copy(run.client, brief, settings.n_images, model=settings.text_model, seed=settings.seed), "caption"
        )
        text, check = fit_caption(caption, brief)
        facts = {**_text_step(result), "text": text, "raw_text": caption, "asked": 1, "structured": True}
        journal.record("caption", **facts, caption_check=check)
        if settings.n_images > 1:  # the slide lines came in the same answer: paid with the caption
            journal.record("slides", captions=lines, model=result.model, cost=0.0, structured=True)
        return text
    draft = journal.steps.get("caption_draft")
    if draft is None:
        first = await finish_paid(
            write_caption(run.client, brief, model=settings.text_model, seed=settings.seed), "caption"
        )
        draft = journal.record("caption_draft", **_text_step(first))
        if len(first.text) <= brief.limit:
            return _fitted_caption(run, draft, draft, asked=1)
    stop_if_interrupted()  # the draft is journaled: stop here rather than ask again
    asked = write_caption(run.client, brief, model=settings.text_model, seed=settings.seed, strict=True)
    strict = await finish_paid(asked, "shorter caption")
    return _fitted_caption(run, draft, _text_step(strict), asked=2)


async def _structured(run: PostRun) -> bool:
    """Whether the text model answers with structured outputs (its catalog entry says so), so the
    caption, hashtags and slide lines can be asked for as one typed answer."""
    from ..client.schemas import structured_outputs

    return await structured_outputs(run.client.list_models, run.settings.text_model) is True


def _fitted_caption(run: PostRun, draft: dict[str, Any], answer: dict[str, Any], *, asked: int) -> str:
    """Hold the answer to the platform and record it as the caption (standing for its draft)."""
    text, check = fit_caption(answer["text"], run.brief)
    cost = answer["cost"] + (draft["cost"] if asked == 2 else 0.0)
    check = "re-asked" if asked == 2 and check == "ok" else check
    facts = {**answer, "text": text, "raw_text": answer["text"], "asked": asked, "cost": cost}
    run.journal.record("caption", replaces=("caption_draft",), **facts, caption_check=check)
    return text


async def image_prompt_step(run: PostRun, caption: str) -> str:
    """The image prompt, written by the text model from the topic and the caption."""
    if not run.journal.done("image_prompt"):
        settings = run.settings
        asked = write_image_prompt(run.client, run.brief, caption, model=settings.text_model, seed=settings.seed)
        result = await finish_paid(asked, "image prompt")
        run.journal.record("image_prompt", **_text_step(result))
    return str(run.journal.steps["image_prompt"]["text"])


async def images_step(run: PostRun, image_prompt: str) -> list[Path]:
    """The post's images, in its shape, with the persona's references when the model takes them.

    A carousel may take several calls; each call's images are written and journaled before the
    next call, so an interrupt keeps what was paid for and a re-run asks only for the rest.
    """
    journal, settings = run.journal, run.settings
    have = journal.files("images")
    if not (len(have) >= settings.n_images and journal.done("images", *have)):
        takes = run.references and await takes_references(run.client, settings.image_model, settings.route)
        guided = run.references if takes else None
        have = [name for name in have if journal.has(name)]  # a file lost since: made again
        paid = float(journal.steps.get("images", {}).get("cost", 0.0)) if have else 0.0

        def keep(images: list[ImageResult], cost: float) -> None:
            nonlocal paid
            for image in images:
                have.append(journal.write(f"image-{len(have) + 1}{image.extension}", image.data))
            paid += cost
            facts: dict[str, Any] = {"files": have, "model": settings.image_model, "route": settings.route}
            journal.record("images", **facts, aspect_ratio=run.aspect_ratio, references=len(guided or []), cost=paid)

        await generate_images(
            run.client,
            image_prompt,
            model=settings.image_model,
            n=settings.n_images - len(have),
            seed=settings.seed + len(have),
            route=settings.route,
            aspect_ratio=run.aspect_ratio,
            references=guided,
            keep=keep,
        )
    return [journal.folder / name for name in journal.files("images")[: settings.n_images]]


def preview_step(run: PostRun, caption: str, images: list[Path], slide_lines: list[str]) -> Path:
    """The preview card of the post, a carousel's slides and lines included (no call: drawn here)."""
    if not run.journal.done("preview", "preview.png"):
        pictures = [ImageResult(path.read_bytes(), "image/png") for path in images]
        card = render_preview(pictures, caption, run.brief, slide_lines=slide_lines)
        run.journal.write("preview.png", card.data)
        run.journal.record("preview", file="preview.png", cost=0.0)
    return run.journal.folder / "preview.png"


async def slides_step(run: PostRun, caption: str) -> list[str]:
    """A carousel's line per slide (a post of one image has none)."""
    settings = run.settings
    if settings.n_images > 1 and not run.journal.done("slides"):
        asked = write_slide_captions(
            run.client, run.brief, caption, settings.n_images, model=settings.text_model, seed=settings.seed
        )
        lines, result = await finish_paid(asked, "slide lines")
        run.journal.record("slides", captions=lines, model=result.model, cost=result.cost or 0.0)
    return list(run.journal.steps.get("slides", {}).get("captions") or [])


async def voiceover_step(run: PostRun, caption: str) -> Path | None:
    """A spoken script for the video, voiced by the speech model (None without one).

    Two paid calls: the script is journaled (``voiceover_script``) before it is spoken.
    """
    journal, settings = run.journal, run.settings
    if settings.voiceover is None:
        return None
    made = journal.steps.get("voiceover", {}).get("model") == settings.voiceover
    if not (made and journal.done("voiceover", *(journal.files("voiceover") or ["-"]))):
        script = journal.steps.get("voiceover_script")
        if script is None:
            asked = write_voiceover(run.client, run.brief, caption, model=settings.text_model, seed=settings.seed)
            result = await finish_paid(asked, "voiceover script")
            spoken = strip_emoji(split_hashtags(result.text)[0]).strip() or result.text  # no #tags or emoji aloud
            script = journal.record("voiceover_script", script=spoken, model=result.model, cost=result.cost or 0.0)
        stop_if_interrupted()
        audio = await finish_paid(run.client.speak(settings.voiceover, script["script"]), "voiceover")
        name = journal.write(f"voiceover{audio.extension}", audio.data)
        journal.record(
            "voiceover",
            replaces=("voiceover_script",),
            files=[name],
            script=script["script"],
            model=settings.voiceover,
            generation_id=audio.generation_id,  # speech is billed by /generation: its cost is not in the reply
            cost=script["cost"],
        )
    return journal.folder / journal.files("voiceover")[0]


async def video_step(run: PostRun, image_prompt: str, first_image: Path) -> Path | None:
    """A short video from the first image, in the post's shape (None without a video model).

    The job's id goes into the journal (``video_job``) the moment the service accepts it: a re-run
    follows that job (and downloads it if it completed meanwhile) instead of paying for a new one,
    and submits again only when the job failed, was cancelled or expired, or is unknown, saying so.
    """
    journal, settings = run.journal, run.settings
    if settings.video_model is None:
        return None
    asked = {"model": settings.video_model, "duration": settings.video_duration}
    made = {k: journal.steps.get("video", {}).get(k) for k in asked} == asked
    if not (made and journal.done("video", "video.mp4")):
        target = journal.folder / "video.mp4"
        job = journal.steps.get("video_job")
        if job is not None and {k: job.get(k) for k in asked} != asked:
            job = None  # submitted for other settings: it bills anyway, but it is not this video
        final = await _follow(run, job) if job is not None else None
        if job is None or final is None:
            job = await _submit(run, image_prompt, first_image)
            final = await finish_video(run.client, job["job_id"], model=job["model"], path=target)
        _, cost, state = final
        facts: dict[str, Any] = {"file": target.name, **asked, "job_id": job["job_id"]}
        journal.record("video", replaces=("video_job",), **facts, generation_id=state.get("generation_id"), cost=cost)
    return journal.folder / "video.mp4"


async def _submit(run: PostRun, image_prompt: str, first_image: Path) -> dict[str, Any]:
    """Submit the post's video job and journal it at once (before waiting for anything)."""
    settings = run.settings
    model = str(settings.video_model)
    aspect = await video_aspect_ratio(run.client, model, run.aspect_ratio)
    first = ImageResult(first_image.read_bytes(), "image/png")
    asked = submit_video(
        run.client, image_prompt, model=model, first_frame=first, duration=settings.video_duration, aspect_ratio=aspect
    )
    submitted = await finish_paid(asked, "video job submission")
    request = {"prompt": image_prompt, "duration": settings.video_duration, "aspect_ratio": aspect, "first_frame": True}
    return run.journal.record(
        "video_job",
        job_id=submitted["id"],
        polling_url=submitted.get("polling_url"),
        model=model,
        request=request,
        cost=0.0,
    )


async def _follow(run: PostRun, job: dict[str, Any]) -> tuple[Any, float, dict[str, Any]] | None:
    """Finish a job an earlier run submitted; None when it is gone (failed, cancelled, expired, unknown)."""
    try:
        done = await finish_video(
            run.client, job["job_id"], model=job.get("model"), path=run.journal.folder / "video.mp4"
        )
    except VideoJobError as error:
        if error.status not in TERMINAL_FAILURES:
            raise  # still running: the next run follows it again
        logger.warning("video job %s ended %s; submitting a new one", job["job_id"], error.status)
        return None
    except NotFoundError:
        logger.warning("video job %s is unknown to the service; submitting a new one", job["job_id"])
        return None
    run.journal.resumed.append("video_job")
    return done
