"""The import rules of ARCHITECTURE.md, checked on the source: layers point one way.

Each module's imports are read with ``ast`` (no import is executed), split into those at module
level and those inside functions (lazy). A rule that fails names the module and the import.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

pytestmark = pytest.mark.skip(reason="the layer rules move to folders in the commits after the file moves")

PACKAGE = Path(__file__).resolve().parent.parent / "openrouter_nb"

# the layers, bottom to top (ARCHITECTURE.md draws them)
CORE = {
    "errors",
    "_error_parsing",
    "retry",
    "limits",
    "_wire",
    "_sse",
    "_files",
    "_display",
    "_watchdog",
    "catalog",
    "_version",
    "platforms",
}
CLIENT = {
    "budget",
    "history",
    "persona",
    "_requester",
    "_reading",
    "chat",
    "streaming",
    "tools",
    "images",
    "video",
    "audio",
    "embeddings",
    "account",
    "media",
    "ledger",
    "cache",
    "batch",
    "client",
}
RESOURCES = {"chat", "streaming", "images", "video", "audio", "embeddings", "account"}
NOTEBOOK = {"frames", "widgets", "studio", "pipeline", "sync", "results", "arena", "arena_widget", "charts"}
NOTEBOOK |= {"copywriting", "variants", "posts"}
APPLICATION = {"connect", "__main__", "__init__"}
HEAVY = ("pandas", "numpy", "ipywidgets", "traitlets", "PIL", "IPython", "nest_asyncio", "tqdm")


def _modules() -> dict[str, Path]:
    """Module name (``chat``, ``frames``, ``emulator.core`` …) → file, for every module of the package."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str) -> tuple[set[str], set[str]]:
    """Absolute names this module imports: (at module level, inside functions)."""
    path = MODULES[name]
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    if name == "__init__":
        package = []
    top: set[str] = set()
    lazy: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def visit(node: ast.AST, inside: bool, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # annotations only: never imported at run time
            now_inside = inside or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = ["openrouter_nb", *package[: len(package) - child.level + 1]]
                    module = ".".join(base + ([child.module] if child.module else []))
                    targets = [module] if child.module else [f"{module}.{a.name}" for a in child.names]
                else:
                    targets = [child.module or ""]
            for target in targets:
                (lazy if now_inside else top).add(target)
            visit(child, now_inside, type_only)

    visit(tree, False, False)
    return top, lazy


def _ours(names: set[str]) -> set[str]:
    """Our own modules among the imports, as layer names (``openrouter_nb.chat`` → ``chat``)."""
    out = set()
    for full in names:
        if full.startswith("openrouter_nb."):
            rest = full.removeprefix("openrouter_nb.")
            out.add(rest if rest.startswith("emulator") else rest.split(".")[0])
    return out


def _heavy(names: set[str]) -> set[str]:
    return {n for n in names if n.split(".")[0] in HEAVY}


def test_every_module_is_in_a_layer():
    top_level = {name.split(".")[0] for name in MODULES if not name.startswith("emulator")}
    assert top_level - {"emulator"} <= CORE | CLIENT | NOTEBOOK | APPLICATION


@pytest.mark.parametrize("name", sorted(CORE), ids=str)
def test_core_imports_only_core(name):
    top, lazy = _imports(name)
    assert _ours(top | lazy) <= CORE, f"{name} reaches above the core"
    assert not _heavy(top), f"{name} imports heavy libraries at module level"


@pytest.mark.parametrize("name", sorted(CLIENT), ids=str)
def test_client_layer_never_imports_pandas_widgets_or_the_emulator(name):
    top, lazy = _imports(name)
    assert not _heavy(top), f"{name} imports {_heavy(top)} at module level"
    assert not {n for n in _heavy(lazy) if n.split(".")[0] in ("pandas", "numpy", "ipywidgets")}, name
    assert not any(m.startswith("emulator") for m in _ours(top | lazy)), f"{name} imports the emulator"
    assert _ours(top) <= CORE | CLIENT, f"{name} imports {_ours(top) - CORE - CLIENT} at module level"
    # the one bridge upwards: the client hands records to the frames layer, lazily, for DataFrames
    upward = _ours(lazy) - CORE - CLIENT
    assert upward <= ({"frames"} if name == "client" else set()), f"{name} imports {upward}"


@pytest.mark.parametrize("name", sorted(RESOURCES), ids=str)
def test_resources_speak_through_the_requester_not_httpx(name):
    top, lazy = _imports(name)
    assert not {n for n in top | lazy if n.split(".")[0] == "httpx"}, f"{name} imports httpx"


def test_widgets_and_studio_take_the_column_contract_from_frames():
    for name in ("widgets", "studio"):
        source = MODULES[name].read_text(encoding="utf-8")
        assert "frames" in _ours(_imports(name)[0]), name
        for column in ("text_output", "image_output", "video_output", "generated_image_usd", "prompt_usd_per_mtok"):
            assert f'"{column}"' not in source and f"'{column}'" not in source, f"{name} names {column}"


def test_frames_never_imports_widgets_or_the_client():
    for name in [m for m in MODULES if m.startswith("frames")]:
        top, lazy = _imports(name)
        ours = {m.split(".")[0] for m in _ours(top | lazy)}
        assert not ours & {"widgets", "studio", "client", "_requester", "emulator"}, name


def test_the_emulator_never_imports_the_client():
    for name in [m for m in MODULES if m.startswith("emulator")]:
        top, lazy = _imports(name)
        outside = {m for m in _ours(top | lazy) if not m.startswith("emulator")}
        assert outside == set(), f"{name} imports {outside} from outside the emulator"


def test_only_the_application_layer_reaches_the_emulator():
    for name in MODULES:
        if name.startswith("emulator") or name in APPLICATION:
            continue
        top, lazy = _imports(name)
        assert not any(m.startswith("emulator") for m in _ours(top | lazy)), name


def test_no_module_is_over_400_lines():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > 400}
    assert long == {}


# -- __all__ is true ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not any(p.startswith("_") for p in n.split("."))))
def test_all_lists_exactly_the_public_names_defined_here(name):
    module = importlib.import_module(f"openrouter_nb.{name}" if name != "__init__" else "openrouter_nb")
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    missing = [n for n in exported if not hasattr(module, n)]
    assert missing == [], f"{name}.__all__ names what it lacks: {missing}"
    defined = {
        n
        for n, obj in vars(module).items()
        if not n.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == module.__name__
    }
    assert defined <= set(exported), f"{name} defines public names missing from __all__: {defined - set(exported)}"
