"""The command line, ``openrouter-nb`` (and ``python -m openrouter_nb``): make a post, or get the notebooks.

- ``openrouter-nb [options]``: one post end to end (:mod:`.post`; ``--help`` lists the options).
- ``openrouter-nb notebooks [DIR]``: the example notebooks, written into DIR (:mod:`.notebooks`).

Bad input is one line and exit 2; a refusal exit 1; Ctrl-C one line and exit 130, after which the
same command resumes where it stopped.
"""

from __future__ import annotations

import sys

__all__ = ["INTERRUPTED", "main"]

INTERRUPTED = "interrupted; run the same command again to resume"


def main(argv: list[str] | None = None) -> None:
    """Run the command line with ``argv`` (default: the process's arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["notebooks"]:
            from .notebooks import run_notebooks

            run_notebooks(args[1:])
        else:
            from .post import run_post

            run_post(args)
    except KeyboardInterrupt:
        sys.stderr.write(f"{INTERRUPTED}\n")
        raise SystemExit(130) from None
