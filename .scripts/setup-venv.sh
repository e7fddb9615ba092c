# Sourced by test.sh and lab.sh: create .venv if needed, install the package
# editable with the extras named in $1 (e.g. "test" or "notebooks,test") when
# pyproject.toml is newer than the last install, and activate the venv.
# shellcheck shell=bash
extras="$1"
python_bin="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv with $("$python_bin" --version 2>&1) ..."
    "$python_bin" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
stamp=".venv/.installed-${extras//,/-}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing nst-tutorial[$extras] into .venv (the first time takes a few minutes) ..."
    python -m pip install --quiet --upgrade pip
    python -m pip install --quiet --editable ".[$extras]"
    touch "$stamp"
fi
