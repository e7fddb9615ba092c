"""How much sooner does the project's fastest setting reach the tutorial's result?

One run, one machine, the same images and the same VGG19 weights for everything:

1. the baseline: the tutorial's Adam loop (``tests/helpers/reference.py``, written from its
   published settings), for its budget (1000 steps: 10 epochs x 100, with total variation);
2. the project's settings: L-BFGS at full size and L-BFGS coarse-to-fine, each in float32 and
   in mixed precision, and the tutorial's Adam in mixed precision (what the laptop profile runs
   on CPUs with bfloat16 instructions), each stopped as soon as it reaches the baseline's final
   loss, or after as many full-size evaluations as the baseline took (twice as many for
   Adam in mixed precision).

Every loss that decides "reached" is the full-size float32 loss (style + content + total
variation, the tutorial's weights); evaluating it for a mixed-precision run is not timed.
Times are wall-clock, compiling and target computation included, from the first line of
the run to the evaluation that reaches the loss.

It also prints the median time of one forward-backward evaluation per image size and
precision, with the achieved GFLOP/s against a matrix-multiply peak measured in the same
run, and the peak memory (RSS) after each part.

Run it from the repository's root, as a module:

    python -m benchmarks.speedup --quick              # random weights, 128 px, 300 steps
    python -m benchmarks.speedup                      # 512 px, 1000 baseline steps
    python -m benchmarks.speedup --size 256 --baseline-steps 300
    python -m benchmarks.speedup --races adam-mixed,lbfgs-mixed   # only these, in this order
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time

import nst_tutorial as nst  # first: TensorFlow starts without its start-up lines
import numpy as np
import tensorflow as tf
from benchmarks.common import full_size_loss, image_pair
from tests.helpers.reference import TutorialRun

from nst_tutorial._plumbing.files import atomic_write
from nst_tutorial.further.network import compute_dtype
from nst_tutorial.runs.weights import load_vgg19
from nst_tutorial.further.pyramid import resize_by


PROGRESS_EVERY = 100  # full-size evaluations between two progress lines of a race
RACES = ("c2f-float32", "lbfgs-float32", "c2f-mixed", "lbfgs-mixed", "adam-mixed")


def races_list(text: str) -> list[str]:
    """``--races``: names from RACES, separated by commas."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in RACES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown race {', '.join(unknown) or '(none given)'}; choose from {', '.join(RACES)}")
    return names


class _Reached(Exception):
    """Raised from a callback to stop a run the moment it reaches the target loss."""


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# ------------------------------------------------------------------ the tutorial's loop
def tutorial_adam(content_image, style_image, vgg_weights, steps, checkpoint_every):
    """The tutorial's Adam loop (``tests/helpers/reference.py``); returns [(step, time, image)] checkpoints.

    The clock starts before the model is built and stops while a checkpoint
    image is copied out.
    """
    t0 = time.perf_counter()
    run = TutorialRun(content_image, style_image, vgg_weights)
    checkpoints, paused = [], 0.0
    for step in range(1, steps + 1):
        run.step()
        if step % checkpoint_every == 0 or step == steps:
            t = time.perf_counter()
            checkpoints.append((step, t - t0 - paused, run.image.numpy()))
            paused += time.perf_counter() - t
    return checkpoints


# ------------------------------------------------------------------------------ counting
def conv_flops(size: tuple[int, int]) -> float:
    """Multiply-adds x 2 of the VGG19 convolutions up to block5_conv2 for an ``H x W`` image."""
    model = nst.StyleContentModel(vgg=nst.load_vgg19()).vgg
    h, w = size
    flops = 0.0
    for layer in model.layers:
        if isinstance(layer, tf.keras.layers.Conv2D):
            kh, kw, cin, cout = layer.kernel.shape
            flops += 2.0 * h * w * kh * kw * cin * cout
        elif "pool" in layer.name:
            h, w = h // 2, w // 2
    return flops


def matmul_peak(dtype, n: int, repeats: int = 5) -> float:
    """GFLOP/s of an ``n x n`` matrix multiply in ``dtype`` (the best of ``repeats``)."""
    a = tf.random.normal([n, n], dtype=tf.float32)
    a = tf.cast(a, dtype)
    mm = tf.function(lambda x: tf.reduce_sum(tf.cast(tf.matmul(x, x), tf.float32)))
    mm(a)
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        mm(a).numpy()
        best = min(best, time.perf_counter() - t0)
    return 2.0 * n**3 / best / 1e9


def step_times(content, style, precision, repeats):
    """Median seconds of one forward-backward evaluation (loss and gradient)."""
    extractor = nst.StyleContentModel(vgg=nst.load_vgg19(precision=precision))
    run = nst.StyleTransfer(content, style, extractor=extractor)

    @tf.function
    def evaluate(image):
        with tf.GradientTape() as tape:
            tape.watch(image)
            loss = run.loss(image)["total"]
        return loss, tape.gradient(loss, image)

    evaluate(content)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        _, grad = evaluate(content)
        grad.numpy()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ------------------------------------------------------------------------------- running
def run_race(name, make, content, target, yardstick, needs_yardstick):
    """Run ``make(callback)`` until the full-size float32 loss reaches ``target``.

    Returns a dict: reached, seconds, evaluations per image size, curve [(seconds, loss)].
    """
    t0 = time.perf_counter()
    paused = 0.0
    result = {"name": name, "reached": False, "evaluations": {}, "curve": []}

    def callback(run):
        nonlocal paused
        now = time.perf_counter()
        elapsed = now - t0 - paused
        size = "x".join(map(str, run.image.shape[1:3]))
        result["evaluations"][size] = result["evaluations"].get(size, 0) + 1
        if tuple(run.image.shape) == tuple(content.shape):
            loss = float(yardstick(run.image)) if needs_yardstick else run.history[-1]["total"]
            result["curve"].append((elapsed, loss))
            if loss <= target:
                result["reached"], result["seconds"] = True, elapsed
                raise _Reached
            if len(result["curve"]) % PROGRESS_EVERY == 0:  # a long race shows it is alive
                print(f"      {len(result['curve'])} full-size evaluations, {elapsed:.0f} s, "
                      f"loss {loss:.6g} (to reach: {target:.6g})", flush=True)
        paused += time.perf_counter() - now

    try:
        make(callback)
    except _Reached:
        pass
    result["total_evaluations"] = sum(result["evaluations"].values())
    done = f"reached in {result['seconds']:.1f} s" if result["reached"] else "not reached"
    print(f"  ... {name}: {done}, {result['total_evaluations']} evaluations", flush=True)
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="random weights, 128 px, 300 baseline steps: a few minutes")
    p.add_argument("--size", type=int, help="long side in pixels (default 512; 128 with --quick)")
    p.add_argument("--baseline-steps", type=int,
                   help="steps of the tutorial's loop (default 1000; 300 with --quick)")
    p.add_argument("--coarse", type=float, default=0.5,
                   help="scale of the coarse level (default 0.5)")
    p.add_argument("--coarse-steps", type=int,
                   help="evaluations at the coarse level (default: a fifth of the baseline's)")
    p.add_argument("--repeats", type=int, default=5, help="timed evaluations per size/precision")
    p.add_argument("--no-mixed-race", action="store_true",
                   help="time mixed precision per evaluation only (useful on CPUs without "
                        "bfloat16 instructions, where it is slow)")
    p.add_argument("--no-full-size-race", action="store_true",
                   help="skip the races of L-BFGS at full size only")
    p.add_argument("--races", type=races_list, default=list(RACES),
                   help="which races to run, in this order, separated by commas "
                        f"(default: all, {','.join(RACES)})")
    p.add_argument("--json", help="also write the figures to this file")
    args = p.parse_args(argv)
    if args.quick:
        nst.configure(weights="random")
    size = args.size or (128 if args.quick else 512)
    steps = args.baseline_steps or (300 if args.quick else 1000)
    coarse_steps = args.coarse_steps or max(10, steps // 5)
    cap = steps  # no run gets more full-size evaluations than the baseline

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"TensorFlow {tf.__version__}, "
          f"{'GPU' if tf.config.list_physical_devices('GPU') else 'CPU only'}")
    content, style = image_pair(size)
    vgg_weights = load_vgg19().get_weights()
    report = {"size": size, "baseline_steps": steps, "weights": nst.settings.weights,
              "complete": False}

    # 1. The baseline.
    checkpoints = tutorial_adam(content, style, vgg_weights, steps, max(1, steps // 10))
    yardstick = full_size_loss(content, style)
    curve = [(t, float(yardstick(tf.constant(img)))) for _, t, img in checkpoints]
    target, baseline_seconds = curve[-1][1], curve[-1][0]
    report["baseline"] = {"loss": target, "seconds": baseline_seconds, "evaluations": steps,
                          "curve": curve, "peak_rss_mib": peak_rss_mib()}
    start_loss = float(yardstick(content))
    report["baseline"]["start_loss"] = start_loss
    print(f"\nBaseline (the tutorial's Adam loop, {steps} steps): loss {target:.6g} "
          f"after {baseline_seconds:.1f} s (it started at {start_loss:.6g})   "
          f"[peak RSS {peak_rss_mib():.0f} MiB]")
    save(report, args.json)
    if target >= start_loss:
        print("Warning: the baseline ended above the loss it started from, so any run reaches "
              "its loss at once and the race says nothing. Give it more steps "
              "(--baseline-steps).")

    # 2. The project's settings, each racing to the baseline's loss.
    extractors = {p: nst.StyleContentModel(vgg=nst.load_vgg19(precision=p)) for p in ("float32", "mixed")}

    def lbfgs(precision):
        def make(callback):
            nst.LBFGSStyleTransfer(content, style, extractor=extractors[precision]).run(
                cap, callback)
        return make

    def adam(precision):
        # Adam in bfloat16 needs more steps than in float32 for the same loss (each one costs
        # less): it may take up to twice the baseline's.
        def make(callback):
            nst.StyleTransfer(content, style, extractor=extractors[precision]).run(
                2 * cap, callback)
        return make

    def coarse_to_fine(precision):
        def make(callback):
            nst.CoarseToFine(content, style, [(args.coarse, coarse_steps), (1.0, cap)],
                             extractor=extractors[precision]).run(callback)
        return make

    mixed = compute_dtype("mixed")
    coarse = f"L-BFGS coarse-to-fine ({args.coarse:g} x {coarse_steps})"
    settings = {  # name in --races: (what the tables call it, the run, needs the yardstick)
        "c2f-float32": (f"{coarse}, float32", coarse_to_fine("float32"), False),
        "lbfgs-float32": ("L-BFGS, full size only, float32", lbfgs("float32"), False),
        "c2f-mixed": (f"{coarse}, mixed {mixed}", coarse_to_fine("mixed"), True),
        "lbfgs-mixed": (f"L-BFGS, full size only, mixed {mixed}", lbfgs("mixed"), True),
        "adam-mixed": (f"Adam (the tutorial's settings), mixed {mixed}", adam("mixed"), True),
    }
    chosen = [name for name in args.races
              if not (args.no_mixed_race and name.endswith("mixed"))
              and not (args.no_full_size_race and name.startswith("lbfgs"))]
    report["races"] = races = []
    for name in chosen:
        races.append(run_race(*settings[name][:2], content, target, yardstick, settings[name][2]))
        save(report, args.json)
    print(f"\nTime to reach the baseline's loss ({target:.6g}), full-size float32 loss:")
    print(f"  {'setting':<48} {'seconds':>8} {'speed-up':>9} {'evaluations'}")
    print(f"  {'tutorial Adam (baseline)':<48} {baseline_seconds:8.1f} {1:8.1f}x {steps}")
    for r in races:
        if r["reached"]:
            r["speedup"] = baseline_seconds / r["seconds"]
            secs, speed = f"{r['seconds']:8.1f}", f"{r['speedup']:8.1f}x"
        else:
            secs, speed = f"{'not':>8}", f"{'reached':>9}"
        evals = " + ".join(f"{n} at {s}" for s, n in r["evaluations"].items())
        print(f"  {r['name']:<48} {secs} {speed} {evals}")
    report["peak_rss_mib_after_races"] = peak_rss_mib()

    # 3. Step time per size and precision, against a matrix-multiply peak.
    n = 1024 if size <= 128 else 2048
    peaks = {"float32": matmul_peak(tf.float32, n), mixed: matmul_peak(tf.as_dtype(mixed), n)}
    print(f"\nMatrix-multiply peak ({n} x {n}): "
          + ", ".join(f"{k} {v:.0f} GFLOP/s" for k, v in peaks.items()))
    print("Forward-backward evaluation (FLOPs: the VGG19 convolutions up to block5_conv2, "
          "x2 for the backward pass, which computes only input gradients: the weights are frozen)")
    print(f"  {'size':>9} {'precision':>9} {'median ms':>10} {'GFLOP':>7} {'GFLOP/s':>8} {'of peak':>8}")
    report["steps"] = []
    for scale in (args.coarse, 1.0):
        c, s = (resize_by(x, scale) for x in (content, style))
        flops = 2 * conv_flops(tuple(c.shape[1:3]))
        for precision, dtype in (("float32", "float32"), ("mixed", mixed)):
            seconds = step_times(c, s, precision, args.repeats)
            rate = flops / seconds / 1e9
            label = "x".join(map(str, c.shape[1:3]))
            print(f"  {label:>9} {dtype:>9} {seconds * 1e3:10.1f} {flops / 1e9:7.2f} "
                  f"{rate:8.1f} {rate / peaks[dtype]:8.0%}")
            report["steps"].append({"size": label, "dtype": dtype, "seconds": seconds,
                                    "gflop": flops / 1e9, "gflops": rate})
    report["matmul_peak_gflops"] = peaks
    report["peak_rss_mib"] = peak_rss_mib()
    print(f"\nPeak memory (RSS): {peak_rss_mib():.0f} MiB for the whole run "
          f"({report['baseline']['peak_rss_mib']:.0f} MiB after the baseline)")
    report["complete"] = True
    save(report, args.json)
    return 0


def save(report: dict, path: str | None) -> None:
    """Write the figures so far to ``path`` (atomically): a run stopped early keeps them."""
    if path:
        with atomic_write(path) as f:
            f.write(json.dumps(report, indent=1).encode())


if __name__ == "__main__":
    sys.exit(main())
