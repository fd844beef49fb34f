"""Personas: who speaks in a post, kept in a small JSON (or TOML) file users edit by hand.

A persona carries a validated handle (never guessed from a path or a sentence), a voice, style
notes, a language, default platforms and reference images that keep its look consistent: they
go to image models as ``input_references``. ``Persona.example()`` is the one shipped with the
package (Mia, a barista in Lisbon, with one reference picture).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .._core.files import atomic_write
from .platforms import PLATFORMS

__all__ = ["Persona"]

_HANDLE = re.compile(r"^@[A-Za-z0-9_.]{1,30}$")
_DATA = Path(__file__).resolve().parent.parent / "data" / "personas"
_FIELDS = ("name", "handle", "bio", "voice", "style", "language", "platforms", "references")


@dataclass(frozen=True)
class Persona:
    """A creator persona. ``references`` are image paths (relative paths are read from the file's folder)."""

    name: str
    handle: str
    bio: str = ""
    voice: str = "warm and upbeat"
    style: str = ""
    language: str = "en"
    platforms: tuple[str, ...] = ("instagram",)
    references: tuple[Path, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("persona.name must be a non-empty string")
        handle = self.handle if isinstance(self.handle, str) else ""
        handle = handle if handle.startswith("@") else "@" + handle
        if not _HANDLE.match(handle):
            raise ValueError(
                f"persona.handle must be 1-30 letters, digits, '_' or '.', got {self.handle!r} (e.g. '@mia.brews')"
            )
        object.__setattr__(self, "handle", handle)
        for name in ("bio", "voice", "style", "language"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"persona.{name} must be a string")
        platforms = (self.platforms,) if isinstance(self.platforms, str) else tuple(self.platforms)
        unknown = [p for p in platforms if p not in PLATFORMS]
        if unknown or not platforms:
            raise ValueError(
                f"persona.platforms must name platforms among {', '.join(PLATFORMS)}, got {unknown or '[]'}"
            )
        object.__setattr__(self, "platforms", platforms)
        object.__setattr__(self, "references", tuple(Path(p) for p in self.references))

    def describe(self) -> str:
        """The persona in one line for a text model's prompt."""
        parts = [f"{self.name} ({self.handle})", self.bio, f"voice: {self.voice}" if self.voice else ""]
        if self.style:
            parts.append(f"style: {self.style}")
        if self.language and self.language != "en":
            parts.append(f"writes in {self.language}")
        return "; ".join(p for p in parts if p)

    def reference_images(self) -> list[Any]:
        """The reference images, read and checked (``ValueError`` for a missing file or a non-image)."""
        from ..errors import InvalidMediaError
        from ..media import ImageResult, validate_image

        images = []
        for path in self.references:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ValueError(
                    f"persona {self.name!r}: reference image {str(path)!r} cannot be read ({exc.strerror})"
                ) from None
            try:
                images.append(ImageResult(data, validate_image(data)))
            except InvalidMediaError as exc:
                raise ValueError(f"persona {self.name!r}: reference {str(path)!r} is not an image: {exc}") from None
        return images

    # -- files ---------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Persona:
        """Read a persona file (``.json`` or ``.toml``); a clear ``ValueError`` when it is not valid."""
        source = Path(path).expanduser()
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"cannot read persona file {str(source)!r}: {exc.strerror}") from None
        try:
            raw = tomllib.loads(text) if source.suffix == ".toml" else json.loads(text)
        except (ValueError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(
                f"persona file {str(source)!r} is not valid {'TOML' if source.suffix == '.toml' else 'JSON'}: {exc}"
            ) from None
        if not isinstance(raw, dict):
            raise ValueError(f"persona file {str(source)!r} must hold an object with {', '.join(_FIELDS)}")
        unknown = sorted(set(raw) - set(_FIELDS))
        if unknown:
            raise ValueError(f"persona file {str(source)!r}: unknown fields {', '.join(unknown)}")
        missing = [k for k in ("name", "handle") if k not in raw]
        if missing:
            raise ValueError(f"persona file {str(source)!r}: missing {', '.join(missing)}")
        refs = raw.get("references") or []
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise ValueError(f"persona file {str(source)!r}: references must be a list of image paths")
        raw["references"] = tuple(p if Path(p).is_absolute() else source.parent / p for p in map(Path, refs))
        if "platforms" in raw and not isinstance(raw["platforms"], list | str):
            raise ValueError(f"persona file {str(source)!r}: platforms must be a list")
        persona = cls(**raw)
        persona.reference_images()  # missing or broken references are an error now, not after paying
        return persona

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the persona as JSON, its reference images beside it, so the folder travels whole.

        A reference already in the file's folder is named as it is; any other is copied there
        (under its own name, or with a short hash when that name is taken by another picture), so
        the saved persona names only files inside its own folder and loads anywhere it is copied.
        """
        target = Path(path).expanduser()
        folder = target.parent
        data = asdict(self)
        refs = []
        for ref in self.references:
            refs.append(_place_beside(ref, folder))
        data["references"], data["platforms"] = refs, list(self.platforms)
        return atomic_write(target, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())

    @classmethod
    def example(cls) -> Persona:
        """Mia, the persona shipped with the package (with one reference picture)."""
        return cls.load(_DATA / "mia.json")


def _place_beside(reference: Path, folder: Path) -> str:
    """The path of ``reference`` inside ``folder`` (relative), copying it there when it is not in it already."""
    source, home = reference.resolve(), folder.resolve()
    if source.is_relative_to(home):
        return source.relative_to(home).as_posix()
    data = source.read_bytes()
    name = source.name
    if (folder / name).exists() and (folder / name).read_bytes() != data:
        name = f"{source.stem}-{hashlib.sha256(data).hexdigest()[:8]}{source.suffix}"
    if not (folder / name).exists():
        atomic_write(folder / name, data)
    return name
