"""The package's messages and their Chinese: what is missing, what is stale.

Every text the package shows a learner goes through
:func:`~nst_tutorial.base.language.tr`, and :data:`~nst_tutorial.base.zh.ZH`
holds its Chinese, keyed by the English. This finds the texts two ways:

* the calls ``tr("English template", ...)`` in the package's source, read with
  :mod:`ast` (also ``tr(NAME)`` for a string constant ``NAME`` of the same module);
* the data shown through ``tr(...)``: every exercise's mistakes' hints, its
  ``hint``, ``many`` and ``summary``; the label, help and choices of every run
  option the playground has a control for; the loss chart's legend labels.

and lists, one line each, naming where the text comes from::

    python -m nst_tutorial.tools.messages     # the problems; exit 1 if any

* an English text without its Chinese;
* a Chinese entry no text uses (stale: its English changed, or went);
* an entry whose ``{placeholders}`` differ from its English's;
* a call ``tr(...)`` of something else than a string, outside the modules
  that show the data above (:data:`DATA_CALLERS`).

``nst_tutorial.tools.translations --check`` calls :func:`problems` too.
"""

from __future__ import annotations

import ast
import string
import sys
from pathlib import Path

from ..base.zh import ZH
from ..course import display
from ..course.exercises import EXERCISES
from ..runs import options

#: The package's folder, whose source is read.
PACKAGE = Path(__file__).resolve().parents[1]

#: The modules whose ``tr(...)`` may be given data rather than a literal: the data is read below.
DATA_CALLERS = {"course/exercises/checking.py", "course/playground.py", "course/display.py"}


def source_messages() -> tuple[dict[str, str], list[str]]:
    """``({English template: "file:line"}, [problems])`` from the ``tr(...)`` calls of the source."""
    found: dict[str, str] = {}
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {target.id: node.value.value for node in tree.body
                     if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                     and isinstance(node.value.value, str)
                     for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "tr" and node.args):
                continue
            where = f"{PACKAGE.name}/{name}:{node.lineno}"
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, where)
            elif isinstance(first, ast.Name) and first.id in constants:
                found.setdefault(constants[first.id], where)
            elif name not in DATA_CALLERS:
                problems.append(f"{where}: tr() is given something else than a string, which "
                                "this check cannot read; write the English template there")
    return found, problems


def data_messages() -> dict[str, str]:
    """``{English text: where it comes from}`` of the data the package shows through ``tr``."""
    found: dict[str, str] = {}
    for exercise in EXERCISES.values():
        for n, mistake in enumerate(exercise.mistakes, start=1):
            found.setdefault(mistake.hint, f"exercise {exercise.name}, mistake {n}'s hint")
        for part in ("hint", "many", "summary"):
            if getattr(exercise, part):
                found.setdefault(getattr(exercise, part), f"exercise {exercise.name}, {part}")
    for field in options.fields():
        meta = field.metadata
        if meta["label"]:  # the playground has a control for it
            found.setdefault(meta["label"], f"run option {field.name}, label")
            found.setdefault(meta["help"], f"run option {field.name}, help")
            for value, text in (meta["choices"] or {}).items():
                found.setdefault(text, f"run option {field.name}, choice {value!r}")
    for name, label in display.LABELS.items():
        found.setdefault(label, f"course/display.py LABELS[{name!r}]")
    return found


def placeholders(template: str) -> set[str]:
    """The ``{placeholders}`` of a template, as written (``{loss:.4g}``, ``{name!r}``)."""
    try:
        return {"{" + field + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "") + "}"
                for _, field, spec, conversion in string.Formatter().parse(template)
                if field is not None}
    except ValueError:  # a text that is never formatted may hold a lone brace
        return set()


def problems() -> list[str]:
    """One line for each message without its Chinese, stale Chinese entry or placeholder mismatch."""
    found, lines = source_messages()
    for english, where in data_messages().items():
        found.setdefault(english, where)
    for english, where in found.items():
        if english not in ZH:
            lines.append(f"{where}: no Chinese for {english!r}")
        elif placeholders(ZH[english]) != placeholders(english):
            lines.append(f"{where}: the Chinese has the placeholders "
                         f"{sorted(placeholders(ZH[english]))}, the English "
                         f"{sorted(placeholders(english))}: {english!r}")
    for english in ZH:
        if english not in found:
            lines.append(f"{PACKAGE.name}/base/zh.py: stale, no message is {english!r}")
    return lines


def main() -> int:
    lines = problems()
    for line in lines:
        print(line)
    if not lines:
        print(f"Every message has its Chinese ({len(ZH)} of them).")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
