"""Every notebook follows the course's structure: stripped, one title, setup, summary, exercises,
links that resolve, solution cells that nbgrader and the student version understand."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from tests.helpers.notebook_tools import (
    APPENDICES, BEGIN, COLAB_CELL, COURSE, END, NOTEBOOK_DIR, OPTIONAL, STUB, exercise_cells,
    grader, headings, is_relative, links, notebook_paths, read, section_cells,
)

from nst_tutorial.course.exercises import EXERCISES

NOTEBOOKS = notebook_paths()
ORDER = COURSE + [name for name in OPTIONAL if (NOTEBOOK_DIR / name).exists()]

by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_the_whole_course_is_there():
    missing = [name for name in COURSE if not (NOTEBOOK_DIR / name).exists()]
    assert not missing, f"notebooks missing from {NOTEBOOK_DIR}: {missing}"
    unknown = [p.name for p in NOTEBOOKS if p.name not in COURSE + OPTIONAL + APPENDICES]
    assert not unknown, f"notebooks not in the course's order: {unknown}"


@by_name
def test_valid_and_committed_without_outputs(path):
    nb = read(path)
    nbformat.validate(nb)
    for i, cell in enumerate(code_cells(nb)):
        assert cell.outputs == [], f"{path.name}: code cell {i} has outputs; run nbstripout"
        assert cell.execution_count is None, f"{path.name}: code cell {i} has an execution count"
        assert "ExecuteTime" not in cell.metadata and "execution" not in cell.metadata, (
            f"{path.name}: code cell {i} keeps execution timings; run nbstripout")


@by_name
def test_one_title_in_the_first_cell_with_goals_prerequisites_and_time(path):
    nb = read(path)
    titles = [(i, h) for i, cell in enumerate(nb.cells) for h in headings(cell, 1)]
    assert len(titles) == 1, f"{path.name}: expected exactly one H1 title, found {titles}"
    assert titles[0][0] == 0 and nb.cells[0].cell_type == "markdown", (
        f"{path.name}: the H1 title must be in the first cell")
    first = nb.cells[0].source.lower()
    assert "prerequisite" in first and "time" in first, (
        f"{path.name}: the first cell should state prerequisites and time")


@by_name
def test_setup_summary_and_exercises_sections_in_order(path):
    nb = read(path)
    h2 = [h for cell in nb.cells for h in headings(cell, 2)]
    for title in ("Setup", "Summary", "Exercises"):
        assert title in h2, f"{path.name}: no '## {title}' section (sections: {h2})"
    assert h2[0] == "Setup", f"{path.name}: '## Setup' must be the first section, not {h2[0]!r}"
    assert h2.index("Summary") < h2.index("Exercises"), f"{path.name}: Summary comes before Exercises"
    exercises = "\n".join(c.source for c in section_cells(nb, "Exercises") if c.cell_type == "markdown")
    assert re.search(r"^\s*1\.\s", exercises, re.M), f"{path.name}: the exercises should be numbered"


@by_name
def test_setup_starts_with_the_colab_cell_and_imports_the_package(path):
    nb = read(path)
    setup_code = [c for c in section_cells(nb, "Setup") if c.cell_type == "code"]
    assert setup_code, f"{path.name}: the Setup section has no code"
    assert setup_code[0].source.strip() == COLAB_CELL, (
        f"{path.name}: the first code cell of Setup must be the course's Colab cell, exactly")
    assert code_cells(nb)[0] is setup_code[0], f"{path.name}: code runs before the Colab cell"
    assert any("import nst_tutorial as nst" in c.source for c in setup_code), (
        f"{path.name}: Setup should `import nst_tutorial as nst`")


@by_name
def test_setup_says_the_profile_and_imports_the_package_before_tensorflow(path):
    """The package imported first starts TensorFlow quietly; ``use_profile`` prints the profile."""
    nb = read(path)
    setup_code = "\n".join(c.source for c in section_cells(nb, "Setup") if c.cell_type == "code")
    assert "nst.use_profile(" in setup_code, f"{path.name}: Setup should call nst.use_profile()"
    lines = [line for c in nb.cells if c.cell_type == "code" for line in c.source.splitlines()]
    first = {name: next((i for i, line in enumerate(lines) if line.startswith(f"import {name}")),
                        len(lines)) for name in ("nst_tutorial", "tensorflow", "keras")}
    assert first["nst_tutorial"] < min(first["tensorflow"], first["keras"]), (
        f"{path.name}: import nst_tutorial before tensorflow and keras")


@by_name
def test_relative_links_and_images_resolve(path):
    nb = read(path)
    for i, cell in enumerate(nb.cells):
        for target, is_image in links(cell):
            if target.startswith("attachment:"):
                name = urllib.parse.unquote(target[len("attachment:"):])
                assert name in cell.get("attachments", {}), (
                    f"{path.name}, cell {i}: attachment {name!r} is not in the cell")
                continue
            if not is_relative(target):
                continue
            file = urllib.parse.unquote(target.split("#")[0])
            if file:
                kind = "image" if is_image else "link"
                assert (path.parent / file).exists(), (
                    f"{path.name}, cell {i}: {kind} target {target!r} does not exist")


@by_name
def test_last_cell_links_to_the_next_notebook(path):
    if path.name not in ORDER or path.name == ORDER[-1]:
        pytest.skip(f"{path.name} is the last notebook of the course")
    following = ORDER[ORDER.index(path.name) + 1]
    last = read(path).cells[-1]
    assert last.cell_type == "markdown", f"{path.name}: the last cell should be markdown"
    targets = [t for t, _ in links(last)]
    assert following in targets, (
        f"{path.name}: the last cell should link to the next notebook, {following}; "
        f"it links to {targets}")


@by_name
def test_each_exercise_is_a_stub_then_its_locked_graded_check(path):
    """nbgrader's form, as learners open it: a solution cell with nbgrader's stub and no
    solution, then a locked, graded cell that calls the exercise's check and nothing else."""
    nb = read(path)
    for n, cell, check in exercise_cells(nb):
        meta = grader(cell)
        name = meta.get("grade_id")
        where = f"{path.name}, exercise cell {n} ({name})"
        assert name in EXERCISES, f"{where}: grade_id should name an exercise of nst.exercises"
        exercise = EXERCISES[name]
        assert exercise.notebook == path.stem, f"{where}: the exercise belongs to {exercise.notebook}"
        assert meta == {"solution": True, "grade": False, "locked": False, "grade_id": name,
                        "schema_version": 3}, f"{where}: nbgrader {meta}"
        signature = re.sub(r"\s+", " ", exercise.params)
        assert re.sub(r"\s+", " ", cell.source).startswith(
            f"def {exercise.function}({signature}):"), f"{where}: should define {exercise.function}"
        assert cell.source.count(STUB) == 1 and cell.source.endswith(STUB), (
            f"{where}: the body should end in nbgrader's stub, once")
        assert BEGIN not in cell.source and END not in cell.source, (
            f"{where}: the notebook learners open holds no solution")
        assert check is not None, f"{where}: a check cell should follow"
        check_meta = grader(check)
        assert check_meta.get("points", 0) > 0 and check_meta == {
            "solution": False, "grade": True, "locked": True, "grade_id": f"check_{name}",
            "points": check_meta["points"], "schema_version": 3}, f"{where}: check {check_meta}"
        assert check.source == f"nst.exercises.check_{name}({exercise.function})", (
            f"{where}: the check cell should only call the check")
        text = "\n".join(c.source for c in nb.cells[:nb.cells.index(cell)]
                         if c.cell_type == "markdown")
        assert f'nst.exercises.solution("{name}")' in text.split("## ")[-1], (
            f"{where}: the text above should say how to see the solution, after trying")
    graded = [c for c in nb.cells if grader(c)]
    assert len(graded) == 2 * len(exercise_cells(nb)), f"{path.name}: nbgrader cells outside exercises"


def test_every_exercise_is_in_its_notebook_and_every_notebook_has_one():
    found = {}
    for path in NOTEBOOKS:
        for _, cell, _ in exercise_cells(read(path)):
            found.setdefault(grader(cell)["grade_id"], []).append(path.stem)
    assert found == {name: [e.notebook] for name, e in EXERCISES.items()}
    per_notebook = {Path(name).stem: 0 for name in COURSE[1:]}
    for stems in found.values():
        per_notebook[stems[0]] += 1
    assert all(n >= 1 for n in per_notebook.values()), per_notebook
    assert sum(per_notebook.values()) >= 12
