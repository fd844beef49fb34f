"""The README's promises: every python block in README.md runs as written, in order, offline.

The blocks run in one IPython kernel (as in a notebook: top-level ``await`` works, and each block
sees what the ones before it defined), in a scratch folder, without a key. A block that fails is
reported with its number and the first lines of its code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbclient
import nbformat

from tests.support.helpers import FIGURES

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks(text: str) -> list[str]:
    """The fenced ```python blocks of a Markdown text, in order."""
    return [match.group(1) for match in re.finditer(r"^```python\n(.*?)^```$", text, flags=re.S | re.M)]


def test_the_block_finder_finds_blocks():
    text = "intro\n```python\na = 1\n```\n```bash\nmake\n```\n```python\nb = a\n```\n"
    assert python_blocks(text) == ["a = 1\n", "b = a\n"]


def test_every_python_block_of_the_readme_runs_as_written(tmp_path, monkeypatch):
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(block) for block in blocks])
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)  # offline: the emulator answers
    monkeypatch.setenv("HOME", str(tmp_path))
    client = nbclient.NotebookClient(
        notebook, timeout=300, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    failed = []
    for number, cell in enumerate(notebook.cells, 1):
        errors = [o for o in cell.outputs if o.get("output_type") == "error"]
        if errors:
            head = cell.source.strip().splitlines()[0]
            failed.append(f"block {number} ({head[:60]}…): {errors[0]['ename']}: {errors[0]['evalue'][:300]}")
    FIGURES.append(f"README: {len(blocks) - len(failed)} of {len(blocks)} python blocks ran as written, offline")
    assert failed == [], "\n".join(failed)
    assert os.listdir(tmp_path)  # they made their files in the scratch folder, not in the repository


def test_a_block_shows_only_its_last_value():
    """In a notebook cell only the last expression is shown: a value to look at earlier would be lost."""
    import ast
    import textwrap

    lost = []
    for number, block in enumerate(python_blocks(README.read_text(encoding="utf-8")), 1):
        wrapped = "async def cell():\n" + textwrap.indent(block, "    ")  # top-level await, as in a notebook
        body = ast.parse(wrapped).body[0].body  # type: ignore[attr-defined]
        for statement in body[:-1]:
            value = statement.value if isinstance(statement, ast.Expr) else None
            if isinstance(value, ast.Name | ast.Attribute | ast.Subscript | ast.Tuple | ast.Compare):
                lost.append(f"block {number}: {ast.unparse(value)[:60]}")
    assert lost == [], lost
