"""Deterministic audio and vectors for the emulator: speech-like PCM, MP3 frames, text embeddings.

Speech is synthesised, not spoken: each word becomes a short voiced syllable (a fundamental with
a few harmonics under an attack/decay envelope), pitched by the voice and the word, with pauses
between words and longer ones at punctuation, so a listener hears the rhythm of the text. PCM is
16-bit little-endian mono at 24 kHz. ``mp3`` answers are valid MPEG-2 Layer III frames of the same
length that decode to silence (encoding audible MP3 would need a real encoder). Embeddings hash
words and character trigrams into a unit vector: the same text gives the same vector, and texts
that share words lie close together.
"""

from __future__ import annotations

import math
import re
import sys
from array import array

from .catalog import stable_int

__all__ = ["PCM_RATE", "embed", "mp3_frames", "pcm_seconds", "speech_pcm"]

PCM_RATE = 24_000
_WORD = re.compile(r"[\w']+|[.,!?;:]")


def speech_pcm(text: str, voice: str = "alloy", speed: float = 1.0) -> bytes:
    """The synthesised speech of ``text`` as 16-bit mono PCM at :data:`PCM_RATE` Hz."""
    base = 110.0 + stable_int("voice", voice) % 120  # Hz: each voice its own register
    samples = array("h")
    step = 1.0 / max(0.25, min(4.0, speed))
    for token in _WORD.findall(text)[:600]:  # a long text still makes a bounded clip
        if not token[0].isalnum():
            samples.extend(bytes(int(PCM_RATE * 0.18 * step) * 2))  # a pause at punctuation
            continue
        pitch = base * (1.0 + (stable_int("word", token.lower()) % 7) / 20.0)
        length = int(PCM_RATE * (0.09 + 0.035 * min(len(token), 8)) * step)
        for i in range(length):
            t = i / PCM_RATE
            envelope = min(1.0, i / 240) * (1.0 - i / length) ** 1.5
            wave = sum(math.sin(2 * math.pi * pitch * k * t) / k for k in (1, 2, 3, 5))
            samples.append(int(9000 * envelope * wave / 1.9))
        samples.extend(bytes(int(PCM_RATE * 0.05 * step) * 2))
    if not samples:
        samples.extend(bytes(PCM_RATE // 10 * 2))
    if sys.byteorder == "big":
        samples.byteswap()  # PCM is little-endian on the wire
    return samples.tobytes()


def pcm_seconds(pcm: bytes) -> float:
    """The duration of 16-bit mono PCM at :data:`PCM_RATE`."""
    return len(pcm) / 2 / PCM_RATE


# MPEG-2 Layer III, 24 kHz, mono, 32 kbit/s, no CRC: 96-byte frames of 576 samples
_MP3_HEADER = bytes((0xFF, 0xF3, 0x44, 0xC4))
_MP3_FRAME = 96
_MP3_SAMPLES = 576


def mp3_frames(seconds: float) -> bytes:
    """Valid MP3 frames lasting ``seconds`` (zero side information and data: they decode to silence)."""
    count = max(1, math.ceil(seconds * PCM_RATE / _MP3_SAMPLES))
    return (_MP3_HEADER + bytes(_MP3_FRAME - len(_MP3_HEADER))) * count


def _features(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    grams = [w[i : i + 3] for w in words for i in range(max(1, len(w) - 2))]
    return words + words + grams  # words weigh twice: shared words matter more than shared spelling


def embed(text: str, dimensions: int) -> list[float]:
    """A unit vector for ``text``: hashed words and trigrams with ±1 signs (the hashing trick)."""
    vector = [0.0] * dimensions
    for feature in _features(text) or ["<empty>"]:
        h = stable_int("feature", feature)
        vector[h % dimensions] += 1.0 if (h >> 32) & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [round(v / norm, 6) for v in vector]
