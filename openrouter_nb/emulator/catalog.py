"""The emulator's catalog: the bundled real ``GET /models`` snapshot and what is derived from it.

``data/models.json`` is the real 2026-08-14 catalog (549 models, every output modality, every
fact field including ``benchmarks``) with each description replaced by a neutral line of facts.
The image and video model catalogs and the video price SKUs do not exist in that snapshot, so
they are derived from it deterministically (a hash of the model id picks plausible values), never
at random; per-provider endpoints are derived in :mod:`.providers`.
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
    "image_cost",
    "image_model",
    "image_models",
    "image_price",
    "image_price_per_image",
    "load_catalog",
    "shared_catalog",
    "stable_int",
    "video_models",
    "video_models_by_id",
    "video_price_per_second",
]


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
def shared_catalog() -> tuple[dict[str, Any], ...]:
    """The catalog, parsed once and shared (read-only by convention)."""
    return tuple(load_catalog())


@functools.cache
def catalog_by_id() -> dict[str, dict[str, Any]]:
    """Model id → model, over the shared (read-only by convention) catalog."""
    return {m["id"]: m for m in shared_catalog()}


def filter_models(
    output_modalities: str | None = None, supported_parameters: str | None = None
) -> list[dict[str, Any]]:
    """``GET /models`` filtering: output modalities (default ``text``; ``all``) and parameters."""
    wanted = {m.strip().lower() for m in (output_modalities or "text").split(",") if m.strip()}
    needed = {p.strip() for p in (supported_parameters or "").split(",") if p.strip()}
    out = []
    for model in shared_catalog():
        outputs = set(model["architecture"].get("output_modalities") or [])
        if "all" not in wanted and not outputs & wanted:
            continue
        if needed and not needed <= set(model.get("supported_parameters") or []):
            continue
        out.append(model)
    return out


# -- images -------------------------------------------------------------------------------------

#: the aspect ratios the emulated image models accept (a subset of the spec's enum)
ASPECT_RATIOS = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"]
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


#: the authors whose image models the emulator prices per megapixel (the others: per token when the
#: catalog gives an image-token price, else per image); derived, so every unit the spec names is served
_PER_MEGAPIXEL = ("black-forest-labs/", "recraft/", "sourceful/", "krea/")
MEGAPIXELS_1K = 1024 * 1024 / 1_000_000  # a 1024×1024 image, the default size


def image_price(model: dict[str, Any]) -> tuple[str, float]:
    """How an image model's output is priced on its own endpoint: ``(unit, cost_usd)``.

    ``token``: per output image token (the catalog's ``image_output``/``image_token`` price; a
    1024×1024 image is 1,290 tokens, more pixels more tokens); ``megapixel``: per million output
    pixels; ``image``: per image. A 1024×1024 image costs :func:`image_price_per_image` in every unit.
    """
    per_image = image_price_per_image(model)
    pricing = model.get("pricing") or {}
    if model["id"].startswith(_PER_MEGAPIXEL):
        return "megapixel", round(per_image / MEGAPIXELS_1K, 8)
    for key in ("image_output", "image_token"):
        try:
            price = float(pricing.get(key, "0"))
        except (TypeError, ValueError):
            continue
        if price > 0:
            return "token", price
    return "image", round(per_image, 6)


def image_cost(unit: str, cost_usd: float, width: int, height: int) -> tuple[float, int]:
    """USD and output tokens of one image of ``width``×``height`` at a price in ``unit``."""
    pixels = width * height
    tokens = max(1, round(IMAGE_TOKENS_PER_IMAGE * pixels / (1024 * 1024)))
    if unit == "token":
        return cost_usd * tokens, tokens
    if unit == "megapixel":
        return cost_usd * pixels / 1_000_000, tokens
    return cost_usd, tokens


@functools.cache
def _image_models() -> tuple[dict[str, Any], ...]:
    out = []
    for model in shared_catalog():
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
        if "image" in model["architecture"].get("input_modalities", []):
            params["input_references"] = {"type": "range", "min": 0, "max": 4}  # reference images guide it
        out.append(
            {
                "id": model["id"],
                "name": model.get("name", model["id"]),
                "description": model.get("description", ""),
                "created": model.get("created"),
                "architecture": {
                    "input_modalities": model["architecture"].get("input_modalities", []),
                    "output_modalities": model["architecture"].get("output_modalities", []),
                },
                "supported_parameters": params,
                "supports_streaming": model["id"].startswith("openai/"),
                "endpoints": f"/api/v1/images/models/{model['id']}/endpoints",
            }
        )
    return tuple(out)


def image_models() -> list[dict[str, Any]]:
    """``GET /images/models``: every catalog model that outputs images."""
    return list(_image_models())


def image_model(model_id: str) -> dict[str, Any] | None:
    """One entry of ``GET /images/models`` (its parameter descriptors), or None."""
    return next((m for m in _image_models() if m["id"] == model_id), None)


# -- video --------------------------------------------------------------------------------------

_DURATION_SETS = ([4, 6, 8], [5, 10], [4, 8, 12], [5, 8, 10])
_SKU_STYLES = ("per-video-second", "duration_seconds", "cents_per_video_output_second")


@functools.cache
def video_models_by_id() -> dict[str, dict[str, Any]]:
    out = {}
    for model in shared_catalog():
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
            "description": model.get("description", ""),
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
            "upscale_factor": None,
            "creativity": None,
            "hugging_face_id": model.get("hugging_face_id") or None,
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
