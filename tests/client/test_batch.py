"""``generate_many``: order kept, failures kept per item, several models."""

from __future__ import annotations

import pytest

from openrouter_nb import OpenRouterClient, generate_many
from openrouter_nb.emulator import DEMO_KEY
from tests.support.helpers import (
    TEXT,
)


async def test_generate_many_keeps_order_and_survives_failures(client, emulator):
    emulator.script("chat", "ok", 400, "ok")
    prompts = [f"post number {i} about coffee" for i in range(6)]
    items = await client.generate_many(prompts, TEXT, concurrency=2, progress=False)
    assert [i.prompt for i in items] == prompts
    failed = [i for i in items if not i.ok]
    assert len(failed) == 1 and failed[0].result is None
    assert all(i.text for i in items if i.ok) and sum(i.ok for i in items) == 5
    mixed = await client.generate_many(["a", "b"], [TEXT, "google/gemini-2.5-flash"], progress=False)
    assert [i.result.model for i in mixed] == [TEXT, "google/gemini-2.5-flash"]
    with pytest.raises(ValueError):
        await client.generate_many(["a", "b", "c"], [TEXT, TEXT])  # neither one prompt nor one model


async def test_an_interrupted_batch_keeps_its_answers_for_the_next_call(emulator):
    import asyncio

    from openrouter_nb import OpenRouterClient, generate_many
    from openrouter_nb.emulator import DEMO_KEY

    prompts = [f"caption {i}" for i in range(8)]
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator) as client:
        emulator.core.latency = 0.02
        task = asyncio.create_task(generate_many(client, prompts, "openai/gpt-4o-mini", concurrency=2, progress=False))
        while len(client.ledger) < 3:  # some answers are in, others not yet
            await asyncio.sleep(0.005)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        paid = len(emulator.calls("chat"))
        items = await generate_many(client, prompts, "openai/gpt-4o-mini", concurrency=2, progress=False)
        resumed = [item for item in items if item.resumed]
        assert all(item.ok for item in items) and [item.prompt for item in items] == prompts
        assert len(resumed) >= 3 and len(emulator.calls("chat")) - paid == len(prompts) - len(resumed)
        again = await generate_many(client, prompts, "openai/gpt-4o-mini", progress=False)
    assert not any(item.resumed for item in again)  # a finished batch leaves nothing behind: a new call is new


async def test_a_journal_keeps_each_answer_as_it_arrives_and_a_rerun_pays_only_for_the_rest(client, emulator, tmp_path):
    journal = tmp_path / "captions.jsonl"
    prompts = [f"A caption about tea number {i}" for i in range(6)]
    first = await generate_many(client, prompts[:4], TEXT, progress=False, journal=journal)
    assert len(journal.read_text().splitlines()) == 4 and all(item.ok for item in first)
    sent = len(emulator.calls("chat"))
    with journal.open("a") as cut:  # a crash in the middle of writing a line
        cut.write('{"key": "abc", "payl')
    fresh = OpenRouterClient(api_key=DEMO_KEY, transport=emulator)  # another process, say: nothing in memory
    again = await generate_many(fresh, prompts, TEXT, progress=False, journal=journal)
    assert len(emulator.calls("chat")) == sent + 2  # only the two prompts never answered
    assert [item.resumed for item in again] == [True] * 4 + [False] * 2
    assert [item.text for item in again[:4]] == [item.text for item in first]
    assert sum(item.result.cost for item in again if not item.resumed) == pytest.approx(fresh.ledger.total)
    await fresh.close()
    (tmp_path / "notes.jsonl").write_text("these are my notes\n")
    with pytest.raises(ValueError, match="not a batch journal"):
        await generate_many(client, prompts, TEXT, progress=False, journal=tmp_path / "notes.jsonl")


async def test_generate_frame_fills_a_column_from_the_rows(client, tmp_path):
    import pandas as pd

    from openrouter_nb import generate_frame

    frame = pd.DataFrame({"topic": ["tea", "rain"], "city": ["Porto", "Lisbon"]})
    filled = await generate_frame(
        frame, "A caption for {topic} in {city}", TEXT, client=client, progress=False, journal=tmp_path
    )
    assert list(filled.columns) == ["topic", "city", "text", "text_cost", "text_error"]
    assert (
        "tea" in filled.loc[0, "text"].lower() and filled["text_cost"].gt(0).all() and filled["text_error"].isna().all()
    )
    assert (tmp_path / "batch.jsonl").exists()
    with pytest.raises(ValueError, match="'season'"):
        await generate_frame(frame, "A caption for {season}", TEXT, client=client)
