"""``python -m openrouter_nb``: the command line (see :mod:`openrouter_nb.cli`)."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main()
