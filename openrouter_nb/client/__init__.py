"""The client layer: ``OpenRouterClient`` and everything a call goes through. No pandas, no widgets.

- ``client``: the class users make; each public method is a resource's method, forwarded;
  ``settings``: how its options become its parts (headers, the httpx client, slots, the cache).
- ``requester``: the one request path (sending, deadlines, retries, slots, redaction);
  ``reading``: bounded bodies, event streams, downloads, URL policy; ``error_mapping``: how a
  status, an error body or an httpx failure becomes an ``OpenRouterError``.
- Resources, one per concern: ``chat`` (and ``streaming``, ``tools``), ``images``, ``video``,
  ``audio``, ``embeddings``, ``account``.
- Around the calls: ``ledger`` (what was spent), ``cache`` (deterministic responses on disk),
  ``budget`` (the money guard), ``batch`` (``generate_many``), ``records`` (results as tables).
"""
