"""Where a post goes decides its shape: aspect ratio, image size, caption limit, hashtags, slides.

One table, :data:`FORMATS`, from the platforms' published specs (feed images, stories and reels,
character limits). A brief's ``platform`` picks a row; every field can be overridden per brief.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FORMATS", "PLATFORMS", "PlatformFormat", "platform_format", "shorten_caption"]


@dataclass(frozen=True)
class PlatformFormat:
    """One platform's post format."""

    name: str
    label: str
    aspect_ratio: str  # what image and video models are asked for
    width: int  # the recommended upload size, in pixels
    height: int
    caption_limit: int  # characters, hashtags included
    hashtags: int  # how many a post carries by default
    max_slides: int = 1  # images in one post (carousels)
    vertical_video: bool = False  # a reel, story or short: video and voiceover suit it
    slides_heading: str = "Carousel · {n} slides"  # what several images in one post are called there

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` in pixels."""
        return self.width, self.height


FORMATS: dict[str, PlatformFormat] = {
    f.name: f
    for f in (
        PlatformFormat("instagram", "Instagram feed (portrait 4:5)", "4:5", 1080, 1350, 2200, 5, max_slides=20),
        PlatformFormat("instagram_square", "Instagram feed (square)", "1:1", 1080, 1080, 2200, 5, max_slides=20),
        PlatformFormat("instagram_story", "Instagram story", "9:16", 1080, 1920, 2200, 3, vertical_video=True),
        PlatformFormat("instagram_reel", "Instagram reel", "9:16", 1080, 1920, 2200, 5, vertical_video=True),
        PlatformFormat("tiktok", "TikTok", "9:16", 1080, 1920, 4000, 5, max_slides=35, vertical_video=True),
        PlatformFormat("youtube_shorts", "YouTube Shorts", "9:16", 1080, 1920, 100, 3, vertical_video=True),
        PlatformFormat("x", "X (Twitter)", "16:9", 1600, 900, 280, 2, max_slides=4, slides_heading="{n} images"),
        PlatformFormat("linkedin", "LinkedIn", "1:1", 1200, 1200, 3000, 3, max_slides=20),
        PlatformFormat("pinterest", "Pinterest pin", "2:3", 1000, 1500, 500, 5),
        PlatformFormat("threads", "Threads", "4:5", 1080, 1350, 500, 1, max_slides=20),
    )
}
#: the platform names a brief accepts
PLATFORMS = tuple(FORMATS)


def platform_format(name: str) -> PlatformFormat:
    """The format of ``name``; a ``ValueError`` naming the known platforms otherwise."""
    fmt = FORMATS.get(name) if isinstance(name, str) else None
    if fmt is None:
        raise ValueError(f"unknown platform {name!r}; choose one of {', '.join(PLATFORMS)}")
    return fmt


def shorten_caption(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters: cut at a word boundary, hashtags kept when they fit.

    The body is shortened (ending in ``…``) before hashtags are dropped, last first.
    """
    if len(text) <= limit:
        return text
    words = text.split()
    tags = [w for w in words if w.startswith("#")]
    body = [w for w in words if not w.startswith("#")]
    while tags and len(" ".join(tags)) + 2 > limit // 2:  # hashtags never take more than half
        tags.pop()
    room = limit - (len(" ".join(tags)) + 1 if tags else 0)
    kept: list[str] = []
    for word in body:
        if len(" ".join([*kept, word])) + 1 > room:  # + 1 for the ellipsis
            break
        kept.append(word)
    if not kept and body:  # one very long word: cut inside it
        kept = [body[0][: max(room - 1, 0)]]
    text_body = (" ".join(kept).rstrip(",;:-") + "…") if kept else ""
    return " ".join(part for part in (text_body, " ".join(tags)) if part)[:limit]
