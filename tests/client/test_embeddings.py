"""Embeddings and rerank: deterministic vectors, nearness, cost, base64, frames."""

from __future__ import annotations

import numpy as np
import pytest

from openrouter_nb.client.embeddings import EmbeddingSet, RerankHit
from openrouter_nb.client.records import embeddings_frame

EMBED = "openai/text-embedding-3-small"


async def test_vectors_are_deterministic_and_similar_texts_are_near(client):
    texts = ["latte art at sunrise", "latte art at sunset", "quarterly tax filing deadlines"]
    vectors = await client.embeddings(EMBED, texts)
    again = await client.embeddings(EMBED, texts[0])
    assert isinstance(vectors, EmbeddingSet) and len(vectors) == 3 and vectors.dimensions == 1536
    assert again[0] == vectors[0]
    assert vectors.similarity(0, 1) > 0.5 > vectors.similarity(0, 2)
    matrix = np.asarray(vectors)
    assert matrix.shape == (3, 1536) and np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-4)
    assert vectors.cost and vectors.cost > 0 and client.ledger.entries[-1].call == "embeddings"


async def test_dimensions_base64_and_frame(client):
    short = await client.embeddings(EMBED, ["a b", "c"], dimensions=64)
    packed = await client.embeddings(EMBED, ["a b", "c"], dimensions=64, encoding_format="base64")
    assert short.dimensions == 64 and np.allclose(np.asarray(short), np.asarray(packed), atol=1e-6)
    frame = embeddings_frame(short)
    assert frame.shape == (2, 64) and list(frame.index) == ["a b", "c"]
    with pytest.raises(ValueError):
        await client.embeddings(EMBED, [])


async def test_rerank_orders_by_relevance(client):
    docs = ["tax filing deadlines", "a rainy walk in Porto", "rain gear for Porto walks"]
    hits = await client.rerank("cohere/rerank-v3.5", "rainy Porto walk", docs, top_n=2)
    assert len(hits) == 2 and all(isinstance(h, RerankHit) for h in hits)
    assert {h.text for h in hits} == {docs[1], docs[2]} and hits[0].score >= hits[1].score
    assert client.ledger.entries[-1].call == "rerank"


async def test_the_result_carries_the_services_id_provider_and_the_full_model(client):
    vectors = await client.embeddings("openai/text-embedding-3-small", ["rain", "sun"])
    assert vectors.id.startswith("gen-emb-") and vectors.provider == "OpenAI"
    assert vectors.model == "openai/text-embedding-3-small"  # the service says text-embedding-3-small
    row = client.ledger.entries[-1]
    assert row.model == "openai/text-embedding-3-small" and row.generation_id == vectors.id
