"""Does a parity-mode step cost what the tutorial's own step costs?

On one machine, in one process, with the same images and the same VGG19 weights,
this times the tutorial's training step with total variation (the reference
in ``tests/helpers/reference.py``, written from the tutorial's published settings) and
:meth:`nst_tutorial.StyleTransfer.step` with the default (parity) settings.
The two alternate in blocks of ``--steps`` steps, ``--repeats`` times, so a
machine that gets busier or quieter affects both alike. It prints the median
time of one step for each (wall clock and this process's CPU time) and their
ratio, also as the median of the ratios of neighbouring blocks, which holds
up better on a shared machine (the target: at most 1.05).

The package's step does a little more than the tutorial's: it reads the loss
components back for the history and keeps the image before the update (for
``best_image``). This measures what that costs.

Run it from the repository's root, as a module:

    python -m benchmarks.parity_step                   # 256 px, random weights
    python -m benchmarks.parity_step --size 128 --repeats 15
    python -m benchmarks.parity_step --weights imagenet
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import nst_tutorial as nst  # first: TensorFlow starts without its start-up lines
import tensorflow as tf
from tests.helpers.reference import TutorialRun

from nst_tutorial.course import data
from nst_tutorial.runs.weights import load_vgg19


def images(size: int):
    """The course's bundled content and style samples, long side ``size``."""
    return (nst.load_img(data.sample_path("cat"), max_dim=size),
            nst.load_img(data.sample_path("composition"), max_dim=size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=256, help="long side of the images, px")
    parser.add_argument("--steps", type=int, default=10, help="steps per timed block")
    parser.add_argument("--repeats", type=int, default=7, help="timed blocks of each")
    parser.add_argument("--weights", default="random",
                        help="imagenet, random (default) or a weights file")
    args = parser.parse_args()

    nst.configure(weights=args.weights)
    content, style = images(args.size)
    weights = load_vgg19().get_weights()
    tutorial = TutorialRun(content, style, weights)
    run = nst.StyleTransfer(content, style)

    def timed(step, image):
        """Seconds per step for ``args.steps`` steps: (wall clock, CPU time of this process)."""
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.steps):
            step()
        image.numpy()  # wait for the last step
        return ((time.perf_counter() - wall) / args.steps,
                (time.process_time() - cpu) / args.steps)

    blocks = {"tutorial": lambda: timed(tutorial.step, tutorial.image),
              "package": lambda: timed(run.step, run.image)}
    for block in blocks.values():  # compile and warm up, untimed
        block()
    times = {"tutorial": [], "package": []}
    for r in range(args.repeats):
        for name in (["tutorial", "package"] if r % 2 == 0 else ["package", "tutorial"]):
            times[name].append(blocks[name]())

    print(f"parity step, {tuple(content.shape[1:3])} content, {tuple(style.shape[1:3])} style, "
          f"weights={nst.settings.weights}, {args.repeats} x {args.steps} steps each, "
          f"TensorFlow {tf.__version__}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    if nst.weights_note():
        print("(random weights: the timing is the same as with ImageNet weights; "
              "the pictures would not be)")
    for name, values in times.items():
        wall = [w for w, _ in values]
        cpu = [c for _, c in values]
        spread = ", ".join(f"{v * 1e3:.0f}" for v in wall)
        print(f"{name:>9}: median {statistics.median(wall) * 1e3:8.1f} ms/step wall, "
              f"{statistics.median(cpu) * 1e3:8.1f} ms/step CPU   [wall: {spread}]")
    # Blocks run next to each other are compared with each other, so that a machine that
    # gets busier or quieter during the run affects both sides of each ratio alike.
    paired = {kind: statistics.median(p[k] / t[k] for p, t in zip(times["package"],
                                                                     times["tutorial"]))
              for k, kind in enumerate(("wall", "CPU"))}
    tut = statistics.median(w for w, _ in times["tutorial"])
    pkg = statistics.median(w for w, _ in times["package"])
    print(f"    ratio: package / tutorial = {pkg / tut:.3f} (medians, wall), "
          f"{paired['wall']:.3f} (median of paired blocks, wall), "
          f"{paired['CPU']:.3f} (paired, CPU time)  (target <= 1.05)")


if __name__ == "__main__":
    main()
