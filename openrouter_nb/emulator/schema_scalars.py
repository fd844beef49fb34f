"""Scalar values for a JSON Schema: strings by format, pattern and field name, numbers within bounds.

The leaves of :mod:`.schema_values`: a ``city`` gets the place the prompt names, a ``caption`` a
caption, a ``hashtags`` item a hashtag, ``temperature`` a plausible number, an ``email`` an address;
then the schema's own constraints (``format``, ``pattern``, lengths, bounds, ``multipleOf``) win.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from .writer import caption, salient_words, speaker_words

__all__ = ["Hints", "field_words", "hints_from", "integer", "number_value", "several", "string_value"]

_STARTERS = frozenset(
    "What Whats What's How Why When Where Who Which Write Please Give Tell Show Find Get Make Create List Is Are "
    "Can Could Would Should Do Does The A An In On At For Of And Or But I You We It This That Return Answer Use "
    "Call Check Look Search Describe Summarize Plan Suggest Compare Name Generate".split()
)
_WEATHER = ("light rain", "sunny", "overcast", "drizzle", "clear skies", "fog", "snow showers", "partly cloudy")
_SENTENCE = set(
    "caption text body content message description summary explanation reason reasoning answer comment review bio "
    "story paragraph details note notes post line lines slide slides sentence quote hook intro outro script".split()
)
_PLACE = {"city", "location", "place", "town", "destination", "region", "venue", "origin", "where"}
#: the country of cities prompts often name (a ``country`` field next to a ``city`` gets it)
_COUNTRIES = {
    "Lisbon": "Portugal", "Porto": "Portugal", "Madrid": "Spain", "Barcelona": "Spain", "Paris": "France",
    "Lyon": "France", "London": "United Kingdom", "Berlin": "Germany", "Munich": "Germany", "Rome": "Italy",
    "Milan": "Italy", "Amsterdam": "Netherlands", "Vienna": "Austria", "Prague": "Czechia", "Dublin": "Ireland",
    "Athens": "Greece", "Istanbul": "Turkey", "Tokyo": "Japan", "Kyoto": "Japan", "Seoul": "South Korea",
    "Beijing": "China", "Shanghai": "China", "Sydney": "Australia", "Melbourne": "Australia", "Toronto": "Canada",
    "Vancouver": "Canada", "Chicago": "United States", "Boston": "United States", "Seattle": "United States",
    "Mexico": "Mexico", "Rio": "Brazil", "Cairo": "Egypt", "Mumbai": "India", "Delhi": "India", "Bangkok": "Thailand",
    "Singapore": "Singapore", "Nairobi": "Kenya", "Oslo": "Norway", "Stockholm": "Sweden", "Copenhagen": "Denmark",
}  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NAME = {"name", "title", "headline", "author", "person", "brand", "product", "subject", "topic", "heading"}
_TAG = {"hashtag", "hashtags", "tag", "tags", "keyword", "keywords", "label", "labels"}
_WEATHERY = {"conditions", "condition", "weather", "forecast", "sky", "outlook"}


@dataclass
class Hints:
    """What a prompt offers a value: its content words, the names it mentions, counts it asks for."""

    words: list[str] = field(default_factory=lambda: ["today"])
    names: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    subject: list[str] = field(default_factory=list)  # a brief's topic words: what a caption is about


def hints_from(prompt: str) -> Hints:
    """The hints of a prompt: ``"Weather in Lisbon, 5 hashtags"`` names Lisbon and asks for 5 hashtags."""
    names: list[str] = []
    for sentence in re.split(r"(?<=[.!?:;\n])\s+", prompt):
        for i, word in enumerate(re.findall(r"[A-Za-z][A-Za-z'-]*", sentence)):
            if word[0].isupper() and len(word) > 2 and (i or sentence.count(word) > 1) and word not in _STARTERS:
                names.append(word.rstrip("'s").rstrip("'"))  # a name mid-sentence (not a sentence's first word)
    counts = {m.group(2).lower(): int(m.group(1)) for m in re.finditer(r"\b(\d{1,2})\s+([A-Za-z]+)", prompt)}
    topic = re.search(r"Topic:\s*([^.]+)", prompt)  # a brief's topic comes first, as in prose answers
    first = salient_words(topic.group(1), 8) if topic else []
    speaker = speaker_words(prompt)  # the persona's name and handle: who speaks, not what about
    rest = [w for w in salient_words(prompt, 16) if w not in speaker]
    words = [w for w in dict.fromkeys([*first, *rest]) if "'" not in w][:8] or ["today"]
    return Hints(words=words, names=list(dict.fromkeys(names)), counts=counts, subject=first[:3])


def field_words(name: str) -> set[str]:
    """The words of a field name: ``cityName`` and ``city_name`` → {"city", "name"}."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return {p for p in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if p}


def _pick(options: list[str] | tuple[str, ...], h: int) -> str:
    return options[h % len(options)]


# -- strings -------------------------------------------------------------------------------------

_FORMATS = {
    "date-time": lambda h: f"2026-01-{1 + h % 28:02d}T{8 + h % 10:02d}:00:00Z",
    "date": lambda h: f"2026-01-{1 + h % 28:02d}",
    "time": lambda h: f"{8 + h % 10:02d}:30:00",
    "duration": lambda h: f"PT{1 + h % 5}H",
    "email": lambda h: f"hello{h % 100}@example.com",
    "idn-email": lambda h: f"hello{h % 100}@example.com",
    "uri": lambda h: f"https://example.com/{h % 1000}",
    "iri": lambda h: f"https://example.com/{h % 1000}",
    "uri-reference": lambda h: f"/items/{h % 1000}",
    "uuid": lambda h: (
        f"{h % 16**8:08x}-{h // 7 % 16**4:04x}-4{h // 11 % 16**3:03x}-8{h // 13 % 16**3:03x}-{h % 16**12:012x}"
    ),
    "ipv4": lambda h: f"192.0.2.{1 + h % 250}",
    "ipv6": lambda h: f"2001:db8::{1 + h % 250:x}",
    "hostname": lambda h: f"host{h % 100}.example.com",
    "idn-hostname": lambda h: f"host{h % 100}.example.com",
}


def _from_pattern(pattern: str) -> str | None:
    """A short string the regex ``pattern`` matches (the common constructs), or None."""
    try:
        text, _ = _sequence(pattern, 0)
    except (IndexError, ValueError):
        return None
    try:
        return text if re.search(pattern, text) else None
    except re.error:
        return None


_CLASS_PICKS = {"d": "0", "w": "a", "s": " ", "D": "a", "W": "-", "S": "a"}


def _sequence(p: str, i: int) -> tuple[str, int]:
    """The shortest text of the alternation starting at ``p[i]``: its first branch; stops at ``)``."""
    out: list[str] = []
    while i < len(p) and p[i] not in "|)":
        atom, i = _atom(p, i)
        low, i = _quantifier(p, i)
        out.append(atom * low)
    while i < len(p) and p[i] == "|":  # other branches are skipped
        depth = 0
        i += 1
        while i < len(p) and (depth or p[i] not in "|)"):
            depth += {"(": 1, ")": -1}.get(p[i], 0) if p[i - 1] != "\\" else 0
            i += 1
    return "".join(out), i


def _atom(p: str, i: int) -> tuple[str, int]:
    c = p[i]
    if c in "^$":
        return "", i + 1
    if c == "\\":
        e = p[i + 1]
        return _CLASS_PICKS.get(e, e), i + 2
    if c == ".":
        return "a", i + 1
    if c == "(":
        i += 1
        if p[i] == "?":
            i = p.index(">", i) + 1 if p[i + 1] in "P<" and p[i + 2] != "=" else i + 2
        text, i = _sequence(p, i)
        return text, i + 1
    if c == "[":
        end = p.index("]", i + 2)
        body = p[i + 1 : end]
        if body.startswith("^"):
            return next(ch for ch in "aZ0_ " if ch not in body), end + 1
        first = body[0]
        if first == "\\":
            return _CLASS_PICKS.get(body[1], body[1]), end + 1
        return first, end + 1
    return c, i + 1


def _quantifier(p: str, i: int) -> tuple[int, int]:
    if i >= len(p):
        return 1, i
    c = p[i]
    if c in "?*":
        low = 0
        i += 1
    elif c == "+":
        low, i = 1, i + 1
    elif c == "{" and re.match(r"\{\d+(,\d*)?\}", p[i:]):
        match = re.match(r"\{(\d+)(,\d*)?\}", p[i:])
        assert match is not None
        low, i = int(match.group(1)), i + match.end()
    else:
        return 1, i
    if i < len(p) and p[i] in "?+":
        i += 1  # lazy or possessive: the same text
    return low, i


def _phrase(parts: set[str], hints: Hints, h: int, index: int | None = None) -> str:
    words = hints.words or ["today"]
    if "country" in parts:
        named = [*hints.names, *(w.capitalize() for w in words)]
        known = [_COUNTRIES[n] for n in named if n in _COUNTRIES] + [n for n in named if n in _COUNTRIES.values()]
        return known[0] if known else (hints.names[0] if hints.names else words[0].capitalize())
    if parts & _PLACE:
        cities = [w.capitalize() for w in words if w.capitalize() in _COUNTRIES]
        return hints.names[0] if hints.names else (cities or [words[0].capitalize()])[0]
    if parts & {"day", "weekday"}:
        return _WEEKDAYS[(h if index is None else index) % 7]
    if "date" in parts:
        return _FORMATS["date"](h if index is None else index)
    if "time" in parts:
        return f"{8 + (h if index is None else index) % 12:02d}:30"
    if parts & _WEATHERY:
        asked = [w for w in _WEATHER if w.split()[-1] in words or w in " ".join(words)]
        return asked[0] if asked else _pick(_WEATHER, h)
    if parts & _SENTENCE:
        return caption(words, h, hashtags=0, subject=hints.subject or None)
    if parts & _TAG:
        return "#" + (words[index % len(words)] if index is not None else _pick(words, h)).replace("-", "")
    if parts & _NAME:
        pool = hints.names or words
        return " ".join(w.capitalize() for w in pool[: 1 + h % 2])
    if parts & {"emoji", "icon"}:
        return _pick(("✨", "☕", "🌧️", "📸", "🌿"), h)
    if parts & {"url", "link", "website", "href", "image", "src"}:
        return f"https://example.com/{words[0]}"
    if parts & {"id", "slug", "key", "code", "handle", "username"}:
        return f"{words[0]}-{h % 1000}"
    if parts & {"language", "lang", "locale"}:
        return "en"
    if parts & {"color", "colour"}:
        return _pick(("teal", "amber", "slate", "coral"), h)
    start = (h if index is None else index) % len(words)
    return " ".join(words[start : start + 1 + h % 2]) or words[0]


def string_value(schema: dict[str, Any], parts: set[str], hints: Hints, h: int, index: int | None) -> str:
    fmt = schema.get("format")
    text = _FORMATS[fmt](h) if fmt in _FORMATS else _phrase(parts, hints, h, index)
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and not _matches(pattern, text):
        text = _from_pattern(pattern) or text
    low = integer(schema, "minLength") or 0
    high = integer(schema, "maxLength")
    if len(text) < low:
        text = (text + " " + " ".join(hints.words)) if text else " ".join(hints.words)
        text = (text + "x" * low)[: max(low, len(text))] if len(text) < low else text
    if high is not None and len(text) > high:
        cut = text[: high + 1].rsplit(" ", 1)[0].rstrip(" ,;:-") if " " in text[: high + 1] else text[:high]
        text = cut if low <= len(cut) <= high else text[:high]  # at a word's end where the bounds allow
    return text


def several(parts: set[str]) -> bool:
    """Whether a field by this name usually holds several items (hashtags, lines, slides)."""
    return bool(parts & (_TAG | _SENTENCE))


def integer(schema: dict[str, Any], key: str) -> int | None:
    """``schema[key]`` when it is a whole number (a length or count bound), else None."""
    value = schema.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True


# -- numbers -------------------------------------------------------------------------------------


def _preferred(parts: set[str], h: int) -> float:
    """A plausible number for a field by its name (before its bounds apply)."""
    table = (
        ({"temperature", "temp", "celsius"}, 12 + h % 14),
        ({"fahrenheit"}, 54 + h % 25),
        ({"humidity", "percent", "percentage", "probability", "chance"}, 40 + h % 50),
        ({"age"}, 24 + h % 30),
        ({"year"}, 2026),
        ({"month"}, 1 + h % 12),
        ({"day"}, 1 + h % 28),
        ({"hour"}, 8 + h % 12),
        ({"rating", "stars", "score"}, 4 + h % 2),
        ({"price", "cost", "amount", "usd"}, 4.5 + h % 20),
        ({"latitude", "lat"}, 41.15),
        ({"longitude", "lon", "lng"}, -8.61),
        ({"count", "quantity", "number", "total", "likes", "views"}, 3 + h % 40),
        ({"wind", "speed"}, 8 + h % 20),
    )
    for names, value in table:
        if parts & names:
            return float(value)
    return float(1 + h % 10)


def _bounded(schema: dict[str, Any], target: float, integer: bool) -> float:
    def num(key: str) -> float | None:
        value = schema.get(key)
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    low, high = num("minimum"), num("maximum")
    xlow, xhigh = num("exclusiveMinimum"), num("exclusiveMaximum")
    step = 1.0 if integer else 0.01
    if xlow is not None:
        low = max(low if low is not None else -math.inf, math.floor(xlow) + 1 if integer else xlow + step)
    if xhigh is not None:
        high = min(high if high is not None else math.inf, math.ceil(xhigh) - 1 if integer else xhigh - step)
    if low is not None and high is not None and low > high and xlow is not None and xhigh is not None:
        low = high = (xlow + xhigh) / 2  # a narrow open interval: its middle
    value = target
    if low is not None:
        value = max(value, low if not integer else math.ceil(low))
    if high is not None:
        value = min(value, high if not integer else math.floor(high))
    multiple = num("multipleOf")
    if multiple and multiple > 0:
        k_low = math.ceil(low / multiple) if low is not None else -(10**12)
        k_high = math.floor(high / multiple) if high is not None else 10**12
        k = min(max(round(value / multiple), k_low), k_high)
        for candidate in sorted(range(max(k_low, k - 40), min(k_high, k + 40) + 1), key=lambda c: abs(c - k)):
            value = candidate * multiple
            quotient = value / multiple
            if int(quotient) == quotient:
                break
    return value


def number_value(
    schema: dict[str, Any], parts: set[str], h: int, integer: bool, index: int | None = None
) -> int | float:
    """A number for a field by its name, within the schema's bounds; ``index`` (an item's place in an
    array) moves it on by steps, so the items of a ``uniqueItems`` array can differ."""
    target = _preferred(parts, h)
    if index:
        numbers = {k: v for k, v in schema.items() if isinstance(v, int | float) and not isinstance(v, bool)}
        step = numbers.get("multipleOf", 1)
        low = numbers.get("minimum", numbers.get("exclusiveMinimum"))
        high = numbers.get("maximum", numbers.get("exclusiveMaximum"))
        target += index * step
        if high is not None and target >= high:
            target = (low if low is not None else high - 10**6) + (target - high) % max(step, high - (low or 0))
    value = _bounded(schema, target, integer)
    if integer:
        return int(round(value))
    return int(value) if float(value).is_integer() and not isinstance(schema.get("multipleOf"), float) else value
