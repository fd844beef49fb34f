"""The command line's options: each checked as it is parsed, each bad value one line that says what fits.

Every error is ``openrouter-nb: error: <option>: <what it accepts>`` on stderr with exit code 2:
no usage block, no traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import NoReturn

from .._version import __version__
from ..creator.persona import Persona
from ..creator.platforms import FORMATS, PLATFORMS

__all__ = [
    "DEFAULT_MODELS",
    "MAX_TOPIC_CHARS",
    "OneLineParser",
    "budget_usd",
    "fail",
    "model_id",
    "persona",
    "post_parser",
    "seed",
    "slides",
    "topic",
    "writable_folder",
]

PROG = "openrouter-nb"
MAX_TOPIC_CHARS = 300
DEFAULT_MODELS = {
    "text_model": "openai/gpt-4o-mini",
    "image_model": "google/gemini-2.5-flash-image",
    "video_model": "bytedance/seedance-2.0-mini",
}
DEFAULT_TOPIC = "autumn latte art at sunrise"
_PERSONA_SUFFIXES = (".json", ".toml", ".yaml", ".yml")

DESCRIPTION = """\
Make one social-media post end to end: a caption from a text model, an image prompt, images in
the platform's shape, a preview card and a short video, saved in a folder with a manifest.

Offline on the built-in emulator unless OPENROUTER_API_KEY is set (deterministic fake replies,
nothing billed). A live run shows its estimated cost first and asks before spending (--yes skips
the question; without a terminal it refuses); --budget refuses a run whose estimate is over it.
Running the same command again resumes the post: nothing already paid for is paid twice.

  openrouter-nb notebooks [DIR]   writes the example notebooks into DIR (see: openrouter-nb notebooks --help)
"""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help wrapped at spaces only: a model id (``google/gemini-2.5-flash-image``) stays whole."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False, break_long_words=False)


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``openrouter-nb: error: …``) and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def topic(text: str) -> str:
    """A post's topic: 1 to 300 characters."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_TOPIC_CHARS:
        raise argparse.ArgumentTypeError(f"must be 1 to {MAX_TOPIC_CHARS} characters of text, got {len(text):,}")
    return text


def persona(value: str) -> Persona | str:
    """``example`` (the shipped persona), a persona file (``.json`` or ``.toml``), or a short description."""
    if value == "example":
        return Persona.example()
    path = Path(value).expanduser()
    if path.suffix.lower() in _PERSONA_SUFFIXES or path.is_file() or "/" in value:
        if path.suffix.lower() in (".yaml", ".yml"):
            raise argparse.ArgumentTypeError(f"persona files are .json or .toml, got {value!r}")
        if not path.is_file():
            raise argparse.ArgumentTypeError(f"no persona file {value!r} (a .json or .toml file, or a description)")
        try:
            return Persona.load(path)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    text = " ".join(value.split())
    if not text or len(text) > MAX_TOPIC_CHARS:
        raise argparse.ArgumentTypeError(f"a description must be 1 to {MAX_TOPIC_CHARS} characters, got {len(text):,}")
    return text


def budget_usd(text: str) -> float:
    """A positive, finite number of USD."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number of USD such as 0.50, got {text!r}")
    return value


def _whole_number(text: str, least: int, wanted: str) -> int:
    """``text`` as a whole number of at least ``least``; otherwise one line saying what was ``wanted``."""
    try:
        value = int(text)
    except ValueError:
        value = least - 1
    if value < least:
        raise argparse.ArgumentTypeError(f"must be {wanted}, got {text!r}")
    return value


def slides(text: str) -> int:
    """A whole number of images, 1 or more (the platform's own limit is checked with the platform)."""
    return _whole_number(text, 1, "a whole number from 1 to the platform's limit")


def seed(text: str) -> int:
    """A whole number, 0 or more."""
    return _whole_number(text, 0, "a whole number, 0 or more")


def model_id(text: str) -> str:
    """A model id: ``author/slug`` (checked against the catalog once it is listed)."""
    if "/" not in text.strip("/") or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"must be a model id such as openai/gpt-4o-mini, got {text!r}")
    return text


def post_parser() -> OneLineParser:
    """The options of the main job (making a post)."""
    parser = OneLineParser(prog=PROG, description=DESCRIPTION, formatter_class=_HelpFormatter)
    limits = ", ".join(f"{name} {fmt.max_slides}" for name, fmt in FORMATS.items())
    add = parser.add_argument
    add(
        "--persona",
        type=persona,
        default="example",
        metavar="FILE|TEXT",
        help="who speaks: a persona file (.json or .toml), a short description, or 'example' for the shipped "
        "persona, Mia (@mia.brews) (default: example)",
    )
    add(
        "--topic",
        type=topic,
        default=DEFAULT_TOPIC,
        help=f"what the post is about, 1 to {MAX_TOPIC_CHARS} characters (default: {DEFAULT_TOPIC!r})",
    )
    add(
        "--platform",
        default="instagram",
        choices=PLATFORMS,
        metavar="PLATFORM",
        help=f"where it goes; sets the shape, caption limit and hashtags: {', '.join(PLATFORMS)} (default: instagram)",
    )
    add(
        "--slides",
        type=slides,
        default=1,
        metavar="N",
        help=f"images in the post, a carousel when more than 1; at most, per platform: {limits} (default: 1)",
    )
    for name, what in (
        ("text", "caption, image prompt, slide lines"),
        ("image", "the images"),
        ("video", "the short video"),
    ):
        add(
            f"--{name}-model",
            type=model_id,
            default=DEFAULT_MODELS[f"{name}_model"],
            metavar="MODEL",
            help=f"model for {what} (default: {DEFAULT_MODELS[f'{name}_model']})",
        )
    add("--no-video", action="store_true", help="skip the video step (default: make one)")
    add(
        "--budget",
        type=budget_usd,
        metavar="USD",
        help="USD this run may spend: a run whose estimate is over it is refused before its first call, "
        "and no call past it is sent (default: no limit)",
    )
    add("--yes", action="store_true", help="do not ask before a live run spends money (default: ask)")
    add("--seed", type=seed, default=0, metavar="N", help="seed sent with every call, for repeatable runs (default: 0)")
    add("--out", default="output/posts", metavar="DIR", help="folder the post folders go in (default: output/posts)")
    add("--version", action="version", version=f"{PROG} {__version__}", help="print the version and exit")
    return parser  # fmt: skip


def writable_folder(folder: Path, option: str) -> None:
    """Stop with one line unless files can be written under ``folder`` (made later if missing).

    The nearest folder that exists is tried with a scratch folder made and removed at once, which
    answers what permissions alone do not (read-only and virtual file systems, such as ``/proc``).
    """
    import tempfile

    for parent in (folder, *folder.parents):
        if not parent.exists():
            continue
        if not parent.is_dir():
            fail(f"{option}: {str(folder)!r} cannot be a folder: {str(parent)!r} is a file")
        try:
            tempfile.TemporaryDirectory(dir=parent, prefix=".openrouter-nb-").cleanup()
        except OSError as error:
            fail(f"{option}: cannot write in {str(parent)!r} ({error.strerror or error}); choose another folder")
        return


def fail(message: str) -> NoReturn:
    """Stop with one line on stderr and exit code 2 (a bad input found after parsing)."""
    sys.stderr.write(f"{PROG}: error: {message}\n")
    raise SystemExit(2)
