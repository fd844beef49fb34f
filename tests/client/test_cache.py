"""The opt-in response cache: deterministic requests answered from disk, unbilled."""

from __future__ import annotations

import json

from openrouter_nb import OpenRouterClient
from openrouter_nb.client.cache import ResponseCache
from openrouter_nb.emulator import DEMO_KEY
from tests.support.helpers import (
    TEXT,
)


async def test_cache_prevents_the_second_request(tmp_path, emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, cache=tmp_path) as client:
        first = await client.chat(TEXT, "A post about tea", seed=1)
        second = await client.chat(TEXT, "A post about tea", seed=1)
        assert len(emulator.calls("chat")) == 1
        assert second.text == first.text and second.cached and second.cost == 0.0
        assert list(client.spend["cached"]) == [False, True]
        await client.chat(TEXT, "A post about tea")  # no seed: not deterministic, not cached
        await client.chat(TEXT, "A post about tea")
        assert len(emulator.calls("chat")) == 3
        await client.stream_text(TEXT, "A post about tea", seed=1).collect()  # streams are never cached
        assert len(emulator.calls("chat")) == 4
        await client.chat(TEXT, "A post about tea", temperature=0)
        await client.chat(TEXT, "A post about tea", temperature=0)
        assert len(emulator.calls("chat")) == 5
    cache = ResponseCache(tmp_path)
    entries = cache.entries()
    assert len(entries) == 2 and {e["model"] for e in entries} == {TEXT}
    assert all(not p.name.endswith(".tmp") for p in tmp_path.iterdir())
    stored = json.loads((tmp_path / entries[0]["file"]).read_text())
    assert DEMO_KEY not in json.dumps(stored)
    assert cache.clear() == 2 and cache.entries() == []


async def test_corrupt_cache_entry_is_a_miss(tmp_path, emulator):
    async with OpenRouterClient(api_key=DEMO_KEY, transport=emulator, cache=tmp_path) as client:
        await client.chat(TEXT, "x", seed=1)
        for file in tmp_path.glob("*.json"):
            file.write_text("{truncated")
        result = await client.chat(TEXT, "x", seed=1)
        assert not result.cached and len(emulator.calls("chat")) == 2
