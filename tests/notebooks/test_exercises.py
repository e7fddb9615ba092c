"""Every exercise of the course, run as learners meet it and as the instructor's release has it.

For each notebook, the code of its Setup section runs first (imports), then each
exercise on its own with stdout captured. As learners open it (``notebooks/``),
the solution cell holds nbgrader's stub, so its check must print one line, ✏️
("not attempted yet"), and never crash. In the instructor's release
(``nst_tutorial.tools.instructor``) the same two cells hold the solution and
the hidden tests: the check must print ✅ twice (visible and hidden tests) and
no other verdict. An exercise that needs names from earlier cells gets them by
running those cells first. Weights are random, images small.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io

import pytest
from tests.helpers.notebook_tools import exercise_cells, grader, notebook_paths, read, section_cells

from nst_tutorial.course.exercises import FAIL, PASS, TODO
from nst_tutorial.tools.instructor import instructor_notebook

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
    """``(notebook, code-cell index of its solution cell, name)`` of every exercise of the course."""
    return [pytest.param(path, n, grader(cell)["grade_id"],
                         id=f"{path.stem}-{grader(cell)['grade_id']}")
            for path in notebook_paths() for n, cell, _ in exercise_cells(read(path))]


_setups: dict = {}


pytestmark = pytest.mark.usefixtures("quick_random_offline")


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
            if id(cell) not in setup and not grader(cell):
                run(cell.source, namespace)
    return namespace


def verdicts(printed: str) -> list[str]:
    """The lines a check printed (other lines, such as the random-weights note, left out)."""
    return [line for line in printed.splitlines() if line.startswith((PASS, FAIL, TODO))]


@pytest.mark.parametrize("path, n, name", exercises())
def test_learners_stub_is_not_attempted_and_the_instructors_solution_passes(path, n, name):
    learners = [c for c in read(path).cells if c.cell_type == "code"]
    instructors = [c for c in instructor_notebook(read(path), path.name).cells
                   if c.cell_type == "code"]
    for cells, expected in ((learners, [TODO]), (instructors, [PASS, PASS])):
        solution, check = cells[n], cells[n + 1]
        namespace = namespace_for(path, n, solution.source + "\n" + check.source)
        printed = run(solution.source, namespace) + run(check.source, namespace)
        lines = verdicts(printed)
        assert [line[:len(mark)] for line, mark in zip(lines, expected)] == expected and len(
            lines) == len(expected), f"{path.name}, {name}: expected {expected}, printed:\n{printed}"
        assert all(name in line for line in lines)
