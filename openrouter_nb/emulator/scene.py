"""What a prompt asks a picture to show, read from its words: weather, time, season, place, subject.

``read_scene("rooftop yoga on a rainy morning")`` is rain, sunrise, a rooftop and a person doing
yoga. The emulator's own image prompts carry craft phrases (a style, a light, a lens) that say
how to shoot, not what: those are taken out first, so "soft window light" does not put a window
in the picture. Each table is the words that ask for a thing; the first word in the prompt that
asks for a subject is its subject, the next one (if any) a second subject for a carousel's detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .writer import ALL_LIGHTS, CAMERAS, STYLES

__all__ = ["PLACES", "SEASONS", "SUBJECTS", "TIMES", "WEATHER", "Scene", "read_scene"]


def _table(**groups: str) -> dict[str, str]:
    return {word: name for name, words in groups.items() for word in words.split()}


WEATHER = _table(
    rain="rain rainy raining rainfall drizzle drizzly storm stormy showers shower umbrella downpour wet puddles",
    snow="snow snowy snowing snowfall snowflakes blizzard",
    fog="fog foggy mist misty haze hazy",
)
TIMES = _table(
    night="night nights nighttime midnight moon moonlight moonlit stars starry evening nightlife",
    sunrise="sunrise dawn daybreak morning mornings",
    sunset="sunset sunsets dusk twilight golden-hour",
)
SEASONS = _table(
    autumn="autumn autumnal pumpkin pumpkins october november harvest foliage leaves",
    winter="winter wintry december january christmas frost frosty",
    spring="spring springtime blossom blossoms cherry april bloom blooming",
    summer="summer summery sunny heatwave july august",
)
PLACES = _table(
    window="window windows windowsill sill",
    rooftop="rooftop rooftops roof terrace balcony",
    cafe="cafe café cafes coffeeshop coffeehouse counter barista bakery",
    kitchen="kitchen stove oven countertop homemade",
    beach="beach sea ocean coast shore surf surfing waves wave harbor harbour island boat sail sailing",
    city="city street streets skyline urban downtown market porto lisbon paris tokyo london berlin madrid rome",
    mountains="mountain mountains peak peaks alpine hike hiking trail ski skiing climbing",
    garden="garden gardens park forest woods meadow field botanical",
    road="road garage tyre tire tyres tires car",
)
#: the subjects a picture can hold, by kind: ``drink:latte``, ``food:pizza``, ``person:yoga`` …
SUBJECTS = {
    **_table(
        **{
            "drink:cortado": "cortado cortados gibraltar",
            "drink:espresso": "espresso espressos ristretto",
            "drink:latte": "latte lattes flat-white",
            "drink:cappuccino": "cappuccino cappuccinos",
            "drink:coffee": "coffee coffees americano mocha brew cup mug",
            "drink:matcha": "matcha",
            "drink:tea": "tea teas chai",
            "drink:smoothie": "smoothie smoothies juice lemonade",
            "drink:wine": "wine wines",
            "drink:cocktail": "cocktail cocktails spritz margarita",
            "drink:soup": "soup soups ramen broth",
            "food:pizza": "pizza pizzas",
            "food:cake": "cake cakes dessert desserts pie tart cheesecake",
            "food:bread": "bread loaf sourdough baguette",
            "food:croissant": "croissant croissants pastry pastries",
            "food:salad": "salad salads bowl",
            "food:pancakes": "pancakes pancake waffles brunch breakfast",
            "food:pasta": "pasta spaghetti noodles dinner recipe",
            "person:yoga": "yoga stretch stretching meditation",
            "person:running": "run running runner jog jogging marathon",
            "person:cycling": "bike bikes bicycle cycling cyclist",
            "person:surfing": "surf surfing surfer",
            "person:hiking": "hike hiking hiker trekking",
            "person:dancing": "dance dancing dancer",
            "person:reading": "reading reader",
            "person:working": "laptop working coding studying desk",
            "person:walking": "walk walks walking stroll strolling walker",
            "house": "cabin cabins cottage house hut chalet",
            "pet:cat": "cat cats kitten kittens",
            "pet:dog": "dog dogs puppy puppies pup",
            "books": "book books novel novels library",
            "plant": "plant plants monstera succulent succulents fern ferns houseplant houseplants",
            "flowers": "flower flowers bouquet roses tulips",
            "wheel": "tyre tire tyres tires wheel",
        }
    ),
}
#: phrases the emulator's writer adds to an image prompt about the shot, not its content
_CRAFT_PHRASES = (*STYLES, *ALL_LIGHTS, *CAMERAS, "vibrant but natural colours", "no text")


@dataclass(frozen=True)
class Scene:
    """What a picture shows (None where the prompt does not say)."""

    words: tuple[str, ...]
    weather: str | None = None  # rain, snow, fog
    time: str | None = None  # night, sunrise, sunset
    season: str | None = None  # autumn, winter, spring, summer
    place: str | None = None  # window, rooftop, cafe, kitchen, beach, city, mountains, garden, road
    subject: str | None = None  # drink:<name>, food:<name>, person:<activity>, pet:<kind>, books, plant …
    second: str | None = None  # a second subject, for a carousel's detail

    @property
    def overcast(self) -> bool:
        """Rain, fog or snow: the sun is behind clouds."""
        return self.weather is not None

    @property
    def dark(self) -> bool:
        """Night: a dark sky, the moon and stars."""
        return self.time == "night"

    @property
    def indoors(self) -> bool:
        """Behind glass: a window, a café, a kitchen."""
        return self.place in ("window", "cafe", "kitchen")

    def kind(self, subject: str | None = None) -> str:
        """The kind of a subject (``drink``, ``food``, ``person``, ``pet``, ``books`` …), '' for none."""
        chosen = self.subject if subject is None else subject
        return (chosen or "").split(":", 1)[0]


def _content_words(prompt: str) -> tuple[str, ...]:
    text = prompt.lower()
    for phrase in _CRAFT_PHRASES:
        text = text.replace(phrase.lower(), " ")
    return tuple(w.strip("'-") for w in re.findall(r"[a-zé][a-zé'-]{1,}", text))


def _first(words: tuple[str, ...], table: dict[str, str]) -> str | None:
    return next((table[w] for w in words if w in table), None)


def read_scene(prompt: str) -> Scene:
    """The scene a prompt asks for: the first word of each table that the prompt uses."""
    words = _content_words(prompt)
    subjects = list(dict.fromkeys(SUBJECTS[w] for w in words if w in SUBJECTS))
    weather = _first(words, WEATHER)
    return Scene(
        words=words,
        weather=weather,
        time=_first(words, TIMES),
        season=_first(words, SEASONS) or ("winter" if weather == "snow" else None),
        place=_first(words, PLACES),
        subject=subjects[0] if subjects else None,
        second=subjects[1] if len(subjects) > 1 else None,
    )
