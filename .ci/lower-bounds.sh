#!/usr/bin/env bash
# The lower-bounds stage of .ci/run: the test suite again, on the oldest Python
# that pyproject.toml allows, with every dependency and test tool at exactly
# its lower bound. The pins are read from pyproject.toml by .ci/lower-bounds.py,
# so what is promised and what is tested cannot drift apart.
#
#   .ci/lower-bounds.sh                    # after ./test.sh (it reads with .venv's Python)
#   .ci/lower-bounds.sh -x -k gram         # extra arguments go to pytest
#
# It builds build/lower-bounds/venv afresh each time. OLDEST_PYTHON names the
# interpreter to use; otherwise it looks for pythonX.Y on PATH and in pyenv's
# versions, and stops with a message if there is none. Runs what ./test.sh
# runs: the unit tests, the notebooks and the instructor's version of them.
set -euo pipefail
cd "$(dirname "$0")/.."

reader=python3
if [ -x .venv/bin/python ]; then
    reader=.venv/bin/python  # made by ./test.sh: it has tomllib (or tomli) and packaging
fi
want=$("$reader" .ci/lower-bounds.py --python)

# An interpreter that is Python $want and can make virtual environments.
is_wanted() {
    "$1" -c "import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != tuple(map(int, '$want'.split('.'))))" \
        >/dev/null 2>&1
}
python=""
candidates=("${OLDEST_PYTHON:-}" "python$want")
pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for found in "$pyenv_root"/versions/"$want".*/bin/python"$want" /usr/bin/python"$want" /usr/local/bin/python"$want"; do
    candidates+=("$found")
done
for candidate in "${candidates[@]}"; do
    if [ -n "$candidate" ] && is_wanted "$candidate"; then
        python=$(command -v "$candidate")
        break
    fi
done
if [ -z "$python" ]; then
    echo ".ci/lower-bounds.sh: no Python $want (the oldest that pyproject.toml's requires-python allows)" \
         "with venv was found on PATH, in $pyenv_root/versions or in /usr/(local/)bin. Install it" \
         "(pyenv install $want, or apt-get install python$want-venv) or set OLDEST_PYTHON." >&2
    exit 1
fi

dir=build/lower-bounds
rm -rf "$dir"
mkdir -p "$dir"
"$reader" .ci/lower-bounds.py test > "$dir/constraints.txt"
echo "Lower bounds on $("$python" --version) ($python):"
grep -v '^#' "$dir/constraints.txt" | tr '\n' ' '
echo

"$python" -m venv "$dir/venv"
"$dir/venv/bin/python" -m pip install --quiet --upgrade pip
"$dir/venv/bin/python" -m pip install --quiet --constraint "$dir/constraints.txt" --editable ".[test]"

# pip honours the constraints or fails; say so plainly if a pin did not hold all the same.
"$dir/venv/bin/python" .ci/lower-bounds.py --check "$dir/constraints.txt"

exec .scripts/run-suite.sh "$dir/venv/bin/python" "$dir/instructor" \
    -q -p no:cacheprovider --disable-warnings "$@"
