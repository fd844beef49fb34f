"""Catalog facts: capability tags and summaries of ``GET /models`` items.

Pure functions of decoded JSON. Real catalog data is messy (prices as decimal strings, ``"-1"``
for variable prices, keys missing, non-dicts in lists), so nothing here raises on bad input.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .._core.prices import author_of, is_priced

__all__ = ["classify_model_capabilities", "paused_gc", "str_list", "summarize_models"]

# pricing keys whose non-zero value implies a capability tag
_PRICE_TAGS = (
    ("image", ("image", "image_generation")),
    ("video", ("video", "video_generation")),
    ("text", ("prompt", "completion", "input", "output")),
)


# Catalogs repeat the same few price strings and modality lists hundreds of times: memoising their
# parsing makes a summary cheaper than the json.loads that produced it. Bounded, so odd input
# cannot grow them without limit.
_MEMO_LIMIT = 8192
_NAMES_MEMO: dict[Any, frozenset[str]] = {}
_SORTED_MEMO: dict[frozenset[str], tuple[str, ...]] = {}
_CAPS_MEMO: dict[tuple[Any, ...], tuple[str, ...]] = {}
_CAP_PRICE_KEYS = tuple(key for _, keys in _PRICE_TAGS for key in keys)
_EMPTY: frozenset[str] = frozenset()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers.

    A catalog summary allocates thousands of dicts and lists that form no cycles; letting the
    collector run meanwhile makes it rescan the whole (large) parsed catalog again and again.
    Reference counting still frees everything; the collector resumes as it was.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _split_names(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        parts: list[Any] = value.replace("->", "+").split("+")
    elif isinstance(value, list | tuple):
        parts = [v for v in value if isinstance(v, str)]
    else:
        return _EMPTY
    return frozenset(name for name in (p.strip().lower() for p in parts) if name)


def _names(value: Any) -> frozenset[str]:
    """Modality names from a list of names or a string such as ``"text+image->text"`` (memoised)."""
    if value is None:
        return _EMPTY
    try:
        key = value if type(value) is str else tuple(value) if type(value) is list else None
        hit = _NAMES_MEMO.get(key) if key is not None else None
    except TypeError:  # unhashable entries: not memoised
        key, hit = None, None
    if hit is not None:
        return hit
    names = _split_names(value)
    if key is not None and len(_NAMES_MEMO) < _MEMO_LIMIT:
        _NAMES_MEMO[key] = names
    return names


def classify_model_capabilities(model: Any) -> list[str]:
    """Return the sorted, unique, lowercase capability tags of one ``GET /models`` item.

    Tags come from ``architecture.modality`` (a list or a ``"text+image->text"`` string),
    ``architecture.input_modalities``/``output_modalities``, prices (``image`` when ``image`` or
    ``image_generation`` is priced, ``video`` for ``video``/``video_generation``, ``text`` for
    ``prompt``/``completion``/``input``/``output``) and the model's own ``tags``. Never raises.
    """
    if not isinstance(model, dict):
        return []
    arch = model.get("architecture")
    pricing = model.get("pricing")
    try:  # everything the tags depend on; catalogs repeat these combinations
        key: tuple[Any, ...] | None = (
            (arch.get("modality"), _hashable(arch.get("input_modalities")), _hashable(arch.get("output_modalities")))
            if type(arch) is dict
            else None,
            tuple(pricing.get(k) for k in _CAP_PRICE_KEYS) if type(pricing) is dict else None,
            _hashable(model.get("tags")),
        )
        hit = _CAPS_MEMO.get(key)  # type: ignore[arg-type]
    except TypeError:  # unhashable parts: computed, not memoised
        key, hit = None, None
    if hit is not None:
        return list(hit)
    ordered = _classify(model, arch, pricing)
    if key is not None and len(_CAPS_MEMO) < _MEMO_LIMIT:
        _CAPS_MEMO[key] = ordered
    return list(ordered)


def _hashable(value: Any) -> Any:
    return tuple(value) if type(value) is list else value


def _classify(model: dict[str, Any], arch: Any, pricing: Any) -> tuple[str, ...]:
    tags = _EMPTY
    if isinstance(arch, dict):
        tags = (
            _names(arch.get("modality")) | _names(arch.get("input_modalities")) | _names(arch.get("output_modalities"))
        )
    if isinstance(pricing, dict):
        priced = set()
        for tag, keys in _PRICE_TAGS:
            for key in keys:
                value = pricing.get(key)
                if value is not None and is_priced(value):
                    priced.add(tag)
                    break
        if priced:
            tags = tags | priced
    own = model.get("tags")
    if isinstance(own, list | tuple) and own:
        tags = tags | _split_names(list(own))
    ordered = _SORTED_MEMO.get(tags)
    if ordered is None:
        ordered = tuple(sorted(tags))
        if len(_SORTED_MEMO) < _MEMO_LIMIT:
            _SORTED_MEMO[tags] = ordered
    return ordered


def str_list(value: Any) -> list[str]:
    """A copy of ``value`` keeping only its strings ([] when it is not a list)."""
    if type(value) is not list:
        return []
    for item in value:
        if type(item) is not str:
            return [v for v in value if isinstance(v, str)]
    return value[:]


def summarize_models(models: Any) -> list[dict[str, Any]]:
    """Summarise ``GET /models`` items: one dict per model, sorted by lowercase name, then id.

    Each summary has ``id`` (from ``id`` or ``model``), ``name`` (falls back to the id),
    ``provider`` (``owned_by``/``organization``, else the id's author prefix, else ``""``),
    ``capabilities``, ``context_length``, ``pricing`` (as given), ``input_modalities`` and
    ``output_modalities``. Non-dicts and items without an id are skipped. Never raises.
    """
    if not isinstance(models, list | tuple):
        return []
    with paused_gc():
        return _summarize(models)


def _summarize(models: list[Any] | tuple[Any, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    keyed: list[tuple[tuple[str, str], int]] = []
    classify = classify_model_capabilities
    for model in models:
        if type(model) is not dict:
            if not isinstance(model, dict):
                continue
        model_id = model.get("id")
        if type(model_id) is not str or not model_id:
            model_id = model.get("model")
            if not isinstance(model_id, str) or not model_id:
                continue
        name = model.get("name")
        if type(name) is not str or not name:
            name = model_id
        provider = model.get("owned_by")
        if type(provider) is not str or not provider:
            provider = model.get("organization")
            if type(provider) is not str or not provider:
                provider = author_of(model_id)
        arch = model.get("architecture")
        if type(arch) is not dict:
            arch = {}
        summary = {
            "id": model_id,
            "name": name,
            "provider": provider,
            "capabilities": classify(model),
            "context_length": model.get("context_length"),
            "pricing": model.get("pricing"),
            "input_modalities": str_list(arch.get("input_modalities")),
            "output_modalities": str_list(arch.get("output_modalities")),
        }
        keyed.append(((name.lower(), model_id), len(out)))
        out.append(summary)
    keyed.sort()
    return [out[i] for _, i in keyed]
