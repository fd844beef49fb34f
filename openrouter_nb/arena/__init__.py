"""The arena: one prompt on several models side by side, your votes on disk, a leaderboard of them.

``rounds`` runs a round (``run_arena``), ``votes`` keeps votes and ranks models by them, and
``widget`` is the :class:`~openrouter_nb.Arena` widget (ipywidgets, imported only when it is used).
"""

from __future__ import annotations

from .rounds import KINDS, ArenaEntry, ArenaRound, check_arena_models, run_arena
from .votes import TIE, arena_leaderboard, bradley_terry, read_votes, record_vote

__all__ = [
    "KINDS",
    "TIE",
    "ArenaEntry",
    "ArenaRound",
    "arena_leaderboard",
    "bradley_terry",
    "check_arena_models",
    "read_votes",
    "record_vote",
    "run_arena",
]
