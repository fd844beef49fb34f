"""The words of a post: the brief (persona, topic, platform), the caption and the image prompt.

Captions are asked for within the platform's limit and hashtag count, and :func:`fit_caption`
holds them to both. Used by :mod:`openrouter_nb.pipeline` (which re-exports these names).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ..media import split_hashtags
from .persona import Persona
from .platforms import PlatformFormat, platform_format, shorten_caption

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

__all__ = [
    "COPYWRITER_PROMPT",
    "Brief",
    "copy_schema",
    "fit_caption",
    "write_caption",
    "write_copy",
    "write_image_prompt",
    "write_slide_captions",
    "write_voiceover",
]

#: the system message captions are written under
COPYWRITER_PROMPT = (
    "You are a social-media copywriter. Write concise, vivid, on-brand posts in a natural voice. "
    "Answer with the post text only: no preamble, no quotes."
)


@dataclass(frozen=True)
class Brief:
    """What the post is: who speaks (``persona``: a :class:`Persona` or a description), about what
    (``topic``), where (``platform``, one of :data:`~openrouter_nb.platforms.PLATFORMS`).

    The platform's format (:data:`~openrouter_nb.platforms.FORMATS`) gives the aspect ratio, the
    caption limit and the hashtag count; ``hashtags``, ``aspect_ratio`` and ``caption_limit``
    override them. ``tone`` defaults to the persona's voice.
    """

    persona: Any
    topic: str
    platform: str = "instagram"
    tone: str | None = None
    hashtags: int | None = None
    aspect_ratio: str | None = None
    caption_limit: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.persona, Persona) and (not isinstance(self.persona, str) or not self.persona.strip()):
            raise ValueError("brief.persona must be a Persona or a non-empty string")
        if not isinstance(self.topic, str) or not self.topic.strip():
            raise ValueError("brief.topic must be a non-empty string")
        platform_format(self.platform)
        if self.hashtags is not None and (not isinstance(self.hashtags, int) or not 0 <= self.hashtags <= 30):
            raise ValueError("brief.hashtags must be an integer from 0 to 30")
        if self.caption_limit is not None and (not isinstance(self.caption_limit, int) or self.caption_limit < 20):
            raise ValueError("brief.caption_limit must be an integer of at least 20")

    @property
    def format(self) -> PlatformFormat:
        """The platform's format."""
        return platform_format(self.platform)

    @property
    def hashtag_count(self) -> int:
        """How many hashtags the caption carries."""
        return self.format.hashtags if self.hashtags is None else self.hashtags

    @property
    def limit(self) -> int:
        """The caption's character limit."""
        return self.caption_limit or self.format.caption_limit

    @property
    def shape(self) -> str:
        """The aspect ratio images are made in."""
        return self.aspect_ratio or self.format.aspect_ratio

    @property
    def voice(self) -> str:
        """The tone captions are written in."""
        if self.tone:
            return self.tone
        return self.persona.voice if isinstance(self.persona, Persona) else "warm and upbeat"

    @property
    def speaker(self) -> str:
        """The persona in words, for the text model."""
        return self.persona.describe() if isinstance(self.persona, Persona) else self.persona

    @property
    def handle(self) -> str:
        """The persona's handle (a description without one gets ``@`` + its first words, letters only)."""
        if isinstance(self.persona, Persona):
            return self.persona.handle
        words = [w for w in re.findall(r"[a-z0-9]+", self.persona.lower()) if len(w) > 2][:2]
        return "@" + ("_".join(words) or "creator")

    def manifest(self) -> dict[str, Any]:
        """The brief as the manifest stores it (a persona as its fields; references by name and
        content hash, so the same persona gives the same post folder on every machine)."""
        data = asdict(self)
        if isinstance(self.persona, Persona):
            references = []
            for path in self.persona.references:
                try:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
                except OSError:
                    digest = None
                references.append({"file": path.name, "sha256": digest})
            data["persona"] = {**asdict(self.persona), "references": references}
            data["persona"]["platforms"] = list(self.persona.platforms)
        return data


async def write_caption(
    client: OpenRouterClient, brief: Brief, *, model: str, seed: int | None = None, strict: bool = False
) -> Any:
    """Ask a text model for the post caption (a :class:`~openrouter_nb.ChatResult`).

    The prompt states the platform's limit and hashtag count; ``strict`` insists on the limit (the
    second ask when the first answer was too long). :func:`fit_caption` enforces both.
    """
    limit = brief.limit
    prompt = (
        f"Topic: {brief.topic}. Write a {brief.format.label} caption in the voice of {brief.speaker}. "
        f"Tone: {brief.voice}. At most {min(limit, 400)} characters in all, ending with "
        f"{brief.hashtag_count} hashtags."
    )
    if strict:
        prompt += f" The previous answer was too long: stay strictly under {limit} characters."
    return await client.chat(model, prompt, system=COPYWRITER_PROMPT, seed=seed)


def copy_schema(brief: Brief, slides: int) -> dict[str, Any]:
    """The JSON Schema of a post's words in one answer: the caption's text, its hashtags (the
    platform's count, each ``#word``) and, for a carousel, one line per slide."""
    properties: dict[str, Any] = {
        "caption": {"type": "string", "maxLength": min(brief.limit, 400)},
        "hashtags": {
            "type": "array",
            "items": {"type": "string", "pattern": "^#[A-Za-z0-9_]+$"},
            "minItems": brief.hashtag_count,
            "maxItems": brief.hashtag_count,
        },
    }
    if slides > 1:
        line = {"type": "string", "maxLength": 80}
        properties["slides"] = {"type": "array", "items": line, "minItems": slides, "maxItems": slides}
    return {"title": "post_copy", "type": "object", "properties": properties, "required": list(properties)}


async def write_copy(
    client: OpenRouterClient, brief: Brief, slides: int, *, model: str, seed: int | None = None
) -> tuple[str, list[str], Any]:
    """The caption (its hashtags appended) and the carousel's slide lines as one typed answer.

    For a text model with structured outputs: one call instead of two, and nothing to parse out of
    prose. Returns ``(caption, slide_lines, chat_result)``; :func:`fit_caption` still holds the
    caption to the platform.
    """
    carousel = f" and {slides} short lines, one per carousel slide, in order" if slides > 1 else ""
    prompt = (
        f"Topic: {brief.topic}. Write a {brief.format.label} caption in the voice of {brief.speaker}{carousel}. "
        f"Tone: {brief.voice}. The caption at most {min(brief.limit, 400)} characters, without hashtags; "
        f"then {brief.hashtag_count} hashtags apart."
    )
    result = await client.chat(model, prompt, system=COPYWRITER_PROMPT, seed=seed, schema=copy_schema(brief, slides))
    answer = result.parsed
    body = split_hashtags(str(answer["caption"]))[0]
    caption = " ".join(part for part in (body, " ".join(answer["hashtags"])) if part)
    lines = [split_hashtags(line)[0][:80] for line in answer.get("slides") or []]
    return caption, lines, result


def fit_caption(text: str, brief: Brief) -> tuple[str, str]:
    """The caption with exactly the brief's hashtag count and within its limit, and what was done.

    Extra hashtags are dropped (first ones kept); missing ones are made from the topic's words.
    Returns ``(caption, check)`` with ``check`` ``"ok"``, ``"hashtags"`` or ``"shortened"``.
    """
    body, tags = split_hashtags(text)
    wanted = brief.hashtag_count
    check = "ok"
    if len(tags) != wanted:
        check = "hashtags"
        words = [w for w in re.findall(r"[a-z0-9]+", brief.topic.lower()) if len(w) > 2]
        extra = ["#" + w for w in words if "#" + w not in tags]
        tags = (tags + extra)[:wanted]
        while len(tags) < wanted:  # a short topic: numbered tags on its first word keep the count
            tags.append(f"#{(words or ['post'])[0]}{len(tags) + 1}")
    caption = " ".join(part for part in (body, " ".join(tags)) if part)
    if len(caption) > brief.limit:
        caption, check = shorten_caption(caption, brief.limit), "shortened"
    return caption, check


async def write_image_prompt(
    client: OpenRouterClient, brief: Brief, caption: str, *, model: str, seed: int | None = None
) -> Any:
    """Ask a text model to turn the topic and caption into an image prompt."""
    prompt = (
        f"Write an image prompt for a {brief.format.label} post about {brief.topic}, {brief.shape} frame. "
        f"One scene, concrete details, lighting and framing, no text in the image. The caption is: {caption}"
    )
    if isinstance(brief.persona, Persona) and brief.persona.style:
        prompt += f" Visual style: {brief.persona.style}."
    return await client.chat(model, prompt, system="You write prompts for image models.", seed=seed)


async def write_slide_captions(
    client: OpenRouterClient, brief: Brief, caption: str, slides: int, *, model: str, seed: int | None = None
) -> tuple[list[str], Any]:
    """One short line per carousel slide (``slides`` of them) and the chat result they came from.

    Lines the model did not give are filled as ``k/N`` plus the caption's opening words, so every
    slide has one.
    """
    prompt = (
        f"Topic: {brief.topic}. Write {slides} short lines, one per carousel slide, in order, for this "
        f"{brief.format.label} post. One line each, at most 80 characters, no hashtags. Caption: {caption}"
    )
    result = await client.chat(model, prompt, system=COPYWRITER_PROMPT, seed=seed)
    lines = [re.sub(r"^\s*(\d+[.)/]\s*|[-*•]\s*)", "", line).strip() for line in result.text.splitlines()]
    lines = [split_hashtags(line)[0][:80] for line in lines if line.strip()][:slides]
    opening = " ".join(split_hashtags(caption)[0].split()[:6])
    lines += [f"{k}/{slides} {opening}" for k in range(len(lines) + 1, slides + 1)]
    return lines, result


async def write_voiceover(
    client: OpenRouterClient, brief: Brief, caption: str, *, model: str, seed: int | None = None
) -> Any:
    """A short spoken script (two sentences, no hashtags or emoji) for a reel, story or short."""
    prompt = (
        f"Topic: {brief.topic}. Write a voiceover script of two short spoken sentences for a "
        f"{brief.format.label} video, in the voice of {brief.speaker}. No hashtags, no emoji. Caption: {caption}"
    )
    return await client.chat(model, prompt, system=COPYWRITER_PROMPT, seed=seed)
