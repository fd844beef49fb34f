"""Files from others stay harmless: personas, post folders, vote logs and catalog snapshots, made hostile.

Beside the hostile servers (``test_hostile.py``): each case below is a shared file made to reach
out of its folder, to leak what it points at, or to exhaust time and memory. Every case must end
in its documented outcome (a clear one-line ``ValueError``, or a post that starts over with a
warning), in bounded time and memory, and never read, send or write anything outside its folder.
The cases and their outcomes are printed at the end of the run.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from openrouter_nb import Brief, OpenRouterClient, Persona, arena_leaderboard, create_post, diff_catalogs
from openrouter_nb.arena import read_votes
from openrouter_nb.creator.calendar import export_posts
from openrouter_nb.creator.journal import MANIFEST, load_manifest
from openrouter_nb.emulator import DEMO_KEY, Emulator
from openrouter_nb.emulator.pictures import render_png
from tests.support.helpers import FIGURES, IMAGE, TEXT

OUTCOMES: list[tuple[str, str, float, float]] = []  # case, outcome, seconds, peak MB
PNG = render_png("a picture outside the folder", 1)  # a real image: the one that must never be sent
TAKES_REFERENCES = "google/gemini-2.5-flash-image"


def _measured(case: str, run: Callable[[], str]) -> str:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        outcome = run()
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    OUTCOMES.append((case, outcome, seconds, peak))
    assert seconds < 5 and peak < 64, (case, seconds, peak)
    return outcome


def _refusal(call: Callable[[], object]) -> str:
    """The one line a refusal says (and that it is one line, a ValueError, with no file content in it)."""
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message and "root:x" not in message and "PNG\r\n" not in message
    return re.sub(r"'/tmp/[^']*/([^/']+)'", r"'\1'", message)  # the table shows file names, not scratch paths


def _persona_file(folder: Path, **fields) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "persona.json"
    path.write_text(json.dumps({"name": "Eve", "handle": "@eve", **fields}))
    return path


@pytest.fixture(scope="module", autouse=True)
def _table():
    """After the module: the table of every case and its outcome, printed at the end of the run."""
    yield
    if OUTCOMES:
        width = max(len(case) for case, *_ in OUTCOMES)
        FIGURES.append(f"hostile files: {len(OUTCOMES)} cases, each ended as documented")
        for case, outcome, seconds, peak in OUTCOMES:
            FIGURES.append(f"  {case:<{width}}  {outcome[:100]:<100}  {seconds:5.2f} s  {peak:5.1f} MB")


@pytest.fixture
def outside(tmp_path) -> Path:
    """A real picture outside every persona folder of the test."""
    path = tmp_path / "private" / "holiday.png"
    path.parent.mkdir()
    path.write_bytes(PNG)
    return path


# -- personas --------------------------------------------------------------------------------------

PERSONA_REFERENCES = [
    ("reference ../../../../etc/passwd", "../../../../etc/passwd", "leads out of the persona's folder (..)"),
    ("reference /etc/passwd", "/etc/passwd", "is an absolute path"),
    ("reference ~/Pictures/me.png", "~/Pictures/me.png", "is an absolute path"),
    ("reference ../private/holiday.png (a real image)", "../private/holiday.png", "leads out of the persona's folder"),
]


@pytest.mark.parametrize(("case", "reference", "why"), PERSONA_REFERENCES, ids=[c for c, _, _ in PERSONA_REFERENCES])
def test_a_persona_reference_outside_its_folder_is_refused(tmp_path, outside, case, reference, why):
    path = _persona_file(tmp_path / "shared", references=[reference])
    message = _measured(case, lambda: _refusal(lambda: Persona.load(path)))
    assert why in message and "persona 'Eve'" in message and reference[:40] in message
    assert "Persona(references=[...])" in message  # how to give an outside picture on purpose


async def test_a_symlink_that_leaves_the_folder_is_refused_and_nothing_is_sent(tmp_path, outside):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "me.png").symlink_to(outside)  # looks local, leads to the holiday picture
    path = _persona_file(folder, references=["me.png"])
    message = _measured("reference me.png -> a link out of the folder", lambda: _refusal(lambda: Persona.load(path)))
    assert "is a link that leads out of the persona's folder" in message
    emulator = Emulator(seed=1)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        with pytest.raises(ValueError):
            await create_post(client, Brief(Persona.load(path), "x"), text_model=TEXT, image_model=IMAGE)
        # the documented escape hatch: a picture given in code is sent, and that is the only way
        mine = Persona("Eve", "@eve", references=[outside])
        await create_post(
            client, Brief(mine, "a beach"), text_model=TEXT, image_model=TAKES_REFERENCES, out_dir=tmp_path
        )
    sent = [json.dumps(r.json) for r in emulator.requests if r.json]
    picture = base64.b64encode(PNG).decode()
    assert sum(picture in body for body in sent) == 1  # only the in-code persona's post sent it


def test_a_reference_that_is_not_an_image_names_the_file_not_its_bytes(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "notes.png").write_text("root:x:0:0:root:/root:/bin/bash\n")
    path = _persona_file(folder, references=["notes.png"])
    message = _measured("reference notes.png that is text", lambda: _refusal(lambda: Persona.load(path)))
    assert "notes.png" in message and "is not a PNG, JPEG, GIF, WebP or SVG image" in message
    assert "response" not in message  # a local file is not a server's response


@pytest.mark.parametrize(
    ("case", "content", "expected"),
    [
        ("persona file of 100 MB", None, "is over 64 KiB"),
        ("persona JSON nested 20,000 deep", "[" * 20_000 + "]" * 20_000, "nested too deeply"),
        (
            "persona with a list for a name",
            '{"name": [1], "handle": "@eve"}',
            "persona.name must be a non-empty string",
        ),
        ("persona with a dict of platforms", '{"name": "E", "handle": "@e", "platforms": {"a": 1}}', "platforms"),
        ("persona with one path for references", '{"name": "E", "handle": "@e", "references": "a.png"}', "list"),
        (
            "persona with a 10,000-character bio",
            json.dumps({"name": "E", "handle": "@e", "bio": "x" * 10_000}),
            "2,000",
        ),
        ("persona that is not UTF-8", b"\xff\xfe{", "is not valid JSON"),
    ],
)
def test_hostile_persona_files_are_clear_errors_in_bounded_time(tmp_path, case, content, expected):
    path = tmp_path / "persona.json"
    if content is None:
        with path.open("wb") as handle:  # sparse: 100 MB that take no disk
            handle.truncate(100 * 2**20)
    else:
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert expected in _measured(case, lambda: _refusal(lambda: Persona.load(path)))


def test_a_deeply_nested_toml_persona_is_a_clear_error(tmp_path):
    path = tmp_path / "persona.toml"
    path.write_text("name = 'E'\nhandle = '@e'\nbio = " + "[" * 20_000 + "]" * 20_000 + "\n")
    message = _measured("persona TOML nested 20,000 deep", lambda: _refusal(lambda: Persona.load(path)))
    assert "is not valid TOML" in message


def test_the_summary_says_which_pictures_a_persona_sends():
    assert (
        Persona.example()
        .summary()
        .endswith("sends 1 reference picture to image models that take them: mia-reference.png")
    )


# -- post folders and their manifests -------------------------------------------------------------


async def _post(client, out_dir):
    return await create_post(client, Brief("Mia", "latte art"), text_model=TEXT, image_model=IMAGE, out_dir=out_dir)


MANIFESTS = [
    ("manifest naming ../../etc/passwd as an image", lambda m: m["steps"]["images"].update(files=["../../etc/passwd"])),
    ("manifest naming /etc/passwd as the preview", lambda m: m["steps"]["preview"].update(file="/etc/passwd")),
    ("manifest with a caption that is a number", lambda m: m["steps"]["caption"].update(text=5)),
    ("manifest whose steps are a list", lambda m: m.update(steps=[1, 2])),
    ("manifest with a cost that is text", lambda m: m["steps"]["caption"].update(cost="free")),
]


@pytest.mark.parametrize(("case", "spoil"), MANIFESTS, ids=[c for c, _ in MANIFESTS])
async def test_a_manifest_that_names_files_outside_or_has_the_wrong_shape_starts_over(tmp_path, caplog, case, spoil):
    emulator = Emulator(seed=1)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        post = await _post(client, tmp_path)
        manifest = json.loads((post.folder / MANIFEST).read_text())
        spoil(manifest)
        (post.folder / MANIFEST).write_text(json.dumps(manifest))
        paid = len(emulator.calls("chat"))

        async def again():
            with caplog.at_level(logging.WARNING, logger="openrouter_nb"):
                return await _post(client, tmp_path)

        start = time.perf_counter()
        redone = await again()
        OUTCOMES.append((case, "started over, with a one-line warning", time.perf_counter() - start, 0.0))
    assert redone.resumed_steps == [] and len(emulator.calls("chat")) > paid  # nothing of it was trusted
    warnings = [r.getMessage() for r in caplog.records if "cannot be trusted" in r.getMessage()]
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert load_manifest(redone.folder)["complete"] is True
    assert all(p.parent == redone.folder for p in redone.images)


@pytest.mark.parametrize(
    ("case", "content"),
    [
        ("manifest of 5 GB", None),
        ("manifest nested 100,000 deep", "[" * 100_000 + "]" * 100_000),
        ("manifest that is not JSON", '{"steps": {"capt'),
    ],
)
def test_an_unreadable_manifest_is_no_manifest(tmp_path, case, content):
    path = tmp_path / MANIFEST
    if content is None:
        with path.open("wb") as handle:
            handle.truncate(5 * 2**30)
    else:
        path.write_text(content)
    assert _measured(case, lambda: "no manifest: the post starts over" if load_manifest(tmp_path) is None else "read")
    assert load_manifest(tmp_path) is None


async def test_a_post_file_that_is_a_link_out_is_neither_trusted_nor_followed_nor_exported(tmp_path, outside):
    emulator = Emulator(seed=1)
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        post = await _post(client, tmp_path / "posts")
        (post.folder / "image-1.png").unlink()
        (post.folder / "image-1.png").symlink_to(outside)  # a shared folder whose picture leads elsewhere
        (post.folder / "notes.txt").symlink_to(outside)
        again = await _post(client, tmp_path / "posts")
    assert outside.read_bytes() == PNG  # never written through the link
    assert not (again.folder / "image-1.png").is_symlink() and "images" not in again.resumed_steps
    import zipfile

    names = zipfile.ZipFile(export_posts(tmp_path / "posts", tmp_path / "out.zip")).namelist()
    assert not any(name.endswith("notes.txt") for name in names)  # a link is not exported
    OUTCOMES.append(("post file image-1.png -> a link out of the folder", "made again, link not followed", 0.0, 0.0))


async def test_a_post_folder_that_is_a_link_is_refused(tmp_path):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=Emulator(seed=1)) as client:
        post = await _post(client, tmp_path / "posts")
        real = tmp_path / "elsewhere"
        post.folder.rename(real)
        post.folder.symlink_to(real, target_is_directory=True)
        with pytest.raises(ValueError, match="is a symbolic link"):
            await _post(client, tmp_path / "posts")
    OUTCOMES.append(("post folder that is a link elsewhere", "refused: ValueError, nothing written", 0.0, 0.0))


# -- vote logs and catalog snapshots ---------------------------------------------------------------


def _votes(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def test_hostile_vote_logs_are_skipped_line_by_line_or_refused_whole(tmp_path):
    good = {"models": ["a/x", "b/y"], "winner": "a/x", "costs": {"a/x": 0.01}, "kind": "text"}
    lines = [
        good,
        "[" * 100_000 + "]" * 100_000,  # nested too deeply
        {"models": ["a/x", "b/y"], "winner": "c/z"},  # a winner who was not there
        {"models": ["a/x", "b/y"], "winner": "a/x", "costs": [1, 2]},  # costs of the wrong type
        {"models": [f"m/{i}" for i in range(10_000)], "winner": None},  # one vote of 10,000 models
        {"models": "a/x"},
        "x" * 200_000,  # a line too long to be a vote
    ]
    path = _votes(tmp_path / "votes.jsonl", lines)
    kept = _measured(
        "vote log with 6 hostile lines among good ones", lambda: f"{len(read_votes(path))} of 7 lines kept"
    )
    assert kept == "2 of 7 lines kept" and len(arena_leaderboard(path)) == 2  # the costs list is dropped, not fatal
    many = _votes(tmp_path / "many.jsonl", [{"models": [f"m/{i}", f"n/{i}"], "winner": None} for i in range(300)])
    assert "names 600 models" in _measured("vote log naming 600 models", lambda: _refusal(lambda: read_votes(many)))
    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as handle:
        handle.truncate(40 * 2**20)
    assert "is over 32 MiB" in _measured("vote log of 40 MB", lambda: _refusal(lambda: read_votes(huge)))


def test_hostile_catalog_snapshots_are_clear_errors(tmp_path):
    deep = tmp_path / "models-2026-01-01.json"
    deep.write_text('{"data": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "nested too deeply" in _measured(
        "catalog snapshot nested 100,000 deep", lambda: _refusal(lambda: diff_catalogs(deep, deep))
    )
    huge = tmp_path / "models-2026-01-02.json"
    with huge.open("wb") as handle:
        handle.truncate(300 * 2**20)
    assert "is over 256 MiB" in _measured(
        "catalog snapshot of 300 MB", lambda: _refusal(lambda: diff_catalogs(huge, huge))
    )
    odd = tmp_path / "models-2026-01-03.json"
    odd.write_text(json.dumps({"data": [{"id": 5}, "x", {"id": "a/b", "pricing": [1], "name": {"x": 1}}]}))
    frame = diff_catalogs(odd, odd)
    OUTCOMES.append(("catalog snapshot with models of the wrong types", "models without an id left out", 0.0, 0.0))
    assert frame.empty
