"""The course through a real nbgrader: release, three submissions, autograde, export.

nbgrader (in the test extra) runs on notebook 01, which has two exercises, in
quick mode with random weights, as an instructor would:

- ``generate_assignment`` on the instructor's release gives back, cell for
  cell, the notebook learners open;
- ``autograde`` gives the instructor's solutions full marks, the release
  handed in untouched 0, a submission with one exercise left unsolved the
  other exercise's points, and a submission that solves nothing but replaces
  the package's checks (and ``judge``) with no-ops in a solution cell, then
  hands each exercise to the library function that is its answer, 0: the
  hidden tests carry their own inputs and grading code;
- ``export`` writes those scores to a CSV file;
- nothing errors: the solved submission has no error anywhere, the others only
  in the graded check cells of the exercises they left, and no command fails.

The Chinese notebook 01 (``notebooks/zh/``) goes through the same release and
autograde, solved and untouched: the grades are the same, and a check that
fails says so in Chinese.

One notebook, because each autograded submission starts a kernel and runs the
whole notebook: 48 s in all for notebook 01 on a shared 2-core machine.
``NST_NBGRADER_ALL=1`` takes the whole course (notebooks 01 to 08, twelve
exercises) through the same round trip instead: 6 min 40 s there.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from tests.helpers.processes import child_env
from tests.helpers.notebook_tools import NOTEBOOK_DIR, exercise_cells, grader

pytest.importorskip("nbgrader", reason="nbgrader is in the test extra")

from nst_tutorial.tools.instructor import instructor_notebook, solve  # noqa: E402

NOTEBOOKS = ([p.name for p in sorted(NOTEBOOK_DIR.glob("0[1-8]_*.ipynb"))]
             if os.environ.get("NST_NBGRADER_ALL") == "1" else ["01_images_as_tensors.ipynb"])
ASSIGNMENT = "nst"


def nbgrader(course: Path, *args: str) -> str:
    # This checkout's package in the kernels, nbgrader's own tools (alembic) found on PATH,
    # and no user-wide Jupyter or nbgrader configuration.
    env = child_env(JUPYTER_CONFIG_DIR=str(course / ".jupyter"),
                    JUPYTER_DATA_DIR=str(course / ".jupyter-data"))
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=900)
    log = done.stdout + done.stderr
    assert done.returncode == 0 and "| ERROR]" not in log, f"nbgrader {' '.join(args)}:\n{log}"
    return log


def solution_ids(nb) -> list[str]:
    return [grader(cell)["grade_id"] for _, cell, _ in exercise_cells(nb)]


def submission(release, solved: set[str]):
    nb = nbformat.from_dict(release)
    for _, cell, _ in exercise_cells(nb):
        if grader(cell)["grade_id"] in solved:
            cell.source = solve(cell.source, grader(cell)["grade_id"])
    return nb


#: What a student determined to game the checks puts in the first solution cell.
VOIDING = """
import nst_tutorial as _nst
for _name in dir(_nst.exercises):
    if _name.startswith("check_"):
        setattr(_nst.exercises, _name, lambda fn, *args, **kwargs: None)
_nst.exercises.judge = lambda *args, **kwargs: True
_nst.course.exercises.checking.judge = _nst.exercises.judge
"""

#: ... and then each exercise it can hand to the library function that is its answer.
DELEGATING = {
    "grayscale": "return tf.image.rgb_to_grayscale(image)",
    "resize_to_max_dim": "return nst.resize_to_max_dim(image, max_dim)",
    "vgg_layers": "return nst.vgg_layers(layer_names, nst.load_vgg19())",
    "paper_style_loss": "return tf.reduce_sum((nst.gram_matrix(features) - "
                        "nst.gram_matrix(style_features)) ** 2) / (4 * features.shape[-1] ** 2)",
    "style_content_loss": "return nst.style_content_loss(outputs, style_targets, "
                          "content_targets, style_weight, content_weight)",
    "sobel_x": "return tf.image.sobel_edges(image)[:, 1:-1, 1:-1, :, 1]",
    "with_colors_of": "return nst.color.with_colors_of(result, content)",
}


def voiding(release):
    """The release with the checks voided in its first solution cell, and the library's answers."""
    nb = nbformat.from_dict(release)
    for n, (_, cell, _) in enumerate(exercise_cells(nb)):
        line = DELEGATING.get(grader(cell)["grade_id"])
        if line:
            cell.source = cell.source.replace("raise NotImplementedError()", line)
        if n == 0:
            cell.source += "\n" + VOIDING
    return nb


def errors(nb) -> list[str]:
    """The grade_id (or cell number) of every cell with an error output."""
    return [grader(c).get("grade_id", f"cell {i}")
            for i, c in enumerate(nb.cells) if c.cell_type == "code"
            and any(o.output_type == "error" for o in c.get("outputs", []))]


def round_trip(course: Path, folder: Path, plans: dict):
    """Release the notebooks of ``folder`` and autograde one submission per plan in ``course``."""
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {ASSIGNMENT!r}\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(course / 'gradebook.db')!r}\n"
        "c.Execute.timeout = 600\n")
    learners = {name: nbformat.read(folder / name, as_version=4) for name in NOTEBOOKS}
    for name, nb in learners.items():
        source = course / "source" / ASSIGNMENT / name
        source.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(instructor_notebook(nb, name), source)
    nbgrader(course, "generate_assignment", ASSIGNMENT)
    release = {name: nbformat.read(course / "release" / ASSIGNMENT / name, as_version=4)
               for name in NOTEBOOKS}

    exercises = {name: solution_ids(nb) for name, nb in release.items()}
    left = (NOTEBOOKS[-1], exercises[NOTEBOOKS[-1]][-1])
    for student, plan in plans.items():
        for name, nb in release.items():
            path = course / "submitted" / student / ASSIGNMENT / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if plan is None:
                nbformat.write(voiding(nb), path)
                continue
            solved = {ex for ex in exercises[name] if plan(name, ex, left)}
            nbformat.write(submission(nb, solved), path)
    nbgrader(course, "autograde", ASSIGNMENT)
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with open(course / "grades.csv", newline="") as f:
        scores = {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                  for row in csv.DictReader(f)}
    autograded = {s: {name: nbformat.read(course / "autograded" / s / ASSIGNMENT / name, 4)
                      for name in NOTEBOOKS} for s in plans}
    return learners, release, exercises, left, scores, autograded


#: Every exercise solved; none; all but the last exercise of the last notebook; the checks voided.
PLANS = {"solved": lambda name, ex, left: True, "untouched": lambda name, ex, left: False,
         "partial": lambda name, ex, left: (name, ex) != left, "voiding": None}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return round_trip(tmp_path_factory.mktemp("nbgrader-course"), NOTEBOOK_DIR, PLANS)


@pytest.fixture(scope="module")
def graded_in_chinese(tmp_path_factory):
    """The Chinese notebooks, solved and untouched (the same code; the rest is checked above)."""
    plans = {k: PLANS[k] for k in ("solved", "untouched")}
    return round_trip(tmp_path_factory.mktemp("nbgrader-zh"), NOTEBOOK_DIR / "zh", plans)


def test_nbgrader_release_is_the_notebook_learners_open(graded):
    learners, release, exercises, _, _, _ = graded
    assert sum(len(e) for e in exercises.values()) >= 2
    for name in NOTEBOOKS:
        assert [(c.cell_type, c.source) for c in release[name].cells] == [
            (c.cell_type, c.source) for c in learners[name].cells], name


def test_solutions_get_full_marks_untouched_gets_zero_one_left_gets_partial(graded):
    learners, _, _, left, scores, _ = graded
    points = {(name, meta["grade_id"]): meta["points"] for name, nb in learners.items()
              for meta in map(grader, nb.cells) if meta.get("grade")}
    total = sum(points.values())
    assert total > 0 and scores["solved"] == (total, total)
    assert scores["untouched"] == (0, total)
    assert scores["partial"] == (total - points[(left[0], f"check_{left[1]}")], total)
    assert 0 < scores["partial"][0] < total


def test_voiding_the_checks_and_delegating_scores_zero(graded):
    learners, _, exercises, _, scores, autograded = graded
    total = scores["solved"][1]
    assert scores["voiding"] == (0, total)
    for name in NOTEBOOKS:  # the voided check passes; the hidden test under it does not
        failed = [o for c in autograded["voiding"][name].cells for o in c.get("outputs", [])
                  if o.output_type == "error"]
        assert len(failed) == len(exercises[name]), name
        assert all("(hidden tests)" in o.evalue for o in failed), [o.evalue for o in failed]


def test_nothing_errors_but_the_checks_of_unsolved_exercises(graded):
    _, _, exercises, left, _, autograded = graded
    for name in NOTEBOOKS:
        assert errors(autograded["solved"][name]) == [], name
        assert errors(autograded["untouched"][name]) == [f"check_{e}" for e in exercises[name]]
        assert errors(autograded["partial"][name]) == (
            [f"check_{left[1]}"] if name == left[0] else []), name
        for cell in autograded["untouched"][name].cells:  # the failure is the check's own line
            for out in cell.get("outputs", []):
                if out.output_type == "error":
                    assert out.ename == "ExerciseNotPassed" and "not attempted yet" in out.evalue


def test_the_chinese_course_is_released_and_graded_like_the_english_one(graded_in_chinese):
    from nst_tutorial.base.zh import ZH

    learners, release, exercises, _, scores, autograded = graded_in_chinese
    not_yet = ZH["not attempted yet. Write {function} in the cell above, run it, then run "
                 "this cell again."].split("{")[0].strip()
    for name in NOTEBOOKS:
        assert [(c.cell_type, c.source) for c in release[name].cells] == [
            (c.cell_type, c.source) for c in learners[name].cells], name
        assert errors(autograded["solved"][name]) == [], name
        assert errors(autograded["untouched"][name]) == [f"check_{e}" for e in exercises[name]]
        for cell in autograded["untouched"][name].cells:  # the check's own line, in Chinese
            for out in cell.get("outputs", []):
                if out.output_type == "error":
                    assert out.ename == "ExerciseNotPassed" and not_yet in out.evalue, out.evalue
    total = scores["solved"][1]
    assert total > 0 and scores["solved"] == (total, total) and scores["untouched"] == (0, total)
