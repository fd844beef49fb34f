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

    async def rankings(
        self,
        *,
        period: str | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
        **filters: Any,
    ) -> pd.DataFrame:
        """What people use: ``GET /datasets/rankings-daily``, the top 50 models by tokens a ``period``
        (``day``, ``week``, ``month``; by day unless a ``category`` or ``language_type`` asks for
        their weekly estimates) plus an ``other`` row, over the last 30 days by default.

        One row per date and model: ``date``, ``model`` (the catalog id), ``model_permaslug``,
        ``tokens``, ``share`` (of that date's tokens). ``filters``: ``modality``, ``context_bucket``,
        ``category``, ``language_type``. Cite it as ``frame.attrs["source"]`` says (CC BY 4.0).
        :func:`~openrouter_nb.add_popularity` puts it in a models frame.
        """
        rows, meta = await self._account.dataset_records(
            "rankings-daily", period=period, start_date=start_date, end_date=end_date, **filters
        )
        ids: dict[str, str] = {}
        for m in await self._account.list_models():  # a permaslug names the base model, not its variants
            if isinstance(m, dict) and isinstance(m.get("id"), str):
                slug = m.get("canonical_slug") or m["id"]
                if slug not in ids or ":" in ids[slug]:
                    ids[slug] = m["id"]
        from .records import rankings_frame  # rows into a table, loaded when one is asked for

        return rankings_frame(rows, meta, ids)

    async def app_rankings(self, **filters: Any) -> pd.DataFrame:
        """The apps that use OpenRouter most: ``GET /datasets/app-rankings`` (``sort`` popular or
        trending, ``category``, ``subcategory``, ``start_date``, ``end_date``, ``limit``, ``offset``).

        Columns ``rank``, ``app_id``, ``app``, ``tokens``, ``requests``; cite as ``frame.attrs["source"]``.
        """
        rows, meta = await self._account.dataset_records("app-rankings", **filters)
        from .records import app_rankings_frame

        return app_rankings_frame(rows, meta)
