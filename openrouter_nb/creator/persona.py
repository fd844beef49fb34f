"""Personas: who speaks in a post, kept in a small JSON (or TOML) file users edit by hand.

A persona carries a validated handle (never guessed from a path or a sentence), a voice, style
notes, a language, default platforms and reference images that keep its look consistent: they
go to image models as ``input_references``. ``Persona.example()`` is the one shipped with the
package (Mia, a barista in Lisbon, with one reference picture).

Persona files are made to be shared, so a file is trusted with nothing outside its own folder:
its references are relative paths inside that folder (no absolute path, no ``..``, no symbolic
link that leads out of it), and anything else is refused before a byte of it is read. A picture
from elsewhere is given in code (``Persona(..., references=[path])``) or copied beside the file.
The file itself is bounded (size, nesting, field lengths) before anything uses it.
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

from .._core.display import plural
from .._core.files import atomic_write
from .platforms import PLATFORMS

__all__ = ["MAX_FIELD_CHARS", "MAX_PERSONA_BYTES", "MAX_REFERENCES", "Persona"]

_HANDLE = re.compile(r"^@[A-Za-z0-9_.]{1,30}$")
#: a persona file is a few hundred bytes; anything past this is not one
MAX_PERSONA_BYTES = 64 * 1024
#: the longest a text field may be (it goes into every prompt of the persona's posts)
MAX_FIELD_CHARS = 2000
#: the most reference pictures a persona sends, and the largest one read
MAX_REFERENCES = 8
MAX_REFERENCE_BYTES = 20 * 1024 * 1024
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
        for name in ("name", "bio", "voice", "style", "language"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"persona.{name} must be a string")
            if len(getattr(self, name)) > MAX_FIELD_CHARS:
                raise ValueError(f"persona.{name} is over {MAX_FIELD_CHARS:,} characters")
        if not isinstance(self.platforms, str | list | tuple):
            raise ValueError(f"persona.platforms must be a list of platform names, got {type(self.platforms).__name__}")
        platforms = (self.platforms,) if isinstance(self.platforms, str) else tuple(self.platforms)
        unknown = [p for p in platforms if not isinstance(p, str) or p not in PLATFORMS]
        if unknown or not platforms:
            raise ValueError(
                f"persona.platforms must name platforms among {', '.join(PLATFORMS)}, got {unknown or '[]'}"
            )
        object.__setattr__(self, "platforms", platforms)
        if isinstance(self.references, str | os.PathLike) or not all(
            isinstance(p, str | os.PathLike) for p in self.references
        ):
            raise ValueError("persona.references must be a list of image paths")
        if len(self.references) > MAX_REFERENCES:
            raise ValueError(f"persona.references holds {len(self.references)} pictures; at most {MAX_REFERENCES}")
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
        """The reference images, read and checked (``ValueError`` for a missing file or a non-image).

        An error names the file and what is wrong with it, never its contents.
        """
        from ..errors import InvalidMediaError
        from ..media import ImageResult, validate_image

        images = []
        for path in self.references:
            try:
                if path.stat().st_size > MAX_REFERENCE_BYTES:
                    raise ValueError(
                        f"persona {self.name!r}: reference {str(path)!r} is over {MAX_REFERENCE_BYTES // 2**20} MiB"
                    )
                data = path.read_bytes()
            except OSError as exc:
                raise ValueError(
                    f"persona {self.name!r}: reference image {str(path)!r} cannot be read ({exc.strerror})"
                ) from None
            try:
                images.append(ImageResult(data, validate_image(data, source=f"reference {str(path)!r}")))
            except InvalidMediaError as exc:
                raise ValueError(f"persona {self.name!r}: {exc}") from None
        return images

    def summary(self) -> str:
        """The persona in one line for a person: who it is, where it posts, which pictures it sends."""
        sends = (
            f"sends {plural(len(self.references), 'reference picture')} "
            f"to image models that take them: {', '.join(p.name for p in self.references)}"
            if self.references
            else "sends no reference pictures"
        )
        return f"{self.name} ({self.handle}) · posts on {', '.join(self.platforms)} · {sends}"

    # -- files ---------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Persona:
        """Read a persona file (``.json`` or ``.toml``); a clear one-line ``ValueError`` when it is not valid.

        Its references must be relative paths inside the file's folder (see the module docs).
        """
        source = Path(path).expanduser()
        raw = _read_persona_file(source)
        where = f"persona file {str(source)!r}"
        unknown = sorted(str(k) for k in set(raw) - set(_FIELDS))
        if unknown:
            raise ValueError(f"{where}: unknown fields {', '.join(unknown)}")
        missing = [k for k in ("name", "handle") if k not in raw]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        refs = raw.get("references") or []
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise ValueError(f"{where}: references must be a list of image paths")
        name = raw["name"] if isinstance(raw.get("name"), str) else "?"
        raw["references"] = tuple(_inside(source, ref, name) for ref in refs)
        if "platforms" in raw and not isinstance(raw["platforms"], list | str):
            raise ValueError(f"{where}: platforms must be a list")
        try:
            persona = cls(**raw)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
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


def _read_persona_file(source: Path) -> dict[str, Any]:
    """A persona file's object, read within bounds: a clear ``ValueError`` for anything else."""
    kind = "TOML" if source.suffix.lower() == ".toml" else "JSON"
    try:
        if source.is_file() and source.stat().st_size > MAX_PERSONA_BYTES:
            raise ValueError(f"persona file {str(source)!r} is over {MAX_PERSONA_BYTES // 1024} KiB: not a persona")
        with source.open("rb") as handle:
            data = handle.read(MAX_PERSONA_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot read persona file {str(source)!r}: {exc.strerror}") from None
    if len(data) > MAX_PERSONA_BYTES:
        raise ValueError(f"persona file {str(source)!r} is over {MAX_PERSONA_BYTES // 1024} KiB: not a persona")
    try:
        text = data.decode("utf-8")
        raw = tomllib.loads(text) if kind == "TOML" else json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).splitlines()[0][:200]
        raise ValueError(f"persona file {str(source)!r} is not valid {kind}: {reason}") from None
    if not isinstance(raw, dict):
        raise ValueError(f"persona file {str(source)!r} must hold an object with {', '.join(_FIELDS)}")
    return raw


def _inside(source: Path, reference: str, name: str) -> Path:
    """A reference of a persona file, as a path inside the file's folder; ``ValueError`` for any other."""
    home = source.parent.resolve()
    relative = Path(reference)
    why = None
    if not reference.strip() or "\x00" in reference:
        why = "is not a file name"
    elif relative.is_absolute() or reference.startswith(("~", "\\")) or relative.drive:
        why = "is an absolute path"
    elif ".." in relative.parts:
        why = "leads out of the persona's folder (..)"
    else:
        target = (source.parent / relative).resolve()
        if not target.is_relative_to(home):
            why = "is a link that leads out of the persona's folder"
    if why is not None:
        raise ValueError(
            f"persona {name!r} ({source.name}): reference {reference[:120]!r} {why}; a persona file may only name "
            "pictures in its own folder: copy it there, or pass it in code with Persona(references=[...])"
        )
    return source.parent / relative
