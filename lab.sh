#!/usr/bin/env bash
# Set everything up and open the course in JupyterLab.
#
#   ./lab.sh                  # opens notebooks/00_welcome.ipynb
#   ./lab.sh --zh             # the Chinese course: notebooks/zh/00_welcome.ipynb (中文版)
#   ./lab.sh --port 8899      # extra arguments go to jupyter lab
#
# It creates .venv on first use (or reuses it) and installs the package with
# its notebooks extra (JupyterLab, widgets). PYTHON picks the interpreter
# (default python3; TensorFlow needs a Python it has wheels for).
set -euo pipefail
cd "$(dirname "$0")"
start=notebooks/00_welcome.ipynb
if [ "${1:-}" = "--zh" ]; then
    start=notebooks/zh/00_welcome.ipynb
    shift
fi
. ./.scripts/setup-venv.sh notebooks

# Jupyter refuses to run as root unless told; containers often run as root.
[ "$(id -u)" -eq 0 ] && set -- --allow-root "$@"
exec jupyter lab "$start" "$@"
