"""Packaging: environment.yml agrees with pyproject.toml, and the wheel holds the code and data."""

from __future__ import annotations

import hashlib
import re
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def requirement_map(lines) -> dict[str, str]:
    """``{"numpy": ">=1.23", ...}`` from requirement strings (names normalised)."""
    out = {}
    for line in lines:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name not in out, f"{name} is listed twice"
        out[name] = str(req.specifier)
    return out


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    assert env["name"] == "nst-tutorial"
    conda, pip = [], []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip.extend(item["pip"])
        else:
            conda.append(item)
    assert "-e ." in pip, "environment.yml must install the package itself (-e .)"
    assert "pip" in conda

    python = next(c for c in conda if c.startswith("python"))
    assert python == "python" + PYPROJECT["project"]["requires-python"]

    listed = requirement_map(
        [c for c in conda if c not in ("pip", python)] + [p for p in pip if p != "-e ."]
    )
    project = PYPROJECT["project"]
    wanted = requirement_map(project["dependencies"] + project["optional-dependencies"]["notebooks"])
    assert listed == wanted


def test_nbformat_and_nbgrader_are_for_instructors_and_tests_only():
    """Learners do not install the instructor's tools' nbformat or nbgrader; instructors and CI do."""
    project = PYPROJECT["project"]
    extras = project["optional-dependencies"]
    for name in ("nbformat", "nbgrader"):
        assert name not in requirement_map(project["dependencies"])
        assert name in requirement_map(extras["instructor"])
        assert name in requirement_map(extras["test"] + extras["clients"])


def test_dependencies_have_lower_bounds_only():
    project = PYPROJECT["project"]
    lines = project["dependencies"] + [
        line for extra in project["optional-dependencies"].values() for line in extra
    ]
    for line in lines:
        spec = Requirement(line).specifier
        assert spec, f"{line}: give a lower bound"
        assert all(s.operator == ">=" for s in spec), f"{line}: lower bounds only (Colab)"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from a copy of the files a build needs (the checkout stays clean)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("nst_tutorial", "data"):
        shutil.copytree(REPO / folder, src / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(out), str(src)],
        check=True, cwd=src,
    )
    (whl,) = out.glob("nst_tutorial-*.whl")
    return whl


def test_wheel_holds_every_module_and_data_file(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        modules = {
            "nst_tutorial/" + p.relative_to(REPO / "nst_tutorial").as_posix()
            for p in (REPO / "nst_tutorial").rglob("*.py") if "__pycache__" not in p.parts
        }
        assert modules <= names, f"missing modules: {sorted(modules - names)}"

        samples = json.loads(z.read("nst_tutorial/_samples/samples.json"))
        assert samples == json.loads((REPO / "data" / "samples.json").read_text())
        assert "nst_tutorial/_samples/README.md" in names
        for name, record in samples.items():
            raw = z.read("nst_tutorial/_samples/" + record["file"])
            assert hashlib.sha256(raw).hexdigest() == record["sha256"], name

        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        assert b"Name: nst-tutorial" in z.read(metadata)
        assert b"License-Expression: Apache-2.0" in z.read(metadata)
        assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_installed_wheel_finds_its_samples(wheel, tmp_path):
    """Unpacked as pip installs it, nst_tutorial.course.data reads the images from inside the package."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    # Load nst_tutorial.course.data without running the package's __init__ (which
    # imports everything): data.py only needs base/ and _plumbing/.
    code = (
        "import sys, types; "
        f"pkg = types.ModuleType('nst_tutorial'); pkg.__path__ = [{str(site / 'nst_tutorial')!r}]; "
        "sys.modules['nst_tutorial'] = pkg; "
        "import nst_tutorial.course.data as d; "
        "print(d.DATA_DIR); print(d.sample_path('cat'))"
    )
    result = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path,
                            capture_output=True, text=True, check=True)
    data_dir, cat = result.stdout.split()
    assert Path(data_dir) == site / "nst_tutorial" / "_samples"
    assert Path(cat).read_bytes() == (REPO / "data" / "cat.jpg").read_bytes()


# --- the README and the docs -------------------------------------------------------------

README = (REPO / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
WORKSHOPS = (REPO / "docs" / "workshops.md").read_text(encoding="utf-8")


def test_readme_lists_every_notebook_with_a_colab_link():
    colab = "https://colab.research.google.com/github/nst-tutorial/nst-tutorial/blob/main/"
    notebooks = sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks, "no notebooks found"
    for name in notebooks:
        assert f"(notebooks/{name})" in README, f"README's table does not link {name}"
        assert f"({colab}notebooks/{name})" in README, f"README has no Colab link for {name}"


def test_the_chinese_readme_lists_every_chinese_notebook_with_a_colab_link():
    colab = "https://colab.research.google.com/github/nst-tutorial/nst-tutorial/blob/main/"
    readme = (REPO / "README.zh.md").read_text(encoding="utf-8")
    notebooks = sorted(p.name for p in (REPO / "notebooks" / "zh").glob("*.ipynb"))
    assert len(notebooks) == len(list((REPO / "notebooks").glob("*.ipynb")))
    for name in notebooks:
        assert f"(notebooks/zh/{name})" in readme, f"README.zh.md's table does not link {name}"
        assert f"({colab}notebooks/zh/{name})" in readme, f"README.zh.md: no Colab link for {name}"
    assert "./lab.sh --zh" in readme and "./test.sh" in readme
    # The English README points to it first thing.
    assert "(README.zh.md)" in README.split("\n## ")[0]


def test_lab_sh_opens_the_chinese_course_with_zh(tmp_path):
    """lab.sh --zh starts JupyterLab on notebooks/zh/00_welcome.ipynb; other arguments pass on."""
    import os
    import shutil

    copy = tmp_path / "repo"
    (copy / ".scripts").mkdir(parents=True)
    shutil.copy(REPO / "lab.sh", copy / "lab.sh")
    (copy / ".scripts" / "setup-venv.sh").write_text("# set up nothing\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "jupyter").write_text('#!/bin/sh\necho "$@"\n')
    (bin_dir / "jupyter").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    for args, want in [(["--zh", "--port", "8899"], "notebooks/zh/00_welcome.ipynb --port 8899"),
                       (["--port", "8899"], "notebooks/00_welcome.ipynb --port 8899")]:
        run = subprocess.run(["bash", str(copy / "lab.sh"), *args], capture_output=True,
                             text=True, env=env)
        assert run.returncode == 0, run.stderr
        assert run.stdout.split("lab ", 1)[1].replace("--allow-root ", "").strip() == want


def test_architecture_states_the_tested_lower_bounds():
    """The table under "Tested versions" (docs/architecture.md) is pyproject.toml's lower bounds."""
    table = {}
    section = ARCHITECTURE.split("### Tested versions", 1)[1]
    for line in re.split(r"\n#{1,3} ", section, maxsplit=1)[0].splitlines():
        if line.startswith("| `"):
            name, version = (cell.strip(" `") for cell in line.split("|")[1:3])
            table[name] = version
    bounds = {canonicalize_name(Requirement(line).name): next(iter(Requirement(line).specifier)).version
              for line in PYPROJECT["project"]["dependencies"]}
    assert table == bounds
    python = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert f"Python {python} and every package at exactly its lower bound" in ARCHITECTURE


def test_workshops_page_documents_every_setting():
    import inspect

    from nst_tutorial.base.settings import Settings

    read = set(re.findall(r'"(NST_[A-Z0-9_]+)"', inspect.getsource(Settings.from_env)))
    assert read >= {"NST_WEIGHTS", "NST_QUICK", "NST_OFFLINE", "NST_SEED", "NST_CACHE_DIR"}
    table = {line.split("|")[1].strip(" `") for line in WORKSHOPS.splitlines()
             if line.startswith("| `NST_")}
    assert table == read


#: The project's markdown pages: the README, the docs and the benchmarks' page.
DOC_PAGES = [REPO / "README.md", REPO / "README.zh.md", *sorted((REPO / "docs").glob("*.md")),
             REPO / "benchmarks" / "README.md"]


def heading_anchors(text: str) -> set[str]:
    """The ``#anchors`` GitHub gives the headings of a markdown page."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    anchors = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *$", text, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower().replace("`", "")).replace(" ", "-")
        anchors.add(slug)
    return anchors


def relative_links(text: str) -> list[str]:
    """The targets of the markdown links and images of ``text`` that are not web addresses."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)  # code blocks
    text = re.sub(r"`[^`\n]*`", "", text)                        # inline code
    targets = [m.split()[0] for m in re.findall(r"\]\(([^)]+)\)", text)]
    return [t for t in targets if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", t)]


def test_doc_pages_exist():
    names = {p.relative_to(REPO).as_posix() for p in DOC_PAGES}
    assert {"README.md", "README.zh.md", "docs/architecture.md", "docs/instructors.md",
            "docs/workshops.md", "docs/tutorial-settings.md", "docs/bad-inputs.md",
            "docs/translations.md", "docs/zh-glossary.md", "benchmarks/README.md"} <= names


@pytest.mark.parametrize("page", DOC_PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_in_the_readme_and_docs_resolve(page):
    """Every relative link of the page names a file that exists (and a heading, for an anchor)."""
    text = page.read_text(encoding="utf-8")
    links = relative_links(text)
    for target in links:
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        where = f"{page.relative_to(REPO)}: link {target!r}"
        assert file.exists(), f"{where}: no such file"
        if anchor and file.suffix == ".md":
            assert anchor in heading_anchors(file.read_text(encoding="utf-8")), (
                f"{where}: {file.name} has no heading with that anchor")


def test_link_checker_finds_broken_links(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Top\n## Two commands\n[a](page.md#two-commands) [b](#top) "
                    "[c](https://example.org) `[d](nowhere.md)`\n```\n[e](nowhere.md)\n```\n"
                    "[f](missing.md) [g](page.md#nothing \"title\")\n", encoding="utf-8")
    assert relative_links(page.read_text()) == [
        "page.md#two-commands", "#top", "missing.md", "page.md#nothing"]
    assert heading_anchors(page.read_text()) == {"top", "two-commands"}
    assert heading_anchors("## Course profiles: a GPU, a laptop, a test") == {
        "course-profiles-a-gpu-a-laptop-a-test"}


def test_the_two_commands_are_there_and_executable():
    import os

    for script in ("lab.sh", "test.sh", ".ci/run", ".scripts/run-suite.sh"):
        path = REPO / script
        assert path.is_file() and os.access(path, os.X_OK), f"{script} is missing or not executable"
    assert "./lab.sh" in README and "./test.sh" in README
    assert "./test.sh" in (REPO / ".ci" / "run").read_text()


def _run_suite_with(tmp_path, pytest_status: int) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run .scripts/run-suite.sh with a stand-in Python that logs how it is called."""
    import os

    log = tmp_path / "calls.log"
    fake = tmp_path / "python"
    fake.write_text(f"""#!/bin/sh
echo "$NST_QUICK $NST_WEIGHTS $NST_OFFLINE $*" >> {log}
case "$2" in pytest) exit {pytest_status};; esac
""")
    fake.chmod(0o755)
    instructor = tmp_path / "release"
    (instructor / "stale").mkdir(parents=True)
    unset = {k: v for k, v in os.environ.items() if not k.startswith("NST_")}  # it sets them
    run = subprocess.run([str(REPO / ".scripts" / "run-suite.sh"), str(fake), str(instructor),
                          "-x", "-k", "gram"], capture_output=True, text=True, cwd=tmp_path,
                         env=unset)
    assert not instructor.exists(), "the old instructor release is removed before the build"
    return run, log.read_text().splitlines()


def test_the_suite_builds_the_instructor_release_then_tests_everything_offline(tmp_path):
    """What test.sh and the lower-bounds stage both run: one script, called by both."""
    run, calls = _run_suite_with(tmp_path, 0)
    release = tmp_path / "release"
    assert run.returncode == 0, run.stderr
    assert calls == [
        f"1 random 1 -m nst_tutorial.tools.instructor notebooks {release}",
        f"1 random 1 -m pytest --nbval-lax --nbval-current-env -n 2 --dist loadfile -x -k gram "
        f"tests notebooks {release}",
    ]
    assert ".scripts/run-suite.sh python build/instructor" in (REPO / "test.sh").read_text()
    assert '.scripts/run-suite.sh "$dir/venv/bin/python" "$dir/instructor"' in (
        REPO / ".ci" / "lower-bounds.sh").read_text()


@pytest.mark.parametrize("status", [1, 5])
def test_the_suite_fails_when_pytest_fails_or_collects_nothing(tmp_path, status):
    run, _ = _run_suite_with(tmp_path, status)
    assert run.returncode == status
    assert ("collected no tests" in run.stderr) == (status == 5)


# --- the lower-bounds stage of .ci/run ------------------------------------------------------

def _lower_bounds_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("lower_bounds", REPO / ".ci" / "lower-bounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lower_bounds_pins_every_requirement_at_its_bound():
    """Each dependency and test requirement, pinned to the version its >= names, marker kept."""
    out = subprocess.run([sys.executable, str(REPO / ".ci" / "lower-bounds.py"), "test"],
                         capture_output=True, text=True, check=True).stdout
    pinned = {canonicalize_name(Requirement(line).name): Requirement(line)
              for line in out.splitlines() if line and not line.startswith("#")}
    project = PYPROJECT["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    assert set(pinned) == {canonicalize_name(Requirement(line).name) for line in wanted}
    for line in wanted:
        declared = Requirement(line)
        pin = pinned[canonicalize_name(declared.name)]
        (exact,) = pin.specifier
        (bound,) = declared.specifier
        assert exact.operator == "==" and exact.version == bound.version, line
        assert declared.specifier.contains(exact.version), line
        assert str(pin.marker) == str(declared.marker), line


def test_lower_bounds_refuses_what_is_not_one_lower_bound():
    lb = _lower_bounds_module()
    base = {"dependencies": ["numpy>=1.23.5"], "optional-dependencies": {"x": ["numpy>=1.23.5"]}}
    assert lb.pins(base, ["x"]) == ["numpy==1.23.5"]  # named twice with one bound: once
    for bad in ("numpy", "numpy==1.23.5", "numpy>=1.23.5,<2", "numpy<2"):
        with pytest.raises(SystemExit, match="not a single lower bound"):
            lb.pins({"dependencies": [bad]}, [])
    with pytest.raises(SystemExit, match="two lower bounds"):
        lb.pins({**base, "optional-dependencies": {"x": ["numpy>=1.26"]}}, ["x"])
    with pytest.raises(SystemExit, match="no extra named"):
        lb.pins(base, ["nope"])
    assert lb.oldest_python({"requires-python": ">=3.10"}) == "3.10"
    assert lb.oldest_python({"requires-python": ">=3.12.1"}) == "3.12"


def test_ci_runs_the_lower_bounds_stage_after_the_test_command():
    import os

    def commands(path) -> str:  # the script without its comments
        return "\n".join(line for line in path.read_text().splitlines()
                         if not line.lstrip().startswith("#"))

    run = commands(REPO / ".ci" / "run")
    assert run.index("./test.sh") < run.index(".ci/lower-bounds.sh")
    stage = commands(REPO / ".ci" / "lower-bounds.sh")
    assert os.access(REPO / ".ci" / "lower-bounds.sh", os.X_OK)
    for part in (".ci/lower-bounds.py --python", ".ci/lower-bounds.py test",
                 '--constraint "$dir/constraints.txt" --editable ".[test]"',
                 '.ci/lower-bounds.py --check "$dir/constraints.txt"'):
        assert part in stage, part


def test_lower_bounds_check_names_each_package_at_another_version(tmp_path):
    from importlib.metadata import version

    lb = _lower_bounds_module()
    here = f"pytest=={version('pytest')}\n"
    assert lb.mismatches("# header\n" + here + "\nnumpy==0.1; python_version < '3'\n") == []
    assert lb.mismatches(here + "numpy==0.1\nno-such-package==1\n") == [
        f"numpy {version('numpy')} (pinned 0.1)", "no-such-package not installed (pinned 1)"]
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("numpy==0.1\n")
    with pytest.raises(SystemExit, match=r"constraints.txt: installed versions differ .*numpy"):
        lb.main(["--check", str(constraints)])
    constraints.write_text(here)
    assert lb.main(["--check", str(constraints)]) == 0
