"""ipywidgets for notebooks: a model picker that takes a catalog frame (data, not a client).

ipywidgets is imported when this module is, and this module only when a widget is first used.
Observers do no network I/O, so they stay synchronous and testable headless.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets

from .frames import SORTS, TASK_COLUMNS, model_facts, option_label, search_text, sort_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SORTS", "TASKS", "ModelPicker", "pick_model"]

#: task name → the boolean frame column that selects it (None: everything); the frames layer's contract
TASKS = TASK_COLUMNS


def _check_choice(kind: str, value: Any, choices: Any) -> str:
    if value not in choices:
        raise ValueError(f"unknown {kind} {value!r}; choose one of {', '.join(choices)}")
    return str(value)


class ModelPicker(widgets.VBox):
    """Pick a model from a catalog frame: task filter, search, sort, a list and a detail pane.

    Parameters
    ----------
    frame:
        A :func:`~openrouter_nb.models_frame` DataFrame.
    task, search, sort:
        Initial filter state (also public traits you can set and observe).

    Traits: ``task``, ``search``, ``sort`` (filter state), ``options`` (ids offered, in display
    order) and ``value`` (the selected id, or None when nothing matches).
    """

    task = traitlets.Unicode("all")
    search = traitlets.Unicode("")
    sort = traitlets.Unicode("price")
    options = traitlets.Tuple()
    value = traitlets.Unicode(None, allow_none=True)

    def __init__(
        self, frame: pd.DataFrame, *, task: str = "all", search: str = "", sort: str = "price", **kwargs: Any
    ) -> None:
        self._frame = frame
        self._syncing = False
        self._haystack = search_text(frame)
        self._task_w = widgets.Dropdown(options=list(TASKS), value="all", description="Task")
        self._search_w = widgets.Text(
            placeholder="search id, name or provider", description="Search", continuous_update=True
        )
        self._sort_w = widgets.Dropdown(options=list(SORTS), value="price", description="Sort")
        self._select_w = widgets.Select(options=[], rows=10, layout=widgets.Layout(width="100%"))
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
        _check_choice("task", task, TASKS)
        _check_choice("sort", sort, SORTS)
        with self.hold_trait_notifications():
            self.task, self.search, self.sort = task, search, sort
        self._refresh()

    # -- validation and change handlers ---------------------------------------------------------

    @traitlets.validate("task")
    def _validate_task(self, proposal: dict[str, Any]) -> str:
        return _check_choice("task", proposal["value"], TASKS)

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
        if change["new"] is not None and change["new"] not in self.options:
            raise traitlets.TraitError(f"{change['new']!r} is not among the offered models")
        if self._select_w.value != change["new"]:
            self._select_w.value = change["new"]
        self._detail_w.value = self._detail(change["new"])

    def _on_select_change(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        if change["new"] is not None and change["new"] != self.value:
            self.value = change["new"]

    # -- filtering ------------------------------------------------------------------------------

    def _filtered(self) -> pd.DataFrame:
        frame = self._frame
        column = TASKS[self.task]
        if column is not None:
            frame = frame[frame[column]]
        terms = self.search.lower().split()
        if terms:
            hay = self._haystack.loc[frame.index]
            mask = hay.str.contains(terms[0], regex=False)
            for term in terms[1:]:
                mask &= hay.str.contains(term, regex=False)
            frame = frame[mask.to_numpy()]
        frame = frame.copy()
        order = sort_key(frame, self.sort, self.task)
        columns, ascending = [c for c, _ in order], [a for _, a in order]
        return frame.sort_values(columns, ascending=ascending, na_position="last", kind="stable")

    def _refresh(self) -> None:
        frame = self._filtered()
        ids = tuple(str(i) for i in frame.index)
        labels = [(option_label(row), model_id) for model_id, (_, row) in zip(ids, frame.iterrows(), strict=True)]
        current = self.value
        self.options = ids
        self._syncing = True  # the Select picks its own value when its options change: ignore that
        try:
            self._select_w.options = labels
        finally:
            self._syncing = False
        if not ids:
            self._status_w.value = f"<i>No models match task '{html.escape(self.task)}' and this search.</i>"
            self.value = None
            self._select_w.value = None
            return
        self._status_w.value = f"<small>{len(ids)} models</small>"
        self.value = current if current in ids else ids[0]
        if self._select_w.value != self.value:
            self._select_w.value = self.value

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
