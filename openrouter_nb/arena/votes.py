"""Your votes on arena rounds, kept on disk, and the leaderboard they make.

``record_vote`` appends one vote to a JSON Lines file (one ``write`` of one line, flushed to disk,
so votes survive a kernel restart and a crash never leaves half a vote that counts);
``arena_leaderboard`` reads the file back into a DataFrame (pandas is imported when it runs).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .rounds import KINDS, ArenaRound

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_VOTE_LOG_BYTES", "TIE", "arena_leaderboard", "bradley_terry", "read_votes", "record_vote"]

#: what a vote says when neither model won
TIE = "tie"


def record_vote(path: str | os.PathLike[str], arena_round: ArenaRound, winner: str) -> dict[str, Any]:
    """Append a vote on ``arena_round`` to the JSON Lines file ``path``: a model id, or ``"tie"``.

    Returns the stored record. A winner that is not in the round, or that failed in it, is a
    ``ValueError`` and nothing is written.
    """
    if winner != TIE and winner not in arena_round.models:
        raise ValueError(f"{winner!r} is not in this arena; vote for one of {', '.join(arena_round.models)} or 'tie'")
    answered = [e.model for e in arena_round.entries if e.ok]
    if winner != TIE and winner not in answered:
        raise ValueError(f"{winner!r} failed in this round and cannot win it")
    if len(answered) < 2:
        raise ValueError("fewer than two models answered in this round: there is nothing to compare")
    record = {
        "round": arena_round.round_id,
        "kind": arena_round.kind,
        "prompt": arena_round.prompt,
        "models": answered,
        "winner": None if winner == TIE else winner,
        "costs": {e.model: (None if math.isnan(e.cost) else e.cost) for e in arena_round.entries if e.ok},
        "latency_s": {e.model: round(e.latency_s, 3) for e in arena_round.entries if e.ok},
        "voted_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)  # the umask decides
    try:
        os.write(fd, line)  # one write of one line: appends never interleave
        os.fsync(fd)
    finally:
        os.close(fd)
    return record


#: a vote log is JSON Lines of small records; past these it is not one this package wrote
MAX_VOTE_LOG_BYTES = 32 * 1024 * 1024
MAX_VOTE_LINE_BYTES = 64 * 1024
MAX_MODELS_PER_VOTE = 16
MAX_MODELS = 200


def _vote(line: bytes) -> dict[str, Any] | None:
    """One line of a vote log as a vote, or None for a torn, foreign or malformed line."""
    if len(line) > MAX_VOTE_LINE_BYTES:
        return None
    try:
        vote = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(vote, dict):
        return None
    models = vote.get("models")
    if not (isinstance(models, list) and 2 <= len(models) <= MAX_MODELS_PER_VOTE):
        return None
    if not all(isinstance(m, str) and 0 < len(m) <= 200 for m in models) or len(set(models)) != len(models):
        return None
    winner = vote.get("winner")
    if winner is not None and (not isinstance(winner, str) or winner not in models):
        return None
    costs = vote.get("costs")
    vote["costs"] = costs if isinstance(costs, dict) else {}
    return vote


def read_votes(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The votes stored in ``path`` (none when it does not exist); a torn or foreign line is skipped.

    A vote log may come from someone else: it is read within bounds (its size, a line's length,
    the models in one vote and in all) and a file past them is a ``ValueError`` saying which.
    """
    target = Path(path).expanduser()
    if not target.exists():
        return []
    too_big = f"the vote log {str(target)!r} is over {MAX_VOTE_LOG_BYTES // 2**20} MiB: not one of votes"
    try:
        size = target.stat().st_size
        if size > MAX_VOTE_LOG_BYTES:
            raise ValueError(too_big)
        with target.open("rb") as handle:
            data = handle.read(size + 1)  # it may grow meanwhile: read what was measured, and one byte more
    except OSError as exc:
        raise ValueError(f"cannot read the vote log {str(target)!r}: {exc.strerror}") from None
    if len(data) > MAX_VOTE_LOG_BYTES:
        raise ValueError(too_big)
    votes = [vote for vote in map(_vote, data.splitlines()) if vote is not None]
    models = {m for vote in votes for m in vote["models"]}
    if len(models) > MAX_MODELS:
        raise ValueError(f"the vote log {str(target)!r} names {len(models):,} models; a leaderboard takes {MAX_MODELS}")
    return votes


def _pairs(votes: list[dict[str, Any]]) -> dict[tuple[str, str], list[float]]:
    """(a, b) with a < b → [a's score, b's score] summed over votes (win 1, tie ½ each)."""
    scores: dict[tuple[str, str], list[float]] = {}
    for vote in votes:
        models, winner = vote["models"], vote.get("winner")
        for i, a in enumerate(models):
            for b in models[i + 1 :]:
                key = (a, b) if a < b else (b, a)
                cell = scores.setdefault(key, [0.0, 0.0])
                if winner is None:
                    cell[0] += 0.5
                    cell[1] += 0.5
                elif winner in key:
                    cell[key.index(winner)] += 1.0
                # a vote for a third model says nothing about a against b
    return scores


def bradley_terry(votes: list[dict[str, Any]], iterations: int = 200) -> dict[str, float]:
    """Bradley–Terry ratings on the Elo scale (mean 1000, 400 points = 10:1 odds).

    Every pair that met gets half a win each as a prior, so a model that won every vote stays
    finite. Fitted by the classic minorise–maximise iteration.
    """
    scores = _pairs(votes)
    models = sorted({m for pair in scores for m in pair})
    if not models:
        return {}
    wins = dict.fromkeys(models, 0.0)
    games: dict[tuple[str, str], float] = {}
    for (a, b), (sa, sb) in scores.items():
        wins[a] += sa + 0.5
        wins[b] += sb + 0.5
        games[(a, b)] = sa + sb + 1.0
    met: dict[str, list[tuple[str, float]]] = {m: [] for m in models}  # each model's opponents and games
    for (a, b), n in games.items():
        met[a].append((b, n))
        met[b].append((a, n))
    strength = dict.fromkeys(models, 1.0)
    for _ in range(iterations):
        new = {}
        for m in models:
            denominator = sum(n / (strength[m] + strength[other]) for other, n in met[m])
            new[m] = wins[m] / denominator if denominator else 1.0
        scale = math.exp(sum(math.log(v) for v in new.values()) / len(new))  # geometric mean 1
        strength = {m: v / scale for m, v in new.items()}
    return {m: 1000.0 + 400.0 * math.log10(v) for m, v in strength.items()}


def arena_leaderboard(path: str | os.PathLike[str], kind: str | None = None) -> pd.DataFrame:
    """Your own preferences over sessions, from the votes in ``path`` (optionally of one ``kind``).

    One row per model, best first: ``rating`` (Bradley–Terry on the Elo scale), ``votes`` (rounds
    it took part in), ``wins``, ``losses``, ``ties``, ``win_rate`` (ties count half) and
    ``mean_cost_usd`` (what one of its answers cost, on average).
    """
    import pandas as pd

    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    votes = [v for v in read_votes(path) if kind is None or v.get("kind") == kind]
    columns = ["rating", "votes", "wins", "losses", "ties", "win_rate", "mean_cost_usd"]
    if not votes:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="model")).astype("float64")
    tally: dict[str, dict[str, float]] = {}
    costs: dict[str, list[float]] = {}
    for vote in votes:
        winner = vote.get("winner")
        for model in vote["models"]:
            row = tally.setdefault(model, {"votes": 0, "wins": 0, "losses": 0, "ties": 0})
            row["votes"] += 1
            row["ties" if winner is None else "wins" if winner == model else "losses"] += 1
            cost = vote["costs"].get(model)
            if isinstance(cost, int | float) and not isinstance(cost, bool):
                costs.setdefault(model, []).append(float(cost))
    ratings = bradley_terry(votes)
    frame = pd.DataFrame.from_dict(tally, orient="index").astype("int64")
    frame.insert(0, "rating", pd.Series(ratings, dtype="float64"))
    frame["win_rate"] = (frame["wins"] + 0.5 * frame["ties"]) / frame["votes"]
    frame["mean_cost_usd"] = pd.Series({m: sum(c) / len(c) for m, c in costs.items()}, dtype="float64")
    frame.index.name = "model"
    return frame[columns].sort_values(["rating", "votes"], ascending=False, kind="stable")
