"""The prompt-to-post pipeline: brief → caption → image prompt → images → post preview (→ video).

:func:`create_post` runs the steps of :mod:`.steps` in order over one post folder and its journal
(:mod:`.journal`): each asset is written atomically as soon as it exists, and the manifest is
rewritten atomically after every paid step, so a crash never corrupts it and re-running the same
post resumes where it stopped without paying again for finished steps.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._core.files import safe_name
from ..media import ImageResult, VideoResult, data_url, post_card_html, split_hashtags
from .copywriting import Brief
from .interrupts import stop_if_interrupted
from .journal import PostJournal, utc_now
from .model_kinds import check_post_models
from .persona import Persona
from .steps import (
    EXTRAS,
    PostRun,
    PostSettings,
    caption_step,
    image_prompt_step,
    images_step,
    preview_step,
    slides_step,
    video_step,
    voiceover_step,
)

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

__all__ = ["Post", "create_post", "post_folder"]


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
        """What a card alone does not play: the voiceover (a carousel's slides are on the card)."""
        parts = []
        if self.voiceover is not None:
            mime = "audio/mpeg" if self.voiceover.suffix == ".mp3" else "audio/wav"
            player = f"<audio controls src='{data_url(self.voiceover.read_bytes(), mime)}'></audio>"
            parts.append(f"<div>voiceover {player}</div>")
        return "".join(parts)


def post_folder(out_dir: Path, brief: Brief, settings: dict[str, Any]) -> Path:
    """The folder of the post a brief and its settings make: a slug of the topic and a hash of both.

    ``settings`` are :meth:`PostSettings.identity`: adding a video to a post keeps its folder.
    """
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
    now: Callable[[], str] = utc_now,
) -> Post:
    """Run the whole pipeline and save the post under ``out_dir`` (resuming a post already started).

    Steps: caption (``text_model``) → image prompt (``text_model``) → ``n_images`` images
    (``image_model`` via ``route``, in the platform's aspect ratio unless ``aspect_ratio`` is given,
    with the persona's reference images when the model takes them) → preview card → optional video
    (``video_model``, first frame = the first image). The caption is held to the platform's limit
    (asked again once, then shortened at a word boundary) and hashtag count; the manifest says
    which (``caption_check``). ``caption`` uses a caption chosen beforehand (e.g. a variant);
    ``n_images`` > 1 makes a carousel with a line per slide, all of them on the preview card;
    ``voiceover`` (a speech model) adds a spoken script saved beside the video. Each paid step is
    recorded in ``manifest.json`` before the next starts. Every model is checked against the
    catalog first: one that is unknown or of the wrong kind raises
    :class:`~openrouter_nb.creator.model_kinds.WrongModelError` before anything is paid.
    """

    limit = brief.format.max_slides
    if not isinstance(n_images, int) or not 1 <= n_images <= limit:
        raise ValueError(f"n_images (slides) must be an integer from 1 to {limit} on {brief.platform}")
    settings = PostSettings(
        text_model, image_model, n_images, seed, route, aspect_ratio or brief.shape, video_model,
        video_duration, voiceover, caption,
    )  # fmt: skip
    # a model of the wrong kind would fail only at its step, after the ones before it were paid
    await check_post_models(
        client, text_model=text_model, image_model=image_model, video_model=video_model, voiceover=voiceover
    )
    references = brief.persona.reference_images() if isinstance(brief.persona, Persona) else []
    folder = post_folder(Path(out_dir), brief, settings.identity())
    if folder.is_symlink():  # a shared output folder could send every write of this post elsewhere
        raise ValueError(f"the post folder {str(folder)!r} is a symbolic link: remove it, and run again")
    journal = PostJournal(folder, brief.manifest(), settings.manifest(), identity=EXTRAS, now=now)
    # made on the emulator, even in part: its costs are emulated ones, and say so where they are shown
    journal.manifest["emulated"] = bool(journal.manifest.get("emulated")) or getattr(client, "emulated", False)
    run = PostRun(client, brief, settings, journal, references)
    # each step journals its paid call before the next; an interrupt during one stops after it
    text = await caption_step(run)
    stop_if_interrupted()
    image_prompt = await image_prompt_step(run, text)
    stop_if_interrupted()
    images = await images_step(run, image_prompt)
    slides = await slides_step(run, text)
    stop_if_interrupted()
    preview = preview_step(run, text, images, slides)
    voice = await voiceover_step(run, text)
    stop_if_interrupted()
    video = await video_step(run, image_prompt, images[0])
    journal.finish()
    return Post(
        folder=folder,
        brief=brief,
        caption=text,
        hashtags=split_hashtags(text)[1],
        image_prompt=image_prompt,
        images=images,
        preview=preview,
        video=video,
        cost=journal.total_cost,
        resumed_steps=list(journal.resumed),
        slide_captions=slides,
        voiceover=voice,
    )
