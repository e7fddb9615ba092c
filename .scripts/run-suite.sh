#!/usr/bin/env bash
# The test suite, as ./test.sh and .ci/lower-bounds.sh run it: build the
# instructor's release of the notebooks (with the solutions) into
# INSTRUCTOR_DIR, then run pytest on the unit tests, the notebooks learners
# open and that release, in quick, offline mode with random weights.
#
#   .scripts/run-suite.sh PYTHON INSTRUCTOR_DIR [pytest arguments...]
#
# Exits with pytest's status; "collected no tests" (5) counts as a failure too.
set -euo pipefail
cd "$(dirname "$0")/.."
python="$1"
instructor="$2"
shift 2

export NST_QUICK=1 NST_WEIGHTS=random NST_OFFLINE=1

rm -rf "$instructor"
"$python" -m nst_tutorial.tools.instructor notebooks "$instructor"

status=0
# Two workers (pytest-xdist); each notebook, and each test file, stays on one worker, in order.
# The Chinese notebooks (notebooks/zh/) run as the English ones do; the Chinese instructor's
# release holds the English release's code (tests/unit/tools/test_translations.py), so the
# run of the English release covers it. Pass -n 0 to run everything in one process.
"$python" -m pytest --nbval-lax --nbval-current-env -n 2 --dist loadfile "$@" \
    tests notebooks "$instructor" || status=$?
if [ "$status" -eq 5 ]; then
    echo "$(basename "$0"): pytest collected no tests; that counts as a failure." >&2
fi
exit "$status"
