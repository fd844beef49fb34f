"""Account and accounting calls: generations, key, credits, provider endpoints (mixed into the client)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._base import ClientBase
from .bodies import as_dict
from .errors import APIResponseError, NotFoundError

if TYPE_CHECKING:
    import pandas as pd


__all__ = ["AccountMixin"]

# model_endpoints() columns holding measurements and prices (float64, NaN when unknown)
_NUMERIC = (
    "prompt_usd_per_mtok",
    "completion_usd_per_mtok",
    "uptime_1d",
    "latency_p50_ms",
    "latency_p90_ms",
    "throughput_p50_tps",
)


def _data(payload: Any, what: str, api_key: str | None) -> dict[str, Any]:
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise APIResponseError(f"{what} failed: the response has no data object", api_key=api_key)
    return data


class AccountMixin(ClientBase):
    """Accounting helpers of :class:`~openrouter_nb.OpenRouterClient`."""

    async def get_generation(self, generation_id: str, *, attempts: int = 5, delay: float = 0.5) -> dict[str, Any]:
        """``GET /generation?id=``: cost and token details of one generation.

        The service answers 404 for a few seconds after a completion, so a 404 is retried
        ``attempts`` times, ``delay`` seconds apart, before it is raised.
        """
        if not isinstance(generation_id, str) or not generation_id:
            raise ValueError("generation_id must be a non-empty string")
        what = f"generation lookup for {generation_id}"
        for attempt in range(attempts):
            try:
                payload = await self._get_json("/generation", what, params={"id": generation_id})
                return _data(payload, what, self.api_key)
            except NotFoundError:
                if attempt == attempts - 1:
                    raise
                await self._sleep(delay)
        raise AssertionError("unreachable")

    async def get_key(self) -> dict[str, Any]:
        """``GET /key``: the key's limit, remaining credit, usage and free-tier flag."""
        return _data(await self._get_json("/key", "key lookup"), "key lookup", self.api_key)

    async def get_credits(self) -> dict[str, Any]:
        """``GET /credits``: total credits and usage (needs a management key; others get 403)."""
        return _data(await self._get_json("/credits", "credits lookup"), "credits lookup", self.api_key)

    async def model_endpoints(self, model_id: str) -> pd.DataFrame:
        """Compare the providers serving one model: price, context, quantization, uptime, latency, throughput."""
        import pandas as pd

        if not isinstance(model_id, str) or "/" not in model_id:
            raise ValueError(f"model_id must look like 'author/slug', got {model_id!r}")
        what = f"endpoints of {model_id}"
        data = _data(await self._get_json(f"/models/{model_id}/endpoints", what), what, self.api_key)
        rows = []
        for ep in data.get("endpoints") or []:
            if not isinstance(ep, dict):
                continue
            pricing = as_dict(ep.get("pricing"))
            latency = as_dict(ep.get("latency_last_30m"))
            throughput = as_dict(ep.get("throughput_last_30m"))
            rows.append(
                {
                    "provider": ep.get("provider_name"),
                    "quantization": ep.get("quantization"),
                    "context_length": ep.get("context_length"),
                    "prompt_usd_per_mtok": _per_mtok(pricing.get("prompt")),
                    "completion_usd_per_mtok": _per_mtok(pricing.get("completion")),
                    "uptime_1d": ep.get("uptime_last_1d"),
                    "latency_p50_ms": latency.get("p50"),
                    "latency_p90_ms": latency.get("p90"),
                    "throughput_p50_tps": throughput.get("p50"),
                    "status": ep.get("status"),
                }
            )
        frame = pd.DataFrame(rows, columns=["provider", "quantization", "context_length", *_NUMERIC, "status"])
        frame[list(_NUMERIC)] = frame[list(_NUMERIC)].astype("float64")
        frame["context_length"] = frame["context_length"].astype("Int64")
        return frame.set_index("provider")


def _per_mtok(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return float("nan") if number < 0 else number * 1_000_000
