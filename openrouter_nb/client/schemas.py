"""Typed answers: ``schema=`` asks for JSON that fits a schema and hands back ``.parsed``.

``schema`` is a pydantic model class, a dataclass, a ``TypedDict`` (validated with pydantic, which
only these need) or a JSON Schema dict (validated with :mod:`openrouter_nb._core.json_schema`).
The request gets the schema as a *strict* json_schema (``response_format`` on
``/chat/completions``, ``text.format`` on ``/responses``): every object closed and every property
listed as required, as strict mode demands. ``provider.require_parameters`` is set, so no
endpoint that would ignore the schema is picked. A model whose catalog entry lacks
``structured_outputs`` is refused before anything is sent.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .._core.json_schema import violation
from ..errors import OutputValidationError

__all__ = ["OutputSchema", "check_structured", "strict_schema", "structured_outputs", "with_schema"]

#: models with structured outputs to suggest when one without is asked (the first three in the catalog)
SUGGESTED = ("openai/gpt-4o-mini", "google/gemini-2.5-flash", "openai/gpt-5-mini", "anthropic/claude-sonnet-4.5")
Catalog = Callable[[], Awaitable[list[dict[str, Any]]]]


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a JSON Schema that strict mode accepts: every object lists all its properties as
    required and allows no others; ``default`` values (which strict mode refuses) are dropped."""
    out = copy.deepcopy(schema)

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        node.pop("default", None)
        if isinstance(node.get("properties"), dict):
            node["required"] = list(node["properties"])
            node.setdefault("additionalProperties", False)
        elif node.get("type") == "object" and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for key, value in node.items():
            if key == "properties":
                for sub in value.values():
                    visit(sub)
            elif key not in ("enum", "const", "examples"):
                visit(value)

    visit(out)
    return out


def _name(text: Any) -> str:
    """A schema name as the API takes it (letters, digits, ``_`` and ``-``, at most 64)."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", str(text or "")).strip("_")[:64]
    return name or "answer"


def _adapter(kind: Any) -> Any:
    try:
        from pydantic import TypeAdapter
    except ImportError as exc:
        raise ImportError(
            f"schema={getattr(kind, '__name__', kind)!r} needs pydantic to describe and check it: "
            "pip install pydantic (or pass a JSON Schema dict, which needs nothing)"
        ) from exc
    return TypeAdapter(kind)


@dataclass(frozen=True)
class OutputSchema:
    """What ``schema=`` became: the name and strict JSON Schema sent, and how a reply is parsed."""

    name: str
    schema: dict[str, Any]
    kind: Any  # the class given, or None for a plain JSON Schema

    @classmethod
    def of(cls, given: Any) -> OutputSchema:
        """The output schema of a class or a JSON Schema dict (``TypeError`` for anything else)."""
        if isinstance(given, dict):
            if not given:
                raise ValueError("schema must be a JSON Schema (a non-empty dict) or a class")
            return cls(_name(given.get("title")), strict_schema(given), None)
        if not isinstance(given, type) and not hasattr(given, "__annotations__"):
            raise TypeError(
                f"schema must be a pydantic model, a dataclass, a TypedDict or a JSON Schema dict, got {given!r}"
            )
        try:
            source = given.model_json_schema() if hasattr(given, "model_json_schema") else _adapter(given).json_schema()
        except ImportError:
            raise
        except Exception as exc:  # pydantic cannot describe it (a typing.TypedDict before Python 3.12 …)
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise TypeError(
                f"schema={getattr(given, '__name__', given)!r} cannot be turned into a JSON Schema: {reason}"
            ) from None
        return cls(_name(getattr(given, "__name__", None)), strict_schema(source), given)

    def response_format(self) -> dict[str, Any]:
        """The ``response_format`` of a chat request for this schema."""
        return {"type": "json_schema", "json_schema": {"name": self.name, "strict": True, "schema": self.schema}}

    def text_format(self) -> dict[str, Any]:
        """The ``text.format`` of a Responses request for this schema."""
        return {"type": "json_schema", "name": self.name, "strict": True, "schema": self.schema}

    def parse(self, text: str, what: str) -> Any:
        """The answer as an instance of the class (or a dict for a JSON Schema); ``OutputValidationError``
        when it is not JSON or does not fit."""
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise OutputValidationError(
                f"{what}: the answer is not JSON ({exc.msg} at character {exc.pos}); it is in .raw_text",
                raw_text=text,
                validation_message=str(exc),
            ) from None
        if self.kind is None:
            why = violation(self.schema, value)
            if why is not None:
                raise OutputValidationError(
                    f"{what}: the answer does not fit the schema {self.name!r}: {why}",
                    raw_text=text,
                    validation_message=why,
                )
            return value
        try:
            if hasattr(self.kind, "model_validate"):
                return self.kind.model_validate(value)
            return _adapter(self.kind).validate_python(value)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            first = str(exc).strip().splitlines()
            why = " ".join(line.strip() for line in first[1:3]) if len(first) > 1 else str(exc)
            raise OutputValidationError(
                f"{what}: the answer does not fit {self.name}: {why}", raw_text=text, validation_message=str(exc)
            ) from None


def with_schema(fields: dict[str, Any], output: OutputSchema, route: str) -> dict[str, Any]:
    """Request fields with the schema asked for and ``provider.require_parameters`` set."""
    provider = fields.get("provider")
    out = {**fields, "provider": {**(provider if isinstance(provider, dict) else {}), "require_parameters": True}}
    if route == "responses":
        text = out.get("text")
        out["text"] = {**(text if isinstance(text, dict) else {}), "format": output.text_format()}
    else:
        out["response_format"] = output.response_format()
    return out


async def check_structured(catalog: Catalog | None, model: Any) -> None:
    """Refuse (``ValueError``, nothing sent) a model whose catalog entry lacks ``structured_outputs``.

    A model the catalog does not list (a preset, a router, another variant) is left to the service.
    """
    if catalog is None or not isinstance(model, str):
        return
    models: dict[str, dict[str, Any]] = {
        m["id"]: m for m in await catalog() if isinstance(m, dict) and isinstance(m.get("id"), str)
    }
    entry = models.get(model) or models.get(model.rsplit(":", 1)[0])
    if entry is None or "structured_outputs" in (entry.get("supported_parameters") or []):
        return
    capable = sorted(k for k, m in models.items() if "structured_outputs" in (m.get("supported_parameters") or []))
    having = [m for m in SUGGESTED if m in capable] + [m for m in capable if m not in SUGGESTED]
    raise ValueError(
        f"{model} lacks structured outputs (its catalog entry has no 'structured_outputs' parameter), so "
        f"schema= cannot be enforced on it; models that have it: {', '.join(having[:3])}"
    )


async def structured_outputs(catalog: Catalog, model: str) -> bool | None:
    """Whether ``model`` has structured outputs by its catalog entry (None when the catalog does not list it)."""
    models = {m.get("id"): m for m in await catalog() if isinstance(m, dict)}
    entry = models.get(model) or models.get(model.rsplit(":", 1)[0])
    return None if entry is None else "structured_outputs" in (entry.get("supported_parameters") or [])
