"""Quality against cost: every model a point (cost on a log axis), the value frontier drawn and named.

``value_chart(frame)`` gives a :class:`ValueChart`. In JupyterLab it renders as an interactive
Vega-Lite chart (Altair 5, from the ``notebooks`` extra; JupyterLab draws it without a network:
hover for a model's name and numbers, scroll to zoom); other frontends show the same chart as a
PNG drawn with matplotlib (``.png()`` for a terminal or a file). ``.widget(picker)`` is an
``altair.JupyterChart`` where a click selects the model in a :class:`~openrouter_nb.ModelPicker`
(its JavaScript comes from a CDN, so that one needs the browser online). Both libraries are
imported when a chart is drawn.
"""

from __future__ import annotations

import base64
import io
import math
from typing import TYPE_CHECKING, Any

from .._core.display import optional
from .labels import place_labels
from .value import add_value, value_frontier

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CostChart", "ValueChart", "choose", "cost_chart", "have_altair", "png_bundle", "png_of", "value_chart"]

_LABELS = {
    "intelligence_index": "Intelligence index (Artificial Analysis)",
    "coding_index": "Coding index (Artificial Analysis)",
    "agentic_index": "Agentic index (Artificial Analysis)",
    "arena_elo_mean": "Design Arena Elo (mean over categories)",
    "cost_usd": "Cost of the workload (USD, log scale)",
}
SELECTION = "pick"  # the name of the chart's click selection
_VEGA_SIZE = (560, 360)  # the interactive chart's plot area, in pixels
_VEGA_FONT = 10  # its labels' font size
VEGA_LITE = "application/vnd.vegalite.v5+json"  # what JupyterLab 4 renders natively


def have_altair() -> bool:
    try:
        import altair  # noqa: F401
    except ImportError:
        return False
    return True


def _label_frontier(axes: Any, renderer: Any, frontier: pd.DataFrame, cost: str, quality: str, height: float) -> None:
    """Name the frontier's models beside their points, no label over another (see :mod:`.labels`)."""
    names = [str(n) for n in frontier["name"]]
    data = list(zip(frontier[cost].astype(float), frontier[quality].astype(float), strict=True))
    pixels = [(float(x), height - float(y)) for x, y in axes.transData.transform(data)]  # y down
    sizes = []
    for name in names:
        probe = axes.text(0, 0, name, fontsize=7)
        extent = probe.get_window_extent(renderer)
        sizes.append((extent.width, extent.height))
        probe.remove()
    box = axes.get_window_extent(renderer)
    bounds = (box.x0, height - box.y1, box.x1, height - box.y0)
    for name, point, place in zip(names, data, place_labels(pixels, sizes, bounds), strict=True):
        if place is None:
            continue
        arrow = {"arrowstyle": "-", "color": "#999999", "lw": 0.6} if place.moved else None
        axes.annotate(name, point, xytext=(place.left, height - place.bottom), textcoords="figure pixels",
                      fontsize=7, ha="left", va="bottom", arrowprops=arrow)  # fmt: skip


def png_of(figure: Any, *, layout: bool = True) -> bytes:
    """A matplotlib figure as PNG bytes, laid out tight (unless it is already), with no version stamp."""
    if layout:
        figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def png_bundle(chart: Any) -> dict[str, Any]:
    """The text and PNG of a chart; without the notebooks extra, the text says what to install."""
    bundle: dict[str, Any] = {"text/plain": repr(chart)}
    try:
        bundle["image/png"] = base64.b64encode(chart.png()).decode("ascii")
    except ImportError as missing:
        bundle["text/plain"] += f"\n{missing}"
    return bundle


class ValueChart:
    """The points and frontier of a value chart, drawable interactively (Altair) or as a PNG."""

    def __init__(self, points: pd.DataFrame, frontier: pd.DataFrame, quality: str, cost: str, title: str) -> None:
        self.points = points
        self.frontier = frontier
        self.quality = quality
        self.cost = cost
        self.title = title

    def __repr__(self) -> str:
        names = ", ".join(str(n) for n in self.frontier["name"].head(5))
        return f"<ValueChart {len(self.points)} models by {self.quality} per {self.cost}; frontier: {names} …>"

    def altair(self) -> Any:
        """The interactive chart (an ``altair.LayerChart``); needs the ``notebooks`` extra."""
        alt = optional("altair", "notebooks", "the interactive value chart")
        columns = ["id", "name", "provider", self.cost, self.quality, "value"]
        data = self.points[[c for c in columns if c != "id"]].reset_index()
        data["on_frontier"] = data["id"].isin(list(self.frontier.index))
        pick = alt.selection_point(name=SELECTION, fields=["id"], on="click", empty=False)
        (x_lo, x_hi), (y_lo, y_hi) = self._domains()
        x_scale = alt.Scale(type="log", domain=[x_lo, x_hi])
        y_scale = alt.Scale(zero=False, domain=[y_lo, y_hi], nice=False)
        x = alt.X(f"{self.cost}:Q", scale=x_scale, title=_LABELS.get(self.cost, self.cost))
        y = alt.Y(f"{self.quality}:Q", title=_LABELS.get(self.quality, self.quality), scale=y_scale)
        tooltip = [
            alt.Tooltip("name:N", title="model"),
            alt.Tooltip("id:N"),
            alt.Tooltip(f"{self.cost}:Q", title="cost USD", format=".6f"),
            alt.Tooltip(f"{self.quality}:Q", title=self.quality, format=".1f"),
            alt.Tooltip("value:Q", title="points per USD", format=",.0f"),
        ]
        base = alt.Chart(data).encode(x=x, y=y)
        points = (
            base.mark_circle(size=60)
            .encode(
                color=alt.condition("datum.on_frontier", alt.value("#d62728"), alt.value("#7f7f7f")),
                opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
                tooltip=tooltip,
            )
            .add_params(pick)
        )
        frontier = alt.Chart(data[data["on_frontier"]]).encode(x=x, y=y)
        line = frontier.mark_line(color="#d62728", interpolate="step-after")
        placed = alt.Chart(self._vega_labels())
        label_x = alt.X("label_x:Q", scale=x_scale, title=None)
        label_y = alt.Y("label_y:Q", scale=y_scale, title=None)
        labels = placed.mark_text(align="left", baseline="bottom", fontSize=_VEGA_FONT).encode(
            x=label_x, y=label_y, text="name:N"
        )
        leaders = placed.transform_filter("datum.moved").mark_rule(color="#999999", strokeWidth=0.6).encode(
            x=alt.X(f"{self.cost}:Q", scale=x_scale), y=alt.Y(f"{self.quality}:Q", scale=y_scale),
            x2="leader_x:Q", y2="leader_y:Q",
        )  # fmt: skip
        chart = alt.layer(points, line, labels, leaders).properties(
            title=self.title, width=_VEGA_SIZE[0], height=_VEGA_SIZE[1]
        )
        return chart.interactive()

    def _domains(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The axes' ranges: the points with a margin (a factor on the log cost axis)."""
        costs, scores = self.points[self.cost].astype(float), self.points[self.quality].astype(float)
        spread = max(float(scores.max() - scores.min()), 1.0)
        return (
            (float(costs.min()) / 1.6, float(costs.max()) * 1.6),
            (float(scores.min()) - 0.05 * spread, float(scores.max()) + 0.1 * spread),
        )

    def _vega_labels(self) -> pd.DataFrame:
        """The frontier's labels placed in the Vega-Lite chart (text sizes estimated from its font)."""
        (x_lo, x_hi), (y_lo, y_hi) = self._domains()
        width, height = _VEGA_SIZE
        span = math.log(x_hi) - math.log(x_lo)

        def to_px(cost: float, score: float) -> tuple[float, float]:
            return width * (math.log(cost) - math.log(x_lo)) / span, height * (1 - (score - y_lo) / (y_hi - y_lo))

        def to_data(px: float, py: float) -> tuple[float, float]:
            return math.exp(math.log(x_lo) + span * px / width), y_lo + (1 - py / height) * (y_hi - y_lo)

        rows = self.frontier.reset_index()[["id", "name", self.cost, self.quality]]  # only what the layer draws
        points = [to_px(c, q) for c, q in zip(rows[self.cost], rows[self.quality], strict=True)]
        sizes = [(len(str(n)) * _VEGA_FONT * 0.62 + 2, _VEGA_FONT * 1.25) for n in rows["name"]]
        out = []
        for row, place in zip(rows.to_dict("records"), place_labels(points, sizes, (0, 0, width, height)), strict=True):
            if place is None:
                continue
            label_x, label_y = to_data(place.left, place.bottom)
            leader_x, leader_y = to_data(
                place.left if place.side == "right" else place.right, (place.top + place.bottom) / 2
            )
            out.append({**row, "label_x": label_x, "label_y": label_y, "leader_x": leader_x, "leader_y": leader_y,
                        "moved": place.moved})  # fmt: skip
        import pandas as pd

        return pd.DataFrame(out, columns=[*rows.columns, "label_x", "label_y", "leader_x", "leader_y", "moved"])

    def widget(self, picker: Any = None) -> Any:
        """The chart as a widget (``altair.JupyterChart``); a click on a point selects that model in ``picker``."""
        alt = optional("altair", "notebooks", "value_chart(...).widget()")
        optional("anywidget", "notebooks", "value_chart(...).widget()")
        chart: Any = alt.JupyterChart(self.altair())
        if picker is not None:
            chart.selections.observe(lambda change: choose(picker, change["new"].value), [SELECTION])
        return chart

    def png(self, *, dpi: int = 80) -> bytes:
        """The chart as PNG bytes (matplotlib), for a terminal, a file or a notebook without Altair."""
        return png_of(self.figure(dpi=dpi), layout=False)

    def figure(self, *, dpi: int = 80) -> Any:
        """The chart as a matplotlib ``Figure`` (its PNG): points, frontier, labels placed apart."""
        matplotlib = optional("matplotlib", "notebooks", "value_chart(...).png()")
        matplotlib.use("Agg", force=False)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(7.5, 4.5), dpi=dpi)
        canvas = FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.scatter(self.points[self.cost], self.points[self.quality], s=14, color="#7f7f7f", alpha=0.6)
        axes.step(self.frontier[self.cost], self.frontier[self.quality], where="post", color="#d62728")
        axes.scatter(self.frontier[self.cost], self.frontier[self.quality], s=20, color="#d62728")
        axes.set_xscale("log")
        (x_lo, x_hi), (y_lo, y_hi) = self._domains()
        axes.set_xlim(x_lo, x_hi)
        axes.set_ylim(y_lo, y_hi)
        axes.set_xlabel(_LABELS.get(self.cost, self.cost))
        axes.set_ylabel(_LABELS.get(self.quality, self.quality))
        axes.set_title(self.title, fontsize=10)
        figure.tight_layout()  # the axes settle first: labels are placed in their pixels
        renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
        _label_frontier(axes, renderer, self.frontier, self.cost, self.quality, figure.bbox.height)
        return figure

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # JupyterLab draws the Vega-Lite spec itself (no network); other frontends show the PNG.
        # Without the notebooks extra, the text says what to install instead of failing the cell.
        bundle = png_bundle(self)
        if have_altair():
            bundle[VEGA_LITE] = self.altair().to_dict()
        return bundle


def choose(picker: Any, points: list[dict[str, Any]]) -> None:
    """Select the first clicked model in ``picker`` (widening its filters when they hide it)."""
    model_id = next((p.get("id") for p in points if isinstance(p, dict) and isinstance(p.get("id"), str)), None)
    if model_id is None:
        return
    if model_id not in picker.options:
        picker.search = ""
        picker.task = "all"
    if model_id in picker.options:
        picker.value = model_id


def value_chart(
    frame: pd.DataFrame,
    quality: str = "intelligence_index",
    cost: str = "cost_usd",
    *,
    include_free: bool = False,
    title: str | None = None,
) -> ValueChart:
    """Cost against ``quality`` for every model of ``frame`` that has both, with the Pareto frontier.

    ``cost`` is a column (``cost_usd`` from :func:`~openrouter_nb.estimate_cost`, or a price
    column); ``quality`` one of ``intelligence_index``, ``coding_index``, ``agentic_index``,
    ``arena_elo_mean``. Free models are left out unless ``include_free`` (a log axis has no 0).
    """
    scored = add_value(frame, quality, cost)
    keep = scored[quality].notna() & scored[cost].notna() & (scored[cost] > 0)
    points = scored[keep.to_numpy()]
    if points.empty:
        raise ValueError(f"no model of the frame has both {quality!r} and a known {cost!r}")
    frontier = value_frontier(points, quality, cost, include_free=include_free)
    chosen = title or f"{quality} against {cost}: {len(points)} models, {len(frontier)} on the frontier"
    return ValueChart(points, frontier, quality, cost, chosen)


def _usd(value: float) -> str:
    """Dollars with two significant digits past the zeros: $0.53, $0.043, $0.000028."""
    digits = max(2, 1 - math.floor(math.log10(value))) if value > 0 else 2
    return f"${value:.{digits}f}"


class CostChart:
    """The sticker price against the bill, per model: a pair of bars each, the ratio written beside."""

    def __init__(self, frame: pd.DataFrame, title: str) -> None:
        self.frame = frame
        self.title = title

    def __repr__(self) -> str:
        return f"<CostChart {len(self.frame)} models: sticker against measured USD>"

    def png(self, *, dpi: int = 80) -> bytes:
        """The chart as PNG bytes (matplotlib, from the ``notebooks`` extra)."""
        matplotlib = optional("matplotlib", "notebooks", "cost_chart(...).png()")
        matplotlib.use("Agg", force=False)
        from matplotlib.figure import Figure

        rows = self.frame.iloc[::-1]  # the first model on top
        figure = Figure(figsize=(7.5, 0.45 * len(rows) + 1.4), dpi=dpi)
        axes = figure.add_subplot()
        places = list(range(len(rows)))
        sticker = rows["estimated_usd"].to_numpy(dtype="float64")
        measured = rows["measured_usd"].to_numpy(dtype="float64")
        known = [v for v in (*sticker, *measured) if v == v and v > 0]
        floor = min(known) / 3 if known else 1e-6  # a log axis: the bars grow from a little below the cheapest
        axes.set_xscale("log")
        for offset, values, color, label in (
            (0.2, sticker, "#9ecae1", "sticker: visible tokens at list prices"),
            (-0.2, measured, "#08519c", "billed"),
        ):
            widths = [v - floor if v == v and v > floor else 0.0 for v in values]
            axes.barh([p + offset for p in places], widths, left=floor, height=0.38, color=color, label=label)
        for place, ratio, bill in zip(places, rows["measured_over_estimated"], measured, strict=True):
            if bill == bill:  # not NaN
                note = _usd(bill) + (f"  ×{ratio:.1f}" if ratio == ratio else "")
                axes.annotate(
                    note,
                    (max(bill, floor), place - 0.2),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7,
                )
        axes.set_yticks(places, [str(i) for i in rows.index], fontsize=8)
        axes.set_xlim(floor, max(known, default=1.0) * 60)  # room for the notes
        axes.set_xlabel("USD (log scale)")
        axes.legend(fontsize=7, loc="upper right")
        axes.set_title(self.title, fontsize=10)
        return png_of(figure)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return png_bundle(self)


def cost_chart(frame: pd.DataFrame, *, title: str | None = None) -> CostChart:
    """The sticker estimate against the bill, per model of :func:`~openrouter_nb.measure_costs` (a PNG chart)."""
    missing = [c for c in ("estimated_usd", "measured_usd", "measured_over_estimated") if c not in frame.columns]
    if missing:
        raise ValueError(f"cost_chart needs the frame of measure_costs(...); it lacks {', '.join(missing)}")
    if frame.empty:
        raise ValueError("cost_chart needs at least one measured model")
    calls = int(frame["calls"].sum()) if "calls" in frame.columns else len(frame)
    return CostChart(frame, title or f"What {calls} calls cost: the price list's sticker against the bill")
