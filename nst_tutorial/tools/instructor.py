"""Write the instructor's release: the course with every solution and hidden test filled in.

The notebooks in ``notebooks/`` are the ones learners open. Each exercise there
is a function that ends in nbgrader's stub::

    # YOUR CODE HERE
    raise NotImplementedError()

in a solution cell (nbgrader metadata ``solution: true``, ``grade_id`` the
exercise's name), followed by a locked, graded cell that calls its check. The
solutions are not in the notebooks: they live in the package, each in its
exercise's module (``nst_tutorial/course/exercises/gram_matrix.py``...), and
show on request (``nst.exercises.solution("sobel_x")``), so a learner in
JupyterLab or Colab meets every exercise before its answer. This tool writes
the instructor's version, the *source* notebooks nbgrader wants::

    python -m nst_tutorial.tools.instructor notebooks build/instructor

In each solution cell the stub becomes the solution, between ``### BEGIN
SOLUTION`` and ``### END SOLUTION``. Under the check call of each graded cell
goes its hidden test, between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN
TESTS``: inputs drawn from the instructor's seed (``--seed``, random by
default) and their right answers, written into the cell as literals, graded
by a fresh copy of :mod:`nst_tutorial.course.exercises.grading` loaded from
its file. Nothing in it goes through ``nst.exercises``, so a student's cell
that replaces the package's checks does not change the grade, and the inputs
are in no file a learner has: nbgrader removes the hidden tests from the
release.
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
import secrets
import sys
import textwrap
import zlib
from pathlib import Path

import numpy as np

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


def literal(value, want: bool = False) -> str:
    """Python source that rebuilds ``value`` in a graded cell (``_np``, ``_tf`` imported there).

    Arrays become ``_tf.constant`` of float32 values written to round-trip exactly (a
    right answer, ``want``: a NumPy array of float64 to nine digits); numbers, strings,
    lists, tuples and dicts are written as such.
    """
    if hasattr(value, "numpy") and not isinstance(value, (int, float)):
        value = value.numpy()
    if isinstance(value, np.ndarray) and value.ndim > 0:
        if want:
            numbers = ", ".join(f"{v:.9g}" for v in value.astype(np.float64).ravel())
            return f"_np.reshape([{numbers}], {list(value.shape)})"
        numbers = ", ".join(str(v) for v in value.astype(np.float32).ravel())
        return f"_tf.constant(_np.reshape([{numbers}], {list(value.shape)}), _tf.float32)"
    if isinstance(value, (np.ndarray, np.generic)):
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return repr(value)
    if isinstance(value, float):
        return f"{value:.9g}" if want else repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v, want)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        items = [literal(v, want) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v, want) for v in value) + "]"
    raise InstructorVersionError(f"cannot write {type(value).__name__} into a graded cell")


#: How a graded cell loads its own copy of the grading code, whatever a student's cell did to
#: the package's objects in the kernel.
LOAD_GRADING = """\
# Hidden tests: inputs drawn with the instructor's seed {seed}, and their answers, written here
# (nbgrader removes them from the students' copy). A fresh copy of the grading code runs them:
# nothing a student's cell replaces in nst changes this cell's grade.
import importlib, importlib.util, pathlib, numpy as _np, tensorflow as _tf, keras as _keras
_spec = importlib.util.spec_from_file_location("_nst_grading", pathlib.Path(
    importlib.util.find_spec("nst_tutorial").origin).parent / "course/exercises/grading.py")
_grading = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_grading)"""


def hidden_test_source(name: str, seed: int) -> list[str]:
    """The lines of exercise ``name``'s hidden test, its inputs drawn from ``seed``."""
    exercise = EXERCISES[name]
    rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
    cases = list(exercise.cases(rng))
    lines = LOAD_GRADING.format(seed=seed).splitlines()
    for source in (exercise.hidden_call, exercise.hidden_want):
        if source:
            lines += source.rstrip("\n").splitlines()
    if exercise.hidden_want:
        lines.append("_cases = [(args, _want(*args)) for args in [")
        lines += [f"    {literal(case.args)}," for case in cases]
    else:
        lines.append("_cases = [")
        lines += [f"    ({literal(case.args)}, {literal(case.want, want=True)})," for case in cases]
    lines.append("]]" if exercise.hidden_want else "]")
    options = [f"answers={list(exercise.answers)!r}", f"rtol={exercise.rtol!r}",
               f"atol={exercise.atol!r}"]
    if exercise.hidden_call:
        options.insert(0, "call=_call")
    lines.append(f"_grading.hidden_test({name!r}, {exercise.function}, _cases, "
                 f"{', '.join(options)})")
    return lines


def add_hidden_tests(source: str, name: str, where: str = "cell", seed: int = 0) -> str:
    """The graded cell's ``source`` with the hidden test of exercise ``name`` under its check
    call, its inputs drawn from ``seed``."""
    exercise = EXERCISES.get(name)
    call = f"nst.exercises.check_{name}({exercise.function if exercise else 'my_' + name})"
    lines = source.splitlines()
    if exercise is None or lines.count(call) != 1:
        raise InstructorVersionError(f"{where}: a graded check cell must call `{call}` once, on a "
                                     "line of its own.")
    at = lines.index(call) + 1
    hidden = [BEGIN_HIDDEN, *hidden_test_source(name, seed), END_HIDDEN]
    return "\n".join(lines[:at] + hidden + lines[at:])


def new_seed() -> int:
    """A seed for the hidden tests' inputs that nobody can guess."""
    return secrets.randbelow(10**6)


def instructor_notebook(nb, name: str = "notebook", seed: int | None = None):
    """A copy of ``nb`` with solutions and hidden tests filled in, outputs removed (``nb`` unchanged).

    The hidden tests' inputs are drawn from ``seed`` (default: a new random one).
    """
    seed = new_seed() if seed is None else seed

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
            return add_hidden_tests(cell.source, grade_id[len("check_"):], where, seed)
        return cell.source

    return map_code_cells(nb, name, fill)


def write_instructor_version(src_dir, dest_dir, seed: int | None = None) -> list[Path]:
    """Write the instructor's version of every ``*.ipynb`` in ``src_dir`` into ``dest_dir``.

    The hidden tests' inputs are drawn from ``seed`` (default: a new random one, the same for
    every notebook). Returns the notebooks written; on any problem raises
    :class:`InstructorVersionError` and writes nothing.
    """
    seed = new_seed() if seed is None else seed
    return write_notebooks(src_dir, dest_dir,
                           lambda nb, name: instructor_notebook(nb, name, seed),
                           "build/instructor", error=InstructorVersionError)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nst_tutorial.tools.instructor",
        description="Write the instructor's release of the course (nbgrader's source "
        "notebooks): every exercise's solution and hidden tests filled in, outputs cleared.",
    )
    parser.add_argument("src_dir", help="folder of the course's notebooks, e.g. notebooks")
    parser.add_argument("dest_dir", help="folder to write to, e.g. build/instructor or an "
                        "nbgrader course's source/<assignment>")
    parser.add_argument("--seed", type=int, default=None,
                        help="draw the hidden tests' inputs from this seed (default: a random "
                        "one, so that no one knows them in advance)")
    args = parser.parse_args(argv)
    try:
        written = write_instructor_version(args.src_dir, args.dest_dir, args.seed)
    except (InstructorVersionError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} instructor notebook(s) to {args.dest_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
