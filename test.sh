#!/usr/bin/env bash
# Set everything up and run the whole test suite: the unit tests, then every
# notebook run top to bottom by nbval, in both the student version learners
# open (notebooks/) and the instructor's release with the solutions
# (build/instructor/, made here).
#
#   ./test.sh              # everything
#   ./test.sh -x -k gram   # extra arguments go to pytest
#
# It creates .venv on first use (or reuses it), installs the package with its
# test extra, and runs in quick, offline mode with random weights, so it needs
# no GPU and, once installed, no network. PYTHON picks the interpreter
# (default python3; TensorFlow needs a Python it has wheels for).
set -euo pipefail
cd "$(dirname "$0")"
. ./.scripts/setup-venv.sh test,clients

export NST_QUICK=1 NST_WEIGHTS=random NST_OFFLINE=1

rm -rf build/instructor
python -m nst_tutorial.tools.instructor notebooks build/instructor

status=0
python -m pytest --nbval-lax --nbval-current-env "$@" tests notebooks build/instructor || status=$?
if [ "$status" -eq 5 ]; then
    echo "test.sh: pytest collected no tests; that counts as a failure." >&2
fi
exit "$status"
