"""ipywidgets for notebooks: a model picker that takes a catalog frame (data, not a client).

ipywidgets is imported when this module is, and this module only when a widget is first used.
Observers do no network I/O, so they stay synchronous and testable headless.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets

from .._core.display import plural
from .columns import SORTS, TASK_COLUMNS, model_facts, option_labels, search_text
from .sorting import sort_positions

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ModelPicker", "pick_model"]


def _check_choice(kind: str, value: Any, choices: Any) -> str:
    if value not in choices:
        raise ValueError(f"unknown {kind} {value!r}; choose one of {', '.join(choices)}")
    return str(value)


class _LabelledSelect(widgets.Select):
    """A ``Select`` whose options the picker replaces whole with labels it built (strings, same
    length as the values): no per-label validation and one state message, so offering 10,000
    models stays well inside a frame. ``options`` is left as given at construction."""

    _options_labels = traitlets.Tuple(read_only=True).tag(sync=True)

    def show(self, labels: tuple[str, ...], values: tuple[str, ...]) -> None:
        """Offer ``values`` under ``labels``; the first is selected (None when there are none)."""
        with self.hold_sync():
            self.set_trait("_options_labels", labels)
            self._options_values = values
            if not values:
                self.index = None
            elif self.index == 0:
                self._notify_trait("index", 0, 0)  # same index, new option under it: value and label follow
            else:
                self.index = 0


class ModelPicker(widgets.VBox):
    """Pick a model from a catalog frame: task filter, search, sort, a list and a detail pane.

    Parameters
    ----------
    frame:
        A :func:`~openrouter_nb.models_frame` DataFrame.
    task:
        Which models are offered: ``all``, ``text``, ``image``, ``video``, ``vision`` (image input),
        ``embeddings``, ``audio``, ``tools``, ``reasoning`` or ``free`` (:data:`TASK_COLUMNS`).
    search:
        Words that must all appear in the id, name or provider (case-insensitive).
    sort:
        ``price`` (cheapest for the task: per image, per video second, else per token),
        ``context`` (largest first), ``newest``, ``name`` (A–Z) or ``value`` (intelligence index
        per USD of a 2k-in/500-out call; unknown and free models last) or ``popular`` (the most
        used first, after :func:`~openrouter_nb.add_popularity`) (:data:`SORTS`).

    All three are public traits you can set and observe; ``options`` is the ids offered, in
    display order, and ``value`` the selected id (None when nothing matches). A task, search or
    sort change keeps the selected model while it is still offered. The detail pane shows prices,
    context, modalities and the quality indexes the catalog carries.

    Labels are computed once; a refresh is a mask, a precomputed order and a slice, so it stays
    instant on catalogs of 10,000 models.
    """

    task = traitlets.Unicode("all")
    search = traitlets.Unicode("")
    sort = traitlets.Unicode("price")
    options = traitlets.Tuple()
    value = traitlets.Unicode(None, allow_none=True)

    def __init__(
        self, frame: pd.DataFrame, *, task: str = "all", search: str = "", sort: str = "price", **kwargs: Any
    ) -> None:
        import numpy as np

        _check_choice("task", task, TASK_COLUMNS)
        _check_choice("sort", sort, SORTS)
        self._frame = frame
        self._syncing = False
        self._offered: frozenset[str] = frozenset()
        self._ids = np.array(frame.index.astype(str).tolist(), dtype=object)
        self._labels = np.array(option_labels(frame), dtype=object)
        self._haystack = search_text(frame).tolist()
        self._masks: dict[str, Any] = {}  # task → boolean array
        self._ranks: dict[tuple[str, str], Any] = {}  # (sort, task) → each row's place in that order
        self._task_w = widgets.Dropdown(options=list(TASK_COLUMNS), value=task, description="Task")
        self._search_w = widgets.Text(
            value=search, placeholder="search id, name or provider", description="Search", continuous_update=True
        )
        self._sort_w = widgets.Dropdown(options=list(SORTS), value=sort, description="Sort")
        self._select_w = _LabelledSelect(options=[], rows=10, layout=widgets.Layout(width="100%"))
        self._status_w = widgets.HTML()
        self._detail_w = widgets.HTML()
        super().__init__(
            [
                widgets.HBox([self._task_w, self._sort_w]),
                self._search_w,
                self._status_w,
                self._select_w,
                self._detail_w,
            ],
            **kwargs,
        )
        self._task_w.observe(lambda c: setattr(self, "task", c["new"]), "value")
        self._search_w.observe(lambda c: setattr(self, "search", c["new"]), "value")
        self._sort_w.observe(lambda c: setattr(self, "sort", c["new"]), "value")
        self._select_w.observe(self._on_select_change, "value")
        with self.hold_trait_notifications():
            self.task, self.search, self.sort = task, search, sort
        self._refresh()

    @property
    def labels(self) -> tuple[str, ...]:
        """The list's lines for :attr:`options`, in the same order (``name · provider · price``)."""
        return tuple(self._select_w._options_labels)

    def __repr__(self) -> str:
        """A few lines a terminal can show (a notebook draws the widget itself)."""
        head = f"ModelPicker: {plural(len(self.options), 'model')} for {self.task!r}, by {self.sort}"
        pairs = zip(self.options[:5], self.labels[:5], strict=True)
        shown = [f"  {'>' if v == self.value else ' '} {label}" for v, label in pairs]
        more = [f"    … {len(self.options) - 5:,} more"] if len(self.options) > 5 else []
        return "\n".join([head, *shown, *more, f"  value: {self.value!r}"])

    # -- validation and change handlers ---------------------------------------------------------

    @traitlets.validate("task")
    def _validate_task(self, proposal: dict[str, Any]) -> str:
        return _check_choice("task", proposal["value"], TASK_COLUMNS)

    @traitlets.validate("sort")
    def _validate_sort(self, proposal: dict[str, Any]) -> str:
        return _check_choice("sort", proposal["value"], SORTS)

    @traitlets.observe("task", "search", "sort")
    def _on_filter_change(self, change: dict[str, Any]) -> None:
        mirror = {"task": self._task_w, "search": self._search_w, "sort": self._sort_w}[change["name"]]
        if mirror.value != change["new"]:
            mirror.value = change["new"]
        if hasattr(self, "_select_w"):
            self._refresh()

    @traitlets.observe("value")
    def _on_value_change(self, change: dict[str, Any]) -> None:
        if change["new"] is not None and change["new"] not in self._offered:
            raise traitlets.TraitError(f"{change['new']!r} is not among the offered models")
        if self._select_w.value != change["new"]:
            self._syncing = True
            try:
                self._select_w.value = change["new"]
            finally:
                self._syncing = False
        self._detail_w.value = self._detail(change["new"])

    def _on_select_change(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        if change["new"] is not None and change["new"] != self.value:
            self.value = change["new"]

    # -- filtering ------------------------------------------------------------------------------

    def _task_mask(self, task: str) -> Any:
        mask = self._masks.get(task)
        if mask is None:
            import numpy as np

            column = TASK_COLUMNS[task]
            mask = np.ones(len(self._ids), dtype=bool) if column is None else self._frame[column].to_numpy(dtype=bool)
            self._masks[task] = mask
        return mask

    def _rank(self, sort: str, task: str) -> Any:
        """Each row's place in the whole frame sorted by ``sort`` (the price basis depends on the task)."""
        basis = task if sort == "price" and task in ("image", "video") else ""
        rank = self._ranks.get((sort, basis))
        if rank is None:
            import numpy as np

            rank = np.empty(len(self._ids), dtype=np.int64)
            rank[sort_positions(self._frame, sort, task)] = np.arange(len(self._ids))
            self._ranks[(sort, basis)] = rank
        return rank

    def _positions(self) -> Any:
        import numpy as np

        mask = self._task_mask(self.task)
        for term in self.search.lower().split():
            mask = mask & np.fromiter((term in text for text in self._haystack), dtype=bool, count=len(self._ids))
        positions = np.flatnonzero(mask)
        return positions[np.argsort(self._rank(self.sort, self.task)[positions], kind="stable")]

    def _refresh(self) -> None:
        positions = self._positions()
        ids = self._ids[positions].tolist()
        current = self.value
        self._offered = frozenset(ids)
        self.options = tuple(ids)
        self._syncing = True  # the Select picks its own value when its options change: ignore that
        try:
            self._select_w.show(tuple(self._labels[positions].tolist()), tuple(ids))
        finally:
            self._syncing = False
        if not ids:
            self._status_w.value = f"<i>No models match task '{html.escape(self.task)}' and this search.</i>"
            self.value = None
            self._select_w.value = None
            return
        self._status_w.value = f"<small>{plural(len(ids), 'model')}</small>"
        self.value = current if current in self._offered else ids[0]
        if self._select_w.value != self.value:
            self._syncing = True
            try:
                self._select_w.value = self.value
            finally:
                self._syncing = False

    def _detail(self, model_id: str | None) -> str:
        if model_id is None:
            return ""
        name, facts = model_facts(self._frame, model_id)
        items = "".join(
            f"<tr><th style='text-align:left'>{k}</th><td>{html.escape(str(v))}</td></tr>" for k, v in facts
        )
        return f"<b>{html.escape(name)}</b><table>{items}</table>"


def pick_model(frame: pd.DataFrame, task: str = "image", **kwargs: Any) -> ModelPicker:
    """Build a :class:`ModelPicker` on ``frame`` filtered to ``task``, display it and return it."""
    from IPython.display import display

    picker = ModelPicker(frame, task=task, **kwargs)
    display(picker)
    return picker
