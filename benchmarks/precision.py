"""Does mixed precision (bfloat16 on a CPU) reach the same loss sooner, for Adam and for L-BFGS?

The same run in float32 and in mixed precision, twice each, alternating (so a change in the
machine's load shows as a difference between the two repeats): the full-size float32 loss at
six points of the run, with the wall-clock and CPU seconds so far (evaluating the yardstick
is not counted). The laptop profile uses mixed precision for Adam only: this is why.

Run it from the repository's root, as a module:

    python -m benchmarks.precision --size 256 --steps 240 --optimizer adam
    python -m benchmarks.precision --size 256 --steps 120 --optimizer lbfgs
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import nst_tutorial as nst  # first, so TensorFlow starts without its start-up messages
from benchmarks.common import full_size_loss, image_pair


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=256, help="long side in pixels (default 256)")
    p.add_argument("--steps", type=int, default=240, help="steps or evaluations (default 240)")
    p.add_argument("--optimizer", choices=["adam", "lbfgs"], default="adam")
    args = p.parse_args(argv)
    content, style = image_pair(args.size)
    extractors = {p: nst.StyleContentModel(vgg=nst.load_vgg19(precision=p)) for p in ("float32", "mixed")}
    yardstick = full_size_loss(content, style)
    cls = nst.StyleTransfer if args.optimizer == "adam" else nst.LBFGSStyleTransfer
    every = max(1, args.steps // 6)
    print(f"{args.optimizer}, {args.steps} steps. "
          "Columns: step: wall s, CPU s, full-size float32 loss")
    for precision in ("float32", "mixed", "float32", "mixed"):
        marks, paused_wall, paused_cpu = [], 0.0, 0.0
        wall0, cpu0 = time.perf_counter(), time.process_time()

        def callback(run):
            nonlocal paused_wall, paused_cpu
            if run.step_count % every == 0:
                t, c = time.perf_counter(), time.process_time()
                image = run.best_image if args.optimizer == "lbfgs" else run.image
                marks.append((run.step_count, t - wall0 - paused_wall, c - cpu0 - paused_cpu,
                              float(yardstick(image))))
                paused_wall += time.perf_counter() - t
                paused_cpu += time.process_time() - c

        cls(content, style, extractor=extractors[precision]).run(args.steps, callback)
        print(f"{precision:8} (load {os.getloadavg()[0]:.1f}) " + "  ".join(
            f"{k}: {w:.0f}s {c:.0f}s {loss:.4g}" for k, w, c, loss in marks), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
