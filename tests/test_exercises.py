"""Every exercise of the course, run against its check: the solutions pass, the stubs are stubs.

For each notebook, the code of its Setup section runs first (imports), then each
solution cell runs on its own with stdout captured: its check must print ✅ and
nothing else. The learner's cell (tagged ``exercise``) and the student version of
the solution (markers cleared by ``nst_tutorial.tools.student``) must print ✏️ ("not
attempted yet") and never crash. A solution that needs names from earlier cells
gets them by running those cells first. Weights are random, images small.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import re

import pytest
from notebook_tools import CHECK_CALL, notebook_paths, read, section_cells, tags

from nst_tutorial import configure
from nst_tutorial.course.exercises import FAIL, PASS, TODO
from nst_tutorial.tools.student import clear_solutions

PRELUDE = "import keras\nimport numpy as np\nimport tensorflow as tf\nimport nst_tutorial as nst\n"


def python_source(source: str) -> str:
    """A cell's code without IPython magics and shell escapes (``%...``, ``!...``)."""
    return "\n".join(
        "pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def free_names(source: str) -> set[str]:
    """Names a cell reads without defining them anywhere in the cell (nor builtins)."""
    tree = ast.parse(source)
    loaded, defined = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else defined).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((a.asname or a.name).split(".")[0] for a in node.names)
    return loaded - defined - set(dir(builtins))


def run(source: str, namespace: dict) -> str:
    """Execute ``source`` in ``namespace`` and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(python_source(source), "<cell>", "exec"), namespace)  # noqa: S102
    return out.getvalue()


def exercises():
    """``(notebook, code-cell index)`` of every exercise and solution cell of the course."""
    found = []
    for path in notebook_paths():
        for n, cell in enumerate(c for c in read(path).cells if c.cell_type == "code"):
            kind = next((t for t in ("solution", "exercise") if t in tags(cell)), None)
            if kind:
                found.append(pytest.param(path, n, kind, id=f"{path.stem}-{kind}-{n}"))
    return found


_setups: dict = {}


@pytest.fixture(autouse=True)
def quick_random_offline(random_weights):
    configure(quick=True, offline=True)


def namespace_for(path, n: int, source: str) -> dict:
    """A fresh namespace holding the notebook's Setup code and what ``source`` needs of it."""
    nb = read(path)
    if path not in _setups:
        namespace: dict = {"__name__": "__main__"}
        run(PRELUDE, namespace)
        for cell in section_cells(nb, "Setup"):
            if cell.cell_type == "code":
                run(cell.source, namespace)
        _setups[path] = namespace
    namespace = dict(_setups[path])
    if free_names(python_source(source)) - namespace.keys():
        # The cell uses earlier results: run the notebook's code up to it, exercises aside.
        setup = {id(c) for c in section_cells(nb, "Setup")}
        code = [c for c in nb.cells if c.cell_type == "code"]
        for cell in code[:n]:
            if id(cell) not in setup and not {"exercise", "solution"} & set(tags(cell)):
                run(cell.source, namespace)
    return namespace


def marks(printed: str) -> dict[str, int]:
    return {mark: printed.count(mark) for mark in (PASS, FAIL, TODO)}


@pytest.mark.parametrize("path, n, kind", exercises())
def test_solution_passes_and_stub_says_not_attempted(path, n, kind):
    cell = [c for c in read(path).cells if c.cell_type == "code"][n]
    assert CHECK_CALL.search(cell.source), f"{path.name}: {kind} cell {n} calls no check"
    if kind == "solution":
        printed = run(cell.source, namespace_for(path, n, cell.source))
        assert marks(printed)[PASS] >= 1 and not marks(printed)[FAIL] and not marks(printed)[TODO], (
            f"{path.name}: the solution should pass its check; it printed:\n{printed}")
        student = clear_solutions(cell.source)
        assert "NotImplementedError" in student and not re.search(r"### (BEGIN|END) SOLUTION", student)
    else:
        student = cell.source
    printed = run(student, namespace_for(path, n, student))
    assert marks(printed)[TODO] >= 1 and not marks(printed)[FAIL] and not marks(printed)[PASS], (
        f"{path.name}: the student's version of {kind} cell {n} should print {TODO} "
        f"(not attempted); it printed:\n{printed}")
