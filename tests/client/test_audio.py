"""Speech and transcription: playable audio from the emulator, text back from audio, the ledger."""

from __future__ import annotations

import io
import wave

import pytest

from openrouter_nb.errors import BadRequestError
from openrouter_nb.media import AudioResult

SPEECH, STT = "hexgrad/kokoro-82m", "openai/gpt-4o-transcribe"


async def test_speak_gives_playable_wav_by_default(client, tmp_path):
    audio = await client.speak(SPEECH, "Hello from a rainy Porto morning.", voice="af_alloy")
    assert isinstance(audio, AudioResult) and audio.mime_type == "audio/wav" and audio.generation_id
    with wave.open(io.BytesIO(audio.data)) as clip:  # the standard library reads it: a real WAV
        assert (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) == (1, 2, 24_000)
        frames = clip.readframes(clip.getnframes())
    assert audio.seconds and audio.seconds > 1.0 and max(frames) > 0  # not silence
    assert "<audio controls" in audio._repr_html_()
    assert audio.save(tmp_path / "voice").suffix == ".wav"
    longer = await client.speak(SPEECH, "Hello from a rainy Porto morning. " * 3, voice="af_alloy")
    assert longer.seconds > audio.seconds


async def test_speak_mp3_and_pcm(client):
    mp3 = await client.speak(SPEECH, "Hello", format="mp3", voice="af_alloy")
    pcm = await client.speak(SPEECH, "Hello", format="pcm", voice="af_alloy")
    assert mp3.mime_type == "audio/mpeg" and mp3.data[:2] == b"\xff\xf3"
    assert pcm.mime_type == "audio/pcm" and len(pcm.data) % 2 == 0
    with pytest.raises(ValueError, match="format"):
        await client.speak(SPEECH, "Hello", format="ogg")
    with pytest.raises(BadRequestError, match="voice"):
        await client.speak(SPEECH, "Hello", voice="nobody")


async def test_transcribing_the_emulators_own_speech_gives_the_text_back(client, tmp_path):
    audio = await client.speak(SPEECH, "Sunset surf session in Ericeira", voice="af_alloy")
    heard = await client.transcribe(STT, audio)
    assert heard.text == "Sunset surf session in Ericeira" and heard.cost is not None
    path = audio.save(tmp_path / "clip.wav")
    assert (await client.transcribe(STT, path)).text == heard.text
    other = await client.transcribe(STT, b"RIFF" + bytes(4000))
    assert "emulated transcript" in other.text
    calls = [e.call for e in client.ledger.entries]
    assert calls == ["speak", "transcribe", "transcribe", "transcribe"]
    assert client.ledger.entries[0].generation_id == audio.generation_id
    with pytest.raises(ValueError, match="empty"):
        await client.transcribe(STT, b"")
