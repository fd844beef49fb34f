from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SNAPSHOTS = sorted(DATA.glob("models-*.json"))
ENV_VARS = (
    "OPENROUTER_API_KEY",
    "OPENROUTER_BASE_URL",
    "OPENROUTER_APP_URL",
    "OPENROUTER_APP_TITLE",
    "OPENROUTER_NB_CACHE_DIR",
    "OPENROUTER_NB_OUTPUT_DIR",
)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the real API by accident: the key and URLs are unset for every test."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def load_snapshot(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["data"]


@pytest.fixture(params=SNAPSHOTS, ids=[p.stem for p in SNAPSHOTS])
def snapshot(request: pytest.FixtureRequest) -> list[dict]:
    """Each real ``GET /models`` snapshot copied into tests/data."""
    return load_snapshot(request.param)


@pytest.fixture(scope="session")
def bundled_catalog() -> list[dict]:
    """The full real catalog the package ships (facts only)."""
    from openrouter_nb.emulator.catalog import load_catalog

    return load_catalog()
