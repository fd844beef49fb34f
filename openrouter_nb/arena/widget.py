"""The Arena widget: outputs of several models side by side, a vote button under each, a tie button."""

from __future__ import annotations

import html
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .._core.sync import launch
from ..media import ImageResult
from .rounds import KINDS, ArenaEntry, ArenaRound, check_arena_models, run_arena
from .votes import TIE, record_vote

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

__all__ = ["Arena"]


def _tile_html(entry: ArenaEntry, width: int) -> str:
    head = f"<b>{html.escape(entry.model)}</b>"
    if not entry.ok:
        return f"{head}<div style='color:#b00'>{html.escape(str(entry.error))}</div>"
    cost = "cost n/a" if math.isnan(entry.cost) else f"${entry.cost:.6f}"
    facts = f"<small>{cost} · {entry.latency_s:.2f} s</small>"
    if isinstance(entry.output, ImageResult):
        body = entry.output.html(width, alt=entry.model)
    else:
        body = f"<div style='white-space:pre-wrap'>{html.escape(str(entry.output))}</div>"
    return f"{head}<br>{facts}{body}"


class Arena(widgets.VBox):
    """One prompt across ``models`` side by side; vote for the best (or a tie), votes kept on disk.

    Parameters
    ----------
    client:
        An :class:`~openrouter_nb.OpenRouterClient` (the emulator works).
    models:
        Two or more model ids (checked against the catalog before anything is generated).
    prompt:
        What every model is asked.
    kind:
        ``"text"`` or ``"image"``.
    seed:
        Sent to every model, so a round can be repeated.
    votes:
        The JSON Lines file votes are appended to (``arena_leaderboard(votes)`` reads it).

    Press Run (or ``await arena.run()``); each tile shows the output, cost and latency, or that
    model's error. ``arena.vote(model_or_"tie")`` does what the buttons do.
    """

    def __init__(
        self,
        client: OpenRouterClient,
        models: Sequence[str],
        prompt: str,
        *,
        kind: str = "text",
        seed: int | None = None,
        votes: str | os.PathLike[str] = "arena_votes.jsonl",
        width: int = 240,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        self.client = client
        self.models = check_arena_models(models, None)
        self.prompt = prompt
        self.kind = kind
        self.seed = seed
        self.votes_path = Path(votes)
        self.width = width
        self.round: ArenaRound | None = None
        self.run_button = widgets.Button(description="Run", button_style="primary", icon="play")
        self.run_button.on_click(self._on_run)
        self.status = widgets.HTML(f"<i>{len(self.models)} models, press Run</i>")
        self.tiles = widgets.HBox([])
        self.tie_button = widgets.Button(description="Tie", disabled=True)
        self.tie_button.on_click(lambda _b: self._on_vote(TIE))
        super().__init__([widgets.HTML(f"<b>Prompt:</b> {html.escape(prompt)}"), self.run_button, self.tiles,
                          self.tie_button, self.status])  # fmt: skip

    async def run(self) -> ArenaRound:
        """Run the round (what the Run button does) and show it."""
        self.status.value = "<i>Running…</i>"
        self.round = await run_arena(self.client, self.models, self.prompt, kind=self.kind, seed=self.seed)
        self._show(self.round)
        return self.round

    def vote(self, winner: str) -> dict[str, Any]:
        """Record ``winner`` (a model of the round, or ``"tie"``) and lock the buttons."""
        if self.round is None:
            raise ValueError("run the arena before voting")
        record = record_vote(self.votes_path, self.round, winner)
        for button in self._vote_buttons():
            button.disabled = True
        said = "a tie" if winner == TIE else winner
        self.status.value = f"Voted: <b>{html.escape(said)}</b> (saved to {html.escape(str(self.votes_path))})"
        return record

    def _vote_buttons(self) -> list[widgets.Button]:
        tiles = [tile for tile in self.tiles.children if isinstance(tile, widgets.VBox)]
        return [tile.children[1] for tile in tiles] + [self.tie_button]

    def _show(self, arena_round: ArenaRound) -> None:
        tiles = []
        for entry in arena_round.entries:
            button = widgets.Button(description="This one", disabled=not entry.ok, icon="thumbs-up")
            button.on_click(lambda _b, model=entry.model: self._on_vote(model))
            layout = widgets.Layout(width=f"{self.width + 20}px", margin="4px")
            tiles.append(widgets.VBox([widgets.HTML(_tile_html(entry, self.width)), button], layout=layout))
        self.tiles.children = tiles
        answered = sum(entry.ok for entry in arena_round.entries)
        self.tie_button.disabled = answered < 2
        self.status.value = (
            f"<small>{answered} of {len(arena_round.entries)} answered · ${arena_round.cost:.6f}</small>"
        )

    def _on_vote(self, winner: str) -> None:
        try:
            self.vote(winner)
        except ValueError as error:
            self.status.value = f"<span style='color:#b00'>{html.escape(str(error))}</span>"

    def _on_run(self, _button: Any) -> None:
        self.run_button.disabled = True

        def finished(_round: ArenaRound) -> None:
            self.run_button.disabled = False

        def failed(error: BaseException) -> None:
            self.run_button.disabled = False
            self.status.value = f"<span style='color:#b00'>Error: {html.escape(str(error))}</span>"

        launch(self.run(), loop=self.client.loop, on_result=finished, on_error=failed)
