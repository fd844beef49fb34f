"""The result types' old home, kept so that existing imports keep working.

They now live with their concern: :class:`~openrouter_nb.chat.ChatResult` in :mod:`openrouter_nb.chat`,
:class:`~openrouter_nb.media.ImageResult`, :class:`~openrouter_nb.media.VideoResult` and
:func:`~openrouter_nb.media.decode_images` in :mod:`openrouter_nb.media`.
"""

from __future__ import annotations

from ._files import atomic_write
from ._wire import message_text
from .chat import ChatResult
from .media import ImageResult, VideoResult, decode_images

__all__ = ["ChatResult", "ImageResult", "VideoResult", "atomic_write", "decode_images", "message_text"]
