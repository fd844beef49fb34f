"""The public face: every name importable from ``openrouter_nb``, and how it presents itself.

The list below is the contract: a name may be added to it, never taken away, whatever moves
inside the package. As httpx's ``tests/test_exported_members.py`` does, the face is checked
against it, and every exported class and function shows ``openrouter_nb`` as its module.
"""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import types
from pathlib import Path

import pytest

import openrouter_nb

#: every name ``from openrouter_nb import …`` gives (as of the folder layout, 2026-12)
PUBLIC = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "Arena",
    "AudioResult",
    "AuthenticationError",
    "BadRequestError",
    "BatchItem",
    "Brief",
    "BudgetExceededError",
    "CatalogWarning",
    "ChatResult",
    "ChatStream",
    "EmbeddingSet",
    "Emulator",
    "FORMATS",
    "Fault",
    "Gallery",
    "GenerationError",
    "ImageResult",
    "ImageSet",
    "InsufficientCreditsError",
    "InternalServerError",
    "InvalidMediaError",
    "ModelPicker",
    "NoProviderAvailableError",
    "NotFoundError",
    "OpenRouterClient",
    "OpenRouterError",
    "OutputValidationError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "Persona",
    "PlatformFormat",
    "Post",
    "PostStudio",
    "RateLimitError",
    "RequestTimeoutError",
    "RerankHit",
    "ResponseCache",
    "ResponseLimits",
    "ResponseTooLargeError",
    "ToolCall",
    "ToolRun",
    "Transcription",
    "UnsafeURLError",
    "UpstreamProviderError",
    "VideoJobError",
    "VideoResult",
    "__version__",
    "add_image_prices",
    "add_popularity",
    "add_value",
    "add_video_prices",
    "arena_leaderboard",
    "benchmarks_frame",
    "bundled_snapshots",
    "caption_variants",
    "cheapest",
    "classify_model_capabilities",
    "compare_models",
    "connect",
    "cost_chart",
    "create_post",
    "create_posts",
    "decode_images",
    "diff_catalogs",
    "embeddings_frame",
    "estimate_cost",
    "export_posts",
    "generate_frame",
    "generate_images",
    "generate_many",
    "image_variants",
    "load_snapshots",
    "make_video",
    "measure_costs",
    "models_frame",
    "pick_model",
    "plan_posts",
    "popularity_chart",
    "price_history",
    "price_table",
    "record_vote",
    "render_preview",
    "run",
    "run_arena",
    "run_tools",
    "save_snapshot",
    "show_stream",
    "spawn",
    "summarize_models",
    "tool_schema",
    "value_chart",
    "value_frontier",
    "write_caption",
    "write_image_prompt",
]


def test_the_face_exports_exactly_the_public_names():
    assert openrouter_nb.__all__ == sorted(openrouter_nb.__all__)
    assert set(PUBLIC) <= set(openrouter_nb.__all__), "a public name went missing"


def test_dir_lists_the_exports_and_nothing_else_public():
    listed = {
        name
        for name in dir(openrouter_nb)
        if not name.startswith("_")
        and not isinstance(getattr(openrouter_nb, name), types.ModuleType)
        and name not in ("annotations", "TYPE_CHECKING", "Any")
    }
    assert listed == {name for name in openrouter_nb.__all__ if not name.startswith("_")}


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_resolves_and_shows_the_public_path(name):
    value = getattr(openrouter_nb, name)
    assert value is not None
    if inspect.isclass(value) or inspect.isfunction(value):
        assert value.__module__ == "openrouter_nb", f"{name} shows {value.__module__}"
        assert inspect.getdoc(value), f"{name} has no docstring"


def test_reprs_show_the_public_path():
    assert repr(openrouter_nb.OpenRouterClient) == "<class 'openrouter_nb.OpenRouterClient'>"
    assert repr(openrouter_nb.RateLimitError) == "<class 'openrouter_nb.RateLimitError'>"


def test_lazy_names_are_declared_for_type_checkers_too():
    """The ``TYPE_CHECKING`` imports (what IDEs and mypy see) name the same modules as ``_LAZY``."""
    tree = ast.parse(Path(openrouter_nb.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test))
    declared = {
        alias.name: node.module for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    assert declared == openrouter_nb._LAZY


def test_a_lazy_name_loads_its_module_only_when_used():
    code = (
        "import sys, openrouter_nb\n"
        "assert 'openrouter_nb.catalog.frame' not in sys.modules and 'pandas' not in sys.modules\n"
        "openrouter_nb.models_frame\n"
        "assert 'openrouter_nb.catalog.frame' in sys.modules\n"
        "print(openrouter_nb.models_frame.__module__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "openrouter_nb"


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        openrouter_nb.nope  # noqa: B018
