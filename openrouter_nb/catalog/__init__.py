"""Catalog DataFrames for comparing models and prices in notebooks.

pandas is imported when a function here runs, not when ``openrouter_nb`` is imported.

Units: token prices are USD per million tokens (``*_usd_per_mtok``); per-image, per-request and
per-search prices are USD each. ``"-1"`` (variable-priced routers) becomes NaN with
``variable_pricing=True``; ``"0"``/``"0"`` token prices on image and video models do not make them
``free``: their price lives in other keys (``image_output``, ``image_token``) or outside the catalog.

One module per concern: ``_build`` (``models_frame`` and its columns), ``_cost`` (workload costs,
video prices), ``_show`` (tables, side-by-side views, the column contract widgets use) and
``_records`` (frames of client results: endpoints, spend), ``_value`` (quality per dollar) and
``_history`` (catalog diffs, prices over time).
"""

from __future__ import annotations

from ..client.records import benchmarks_frame, embeddings_frame, endpoints_frame, spend_frame
from .cost import add_video_prices, estimate_cost, video_usd_per_second
from .frame import COLUMN_ORDER, IMAGE_TOKENS_PER_IMAGE, PRICE_COLUMNS, QUALITY_COLUMNS, models_frame
from .history import PRICE_KEYS, diff_catalogs, price_history
from .show import (
    SORTS,
    TASK_COLUMNS,
    PriceTable,
    compare_models,
    model_facts,
    option_label,
    option_labels,
    price_label,
    price_table,
    search_text,
    sort_key,
    sort_positions,
)
from .value import DEFAULT_WORKLOAD, add_value, cheapest, value_frontier

__all__ = [
    "COLUMN_ORDER",
    "DEFAULT_WORKLOAD",
    "IMAGE_TOKENS_PER_IMAGE",
    "PRICE_COLUMNS",
    "PRICE_KEYS",
    "QUALITY_COLUMNS",
    "SORTS",
    "TASK_COLUMNS",
    "PriceTable",
    "add_value",
    "add_video_prices",
    "benchmarks_frame",
    "cheapest",
    "compare_models",
    "diff_catalogs",
    "embeddings_frame",
    "endpoints_frame",
    "estimate_cost",
    "model_facts",
    "models_frame",
    "option_label",
    "option_labels",
    "price_label",
    "price_history",
    "price_table",
    "search_text",
    "sort_key",
    "sort_positions",
    "spend_frame",
    "value_frontier",
    "video_usd_per_second",
]
