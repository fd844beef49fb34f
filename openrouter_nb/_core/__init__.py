"""Pure helpers every layer stands on: no service calls, nothing heavy imported at module level.

- ``wire``: one reader for each fact of a response, one writer for request bodies.
- ``sse``: the server-sent events decoder; ``watchdog``: a stream's idle deadline.
- ``retry``: the retry policy as data and pure functions; ``limits``: ``ResponseLimits``.
- ``prices``: price strings, variable prices, per-second video prices.
- ``files``: atomic writes and safe file names; ``snapshots``: the catalog snapshot file format.
- ``display``: output that updates in place, progress bars; ``tables``: rows into a DataFrame
  (pandas imported there, lazily); ``sync``: ``run``/``spawn``, the bridge for sync code and widgets.
"""
