"""Re-execute the example notebooks in place on the offline emulator (``make notebooks``).

Outputs are what nbval compares in CI, so they must come out the same on every run: the key is
unset (offline emulator), timing metadata is not recorded, widget state is not stored, and widget
model ids (random per kernel) are replaced by stable placeholders.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def stable_widget_ids(nb: nbformat.NotebookNode) -> None:
    counter = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                counter += 1
                view["model_id"] = f"widget-{counter:04d}"


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    stable_widget_ids(nb)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


def main(names: list[str]) -> None:
    os.environ.pop("OPENROUTER_API_KEY", None)
    shutil.rmtree(NOTEBOOKS / "output", ignore_errors=True)
    paths = [NOTEBOOKS / n for n in names] if names else sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
    for path in paths:
        run(path)


if __name__ == "__main__":
    main(sys.argv[1:])
