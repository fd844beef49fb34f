"""What a workload costs on each model: ``estimate_cost``, and video prices from ``/videos/models``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._core.prices import video_usd_per_second
from .frame import MTOK, NAN

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["add_video_prices", "estimate_cost", "video_usd_per_second"]


def add_video_prices(frame: pd.DataFrame, video_models: Any) -> pd.DataFrame:
    """A copy of ``frame`` with ``video_usd_per_second`` from ``client.list_video_models()``.

    Video prices are not in ``GET /models`` (video models show ``"0"`` token prices there); this
    column makes :func:`estimate_cost` work for ``video_seconds``. Models without a video price get NaN.
    """
    prices = {m["id"]: video_usd_per_second(m) for m in video_models if isinstance(m, dict) and "id" in m}
    out = frame.copy()
    out["video_usd_per_second"] = [prices.get(model_id, NAN) for model_id in out.index]
    out["video_usd_per_second"] = out["video_usd_per_second"].astype("float64")
    return out


def estimate_cost(
    frame: pd.DataFrame,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    images: int = 0,
    requests: int = 1,
    *,
    video_seconds: int = 0,
    column: str = "cost_usd",
    sort: bool = True,
    include_free: bool = True,
) -> pd.DataFrame:
    """Add a ``cost_usd`` column: what ``requests`` calls of this workload cost on each model.

    One call = ``prompt_tokens`` in, ``completion_tokens`` out, ``images`` generated images and
    ``video_seconds`` of generated video (needs :func:`add_video_prices` first), plus any per-request
    fee. NaN (never a fake number) where the price is unknown: variable-priced routers, models that
    cannot do the workload (tokens on a model without text output, images on a model without an
    image price), video models without a video price, empty pricing, and ``"0"`` token prices on a
    model that is not free by the strict rule (its real price lives elsewhere). $0 means ``free``.
    ``include_free=False`` drops free models, so they do not crowd a comparison of paid ones.
    Returns a copy, cheapest first unless ``sort=False``.
    """
    for name, value in (
        ("prompt_tokens", prompt_tokens),
        ("completion_tokens", completion_tokens),
        ("images", images),
        ("requests", requests),
        ("video_seconds", video_seconds),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    out = frame.copy()
    tokens = (
        out["prompt_usd_per_mtok"].fillna(0) * prompt_tokens
        + out["completion_usd_per_mtok"].fillna(0) * completion_tokens
    ) / MTOK
    cost = (
        tokens + out["request_usd"].fillna(0) + out["generated_image_usd"] * images
        if images
        else tokens + out["request_usd"].fillna(0)
    )
    if video_seconds:
        if "video_usd_per_second" not in out.columns:
            raise ValueError(
                "video_seconds needs video prices: frame = add_video_prices(frame, await client.list_video_models())"
            )
        cost = cost + out["video_usd_per_second"] * video_seconds
    cost = cost * requests
    # video models are priced outside the catalog: unknown unless the workload is video, priced above
    unknown = out["variable_pricing"] | (
        out["video_output"] if not video_seconds else out["video_usd_per_second"].isna()
    )
    if prompt_tokens or completion_tokens:
        unknown |= ~out["text_output"] | out["prompt_usd_per_mtok"].isna() | out["completion_usd_per_mtok"].isna()
    if images:
        unknown |= out["generated_image_usd"].isna()
    if requests and (prompt_tokens or completion_tokens or images or video_seconds):
        unknown |= (cost == 0) & ~out["free"]  # $0 for real work is a price we do not know
    out[column] = cost.mask(unknown).astype("float64")
    if not include_free:
        out = out[~out["free"].to_numpy()]
    if sort:
        out = out.sort_values(column, kind="stable", na_position="last")
    return out
