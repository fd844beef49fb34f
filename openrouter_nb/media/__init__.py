"""Media: generated images, videos and speech as objects that show themselves, save themselves, compose.

- :class:`ImageResult`, :class:`VideoResult`, :class:`AudioResult`: bytes with a MIME type, inline
  display in Jupyter, ``save()``; :class:`ImageSet` is what ``client.images()`` returns (a list that
  knows its cost).
- :func:`decode_images`: every shape in which the API returns images, decoded.
- :func:`preview_card`: a social post's preview (PNG); :class:`Gallery` and :func:`post_card_html`:
  images and posts side by side in a notebook or the studio.

Three modules: ``results`` (the result types and decoding), ``gallery`` and ``cards`` (display).
Pillow is imported only when a card is drawn or an image checked.
"""

from __future__ import annotations

from .cards import post_card_html, preview_card, split_hashtags, strip_emoji
from .gallery import Gallery
from .results import (
    AudioResult,
    ImageResult,
    ImageSet,
    VideoResult,
    data_url,
    decode_images,
    sniff,
    validate_image,
    wav_from_pcm,
)

__all__ = [
    "AudioResult",
    "Gallery",
    "ImageResult",
    "ImageSet",
    "VideoResult",
    "data_url",
    "decode_images",
    "post_card_html",
    "preview_card",
    "sniff",
    "split_hashtags",
    "strip_emoji",
    "validate_image",
    "wav_from_pcm",
]
