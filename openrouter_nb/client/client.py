"""Async client helpers for interacting with the OpenRouter APIs."""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

import httpx

from .._core import retry
from .._core.limits import ResponseLimits
from ..errors import OpenRouterError
from .account import Account, ModelCache
from .audio import Audio
from .chat import DEFAULT_SYSTEM_PROMPT, Chat
from .embeddings import Embeddings
from .images import Images
from .ledger import SpendLedger
from .rate_limits import RatePacer
from .requester import Requester, Session
from .responses import Responses
from .settings import check_retries, http_client, in_flight_slots, request_headers, response_cache
from .tables import Tables
from .video import Video

if TYPE_CHECKING:
    import asyncio

    from .batch import BatchItem
    from .budget import Budget, PriceEstimator
    from .cache import ResponseCache

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_SYSTEM_PROMPT", "OpenRouterClient", "OpenRouterError"]

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
DEFAULT_APP_URL = "https://github.com/openrouter-nb/openrouter_nb"
DEFAULT_APP_TITLE = "openrouter_nb"

P = ParamSpec("P")
R = TypeVar("R")
_UNSET: Any = object()  # "not given", distinct from timeout=None (no timeout)


class _Forward(Generic[P, R]):
    """A client method that is a resource's method: same signature, same docstring, one definition.

    ``client.chat`` is ``client._chat.chat``, bound. (The resource methods mark ``self``
    positional-only, ``def chat(self, /, ...)``, so type checkers carry their signature over.)
    """

    def __init__(self, resource: str, method: Callable[Concatenate[Any, P], R]) -> None:
        self._resource = resource
        self._name = method.__name__
        self.__wrapped__ = method
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, client: None, owner: type) -> Callable[Concatenate[Any, P], R]: ...
    @overload
    def __get__(self, client: object, owner: type) -> Callable[P, R]: ...
    def __get__(self, client: object | None, owner: type) -> Callable[..., R]:
        if client is None:
            return self.__wrapped__
        return getattr(getattr(client, self._resource), self._name)  # type: ignore[no-any-return]


class OpenRouterClient(Tables):
    """Async client for the OpenRouter API.

    Usage::

        async with OpenRouterClient() as client:          # key from OPENROUTER_API_KEY
            models = await client.list_models()
            text = await client.generate_text("openai/gpt-4o-mini", "A post about tea")
            result = await client.chat("openai/gpt-4o-mini", "Shorter, please", seed=1)
            async for delta in client.stream_text("openai/gpt-4o-mini", "A haiku"):
                print(delta, end="")
            client.spend                                     # what this client has spent

    The methods live with their concern (:mod:`~openrouter_nb.chat`, :mod:`~openrouter_nb.images`,
    :mod:`~openrouter_nb.video`, :mod:`~openrouter_nb.account`); every request goes through one
    requester that owns retries, deadlines and error mapping.

    Parameters
    ----------
    api_key:
        Bearer key; falls back to ``OPENROUTER_API_KEY``. Never shown in repr, errors or logs.
    base_url:
        API root; falls back to ``OPENROUTER_BASE_URL``, else ``https://openrouter.ai/api/v1``.
    timeout:
        Seconds (or an ``httpx.Timeout``) for the httpx client this object builds. It also bounds
        each attempt as a whole (a response that keeps trickling keep-alive bytes still times out)
        and the longest gap between a stream's events.
    models_ttl:
        Seconds a ``list_models()`` result is reused.
    client:
        An ``httpx.AsyncClient`` to use as is (not closed by :meth:`close`).
    transport:
        An httpx transport for the client this object builds, e.g. the offline ``Emulator``.
    clock:
        Monotonic clock for the model cache and video waits (injectable for tests).
    app_url, app_title:
        Attribution headers; fall back to ``OPENROUTER_APP_URL``/``OPENROUTER_APP_TITLE``.
    max_retries:
        Retries after the first attempt (see :mod:`openrouter_nb.retry` for what is retried).
    cache:
        ``None`` (off), ``True`` (``~/.cache/openrouter_nb``), a folder, or a :class:`ResponseCache`:
        identical deterministic requests are answered from disk, unbilled.
    sleep:
        Awaitable sleep used between retries and polls (default ``asyncio.sleep``; injectable so
        tests take no wall time).
    limits:
        ``httpx.Limits`` for the httpx client this object builds (default: httpx's, 100 connections).
    response_limits:
        How much of a response the client holds (:class:`~openrouter_nb.limits.ResponseLimits`:
        JSON bodies, stream events, whole streams, media, files, image pixels). The defaults only
        ever stop a broken or hostile server; crossing one raises ``ResponseTooLargeError``.
    budget:
        USD this client may spend (see :mod:`openrouter_nb.budget`): every billed call is estimated
        from catalog prices before it is sent, and refused with ``BudgetExceededError`` when it
        would pass the budget; :attr:`budget_left` says what is left. Off by default.
    catalog_history:
        A folder: the first ``list_models()`` fetch of each day is saved there as
        ``models-YYYY-MM-DD.json``, for :func:`~openrouter_nb.diff_catalogs` and
        :func:`~openrouter_nb.price_history` (off by default).
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 120.0,
        models_ttl: float = 300.0,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        app_url: str | None = None,
        app_title: str | None = None,
        max_retries: int = retry.DEFAULT_MAX_RETRIES,
        cache: bool | str | os.PathLike[str] | ResponseCache | None = None,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
        limits: httpx.Limits | None = None,
        response_limits: ResponseLimits | None = None,
        catalog_history: str | os.PathLike[str] | None = None,
        budget: float | None = None,
    ) -> None:
        self.max_retries = check_retries(max_retries)
        if response_limits is not None and not isinstance(response_limits, ResponseLimits):
            raise TypeError(f"response_limits must be a ResponseLimits, got {type(response_limits).__name__}")
        if api_key is not None and not isinstance(api_key, str):  # a number or bytes fails later, deep in a call
            raise TypeError(f"api_key must be a string such as 'sk-or-v1-…', got {type(api_key).__name__}")
        self.api_key = api_key if api_key is not None else os.environ.get("OPENROUTER_API_KEY")
        self.base_url = (base_url or os.environ.get("OPENROUTER_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = timeout
        self.models_ttl = models_ttl
        self.app_url = app_url or os.environ.get("OPENROUTER_APP_URL") or DEFAULT_APP_URL
        self.app_title = app_title or os.environ.get("OPENROUTER_APP_TITLE") or DEFAULT_APP_TITLE
        headers, keyless = request_headers(self.api_key, self.app_url, self.app_title)
        self._owns_client = client is None
        self._is_view = False
        self._client = client if client is not None else http_client(transport, timeout, limits, headers)
        self._emulated = bool(getattr(transport, "emulated", False))
        import asyncio  # on first construction, not with the package (it would double the import)

        requester = Requester(
            http=self._client,
            base_url=self.base_url,
            secret=self.api_key,
            headers=headers,
            keyless_headers=keyless,
            preset_headers=self._owns_client,  # a client we built carries them already
            timeout=timeout,
            max_retries=self.max_retries,
            sleep=sleep if sleep is not None else asyncio.sleep,
            session=Session(
                slots=in_flight_slots(asyncio, limits) if self._owns_client else None,
                pacer=RatePacer(lambda: self._models.clock(), sleep if sleep is not None else asyncio.sleep),
            ),
            limits=response_limits if response_limits is not None else ResponseLimits(),
        )
        self.cache: ResponseCache | None = response_cache(cache)
        #: every billed call's cost (see :attr:`spend`)
        self.ledger = SpendLedger()
        self._models = ModelCache(models_ttl, clock)
        #: where daily catalog snapshots go (None: off)
        self.catalog_history = Path(catalog_history).expanduser() if catalog_history is not None else None
        self._compose(requester)
        self.budget: Budget | None = None
        if budget is not None:
            from .budget import Budget  # only a client with a budget needs it

            self.budget = Budget(budget, lambda: self.ledger.total, self.estimator())
            requester.session.guard = self.budget.reserve

    def _compose(self, requester: Requester) -> None:
        """Build the resources on one requester (again for a :meth:`with_options` view)."""
        self._requester = requester
        self._account = Account(requester, self._models, self.catalog_history)
        self._chat = Chat(requester, self.ledger, self.cache, self._account.list_models)
        self._responses = Responses(requester, self.ledger, self._account.list_models)
        self._images = Images(requester, self.ledger, self.models_ttl, lambda: self._models.clock())
        self._video = Video(requester, self.ledger, lambda: self._models.clock())  # follows a new clock
        self._audio = Audio(requester, self.ledger)
        self._embeddings = Embeddings(requester, self.ledger)

    # -- the public methods, each defined once in its concern's module ----------------------------

    chat = _Forward("_chat", Chat.chat)
    generate_text = _Forward("_chat", Chat.generate_text)
    stream_chat = _Forward("_chat", Chat.stream_chat)
    stream_text = _Forward("_chat", Chat.stream_text)
    respond = _Forward("_responses", Responses.respond)
    stream_respond = _Forward("_responses", Responses.stream_respond)

    generate_image = _Forward("_images", Images.generate_image)
    images = _Forward("_images", Images.images)
    fetch_images = _Forward("_images", Images.fetch_images)
    list_image_models = _Forward("_images", Images.list_image_models)
    image_endpoints = _Forward("_images", Images.image_endpoints)

    generate_video = _Forward("_video", Video.generate_video)
    wait_for_video = _Forward("_video", Video.wait_for_video)
    download_video = _Forward("_video", Video.download_video)
    list_video_models = _Forward("_video", Video.list_video_models)

    speak = _Forward("_audio", Audio.speak)
    transcribe = _Forward("_audio", Audio.transcribe)

    embeddings = _Forward("_embeddings", Embeddings.embeddings)
    rerank = _Forward("_embeddings", Embeddings.rerank)

    list_models = _Forward("_account", Account.list_models)
    list_user_models = _Forward("_account", Account.list_user_models)
    list_embedding_models = _Forward("_account", Account.list_embedding_models)
    list_providers = _Forward("_account", Account.list_providers)
    get_generation = _Forward("_account", Account.get_generation)
    get_key = _Forward("_account", Account.get_key)
    get_credits = _Forward("_account", Account.get_credits)
    get_preset = _Forward("_account", Account.get_preset)

    def estimator(self) -> PriceEstimator:
        """A :class:`~openrouter_nb.client.budget.PriceEstimator` on this client's catalogs: what a
        billed call would cost, from catalog prices, before it is sent (the budget guard's own)."""
        from .budget import PriceEstimator

        return PriceEstimator(
            models=self._account.list_models,
            image_endpoints=self._images.image_endpoints,
            videos=self._video.list_video_models,
            endpoints=self._account.endpoint_records,
            presets=self._account.get_preset,
        )

    @property
    def budget_left(self) -> float | None:
        """USD this client may still spend under its ``budget`` (None without one)."""
        return None if self.budget is None else self.budget.left

    async def generate_many(self, prompts: list[str], model: str | list[str], **options: Any) -> list[BatchItem]:
        """Run many chats concurrently; see :func:`openrouter_nb.batch.generate_many`."""
        from .batch import generate_many

        return await generate_many(self, prompts, model, **options)

    # -- the seed contract: names the first specification spelled out (see ARCHITECTURE.md) --------

    def _headers(self) -> dict[str, str]:
        """The headers every API request carries: ``Content-Type``, ``Accept``, ``HTTP-Referer``,
        ``X-Title`` (and ``X-OpenRouter-Title``), and ``Authorization: Bearer <key>`` only when a key
        is set. A copy of the requester's own: what this returns is what goes on the wire."""
        return dict(self._requester.headers)

    @property
    def clock(self) -> Callable[[], float]:
        """The monotonic clock of the model cache's expiry and video waits (assignable, e.g. in tests)."""
        return self._models.clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        self._models.clock = clock

    @property
    def _model_cache(self) -> tuple[float, list[dict[str, Any]]] | None:
        """The last ``list_models()`` result as ``(clock() at fetch, models)``, or None; assignable:
        ``list_models()`` returns an assigned tuple until it is ``models_ttl`` old."""
        return self._models.entry

    @_model_cache.setter
    def _model_cache(self, entry: tuple[float, list[dict[str, Any]]] | None) -> None:
        self._models.entry = entry

    @property
    def _lock(self) -> asyncio.Lock:
        """The ``asyncio.Lock`` that ``list_models()`` holds, so concurrent cold callers share one fetch."""
        return self._requester.session.lock

    @property
    def _base_url(self) -> str:
        """The API root, without a trailing slash (the same as :attr:`base_url`)."""
        return self.base_url

    # -- settings and lifecycle -------------------------------------------------------------------

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = _UNSET,
        max_retries: int | None = None,
        response_limits: ResponseLimits | None = None,
    ) -> OpenRouterClient:
        """A view of this client with another ``timeout`` (deadline), ``max_retries`` or ``response_limits``.

        It shares the connection pool, ledger, cache and model cache, and closing it closes nothing::

            long = client.with_options(timeout=600)     # one slow reasoning call
            await long.chat("deepseek/deepseek-r1", "...")
        """
        view = object.__new__(OpenRouterClient)
        view.__dict__.update(self.__dict__)
        view._owns_client = False
        view._is_view = True
        if timeout is not _UNSET:
            view.timeout = timeout
        if max_retries is not None:
            view.max_retries = check_retries(max_retries)
        view._compose(
            self._requester.with_options(timeout=view.timeout, max_retries=view.max_retries, limits=response_limits)
        )
        return view

    def __repr__(self) -> str:
        key = "set" if self.api_key else "none"
        where = "emulated (offline, nothing billed)" if self._emulated else f"base_url={self.base_url!r}"
        return f"<OpenRouterClient {where} api_key={key}>"

    @property
    def rate_limits(self) -> RatePacer:
        """What this client learned of models' rate limits (``.limits``), and the pacing under them."""
        pacer = self._requester.session.pacer
        assert pacer is not None  # every client's session has one
        return pacer

    @property
    def emulated(self) -> bool:
        """Whether this client talks to the in-process emulator: its costs are emulated, nobody is billed."""
        return self._emulated

    @property
    def loop(self) -> asyncio.AbstractEventLoop | None:
        """The event loop this client is bound to (that of its first call), or None before any call.

        Widgets start their work on it, so a button pressed in Jupyter runs where the client lives.
        """
        return self._requester.session.loop

    async def close(self) -> None:
        """Close the underlying httpx client if this object created it; later calls raise. Safe to call twice.

        Closing a :meth:`with_options` view closes nothing.
        """
        session = self._requester.session
        if self._is_view:
            return
        if self._owns_client and not session.closed:
            await self._client.aclose()
        session.closed = True

    async def __aenter__(self) -> OpenRouterClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
