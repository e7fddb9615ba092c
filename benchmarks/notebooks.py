"""How long does each notebook take at a profile? Run them top to bottom and print the seconds.

Each notebook runs in its own Jupyter kernel (nbclient), in order, in a fresh copy of
``notebooks/`` (so notebook 07 finds what 06 saved, as it would for a learner, and nothing
is written into the repository) with a fresh cache folder (so notebook 00 times the machine
as on a first run). Printed per notebook: wall-clock seconds, the kernel's CPU seconds, the
slowest cell, and for notebook 06 the seconds from its start to the end of its full run
(the first stylised picture).

Run it from the repository's root, as a module:

    python -m benchmarks.notebooks                         # laptop profile, random weights
    python -m benchmarks.notebooks --profile tutorial 06_gradient_descent
    python -m benchmarks.notebooks --cpus 0 --no-bfloat16  # one core, float32: a slower laptop

Environment: ``NST_PROFILE`` and ``NST_WEIGHTS`` from the options, ``NST_OFFLINE=1`` unless
``--online``; other ``NST_*`` variables are passed on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

#: The cell whose end is the first stylised picture: notebook 06's full run.
FIRST_PICTURE = ("06_gradient_descent", "run.run_epochs(")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_notebook(path: Path, timeout: int) -> dict:
    """Execute one notebook; return its timings, its profile line and any error."""
    nb = nbformat.read(path, as_version=4)
    starts, ends = {}, {}
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
        # (nbclient's on_cell_complete comes when the cell is sent; on_cell_executed at its end)
        on_cell_execute=lambda cell, cell_index: starts.__setitem__(cell_index, time.perf_counter()),
        on_cell_executed=lambda cell, cell_index, execute_reply: ends.__setitem__(
            cell_index, time.perf_counter()),
    )
    cpu0, t0 = children_cpu(), time.perf_counter()
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = str(e).strip().splitlines()[-1]
    except Exception as e:  # a dead kernel, a timeout
        error = f"{type(e).__name__}: {e}"
    wall = time.perf_counter() - t0
    time.sleep(0.5)  # let the kernel process be reaped, so its CPU time is counted
    cpu = children_cpu() - cpu0
    cells = {i: ends[i] - starts[i] for i in ends if i in starts}
    slowest = max(cells, key=cells.get) if cells else None
    lines = [line for cell in nb.cells if cell.cell_type == "code"
             for out in cell.get("outputs", []) if out.get("name") == "stdout"
             for line in out.get("text", "").splitlines() if line.startswith("Profile:")]
    profile = lines[-1] if lines else ""
    result = {"notebook": path.stem, "wall": wall, "cpu": cpu, "error": error,
              "profile": profile, "cells": {i: ends[i] - t0 for i in ends},
              "slowest_cell": slowest, "slowest_seconds": cells.get(slowest, 0.0)}
    name, marker = FIRST_PICTURE
    if path.stem == name:
        index = next((i for i, c in enumerate(nb.cells)
                      if c.cell_type == "code" and marker in c.source), None)
        if index in ends:
            result["first_picture"] = ends[index] - t0
    outputs = [out.get("text", "") for cell in nb.cells if cell.cell_type == "code"
               for out in cell.get("outputs", []) if out.get("output_type") == "stream"]
    result["printed"] = "".join(outputs)
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", help="notebooks to run (stems or prefixes; default: all)")
    p.add_argument("--profile", default="laptop", help="NST_PROFILE (default: laptop)")
    p.add_argument("--weights", default="random", help="NST_WEIGHTS (default: random)")
    p.add_argument("--online", action="store_true", help="do not set NST_OFFLINE=1")
    p.add_argument("--no-bfloat16", action="store_true", help="set NST_BFLOAT16=0 (float32 only)")
    p.add_argument("--cpus", help="run the kernels on these CPUs only, e.g. 0 or 0,1")
    p.add_argument("--cache-dir", help="NST_CACHE_DIR (default: a fresh temporary folder)")
    p.add_argument("--timeout", type=int, default=1800, help="seconds per cell (default 1800)")
    p.add_argument("--print-outputs", action="store_true", help="print what each notebook printed")
    p.add_argument("--json", help="also write the figures to this file")
    args = p.parse_args(argv)

    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if args.names:
        paths = [q for q in paths if any(q.stem.startswith(n) for n in args.names)]
    work = Path(tempfile.mkdtemp(prefix="nst-notebooks-"))
    shutil.copytree(NOTEBOOKS, work / "notebooks", ignore=shutil.ignore_patterns("outputs"))
    cache = Path(args.cache_dir) if args.cache_dir else work / "cache"
    os.environ.update(NST_PROFILE=args.profile, NST_WEIGHTS=args.weights,
                      NST_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    os.environ.pop("NST_QUICK", None)
    if not args.online:
        os.environ["NST_OFFLINE"] = "1"
    if args.no_bfloat16:
        os.environ["NST_BFLOAT16"] = "0"
    if args.cpus:
        os.sched_setaffinity(0, {int(c) for c in args.cpus.split(",")})  # kernels inherit it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Machine: {platform.processor() or platform.machine()}, {cores} of {os.cpu_count()} "
          f"CPUs, Python {platform.python_version()}; NST_PROFILE={args.profile}, "
          f"NST_WEIGHTS={args.weights}, bfloat16 {'off' if args.no_bfloat16 else 'allowed'}")
    print(f"{'notebook':<28} {'wall s':>8} {'CPU s':>8} {'slowest cell':>16}  result")
    results = []
    for path in paths:
        r = run_notebook(work / "notebooks" / path.name, args.timeout)
        results.append(r)
        extra = f"  first picture at {r['first_picture']:.0f} s" if "first_picture" in r else ""
        state = "ok" if r["error"] is None else f"FAILED: {r['error']}"
        print(f"{r['notebook']:<28} {r['wall']:8.1f} {r['cpu']:8.1f} "
              f"{('cell ' + str(r['slowest_cell'])):>10} {r['slowest_seconds']:5.0f}s  "
              f"{state}{extra}", flush=True)
        if args.print_outputs:
            print("    " + r["printed"].replace("\n", "\n    "))
    total = sum(r["wall"] for r in results)
    print(f"{'all':<28} {total:8.1f} {sum(r['cpu'] for r in results):8.1f}   "
          f"({total / 60:.1f} min)")
    profiles = [r["profile"] for r in results if r["profile"]]
    if profiles:
        print("Last notebook's " + profiles[-1])
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "results": results}, indent=1))
    shutil.rmtree(work / "notebooks", ignore_errors=True)
    return 0 if all(r["error"] is None for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
