"""``openrouter-nb notebooks [DIR]``: the example notebooks, from the installed package, into DIR.

A wheel carries them as package data (``openrouter_nb/_notebooks``); a source checkout has them in
its ``notebooks/`` folder. They run offline on the emulator wherever they are written (their
output goes under ``DIR/output``). Files already there are never overwritten unless ``--force``.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from .._core.display import plural
from .._core.files import atomic_write
from ..creator.persona import Persona
from .options import PROG, OneLineParser, fail, writable_folder

__all__ = ["DEFAULT_FOLDER", "notebook_files", "run_notebooks", "write_notebooks"]

DEFAULT_FOLDER = "openrouter-nb-notebooks"


def notebook_files() -> list[tuple[str, bytes]]:
    """The example notebooks (name, bytes), from the wheel's package data or the source checkout."""
    packaged = resources.files("openrouter_nb").joinpath("_notebooks")
    if packaged.is_dir():
        found = [(entry.name, entry.read_bytes()) for entry in packaged.iterdir() if entry.name.endswith(".ipynb")]
    else:
        checkout = Path(__file__).resolve().parents[2] / "notebooks"
        found = [(path.name, path.read_bytes()) for path in checkout.glob("[0-9]*.ipynb")]
    if not found:
        raise FileNotFoundError("the example notebooks are not part of this installation")
    return sorted(found)


def write_notebooks(folder: Path, *, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Write the notebooks and a persona to load in the studio (``mia.json``, its picture beside it)
    into ``folder``: the files written, and those already there unchanged (not written again)."""
    files = notebook_files()
    clashes = [name for name, data in files if (folder / name).exists() and (folder / name).read_bytes() != data]
    if clashes and not force:
        fail(f"{folder / clashes[0]} exists and differs; pass --force to overwrite, or choose another DIR")
    written: list[Path] = []
    unchanged: list[Path] = []
    for name, data in files:
        target = folder / name
        if target.exists() and target.read_bytes() == data:
            unchanged.append(target)
        else:
            written.append(atomic_write(target, data))
    persona = folder / "mia.json"
    if force or not persona.exists():
        Persona.example().save(persona)
        written += [persona, *Persona.load(persona).references]
    else:
        unchanged += [persona, *_pictures_of(persona)]
    return written, unchanged


def _pictures_of(persona: Path) -> list[Path]:
    """The reference pictures a persona file beside the notebooks names in its folder (none when it
    no longer loads: the user's edits are theirs)."""
    try:
        references = Persona.load(persona).references
    except (ValueError, OSError):
        return []
    home = persona.parent.resolve()
    return [p for p in references if p.resolve().parent == home]


def run_notebooks(argv: list[str]) -> None:
    """The ``notebooks`` command."""
    parser = OneLineParser(
        prog=f"{PROG} notebooks",
        description="Write the example notebooks (and a persona file the studio can load) into DIR; they run "
        "offline on the built-in emulator, or on the real service when OPENROUTER_API_KEY is set.",
    )
    parser.add_argument("folder", nargs="?", default=DEFAULT_FOLDER, metavar="DIR",
                        help=f"where to write them (default: {DEFAULT_FOLDER})")  # fmt: skip
    parser.add_argument("--force", action="store_true", help="overwrite files that are there (default: keep them)")
    args = parser.parse_args(argv)
    folder = Path(args.folder).expanduser()
    writable_folder(folder, "argument DIR")
    try:
        written, unchanged = write_notebooks(folder, force=args.force)
    except OSError as error:  # a full disk, a folder made read-only meanwhile: one line, not a traceback
        fail(f"argument DIR: cannot write in {str(folder)!r} ({error.strerror or error})")
    for path in written:
        print(f"  {path}")
    python = sys.executable
    counts = f"{plural(len(written), 'file')} written"
    if unchanged:
        counts += f", {plural(len(unchanged), 'file')} already there, unchanged"
    print(f"\n{counts} in {folder}; open them with: {python} -m jupyter lab {folder}")
