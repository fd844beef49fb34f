"""The main job, ``python -m openrouter_nb``: a whole post, offline, from a fresh process."""

from __future__ import annotations

import subprocess
import sys


def test_main_job_runs_offline(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "openrouter_nb", "--out", str(tmp_path), "--no-video"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "running offline on the built-in emulator" in result.stderr
    assert "preview image:" in result.stdout and "jupyter lab notebooks/" in result.stdout
    assert list(tmp_path.glob("*/preview.png"))
