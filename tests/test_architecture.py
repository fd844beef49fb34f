"""The layout rules of ARCHITECTURE.md, checked on the source: the folders are the layers.

Each module's imports are read with ``ast`` (nothing is executed), module level and inside
functions alike; only imports under ``if TYPE_CHECKING:`` (annotations) are left out. A module's
layer is its folder (``client/chat.py`` is in ``client``); the few modules at the top are the face.
A rule that fails names the module and what it imported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "openrouter_nb"

#: layer → the layers its modules may import (each may import itself). The face may import anything.
LAYERS: dict[str, set[str]] = {
    "errors": set(),
    "_version": set(),
    "_core": {"errors"},
    "media": {"errors", "_core"},
    "client": {"errors", "_core", "media"},
    "catalog": {"errors", "_core", "media"},
    "arena": {"errors", "_core", "media", "client", "catalog"},
    "creator": {"errors", "_core", "media", "client", "catalog"},
    "emulator": set(),
}
FACE = {"__init__", "__main__", "connect", "cli"}
MAX_TOP_LEVEL_MODULES = 8
HEAVY = {"pandas", "numpy", "ipywidgets", "traitlets", "PIL", "IPython", "nest_asyncio", "tqdm", "matplotlib", "altair"}
#: the layers whose modules import nothing heavy at module level (``import openrouter_nb`` loads them)
LIGHT = {"errors", "_version", "_core", "media", "client"}
#: the modules that build widgets: the only ones that import ipywidgets or traitlets
WIDGET_MODULES = {"catalog.picker", "creator.studio", "arena.widget"}
#: the client's resources speak in paths and parsed JSON through the requester, never httpx
#: the one module outside the emulator it may use: a JSON Schema checker that imports nothing of the package
EMULATOR_MAY_USE = {"_core.json_schema"}
RESOURCES = {f"client.{name}" for name in ("chat", "streaming", "images", "video", "audio", "embeddings", "account")}


@dataclass(frozen=True)
class Import:
    target: str  # absolute module name (``openrouter_nb.client.chat``, ``pandas``)
    lazy: bool  # inside a function
    line: int


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(name: str) -> str:
    head = name.split(".")[0]
    return "face" if head in FACE else head


@cache
def imports_of(name: str) -> tuple[Import, ...]:
    """Every import of a module, as absolute names, skipping ``if TYPE_CHECKING:`` blocks."""
    path = MODULES[name]
    package = (
        ["openrouter_nb", *name.split(".")] if path.name == "__init__.py" else ["openrouter_nb", *name.split(".")[:-1]]
    )
    if name == "__init__":
        package = ["openrouter_nb"]
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inside = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend(Import(alias.name, inside, child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = ".".join(package[: len(package) - child.level + 1]) if child.level else ""
                module = ".".join(p for p in (base, child.module or "") if p)
                found.append(Import(module, inside, child.lineno))
                # ``from . import x``: x may be a module of the package
                found.extend(
                    Import(f"{module}.{alias.name}", inside, child.lineno)
                    for alias in child.names
                    if _module_name_of(f"{module}.{alias.name}") in MODULES
                )
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return tuple(found)


def _module_name_of(absolute: str) -> str | None:
    """``openrouter_nb.client.chat`` → ``client.chat``; ``openrouter_nb`` → ``__init__``; None outside."""
    if absolute == "openrouter_nb":
        return "__init__"
    if absolute.startswith("openrouter_nb."):
        return absolute.removeprefix("openrouter_nb.")
    return None


def ours(name: str) -> list[tuple[str, Import]]:
    """The package's own modules a module imports (parent packages, imported anyway, are left out)."""
    out = []
    for imp in imports_of(name):
        target = _module_name_of(imp.target)
        if target is None or target == name or target not in MODULES:
            continue
        if name.startswith(target + ".") or (target == "__init__" and name != "__init__"):
            continue  # a parent package: initialised before any of its modules
        out.append((target, imp))
    return out


def test_every_module_is_in_a_layer_and_few_stay_at_the_top():
    unknown = {n for n in MODULES if layer_of(n) not in LAYERS and layer_of(n) != "face"}
    assert unknown == set(), f"modules outside every layer: {unknown}"
    top = sorted(n for n, p in MODULES.items() if p.parent == PACKAGE)
    assert len(top) <= MAX_TOP_LEVEL_MODULES, f"{len(top)} modules at the top level: {top}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer_of(n) != "face"))
def test_layers_point_down(name):
    layer = layer_of(name)
    allowed = LAYERS[layer] | {layer}
    wrong = [
        f"{target} (line {imp.line})"
        for target, imp in ours(name)
        if layer_of(target) not in allowed and not (layer == "emulator" and target in EMULATOR_MAY_USE)
    ]
    assert wrong == [], f"{name} ({layer}) imports {wrong}; {layer} may import only {sorted(allowed)}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer_of(n) in LIGHT))
def test_the_light_layers_import_nothing_heavy_at_module_level(name):
    heavy = [i.target for i in imports_of(name) if not i.lazy and i.target.split(".")[0] in HEAVY]
    assert heavy == [], f"{name} imports {heavy} at module level"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer_of(n) == "client"))
def test_the_client_never_imports_pandas_widgets_or_charts(name):
    found = [i.target for i in imports_of(name) if i.target.split(".")[0] in HEAVY - {"PIL", "tqdm", "IPython"}]
    assert found == [], f"{name} imports {found} (DataFrames are built by _core/tables.py)"


def test_only_the_widget_modules_import_ipywidgets():
    found = {
        name
        for name in MODULES
        for imp in imports_of(name)
        if imp.target.split(".")[0] in ("ipywidgets", "traitlets", "anywidget")
    }
    assert found <= WIDGET_MODULES


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_resources_speak_through_the_requester_not_httpx(name):
    assert [i.target for i in imports_of(name) if i.target.split(".")[0] == "httpx"] == []


def test_the_emulator_imports_only_itself():
    outside = {
        (name, target) for name in MODULES if layer_of(name) == "emulator" for target, _ in ours(name)
        if layer_of(target) != "emulator" and target not in EMULATOR_MAY_USE
    }  # fmt: skip
    assert outside == set()
    for shared in EMULATOR_MAY_USE:
        assert ours(shared) == [], f"{shared} must import nothing of the package: the emulator stands alone"


def test_widgets_and_studio_take_the_column_contract_from_the_catalog():
    for name in ("catalog.picker", "creator.studio"):
        source = MODULES[name].read_text(encoding="utf-8")
        assert "catalog.columns" in {target for target, _ in ours(name)}, name
        for column in ("text_output", "image_output", "video_output", "generated_image_usd", "prompt_usd_per_mtok"):
            assert f'"{column}"' not in source and f"'{column}'" not in source, f"{name} names {column}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module in an import graph (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            connect(name)
    return groups


def test_no_import_cycle_between_any_modules_even_lazily():
    assert _cycles({name: {target for target, _ in ours(name)} for name in MODULES}) == []


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"f"}, "f": {"e"}, "g": set()}
    assert sorted(_cycles(graph)) == [["a", "b", "c"], ["e", "f"]]


def test_no_module_is_over_400_lines_and_no_function_over_80():
    long_modules = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > 400}
    assert long_modules == {}
    long_functions = {
        f"{name}.{node.name}": node.end_lineno - node.lineno + 1
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 80
    }
    assert long_functions == {}


# -- __all__ is true ---------------------------------------------------------------------------


def _defined(path: Path) -> set[str]:
    """The public classes and functions a module defines at its top level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    kinds = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    return {node.name for node in tree.body if isinstance(node, kinds) and not node.name.startswith("_")}


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not any(p.startswith("_") for p in n.split("."))))
def test_all_lists_exactly_the_public_names_defined_here(name):
    import importlib

    module = importlib.import_module(f"openrouter_nb.{name}")
    exported = getattr(module, "__all__", None)
    if MODULES[name].name == "__init__.py" and exported is None:
        assert _defined(MODULES[name]) == set(), f"{name} defines names but exports none"
        return  # a folder's map: a docstring only
    assert exported is not None, f"{name} has no __all__"
    missing = [n for n in exported if not hasattr(module, n)]
    assert missing == [], f"{name}.__all__ names what it lacks: {missing}"
    undeclared = _defined(MODULES[name]) - set(exported)
    assert undeclared == set(), f"{name} defines public names missing from __all__: {undeclared}"


# -- the seed contract and private names ---------------------------------------------------------

#: The names the seed (the project's first specification) spells out, by where they live. They are
#: public for us, underscore or not: code written against the seed uses them, so the rules below
#: exempt exactly these and no others, and a clean-up cannot remove one silently.
SEED_CONTRACT: dict[str, tuple[str, ...]] = {
    "errors": ("OpenRouterError",),
    "client.client:OpenRouterClient": (
        "__init__", "close", "__aenter__", "__aexit__", "_owns_client", "_lock", "clock", "_model_cache",
        "_base_url", "_headers", "list_models", "generate_text", "generate_image", "generate_video",
    ),
    "catalog.facts": ("classify_model_capabilities", "summarize_models"),
}  # fmt: skip
SEED_NAMES = {name for names in SEED_CONTRACT.values() for name in names}
#: the display protocol: IPython calls these by name
DISPLAY_PROTOCOL = ("_repr_html_", "_repr_png_", "_repr_mimebundle_", "_repr_markdown_", "_repr_json_")
TESTS = Path(__file__).resolve().parent


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@cache
def _private_definitions(path: Path) -> frozenset[str]:
    """The private names a module defines: functions, classes, and names or attributes it assigns."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and _is_private(node.name):
            found.add(node.name)
        elif isinstance(node, ast.Attribute | ast.Name) and isinstance(node.ctx, ast.Store):
            name = node.attr if isinstance(node, ast.Attribute) else node.id
            if _is_private(name):
                found.add(name)
    return frozenset(found)


def _uses(paths: list[Path]) -> set[str]:
    """Names read (attributes, names, string constants as in getattr) in ``paths``, decorators left out."""
    used: set[str] = set()
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        decorators = {id(d) for n in functions for d in n.decorator_list}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and id(node) not in decorators:
                used.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                used.add(node.id)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                used.add(node.value)
    return used


def test_no_reach_through_into_private_names_of_other_modules():
    """Package code reads ``x._name`` only on ``self``/``cls``, for a name its own module defines, for the
    display protocol, or for a seed-contract name."""
    wrong = []
    for name, path in MODULES.items():
        own = _private_definitions(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Attribute) and _is_private(node.attr)):
                continue
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            if node.attr in own or node.attr in DISPLAY_PROTOCOL or node.attr in SEED_NAMES:
                continue
            wrong.append(f"{name}:{node.lineno} {ast.unparse(node)}")
    assert wrong == []


def test_no_private_name_lives_for_the_tests_alone():
    """A private name the package defines but never uses, while the tests do, is test-only: remove it,
    or (the seed contract only) list it in SEED_CONTRACT."""
    package_uses = _uses(list(MODULES.values()))
    test_uses = _uses(sorted(TESTS.rglob("*.py")))
    defined = set().union(*(_private_definitions(p) for p in MODULES.values()))
    test_only = {n for n in defined if n not in package_uses and n in test_uses} - set(DISPLAY_PROTOCOL)
    assert test_only == SEED_NAMES & test_only, f"privates only the tests use: {sorted(test_only - SEED_NAMES)}"


def test_the_seed_contract_is_all_there():
    import importlib

    import openrouter_nb

    for where, names in SEED_CONTRACT.items():
        module_name, _, class_name = where.partition(":")
        holder = importlib.import_module(f"openrouter_nb.{module_name}")
        if class_name:
            holder = getattr(holder, class_name)
            assert getattr(openrouter_nb, class_name) is holder
        for name in names:
            if name == "_owns_client":  # an instance attribute, set in __init__
                assert f"self.{name} =" in MODULES[module_name].read_text(encoding="utf-8")
            else:
                assert hasattr(holder, name), f"{where} lost {name}: it is part of the seed contract"
                if not class_name:
                    assert getattr(openrouter_nb, name) is getattr(holder, name)


def test_architecture_md_lists_the_seed_contract_as_this_file_does():
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert "## The seed contract" in text
    section = text.split("## The seed contract", 1)[1].split("\n## ", 1)[0]
    listed = set(__import__("re").findall(r"`([A-Za-z_][A-Za-z0-9_]*)(?:\(\))?`", section))
    assert SEED_NAMES - {"__init__", "__aenter__", "__aexit__"} <= listed, sorted(SEED_NAMES - listed)
