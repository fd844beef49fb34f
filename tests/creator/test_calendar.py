"""Variants across models, generate_many broadcasting, the content calendar, the export bundle."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from openrouter_nb import (
    Persona,
    caption_variants,
    create_posts,
    export_posts,
    generate_many,
    image_variants,
    plan_posts,
)
from openrouter_nb.creator.copywriting import Brief
from openrouter_nb.emulator import Fault

TEXT = ["openai/gpt-4o-mini", "google/gemini-2.5-flash", "mistralai/mistral-nemo"]
IMAGES = ["google/gemini-2.5-flash-image", "qwen/qwen-image-3"]


async def test_generate_many_broadcasts_one_prompt_over_models_and_prompts_over_a_model(client):
    across = await generate_many(client, ["one caption"], TEXT, progress=False)
    assert [item.model for item in across] == TEXT and all(item.prompt == "one caption" for item in across)
    single = await generate_many(client, "one caption", TEXT, progress=False)
    assert [item.model for item in single] == TEXT
    over = await generate_many(client, ["a", "b"], TEXT[0], progress=False)
    assert [(i.prompt, i.model) for i in over] == [("a", TEXT[0]), ("b", TEXT[0])]
    with pytest.raises(ValueError, match="2 prompts and 3 models"):
        await generate_many(client, ["a", "b"], TEXT, progress=False)


async def test_caption_variants_compare_models_within_the_platform(client, emulator):
    brief = Brief(Persona.example(), "rainy day cafe", platform="x")
    emulator.script("chat", Fault.error(400, message="no"))
    frame = await caption_variants(client, brief, TEXT, seed=3)
    assert list(frame["model"]) == TEXT and list(frame.columns)[:5] == [
        "model",
        "output",
        "characters",
        "cost",
        "latency_s",
    ]
    ok = frame[frame["error"].isna()]
    assert len(ok) == 2 and (ok["characters"] <= 280).all() and (ok["cost"] > 0).all()
    assert frame["error"].notna().sum() == 1


async def test_image_variants_give_one_picture_per_model(client):
    frame = await image_variants(client, "a neon cafe sign", IMAGES, aspect_ratio="9:16", seed=1)
    assert [row.output.data[:4] for row in frame.itertuples()] == [b"\x89PNG"] * 2
    with pytest.raises(ValueError, match="non-empty list"):
        await image_variants(client, "x", [])


def test_plan_posts_spreads_topics_over_posting_days():
    plan = plan_posts(Persona.example(), ["a", "b", "c", "d"], start="2026-12-02", per_week=2)
    assert len(plan) == 8 and set(plan["platform"]) == {"instagram", "tiktok"}
    dates = sorted(set(plan["date"]))
    assert dates[0] >= "2026-12-02" and len(dates) == 4
    with pytest.raises(ValueError, match="per_week"):
        plan_posts(Persona.example(), ["a"], start="2026-12-02", per_week=9)
    with pytest.raises(ValueError, match="unknown platform"):
        plan_posts(Persona.example(), ["a"], ["myspace"], start="2026-12-02")


async def test_create_posts_stops_at_the_budget_and_resumes_for_free(client, tmp_path):
    plan = plan_posts(
        Persona.example(), ["latte art", "rainy window", "plant shelf"], ["instagram"], start="2026-12-01"
    )
    kwargs = {"text_model": TEXT[0], "image_model": IMAGES[0], "out_dir": tmp_path, "progress": False, "concurrency": 1}
    with pytest.raises(ValueError, match="budget"):
        await create_posts(client, plan, Persona.example(), budget=0, **kwargs)
    first = await create_posts(client, plan, Persona.example(), budget=0.05, **kwargs)
    assert list(first["status"]) == ["done", "skipped (budget)", "skipped (budget)"]
    assert first["cost"].sum() <= 0.05
    again = await create_posts(client, plan, Persona.example(), **kwargs)
    assert list(again["status"]) == ["resumed", "done", "done"] and again["cost"].iloc[0] == 0


async def test_export_writes_every_asset_and_a_scheduler_csv(client, tmp_path):
    plan = plan_posts(Persona.example(), ["latte art", "plant shelf"], ["tiktok"], start="2026-12-01")
    await create_posts(client, plan, Persona.example(), text_model=TEXT[0], image_model=IMAGES[0],
                       out_dir=tmp_path / "posts", progress=False)  # fmt: skip
    bundle = export_posts(tmp_path / "posts", tmp_path / "export.zip")
    with zipfile.ZipFile(bundle) as z:
        rows = list(csv.DictReader(io.StringIO(z.read("posts.csv").decode())))
        names = set(z.namelist())
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows) and len(rows) == 2
    for row in rows:
        assert row["platform"] == "tiktok" and row["image"] in names and row["preview"] in names
        assert row["hashtags"].count("#") == 5 and float(row["cost_usd"]) > 0
    with pytest.raises(ValueError, match="no posts"):
        export_posts(tmp_path / "empty", tmp_path / "x.zip")


async def test_bad_arguments_raise_before_any_call_and_make_no_folder(client, emulator, tmp_path):
    plan = plan_posts(Persona.example(), ["latte art"], ["tiktok"], start="2026-12-01")
    (tmp_path / "a-file").write_text("x")
    good = {"text_model": TEXT[0], "image_model": IMAGES[0], "progress": False, "out_dir": tmp_path / "posts"}
    for bad, message in [
        ({"text_model": ...}, "text_model must be a model id"),
        ({"image_model": "gemini"}, "image_model must be a model id"),
        ({"seed": -1}, "seed must be"),
        ({"concurrency": 0}, "concurrency must be"),
        ({"out_dir": tmp_path / "a-file" / "posts"}, "is a file"),
    ]:
        with pytest.raises(ValueError, match=message):
            await create_posts(client, plan, Persona.example(), **{**good, **bad})
    with pytest.raises(ValueError, match="persona must be a Persona"):
        await create_posts(client, plan, "Mia", **good)
    assert emulator.calls("chat") == [] and sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


async def test_a_cancelled_calendar_resumes_and_exports_only_finished_posts(client, emulator, tmp_path):
    import asyncio

    plan = plan_posts(Persona.example(), ["latte art", "rainy window"], ["instagram"], start="2026-12-01")
    kwargs = {"text_model": TEXT[0], "image_model": IMAGES[0], "out_dir": tmp_path, "progress": False, "concurrency": 2}
    emulator.core.latency = 0.02
    task = asyncio.create_task(create_posts(client, plan, Persona.example(), **kwargs))
    while len(emulator.calls("images")) < 1:
        await asyncio.sleep(0.005)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    with pytest.raises(ValueError, match="no finished posts"):  # nothing finished yet: nothing to export
        export_posts(tmp_path, tmp_path.parent / f"{tmp_path.name}-half.zip")
    paid_before = len(emulator.calls("chat"))
    made = await create_posts(client, plan, Persona.example(), **kwargs)
    assert set(made["status"]) <= {"done", "resumed"} and "resumed" in set(made["status"])
    assert len(emulator.calls("chat")) - paid_before < 4  # the captions made before the interrupt were kept
    bundle = export_posts(tmp_path, tmp_path.parent / f"{tmp_path.name}.zip")
    with zipfile.ZipFile(bundle) as z:
        rows = list(csv.DictReader(io.StringIO(z.read("posts.csv").decode())))
    assert len(rows) == 2 and {row["emulated"] for row in rows} == {"yes"}  # made offline: labelled
