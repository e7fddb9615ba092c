"""How large the package is, and where it reads the settings: figures for benchmarks/README.md.

    python -m benchmarks.package_size            # this checkout
    python -m benchmarks.package_size --at REV   # any commit (read with git show, nothing checked out)

Prints, for each folder of nst_tutorial/, its modules and code lines (not
counting blank lines, comments and docstrings), the number of ``settings.<field>``
reads, the longest module and the longest function (in code lines), and the
length of README.md. Nothing is imported: the files are parsed with ``ast``.
"""

from __future__ import annotations

import argparse
import ast
import io
import subprocess
import tokenize
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_files(rev: str | None) -> dict[str, str]:
    """``{path: source}`` of the package's modules and the README, here or at ``rev``."""
    if rev is None:
        paths = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "nst_tutorial").rglob("*.py")
                       if "__pycache__" not in p.parts)
        return {p: (ROOT / p).read_text(encoding="utf-8") for p in paths + ["README.md"]}
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "nst_tutorial"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    paths = [n for n in names if n.endswith(".py")] + ["README.md"]
    return {p: subprocess.run(["git", "show", f"{rev}:{p}"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout for p in paths}


def code_lines(source: str) -> set[int]:
    """The line numbers that hold code: not blank, not only a comment, not a docstring."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                docstrings |= set(range(body[0].lineno, body[0].end_lineno + 1))
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                            tokenize.DEDENT, tokenize.ENDMARKER):
            lines |= set(range(tok.start[0], tok.end[0] + 1))
    return lines - docstrings


def settings_reads(source: str) -> int:
    """``settings.<field>`` attribute reads in a module."""
    return sum(1 for node in ast.walk(ast.parse(source))
               if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
               and node.value.id == "settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", metavar="REV", help="measure this commit instead of the checkout")
    args = parser.parse_args()
    files = read_files(args.at)
    folders = defaultdict(lambda: [0, 0, 0])  # modules, code lines, settings reads
    modules, functions = [], []
    for path, source in files.items():
        if not path.endswith(".py"):
            continue
        parts = path.split("/")
        folder = "/".join(parts[1:-1]) or "(top)"
        lines = code_lines(source)
        folders[folder][0] += 1
        folders[folder][1] += len(lines)
        folders[folder][2] += settings_reads(source)
        modules.append((len(lines), path))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                span = set(range(node.lineno, node.end_lineno + 1)) & lines
                functions.append((len(span), f"{path}:{node.name}"))
    print(f"{'folder':<22}{'modules':>8}{'code lines':>12}{'settings reads':>16}")
    for folder in sorted(folders):
        m, n, r = folders[folder]
        print(f"{folder:<22}{m:>8}{n:>12}{r:>16}")
    total = [sum(v[i] for v in folders.values()) for i in range(3)]
    print(f"{'all':<22}{total[0]:>8}{total[1]:>12}{total[2]:>16}")
    print("longest module:   %d code lines, %s" % max(modules))
    print("longest function: %d code lines, %s" % max(functions))
    print(f"README.md: {len(files['README.md'].splitlines())} lines")


if __name__ == "__main__":
    main()
