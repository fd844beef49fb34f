"""Packaging: exports, the light import, pyproject ↔ environment.yml, no committed keys."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_pyproject_and_environment_yml_list_the_same_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in ("test", "notebooks"):
        wanted |= {_name(r) for r in project["optional-dependencies"][extra]}
    conda = set()
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^  (?:    )?- ([A-Za-z0-9_.-]+)", line)  # conda entries and the pip section's
        if match and match.group(1) not in ("python", "pip", "-e"):
            conda.add(_name(match.group(1)))
    assert conda == wanted


def test_py_typed_shipped():
    assert (ROOT / "openrouter_nb" / "py.typed").exists()


def test_import_is_light():
    code = (
        "import sys, openrouter_nb\n"
        "heavy = [m for m in ('pandas', 'ipywidgets', 'nest_asyncio', 'numpy', 'asyncio', 'PIL') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_no_real_looking_key_committed():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    pattern = re.compile(r"sk-or-(v1-)?[A-Za-z0-9]{16,}")
    leaks = []
    for name in files:
        path = ROOT / name
        if path.is_file() and path.suffix not in (".png", ".mp4"):
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{name}: {m.group(0)[:12]}…" for m in pattern.finditer(text)]
    assert leaks == []
