"""Chat completions: ``chat``, ``generate_text`` and the streaming forms, and what they return.

:class:`Chat` is the resource behind the client's chat methods; it receives the client's
requester, ledger and cache. Streams are consumed by :mod:`openrouter_nb.streaming`.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .._core.limits import ResponseLimits
from .._core.wire import as_dict, as_list, message_text, require_text, usage_cost
from ..errors import APIResponseError, OpenRouterError
from ..media import ImageResult, decode_images
from .error_mapping import make_generation_error
from .schemas import Catalog, OutputSchema, check_structured, with_schema
from .streaming import ChatStream
from .tools import ToolCall, assistant_message, parse_tool_calls

if TYPE_CHECKING:
    from .cache import ResponseCache
    from .ledger import SpendLedger
    from .requester import Requester

__all__ = [
    "DEFAULT_SYSTEM_PROMPT",
    "Chat",
    "ChatResult",
    "Chats",
    "chat_body",
    "chat_result",
    "first_choice",
]

#: the system message ``generate_text`` sends unless given another (the pipeline brings its own)
DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant. Answer with the requested text only."

ROUTE = "/chat/completions"
R = TypeVar("R")


@dataclass
class ChatResult:
    """What a chat completion produced, plus the raw payload.

    ``text`` is the reply (parts joined), ``images`` the decoded images, ``model``/``provider`` what
    actually served the request, ``usage`` the token counts and ``cost`` its USD cost;
    ``tool_calls`` (:class:`~openrouter_nb.tools.ToolCall`, arguments parsed) when the model called
    tools (``finish_reason == "tool_calls"``), ``reasoning`` when it shared its reasoning and
    ``reasoning_details`` its blocks (encrypted ones included: send them back with
    :meth:`as_message` to continue a reasoning conversation); ``annotations`` (URL citations of a
    web search, file annotations) and the provider's own ``native_finish_reason``; ``created`` is the
    service's Unix time of the generation.
    """

    text: str
    model: str | None
    provider: str | None
    finish_reason: str | None
    usage: dict[str, Any]
    cost: float | None
    id: str | None
    raw: dict[str, Any]
    images: list[ImageResult] = field(default_factory=list)
    reasoning: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    cached: bool = False
    reasoning_details: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)
    native_finish_reason: str | None = None
    created: int | None = None
    #: the answer as an instance of the ``schema=`` class (or a dict for a JSON Schema); None without one
    parsed: Any = None

    def __str__(self) -> str:
        return self.text

    def as_message(self) -> dict[str, Any]:
        """The reply as the assistant message of the next request's ``messages`` (reasoning blocks kept).

        ``client.chat(model, messages=[*earlier, result.as_message(), {"role": "user", ...}])``
        continues the conversation; a reasoning model gets its own ``reasoning_details`` back.
        """
        return assistant_message(self.text, self.tool_calls, self.reasoning_details)

    def __repr__(self) -> str:
        cost = "n/a" if self.cost is None else f"${self.cost:.6f}"
        preview = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        extra = f", {len(self.images)} image(s)" if self.images else ""
        return f"<ChatResult {self.model} via {self.provider}: {preview!r} ({cost}{extra})>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        body = f"<div style='white-space:pre-wrap'>{html.escape(self.text)}</div>"
        body += "".join(image.html() for image in self.images if image.data and image.mime_type != "image/svg+xml")
        cost = "n/a" if self.cost is None else f"${self.cost:.6f}"
        body += f"<small>{html.escape(str(self.model))} via {html.escape(str(self.provider))} · {cost}</small>"
        return {"text/html": body, "text/plain": repr(self)}


def chat_body(
    model: str,
    prompt: str | None,
    messages: list[dict[str, Any]] | None,
    system: str | None,
    fields: dict[str, Any],
) -> dict[str, Any]:
    """The request body of a chat call, checked before anything is sent."""
    require_text(model, "model")
    if (prompt is None) == (messages is None):
        raise ValueError("pass exactly one of prompt or messages")
    if prompt is not None:
        require_text(prompt, "prompt")
        msgs: list[dict[str, Any]] = [{"role": "user", "content": prompt}]
    elif not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
        raise ValueError("messages must be a non-empty list of message dicts")
    else:
        msgs = messages
    if system is not None:
        msgs = [{"role": "system", "content": system}, *msgs]
    if fields:  # streaming has its own methods; usage always comes
        fields = {k: v for k, v in fields.items() if k not in ("stream", "usage", "stream_options")}
    return {"model": model, "messages": msgs, **fields}


def first_choice(payload: Any, what: str) -> dict[str, Any]:
    """The first choice of a completion; a failure reported inside the 200 raises ``GenerationError``."""
    choices = payload.get("choices") if isinstance(payload, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise APIResponseError(f"{what} failed: the response has no choices")
    choice = choices[0]
    if choice.get("error") is not None:
        text = message_text(as_dict(choice.get("message")).get("content")) or ""
        raise make_generation_error(what, choice["error"], text)
    return choice


def chat_result(
    payload: dict[str, Any], what: str, *, cached: bool = False, max_pixels: int = ResponseLimits.image_pixels
) -> ChatResult:
    """A chat completion's payload read into a :class:`ChatResult` (a failure inside it raises)."""
    choice = first_choice(payload, what)
    message = choice.get("message")
    if type(message) is not dict:
        message = {}
    content, usage, reasoning = message.get("content"), payload.get("usage"), message.get("reasoning")
    return ChatResult(
        text=content if type(content) is str else message_text(content) or "",
        model=payload.get("model"),
        provider=payload.get("provider"),
        finish_reason=choice.get("finish_reason"),
        usage=usage if type(usage) is dict else {},
        cost=0.0 if cached else usage_cost(payload),
        id=payload.get("id"),
        raw=payload,
        images=decode_images({"images": message["images"]}, max_pixels=max_pixels) if message.get("images") else [],
        reasoning=reasoning if type(reasoning) is str else None,
        tool_calls=parse_tool_calls(message.get("tool_calls")),
        cached=cached,
        reasoning_details=[d for d in as_list(message.get("reasoning_details")) if type(d) is dict],
        annotations=[a for a in as_list(message.get("annotations")) if type(a) is dict],
        native_finish_reason=native if type(native := choice.get("native_finish_reason")) is str else None,
        created=created if type(created := payload.get("created")) is int else None,
    )


def _text(payload: dict[str, Any], what: str, *, cached: bool = False) -> str:
    """Just the reply's text (for ``generate_text``); a reply without text content is an error."""
    message = first_choice(payload, what).get("message")
    text = message_text(message.get("content")) if type(message) is dict else None
    if text is None:
        raise APIResponseError(f"{what} failed: the reply has no text content")
    return text


class Chats(Protocol):
    """What batches and tool runs call on a client: :meth:`Chat.chat` (an ``OpenRouterClient`` is one)."""

    async def chat(
        self,
        model: str,
        prompt: str | None = None,
        *,
        messages: list[dict[str, Any]] | None = None,
        system: str | None = None,
        **fields: Any,
    ) -> ChatResult: ...


class Chat:
    """The chat calls of a client: one request path, one ledger, one cache."""

    def __init__(
        self, requester: Requester, ledger: SpendLedger, cache: ResponseCache | None, catalog: Catalog | None = None
    ) -> None:
        self._requester = requester
        self._ledger = ledger
        self._cache = cache
        self._catalog = catalog

    async def chat(
        self,
        /,
        model: str,
        prompt: str | None = None,
        *,
        messages: list[dict[str, Any]] | None = None,
        system: str | None = None,
        schema: Any = None,
        **fields: Any,
    ) -> ChatResult:
        """The full chat call: a prompt or a message list plus any API field, as a :class:`ChatResult`.

        ``fields`` go into the request as is: ``temperature``, ``max_tokens``, ``seed``,
        ``response_format``, ``tools``, ``reasoning``, ``provider``, ``models`` (fallbacks),
        ``modalities=["image", "text"]`` (images come back decoded in ``result.images``) …
        ``schema`` (a pydantic model, dataclass, TypedDict or JSON Schema dict) asks for JSON that
        fits it and puts the answer, validated, in ``result.parsed`` (see :mod:`.schemas`).
        A failure reported inside a 200 raises :class:`~openrouter_nb.errors.GenerationError`.
        With a cache, an identical deterministic request is answered from disk, unbilled.
        """
        output = OutputSchema.of(schema) if schema is not None else None
        if output is not None:
            fields = with_schema(fields, output, "chat")
        body = chat_body(model, prompt, messages, system, fields)
        if output is not None:
            await check_structured(self._catalog, model)
        parse = functools.partial(chat_result, max_pixels=self._requester.limits.image_pixels)
        result = await self._complete(body, "chat", parse)
        if output is not None:
            with self._requester.redacting():
                result.parsed = output.parse(result.text, f"chat with {model!r}")
        return result

    async def generate_text(self, /, model: str, prompt: str, *, system: str = DEFAULT_SYSTEM_PROMPT) -> str:
        """Ask a chat model for text and return the reply as a string.

        Sends a system message (``system``; a neutral one by default) and the user ``prompt``.
        It is :meth:`chat` underneath (same ledger, same cache); content given as parts is joined.
        """
        return await self._complete(chat_body(model, prompt, None, system, {}), "generate_text", _text)

    async def _complete(self, body: dict[str, Any], call: str, parse: Callable[..., R]) -> R:
        """One completion through the cache, the request path and the ledger, parsed by ``parse``."""
        what = f"chat with {body['model']!r}"
        cache = self._cache if self._cache is not None and self._cache.cacheable(body) else None
        if cache is not None:
            stored = cache.get("chat", body)
            if stored is not None:
                result = parse(stored, what, cached=True)
                self._ledger.record(call, stored, cached=True)
                return result
        payload = await self._requester.json("POST", ROUTE, what, body=body)
        if not isinstance(payload, dict):
            raise APIResponseError(f"{what} failed: the response is not a JSON object")
        self._ledger.record(call, payload)  # billed even when the generation failed inside the 200
        try:
            result = parse(payload, what)
        except OpenRouterError as error:  # its message may quote the server, which may echo the key
            self._requester.redact(error)
            raise
        if cache is not None:
            cache.put("chat", body, payload)
        return result

    def stream_chat(
        self,
        /,
        model: str,
        prompt: str | None = None,
        *,
        messages: list[dict[str, Any]] | None = None,
        system: str | None = None,
        schema: Any = None,
        **fields: Any,
    ) -> ChatStream:
        """Stream a chat: ``async for chunk in client.stream_chat(...)`` yields parsed SSE chunks.

        The returned :class:`~openrouter_nb.ChatStream` exposes ``text``, ``usage`` and ``cost`` at
        the end, and with ``schema`` (as in :meth:`chat`) the validated ``parsed`` answer.
        """
        return self._stream(model, prompt, messages, system, schema, fields, text_only=False)

    def stream_text(
        self,
        /,
        model: str,
        prompt: str | None = None,
        *,
        messages: list[dict[str, Any]] | None = None,
        system: str | None = None,
        schema: Any = None,
        **fields: Any,
    ) -> ChatStream:
        """Stream a chat's text: ``async for delta in client.stream_text(...)`` yields text pieces.

        With ``schema`` (as in :meth:`chat`), ``stream.parsed`` holds the validated answer after the loop.
        """
        return self._stream(model, prompt, messages, system, schema, fields, text_only=True)

    def _stream(
        self,
        model: str,
        prompt: str | None,
        messages: list[dict[str, Any]] | None,
        system: str | None,
        schema: Any,
        fields: dict[str, Any],
        *,
        text_only: bool,
    ) -> ChatStream:
        output = OutputSchema.of(schema) if schema is not None else None
        if output is not None:
            fields = with_schema(fields, output, "chat")
        body = {**chat_body(model, prompt, messages, system, fields), "stream": True}
        what = f"streamed {'text from' if text_only else 'chat with'} {model!r}"
        check = functools.partial(check_structured, self._catalog, model) if output is not None else None
        return ChatStream(self._requester, self._ledger, body, what, text_only=text_only, output=output, check=check)
