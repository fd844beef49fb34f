"""The emulator's catalog: the bundled real ``GET /models`` snapshot and what is derived from it.

``data/models.json`` is the real 2026-08-14 catalog (549 models, every output modality) with the
description prose removed. Per-provider endpoints, the image and video model catalogs and the
video price SKUs do not exist in that snapshot, so they are derived from it deterministically
(a hash of the model id picks plausible values), never at random.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from typing import Any

__all__ = [
    "catalog_by_id",
    "filter_models",
    "image_price_per_image",
    "image_models",
    "load_catalog",
    "model_endpoints",
    "provider_display_name",
    "stable_int",
    "video_models",
    "video_price_per_second",
]

PROVIDERS = (
    "DeepInfra",
    "Together",
    "Fireworks",
    "Novita",
    "Parasail",
    "Groq",
    "Lambda",
    "Nebius",
    "SambaNova",
    "Cerebras",
)
QUANTIZATIONS = ("bf16", "fp8", "fp16", "int4", None)
# known author slugs with a display name that is not just the capitalised slug
AUTHOR_NAMES = {
    "openai": "OpenAI",
    "google": "Google",
    "anthropic": "Anthropic",
    "x-ai": "xAI",
    "meta-llama": "Meta",
    "mistralai": "Mistral",
    "deepseek": "DeepSeek",
    "qwen": "Alibaba",
    "bytedance": "ByteDance",
    "bytedance-seed": "ByteDance",
    "black-forest-labs": "Black Forest Labs",
}


def stable_int(*parts: object) -> int:
    """A deterministic 64-bit integer from the parts (same on every run and machine)."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


@functools.cache
def _catalog_text() -> str:
    return resources.files(__package__).joinpath("data/models.json").read_text(encoding="utf-8")


def load_catalog() -> list[dict[str, Any]]:
    """A fresh copy of the bundled catalog (549 real models, facts only)."""
    models: list[dict[str, Any]] = json.loads(_catalog_text())["data"]
    return models


@functools.cache
def _shared_catalog() -> tuple[dict[str, Any], ...]:
    return tuple(load_catalog())


@functools.cache
def catalog_by_id() -> dict[str, dict[str, Any]]:
    """Model id → model, over the shared (read-only by convention) catalog."""
    return {m["id"]: m for m in _shared_catalog()}


def provider_display_name(model_id: str) -> str:
    """The provider name a response reports for a model (``"OpenAI"`` for ``openai/gpt-4o``)."""
    author = model_id.lstrip("~").split("/", 1)[0]
    return AUTHOR_NAMES.get(author, author.replace("-", " ").title())


def filter_models(
    output_modalities: str | None = None, supported_parameters: str | None = None
) -> list[dict[str, Any]]:
    """``GET /models`` filtering: output modalities (default ``text``; ``all``) and parameters."""
    wanted = {m.strip().lower() for m in (output_modalities or "text").split(",") if m.strip()}
    needed = {p.strip() for p in (supported_parameters or "").split(",") if p.strip()}
    out = []
    for model in _shared_catalog():
        outputs = set(model["architecture"].get("output_modalities") or [])
        if "all" not in wanted and not outputs & wanted:
            continue
        if needed and not needed <= set(model.get("supported_parameters") or []):
            continue
        out.append(model)
    return out


def model_endpoints(model: dict[str, Any], *, authorized: bool) -> list[dict[str, Any]]:
    """Plausible per-provider endpoints for one model, derived from its id.

    The first endpoint carries the catalog price; others are up to 30% dearer or cheaper.
    Latency and throughput are null without auth, as on the real service.
    """
    seed = stable_int("endpoints", model["id"])
    count = 1 + seed % 4
    start = seed % len(PROVIDERS)
    pricing = model.get("pricing") or {}
    endpoints = []
    for i in range(count):
        h = stable_int("endpoint", model["id"], i)
        factor = 1.0 if i == 0 else 0.7 + (h % 61) / 100.0
        price = {
            key: (_scale(value, factor) if isinstance(value, str) else value)
            for key, value in pricing.items()
            if key != "overrides"
        }
        p50 = 180 + h % 900
        tps = 20 + h % 180
        context = model.get("context_length") or 0
        endpoints.append(
            {
                "name": f"{PROVIDERS[(start + i) % len(PROVIDERS)]} | {model['id']}",
                "model_name": model.get("name", model["id"]),
                "provider_name": PROVIDERS[(start + i) % len(PROVIDERS)],
                "tag": PROVIDERS[(start + i) % len(PROVIDERS)].lower(),
                "context_length": context if i == 0 else context // (1 + (h >> 8) % 2),
                "max_completion_tokens": (model.get("top_provider") or {}).get("max_completion_tokens"),
                "pricing": price,
                "quantization": QUANTIZATIONS[(h >> 4) % len(QUANTIZATIONS)],
                "supported_parameters": list(model.get("supported_parameters") or []),
                "status": 0 if (h >> 12) % 10 else -1,
                "uptime_last_5m": round(95 + (h % 500) / 100.0, 2),
                "uptime_last_30m": round(96 + (h % 400) / 100.0, 2),
                "uptime_last_1d": round(97 + (h % 300) / 100.0, 2),
                "latency_last_30m": _percentiles(p50) if authorized else None,
                "throughput_last_30m": _percentiles(tps, rising=False) if authorized else None,
            }
        )
    return endpoints


def _scale(value: str, factor: float) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    if number <= 0 or factor == 1.0:  # "0" stays free, "-1" stays variable
        return value
    return f"{number * factor:.14f}".rstrip("0").rstrip(".")  # decimal strings, like the API


def _percentiles(p50: float, *, rising: bool = True) -> dict[str, float]:
    steps = (1.0, 1.35, 1.8, 3.0) if rising else (1.0, 0.85, 0.7, 0.45)
    return {k: round(p50 * s, 1) for k, s in zip(("p50", "p75", "p90", "p99"), steps, strict=True)}


# -- images -------------------------------------------------------------------------------------

ASPECT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9"]
IMAGE_TOKENS_PER_IMAGE = 1290  # what a 1024px image costs in output tokens on token-priced models


def image_price_per_image(model: dict[str, Any]) -> float:
    """USD for one generated image: token-priced models pay ``IMAGE_TOKENS_PER_IMAGE`` tokens."""
    pricing = model.get("pricing") or {}
    for key in ("image_output", "image_token", "completion"):
        try:
            price = float(pricing.get(key, "0"))
        except (TypeError, ValueError):
            continue
        if price > 0:
            return price * IMAGE_TOKENS_PER_IMAGE
    return 0.04  # image models with no token price at all: a typical per-image price


def image_models() -> list[dict[str, Any]]:
    """``GET /images/models``: every catalog model that outputs images."""
    out = []
    for model in _shared_catalog():
        if "image" not in model["architecture"].get("output_modalities", []):
            continue
        h = stable_int("image-model", model["id"])
        params: dict[str, Any] = {
            "aspect_ratio": {"type": "enum", "values": ASPECT_RATIOS},
            "n": {"type": "range", "min": 1, "max": 1 + h % 4 * 3},
            "seed": {"type": "range", "min": 0, "max": 2**31 - 1},
        }
        if h % 2:
            params["resolution"] = {"type": "enum", "values": ["1K", "2K"]}
        out.append(
            {
                "id": model["id"],
                "name": model.get("name", model["id"]),
                "description": "",
                "created": model.get("created"),
                "architecture": {
                    "input_modalities": model["architecture"].get("input_modalities", []),
                    "output_modalities": model["architecture"].get("output_modalities", []),
                },
                "supported_parameters": params,
                "supports_streaming": model["id"].startswith("openai/"),
                "endpoints": f"/api/v1/images/models/{model['id']}/endpoints",
                "pricing": {"per_image_usd": round(image_price_per_image(model), 6)},
            }
        )
    return out


# -- video --------------------------------------------------------------------------------------

_DURATION_SETS = ([4, 6, 8], [5, 10], [4, 8, 12], [5, 8, 10])
_SKU_STYLES = ("per-video-second", "duration_seconds", "cents_per_video_output_second")


@functools.cache
def video_models_by_id() -> dict[str, dict[str, Any]]:
    out = {}
    for model in _shared_catalog():
        if "video" not in model["architecture"].get("output_modalities", []):
            continue
        h = stable_int("video-model", model["id"])
        base = 0.04 + (h % 17) * 0.01  # USD per second at 720p
        style = _SKU_STYLES[h % 3]
        if style == "per-video-second":
            skus = {"per-video-second": f"{base:.2f}", "per-video-second-1080p": f"{base * 1.5:.2f}"}
        elif style == "duration_seconds":
            skus = {
                "duration_seconds_720p": f"{base:.2f}",
                "duration_seconds_with_audio": f"{base * 1.3:.2f}",
            }
        else:  # some SKUs are in cents
            skus = {"cents_per_video_output_second_1080p": f"{base * 150:.0f}"}
        inputs = model["architecture"].get("input_modalities", [])
        out[model["id"]] = {
            "id": model["id"],
            "canonical_slug": model.get("canonical_slug", model["id"]),
            "name": model.get("name", model["id"]),
            "description": "",
            "created": model.get("created"),
            "supported_resolutions": ["480p", "720p", "1080p"][: 2 + h % 2],
            "supported_aspect_ratios": ["16:9", "9:16", "1:1"],
            "supported_sizes": None,
            "supported_durations": _DURATION_SETS[(h >> 3) % len(_DURATION_SETS)],
            "supported_frame_images": ["first_frame", "last_frame"] if "image" in inputs else None,
            "generate_audio": bool((h >> 5) % 2),
            "seed": True,
            "pricing_skus": skus,
            "allowed_passthrough_parameters": [],
        }
    return out


def video_models() -> list[dict[str, Any]]:
    """``GET /videos/models``: every video model with durations and ``pricing_skus``."""
    return list(video_models_by_id().values())


def video_price_per_second(video_model: dict[str, Any]) -> float:
    """USD per second from a video model's first SKU (cents SKUs are divided by 100)."""
    sku, value = next(iter(video_model["pricing_skus"].items()))
    price = float(value)
    return price / 100.0 if sku.startswith("cents") else price
