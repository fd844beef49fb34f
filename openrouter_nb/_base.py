"""What the client's mixins may rely on: the attributes and plumbing ``OpenRouterClient`` provides.

Type declarations only (nothing runs here); they let the chat, video and account mixins be checked
on their own without importing the client module they are mixed into.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from .cache import ResponseCache
    from .ledger import SpendLedger

__all__ = ["ClientBase"]


class ClientBase:
    """The part of :class:`~openrouter_nb.OpenRouterClient` its mixins use."""

    api_key: str | None
    base_url: str
    timeout: float | httpx.Timeout | None
    cache: ResponseCache | None
    ledger: SpendLedger
    _clock: Callable[[], float]
    _sleep: Callable[[float], Awaitable[Any]]
    _video_models: dict[str, str]

    if TYPE_CHECKING:

        async def _send(
            self,
            method: str,
            path: str,
            what: str,
            *,
            body: Any = None,
            params: dict[str, Any] | None = None,
            ok: tuple[int, ...] = (200,),
            stream: bool = False,
            auth: bool = True,
        ) -> httpx.Response: ...

        async def _get_json(self, path: str, what: str, params: dict[str, Any] | None = None) -> Any: ...
