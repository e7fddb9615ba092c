"""Every notebook follows the course's structure: stripped, one title, setup, summary, exercises,
links that resolve, solution cells that nbgrader and the student version understand."""

from __future__ import annotations

import re
import urllib.parse

import nbformat
import pytest
from notebook_tools import (
    BEGIN, CHECK_CALL, COLAB_CELL, COURSE, END, NOTEBOOK_DIR, OPTIONAL, SOLUTION_TITLE, headings,
    is_relative, links, notebook_paths, read, section_cells, tags,
)

NOTEBOOKS = notebook_paths()
ORDER = COURSE + [name for name in OPTIONAL if (NOTEBOOK_DIR / name).exists()]

by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_the_whole_course_is_there():
    missing = [name for name in COURSE if not (NOTEBOOK_DIR / name).exists()]
    assert not missing, f"notebooks missing from {NOTEBOOK_DIR}: {missing}"
    unknown = [p.name for p in NOTEBOOKS if p.name not in COURSE + OPTIONAL]
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
def test_solution_cells_carry_nbgrader_metadata_and_markers(path):
    nb = read(path)
    grade_ids = []
    for i, cell in enumerate(nb.cells):
        if "solution" not in tags(cell):
            continue
        where = f"{path.name}, cell {i}"
        assert cell.cell_type == "code", f"{where}: a solution cell must be code"
        meta = cell.metadata
        assert meta.get("jupyter", {}).get("source_hidden") is True, f"{where}: source not hidden"
        assert meta.get("cellView") == "form", f"{where}: cellView should be 'form' (Colab)"
        grader = meta.get("nbgrader", {})
        expected = {"solution": True, "grade": False, "locked": False, "schema_version": 3}
        assert {k: grader.get(k) for k in expected} == expected, f"{where}: nbgrader {grader}"
        assert isinstance(grader.get("grade_id"), str) and grader["grade_id"], f"{where}: grade_id"
        grade_ids.append(grader["grade_id"])
        lines = cell.source.splitlines()
        assert lines[0] == SOLUTION_TITLE, f"{where}: the first line should be {SOLUTION_TITLE!r}"
        begins = [n for n, line in enumerate(lines) if BEGIN in line]
        ends = [n for n, line in enumerate(lines) if END in line]
        assert begins and len(begins) == len(ends), f"{where}: solution markers missing or unpaired"
        assert all(b < e for b, e in zip(begins, ends)), f"{where}: {END} before {BEGIN}"
        assert CHECK_CALL.search(lines[-1]), f"{where}: should end with an nst.exercises.check_* call"
    assert len(grade_ids) == len(set(grade_ids)), f"{path.name}: grade_ids repeat: {grade_ids}"


@by_name
def test_each_exercise_is_a_stub_with_a_check_followed_by_its_solution(path):
    nb = read(path)
    cells = code_cells(nb)
    for n, cell in enumerate(cells):
        if "exercise" not in tags(cell):
            continue
        where = f"{path.name}, exercise cell {n}"
        checks = CHECK_CALL.findall(cell.source)
        assert checks, f"{where}: should call an nst.exercises.check_* function"
        assert re.search(r"^def my_\w+\(", cell.source, re.M), f"{where}: should define my_<name>"
        assert "raise NotImplementedError" in cell.source, f"{where}: the body should be a stub"
        assert BEGIN not in cell.source, f"{where}: the learner's cell holds no solution"
        solution = cells[n + 1] if n + 1 < len(cells) else None
        assert solution is not None and "solution" in tags(solution), (
            f"{where}: the next code cell should be its solution")
        assert CHECK_CALL.findall(solution.source) == checks, (
            f"{where}: the solution should run the same check")
