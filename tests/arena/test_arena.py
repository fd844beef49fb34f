"""The arena: concurrent rounds on the emulator, votes on disk, a Bradley–Terry leaderboard, the widget."""

from __future__ import annotations

import json
import math

import pytest

from openrouter_nb.arena import (
    ArenaEntry,
    ArenaRound,
    arena_leaderboard,
    bradley_terry,
    read_votes,
    record_vote,
    run_arena,
)
from openrouter_nb.arena.widget import Arena
from openrouter_nb.emulator import Fault
from openrouter_nb.media import ImageResult

TEXT = ["openai/gpt-4o-mini", "google/gemini-2.5-flash", "mistralai/mistral-nemo"]
IMAGES = ["google/gemini-2.5-flash-image", "qwen/qwen-image-3", "krea/krea-2-medium"]


async def test_a_text_round_runs_every_model_concurrently_with_cost_and_latency(client, emulator):
    arena_round = await run_arena(client, TEXT, "A caption for a rainy Lisbon morning", seed=7)
    assert arena_round.models == TEXT and all(entry.ok for entry in arena_round.entries)
    assert all(isinstance(e.output, str) and e.output for e in arena_round.entries)
    assert all(e.cost > 0 and e.latency_s >= 0 for e in arena_round.entries)
    assert arena_round.cost == pytest.approx(sum(e.cost for e in arena_round.entries))
    sent = [r.json["model"] for r in emulator.requests if r.route == "chat"]
    assert sorted(sent) == sorted(TEXT) and all(r.json["seed"] == 7 for r in emulator.requests if r.route == "chat")


async def test_an_image_round_gives_one_image_per_model(client):
    arena_round = await run_arena(client, IMAGES, "latte art on a marble table", kind="image", seed=1)
    assert all(isinstance(e.output, ImageResult) and e.output.data[:4] == b"\x89PNG" for e in arena_round.entries)
    assert len({e.output.data for e in arena_round.entries}) == 3  # three models, three pictures


async def test_one_failing_model_never_loses_the_others(client, emulator):
    emulator.script("chat", Fault.error(400, message="Provider rejected the prompt"))
    arena_round = await run_arena(client, TEXT, "hello")
    failed = [e for e in arena_round.entries if not e.ok]
    assert len(failed) == 1 and "Provider rejected the prompt" in failed[0].error
    assert sum(e.ok for e in arena_round.entries) == 2


@pytest.mark.parametrize(
    ("models", "message"),
    [
        ([], "at least 2 model ids"),
        (["openai/gpt-4o-mini"], "at least 2 model ids"),
        ("openai/gpt-4o-mini", "list of model ids"),
        (["openai/gpt-4o-mini", "openai/gpt-4o-mini"], "once"),
        (["openai/gpt-4o-mini", "nobody/no-such-model"], "not in the catalog: nobody/no-such-model"),
    ],
)
async def test_bad_models_are_refused_before_anything_is_generated(client, emulator, models, message):
    with pytest.raises(ValueError, match=message):
        await run_arena(client, models, "hi")
    assert emulator.calls("chat") == []


async def test_bad_kind_and_prompt(client):
    with pytest.raises(ValueError, match="kind"):
        await run_arena(client, TEXT, "hi", kind="music")
    with pytest.raises(ValueError, match="prompt"):
        await run_arena(client, TEXT, "  ")


def _round(*models, failed=()):
    entries = [
        ArenaEntry(m, "out", 0.001 * (i + 1), 0.1, "boom" if m in failed else None) for i, m in enumerate(models)
    ]
    return ArenaRound("p", "text", 1, entries)


def test_votes_are_appended_one_line_each_and_survive_a_torn_line(tmp_path):
    path = tmp_path / "votes.jsonl"
    record_vote(path, _round("a/x", "a/y"), "a/x")
    record_vote(path, _round("a/x", "a/y"), "tie")
    with open(path, "a") as torn:
        torn.write('{"round": "cut in the mid')  # a crash mid-write
    record_vote(path, _round("a/x", "a/y", "a/z", failed=("a/z",)), "a/y")
    votes = read_votes(path)
    assert [v["winner"] for v in votes] == ["a/x", None]  # the line after the torn one is glued to it
    lines = path.read_text().splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["models"] == ["a/x", "a/y"]


def test_a_vote_for_a_model_not_in_the_round_writes_nothing(tmp_path):
    path = tmp_path / "votes.jsonl"
    with pytest.raises(ValueError, match="not in this arena"):
        record_vote(path, _round("a/x", "a/y"), "a/q")
    with pytest.raises(ValueError, match="failed in this round"):
        record_vote(path, _round("a/x", "a/y", failed=("a/y",)), "a/y")
    assert not path.exists()


def test_leaderboard_counts_and_rates(tmp_path):
    path = tmp_path / "votes.jsonl"
    for _ in range(6):
        record_vote(path, _round("a/good", "a/bad"), "a/good")
    record_vote(path, _round("a/good", "a/bad"), "a/bad")
    record_vote(path, _round("a/good", "a/bad", "a/mid"), "a/mid")
    record_vote(path, _round("a/good", "a/mid"), "tie")
    for _ in range(3):
        record_vote(path, _round("a/good", "a/mid"), "a/good")
    board = arena_leaderboard(path)
    assert list(board.index) == ["a/good", "a/mid", "a/bad"]
    good = board.loc["a/good"]
    assert (good["votes"], good["wins"], good["losses"], good["ties"]) == (12, 9, 2, 1)
    assert good["win_rate"] == pytest.approx(9.5 / 12)
    assert good["mean_cost_usd"] == pytest.approx(0.001)
    assert board["rating"].mean() == pytest.approx(1000.0, abs=1e-6)  # geometric-mean strengths
    assert arena_leaderboard(tmp_path / "none.jsonl").empty


def test_bradley_terry_orders_by_strength_and_stays_finite():
    votes = [{"models": ["a", "b"], "winner": "a"}] * 10 + [{"models": ["b", "c"], "winner": "b"}] * 10
    ratings = bradley_terry(votes)
    assert ratings["a"] > ratings["b"] > ratings["c"] and all(math.isfinite(r) for r in ratings.values())


async def test_the_widget_runs_shows_tiles_and_records_a_vote(client, tmp_path):
    path = tmp_path / "votes.jsonl"
    arena = Arena(client, IMAGES, "a neon cafe sign", kind="image", seed=2, votes=path)
    arena_round = await arena.run()
    assert len(arena.tiles.children) == 3 and "<img" in arena.tiles.children[0].children[0].value
    assert "$" in arena.tiles.children[0].children[0].value
    arena.tiles.children[1].children[1].click()  # "This one" under the second model
    assert read_votes(path)[0]["winner"] == arena_round.models[1]
    assert all(button.disabled for button in arena._vote_buttons())
    with pytest.raises(ValueError, match="not in this arena"):
        arena.vote("someone/else")
