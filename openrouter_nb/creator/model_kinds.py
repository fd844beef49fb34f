"""A post's models checked before anything is paid: each must exist and make what its step needs.

A text model asked for images fails only at the image step, after the caption and the image
prompt were paid for; :func:`check_post_models` refuses it before the first call, from the
catalog (``GET /models``, unbilled and cached), naming the argument and three models that fit.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..client.client import OpenRouterClient

__all__ = ["ROLES", "WrongModelError", "check_post_models", "fitting_models"]

#: each model argument of a post: the output modality it needs, and what that means in words
ROLES: dict[str, tuple[str, str]] = {
    "text_model": ("text", "write text"),
    "image_model": ("image", "make images"),
    "video_model": ("video", "make video"),
    "voiceover": ("speech", "speak"),
}


class WrongModelError(ValueError):
    """A model that is not in the catalog, or does not make what its argument needs.

    ``parameter`` names the argument (``image_model`` …), ``reason`` says what is wrong with the
    model and ``suggestions`` lists three models that fit.
    """

    def __init__(self, parameter: str, reason: str, *, model: str, suggestions: list[str]) -> None:
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason
        self.model = model
        self.suggestions = suggestions


def _outputs(entry: dict[str, Any]) -> list[str]:
    architecture = entry.get("architecture") if isinstance(entry.get("architecture"), dict) else {}
    outputs = (architecture or {}).get("output_modalities")
    return [str(o) for o in outputs] if isinstance(outputs, list) else []


def fitting_models(catalog: list[dict[str, Any]], output: str, near: str = "", n: int = 3) -> list[str]:
    """Up to ``n`` catalog models with ``output`` among their outputs, the closest to ``near`` by name
    first (routers and variants left out: they are not what one names for a step)."""
    fits = [
        str(m["id"])
        for m in catalog
        if isinstance(m, dict) and isinstance(m.get("id"), str) and output in _outputs(m)
        and ":" not in m["id"] and not m["id"].startswith(("openrouter/", "~"))
    ]  # fmt: skip
    close = difflib.get_close_matches(near, fits, n=n, cutoff=0.0) if near else []
    return list(dict.fromkeys([*close, *sorted(fits)]))[:n]


async def check_post_models(client: OpenRouterClient, **models: str | None) -> None:
    """Raise :class:`WrongModelError` unless every model given (``text_model=``, ``image_model=``,
    ``video_model=``, ``voiceover=``; None skips one) is in the catalog and makes its step's output."""
    catalog = [m for m in await client.list_models() if isinstance(m, dict)]
    by_id = {m.get("id"): m for m in catalog}
    for parameter, model in models.items():
        if model is None:
            continue
        output, does = ROLES[parameter]
        entry = by_id.get(model)
        if entry is None:
            reason = f"{model!r} is not in the catalog of {len(catalog):,} models"
        elif output not in _outputs(entry):
            made = ", ".join(_outputs(entry)) or "nothing the catalog names"
            reason = f"{model!r} cannot {does} (it outputs {made})"
        else:
            continue
        suggestions = fitting_models(catalog, output, near=model)  # only for a refusal: it reads the catalog
        hint = f"; models that {does}: {', '.join(suggestions)}" if suggestions else ""
        raise WrongModelError(parameter, reason + hint, model=model, suggestions=suggestions)
