"""The command line, ``openrouter-nb`` / ``python -m openrouter_nb``: the main job offline, and every bad input.

Each bad input is one line on stderr naming the option and what it accepts, exit code 2, no
traceback; nothing is sent and no folder is made.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from openrouter_nb.cli.options import post_parser

ENV = {"PATH": "/usr/bin:/bin"}


def _cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openrouter_nb", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env={**ENV, "HOME": str(cwd)},
    )


def test_main_job_runs_offline_and_says_its_figures_are_emulated(tmp_path):
    result = _cli("--out", str(tmp_path / "posts"), "--no-video", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "running offline on the built-in emulator" in result.stderr
    assert "post for @mia.brews" in result.stdout  # the shipped persona, as Persona.example() gives it
    assert "emulated cost of this post: $" in result.stdout and "nothing was billed; 3 calls this run" in result.stdout
    assert "-m openrouter_nb notebooks my-notebooks" in result.stdout  # a hint that works for pip users too
    assert list((tmp_path / "posts").glob("*/preview.png"))


def test_a_second_run_resumes_and_pays_for_nothing(tmp_path):
    first = _cli("--out", "posts", "--no-video", cwd=tmp_path)
    again = _cli("--out", "posts", "--no-video", cwd=tmp_path)
    assert first.returncode == again.returncode == 0
    assert "resumed       caption, image_prompt, images, preview" in again.stdout
    assert "nothing was billed; 0 calls this run" in again.stdout


BAD_INPUTS = [
    (["--slides", "0"], "argument --slides: must be a whole number from 1 to the platform's limit, got '0'"),
    (["--slides", "21"], "argument --slides: instagram takes 1 to 20 images, got 21"),
    (["--platform", "x", "--slides", "5"], "argument --slides: x takes 1 to 4 images, got 5"),
    (["--persona", "me.yaml"], "argument --persona: persona files are .json or .toml, got 'me.yaml'"),
    (["--persona", "me.json"], "argument --persona: no persona file 'me.json'"),
    (["--persona", ""], "argument --persona: a description must be 1 to 300 characters, got 0"),
    (["--topic", ""], "argument --topic: must be 1 to 300 characters of text, got 0"),
    (["--topic", "x" * 5000], "argument --topic: must be 1 to 300 characters of text, got 5,000"),
    (["--budget", "abc"], "argument --budget: must be a positive number of USD such as 0.50, got 'abc'"),
    (["--budget", "inf"], "argument --budget: must be a positive number of USD such as 0.50, got 'inf'"),
    (["--budget", "0"], "argument --budget: must be a positive number of USD such as 0.50, got '0'"),
    (["--budget", "-2"], "argument --budget: must be a positive number of USD such as 0.50, got '-2'"),
    (["--seed", "x"], "argument --seed: must be a whole number, 0 or more, got 'x'"),
    (["--text-model", "gpt4"], "argument --text-model: must be a model id such as openai/gpt-4o-mini, got 'gpt4'"),
    (["--image-model", "no/such"], "argument --image-model: 'no/such' is not in the catalog of 549 models"),
    (["--platform", "myspace"], "argument --platform: invalid choice: 'myspace'"),
    (["--image-model", "openai/gpt-4o-mini"], "argument --image-model: 'openai/gpt-4o-mini' cannot make images"),
    (["--video-model", "openai/gpt-4o-mini"], "cannot make video (it outputs text); models that make video: "),
    (["--text-model", "bytedance/seedance-2.0-mini"], "argument --text-model: 'bytedance/seedance-2.0-mini' cannot"),
    (["--out", "a-file/posts"], "argument --out: 'a-file/posts' cannot be a folder: 'a-file' is a file"),
    (["--out", "/proc/posts"], "argument --out: cannot write in '/proc'"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["notebooks", "a-file"], "argument DIR: 'a-file' cannot be a folder: 'a-file' is a file"),
    (["notebooks", "/proc/nope"], "argument DIR: cannot write in '/proc'"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS, ids=[" ".join(a)[:40] for a, _ in BAD_INPUTS])
def test_every_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "a-file").write_text("not a folder")
    result = _cli(*args, cwd=tmp_path)
    lines = [line for line in result.stderr.splitlines() if "running offline" not in line]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("openrouter-nb") and message in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # nothing made, nothing left behind


def test_every_option_has_help_and_shows_its_default():
    parser = post_parser()
    for action in parser._actions:  # argparse keeps them here: there is no public list
        if action.dest in ("help", "version"):
            continue
        assert action.help and "(default:" in action.help, action.dest
    text = parser.format_help()
    assert "``" not in text and "openrouter-nb notebooks [DIR]" in text


def test_help_and_the_slide_limits_agree_with_the_platform_table():
    from openrouter_nb import FORMATS

    text = " ".join(post_parser().format_help().split())
    for name, fmt in FORMATS.items():
        assert f"{name} {fmt.max_slides}" in text


def test_a_budget_offline_is_checked_first_as_it_would_be_live(tmp_path):
    result = _cli("--budget", "0.5", "--out", "posts", cwd=tmp_path)
    assert result.returncode == 1 and "this run would cost, live, about $1.3" in result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("stopped: about $1.3")
    assert "Cheapest way under: add --no-video" in result.stderr and not (tmp_path / "posts").exists()
    fits = _cli("--budget", "0.5", "--no-video", "--out", "posts", cwd=tmp_path)
    assert fits.returncode == 0 and "emulated cost of this post: $0.0" in fits.stdout


def test_notebooks_counts_what_it_wrote_and_what_was_already_there(tmp_path):
    first = _cli("notebooks", "nb", cwd=tmp_path)
    made = sorted(p.name for p in (tmp_path / "nb").iterdir())
    assert first.returncode == 0 and f"{len(made)} files written in nb" in first.stdout
    assert "mia.json" in made and any(name.endswith(".png") for name in made)
    again = _cli("notebooks", "nb", cwd=tmp_path)
    assert f"0 files written, {len(made)} files already there, unchanged in nb" in again.stdout


@pytest.mark.parametrize("columns", ["60", "80", "100"])
def test_help_never_breaks_a_model_id_and_there_is_a_version(monkeypatch, tmp_path, columns):
    monkeypatch.setenv("COLUMNS", columns)
    text = post_parser().format_help()
    for model in ("openai/gpt-4o-mini", "google/gemini-2.5-flash-image", "bytedance/seedance-2.0-mini"):
        assert model in text, (columns, model)
    from openrouter_nb import __version__

    assert _cli("--version", cwd=tmp_path).stdout.strip() == f"openrouter-nb {__version__}"
