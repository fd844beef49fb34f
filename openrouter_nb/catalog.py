"""Catalog helpers: capability tags and summaries of ``GET /models`` items.

Pure functions of decoded JSON. Real catalog data is messy (prices as decimal strings, ``"-1"``
for variable prices, keys missing, non-dicts in lists), so nothing here raises on bad input.
"""

from __future__ import annotations

from typing import Any

__all__ = ["classify_model_capabilities", "is_priced", "parse_price", "summarize_models"]

# pricing keys whose non-zero value implies a capability tag
_PRICE_TAGS = (
    ("image", ("image", "image_generation")),
    ("video", ("video", "video_generation")),
    ("text", ("prompt", "completion", "input", "output")),
)


def parse_price(value: Any) -> float | None:
    """Parse one price value (a decimal string or a number) to a float; None when unusable.

    ``"-1"`` parses to ``-1.0``: callers decide what "variable" means for them.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if number == number and number not in (float("inf"), float("-inf")) else None


def is_priced(value: Any) -> bool:
    """True when ``value`` is a numerically non-zero price (``"-1"`` counts: it is variable).

    ``"0"``, ``0``, ``"0.0"``, empty strings, None and unparsable text are not priced; a nested dict
    or list is priced when any of its values is.
    """
    if isinstance(value, dict):
        return any(is_priced(v) for v in value.values())
    if isinstance(value, list):
        return any(is_priced(v) for v in value)
    number = parse_price(value)
    return number is not None and number != 0.0


def _add_names(tags: set[str], value: Any) -> None:
    """Add modality names from a list of names or a string such as ``"text+image->text"``."""
    if isinstance(value, str):
        parts = value.replace("->", "+").split("+")
    elif isinstance(value, list | tuple):
        parts = [v for v in value if isinstance(v, str)]
    else:
        return
    for part in parts:
        name = part.strip().lower()
        if name:
            tags.add(name)


def classify_model_capabilities(model: Any) -> list[str]:
    """Return the sorted, unique, lowercase capability tags of one ``GET /models`` item.

    Tags come from ``architecture.modality`` (a list or a ``"text+image->text"`` string),
    ``architecture.input_modalities``/``output_modalities``, prices (``image`` when ``image`` or
    ``image_generation`` is priced, ``video`` for ``video``/``video_generation``, ``text`` for
    ``prompt``/``completion``/``input``/``output``) and the model's own ``tags``. Never raises.
    """
    if not isinstance(model, dict):
        return []
    tags: set[str] = set()
    arch = model.get("architecture")
    if isinstance(arch, dict):
        _add_names(tags, arch.get("modality"))
        _add_names(tags, arch.get("input_modalities"))
        _add_names(tags, arch.get("output_modalities"))
    pricing = model.get("pricing")
    if isinstance(pricing, dict):
        for tag, keys in _PRICE_TAGS:
            if any(is_priced(pricing.get(key)) for key in keys):
                tags.add(tag)
    own = model.get("tags")
    if isinstance(own, list | tuple):
        _add_names(tags, list(own))
    return sorted(tags)


def _modalities(arch: Any, key: str) -> list[str]:
    if not isinstance(arch, dict):
        return []
    value = arch.get(key)
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str)]


def _provider(model: dict[str, Any], model_id: str) -> str:
    for key in ("owned_by", "organization"):
        value = model.get(key)
        if isinstance(value, str) and value:
            return value
    author, sep, _ = model_id.lstrip("~").partition("/")
    return author if sep else ""


def summarize_models(models: Any) -> list[dict[str, Any]]:
    """Summarise ``GET /models`` items: one dict per model, sorted by lowercase name, then id.

    Each summary has ``id`` (from ``id`` or ``model``), ``name`` (falls back to the id),
    ``provider`` (``owned_by``/``organization``, else the id's author prefix, else ``""``),
    ``capabilities``, ``context_length``, ``pricing`` (as given), ``input_modalities`` and
    ``output_modalities``. Non-dicts and items without an id are skipped. Never raises.
    """
    if not isinstance(models, list | tuple):
        return []
    out = []
    for model in models:
        if not isinstance(model, dict):
            continue
        model_id = model.get("id")
        if not isinstance(model_id, str) or not model_id:
            model_id = model.get("model")
            if not isinstance(model_id, str) or not model_id:
                continue
        name = model.get("name")
        if not isinstance(name, str) or not name:
            name = model_id
        arch = model.get("architecture")
        out.append(
            {
                "id": model_id,
                "name": name,
                "provider": _provider(model, model_id),
                "capabilities": classify_model_capabilities(model),
                "context_length": model.get("context_length"),
                "pricing": model.get("pricing"),
                "input_modalities": _modalities(arch, "input_modalities"),
                "output_modalities": _modalities(arch, "output_modalities"),
            }
        )
    out.sort(key=lambda s: (s["name"].lower(), s["id"]))
    return out
