"""The client's methods that answer with a table: each reads records through a resource and turns
them into a DataFrame in :mod:`.records` (pandas loads only when one is asked for).

:class:`Tables` is a base of :class:`~openrouter_nb.OpenRouterClient`; it holds no state of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .account import Account
    from .images import Images
    from .ledger import SpendLedger

__all__ = ["Tables"]


class Tables:
    """Catalog, account and spend tables of a client (``model_endpoints``, ``benchmarks``, ``activity``,
    ``image_prices``, ``spend``)."""

    _account: Account
    _images: Images
    ledger: SpendLedger

    async def model_endpoints(self, model_id: str) -> pd.DataFrame:
        """Compare the providers serving one model: price, context, quantization, uptime, latency, throughput.

        One row per provider (:func:`~openrouter_nb.client.records.endpoints_frame` of ``GET /models/{id}/endpoints``).
        """
        records = await self._account.endpoint_records(model_id)
        from .records import endpoints_frame  # rows into a table, loaded when one is asked for

        return endpoints_frame(records)

    async def benchmarks(self, **filters: Any) -> pd.DataFrame:
        """Quality benchmarks (``GET /benchmarks``), one row per model and measure, joinable on ``id``.

        ``filters``: ``source`` (``artificial-analysis``, ``design-arena``, ``openrouter``),
        ``task_type``, ``arena``, ``category``, ``max_results``. Built by
        :func:`~openrouter_nb.benchmarks_frame`.
        """
        records = await self._account.benchmark_records(**filters)
        models = await self._account.list_models()  # cached: maps each benchmark's model slug to its catalog id
        from .records import benchmarks_frame  # rows into a table, loaded when one is asked for

        return benchmarks_frame(records, models)

    async def activity(self, *, date: str | None = None) -> pd.DataFrame:
        """What the account really spent: ``GET /activity``, by day, model and provider, last 30 days.

        The service's own record (every client, every session) over the last 30 *completed* UTC
        days, where :attr:`spend` is this client's calls only. Needs a management key (other keys
        get ``PermissionDeniedError``). ``date`` keeps one day. Built by
        :func:`~openrouter_nb.client.records.activity_frame`.
        """
        from .records import activity_frame  # rows into a table, loaded when one is asked for

        return activity_frame(await self._account.activity_records(date=date))

    async def image_prices(self) -> pd.DataFrame:
        """Every image model's per-image prices as the service states them, per provider.

        Reads ``GET /images/models/{id}/endpoints`` for each image model (eight at a time, cached for
        ``models_ttl``): one row per endpoint and price entry, with ``model``, ``provider``,
        ``billable`` (``output_image`` …), ``unit`` (``image``, ``megapixel`` or ``token``) and
        ``cost_usd`` (USD per unit). :func:`~openrouter_nb.add_image_prices` puts them in a models frame.
        """
        from .records import image_prices_frame  # rows into a table, loaded when one is asked for

        return image_prices_frame(await self._images.image_price_rows())

    @property
    def spend(self) -> pd.DataFrame:
        """The spend ledger as a DataFrame: one row per billed call (call, model, provider, tokens, cost)."""
        from .records import spend_frame  # rows into a table, loaded when one is asked for

        return spend_frame(self.ledger.entries)
