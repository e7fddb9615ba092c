"""Write the student version of the course: solutions and hidden tests removed, the rest kept.

The notebooks in ``notebooks/`` already are the student version: they are what
learners open. This tool makes one from the instructor's release (see
:mod:`nst_tutorial.tools.instructor`), or from notebooks of your own with
nbgrader's markers, without nbgrader::

    python -m nst_tutorial.tools.student build/instructor build/student

It needs ``nbformat``, which comes with Jupyter and with the package's
``instructor`` extra (``pip install "nst-tutorial[instructor]"``); learners do
not need it.

It does what nbgrader's ``generate_assignment`` does to the code: the code
between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes nbgrader's stub,
``# YOUR CODE HERE`` over ``raise NotImplementedError()``, at the markers'
indentation, and the code between ``### BEGIN HIDDEN TESTS`` and ``### END
HIDDEN TESTS`` goes, markers and all. Outputs and execution counts are cleared;
cell tags and metadata are kept. The student notebooks still run top to bottom:
each exercise's check reports "not attempted yet" and later cells use the
package's own functions.

Links in the notebooks keep working from the new folder: files the notebooks
show or link to inside the source folder are copied beside them, and links
that point outside it (``../data/...``) are rewritten relative to the
destination. The source notebooks are never changed: the destination must be
a different folder, and each notebook is written to a temporary file and
renamed into place.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Callable

from .._plumbing.files import write_bytes_atomically
from ..base.errors import StudentVersionError, first_line

try:
    import nbformat
except ImportError:  # a learner's install: the tool is for instructors
    raise ImportError(
        "The student-version tool needs nbformat, which learners do not need. Install it with "
        "pip install \"nst-tutorial[instructor]\" (or pip install nbformat)."
    ) from None

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
#: nbgrader's stub for Python (its ClearSolutions.code_stub), one line per list item.
STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]

# Markdown links and images, ![alt](target "title") or [text](target), and HTML src/href.
_MD_LINK = re.compile(r"(!?\[[^\]]*\]\()(\s*<?)([^)\s>]+)(>?(?:\s+\"[^\"]*\")?\s*\))")
_HTML_LINK = re.compile(r"""((?:src|href)\s*=\s*["'])([^"']+)(["'])""", re.IGNORECASE)


def _clear_regions(source: str, begin: str, end: str, stub: list[str], where: str) -> str:
    """Replace each ``begin`` ... ``end`` region (marker lines included) by ``stub``'s lines.

    The stub's lines take the indentation of the ``begin`` line; lines outside
    the regions are kept exactly.
    """
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    begin_line = None
    for number, line in enumerate(lines, start=1):
        if begin in line:
            if begin_line is not None:
                raise StudentVersionError(
                    f"{where}, line {number}: '{begin}' inside the region opened on line "
                    f"{begin_line}; close it with '{end}' first."
                )
            begin_line = number
            indent = line[: len(line) - len(line.lstrip())]
            newline = "\n" if line.endswith("\n") else ""
            out.extend(f"{indent}{text}\n" for text in stub)
            if stub and not newline:
                out[-1] = out[-1][:-1]
        elif end in line:
            if begin_line is None:
                raise StudentVersionError(f"{where}, line {number}: '{end}' without a '{begin}'.")
            begin_line = None
            # Keep the line break the END marker line would have ended the region with.
            if not line.endswith("\n") and out and out[-1].endswith("\n"):
                out[-1] = out[-1][:-1]
        elif begin_line is None:
            out.append(line)
    if begin_line is not None:
        raise StudentVersionError(f"{where}, line {begin_line}: '{begin}' is never closed.")
    return "".join(out)


def clear_solutions(source: str, where: str = "cell") -> str:
    """Replace each ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region by nbgrader's stub.

    The stub (``# YOUR CODE HERE`` over ``raise NotImplementedError()``) takes
    the indentation of the ``BEGIN`` line. Lines outside the regions are kept
    exactly. ``where`` names the cell in error messages.
    """
    return _clear_regions(source, BEGIN, END, STUB, where)


def clear_hidden_tests(source: str, where: str = "cell") -> str:
    """Remove each ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` region, markers and all."""
    return _clear_regions(source, BEGIN_HIDDEN, END_HIDDEN, [], where)


def map_code_cells(nb: nbformat.NotebookNode, name: str,
                   rewrite: Callable[[nbformat.NotebookNode, str], str]) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose code cells have ``rewrite(cell, where)`` as source and no outputs.

    ``where`` names the cell in error messages (``"06_gradient_descent.ipynb, cell 12"``);
    ``nb`` itself is unchanged.
    """
    nb = nbformat.from_dict(nb)  # a deep copy
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.source = rewrite(cell, f"{name}, cell {index}")
            cell.outputs = []
            cell.execution_count = None
    return nb


def student_notebook(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """A copy of ``nb`` with solutions and hidden tests cleared, outputs removed (``nb`` unchanged)."""
    return map_code_cells(nb, name, lambda cell, where: clear_hidden_tests(
        clear_solutions(cell.source, where), where))


def _is_relative(target: str) -> bool:
    return not (
        target.startswith(("#", "/", "\\")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target)
    )


def _relink(text: str, src: Path, dest: Path, assets: set[Path]) -> str:
    """Rewrite relative links in markdown ``text`` so they resolve from ``dest``.

    Targets inside ``src`` keep their link and are added to ``assets`` (to copy);
    targets outside ``src`` get a new relative path from ``dest``.
    """

    def fix(target: str) -> str:
        if not _is_relative(target):
            return target
        path_part, sep, anchor = target.partition("#")
        if not path_part:
            return target
        resolved = Path(os.path.normpath(src / path_part))
        try:
            resolved.relative_to(src)
        except ValueError:  # outside the course folder: point at it from dest
            new = Path(os.path.relpath(resolved, dest)).as_posix()
            return new + sep + anchor
        if resolved.suffix != ".ipynb":
            assets.add(resolved)
        return target

    text = _MD_LINK.sub(lambda m: m.group(1) + m.group(2) + fix(m.group(3)) + m.group(4), text)
    return _HTML_LINK.sub(lambda m: m.group(1) + fix(m.group(2)) + m.group(3), text)


def write_notebooks(
    src_dir: str | os.PathLike, dest_dir: str | os.PathLike,
    transform: Callable[[nbformat.NotebookNode, str], nbformat.NotebookNode],
    example: str = "build/student", error: type[Exception] = StudentVersionError,
) -> list[Path]:
    """Write ``transform(notebook, name)`` of every ``*.ipynb`` in ``src_dir`` into ``dest_dir``.

    Markdown links are made to work from ``dest_dir`` and the files they show
    from inside ``src_dir`` are copied. Returns the notebooks written. Raises
    ``error`` (:class:`StudentVersionError`) when ``src_dir`` has no notebooks, when
    ``dest_dir`` is ``src_dir`` (or holds it; ``example`` names a good
    destination in the message), or when a notebook cannot be read; the
    ``transform``'s own errors pass through. In every case nothing is written.
    """
    src = Path(src_dir).resolve()
    dest = Path(dest_dir).resolve()
    if not src.is_dir():
        raise error(f"{src_dir}: no such folder.")
    if dest == src:
        raise error(
            f"{dest_dir}: the destination is the source folder; writing there would "
            f"overwrite the course. Choose another folder, such as {example}."
        )
    if src.is_relative_to(dest):
        raise error(f"{dest_dir}: the destination holds the source folder {src_dir}.")
    notebooks = sorted(p for p in src.glob("*.ipynb") if p.is_file())
    if not notebooks:
        raise error(f"{src_dir}: no notebooks (*.ipynb) in this folder.")

    # Build everything first, so a bad notebook stops the run before anything is written.
    built: list[tuple[Path, str]] = []
    assets: set[Path] = set()
    for path in notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except (ValueError, KeyError, TypeError, AttributeError) as e:  # not JSON, not a notebook
            raise error(f"{path}: not a readable notebook ({first_line(e)}).") from None
        out = transform(nb, path.name)
        for cell in out.cells:
            if cell.cell_type == "markdown":
                cell.source = _relink(cell.source, src, dest, assets)
        built.append((dest / path.name, nbformat.writes(out) + "\n"))

    dest.mkdir(parents=True, exist_ok=True)
    for asset in sorted(assets):
        if asset.is_file():
            write_bytes_atomically(dest / asset.relative_to(src), asset.read_bytes())
        elif asset.is_dir():
            for f in asset.rglob("*"):
                if f.is_file():
                    write_bytes_atomically(dest / f.relative_to(src), f.read_bytes())
    for target, text in built:
        write_bytes_atomically(target, text.encode("utf-8"))
    return [target for target, _ in built]


def write_student_version(src_dir: str | os.PathLike, dest_dir: str | os.PathLike) -> list[Path]:
    """Write the student version of every ``*.ipynb`` in ``src_dir`` into ``dest_dir``.

    Returns the notebooks written. Raises :class:`StudentVersionError` when
    ``src_dir`` has no notebooks, when ``dest_dir`` is ``src_dir`` (or holds
    it), or when a notebook's markers are unbalanced; in that case nothing is
    written.
    """
    return write_notebooks(src_dir, dest_dir, student_notebook)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nst_tutorial.tools.student",
        description="Write the student version of notebooks with nbgrader's markers: "
        "solutions replaced by nbgrader's stub, hidden tests removed, outputs cleared.",
    )
    parser.add_argument("src_dir", help="folder of notebooks with solutions, e.g. build/instructor")
    parser.add_argument("dest_dir", help="folder to write the student notebooks to, e.g. build/student")
    args = parser.parse_args(argv)
    try:
        written = write_student_version(args.src_dir, args.dest_dir)
    except (StudentVersionError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} student notebook(s) to {args.dest_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
