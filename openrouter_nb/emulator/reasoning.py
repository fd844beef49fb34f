"""How an emulated model thinks and searches: reasoning tokens by its catalog config, web citations.

A reasoning model bills hidden reasoning tokens by effort (:data:`REASONING_TOKENS`, a
deterministic ±25% per request) and shows a short summary of them, with its blocks in the shape
its provider uses (an encrypted block for OpenAI models, signed text for Anthropic's). A request
that asks for the web (the ``web`` plugin, a ``:online`` model, a server search tool) counts one
search and cites a few pages.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from . import catalog as cat
from .protocol import obj, tokens
from .writer import salient_words

if TYPE_CHECKING:
    from .chat import Reply

__all__ = [
    "REASONING_TOKENS",
    "SERVER_SEARCH_TOOLS",
    "cite",
    "details_of",
    "search_results",
    "searches_asked",
    "think",
    "wants_reasoning",
]

#: hidden reasoning tokens at each effort (a deterministic ±25% around these per request)
REASONING_TOKENS = {"minimal": 128, "low": 512, "medium": 1024, "high": 2048, "xhigh": 4096, "max": 8192}
SERVER_SEARCH_TOOLS = ("openrouter:web_search", "web_search", "web_search_preview")


def wants_reasoning(body: dict[str, Any], model: dict[str, Any]) -> tuple[bool, bool, str, int | None]:
    """(reasons, shows it, effort, token cap) for a request to ``model``, as its catalog config says.

    A model reasons when it must (``mandatory``), when asked (``reasoning`` or ``reasoning_effort``,
    not switched off), or by default when not asked (``default_enabled``); at the effort asked, else
    its ``default_effort``, else medium. ``exclude`` hides the reasoning, which is billed anyway.
    """
    options = obj(body.get("reasoning"))
    config = obj(model.get("reasoning"))
    effort = options.get("effort") or body.get("reasoning_effort") or config.get("default_effort") or "medium"
    asked = bool(options) or body.get("reasoning_effort") is not None
    off = options.get("enabled") is False or effort == "none"
    can = bool(config.get("mandatory")) or "reasoning" in (model.get("supported_parameters") or [])
    reasons = can and (
        bool(config.get("mandatory")) or (asked and not off) or (not asked and bool(config.get("default_enabled")))
    )
    cap = options.get("max_tokens") if isinstance(options.get("max_tokens"), int) else None
    return reasons, not options.get("exclude", False), str(effort), cap


def think(reply: Reply, body: dict[str, Any], served: dict[str, Any], prompt: str) -> None:
    """Give the reply the reasoning ``served`` would do: its tokens, its summary and its blocks."""
    reasons, shows, effort, cap = wants_reasoning(body, served)
    if not reasons:
        return
    h = cat.stable_int("reasoning", served["id"], prompt, body.get("seed"))
    spent = REASONING_TOKENS.get(effort, REASONING_TOKENS["medium"]) * (75 + h % 51) // 100
    limit = body.get("max_tokens") or body.get("max_completion_tokens")
    if isinstance(limit, int):  # the output cap covers the thinking too
        spent = min(spent, max(0, limit - tokens(reply.text or "")))
    reply.reasoning_tokens = min(spent, cap) if cap is not None else spent
    focus = ", ".join(salient_words(prompt, 3))
    reply.reasoning = f"The request is about {focus}. Plan: keep it short, concrete and on tone, then answer."
    reply.show_reasoning = shows
    reply.reasoning_details = details_of(served["id"], reply.reasoning, h)


def details_of(model_id: str, summary: str, h: int) -> list[dict[str, Any]]:
    """Reasoning blocks in the shape the model's provider uses: a summary and an encrypted block (OpenAI),
    signed text (Anthropic), plain text (the others). Send them back to continue the conversation."""
    if model_id.startswith("openai/"):
        sealed = base64.b64encode(hashlib.sha256(f"{model_id}{h}".encode()).digest() * 4).decode()
        return [
            {"type": "reasoning.summary", "summary": summary, "index": 0, "format": "openai-responses-v1"},
            {
                "type": "reasoning.encrypted",
                "data": sealed,
                "id": f"rs_{h:x}"[:20],
                "index": 1,
                "format": "openai-responses-v1",
            },
        ]
    if model_id.startswith("anthropic/"):
        return [
            {
                "type": "reasoning.text",
                "text": summary,
                "signature": f"sig{h:x}",
                "index": 0,
                "format": "anthropic-claude-v1",
            }
        ]
    return [{"type": "reasoning.text", "text": summary, "index": 0, "format": "unknown"}]


def searches_asked(body: dict[str, Any]) -> int:
    """How many web searches the request asks of the service (the web plugin, ``:online``, a server tool)."""
    plugins = [p for p in body.get("plugins") or [] if isinstance(p, dict)]
    tools = [t for t in body.get("tools") or [] if isinstance(t, dict)]
    asked = any(p.get("id") == "web" for p in plugins) or str(body.get("model", "")).endswith(":online")
    return 1 if asked or any(t.get("type") in SERVER_SEARCH_TOOLS for t in tools) else 0


def search_results(body: dict[str, Any]) -> int:
    """How many results a search fetches: the web plugin's ``max_results``, else 5."""
    for plugin in body.get("plugins") or []:
        if isinstance(plugin, dict) and plugin.get("id") == "web":
            asked = plugin.get("max_results")
            if isinstance(asked, int) and not isinstance(asked, bool) and 1 <= asked <= 25:
                return asked
    return 5


def cite(reply: Reply, prompt: str) -> None:
    """URL citations for a reply built on web results (deterministic pages on example.org)."""
    words = salient_words(prompt, 3) or ["news"]
    end = len(reply.text)
    reply.annotations = [
        {
            "type": "url_citation",
            "url_citation": {
                "url": f"https://example.org/{word}",
                "title": f"{word.capitalize()}: what the emulated web says",
                "content": f"An emulated search result about {word}.",
                "start_index": 0,
                "end_index": end,
            },
        }
        for word in words[: reply.searches * 3]
    ]
