"""``generate_many``: order kept, failures kept per item, several models."""

from __future__ import annotations

import pytest

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
