"""Fixtures every test module may use: a clean environment, the fake clock, the emulator and clients."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from openrouter_nb import OpenRouterClient
from openrouter_nb.emulator import DEMO_KEY, Emulator
from tests.support.helpers import BASE, FIGURES, FakeClock, Sleeps, no_sleep

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


@pytest.fixture
def clock() -> FakeClock:
    """The fake clock, at 0 until a test moves it."""
    return FakeClock()


@pytest.fixture
def advance(clock: FakeClock):
    """A sleep that moves the fake clock instead of waiting (for video polls and retries)."""

    async def sleep(seconds: float) -> None:
        clock.now += seconds

    return sleep


@pytest.fixture
def sleeps() -> Sleeps:
    """A sleep that records what it was asked to wait and takes no time."""
    return Sleeps()


@pytest.fixture
def emulator() -> Emulator:
    """A fresh in-process emulator (seed 3, generations visible at once)."""
    return Emulator(seed=3, generation_lag_s=0.0)


@pytest.fixture
async def client(emulator: Emulator) -> AsyncIterator[OpenRouterClient]:
    """A client on the ``emulator`` fixture, with instant retries."""
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, sleep=no_sleep) as c:
        yield c


@pytest.fixture
async def http(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """Raw httpx on the ``emulator`` fixture, for checking the wire itself."""
    async with httpx.AsyncClient(transport=emulator, base_url=BASE) as raw:
        yield raw


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures tests measured (conformance counts …), so CI's output shows them."""
    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
