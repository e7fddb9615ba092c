"""The student version: solutions and hidden tests cleared as nbgrader does, the rest kept,
the source untouched."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output
from tests.helpers.notebook_tools import one_notebook_course

from nst_tutorial.tools.student import (
    StudentVersionError, clear_hidden_tests, clear_solutions, main, write_student_version,
)

SOLUTION_META = {
    "tags": ["solution"],
    "jupyter": {"source_hidden": True},
    "cellView": "form",
    "nbgrader": {"solution": True, "grade": False, "locked": False,
                 "grade_id": "double", "schema_version": 3},
}

SOLUTION_SOURCE = """\
def my_double(x):
    \"\"\"Twice x.\"\"\"
    ### BEGIN SOLUTION
    y = x + x
    return y
    ### END SOLUTION

print(my_double(21))"""

# What the student must see: written out by hand, not produced by the code under test.
STUDENT_SOURCE = """\
def my_double(x):
    \"\"\"Twice x.\"\"\"
    # YOUR CODE HERE
    raise NotImplementedError()

print(my_double(21))"""

PLAIN_SOURCE = "import math\nvalue = math.sqrt(16)  # no markers here\n"


def course(tmp_path, cells=None):
    """A tiny course folder with one notebook; returns (folder, notebook path)."""
    if cells is None:
        plain = new_code_cell(PLAIN_SOURCE, execution_count=3,
                              outputs=[new_output("stream", name="stdout", text="hi\n")])
        cells = [
            new_markdown_cell("# A course\n\nSee [next](01_next.ipynb)."),
            plain,
            new_code_cell(SOLUTION_SOURCE, metadata=SOLUTION_META, execution_count=4,
                          outputs=[new_output("stream", name="stdout", text="42\n")]),
        ]
    path = one_notebook_course(tmp_path / "course", "00_course.ipynb", cells)
    return path.parent, path


def test_markers_replaced_by_stub_at_their_indentation():
    assert clear_solutions(SOLUTION_SOURCE) == STUDENT_SOURCE


def test_top_level_region_and_several_regions():
    source = "a = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\nif a:\n" \
             "        ### BEGIN SOLUTION\n        c = 3\n        ### END SOLUTION\n"
    assert clear_solutions(source) == (
        "a = 1\n# YOUR CODE HERE\nraise NotImplementedError()\nif a:\n"
        "        # YOUR CODE HERE\n        raise NotImplementedError()\n"
    )


def test_a_region_on_the_last_line_keeps_the_cell_without_a_final_newline():
    assert clear_solutions("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION") \
        == "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()"


def test_hidden_tests_go_markers_and_all():
    source = ("check(f)\n### BEGIN HIDDEN TESTS\ncheck(f, hidden=True)\n### END HIDDEN TESTS")
    assert clear_hidden_tests(source) == "check(f)"
    middle = "a\n### BEGIN HIDDEN TESTS\nb\n### END HIDDEN TESTS\nc\n"
    assert clear_hidden_tests(middle) == "a\nc\n"
    with pytest.raises(StudentVersionError, match="never closed"):
        clear_hidden_tests("### BEGIN HIDDEN TESTS\nb\n")


def test_code_without_markers_is_untouched():
    assert clear_solutions(PLAIN_SOURCE) == PLAIN_SOURCE


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN SOLUTION\nx = 1\n", "never closed"),
    ("x = 1\n### END SOLUTION\n", "without"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n", "inside the region"),
])
def test_unbalanced_markers_are_refused(source, problem):
    with pytest.raises(StudentVersionError, match=problem):
        clear_solutions(source, "nb.ipynb, cell 2")


def test_student_notebook_keeps_everything_but_solutions_and_outputs(tmp_path):
    src, path = course(tmp_path)
    original = path.read_bytes()
    written = write_student_version(src, tmp_path / "student")
    assert [p.name for p in written] == ["00_course.ipynb"]
    assert path.read_bytes() == original  # the course is never changed

    nb = nbformat.read(written[0], as_version=4)
    nbformat.validate(nb)
    markdown, plain, solution = nb.cells
    assert markdown.source == "# A course\n\nSee [next](01_next.ipynb)."
    assert plain.source == PLAIN_SOURCE
    assert solution.source == STUDENT_SOURCE
    assert solution.metadata == SOLUTION_META
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in (plain, solution):
        assert cell.outputs == [] and cell.execution_count is None


def test_student_code_runs_and_the_function_raises_not_implemented(tmp_path):
    src, _ = course(tmp_path)
    nb = nbformat.read(write_student_version(src, tmp_path / "student")[0], as_version=4)
    namespace: dict = {}
    exec(nb.cells[1].source, namespace)  # noqa: S102
    assert namespace["value"] == 4.0
    solution = nb.cells[2].source.replace("print(my_double(21))", "")
    exec(solution, namespace)  # the definition itself runs  # noqa: S102
    with pytest.raises(NotImplementedError):
        namespace["my_double"](21)
    # and the solution in the course really computes something
    full: dict = {}
    exec(SOLUTION_SOURCE.replace("print(my_double(21))", ""), full)  # noqa: S102
    assert full["my_double"](21) == 42


def test_refuses_to_write_over_the_course(tmp_path):
    src, path = course(tmp_path)
    original = path.read_bytes()
    with pytest.raises(StudentVersionError, match="overwrite the course"):
        write_student_version(src, src / ".")
    with pytest.raises(StudentVersionError, match="holds the source"):
        write_student_version(src, tmp_path)
    assert path.read_bytes() == original
    assert main([str(src), str(src)]) == 1
    assert path.read_bytes() == original


def test_a_bad_notebook_writes_nothing(tmp_path):
    src, _ = course(tmp_path, cells=[new_code_cell("### BEGIN SOLUTION\nx = 1\n")])
    dest = tmp_path / "student"
    with pytest.raises(StudentVersionError, match="00_course.ipynb, cell 0.*never closed"):
        write_student_version(src, dest)
    assert not dest.exists()


def test_links_and_images_resolve_from_the_destination(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cat.png").write_bytes(b"outside png")
    src, _ = course(tmp_path, cells=[new_markdown_cell(
        "# Title\n![diagram](images/idea.png) and ![cat](../data/cat.png \"a cat\")\n"
        '<img src="images/idea.png"> [web](https://example.org/x.png) [here](#setup)'
    )])
    (src / "images").mkdir()
    (src / "images" / "idea.png").write_bytes(b"inside png")
    dest = tmp_path / "build" / "student"  # one level deeper than the course
    nb = nbformat.read(write_student_version(src, dest)[0], as_version=4)
    text = nb.cells[0].source
    assert "![diagram](images/idea.png)" in text
    assert '![cat](../../data/cat.png "a cat")' in text
    assert "(https://example.org/x.png)" in text and "(#setup)" in text
    assert (dest / "images" / "idea.png").read_bytes() == b"inside png"
    assert (dest / "../../data/cat.png").resolve().read_bytes() == b"outside png"


def test_command_line(tmp_path, capsys):
    src, _ = course(tmp_path)
    assert main([str(src), str(tmp_path / "out")]) == 0
    assert "Wrote 1 student notebook" in capsys.readouterr().out
    assert (tmp_path / "out" / "00_course.ipynb").exists()
    assert main([str(tmp_path / "nothing-here"), str(tmp_path / "out2")]) == 1
