"""The Chinese course: ``notebooks/zh/``, made from ``notebooks/`` and a translation catalogue.

The English notebooks are the source. ``translations/zh/`` holds one file per
notebook (``translations/zh/01_images_as_tensors.md``) with an entry for every
markdown cell, and for each code cell whose comments are translated::

    <!-- cell 7 · en 3f9a0c2b1d4e -->
    <!-- en -->
    The English cell, as it was when it was translated.
    <!-- zh -->
    同一个单元格的中文。
    <!-- end -->

An entry is keyed by the cell's id and the first 12 hex digits of the SHA-256
of the English source it translates. When the English cell changes, the hash no
longer matches and the entry is *stale*::

    python -m nst_tutorial.tools.translations --check     # what is missing or stale; exit 1 if any
    python -m nst_tutorial.tools.translations --build     # write notebooks/zh/ from the catalogue
    python -m nst_tutorial.tools.translations --add       # entries for new cells, marked todo
    python -m nst_tutorial.tools.translations --add --comments  # and for code cells with comments
    python -m nst_tutorial.tools.translations --accept 03_inside_the_network:12

``--check`` also lists the package's messages that lack their Chinese
(:mod:`.messages`). It shows, for a stale entry, how the English changed since the
translation. Update the Chinese text, then ``--accept NOTEBOOK:CELL`` (or
``--accept NOTEBOOK`` for all its stale entries) records the current English
in the entry, and ``--build`` writes the notebooks. An entry marked
``· todo`` (from ``--add``) counts as missing until the mark is removed.

The build copies every code cell from the English notebook, so a code change
reaches the Chinese course by rebuilding. A code cell's translation changes
comments only: ``--check`` compares its code with the comments left out, and
the build uses the English cell while an entry is stale or its code differs.
The setup cell (the one with ``import nst_tutorial as nst``) gains one line
after its imports, ``nst.configure(lang="zh")``, so the package speaks Chinese too. Diagrams drawn
with Chinese labels (``notebooks/figures/zh/``, by ``make_figures.py --lang zh``)
replace the attachments of the same name.

Paths are relative to the repository root (the current folder), or given with
``--english``, ``--catalogue`` and ``--out``. It needs ``nbformat``.
"""

from __future__ import annotations

import argparse
import base64
import copy
import difflib
import hashlib
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

from .._plumbing.files import write_bytes_atomically
from . import messages

try:
    import nbformat
except ImportError:  # a learner's install: the tool is for maintainers
    raise ImportError(
        "The translations tool needs nbformat. Install it with "
        "pip install \"nst-tutorial[instructor]\" (or pip install nbformat)."
    ) from None

LANG = "zh"
SETUP_IMPORT = "import nst_tutorial as nst"
SETUP_LINE = f'nst.configure(lang="{LANG}")  # 包里的说明、提示和图表标题都用中文'

_HEADER = re.compile(r"^<!-- cell (?P<id>\S+) · en (?P<hash>[0-9a-f]{12})(?P<todo> · todo)? -->$")
_EN, _ZH, _END = "<!-- en -->", "<!-- zh -->", "<!-- end -->"


@dataclass
class Entry:
    """One cell's translation: the English it was made from, and the Chinese."""

    cell: str
    en_hash: str
    english: str
    chinese: str
    todo: bool = False

    def text(self) -> str:
        mark = " · todo" if self.todo else ""
        return (f"<!-- cell {self.cell} · en {self.en_hash}{mark} -->\n"
                f"{_EN}\n{self.english}\n{_ZH}\n{self.chinese}\n{_END}\n")


def source_hash(source: str) -> str:
    """The catalogue's key for an English cell: 12 hex digits of its SHA-256."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def read_catalogue(path: Path) -> dict[str, Entry]:
    """The entries of one catalogue file, by cell id. Errors name the file and line."""
    entries: dict[str, Entry] = {}
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        m = _HEADER.match(lines[i])
        if not m:
            if lines[i].startswith("<!-- cell"):
                raise ValueError(f"{path}:{i + 1}: not an entry header: {lines[i]!r}")
            i += 1
            continue
        start = i + 1
        try:
            end = lines.index(_END, i)
            en = lines.index(_EN, i, end)
            zh = lines.index(_ZH, en, end)
        except ValueError:
            end = None
        if end is None or any(_HEADER.match(line) for line in lines[start:end]):
            raise ValueError(
                f"{path}:{start}: the entry for cell {m['id']} needs {_EN}, {_ZH} and {_END} "
                "lines, in that order, before the next entry")
        if en != start:
            raise ValueError(f"{path}:{start + 1}: expected {_EN} after the entry's header")
        if m["id"] in entries:
            raise ValueError(f"{path}:{start}: a second entry for cell {m['id']}")
        entries[m["id"]] = Entry(m["id"], m["hash"], "\n".join(lines[en + 1:zh]),
                                 "\n".join(lines[zh + 1:end]), bool(m["todo"]))
        i = end + 1
    return entries


def write_catalogue(path: Path, notebook: str, entries: list[Entry]) -> None:
    head = (f"# {notebook}: 中文翻译\n\n"
            "The translation catalogue of this notebook, read by "
            "`python -m nst_tutorial.tools.translations`\n(its docstring says how to update it). "
            "Terms follow `docs/zh-glossary.md`.\n\n")
    write_bytes_atomically(path, (head + "\n".join(e.text() for e in entries)).encode("utf-8"))


def _tokens(source: str) -> list[tokenize.TokenInfo] | None:
    """The tokens of Python code, or None if it won't tokenize."""
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None


def code_without_comments(source: str) -> list[tuple[int, str]] | str:
    """The tokens of Python code, comments and blank lines left out (the text if it won't tokenize)."""
    tokens = _tokens(source)
    if tokens is None:
        return source
    return [(t.type, t.string) for t in tokens if t.type not in (tokenize.COMMENT, tokenize.NL)]


def _needs_entry(cell) -> bool:
    return cell.cell_type == "markdown" and bool(cell.source.strip())


def _has_comments(cell) -> bool:
    """A code cell with comments in words, which a translation may put in Chinese."""
    if cell.cell_type != "code":
        return False
    return any(t.type == tokenize.COMMENT and re.search("[A-Za-z]{2}", t.string)
               and t.string.strip() != "# YOUR CODE HERE"  # nbgrader's stub
               for t in _tokens(cell.source) or [])


@dataclass
class Paths:
    english: Path = Path("notebooks")
    catalogue: Path = Path("translations") / LANG
    out: Path = Path("notebooks") / LANG
    figures: Path = Path("notebooks") / "figures" / LANG

    def notebooks(self) -> list[Path]:
        return sorted(p for p in self.english.glob("*.ipynb") if p.is_file())

    def catalogue_of(self, notebook: Path) -> Path:
        return self.catalogue / f"{notebook.stem}.md"


def translate(nb, entries: dict[str, Entry], figures: Path | None = None):
    """The Chinese notebook: ``nb`` with each cell's translation where it is current."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        entry = entries.get(cell.get("id"))
        if entry is not None and not entry.todo:
            if cell.cell_type == "markdown":
                cell.source = entry.chinese  # a stale translation beats none; --check says so
            elif (entry.en_hash == source_hash(cell.source)
                  and code_without_comments(entry.chinese) == code_without_comments(cell.source)):
                cell.source = entry.chinese
        if cell.cell_type == "code":
            lines = cell.source.split("\n")
            if any(line.split("#")[0].strip() == SETUP_IMPORT for line in lines):
                # After the cell's imports, before the first line that speaks.
                at = max(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
                cell.source = "\n".join(lines[:at + 1] + [SETUP_LINE] + lines[at + 1:])
        for name in list(cell.get("attachments", {})):
            drawn = figures / name if figures else None
            if drawn is not None and drawn.is_file():
                mime = next(iter(cell.attachments[name]))
                cell.attachments[name] = {mime: base64.b64encode(drawn.read_bytes()).decode("ascii")}
    return out


def _built(paths: Paths, notebook: Path, entries: dict[str, Entry]):
    nb = nbformat.read(notebook, as_version=4)
    zh = translate(nb, entries, paths.figures)
    zh.metadata["nst_tutorial"] = {
        "generated": f"from ../{notebook.name} and translations/{LANG}/{notebook.stem}.md by "
                     "python -m nst_tutorial.tools.translations --build; edit those, not this",
    }
    return nb, zh


def problems(paths: Paths, verbose: bool = True) -> list[str]:
    """Every missing, stale or orphaned translation, and every Chinese notebook not rebuilt."""
    found: list[str] = []
    notebooks = paths.notebooks()
    if not notebooks:
        return [f"{paths.english}: no notebooks"]
    for notebook in notebooks:
        where = notebook.name
        cat = paths.catalogue_of(notebook)
        try:
            entries = read_catalogue(cat) if cat.is_file() else {}
        except ValueError as e:
            found.append(f"{where}: {e}")
            continue
        if not cat.is_file():
            found.append(f"{where}: no catalogue ({cat}); start one with --add")
        nb, zh = _built(paths, notebook, entries)
        ids = set()
        for index, cell in enumerate(nb.cells, start=1):
            cid = cell.get("id")
            ids.add(cid)
            label = f"{where} cell {cid} ({cell.cell_type}, #{index}: {_first_words(cell.source)})"
            entry = entries.get(cid)
            if entry is None:
                if _needs_entry(cell):
                    found.append(f"{label}: missing: no translation")
                continue
            if entry.todo:
                found.append(f"{label}: missing: the entry is marked todo")
                continue
            if entry.en_hash != source_hash(cell.source):
                msg = f"{label}: stale: the English changed since it was translated"
                if verbose:
                    diff = difflib.unified_diff(entry.english.split("\n"), cell.source.split("\n"),
                                                "translated from", "English now", lineterm="", n=1)
                    msg += "\n" + "\n".join("      " + d for d in diff)
                    msg += "\n      the Chinese to update:\n" + "\n".join(
                        "      | " + line for line in entry.chinese.split("\n"))
                found.append(msg)
            elif entry.english != cell.source:
                found.append(f"{label}: the entry's English text is not the English cell")
            if cell.cell_type == "code" and (
                    code_without_comments(entry.chinese) != code_without_comments(cell.source)):
                found.append(f"{label}: the translated code differs from the English beyond comments")
        for cid in sorted(set(entries) - ids):
            found.append(f"{where} cell {cid}: the catalogue has an entry for a cell the "
                         "English notebook no longer has")
        target = paths.out / notebook.name
        if not target.is_file():
            found.append(f"{target}: missing; run --build")
        elif nbformat.read(target, as_version=4) != zh:
            found.append(f"{target}: not what the catalogue makes (edited by hand, or not "
                         "rebuilt); run --build")
    english = {p.name for p in notebooks}
    for extra in sorted(paths.out.glob("*.ipynb")):
        if extra.name not in english:
            found.append(f"{extra}: has no English notebook")
    return found + [f"nst_tutorial/base/zh.py: {problem}" for problem in messages.problems()]


def _first_words(source: str, n: int = 40) -> str:
    line = next((s.strip() for s in source.split("\n") if s.strip()), "")
    return line if len(line) <= n else line[: n - 1] + "…"


def build(paths: Paths) -> list[Path]:
    """Write every Chinese notebook from its English one and its catalogue."""
    written = []
    for notebook in paths.notebooks():
        cat = paths.catalogue_of(notebook)
        entries = read_catalogue(cat) if cat.is_file() else {}
        _, zh = _built(paths, notebook, entries)
        target = paths.out / notebook.name
        write_bytes_atomically(target, (nbformat.writes(zh) + "\n").encode("utf-8"))
        written.append(target)
    return written


def _entries_in_order(nb, entries: dict[str, Entry]) -> list[Entry]:
    order = {c.get("id"): i for i, c in enumerate(nb.cells)}
    return sorted(entries.values(), key=lambda e: order.get(e.cell, len(order)))


def add(paths: Paths, comments: bool = False) -> list[str]:
    """Add a todo entry, the English copied, for every cell that needs one and has none.

    With ``comments``, also for code cells with comments that have no entry.
    """
    added = []
    for notebook in paths.notebooks():
        nb = nbformat.read(notebook, as_version=4)
        cat = paths.catalogue_of(notebook)
        entries = read_catalogue(cat) if cat.is_file() else {}
        new = [c for c in nb.cells if c.get("id") not in entries
               and (_needs_entry(c) or (comments and _has_comments(c)))]
        for cell in new:
            entries[cell.id] = Entry(cell.id, source_hash(cell.source), cell.source,
                                     cell.source, todo=True)
            added.append(f"{notebook.name} cell {cell.id}")
        if new or not cat.is_file():
            write_catalogue(cat, notebook.name, _entries_in_order(nb, entries))
    return added


def accept(paths: Paths, which: str) -> list[str]:
    """Record the current English in the stale entries ``which`` names (NOTEBOOK or NOTEBOOK:CELL)."""
    name, _, cell_id = which.partition(":")
    notebook = paths.english / (name if name.endswith(".ipynb") else f"{name}.ipynb")
    if not notebook.is_file():
        raise ValueError(f"{notebook}: no such English notebook")
    nb = nbformat.read(notebook, as_version=4)
    cat = paths.catalogue_of(notebook)
    entries = read_catalogue(cat)
    cells = {c.get("id"): c for c in nb.cells}
    if cell_id and cell_id not in entries:
        raise ValueError(f"{cat}: no entry for cell {cell_id}")
    done = []
    for entry in entries.values():
        cell = cells.get(entry.cell)
        if cell is None or (cell_id and entry.cell != cell_id):
            continue
        if entry.en_hash != source_hash(cell.source) or entry.english != cell.source:
            entry.en_hash, entry.english = source_hash(cell.source), cell.source
            done.append(f"{notebook.name} cell {entry.cell}")
    write_catalogue(cat, notebook.name, _entries_in_order(nb, entries))
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nst_tutorial.tools.translations",
        description="Keep the Chinese notebooks (notebooks/zh/) in step with the English ones.")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true",
                        help="list missing and stale translations; exit 1 if there is one")
    action.add_argument("--build", action="store_true", help="write notebooks/zh/ from the catalogue")
    action.add_argument("--add", action="store_true",
                        help="add a todo entry for every markdown cell that has none")
    parser.add_argument("--comments", action="store_true",
                        help="with --add: for code cells with comments too")
    action.add_argument("--accept", metavar="NOTEBOOK[:CELL]",
                        help="record the current English in a stale entry, after updating its Chinese")
    parser.add_argument("--english", type=Path, default=Paths.english)
    parser.add_argument("--catalogue", type=Path, default=Paths.catalogue)
    parser.add_argument("--out", type=Path, default=Paths.out)
    parser.add_argument("--figures", type=Path, default=Paths.figures)
    parser.add_argument("--brief", action="store_true", help="with --check: no diffs")
    args = parser.parse_args(argv)
    paths = Paths(args.english, args.catalogue, args.out, args.figures)
    try:
        if args.check:
            found = problems(paths, verbose=not args.brief)
            for line in found:
                print(line)
            print(f"{len(found)} problem(s)" if found else "The Chinese notebooks are up to date.")
            return 1 if found else 0
        if args.build:
            for path in build(paths):
                print(f"wrote {path}")
        elif args.add:
            added = add(paths, args.comments)
            print("\n".join(f"added {a}" for a in added) or "nothing to add")
        else:
            done = accept(paths, args.accept)
            print("\n".join(f"accepted {d}" for d in done) or "nothing was stale")
    except (OSError, ValueError) as e:
        print(f"translations: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
