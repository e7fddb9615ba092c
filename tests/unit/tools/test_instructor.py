"""The instructor's release: solutions and hidden tests filled in, and back again.

The notebooks learners open hold no solution; the instructor's tool puts each
exercise's solution between nbgrader's markers and a hidden test under each
check. The student tool (what nbgrader's generate_assignment does to the code)
must then give back exactly the notebooks learners open.
"""

from __future__ import annotations

import contextlib
import io

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from tests.helpers.notebook_tools import (
    BEGIN, NOTEBOOK_DIR, exercise_cells, grader, notebook_paths, one_notebook_course, read)

from nst_tutorial.base.errors import InstructorVersionError
from nst_tutorial.course.exercises import EXERCISES
from nst_tutorial.tools.instructor import (
    add_hidden_tests, instructor_notebook, main, solve, write_instructor_version,
)
from nst_tutorial.tools.student import student_notebook

STUB_CELL = '''def my_paper_style_loss(features, style_features):
    """The paper's layer loss."""
    # YOUR CODE HERE
    raise NotImplementedError()'''

# What the instructor's cell must be, written out by hand (not by the code under test).
SOLVED_CELL = '''def my_paper_style_loss(features, style_features):
    """The paper's layer loss."""
    ### BEGIN SOLUTION
    n, m = features.shape[-1], features.shape[1] * features.shape[2]  # channels, positions
    f = tf.reshape(features, [m, n])
    a = tf.reshape(style_features, [m, n])
    g = tf.matmul(f, f, transpose_a=True)  # [N, N], a sum over the M positions
    target = tf.matmul(a, a, transpose_a=True)
    return tf.reduce_sum((g - target) ** 2) / (4.0 * n**2 * m**2)
    ### END SOLUTION'''

CHECK_CELL = "nst.exercises.check_paper_style_loss(my_paper_style_loss)"


def hidden_lines(cell: str) -> list[str]:
    lines = cell.splitlines()
    return lines[lines.index("### BEGIN HIDDEN TESTS") + 1:lines.index("### END HIDDEN TESTS")]


def test_solve_and_hidden_tests_on_one_exercise():
    assert solve(STUB_CELL, "paper_style_loss") == SOLVED_CELL
    cell = add_hidden_tests(CHECK_CELL, "paper_style_loss", seed=11)
    assert cell.splitlines()[:2] == [CHECK_CELL, "### BEGIN HIDDEN TESTS"]
    assert cell.endswith("### END HIDDEN TESTS")
    hidden = "\n".join(hidden_lines(cell))
    # Graded by its own copy of the grading code, on inputs written into the cell.
    assert "nst.exercises" not in hidden and "seed 11" in hidden
    assert 'spec_from_file_location("_nst_grading"' in hidden and "_tf.constant(_np.reshape([" in hidden
    assert hidden.splitlines()[-1].startswith(
        "_grading.hidden_test('paper_style_loss', my_paper_style_loss, _cases, answers=[")
    # The same seed gives the same inputs; another seed others.
    assert add_hidden_tests(CHECK_CELL, "paper_style_loss", seed=11) == cell
    assert add_hidden_tests(CHECK_CELL, "paper_style_loss", seed=12) != cell


def run_cell(source: str, namespace: dict) -> tuple[str, BaseException | None]:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(source, namespace)  # noqa: S102
    except AssertionError as e:
        return out.getvalue(), e
    return out.getvalue(), None


@pytest.mark.usefixtures("quick_random_offline")
def test_the_hidden_test_grades_alone_whatever_a_student_replaced(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    import nst_tutorial as nst
    import tensorflow as tf

    hidden = "\n".join(hidden_lines(add_hidden_tests(CHECK_CELL, "paper_style_loss", seed=3)))
    solved: dict = {"tf": tf, "nst": nst}
    exec(EXERCISES["paper_style_loss"].source(), solved)  # noqa: S102
    printed, error = run_cell(hidden, solved)
    assert error is None and printed.startswith("✅ paper_style_loss (hidden tests)"), printed
    # A student who voids the package's checks and delegates: the hidden test still fails.
    monkeypatch.setattr(nst.exercises, "check_paper_style_loss", lambda fn: None)
    monkeypatch.setattr(nst.exercises, "judge", lambda *a, **k: True)
    voiding = {"nst": nst, "my_paper_style_loss": lambda f, a: tf.reduce_sum(
        (nst.gram_matrix(f) - nst.gram_matrix(a)) ** 2) / (4 * f.shape[-1] ** 2)}
    printed, error = run_cell(hidden, voiding)
    assert error is not None and "nst.gram_matrix" in printed, printed
    unsolved = {"my_paper_style_loss": lambda f, a: 0.0}
    printed, error = run_cell(hidden, unsolved)
    assert error is not None and printed.startswith("❌ paper_style_loss (hidden tests): wrong")


@pytest.mark.parametrize("source, name, problem", [
    (STUB_CELL, "gram", "not an exercise"),
    (STUB_CELL.replace("# YOUR CODE HERE\n", ""), "paper_style_loss", "exactly once"),
    (STUB_CELL + "\n" + STUB_CELL, "paper_style_loss", "2 times"),
])
def test_solve_refuses_cells_it_cannot_fill(source, name, problem):
    with pytest.raises(InstructorVersionError, match=problem):
        solve(source, name, "nb.ipynb, cell 3")


def test_hidden_tests_need_the_check_call_on_its_own_line():
    with pytest.raises(InstructorVersionError, match="must call"):
        add_hidden_tests("x = " + CHECK_CELL, "paper_style_loss")


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_release_and_back_is_the_course(path):
    nb = read(path)
    release = instructor_notebook(nb, path.name)
    by_id = {c.get("id"): c for c in release.cells}
    for _, cell, check in exercise_cells(nb):
        name = grader(cell)["grade_id"]
        solved = by_id[cell.get("id")].source
        assert BEGIN in solved and "NotImplementedError" not in solved
        body = EXERCISES[name].solution.splitlines()[0].strip()
        assert body in solved, f"{path.name}, {name}: the solution is not in the release"
        assert "_grading.hidden_test(" in by_id[check.get("id")].source
    assert student_notebook(release, path.name) == nb, f"{path.name}: the round trip changed it"


def tiny_course(tmp_path, cells):
    return one_notebook_course(tmp_path / "course", "04_gram.ipynb", cells).parent


def exercise_pair():
    solution = new_code_cell(STUB_CELL, metadata={"nbgrader": {
        "solution": True, "grade": False, "locked": False, "grade_id": "paper_style_loss",
        "schema_version": 3}})
    check = new_code_cell(CHECK_CELL, metadata={"nbgrader": {
        "solution": False, "grade": True, "locked": True, "points": 1,
        "grade_id": "check_paper_style_loss", "schema_version": 3}})
    return [new_markdown_cell("# Gram\n![idea](images/idea.png)"), solution, check]


def test_writes_the_release_and_never_touches_the_course(tmp_path, capsys):
    src = tiny_course(tmp_path, exercise_pair())
    (src / "images").mkdir()
    (src / "images" / "idea.png").write_bytes(b"png")
    original = (src / "04_gram.ipynb").read_bytes()
    assert main([str(src), str(tmp_path / "instructor"), "--seed", "5"]) == 0
    assert "Wrote 1 instructor notebook" in capsys.readouterr().out
    assert (src / "04_gram.ipynb").read_bytes() == original
    out = nbformat.read(tmp_path / "instructor" / "04_gram.ipynb", as_version=4)
    nbformat.validate(out)
    assert [c.source for c in out.cells[1:]] == [
        SOLVED_CELL, add_hidden_tests(CHECK_CELL, "paper_style_loss", seed=5)]
    assert out.cells[1].metadata == exercise_pair()[1].metadata  # nbgrader metadata kept
    assert (tmp_path / "instructor" / "images" / "idea.png").read_bytes() == b"png"


def test_refuses_a_release_as_its_source_and_the_course_as_its_destination(tmp_path):
    cells = exercise_pair()
    cells[1].source = SOLVED_CELL
    src = tiny_course(tmp_path, cells)
    with pytest.raises(InstructorVersionError, match="already holds"):
        write_instructor_version(src, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with pytest.raises(InstructorVersionError, match="overwrite the course"):
        write_instructor_version(src, src)
    assert main([str(tmp_path / "nowhere"), str(tmp_path / "out")]) == 1


def test_the_course_notebooks_make_a_release(tmp_path):
    written = write_instructor_version(NOTEBOOK_DIR, tmp_path / "instructor")
    assert sorted(p.name for p in written) == sorted(p.name for p in notebook_paths())
