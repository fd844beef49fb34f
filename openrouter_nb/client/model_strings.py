"""What a text call costs, whatever model string it names: variants, fallbacks, routers and presets.

The budget guard (:mod:`.budget`) prices a chat or a response with these rules, so it refuses only
what it truly cannot price:

- a variant is priced from its base model: ``:free`` at the free variant's catalog price (nothing
  when the catalog does not list it), ``:nitro`` at the dearest of the model's endpoints and
  ``:floor`` at the cheapest (``GET /models/{id}/endpoints``; the catalog price when that says
  nothing), ``:exacto``, ``:thinking`` and ``:extended`` at the base price (or their own catalog
  entry), ``:online`` at the base price plus its web search;
- ``models=[...]`` fallbacks at the dearest candidate: any of them may serve;
- a router (``openrouter/auto``, variable ``"-1"`` prices) at ``provider.max_price`` when the
  request caps ``prompt`` and ``completion`` (USD per million tokens), else refused, saying how;
- ``@preset/<slug>`` (or ``model@preset/<slug>``) by the preset's own model and fields
  (``GET /presets/{slug}``), the request's over them;
- web searches (the ``web`` plugin, a ``:online`` model, a search server tool) at the model's
  ``web_search`` price, else the web plugin's ($4 per 1,000 results, ``max_results`` or 5).
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .._core.prices import REASONING_TOKENS, call_cost, parse_price, split_variant

__all__ = ["DEFAULT_COMPLETION_TOKENS", "PRESET", "Quote", "expected_reasoning_tokens", "prompt_tokens", "text_quote"]

PRESET = "@preset/"
DEFAULT_COMPLETION_TOKENS = 1000
_SEARCH_TOOLS = ("openrouter:web_search", "web_search", "web_search_preview")

Lookup = Callable[[str], Awaitable[Any]]


@dataclass(frozen=True)
class Quote:
    """An estimate: USD (None when it cannot be known), the model string priced, and why not."""

    cost: float | None
    model: str
    reason: str = ""


def _tokens(value: Any) -> int:
    """Estimated tokens of the text in a request part (strings, message lists, content parts)."""
    if isinstance(value, str):
        return math.ceil(len(value) / 4)
    if isinstance(value, list):
        return sum(_tokens(v) + (8 if isinstance(v, dict) and "role" in v else 0) for v in value)
    if isinstance(value, dict):
        if value.get("type") in ("image_url", "input_audio", "file", "input_image", "input_file"):
            return 0  # media parts are priced by the provider; their text is not tokens
        return sum(_tokens(v) for k, v in value.items() if k in ("content", "text", "input", "query", "documents"))
    return 0


def prompt_tokens(body: dict[str, Any]) -> int:
    """Estimated prompt tokens of a request: its text, 4 characters a token, 8 more per message."""
    text = {k: v for k, v in body.items() if k in ("messages", "prompt", "input", "instructions", "query", "documents")}
    return _tokens(list(text.values())) or math.ceil(len(json.dumps(text)) / 4)


def expected_reasoning_tokens(entry: dict[str, Any], body: dict[str, Any]) -> int:
    """Hidden reasoning tokens a chat will probably bill: none unless the model reasons (asked, or by default).

    A request's ``reasoning.max_tokens`` bounds them; else the effort asked for (or the model's
    default effort, else medium) gives :data:`~openrouter_nb._core.prices.REASONING_TOKENS`.
    """
    options: dict[str, Any] = body["reasoning"] if isinstance(body.get("reasoning"), dict) else {}
    config: dict[str, Any] = entry["reasoning"] if isinstance(entry.get("reasoning"), dict) else {}
    effort = options.get("effort") or body.get("reasoning_effort") or config.get("default_effort") or "medium"
    asked = bool(options) or body.get("reasoning_effort") is not None
    on = bool(config.get("mandatory")) or (asked and options.get("enabled", True) is not False)
    on = on or (not asked and bool(config.get("default_enabled")))
    if not on or effort == "none":
        return 0
    limit = options.get("max_tokens")
    return (
        limit if isinstance(limit, int) and limit > 0 else REASONING_TOKENS.get(str(effort), REASONING_TOKENS["medium"])
    )


def _searches(body: dict[str, Any], variant: str | None) -> tuple[int, int]:
    """(searches, results each) a request asks of the web."""
    plugins = [p for p in body.get("plugins") or [] if isinstance(p, dict) and p.get("id") == "web"]
    tools = [t for t in body.get("tools") or [] if isinstance(t, dict) and t.get("type") in _SEARCH_TOOLS]
    results = plugins[0].get("max_results") if plugins else None
    results = results if isinstance(results, int) and not isinstance(results, bool) and results > 0 else 5
    return (1 if plugins or tools or variant == "online" else 0), results


def _capped(pricing: Any, body: dict[str, Any]) -> dict[str, Any] | None:
    """A router's pricing as the request caps it (``provider.max_price``, USD per million tokens), or None."""
    caps = (body.get("provider") or {}).get("max_price") if isinstance(body.get("provider"), dict) else None
    caps = caps if isinstance(caps, dict) else {}
    prompt, completion = parse_price(caps.get("prompt")), parse_price(caps.get("completion"))
    if prompt is None or completion is None or prompt < 0 or completion < 0:
        return None
    return {"prompt": prompt / 1e6, "completion": completion / 1e6}


async def _variant_pricing(model: str, entry: dict[str, Any], variant: str | None, endpoints: Lookup) -> Any:
    """The pricing a variant is billed at: the dearest (``nitro``) or cheapest (``floor``) endpoint's."""
    pricing = entry.get("pricing")
    if variant not in ("nitro", "floor"):
        return pricing
    listed: list[dict[str, Any]] = [
        e["pricing"] for e in await endpoints(model) if isinstance(e, dict) and isinstance(e.get("pricing"), dict)
    ]
    priced = [(_total(p), p) for p in listed if _total(p) is not None]
    if not priced:
        return pricing
    pick = max if variant == "nitro" else min
    return pick(priced, key=lambda pair: pair[0] or 0.0)[1]


def _total(pricing: dict[str, Any]) -> float | None:
    """Prompt plus completion price per token, or None when either is missing or variable."""
    prompt, completion = parse_price(pricing.get("prompt")), parse_price(pricing.get("completion"))
    return None if prompt is None or completion is None or prompt < 0 or completion < 0 else prompt + completion


async def _one(model: str, body: dict[str, Any], text: bool, entries: Lookup, endpoints: Lookup) -> Quote:
    """One model string's estimate for the call ``body``."""
    base, variant = split_variant(model)
    entry = await entries(model) or await entries(base)
    if entry is None and variant == "free":
        entry = {"pricing": {"prompt": "0", "completion": "0"}}  # a free variant the catalog does not list
    if not isinstance(entry, dict) or not isinstance(entry.get("pricing"), dict):
        return Quote(None, model, f"{model!r} is not in the catalog, so its price is unknown")
    pricing = await _variant_pricing(base, entry, variant, endpoints)
    if parse_price(pricing.get("prompt")) == -1 or parse_price(pricing.get("completion")) == -1:
        pricing = _capped(pricing, body)
        if pricing is None:
            return Quote(None, model, (
                f"{model!r} picks its model per request, so its price is variable; cap it with "
                "provider={'max_price': {'prompt': 1.0, 'completion': 4.0}} (USD per million tokens) and the "
                "budget holds the call to that cap"
            ))  # fmt: skip
    tokens_out, reasoning = 0, 0
    if text:
        asked = body.get("max_completion_tokens") or body.get("max_tokens") or body.get("max_output_tokens")
        if isinstance(asked, int) and asked > 0:
            tokens_out = asked  # the cap covers the hidden reasoning too
        else:
            tokens_out, reasoning = DEFAULT_COMPLETION_TOKENS, expected_reasoning_tokens(entry, body)
    searches, results = _searches(body, variant)
    cost = call_cost(
        pricing, prompt_tokens=prompt_tokens(body), completion_tokens=tokens_out, reasoning_tokens=reasoning,
        web_searches=searches, search_results=results,
    )  # fmt: skip
    return Quote(cost, model, "" if cost is not None else f"{model!r} has no usable price in the catalog")


def _with_preset(body: dict[str, Any], base: str, preset: Any) -> dict[str, Any]:
    """The request as a preset makes it: the preset's fields (its designated version's ``config``),
    the request's own over them."""
    version = preset.get("designated_version") if isinstance(preset, dict) else None
    config: dict[str, Any] = {}
    if isinstance(version, dict) and isinstance(version.get("config"), dict):
        config = version["config"]
    fields = {k: v for k, v in body.items() if k != "model"}
    return {**config, **fields, "model": base.rstrip("@") or config.get("model")}


async def text_quote(body: dict[str, Any], *, text: bool, entries: Lookup, endpoints: Lookup, presets: Lookup) -> Quote:
    """The estimate of a call (a chat or a response when ``text``, else embeddings or rerank): its
    preset applied, then the dearest of the model and its fallbacks (see the module's rules)."""
    model = body.get("model")
    if isinstance(model, str) and PRESET in model:
        base, _, slug = model.partition(PRESET)
        body = _with_preset(body, base, await presets(slug))
        model = body.get("model")
        if not isinstance(model, str):
            return Quote(None, f"@preset/{slug}", f"the preset {slug!r} names no model to price")
    candidates = list(dict.fromkeys([m for m in [model, *(body.get("models") or [])] if isinstance(m, str)]))
    if not candidates:
        return Quote(None, "?", "the request names no model")
    quotes = [await _one(candidate, body, text, entries, endpoints) for candidate in candidates]
    unknown = next((q for q in quotes if q.cost is None), None)
    if unknown is not None:
        return unknown
    return max(quotes, key=lambda q: q.cost or 0.0)
