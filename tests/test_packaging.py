"""Packaging: exports, the light import, pyproject ↔ environment.yml, no committed keys."""

from __future__ import annotations

import os
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


def test_the_wheel_carries_the_notebooks_and_they_run_where_the_cli_writes_them(tmp_path, monkeypatch):
    """A pip user's path: the wheel, ``python -m openrouter_nb notebooks DIR``, the notebooks executed there."""
    import json
    import zipfile

    import nbclient
    import nbformat

    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("openrouter_nb-*.whl"))
    shipped = sorted(name.split("/")[-1] for name in zipfile.ZipFile(wheel).namelist() if "/_notebooks/" in name)
    assert shipped == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))  # every one of them
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONPATH": str(site)}
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    wrote = subprocess.run(
        [sys.executable, "-m", "openrouter_nb", "notebooks", "mine"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert wrote.returncode == 0, wrote.stderr
    folder = elsewhere / "mine"
    assert sorted(p.name for p in folder.glob("*.ipynb")) == shipped and (folder / "mia.json").is_file()
    assert json.loads((folder / "mia.json").read_text())["references"] == ["mia-reference.png"]  # beside it
    again = subprocess.run([sys.executable, "-m", "openrouter_nb", "notebooks", "mine"], cwd=elsewhere, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert again.returncode == 0  # the same files again: nothing to overwrite
    monkeypatch.setenv("PYTHONPATH", str(site))  # the kernels import the unzipped wheel, not this checkout
    for path in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        nbclient.NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(folder)}}).execute()
        assert not [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
