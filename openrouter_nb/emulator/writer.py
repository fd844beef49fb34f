"""Deterministic replies for the emulator's chat route.

The text depends only on the model, the messages and the seed, so it is stable across runs and
machines. It reads like social-media copy built from the prompt's own words, answers "image
prompt" requests with an image prompt, and honours ``response_format`` JSON requests.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .catalog import stable_int

__all__ = [
    "ALL_LIGHTS",
    "CAMERAS",
    "LIGHTS",
    "STYLES",
    "caption",
    "compose_reply",
    "message_text",
    "salient_words",
    "speaker_words",
]

STOPWORDS = frozenset(
    """about above after again against also among an and any are because been before being below
    between both but can could did does doing down during each few for from further had has have
    having her here hers herself him himself his how into its itself just more most much must
    myself nor not now off once only other our ours ourselves out over own same she should some
    such than that the their theirs them themselves then there these they this those through too
    under until upon very was were what when where which while who whom why will with would you
    your yours yourself write post caption short please make create give brief about using style
    platform persona topic instagram tiktok twitter linkedin image prompt words sentence sentences
    describe description tone voice audience include return only text answer single line lines
    under over three four five hashtags hashtag emoji emojis feed portrait square story reel reels
    shorts youtube pinterest threads characters strictly previous answer long stay most frame
    voiceover script spoken carousel slide slides order all one two get let may use per via yet""".split()
)
OPENERS = ("Guess what?", "Hot take:", "Real talk:", "Okay, hear me out:", "Tiny joys:", "New obsession:")
BRIDGES = (
    "is the upgrade your feed didn't know it needed",
    "hits different when you slow down and notice it",
    "turned an ordinary day into a small adventure",
    "deserves a spot in your weekend plans",
    "is proof that simple things still win",
)
CLOSERS = (
    "Save this for later.",
    "Tag someone who needs this.",
    "Would you try it?",
    "Drop your favourite in the comments.",
    "More soon, stay curious.",
)
EMOJI = ("✨", "🌿", "☕", "🌅", "📸", "🔥", "🌊", "💫")
STYLES = (
    "A bright editorial photo",
    "A soft film photograph",
    "A cinematic wide shot",
    "A cozy flat-lay photo",
)
LIGHTS = ("golden-hour light", "soft window light", "pastel morning light", "warm lamplight")
CAMERAS = ("35mm lens", "shallow depth of field", "top-down composition", "rule-of-thirds framing")


def message_text(content: Any) -> str:
    """The text of a message content (string or list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""


def salient_words(text: str, limit: int = 4) -> list[str]:
    """The first distinct content words of ``text`` (lowercase, 3+ letters, no stopwords: "tea" counts)."""
    seen: list[str] = []
    for word in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text):
        word = word.lower().strip("'-")
        if word not in STOPWORDS and word not in seen:
            seen.append(word)
        if len(seen) == limit:
            break
    return seen or ["today"]


def _pick(options: tuple[str, ...], h: int, shift: int) -> str:
    return options[(h >> shift) % len(options)]


def caption(words: list[str], h: int, hashtags: int = 3, *, subject: list[str] | None = None) -> str:
    """A social-media caption on ``subject`` (default: the first three ``words``), with ``hashtags``
    tags from ``words`` (the topic's first)."""
    about = " ".join(subject if subject is not None else words[:3])
    tags = " ".join("#" + w.replace("-", "").replace("'", "") for w in words[:hashtags])
    return (
        f"{_pick(EMOJI, h, 3)} {_pick(OPENERS, h, 7)} {about.capitalize()} "
        f"{_pick(BRIDGES, h, 11)}. {_pick(CLOSERS, h, 17)} {tags}"
    ).rstrip()


#: the light a scene's own words ask for (the first that matches), before any picked by hash
_SCENE_LIGHTS = (
    (("rain", "rainy", "raining", "drizzle", "storm", "stormy", "showers", "umbrella"), "soft overcast light"),
    (("fog", "foggy", "mist", "misty", "haze", "hazy"), "diffuse misty light"),
    (("snow", "snowy", "snowing", "snowfall", "winter", "frost"), "cold winter light"),
    (("night", "evening", "midnight", "moon", "moonlight", "stars", "nightlife", "neon"), "warm lamplight"),
    (("sunrise", "dawn", "morning", "daybreak"), "early morning light"),
    (("sunset", "dusk", "twilight", "golden"), "golden-hour light"),
)


#: every light an image prompt of the writer's may name (how a picture is lit, not what it shows)
ALL_LIGHTS = (*LIGHTS, *(light for _, light in _SCENE_LIGHTS))


def _light(words: list[str], h: int) -> str:
    """The light of a picture: what its weather or time of day says, else one picked by the hash."""
    for cues, light in _SCENE_LIGHTS:
        if any(word in cues for word in words):
            return light
    return _pick(LIGHTS, h, 9)


def _image_prompt(words: list[str], h: int, style: str = "") -> str:
    look = f", {style}" if style else ""
    return (
        f"{_pick(STYLES, h, 5)} of {' '.join(words)}, {_light(words, h)}, "
        f"{_pick(CAMERAS, h, 13)}{look}, vibrant but natural colours, no text"
    )


def speaker_words(prompt: str) -> set[str]:
    """The words of the persona's name and handle ("in the voice of Mia (@mia.brews)"): never a subject."""
    found = re.search(r"voice of ([^;(.]+?)\s*\((@[\w.]+)\)", prompt) or re.search(r"voice of ([A-Z][\w-]+)", prompt)
    if not found:
        return set()
    return {w.lower() for w in re.findall(r"[A-Za-z]+", " ".join(found.groups()))}


def _json_object(words: list[str], h: int) -> str:
    """A ``json_object`` answer (no schema given): the caption and its hashtags as fields."""
    return json.dumps({"caption": caption(words, h), "hashtags": ["#" + w for w in words[:3]]}, ensure_ascii=False)


def compose_reply(model: str, messages: list[dict[str, Any]], seed: Any, response_format: Any) -> str:
    """The emulator's reply to a chat request (deterministic in model, messages and seed)."""
    user = [message_text(m.get("content")) for m in messages if m.get("role") == "user"]
    prompt = user[-1] if user else ""
    system = " ".join(message_text(m.get("content")) for m in messages if m.get("role") == "system")
    h = stable_int("reply", model, system, prompt, seed)
    asked = re.search(r"\b(\d{1,2}) hashtags?\b", prompt)
    hashtags = min(int(asked.group(1)), 30) if asked else 3
    # a brief's topic comes first (tone words do not lead); an image prompt's brief says "post about …,"
    topic = re.search(r"Topic:\s*([^.]+)", prompt) or re.search(r"post about (.+?), [\d.]+:[\d.]+ frame", prompt)
    own = salient_words(topic.group(1), 8) if topic else []
    names = speaker_words(prompt) | {"scene", "concrete", "details", "lighting", "framing"}
    words = own + [w for w in salient_words(prompt, max(4, hashtags) + 12) if w not in own and w not in names]
    if isinstance(response_format, dict) and response_format.get("type") == "json_object":
        return _json_object(words, h)
    slides = re.search(r"Write (\d{1,2}) short lines, one per carousel slide", prompt)
    if slides:  # a line per slide, each on its own word of the topic
        count = min(int(slides.group(1)), 20)
        return "\n".join(
            f"{k + 1}. {_pick(OPENERS, h >> k, 7)} {words[k % len(words)].capitalize()} {_pick(BRIDGES, h >> k, 11)}"
            for k in range(count)
        )
    subject = own[:3] or words[:3]  # the topic's own words, never the persona's name
    if "voiceover script" in prompt.lower():
        return (
            f"{_pick(OPENERS, h, 7)} {' '.join(subject).capitalize()} {_pick(BRIDGES, h, 11)}. {_pick(CLOSERS, h, 17)}"
        )
    if "image prompt" in prompt.lower() or "image prompt" in system.lower():
        style = re.search(r"Visual style:\s*([^.]+)", prompt)
        return _image_prompt(own[:5] or words[:4], h, style.group(1).strip() if style else "")
    return caption(words, h, hashtags, subject=subject)
