"""The catalog layer: the model catalog as facts, DataFrames, values, history, charts and a picker.

pandas, ipywidgets and the chart libraries are imported when a function here runs, not with
``openrouter_nb``. Units: token prices are USD per million tokens (``*_usd_per_mtok``);
per-image, per-request and per-search prices are USD each. ``"-1"`` (variable-priced routers)
becomes NaN with ``variable_pricing=True``; ``"0"``/``"0"`` token prices on image and video models
do not make them ``free``: their price lives in other keys (``image_output``, ``image_token``) or
outside the catalog.

- ``facts``: capability tags and summaries of ``GET /models`` items (pure Python).
- ``frame``: ``models_frame`` and the columns it guarantees; ``cost``: ``estimate_cost``, video prices.
- ``columns``: the column contract the picker and the studio use; ``sorting``: the picker's orders.
- ``show``: price tables and side-by-side views; ``value``: quality per dollar and the frontier.
- ``history``: snapshots on disk, what changed between two, prices over time.
- ``charts``: the value chart (Altair, matplotlib); ``picker``: ``ModelPicker`` (ipywidgets).
"""
