"""The committed notebooks: small, executed, no errors or warnings, no secrets, ignore tags only on widget cells.

nbval (``make test``) re-executes them and compares every output; this checks the files themselves.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9]*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
KEY = re.compile(r"sk-or-(v1-)?[A-Za-z0-9]{16,}")


def test_the_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01_explore_models.ipynb",
        "02_compare_pricing.ipynb",
        "03_prompt_to_image.ipynb",
        "04_post_studio.ipynb",
        "05_quality_per_dollar.ipynb",
        "06_arena.ipynb",
        "07_whats_new.ipynb",
        "08_week_of_posts.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_file(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.encode()) < 1_000_000
    assert not KEY.search(text)
    assert not re.search(r"0x[0-9a-f]{8,}", text), "memory address in an output"
    nb = json.loads(text)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["execution_count"] is not None for c in code), "every cell executed"
    for cell in code:
        outputs = cell["outputs"]
        assert all(o["output_type"] != "error" for o in outputs)
        # a library's warning in a stored output holds the path of the machine that ran it: nbval fails
        # elsewhere (the package's own one-line notices are fine)
        warnings = [
            o for o in outputs if o.get("name") == "stderr" and re.search(r"Warning|site-packages", "".join(o["text"]))
        ]
        assert not warnings, f"a warning in: {''.join(cell['source'])[:60]}"
        tags = cell.get("metadata", {}).get("tags", [])
        if "nbval-ignore-output" in tags:
            assert any(WIDGET in o.get("data", {}) for o in outputs), "ignore-output only on widget cells"


def test_a_shown_stream_is_one_output():
    """``show_stream`` grows one output in place: a stored notebook keeps one, not one per delta."""
    cells = [
        cell
        for path in NOTEBOOKS
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "code" and "show_stream(" in "".join(cell["source"])
    ]
    assert cells, "a notebook shows a stream"
    for cell in cells:
        assert len([o for o in cell["outputs"] if o["output_type"] in ("stream", "display_data")]) == 1
