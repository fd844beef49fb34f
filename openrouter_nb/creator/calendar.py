"""A content calendar: plan slots, make the posts within a budget (resumable), export for a scheduler.

``plan_posts`` → a DataFrame of slots (date, time, platform, topic); ``create_posts`` makes each
slot's post with :func:`~openrouter_nb.pipeline.create_post` (so every post keeps its manifest and
a re-run resumes without paying twice), at most ``concurrency`` at once, and stops starting posts
before the budget would be passed; ``export_posts`` writes a zip of every asset with a
``posts.csv`` that scheduling tools' bulk import can read.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._core.display import progress_bar
from .._core.files import atomic_write
from ..errors import OpenRouterError
from .copywriting import Brief
from .journal import MANIFEST, load_manifest
from .persona import Persona
from .pipeline import create_post
from .platforms import platform_format

if TYPE_CHECKING:
    import pandas as pd

    from ..client.client import OpenRouterClient

__all__ = ["CSV_COLUMNS", "create_posts", "export_posts", "plan_posts"]

SLOT = "slot.json"  # a post folder's calendar slot, written by create_posts
CSV_COLUMNS = ["date", "time", "platform", "caption", "hashtags", "image", "preview", "video", "cost_usd",
               "emulated", "text_model", "image_model", "folder"]  # fmt: skip
_WEEKDAYS = (0, 2, 4, 1, 3, 5, 6)  # Monday, Wednesday, Friday first: spread a few posts over a week


def plan_posts(
    persona: Persona,
    topics: Sequence[str],
    platforms: Sequence[str] | None = None,
    *,
    start: dt.date | str,
    per_week: int = 3,
    time: str = "09:00",
) -> pd.DataFrame:
    """Slots for ``topics`` (one post per topic and platform), ``per_week`` posting days a week from ``start``.

    ``platforms`` default to the persona's. Columns: ``date``, ``time``, ``platform``, ``topic``,
    ``handle``. Errors (unknown platform, no topics, ``per_week`` outside 1–7) come before anything.
    """
    import pandas as pd

    if not isinstance(persona, Persona):
        raise ValueError("persona must be a Persona (Persona.load(path) or Persona.example())")
    topics = [topics] if isinstance(topics, str) else list(topics)
    if not topics or not all(isinstance(t, str) and t.strip() for t in topics):
        raise ValueError("topics must be a non-empty list of non-empty strings")
    chosen = list(
        persona.platforms if platforms is None else ([platforms] if isinstance(platforms, str) else platforms)
    )
    for name in chosen:
        platform_format(name)
    if not isinstance(per_week, int) or not 1 <= per_week <= 7:
        raise ValueError("per_week must be an integer from 1 to 7")
    day = dt.date.fromisoformat(start) if isinstance(start, str) else start
    dt.time.fromisoformat(time)  # a clear ValueError for '9am'
    days = sorted(_WEEKDAYS[:per_week])
    week_start = day - dt.timedelta(days=day.weekday())
    dates: list[dt.date] = []
    week = 0
    while len(dates) < len(topics):
        for weekday in days:
            candidate = week_start + dt.timedelta(weeks=week, days=weekday)
            if candidate >= day and len(dates) < len(topics):
                dates.append(candidate)
        week += 1
    rows = [
        {"date": date.isoformat(), "time": time, "platform": platform, "topic": topic, "handle": persona.handle}
        for date, topic in zip(dates, topics, strict=True)
        for platform in chosen
    ]
    return pd.DataFrame(rows, columns=["date", "time", "platform", "topic", "handle"])


async def create_posts(
    client: OpenRouterClient,
    plan: pd.DataFrame,
    persona: Persona,
    *,
    text_model: str,
    image_model: str,
    budget: float | None = None,
    concurrency: int = 2,
    seed: int = 0,
    out_dir: str | os.PathLike[str] = "output/calendar",
    progress: bool = True,
) -> pd.DataFrame:
    """Make the plan's posts; the plan comes back with ``status``, ``cost`` and ``folder``.

    ``budget`` (USD) bounds what this run spends: a post is only started while what was spent plus
    the dearest post so far (or the first post's cost, before any) stays within it; the others are
    ``skipped (budget)``. Posts already made are resumed from their manifests at no cost. A
    failure the service reports is kept in its row (``error: …``) and never stops the others; a
    bad argument raises ``ValueError`` before any call. Interrupted (a cancelled cell), every post
    keeps what it paid for in its journal, and the next call resumes them.
    """
    briefs = _checked(plan, persona, text_model, image_model, budget, concurrency, seed, Path(out_dir))
    out = plan.copy()
    out["status"], out["cost"], out["folder"] = "pending", 0.0, ""
    spent, dearest = 0.0, 0.0
    lock = asyncio.Lock()
    semaphore = asyncio.Semaphore(concurrency)
    bar = progress_bar(len(briefs), "posts", "post") if progress else None

    async def one(i: int, brief: Brief) -> None:
        nonlocal spent, dearest
        async with semaphore:
            async with lock:
                if budget is not None and spent + dearest > budget:
                    out.at[out.index[i], "status"] = "skipped (budget)"
                    return
                spent += dearest  # held for this post until its real cost is known
            reserved = dearest
            try:
                post = await create_post(
                    client, brief, text_model=text_model, image_model=image_model, seed=seed, out_dir=Path(out_dir)
                )
            except OpenRouterError as exc:
                status, cost, folder = f"error: {type(exc).__name__}: {exc}"[:300], 0.0, ""
            else:
                paid = post.cost if not post.resumed_steps else _new_cost(post)
                status, cost, folder = ("resumed" if post.resumed_steps else "done"), paid, str(post.folder)
                row = out.loc[out.index[i]]
                slot = {"date": row["date"], "time": row["time"], "platform": row["platform"], "topic": row["topic"]}
                atomic_write(post.folder / SLOT, json.dumps(slot).encode())
            async with lock:
                spent += cost - reserved
                dearest = max(dearest, cost)
            out.at[out.index[i], "status"], out.at[out.index[i], "cost"] = status, cost
            out.at[out.index[i], "folder"] = folder
            if bar is not None:
                bar.update(1)

    try:
        async with asyncio.TaskGroup() as group:  # one failing (or cancelled) post cancels the others
            for i, brief in enumerate(briefs):
                group.create_task(one(i, brief))
    finally:
        if bar is not None:
            bar.close()
    return out


def _checked(
    plan: Any,
    persona: Any,
    text_model: Any,
    image_model: Any,
    budget: Any,
    concurrency: Any,
    seed: Any,
    out_dir: Path,
) -> list[Brief]:
    """Every argument of :func:`create_posts` checked before any call: the plan's briefs, or ``ValueError``."""
    if not isinstance(persona, Persona):
        raise ValueError("persona must be a Persona (Persona.load(path) or Persona.example())")
    for name, model in (("text_model", text_model), ("image_model", image_model)):
        if not isinstance(model, str) or "/" not in model.strip("/") or any(c.isspace() for c in model):
            raise ValueError(f"{name} must be a model id such as openai/gpt-4o-mini, got {model!r}")
    if budget is not None and (not isinstance(budget, int | float) or isinstance(budget, bool) or not budget > 0):
        raise ValueError(f"budget must be a positive number of USD, got {budget!r}")
    if not isinstance(concurrency, int) or isinstance(concurrency, bool) or concurrency < 1:
        raise ValueError(f"concurrency must be a positive integer, got {concurrency!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a whole number, 0 or more, got {seed!r}")
    for parent in (out_dir, *out_dir.parents):
        if parent.exists() and not parent.is_dir():
            raise ValueError(f"out_dir {str(out_dir)!r} cannot hold post folders: {str(parent)!r} is a file")
    missing = {"date", "time", "platform", "topic"} - set(getattr(plan, "columns", ()))
    if missing:
        raise ValueError(f"the plan lacks columns {', '.join(sorted(missing))}: make it with plan_posts(...)")
    briefs = [Brief(persona, row.topic, platform=row.platform) for row in plan.itertuples()]
    persona.reference_images()  # a missing or broken reference is an error now, not after paying
    return briefs


def _new_cost(post: Any) -> float:
    """What a resumed post cost in this run: its steps that were not resumed."""
    manifest = load_manifest(post.folder) or {"steps": {}}
    return float(
        sum(step.get("cost", 0.0) for name, step in manifest["steps"].items() if name not in post.resumed_steps)
    )


def export_posts(folder: str | os.PathLike[str], dest: str | os.PathLike[str]) -> Path:
    """Zip every post under ``folder`` (each with its ``manifest.json``) with a ``posts.csv``.

    ``posts.csv`` has one row per post, in calendar order: date, time, platform, caption,
    hashtags (space-separated), image/preview/video paths inside the zip, cost, whether that cost
    was emulated (a post made offline) and the models. The zip is written atomically; returns
    its path. Posts not finished yet (an interrupted run's) are left out until they are.
    """
    root = Path(folder)
    # a post folder (and each of its files) that is a link is left out: it may lead anywhere on this disk
    posts = sorted(p.parent for p in root.glob(f"*/{MANIFEST}") if not p.parent.is_symlink())
    if not posts:
        raise ValueError(f"no posts under {str(root)!r} (each post folder has a {MANIFEST})")
    rows = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for post in posts:
            manifest = load_manifest(post)
            if manifest is None or not manifest.get("complete", "caption" in manifest["steps"]):
                continue  # unfinished (an interrupted run's): the next create_posts finishes it
            for file in sorted(post.iterdir()):
                if file.is_file() and not file.is_symlink() and not file.name.startswith("."):
                    bundle.write(file, f"{post.name}/{file.name}")
            rows.append(_csv_row(post, manifest))
        if not rows:
            raise ValueError(f"no finished posts under {str(root)!r} yet: run create_posts again to finish them")
        rows.sort(key=lambda r: (r["date"], r["time"], r["platform"], r["folder"]))
        table = io.StringIO()
        writer = csv.DictWriter(table, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        bundle.writestr("posts.csv", table.getvalue())
    return atomic_write(Path(dest), buffer.getvalue())


def _csv_row(post: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    from ..media import split_hashtags

    slot = _slot(post)
    steps, settings = manifest["steps"], manifest.get("settings", {})
    caption = steps["caption"]["text"]
    _, tags = split_hashtags(caption)
    images = steps.get("images", {}).get("files") or []
    return {
        "date": slot.get("date", ""),
        "time": slot.get("time", ""),
        "platform": slot.get("platform") or manifest.get("brief", {}).get("platform", ""),
        "caption": caption,
        "hashtags": " ".join(tags),
        "image": f"{post.name}/{images[0]}" if images else "",
        "preview": f"{post.name}/preview.png" if (post / "preview.png").is_file() else "",
        "video": f"{post.name}/video.mp4" if (post / "video.mp4").is_file() else "",
        "cost_usd": f"{sum(float(step.get('cost', 0.0)) for step in steps.values()):.6f}",
        "emulated": "yes" if manifest.get("emulated") else "no",  # made offline: the cost was not billed
        "text_model": settings.get("text_model", ""),
        "image_model": settings.get("image_model", ""),
        "folder": post.name,
    }


def _slot(post: Path) -> dict[str, str]:
    """A post folder's calendar slot (``slot.json``), or ``{}`` when it is missing or not one we wrote."""
    path = post / SLOT
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 4096:
            return {}
        slot = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(slot, dict):
        return {}
    return {k: v for k, v in slot.items() if isinstance(k, str) and isinstance(v, str) and len(v) <= 300}
