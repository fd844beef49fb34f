"""Who serves each model in the emulator: derived, documented as derived, plausible by construction.

The real snapshot names no providers per model. The emulator derives them from facts: a model's
own company serves it first when it runs an API (``openai/*`` by OpenAI, ``qwen/*`` by Alibaba …),
closed models add the clouds that resell them, and open-weight models (those with a Hugging Face
id) add inference hosts chosen by a hash of the id, with the quantizations such hosts publish.
Every name is one of the spec's ``ProviderName`` values. Prices of the first endpoint are the
catalog's; other endpoints are within ±30%.
"""

from __future__ import annotations

import functools
from typing import Any

from .catalog import catalog_by_id, stable_int

__all__ = [
    "HOSTS",
    "data_policy",
    "endpoints_for",
    "image_endpoints_for",
    "provider_for",
    "provider_list",
    "slug",
]

#: author slug → the company's own provider name (as the spec spells it)
OWN: dict[str, str] = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "google": "Google AI Studio",
    "x-ai": "xAI",
    "mistralai": "Mistral",
    "deepseek": "DeepSeek",
    "qwen": "Alibaba",
    "alibaba": "Alibaba",
    "moonshotai": "Moonshot AI",
    "z-ai": "Z.AI",
    "minimax": "Minimax",
    "cohere": "Cohere",
    "amazon": "Amazon Bedrock",
    "perplexity": "Perplexity",
    "ai21": "AI21",
    "baidu": "Baidu",
    "tencent": "Tencent",
    "xiaomi": "Xiaomi",
    "stepfun": "StepFun",
    "inception": "Inception",
    "liquid": "Liquid",
    "nvidia": "Nvidia",
    "black-forest-labs": "Black Forest Labs",
    "bytedance-seed": "Seed",
    "bytedance": "BytePlus",
    "sourceful": "Sourceful",
    "krea": "Krea",
    "recraft": "Recraft",
    "runway": "Runway",
    "rekaai": "Reka",
    "upstage": "Upstage",
    "arcee-ai": "Arcee AI",
    "aion-labs": "AionLabs",
    "nex-agi": "Nex AGI",
    "relace": "Relace",
    "morph": "Morph",
    "poolside": "Poolside",
    "sakana": "Sakana AI",
    "voyageai": "VoyageAI by MongoDB",
    "deepgram": "Deepgram",
    "fish-audio": "Fish Audio",
    "perceptron": "Perceptron",
    "thinkingmachines": "Thinking Machines",
    "meta-llama": "Meta",
    "meta": "Meta",
}
#: closed models also sold by these clouds
RESELLERS: dict[str, tuple[str, ...]] = {
    "openai": ("Azure",),
    "anthropic": ("Amazon Bedrock", "Google", "Claude Platform on AWS"),
    "google": ("Google",),
    "x-ai": ("Azure",),
    "mistralai": ("Azure",),
}
#: inference hosts serving open weights
HOSTS = (
    "DeepInfra",
    "Together",
    "Fireworks",
    "Novita",
    "Parasail",
    "Groq",
    "SambaNova",
    "Cerebras",
    "Nebius",
    "Chutes",
    "SiliconFlow",
    "AtlasCloud",
    "BaseTen",
    "Friendli",
)
HOST_QUANTIZATIONS = ("fp8", "bf16", "fp8", "fp4", "int8", "bf16")
_IMPLICIT_CACHING = {"openai", "anthropic", "google", "deepseek", "x-ai", "moonshotai", "z-ai"}


def _author(model_id: str) -> str:
    return model_id.lstrip("~").split("/", 1)[0]


def _open_weights(model: dict[str, Any]) -> bool:
    return bool(model.get("hugging_face_id"))


@functools.cache
def _plan(model_id: str) -> tuple[tuple[str, str | None], ...]:
    """(provider, quantization) pairs serving a model, its own provider first."""
    model = catalog_by_id()[model_id]
    author = _author(model_id)
    if author == "openrouter":
        return ()  # routers pick a model per request; no provider serves them directly
    own = OWN.get(author)
    plan: list[tuple[str, str | None]] = []
    if own is not None:
        plan.append((own, "bf16" if _open_weights(model) else None))
    if _open_weights(model):
        h = stable_int("hosts", model_id)
        count = 1 + h % 4
        start = (h >> 8) % len(HOSTS)
        for i in range(count):
            quant = HOST_QUANTIZATIONS[(h >> (12 + 3 * i)) % len(HOST_QUANTIZATIONS)]
            plan.append((HOSTS[(start + i) % len(HOSTS)], quant))
    elif own is not None:
        plan += [(name, None) for name in RESELLERS.get(author, ())[: 1 + stable_int("resell", model_id) % 3]]
    else:  # closed weights from a company with no API of its own: one host resells it
        plan.append((HOSTS[stable_int("host", model_id) % len(HOSTS)], None))
    return tuple(plan)


def provider_for(model_id: str) -> str:
    """The provider a response names for a model (the first that serves it)."""
    plan = _plan(model_id) if model_id in catalog_by_id() else ()
    return plan[0][0] if plan else OWN.get(_author(model_id), "OpenAI")


def slug(name: str) -> str:
    """A provider's slug from its display name (``"Amazon Bedrock"`` → ``"amazon-bedrock"``)."""
    return name.lower().replace(" ", "-").replace(".", "")


#: hosts whose terms let them train on prompts (``data_collection: "deny"`` skips them); derived
_TRAINING = frozenset({"Chutes", "SiliconFlow", "AtlasCloud", "Novita"})
#: endpoints with zero data retention (``zdr: true`` keeps only these); derived
_ZDR = frozenset(
    {"Azure", "Amazon Bedrock", "Google", "Anthropic", "Groq", "Cerebras", "Together", "Fireworks", "DeepInfra"}
)


def data_policy(endpoint: dict[str, Any]) -> dict[str, bool]:
    """Whether an endpoint's provider may train on prompts, and whether it retains nothing (derived)."""
    name = endpoint["provider_name"]
    return {"training": name in _TRAINING, "zdr": name in _ZDR}


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


def endpoints_for(model: dict[str, Any], *, authorized: bool) -> list[dict[str, Any]]:
    """The endpoints ``GET /models/{id}/endpoints`` lists (every field the spec and the SDK require).

    Latency and throughput are null without auth, as on the real service.
    """
    model_id = model["id"]
    params = list(model.get("supported_parameters") or [])
    context = model.get("context_length") or 0
    top = model.get("top_provider") or {}
    pricing = model.get("pricing") or {}
    tools = "tools" in params
    out = []
    for i, (provider, quantization) in enumerate(_plan(model_id)):
        h = stable_int("endpoint", model_id, provider)
        factor = 1.0 if i == 0 else 0.7 + (h % 61) / 100.0
        price = {k: _scale(v, factor) if isinstance(v, str) else v for k, v in pricing.items() if k != "overrides"}
        length = context if i == 0 else context // (1 + (h >> 8) % 2)
        tag = slug(provider) + (f"/{quantization}" if quantization and i else "")
        out.append(
            {
                "name": f"{provider} | {model_id}",
                "model_id": model_id,
                "model_name": model.get("name", model_id),
                "context_length": length,
                "max_prompt_tokens": length or None,
                "max_completion_tokens": top.get("max_completion_tokens"),
                "pricing": price,
                "provider_name": provider,
                "tag": tag,
                "quantization": quantization,
                "supported_parameters": params,
                "status": 0 if (h >> 12) % 10 else -1,
                "uptime_last_5m": round(95 + (h % 500) / 100.0, 2),
                "uptime_last_30m": round(96 + (h % 400) / 100.0, 2),
                "uptime_last_1d": round(97 + (h % 300) / 100.0, 2),
                "latency_last_30m": _percentiles(180 + h % 900) if authorized else None,
                "throughput_last_30m": _percentiles(20 + h % 180, rising=False) if authorized else None,
                "supports_implicit_caching": i == 0 and _author(model_id) in _IMPLICIT_CACHING,
                # required by the official SDK's models (a newer edition of the spec than tests/spec's)
                "supports_tool_choice": {"auto": tools, "none": tools, "required": tools, "function": tools},
                "native_tools": {},
                "service_tier": None,
                "supports_diarization": False,
            }
        )
    return out


def image_endpoints_for(
    model: dict[str, Any], parameters: dict[str, Any], price: tuple[str, float]
) -> list[dict[str, Any]]:
    """The endpoints ``GET /images/models/{id}/endpoints`` lists: descriptors and prices.

    ``price`` is the model's own ``(unit, cost_usd)`` for an output image; other providers charge
    10% more each, in the same unit (derived).
    """
    unit, cost = price
    out = []
    for i, (provider, _) in enumerate(_plan(model["id"]) or ((provider_for(model["id"]), None),)):
        out.append(
            {
                "provider_name": provider,
                "provider_slug": slug(provider),
                "provider_tag": slug(provider),
                "supported_parameters": parameters,
                "allowed_passthrough_parameters": [],
                "supports_streaming": model["id"].startswith("openai/"),
                "pricing": [{"billable": "output_image", "unit": unit, "cost_usd": round(cost * (1.0 + 0.1 * i), 10)}],
            }
        )
    return out


@functools.cache
def provider_list() -> tuple[dict[str, Any], ...]:
    """``GET /providers``: every provider that serves a catalog model, by name."""
    names = sorted({name for model_id in catalog_by_id() for name, _ in _plan(model_id)})
    return tuple(
        {
            "name": name,
            "slug": slug(name),
            "privacy_policy_url": None,
            "terms_of_service_url": None,
            "status_page_url": None,
        }
        for name in names
    )
