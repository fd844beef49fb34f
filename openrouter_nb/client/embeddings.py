"""Embeddings and rerank: ``POST /embeddings`` and ``POST /rerank``.

:class:`Embeddings` is the resource behind ``client.embeddings`` and ``client.rerank``. Vectors
come back as a list of lists (``numpy.asarray(result)`` makes a matrix; ``orn.embeddings_frame``
a DataFrame with one row per input), with what the call cost.
"""

from __future__ import annotations

import base64
import math
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._core.wire import as_dict, as_list, require_text, usage_cost
from ..errors import APIResponseError

if TYPE_CHECKING:
    from .ledger import SpendLedger
    from .requester import Requester

__all__ = ["EmbeddingSet", "Embeddings", "RerankHit"]


class EmbeddingSet(list[list[float]]):
    """One vector per input, in input order, plus ``inputs``, ``model``, ``usage`` and ``cost`` (USD),
    and what the service says of the call: ``id`` (its generation id), ``provider`` that served it."""

    def __init__(
        self,
        vectors: list[list[float]],
        *,
        inputs: list[str],
        model: str,
        usage: dict[str, Any],
        id: str | None = None,
        provider: str | None = None,
    ) -> None:
        super().__init__(vectors)
        self.inputs = inputs
        self.model = model
        self.usage = usage
        self.cost = usage_cost({"usage": usage})
        self.id = id
        self.provider = provider

    @property
    def dimensions(self) -> int:
        return len(self[0]) if self else 0

    def similarity(self, i: int, j: int) -> float:
        """Cosine similarity of vectors ``i`` and ``j`` (1.0 for the same direction)."""
        a, b = self[i], self[j]
        norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
        return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0

    def __repr__(self) -> str:
        cost = "n/a" if self.cost is None else f"${self.cost:.6f}"
        return f"<EmbeddingSet {len(self)} x {self.dimensions} from {self.model} ({cost})>"


@dataclass(frozen=True)
class RerankHit:
    """One document of a rerank: its ``index`` among the documents sent, ``score`` and ``text``."""

    index: int
    score: float
    text: str


def _vector(value: Any) -> list[float]:
    if isinstance(value, str):  # encoding_format=base64: little-endian float32
        raw = base64.b64decode(value)
        return list(struct.unpack(f"<{len(raw) // 4}f", raw))
    if isinstance(value, list) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return [float(v) for v in value]
    raise APIResponseError("an embedding in the response is neither numbers nor base64")


class Embeddings:
    """The embedding and rerank calls of a client."""

    def __init__(self, requester: Requester, ledger: SpendLedger) -> None:
        self._requester = requester
        self._ledger = ledger

    async def embeddings(self, /, model: str, input: str | list[str], **fields: Any) -> EmbeddingSet:
        """Vectors for one text or a list of texts (``POST /embeddings``), in input order, with cost.

        ``fields`` go into the request (``dimensions``, ``encoding_format``, ``provider`` …).
        """
        require_text(model, "model")
        inputs = [input] if isinstance(input, str) else list(input)
        if not inputs or not all(isinstance(t, str) and t.strip() for t in inputs):
            raise ValueError("input must be a non-empty string or a non-empty list of non-empty strings")
        what = f"embeddings with {model!r}"
        payload = await self._requester.json(
            "POST", "/embeddings", what, body={"model": model, "input": input, **fields}
        )
        data = as_list(payload.get("data") if isinstance(payload, dict) else None)
        if len(data) != len(inputs):
            raise APIResponseError(f"{what} failed: {len(inputs)} inputs but {len(data)} vectors")
        self._ledger.record("embeddings", payload, model=model)
        ordered = sorted(data, key=lambda d: d.get("index", 0) if isinstance(d, dict) else 0)
        vectors = [_vector(as_dict(d).get("embedding")) for d in ordered]
        served = payload.get("model") if isinstance(payload.get("model"), str) else model
        if "/" not in served and model.endswith("/" + served):
            served = model  # the service names it without its author (text-embedding-3-small)
        id_, provider = payload.get("id"), payload.get("provider")
        return EmbeddingSet(
            vectors,
            inputs=inputs,
            model=served,
            usage=as_dict(payload.get("usage")),
            id=id_ if isinstance(id_, str) else None,
            provider=provider if isinstance(provider, str) else None,
        )

    async def rerank(
        self, /, model: str, query: str, documents: list[str], *, top_n: int | None = None
    ) -> list[RerankHit]:
        """The documents ordered by relevance to ``query`` (``POST /rerank``), best first."""
        require_text(model, "model")
        require_text(query, "query")
        if not documents or not all(isinstance(d, str) for d in documents):
            raise ValueError("documents must be a non-empty list of strings")
        body: dict[str, Any] = {"model": model, "query": query, "documents": documents}
        if top_n is not None:
            body["top_n"] = top_n
        what = f"rerank with {model!r}"
        payload = await self._requester.json("POST", "/rerank", what, body=body)
        results = as_list(payload.get("results") if isinstance(payload, dict) else None)
        self._ledger.record("rerank", payload, model=model)
        hits = []
        for entry in results:
            index, score = as_dict(entry).get("index"), as_dict(entry).get("relevance_score")
            if isinstance(index, int) and 0 <= index < len(documents) and isinstance(score, int | float):
                hits.append(RerankHit(index, float(score), documents[index]))
        return hits
