"""Reading the course's notebooks for the tests: cells, headings, links, sections."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]  # tests/helpers/ is two below the repository
NOTEBOOK_DIR = ROOT / "notebooks"

#: The course in order (the notebook table of README.md; the tutorial's settings that notebooks
#: 01 to 07 follow are in docs/tutorial-settings.md). All must exist;
#: the playground at the end is optional.
COURSE = [
    "00_welcome.ipynb",
    "01_images_as_tensors.ipynb",
    "02_classifying_with_vgg19.ipynb",
    "03_inside_the_network.ipynb",
    "04_gram_matrices.ipynb",
    "05_style_and_content.ipynb",
    "06_gradient_descent.ipynb",
    "07_total_variation.ipynb",
    "08_going_further.ipynb",
    "09_what_is_style.ipynb",
]
OPTIONAL = ["10_playground.ipynb"]
#: Notebooks beside the course, linked from it but not in its order (no exercises, no "next").
APPENDICES = ["appendix_running_the_course.ipynb"]

COLAB_CELL = """\
# Colab only: install the course's package, keeping Colab's own TensorFlow. Elsewhere this does nothing.
import importlib.util, subprocess, sys
if "google.colab" in sys.modules and importlib.util.find_spec("nst_tutorial") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                    "nst-tutorial @ git+https://github.com/nst-tutorial/nst-tutorial"], check=True)"""

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
#: nbgrader's stub for Python, at a function body's indentation.
STUB = "    # YOUR CODE HERE\n    raise NotImplementedError()"

_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_TARGET = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_TARGET = re.compile(r"""<(img|a)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)


def one_notebook_course(folder: Path, name: str, cells) -> Path:
    """Make ``folder``, a course of one notebook ``name`` made of ``cells``; return its path."""
    folder.mkdir()
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nbformat.write(nb, folder / name)
    return folder / name


def notebook_paths() -> list[Path]:
    """Every notebook in notebooks/: the course (``NN_name.ipynb``) in order, then the appendices."""
    return (sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
            + sorted(NOTEBOOK_DIR.glob("appendix_*.ipynb")))


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def grader(cell) -> dict:
    """A cell's nbgrader metadata ({} for none)."""
    return dict(cell.get("metadata", {}).get("nbgrader", {}))


def exercise_cells(nb) -> list[tuple[int, object, object]]:
    """``(code-cell index, solution cell, check cell)`` of every exercise of a notebook."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    return [(n, cell, code[n + 1] if n + 1 < len(code) else None)
            for n, cell in enumerate(code) if grader(cell).get("solution")]


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def prose_lines(source: str) -> list[str]:
    """Markdown lines outside fenced code blocks."""
    lines, fenced = [], False
    for line in source.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def headings(cell, level: int) -> list[str]:
    """The text of the ``level`` headings of a markdown cell (``#`` x level), outside code."""
    if cell.cell_type != "markdown":
        return []
    mark = "#" * level + " "
    return [line[len(mark):].strip() for line in prose_lines(cell.source) if line.startswith(mark)]


def section_cells(nb, title: str) -> list:
    """The cells of the ``## title`` section: from its heading up to the next H1/H2 heading."""
    cells, inside = [], False
    for cell in nb.cells:
        h2 = headings(cell, 2) + headings(cell, 1)
        if inside and h2 and title not in h2:
            break
        if title in headings(cell, 2):
            inside = True
        if inside:
            cells.append(cell)
    return cells


def links(cell) -> list[tuple[str, bool]]:
    """``(target, is_image)`` of every markdown link and image of a cell, outside code."""
    if cell.cell_type != "markdown":
        return []
    text = "\n".join(prose_lines(cell.source))
    text = re.sub(r"`[^`]*`", "", text)  # inline code is not a link
    found = [(m.group(2), m.group(1) == "!") for m in _MD_TARGET.finditer(text)]
    found += [(m.group(2), m.group(1).lower() == "img") for m in _HTML_TARGET.finditer(text)]
    return found


def is_relative(target: str) -> bool:
    return not (target.startswith(("#", "/")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target))
