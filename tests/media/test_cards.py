"""The preview card as a creator sees it: the caption as posted (emoji kept), pictures never upscaled,
and a carousel's every slide with its own line."""

from __future__ import annotations

import io

import pytest

from openrouter_nb.media import ImageResult, preview_card
from openrouter_nb.media.text import TextStyle, wrap

RED, GREEN, BLUE = (220, 30, 30), (30, 200, 60), (40, 60, 220)


def solid(colour: tuple[int, int, int], width: int = 600, height: int = 750) -> ImageResult:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return ImageResult(out.getvalue())


def opened(card: ImageResult):
    from PIL import Image

    return Image.open(io.BytesIO(card.data)).convert("RGB")


def count(image, colour: tuple[int, int, int]) -> int:
    data, target = image.tobytes(), bytes(colour)
    return sum(1 for i in range(0, len(data), 3) if data[i : i + 3] == target)


def dark(image) -> int:
    """Pixels of ink (text and its antialiased edges) on a card."""
    data = image.tobytes()
    return sum(1 for i in range(0, len(data), 3) if max(data[i : i + 3]) < 110)


def test_emoji_are_drawn_not_dropped():
    with_emoji = opened(preview_card(solid(RED), "🌿 Okay ☕ #coffee", handle="@mia", platform="tiktok"))
    without = opened(preview_card(solid(RED), " Okay  #coffee", handle="@mia", platform="tiktok"))
    assert with_emoji.size == without.size
    assert dark(with_emoji) > dark(without) + 40  # two emoji drawn in the caption's ink
    style = TextStyle(15)
    assert style.length("🌿") > 5 and [font is style.emoji for _, font in style.runs("a🌿b")] == [False, True, False]
    assert style.runs("👩‍💻") == [("👩💻", style.emoji)]  # joiners left out: the parts show


def test_a_small_picture_is_not_upscaled_and_a_large_one_is_scaled_down():
    small = opened(preview_card(solid(RED, 200, 250), "x", handle="@mia", platform="instagram"))
    assert count(small, RED) == 200 * 250  # every pixel once: its own size, centred on a band
    large = opened(preview_card(solid(RED, 1080, 1350), "x", handle="@mia", platform="instagram"))
    assert large.width == 420 and count(large, RED) == pytest.approx(420 * 525, rel=0.01)


def test_a_carousel_card_shows_every_slide_with_its_line():
    slides = [solid(RED), solid(GREEN), solid(BLUE)]
    single = opened(preview_card(slides[0], "Three pours #latte", handle="@mia", platform="instagram"))
    carousel = opened(
        preview_card(
            slides,
            "Three pours #latte",
            handle="@mia",
            platform="instagram",
            slide_lines=["The heart 💛", "The tulip", "The rosetta, poured slowly from a height, then lower"],
        )
    )
    assert carousel.height > single.height + 150
    assert count(carousel, GREEN) > 5000 and count(carousel, BLUE) > 5000  # slides 2 and 3 on the card
    assert count(single, GREEN) == 0
    no_lines = opened(preview_card(slides, "Three pours #latte", handle="@mia", platform="instagram"))
    foot = carousel.crop((0, carousel.height - 120, carousel.width, carousel.height - 20))
    bare = no_lines.crop((0, no_lines.height - 120, no_lines.width, no_lines.height - 20))
    assert carousel.height > no_lines.height and foot.tobytes() != bare.tobytes()  # each slide's line is written


def test_long_lines_wrap_and_end_in_an_ellipsis():
    style = TextStyle(12)
    lines = wrap(style, "word " * 60, 120, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(style.length(line) <= 120 for line in lines)
    assert wrap(style, "", 120) == [""]
    with pytest.raises(ValueError, match="at least one picture"):
        preview_card([], "x", handle="@mia", platform="instagram")
