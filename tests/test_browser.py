"""The notebooks and widgets in a real JupyterLab, driven by headless Chromium (marked ``browser``).

It installs nothing: it needs Debian's ``chromium`` (``.ci/run`` installs it) and Python Playwright
(the ``browser`` extra, which drives the system Chromium: no browser download), and skips with a
clear message without them (under ``CI=true`` that skip is a failure). It starts JupyterLab on 127.0.0.1 with
a random port and token on a scratch copy of the notebooks, runs every cell on the embedded
emulator, and checks what a user sees. Screenshots go to ``ci-artifacts/screenshots/`` (ignored
by git). JupyterLab and Chromium are stopped even when a check fails.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "ci-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
RUN_TIMEOUT_MS = 120_000


def _skip(reason: str) -> None:
    """Skip with a clear reason; under CI (``CI=true``) a missing piece is a failure, not a skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run installs it, so its absence is an error)")
    pytest.skip(reason)


def _require_chromium() -> str:
    if not Path(CHROMIUM).exists():
        _skip(f"no Chromium at {CHROMIUM}: install Debian's 'chromium' package (.ci/run does) to run the browser test")
    return CHROMIUM


def _require_playwright() -> None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        _skip("Python Playwright is not installed: pip install -e '.[browser]' (make test does)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(root: Path) -> Iterator[str]:
    """JupyterLab serving ``root`` on 127.0.0.1; yields its base URL with the token."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENROUTER_")}  # offline: the emulator
    log = open(root / "jupyterlab.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if process.poll() is not None:
                raise RuntimeError("JupyterLab exited: " + (root / "jupyterlab.log").read_text()[-2000:])
            time.sleep(0.3)
        else:
            raise RuntimeError("JupyterLab did not start within 90 s")
        yield f"http://127.0.0.1:{port}", token
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
        log.close()


def _run_all_cells(page, url: str, token: str, notebook: str) -> None:
    """Open a notebook, wait for its kernel, run every cell, wait until all have run."""
    page.goto(f"{url}/lab/tree/{notebook}?token={token}&reset", wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=60_000)
    page.wait_for_function(
        f"""() => {{
            const w = window.jupyterapp.shell.currentWidget;
            return w && w.context && w.context.path.endsWith('{notebook}') && w.sessionContext
                && w.sessionContext.session && w.sessionContext.session.kernel
                && w.sessionContext.session.kernel.status === 'idle';
        }}""",
        timeout=90_000,
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp.shell.currentWidget;
            const prompts = [...w.node.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
            return prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t))
                && w.sessionContext.session.kernel.status === 'idle';
        }""",
        timeout=RUN_TIMEOUT_MS,
    )


def _assert_no_errors(page) -> None:
    text = page.locator(".jp-NotebookPanel").first.inner_text()
    assert "Error displaying widget" not in text
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0
    assert "Traceback" not in text


def _screenshot_whole(page, element, path: Path) -> None:
    """A screenshot of an element taller than the window: the window grown to hold it, notices closed."""
    for answer in page.locator(".jp-toast-button:has-text('No')").all():  # "get notified about Jupyter news?"
        answer.click()
    height = element.evaluate("e => e.getBoundingClientRect().height")
    page.set_viewport_size({"width": 1400, "height": int(height) + 400})
    element.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # the notebook lays itself out again at the new size
    element.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def _options(picker) -> int:
    return picker.locator(".widget-select select option").count()


def test_notebooks_and_widgets_in_jupyterlab(tmp_path):
    chromium = _require_chromium()
    _require_playwright()
    from playwright.sync_api import sync_playwright

    work = tmp_path / "lab"
    shutil.copytree(ROOT / "notebooks", work, ignore=shutil.ignore_patterns("output", ".ipynb_checkpoints"))
    from openrouter_nb import Persona

    Persona.example().save(work / "mia.json")  # the file the studio loads
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "failure.png").unlink(missing_ok=True)
    with jupyterlab(work) as (url, token), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)

            # 01: the model picker renders, search narrows it, choosing updates the detail pane
            _run_all_cells(page, url, token, "01_explore_models.ipynb")
            picker = page.locator(".widget-vbox:has(> .widget-text)").filter(has=page.locator(".widget-select")).first
            picker.wait_for()
            picker.scroll_into_view_if_needed()
            picker.locator(".widget-dropdown select").first.select_option("all")  # the task filter
            page.wait_for_function("() => document.querySelector('.widget-select select').options.length > 100")
            before = _options(picker)
            search = picker.locator(".widget-text input").first
            search.fill("")
            search.type("flux", delay=20)
            page.wait_for_function(  # every keystroke refilters; wait for the last one
                """([n]) => {
                    const options = [...document.querySelector('.widget-select select').options];
                    return options.length < n && options.every(o => o.text.toLowerCase().includes('flux'));
                }""",
                arg=[before],
            )
            narrowed = _options(picker)
            assert 1 < narrowed < before
            options = picker.locator(".widget-select select")
            label = options.locator("option").nth(narrowed - 1).inner_text()
            options.select_option(index=narrowed - 1)  # a click in the list
            name = label.replace("\xa0", " ").split("·")[0].strip()  # ipywidgets renders spaces as nbsp
            picker.locator(f"b:text-is('{name}')").wait_for()  # the detail pane now describes it
            picker.screenshot(path=str(SCREENSHOTS / "picker.png"))
            _assert_no_errors(page)

            # 04: the studio renders; Generate shows an image and a cost
            _run_all_cells(page, url, token, "04_post_studio.ipynb")
            studio = page.locator(".widget-vbox:has(button:has-text('Generate'))").first
            studio.wait_for()
            assert _options(studio) > 5
            button = studio.locator("button:has-text('Generate')")
            studio.locator(".widget-text input").nth(4).fill("a sunset surf session")  # the Topic field
            button.scroll_into_view_if_needed()
            made = studio.locator(".post-card").count()  # the notebook's own cell made some already
            button.click()
            page.wait_for_function(  # the click itself makes a new post (in the kernel's loop)
                "([n]) => document.querySelectorAll('.widget-vbox .post-card').length > n",
                arg=[made],
                timeout=RUN_TIMEOUT_MS,
            )
            card = studio.locator(".post-card").first
            card.wait_for(timeout=RUN_TIMEOUT_MS)
            card.locator("img[alt='post preview']").wait_for()
            assert "$" in card.locator(".post-cost").inner_text()
            assert studio.locator("img[alt='post preview']").first.evaluate("img => img.naturalWidth") > 100
            studio.screenshot(path=str(SCREENSHOTS / "studio-after-generate.png"))
            _assert_no_errors(page)

            # the studio v2: a persona file, a 9:16 platform, a caption variant picked, Generate, Export
            studio.locator(".widget-text input").nth(3).fill("mia.json")  # the persona File field
            studio.locator("button:has-text('Load')").click()
            studio.locator("text=@mia.brews").first.wait_for()
            studio.locator(".widget-dropdown:has(label:text-is('Platform')) select").select_option("tiktok")
            studio.locator("text=9:16 · 1080×1920").first.wait_for()
            studio.locator("button:has-text('Caption variants')").click()
            radios = studio.locator(".widget-radio-box label")
            page.wait_for_function(
                "() => document.querySelectorAll('.widget-radio-box label').length >= 2", timeout=RUN_TIMEOUT_MS
            )
            radios.nth(1).click()
            slides = studio.locator(".widget-inline-hbox:has(label:text-is('Slides')) input")
            slides.fill("3")
            slides.press("Tab")  # the value reaches the kernel when the field is left
            studio.locator(".widget-checkbox:has-text('Also make a short video') input").check()
            cards = studio.locator(".post-card").count()
            button.click()
            page.wait_for_function(
                "([n]) => document.querySelectorAll('.widget-vbox .post-card').length > n",
                arg=[cards],
                timeout=RUN_TIMEOUT_MS,
            )
            newest = studio.locator("img[alt='post preview']").first
            width, height = newest.evaluate("img => [img.naturalWidth, img.naturalHeight]")
            assert height / width > 2.2  # a 9:16 picture, then every slide of the carousel with its line
            # the carousel flips slide by slide, each with its own line
            flipper = studio.locator(".slide-flipper").first
            flipper.locator("text=Slide 1 of 3").wait_for()
            flipper.locator("button:has-text('Next')").click()
            flipper.locator("text=Slide 2 of 3").wait_for()
            # the video plays in the platform's shape: Chromium decodes it (keyframe, then skipped blocks)
            video = studio.locator(".post-card video").first
            video.scroll_into_view_if_needed()
            page.wait_for_function("v => v.readyState >= 2", arg=video.element_handle(), timeout=30_000)
            assert video.evaluate("v => [v.videoWidth, v.videoHeight]") == [144, 256]
            video.evaluate("v => { v.muted = true; return v.play(); }")  # it plays on past its keyframe
            page.wait_for_function("v => v.currentTime > 1.5", arg=video.element_handle(), timeout=30_000)
            video.evaluate("v => v.pause()")
            studio.locator("button:has-text('Export')").click()
            studio.locator("text=Exported").first.wait_for()
            _screenshot_whole(page, studio, SCREENSHOTS / "studio-tiktok-carousel.png")
            _assert_no_errors(page)
        except Exception:
            page.screenshot(path=str(SCREENSHOTS / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()
