"""Hostile and broken responses: every case ends in a typed error, in time, in bounded memory.

The hostile server (``tests/support/hostile.py``) offers 3 GB per response in every broken way a bad
proxy could; each case's client runs in a fresh subprocess that measures its own peak RSS. The
table is printed at the end of the run (``conftest.pytest_terminal_summary``).
"""

from __future__ import annotations

import os
import stat

import httpx
import pytest

from openrouter_nb.creator.copywriting import Brief
from openrouter_nb.creator.pipeline import create_post
from openrouter_nb.errors import InvalidMediaError, UnsafeURLError
from openrouter_nb.media import ImageResult, decode_images
from tests.support.helpers import FIGURES, TEXT, make_client
from tests.support.hostile import CASES, CLIENT_TIMEOUT, render, run_case


async def test_every_hostile_case_is_bounded():
    outcomes = [await run_case(case) for case in CASES]
    FIGURES.append("hostile responses:\n" + render(outcomes))
    unbounded = [(o.case, o.call, o.outcome, o.seconds, o.peak_rss_mb, o.detail) for o in outcomes if not o.bounded]
    assert unbounded == []
    by_case = {(o.case, o.call): o for o in outcomes}
    # the id is one path segment, encoded, however it is written
    traversal = by_case[("traversal", "download_video_traversal")]
    assert any("..%2F..%2F..%2Fevil" in path for path in traversal.paths) and not any(
        "/evil/" in p for p in traversal.paths
    )
    assert all(o.seconds < CLIENT_TIMEOUT + 5 for o in outcomes)


async def test_urls_from_responses_are_checked():
    from openrouter_nb.client.reading import check_url

    client = make_client(lambda r: httpx.Response(200, content=b""))

    def check(url: str, what: str) -> str:
        return check_url(url, client.base_url, what)

    assert check("https://cdn.example/a.png", "x") and check("https://openrouter.ai/api/v1/videos/j/content", "x")
    for url in (
        "http://cdn.example/a.png",
        "ftp://x/a",
        "https://127.0.0.1/a",
        "https://10.0.0.2/a",
        "https://localhost/a",
        "file:///etc/passwd",
    ):
        with pytest.raises(UnsafeURLError):
            check(url, "image download")
    with pytest.raises(UnsafeURLError, match="only https"):
        await client.fetch_images([ImageResult(b"", url="http://cdn.example/a.png")])
    await client.close()


def test_images_are_checked_before_anything_keeps_them():
    import base64

    from tests.support.hostile import _png_header

    def png(width: int, height: int) -> dict:
        return {
            "data": [{"b64_json": base64.b64encode(_png_header(width, height)).decode(), "media_type": "image/png"}]
        }

    with pytest.raises(InvalidMediaError, match="too many pixels"):
        decode_images(png(20000, 20000))  # past Pillow's own guard
    with pytest.raises(InvalidMediaError, match="12000 x 12000"):
        decode_images(png(12000, 12000))  # past ResponseLimits.image_pixels, checked from the header
    assert decode_images(png(12000, 12000), max_pixels=200_000_000)  # the documented way to accept it
    html = {"data": [{"b64_json": base64.b64encode(b"<html>no</html>").decode(), "media_type": "image/png"}]}
    with pytest.raises(InvalidMediaError, match="in the response is not a PNG, JPEG, GIF, WebP or SVG image") as info:
        decode_images(html)
    assert "html" not in str(info.value)  # the message names what is wrong, never the bytes


async def test_post_files_are_readable_by_others_and_long_topics_get_short_names(client, tmp_path):
    post = await create_post(
        client,
        Brief(persona="Mia", topic="x" * 250),
        text_model=TEXT,
        image_model="google/gemini-2.5-flash-image",
        out_dir=tmp_path,
    )
    assert len(post.folder.name) <= 70  # bounded, hash kept
    umask = os.umask(0)
    os.umask(umask)
    for path in post.folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path.name
    other = await create_post(
        client,
        Brief(persona="Mia", topic="x" * 251),
        text_model=TEXT,
        image_model="google/gemini-2.5-flash-image",
        out_dir=tmp_path,
    )
    assert other.folder != post.folder
