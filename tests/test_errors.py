"""The error tree: drawn in its module's docstring, every class documented, the module a leaf."""

from __future__ import annotations

import ast
from pathlib import Path

from openrouter_nb import errors
from openrouter_nb.errors import OpenRouterError, redact

KEY = "sk-or-v1-" + "f" * 64


def test_tree_is_drawn_in_the_module_docstring():
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type):
            assert name in errors.__doc__, name
            assert obj.__doc__, name


def test_errors_is_a_leaf_of_the_package():
    tree = ast.parse(Path(errors.__file__).read_text(encoding="utf-8"))
    imported = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level]
    imported += [
        node for node in ast.walk(tree) if isinstance(node, ast.Import) and "openrouter_nb" in ast.unparse(node)
    ]
    assert imported == []


def test_key_shaped_text_is_masked_wherever_an_error_is_made():
    other = "sk-or-v1-" + "0123456789abcdef" * 4
    assert other not in redact(f"leaked {other} here")
    assert KEY not in str(OpenRouterError(f"boom {KEY}"))
    assert redact("secret here", "secret") == "*** here"
