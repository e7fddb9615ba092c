"""The instructor's release: solutions and hidden tests filled in, and back again.

The notebooks learners open hold no solution; the instructor's tool puts each
exercise's solution between nbgrader's markers and a hidden test under each
check. The student tool (what nbgrader's generate_assignment does to the code)
must then give back exactly the notebooks learners open.
"""

from __future__ import annotations

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

STUB_CELL = '''def my_gram_matrix(input_tensor):
    """Gram matrices."""
    # YOUR CODE HERE
    raise NotImplementedError()'''

# What the instructor's cell must be, written out by hand (not by the code under test).
SOLVED_CELL = '''def my_gram_matrix(input_tensor):
    """Gram matrices."""
    ### BEGIN SOLUTION
    result = tf.linalg.einsum("bijc,bijd->bcd", input_tensor, input_tensor)
    input_shape = tf.shape(input_tensor)
    num_locations = tf.cast(input_shape[1] * input_shape[2], tf.float32)
    return result / num_locations
    ### END SOLUTION'''

CHECK_CELL = "nst.exercises.check_gram_matrix(my_gram_matrix)"
HIDDEN_CELL = """nst.exercises.check_gram_matrix(my_gram_matrix)
### BEGIN HIDDEN TESTS
nst.exercises.check_gram_matrix(my_gram_matrix, hidden=True)
### END HIDDEN TESTS"""


def test_solve_and_hidden_tests_on_one_exercise():
    assert solve(STUB_CELL, "gram_matrix") == SOLVED_CELL
    assert add_hidden_tests(CHECK_CELL, "gram_matrix") == HIDDEN_CELL


@pytest.mark.parametrize("source, name, problem", [
    (STUB_CELL, "gram", "not an exercise"),
    (STUB_CELL.replace("# YOUR CODE HERE\n", ""), "gram_matrix", "exactly once"),
    (STUB_CELL + "\n" + STUB_CELL, "gram_matrix", "2 times"),
])
def test_solve_refuses_cells_it_cannot_fill(source, name, problem):
    with pytest.raises(InstructorVersionError, match=problem):
        solve(source, name, "nb.ipynb, cell 3")


def test_hidden_tests_need_the_check_call_on_its_own_line():
    with pytest.raises(InstructorVersionError, match="must call"):
        add_hidden_tests("x = nst.exercises.check_gram_matrix(my_gram_matrix)", "gram_matrix")


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
        assert "hidden=True" in by_id[check.get("id")].source
    assert student_notebook(release, path.name) == nb, f"{path.name}: the round trip changed it"


def tiny_course(tmp_path, cells):
    return one_notebook_course(tmp_path / "course", "04_gram.ipynb", cells).parent


def exercise_pair():
    solution = new_code_cell(STUB_CELL, metadata={"nbgrader": {
        "solution": True, "grade": False, "locked": False, "grade_id": "gram_matrix",
        "schema_version": 3}})
    check = new_code_cell(CHECK_CELL, metadata={"nbgrader": {
        "solution": False, "grade": True, "locked": True, "points": 1,
        "grade_id": "check_gram_matrix", "schema_version": 3}})
    return [new_markdown_cell("# Gram\n![idea](images/idea.png)"), solution, check]


def test_writes_the_release_and_never_touches_the_course(tmp_path, capsys):
    src = tiny_course(tmp_path, exercise_pair())
    (src / "images").mkdir()
    (src / "images" / "idea.png").write_bytes(b"png")
    original = (src / "04_gram.ipynb").read_bytes()
    assert main([str(src), str(tmp_path / "instructor")]) == 0
    assert "Wrote 1 instructor notebook" in capsys.readouterr().out
    assert (src / "04_gram.ipynb").read_bytes() == original
    out = nbformat.read(tmp_path / "instructor" / "04_gram.ipynb", as_version=4)
    nbformat.validate(out)
    assert [c.source for c in out.cells[1:]] == [SOLVED_CELL, HIDDEN_CELL]
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
