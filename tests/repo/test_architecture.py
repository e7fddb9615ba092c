"""The package's layout: imports point down the layers, at module top, with no cycles.

Every module of ``nst_tutorial`` is parsed with :mod:`ast` (nothing is
imported), and its imports of other package modules are checked:

* no import cycle, however long;
* no import that points up the layers
  (``base < _plumbing < tutorial < further < runs < course < tools``, with the package's
  ``__init__`` and ``__main__`` on top);
* no package import inside a function (those hid the cycles that used to be
  there; imports inside functions are for optional or heavy third-party
  packages only);
* no private name (``_name``) taken from another module.

The checker itself is tested on small made-up packages, so it is known to fail
when it should.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "nst_tutorial"

#: The folders of the package, bottom layer first.
LAYERS = ["base", "_plumbing", "tutorial", "further", "runs", "course", "tools"]


@dataclasses.dataclass
class Import:
    target: str           # the package module imported, e.g. "nst_tutorial.base.errors"
    names: list[str]      # names taken from it (empty for a whole module)
    line: int
    in_function: bool


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def package_imports(name: str, source: str, known: set[str], is_package: bool) -> list[Import]:
    """The imports of package modules in ``source`` (the module ``name``)."""
    tree = ast.parse(source)
    here = name if is_package else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                       ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                        found.append(Import(alias.name, [], child.lineno, inside))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = here.split(".")[: len(here.split(".")) - (child.level - 1)]
                    origin = ".".join(base + ([child.module] if child.module else []))
                else:
                    origin = child.module or ""
                if not (origin == PACKAGE or origin.startswith(PACKAGE + ".")):
                    continue
                names = []
                for alias in child.names:
                    sub = f"{origin}.{alias.name}"
                    if sub in known:  # "from . import data": the module nst_tutorial...data
                        found.append(Import(sub, [], child.lineno, inside))
                    else:
                        names.append(alias.name)
                if names:
                    found.append(Import(origin, names, child.lineno, inside))
            visit(child, inside)

    visit(tree, False)
    return found


def read_package(root: Path) -> dict[str, list[Import]]:
    """``{module name: its package imports}`` for every module under ``root/nst_tutorial``."""
    paths = sorted(p for p in (root / PACKAGE).rglob("*.py") if "__pycache__" not in p.parts)
    names = {module_name(p, root): p for p in paths}
    return {name: package_imports(name, path.read_text(encoding="utf-8"), set(names),
                                  path.name == "__init__.py")
            for name, path in names.items()}


def layer(module: str) -> int:
    """The layer of a module: the index of its folder in LAYERS, or the top for the rest."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return len(LAYERS)  # nst_tutorial/__init__.py and __main__.py sit on top


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle ``[a, b, ..., a]`` in ``graph``, or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = walk(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = walk(node)
            if cycle:
                return cycle
    return None


def problems(modules: dict[str, list[Import]]) -> list[str]:
    """Everything wrong with the imports of ``modules``, one line each (empty: all good)."""
    out = []
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, imports in modules.items():
        for imp in imports:
            target = imp.target
            if target == name:
                continue
            # Importing a module runs its packages' __init__ too, but those only hold
            # docstrings here; the edge that matters is to the module itself.
            graph[name].add(target)
            if imp.in_function:
                out.append(f"{name}, line {imp.line}: imports {target} inside a function; "
                           "import package modules at the top of the module")
            if layer(target) > layer(name):
                out.append(f"{name}, line {imp.line}: imports {target}, which is in a higher "
                           f"layer ({LAYERS[layer(target)] if layer(target) < len(LAYERS) else 'top'}"
                           f" above {LAYERS[layer(name)]})")
            private = [n for n in imp.names if n.startswith("_") and not n.startswith("__")]
            if private:
                out.append(f"{name}, line {imp.line}: takes the private name(s) "
                           f"{', '.join(private)} from {target}")
    cycle = find_cycle({k: {t for t in v if t in modules} for k, v in graph.items()})
    if cycle:
        out.append("import cycle: " + " -> ".join(cycle))
    return out


# -- the package ------------------------------------------------------------------------

MODULES = read_package(ROOT)


def test_the_package_has_the_layers_of_the_course():
    folders = {name.split(".")[1] for name in MODULES if name.count(".") >= 1}
    assert set(LAYERS) <= folders
    flat = [name for name in MODULES if name.count(".") == 1 and name.split(".")[1] not in LAYERS]
    assert sorted(flat) == ["nst_tutorial.__main__"], "modules belong in one of the folders"


def test_imports_point_down_at_module_top_without_cycles_or_private_names():
    assert problems(MODULES) == []


def test_subpackage_inits_import_nothing():
    """The folders' __init__ files hold a docstring only, so importing one module loads no other."""
    for folder in LAYERS:
        assert MODULES[f"{PACKAGE}.{folder}"] == [], folder


def test_no_private_attribute_of_another_package_module_is_used():
    """``module._name`` where ``module`` is a package module imported by name."""
    bad = []
    for path in (ROOT / PACKAGE).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                modules |= {a.asname or a.name for a in node.names}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in modules and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}")
    assert bad == []


#: The layers that hold the computation: settings are passed to them, never read there.
SETTINGS_FREE = ("tutorial", "further")


def settings_readers(package: dict[str, list[Import]]) -> list[str]:
    """The modules of :data:`SETTINGS_FREE` layers that import ``base.settings``."""
    return sorted(name for name, imports in package.items()
                  if name.split(".")[1:2] and name.split(".")[1] in SETTINGS_FREE
                  and any(i.target == f"{PACKAGE}.base.settings" for i in imports))


def test_the_computation_does_not_read_the_settings():
    """tutorial/ and further/ take what they need as arguments (the edges read the settings)."""
    assert settings_readers(read_package(ROOT)) == []


def test_checker_finds_a_settings_reader():
    found = settings_readers(made_up(**{
        "further.fast": "from ..base.settings import settings\n",
        "course.pace": "from ..base.settings import settings\n",
        "base.settings": "settings = None\n",
    }))
    assert found == [f"{PACKAGE}.further.fast"]


# -- the checker fails when it should -----------------------------------------------------

def made_up(**sources: str) -> dict[str, list[Import]]:
    """A package from ``{"tutorial.images": "source", ...}`` (names under nst_tutorial)."""
    names = {f"{PACKAGE}.{k}" for k in sources} | {f"{PACKAGE}.{f}" for f in LAYERS}
    return {f"{PACKAGE}.{k}": package_imports(f"{PACKAGE}.{k}", v, names, False)
            for k, v in sources.items()}


def test_checker_finds_a_cycle():
    found = problems(made_up(**{
        "tutorial.images": "from .download_like import fetch\n",
        "tutorial.download_like": "from .images import load\n",
    }))
    assert found and "import cycle" in found[-1]
    assert "tutorial.images" in found[-1] and "tutorial.download_like" in found[-1]


def test_checker_finds_a_long_cycle_through_several_modules():
    found = problems(made_up(**{
        "tutorial.a": "from . import b\n", "tutorial.b": "from .c import x\n",
        "tutorial.c": "import nst_tutorial.tutorial.a\n",
    }))
    assert found == ["import cycle: nst_tutorial.tutorial.a -> nst_tutorial.tutorial.b -> "
                     "nst_tutorial.tutorial.c -> nst_tutorial.tutorial.a"]


def test_checker_finds_an_import_up_the_layers():
    found = problems(made_up(**{
        "base.settings": "from ..tutorial.features import WEIGHT_FILES\n",
        "tutorial.features": "WEIGHT_FILES = {}\n",
    }))
    assert len(found) == 1 and "higher layer" in found[0] and "base.settings, line 1" in found[0]


def test_checker_finds_a_package_import_inside_a_function():
    found = problems(made_up(**{
        "tutorial.images": "def load():\n    from ..base.errors import ImageError\n",
        "base.errors": "class ImageError(Exception): pass\n",
    }))
    assert len(found) == 1 and "inside a function" in found[0] and "line 2" in found[0]


def test_checker_allows_third_party_imports_inside_functions():
    assert problems(made_up(**{
        "further.lbfgs": "def run():\n    from scipy.optimize import minimize\n",
    })) == []


def test_checker_finds_a_private_name_from_another_module():
    found = problems(made_up(**{
        "_plumbing.download": "from ..tutorial.images import _open_pil\n",
        "tutorial.images": "def _open_pil(): pass\n",
    }))
    assert any("private name(s) _open_pil" in p for p in found)
    assert any("higher layer" in p for p in found)


def test_checker_passes_a_well_layered_package():
    assert problems(made_up(**{
        "base.errors": "class E(Exception): pass\n",
        "tutorial.images": "from ..base.errors import E\nfrom . import losses\n",
        "tutorial.losses": "import math\n",
        "tools.cli": "from ..tutorial.images import E\n",
    })) == []


# -- the tree in docs/architecture.md -------------------------------------------------------

def documented_tree() -> dict[str, list[str]]:
    """``{folder: [module file names]}`` from "The package tree" in docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## The package tree", 1)[1].split("\n## ", 1)[0]
    tree = section.split("```", 2)[1]
    folders: dict[str, list[str]] = {}
    open_folders: list[tuple[int, str]] = []  # (indent, name) of the folders the line is in
    for line in tree.splitlines():
        match = re.match(r"^( *)(\S+)", line)
        if not match or match.group(2) == f"{PACKAGE}/":
            continue
        indent, entry = len(match.group(1)), match.group(2)
        if not entry.endswith(("/", ".py")):
            continue  # a description's second line
        while open_folders and open_folders[-1][0] >= indent:
            open_folders.pop()
        if entry.endswith("/"):
            open_folders.append((indent, entry.rstrip("/")))
        folder = "/".join(name for _, name in open_folders)
        folders.setdefault(folder, [])
        if entry.endswith(".py"):
            folders[folder].append(entry)
    return folders


def test_documented_tree_matches_the_package():
    tree = documented_tree()
    real: dict[str, list[str]] = {}
    for path in (ROOT / PACKAGE).rglob("*.py"):
        if "__pycache__" in path.parts or path.name == "__init__.py" and path.parent.name != PACKAGE:
            continue
        folder = path.parent.relative_to(ROOT / PACKAGE).as_posix()
        real.setdefault("" if folder == "." else folder, []).append(path.name)
    assert {k: sorted(v) for k, v in tree.items()} == {k: sorted(v) for k, v in real.items()}


@pytest.mark.parametrize("folder", LAYERS)
def test_every_folder_is_described_in_the_docs(folder):
    assert folder in documented_tree()
