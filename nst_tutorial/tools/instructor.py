"""Write the instructor's release: the course with every solution and hidden test filled in.

The notebooks in ``notebooks/`` are the ones learners open. Each exercise there
is a function that ends in nbgrader's stub::

    # YOUR CODE HERE
    raise NotImplementedError()

in a solution cell (nbgrader metadata ``solution: true``, ``grade_id`` the
exercise's name), followed by a locked, graded cell that calls its check. The
solutions are not in the notebooks: they live in the package, each in its
exercise's module (``nst_tutorial/course/exercises/gram_matrix.py``...), and
show on request (``nst.exercises.solution("gram_matrix")``), so a learner in
JupyterLab or Colab meets every exercise before its answer. This tool writes
the instructor's version, the *source* notebooks nbgrader wants::

    python -m nst_tutorial.tools.instructor notebooks build/instructor

In each solution cell the stub becomes the solution, between ``### BEGIN
SOLUTION`` and ``### END SOLUTION``. Under the check call of each graded cell
goes its hidden test (the same check with ``hidden=True``, which runs further
inputs), between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``.
``nbgrader generate_assignment`` turns these notebooks back into exactly the
ones learners open; :mod:`nst_tutorial.tools.student` does the same without
nbgrader.

It needs ``nbformat`` (the ``instructor`` extra). Outputs are cleared, links
are made to work from the new folder, the course's files are never changed,
and nothing is written when a notebook is not as described (a solution cell
without its stub, or for an exercise the package does not know).
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path

from ..base.errors import InstructorVersionError
from ..course.exercises import EXERCISES
# The markers and the stub are nbgrader's (nbformat is imported there, with a clear error).
from .student import BEGIN, BEGIN_HIDDEN, END, END_HIDDEN, STUB, map_code_cells, write_notebooks

# The stub as the student version writes it, at any indentation.
_STUB = re.compile(rf"^([ \t]*){re.escape(STUB[0])}\n[ \t]*{re.escape(STUB[1])}[ \t]*$", re.M)


def solve(source: str, name: str, where: str = "cell") -> str:
    """The solution cell's ``source`` with its stub replaced by the solution of exercise ``name``.

    The solution takes the stub's indentation and sits between nbgrader's
    solution markers. Raises :class:`InstructorVersionError` unless the cell
    holds exactly one stub and ``name`` is an exercise of the course.
    """
    if name not in EXERCISES:
        raise InstructorVersionError(
            f"{where}: grade_id {name!r} is not an exercise of the course; the exercises are "
            f"{', '.join(EXERCISES)}.")
    stubs = list(_STUB.finditer(source))
    if len(stubs) != 1:
        raise InstructorVersionError(
            f"{where}: a solution cell must hold nbgrader's stub ('# YOUR CODE HERE' over "
            f"'raise NotImplementedError()') exactly once; it holds it {len(stubs)} times.")
    stub = stubs[0]
    indent = stub.group(1)
    body = textwrap.indent(EXERCISES[name].solution, indent).rstrip("\n")  # blank lines stay bare
    return (source[: stub.start()] + f"{indent}{BEGIN}\n{body}\n{indent}{END}"
            + source[stub.end():])


def add_hidden_tests(source: str, name: str, where: str = "cell") -> str:
    """The graded cell's ``source`` with the hidden test of exercise ``name`` under its check call."""
    exercise = EXERCISES.get(name)
    call = f"nst.exercises.check_{name}({exercise.function if exercise else 'my_' + name})"
    lines = source.splitlines()
    if exercise is None or lines.count(call) != 1:
        raise InstructorVersionError(f"{where}: a graded check cell must call `{call}` once, on a "
                                     "line of its own.")
    at = lines.index(call) + 1
    hidden = [BEGIN_HIDDEN, f"{call[:-1]}, hidden=True)", END_HIDDEN]
    return "\n".join(lines[:at] + hidden + lines[at:])


def instructor_notebook(nb, name: str = "notebook"):
    """A copy of ``nb`` with solutions and hidden tests filled in, outputs removed (``nb`` unchanged)."""

    def fill(cell, where: str) -> str:
        grader = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = grader.get("grade_id", "")
        if BEGIN in cell.source or BEGIN_HIDDEN in cell.source:
            raise InstructorVersionError(
                f"{where}: already holds solution or hidden-test markers; the source of the "
                "instructor's release is the learners' notebooks (notebooks/).")
        if grader.get("solution"):
            return solve(cell.source, grade_id, where)
        if grader.get("grade") and grade_id.startswith("check_"):
            return add_hidden_tests(cell.source, grade_id[len("check_"):], where)
        return cell.source

    return map_code_cells(nb, name, fill)


def write_instructor_version(src_dir, dest_dir) -> list[Path]:
    """Write the instructor's version of every ``*.ipynb`` in ``src_dir`` into ``dest_dir``.

    Returns the notebooks written; on any problem raises
    :class:`InstructorVersionError` and writes nothing.
    """
    return write_notebooks(src_dir, dest_dir, instructor_notebook, "build/instructor",
                           error=InstructorVersionError)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nst_tutorial.tools.instructor",
        description="Write the instructor's release of the course (nbgrader's source "
        "notebooks): every exercise's solution and hidden tests filled in, outputs cleared.",
    )
    parser.add_argument("src_dir", help="folder of the course's notebooks, e.g. notebooks")
    parser.add_argument("dest_dir", help="folder to write to, e.g. build/instructor or an "
                        "nbgrader course's source/<assignment>")
    args = parser.parse_args(argv)
    try:
        written = write_instructor_version(args.src_dir, args.dest_dir)
    except (InstructorVersionError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} instructor notebook(s) to {args.dest_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
