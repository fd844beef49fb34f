"""What people use, beside what it costs: popularity from OpenRouter's rankings dataset.

``add_popularity(frame, await client.rankings())`` adds ``tokens_30d`` (the model's tokens over the
rankings' window, 30 days by default) and ``popularity_rank`` (1 = the most used); the picker's
``popular`` sort orders by it, and :func:`popularity_chart` draws each model's share of the tokens
against its price. The dataset is CC BY 4.0: the chart cites it as its licence asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._core.display import optional
from .charts import VEGA_LITE, have_altair, png_bundle, png_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PopularityChart", "add_popularity", "popularity_chart"]


def add_popularity(frame: pd.DataFrame, rankings: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` (a models frame) with ``tokens_30d``, ``popularity_share`` (of all tokens in
    the window, ``other`` included) and ``popularity_rank`` from ``client.rankings()``.

    Models outside the rankings' top 50 get missing values (not zero: the dataset does not say).
    """
    required = {"model", "tokens"}
    if not required <= set(rankings.columns):
        raise ValueError("add_popularity needs the frame of client.rankings(): columns model and tokens")
    total = float(rankings["tokens"].sum())
    named = rankings[rankings["model"] != "other"].groupby("model")["tokens"].sum()
    out = frame.copy()
    out["tokens_30d"] = named.reindex(out.index).astype("Int64")
    out["popularity_share"] = (out["tokens_30d"].astype("float64") / total) if total else float("nan")
    out["popularity_rank"] = out["tokens_30d"].rank(ascending=False, method="min").astype("Int64")
    out.attrs["popularity_source"] = rankings.attrs.get("source", "Source: OpenRouter (openrouter.ai/rankings)")
    return out


class PopularityChart:
    """Each ranked model's share of the tokens against its price (log), drawable with Altair or as a PNG."""

    def __init__(self, points: pd.DataFrame, title: str, source: str) -> None:
        self.points = points
        self.title = title
        self.source = source

    def __repr__(self) -> str:
        names = ", ".join(str(n) for n in self.points.sort_values("popularity_share", ascending=False)["name"].head(3))
        return f"<PopularityChart {len(self.points)} models; most used: {names} … {self.source}>"

    def altair(self) -> Any:
        """The interactive chart (an ``altair.Chart``); needs the ``notebooks`` extra."""
        alt = optional("altair", "notebooks", "the interactive popularity chart")
        data = self.points.reset_index()
        x = alt.X(
            "price_usd_per_mtok:Q", scale=alt.Scale(type="log"), title="Prompt + completion, USD per M tokens (log)"
        )
        y = alt.Y("popularity_share:Q", axis=alt.Axis(format="%"), title="Share of the tokens")
        tooltip = [
            alt.Tooltip("name:N", title="model"),
            alt.Tooltip("id:N"),
            alt.Tooltip("popularity_share:Q", format=".1%", title="share"),
            alt.Tooltip("price_usd_per_mtok:Q", format=".2f", title="USD per M tokens"),
        ]
        points = alt.Chart(data).mark_circle(size=70, color="#3182bd").encode(x=x, y=y, tooltip=tooltip)
        labels = alt.Chart(data).mark_text(align="left", dx=6, fontSize=9).encode(x=x, y=y, text="name:N")
        title = alt.TitleParams(self.title, subtitle=[self.source])
        return alt.layer(points, labels).properties(title=title, width=560, height=340).interactive()

    def png(self, *, dpi: int = 80) -> bytes:
        """The chart as PNG bytes (matplotlib), for a terminal, a file or a notebook without Altair."""
        matplotlib = optional("matplotlib", "notebooks", "popularity_chart(...).png()")
        matplotlib.use("Agg", force=False)
        from matplotlib.figure import Figure

        figure = Figure(figsize=(7.5, 4.5), dpi=dpi)
        axes = figure.add_subplot()
        axes.scatter(self.points["price_usd_per_mtok"], self.points["popularity_share"] * 100, s=18, color="#3182bd")
        axes.set_xscale("log")
        _label_leaders(axes, self.points.sort_values("popularity_share", ascending=False).head(8))
        axes.set_xlabel("Prompt + completion, USD per M tokens (log)")
        axes.set_ylabel("Share of the tokens (%)")
        axes.set_title(self.title, fontsize=10)
        figure.text(0.01, 0.01, self.source, fontsize=7, color="#555555")
        return png_of(figure)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = png_bundle(self)
        if have_altair():
            bundle[VEGA_LITE] = self.altair().to_dict()
        return bundle


def _label_leaders(axes: Any, top: pd.DataFrame) -> None:
    """Name the most used points: right of each (left of those near the right edge), a line lower
    when a label already sits close by."""
    import math

    xs = [math.log10(x) for x in top["price_usd_per_mtok"]]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = float(top["popularity_share"].max() * 100) or 1.0
    placed: list[tuple[float, float]] = []
    for name, lx, y in zip(top["name"], xs, top["popularity_share"] * 100, strict=True):
        crowded = any(abs(lx - px) < span_x / 4 and abs(y - py) < span_y / 12 for px, py in placed)
        right = lx > min(xs) + span_x * 0.75
        offset = (-4 if right else 4, -9 if crowded else 2)
        axes.annotate(str(name), (10**lx, y), xytext=offset, textcoords="offset points", fontsize=7,
                      ha="right" if right else "left")  # fmt: skip
        placed.append((lx, y))


def popularity_chart(frame: pd.DataFrame, *, title: str | None = None) -> PopularityChart:
    """Share of the tokens against price for every ranked model of ``frame`` (after :func:`add_popularity`)."""
    if "popularity_share" not in frame.columns:
        raise ValueError(
            "popularity_chart needs a frame with popularity: frame = add_popularity(frame, await client.rankings())"
        )
    points = frame[frame["popularity_share"].notna()].copy()
    points["price_usd_per_mtok"] = points["prompt_usd_per_mtok"] + points["completion_usd_per_mtok"]
    points = points[points["price_usd_per_mtok"] > 0]
    if points.empty:
        raise ValueError("popularity_chart found no ranked model with a token price in the frame")
    points["popularity_share"] = points["popularity_share"].astype("float64")
    source = str(frame.attrs.get("popularity_source", "Source: OpenRouter (openrouter.ai/rankings)"))
    return PopularityChart(points, title or "What people use against what it costs", source)
