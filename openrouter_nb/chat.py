"""Chat completions: the full chat call and its streaming forms (mixed into the client)."""

from __future__ import annotations

from typing import Any

from ._base import ClientBase
from .bodies import as_dict, as_list, json_or_error, require_text
from .errors import APIResponseError, GenerationError
from .results import ChatResult, decode_images, message_text
from .streaming import ChatStream, _generation_error

__all__ = ["ChatMixin", "first_choice"]


def first_choice(payload: Any, what: str, api_key: str | None) -> dict[str, Any]:
    choices = payload.get("choices") if isinstance(payload, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise APIResponseError(f"{what} failed: the response has no choices", api_key=api_key)
    choice = choices[0]
    if choice.get("error") is not None:  # a failure reported inside a 200
        text = message_text((choice.get("message") or {}).get("content")) or ""
        raise _generation_error(what, choice["error"], text, api_key)
    return choice


class ChatMixin(ClientBase):
    """Chat helpers of :class:`~openrouter_nb.OpenRouterClient`."""

    def _chat_body(
        self,
        model: str,
        prompt: str | None,
        messages: list[dict[str, Any]] | None,
        system: str | None,
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        require_text(model, "model")
        if (prompt is None) == (messages is None):
            raise ValueError("pass exactly one of prompt or messages")
        if prompt is not None:
            require_text(prompt, "prompt")
            msgs: list[dict[str, Any]] = [{"role": "user", "content": prompt}]
        else:
            if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
                raise ValueError("messages must be a non-empty list of message dicts")
            msgs = list(messages)
        if system is not None:
            msgs.insert(0, {"role": "system", "content": system})
        for name in ("stream", "usage", "stream_options"):
            fields.pop(name, None)  # streaming has its own methods; usage is always returned
        return {"model": model, "messages": msgs, **fields}

    def _chat_result(self, payload: Any, what: str, *, cached: bool = False) -> ChatResult:
        choice = first_choice(payload, what, self.api_key)
        message = as_dict(choice.get("message"))
        usage = as_dict(payload.get("usage"))
        cost = usage.get("cost")
        tool_calls = as_list(message.get("tool_calls"))
        return ChatResult(
            text=message_text(message.get("content")) or "",
            model=payload.get("model"),
            provider=payload.get("provider"),
            finish_reason=choice.get("finish_reason"),
            usage=usage,
            cost=0.0 if cached else (float(cost) if isinstance(cost, int | float) else None),
            id=payload.get("id"),
            raw=payload,
            images=decode_images({"images": message.get("images")}) if message.get("images") else [],
            reasoning=message.get("reasoning") if isinstance(message.get("reasoning"), str) else None,
            tool_calls=tool_calls,
            cached=cached,
        )

    async def chat(
        self,
        model: str,
        prompt: str | None = None,
        *,
        messages: list[dict[str, Any]] | None = None,
        system: str | None = None,
        **fields: Any,
    ) -> ChatResult:
        """The full chat call: a prompt or a message list plus any API field, as a :class:`ChatResult`.

        ``fields`` go into the request as is: ``temperature``, ``max_tokens``, ``seed``,
        ``response_format``, ``tools``, ``reasoning``, ``provider``, ``models`` (fallbacks),
        ``modalities=["image", "text"]`` (images come back decoded in ``result.images``) …
        A failure reported inside a 200 raises :class:`~openrouter_nb.errors.GenerationError`.
        With a cache, an identical deterministic request is answered from disk, unbilled.
        """
        body = self._chat_body(model, prompt, messages, system, fields)
        what = f"chat with {model!r}"
        if self.cache is not None and self.cache.cacheable(body):
            stored = self.cache.get("chat", body)
            if stored is not None:
                result = self._chat_result(stored, what, cached=True)
                self.ledger.record("chat", result.model, result.provider, result.usage, result.id, cached=True)
                return result
        response = await self._send("POST", "/chat/completions", what, body=body)
        payload = json_or_error(response, what, self.api_key)
        if not isinstance(payload, dict):
            raise APIResponseError(f"{what} failed: the response is not a JSON object", api_key=self.api_key)
        try:
            result = self._chat_result(payload, what)
        except GenerationError:
            self.ledger.record(
                "chat", payload.get("model"), payload.get("provider"), payload.get("usage"), payload.get("id")
            )
            raise
        self.ledger.record("chat", result.model, result.provider, result.usage, result.id)
        if self.cache is not None and self.cache.cacheable(body):
            self.cache.put("chat", body, payload)
        return result

    def stream_chat(
        self,
        model: str,
        prompt: str | None = None,
        *,
        messages: list[dict[str, Any]] | None = None,
        system: str | None = None,
        **fields: Any,
    ) -> ChatStream:
        """Stream a chat: ``async for chunk in client.stream_chat(...)`` yields parsed SSE chunks.

        The returned :class:`ChatStream` exposes ``text``, ``usage`` and ``cost`` at the end.
        """
        return self._open_stream(model, prompt, messages, system, fields, text_only=False)

    def stream_text(
        self,
        model: str,
        prompt: str | None = None,
        *,
        messages: list[dict[str, Any]] | None = None,
        system: str | None = None,
        **fields: Any,
    ) -> ChatStream:
        """Stream a chat's text: ``async for delta in client.stream_text(...)`` yields text pieces."""
        return self._open_stream(model, prompt, messages, system, fields, text_only=True)

    def _open_stream(
        self,
        model: str,
        prompt: str | None,
        messages: list[dict[str, Any]] | None,
        system: str | None,
        fields: dict[str, Any],
        *,
        text_only: bool,
    ) -> ChatStream:
        body = self._chat_body(model, prompt, messages, system, fields)
        body["stream"] = True
        what = f"streamed {'text from' if text_only else 'chat with'} {model!r}"
        return ChatStream(self, body, what, text_only=text_only)
