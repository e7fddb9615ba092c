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

exec .scripts/run-suite.sh python build/instructor "$@"
