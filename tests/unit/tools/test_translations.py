"""The Chinese course is made from the English notebooks and a catalogue, and never drifts.

``python -m nst_tutorial.tools.translations --check`` must pass on the
repository, and must fail, naming the cell, as soon as one English cell
changes; a code change must reach the Chinese notebooks by ``--build`` alone.
"""

from __future__ import annotations

import contextlib
import io
import shutil

import nbformat
import pytest
from tests.helpers.notebook_tools import NOTEBOOK_DIR, ROOT, is_relative, links, notebook_paths

from nst_tutorial.tools import translations
from nst_tutorial.tools.translations import (
    SETUP_LINE, Entry, code_without_comments, read_catalogue, source_hash,
)

ZH_DIR = NOTEBOOK_DIR / "zh"
CATALOGUE = ROOT / "translations" / "zh"


def run(*argv) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = translations.main(list(argv))
    return status, out.getvalue()


@pytest.fixture
def copy(tmp_path):
    """The English notebooks, the catalogue and the Chinese notebooks, copied: (argv, folders)."""
    english, catalogue, out = tmp_path / "en", tmp_path / "catalogue", tmp_path / "zh"
    english.mkdir()
    for path in NOTEBOOK_DIR.glob("*.ipynb"):
        shutil.copy(path, english)
    shutil.copytree(CATALOGUE, catalogue)
    shutil.copytree(ZH_DIR, out)
    argv = ["--english", str(english), "--catalogue", str(catalogue), "--out", str(out),
            "--figures", str(NOTEBOOK_DIR / "figures" / "zh")]
    return argv, english, catalogue, out


def edit_cell(path, cell_id, change):
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.id == cell_id)
    cell.source = change(cell.source)
    nbformat.write(nb, path)
    return cell


def test_check_passes_on_the_repository(monkeypatch):
    monkeypatch.chdir(ROOT)
    status, out = run("--check")
    assert status == 0, out
    assert "up to date" in out


def test_changing_one_english_markdown_cell_fails_the_check_naming_that_cell(copy):
    argv, english, _, _ = copy
    assert run("--check", *argv)[0] == 0
    notebook = english / "03_inside_the_network.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    cell = [c for c in nb.cells if c.cell_type == "markdown"][3]
    edit_cell(notebook, cell.id, lambda s: s.replace(" ", "  ", 1))

    status, out = run("--check", *argv)
    assert status == 1
    problems = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert problems[0].startswith(f"03_inside_the_network.ipynb cell {cell.id} (markdown")
    assert "stale: the English changed since it was translated" in problems[0]
    assert problems[1:] == ["1 problem(s)"]
    # The diff shows what changed in the English, for the translator.
    assert "-" + cell.source.split("\n")[0] in out or "+" in out


def test_a_code_change_reaches_the_chinese_notebook_by_rebuilding(copy):
    argv, english, _, out = copy
    notebook = english / "04_gram_matrices.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    entries = read_catalogue(CATALOGUE / "04_gram_matrices.md")
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.id not in entries
                and c.source.strip())
    edit_cell(notebook, cell.id, lambda s: s + "\nprint('one more line')")

    status, text = run("--check", *argv)
    assert status == 1
    assert f"{out / '04_gram_matrices.ipynb'}: not what the catalogue makes" in text
    assert run("--build", *argv)[0] == 0
    rebuilt = nbformat.read(out / "04_gram_matrices.ipynb", as_version=4)
    assert next(c for c in rebuilt.cells if c.id == cell.id).source.endswith("print('one more line')")
    assert run("--check", *argv) == (0, "The Chinese notebooks are up to date.\n")


def test_a_translated_code_cell_that_goes_stale_falls_back_to_the_english_code(copy):
    argv, english, _, out = copy
    entries = read_catalogue(CATALOGUE / "07_total_variation.md")
    nb = nbformat.read(english / "07_total_variation.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.id in entries)
    edit_cell(english / "07_total_variation.ipynb", cell.id, lambda s: s + "\nx_changed = 1")
    run("--build", *argv)
    rebuilt = nbformat.read(out / "07_total_variation.ipynb", as_version=4)
    new = next(c for c in rebuilt.cells if c.id == cell.id).source
    assert new.endswith("x_changed = 1")  # the English code, not the translation made before
    status, text = run("--check", *argv)
    assert status == 1 and f"07_total_variation.ipynb cell {cell.id} (code" in text


def test_a_new_cell_is_missing_until_translated_and_accepted(copy):
    argv, english, catalogue, _ = copy
    notebook = english / "05_style_and_content.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    # from_dict, not new_markdown_cell: nbformat before 5.1 refuses a cell id there
    nb.cells.insert(2, nbformat.from_dict({"cell_type": "markdown", "id": "new-paragraph",
                                           "metadata": {}, "source": "A new paragraph."}))
    nbformat.write(nb, notebook)
    status, text = run("--check", *argv)
    assert status == 1
    assert "05_style_and_content.ipynb cell new-paragraph (markdown, #3: A new paragraph.): " \
           "missing: no translation" in text

    assert "added 05_style_and_content.ipynb cell new-paragraph" in run("--add", *argv)[1]
    assert "cell new-paragraph (markdown, #3: A new paragraph.): missing: the entry is marked " \
           "todo" in run("--check", *argv)[1]
    path = catalogue / "05_style_and_content.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "<!-- cell new-paragraph · en " + source_hash("A new paragraph.") + " · todo -->\n"
        "<!-- en -->\nA new paragraph.\n<!-- zh -->\nA new paragraph.",
        "<!-- cell new-paragraph · en " + source_hash("A new paragraph.") + " -->\n"
        "<!-- en -->\nA new paragraph.\n<!-- zh -->\n新的一段。"), encoding="utf-8")
    run("--build", *argv)
    assert run("--check", *argv)[0] == 0


def test_accept_records_the_current_english_after_the_chinese_is_updated(copy):
    argv, english, catalogue, _ = copy
    notebook = english / "01_images_as_tensors.ipynb"
    first = nbformat.read(notebook, as_version=4).cells[0]
    edit_cell(notebook, first.id, lambda s: s + "\n\nOne more sentence.")
    assert run("--check", *argv)[0] == 1
    status, text = run("--accept", f"01_images_as_tensors:{first.id}", *argv)
    assert status == 0 and f"accepted 01_images_as_tensors.ipynb cell {first.id}" in text
    entry = read_catalogue(catalogue / "01_images_as_tensors.md")[first.id]
    assert entry.english == first.source + "\n\nOne more sentence."
    assert entry.en_hash == source_hash(entry.english)
    run("--build", *argv)
    assert run("--check", *argv)[0] == 0


def test_translated_code_must_be_the_english_code_beyond_comments(copy):
    argv, _, catalogue, _ = copy
    path = catalogue / "06_gradient_descent.md"
    entries = read_catalogue(path)
    nb = nbformat.read(NOTEBOOK_DIR / "06_gradient_descent.ipynb", as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code" and c.id in entries)
    entry = entries[code.id]
    changed = entry.chinese.replace("=", "= 1 +", 1)
    path.write_text(path.read_text(encoding="utf-8").replace(entry.text(), Entry(
        entry.cell, entry.en_hash, entry.english, changed).text()), encoding="utf-8")
    status, text = run("--check", *argv)
    assert status == 1
    assert f"06_gradient_descent.ipynb cell {code.id} (code" in text
    assert "the translated code differs from the English beyond comments" in text


def test_a_broken_catalogue_is_named_with_its_line(copy):
    argv, _, catalogue, _ = copy
    path = catalogue / "02_classifying_with_vgg19.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<!-- end -->", "", 1), encoding="utf-8")
    status, out = run("--check", *argv)
    assert status == 1
    assert f"{path}:" in out and "needs <!-- en -->, <!-- zh --> and <!-- end -->" in out


def test_comments_are_all_that_code_without_comments_leaves_out():
    assert code_without_comments("x = 1  # one\n# alone\ny = 2\n") == \
        code_without_comments("x = 1  # 一\n# 单独一行\ny = 2\n")
    assert code_without_comments("x = 1\n") != code_without_comments("x = 2\n")
    assert code_without_comments('print("a")\n') != code_without_comments('print("甲")\n')


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_each_chinese_notebook_has_the_english_code_and_the_setup_line(path):
    english = nbformat.read(path, as_version=4)
    chinese = nbformat.read(ZH_DIR / path.name, as_version=4)
    assert [c.id for c in chinese.cells] == [c.id for c in english.cells]
    setup = 0
    for en, zh in zip(english.cells, chinese.cells):
        assert zh.cell_type == en.cell_type
        if en.cell_type == "code":
            source = zh.source
            if SETUP_LINE in source.split("\n"):
                setup += 1
                source = "\n".join(line for line in source.split("\n") if line != SETUP_LINE)
            assert code_without_comments(source) == code_without_comments(en.source), en.id
            assert zh.get("metadata") == en.get("metadata")
        else:
            assert zh.source != en.source or not en.source.strip(), f"cell {en.id} not translated"
    assert setup == (1 if any("import nst_tutorial as nst" in c.source for c in english.cells
                              if c.cell_type == "code") else 0)


@pytest.mark.parametrize("path", sorted(ZH_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_the_chinese_notebooks_relative_links_lead_to_files(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for target, _ in links(cell):
            if is_relative(target):
                assert (path.parent / target.split("#")[0]).exists(), f"cell {cell.id}: {target}"


def test_the_chinese_instructor_release_is_the_english_one_in_chinese(tmp_path):
    """Solutions and hidden tests go into the Chinese notebooks as into the English ones.

    With the same seed, every code cell of the Chinese release is the English
    release's (comments and the setup line aside), so the suite's run of the
    English release runs the Chinese release's code too.
    """
    from nst_tutorial.tools.instructor import main as instructor

    for folder, out in [(NOTEBOOK_DIR, tmp_path / "en"), (ZH_DIR, tmp_path / "zh")]:
        with contextlib.redirect_stdout(io.StringIO()):
            assert instructor([str(folder), str(out), "--seed", "7"]) == 0
    solved = 0
    for path in sorted((tmp_path / "en").glob("*.ipynb")):
        english = nbformat.read(path, as_version=4)
        chinese = nbformat.read(tmp_path / "zh" / path.name, as_version=4)
        for en, zh in zip(english.cells, chinese.cells, strict=True):
            if en.cell_type != "code":
                continue
            source = "\n".join(line for line in zh.source.split("\n") if line != SETUP_LINE)
            assert code_without_comments(source) == code_without_comments(en.source), en.id
            assert zh.metadata == en.metadata
            solved += "### BEGIN SOLUTION" in zh.source
    assert solved == 13  # every exercise of the course


def test_check_lists_a_package_message_without_its_chinese(copy, monkeypatch):
    from nst_tutorial.base import zh

    argv = copy[0]
    english = "the check could not use your answer ({error})."
    assert english in zh.ZH
    monkeypatch.delitem(zh.ZH, english)
    status, out = run("--check", "--brief", *argv)
    assert status == 1
    assert "nst_tutorial/base/zh.py: " in out and repr(english)[1:-1][:30] in out
