"""Print the lower bounds of pyproject.toml as exact pins, for an environment that tests them.

    python .ci/lower-bounds.py test > constraints.txt   # the dependencies and the "test" extra
    python .ci/lower-bounds.py --python                 # the oldest Python: "3.10"
    python .ci/lower-bounds.py --check constraints.txt  # did the installed versions keep them?

Every requirement of the project (and of each extra named) must be a single
lower bound, ``name>=X``; it is printed as ``name==X``, with its environment
marker, so that ``pip install -c constraints.txt -e ".[test]"`` installs the
oldest versions that pyproject.toml promises. ``X`` must be a release that
exists: pip refuses the pin otherwise, which is how a bound naming no release
(``tensorflow>=2.16``, when pip finds no 2.16.0) is found. A package
named twice (in the dependencies and an extra) must have the same bound.
``--python`` prints the oldest version that requires-python allows.
``--check FILE`` exits with a message naming every package installed (in the
running interpreter) at another version than FILE pins; pins whose marker does
not apply here are skipped.

Needs Python 3.11 or tomli, and packaging (both are in the test environment).
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def lower_bound(text: str) -> str:
    """``"numpy>=1.23.5"`` -> ``"1.23.5"``; anything but one ``>=`` is an error."""
    specs = list(Requirement(text).specifier)
    if len(specs) != 1 or specs[0].operator != ">=":
        raise SystemExit(f"{PYPROJECT.name}: {text!r} is not a single lower bound (name>=X)")
    return specs[0].version


def pins(project: dict, extras: list[str]) -> list[str]:
    lines = list(project["dependencies"])
    for extra in extras:
        try:
            lines += project["optional-dependencies"][extra]
        except KeyError:
            raise SystemExit(f"{PYPROJECT.name}: no extra named {extra!r}") from None
    seen: dict[str, str] = {}
    out = []
    for line in lines:
        req = Requirement(line)
        name, version = canonicalize_name(req.name), lower_bound(line)
        if name in seen:
            if seen[name] != version:
                raise SystemExit(f"{PYPROJECT.name}: {name} has two lower bounds, "
                                 f"{seen[name]} and {version}")
            continue
        seen[name] = version
        marker = f"; {req.marker}" if req.marker else ""
        out.append(f"{name}=={version}{marker}")
    return out


def oldest_python(project: dict) -> str:
    bound = lower_bound("python" + project["requires-python"])
    major, minor = bound.split(".")[:2]
    return f"{major}.{minor}"


def mismatches(constraints: str) -> list[str]:
    """Each pin of ``constraints`` (pins() lines) that the running interpreter does not have."""
    wrong = []
    for line in constraints.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue
        (pin,) = req.specifier
        try:
            installed = version(req.name)
        except PackageNotFoundError:
            wrong.append(f"{req.name} not installed (pinned {pin.version})")
            continue
        if Version(installed) != Version(pin.version):
            wrong.append(f"{req.name} {installed} (pinned {pin.version})")
    return wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("extras", nargs="*", help="extras whose lower bounds to pin too")
    parser.add_argument("--python", action="store_true", help="print the oldest Python instead")
    parser.add_argument("--check", metavar="FILE",
                        help="check the installed versions against the pins in FILE instead")
    args = parser.parse_args(argv)
    if args.check:
        wrong = mismatches(Path(args.check).read_text(encoding="utf-8"))
        if wrong:
            raise SystemExit(f"{args.check}: installed versions differ from the pins: "
                             + ", ".join(wrong))
        return 0
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    if args.python:
        print(oldest_python(project))
    else:
        print(f"# The lower bounds of {PYPROJECT.name} (dependencies"
              + "".join(f", [{e}]" for e in args.extras) + "), made exact by .ci/lower-bounds.py")
        print("\n".join(pins(project, args.extras)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
