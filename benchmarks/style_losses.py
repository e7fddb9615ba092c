"""What each style statistic costs per step, against the Gram matrix's; and what averaging gives.

For each kind of style loss (gram, mean_std, mean_cov, sliced) one Adam run
on the default image pair: the median seconds of its steps after the first
(which compiles). The kinds are timed in turn, three rounds, so a change in
the machine's load shows as a difference between the rounds; the ratio to
Gram's is that of the fastest rounds, the least disturbed. Then one Gram run with ``average``: the total loss of the
average image against that of the last image.

Run it from the repository's root, as a module:

    python -m benchmarks.style_losses --size 256 --steps 12
"""

from __future__ import annotations

import argparse
import platform
import statistics

import nst_tutorial as nst  # first, so TensorFlow starts without its start-up messages
import tensorflow as tf
from benchmarks.common import full_size_loss, image_pair

KINDS = ("gram", "mean_std", "mean_cov", "sliced")


def step_seconds(content, style, extractor, kind: str, steps: int) -> float:
    transfer = nst.StyleTransfer(content, style, extractor=extractor, style_loss=kind)
    transfer.run(steps)
    times = [b["time"] - a["time"] for a, b in zip(transfer.history[1:], transfer.history[2:])]
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=256, help="long side in pixels (default 256)")
    p.add_argument("--steps", type=int, default=12, help="Adam steps timed per kind (default 12)")
    p.add_argument("--average-steps", type=int, default=100,
                   help="steps of the averaging run (default 100; 0 skips it)")
    p.add_argument("--average", type=float, default=0.9, help="its average's weight (default 0.9)")
    args = p.parse_args(argv)
    print(f"{platform.processor() or platform.machine()}, TensorFlow {tf.__version__}")
    content, style = image_pair(args.size)
    extractor = nst.StyleContentModel(vgg=nst.load_vgg19())
    seconds = {kind: [] for kind in KINDS}
    for _ in range(3):
        for kind in KINDS:
            seconds[kind].append(step_seconds(content, style, extractor, kind, args.steps))
    gram = min(seconds["gram"])
    print(f"{'kind':<10}{'s per step (three rounds)':>28}{'x Gram':>9}")
    for kind in KINDS:
        runs = ", ".join(f"{s:.3f}" for s in seconds[kind])
        print(f"{kind:<10}{runs:>28}{min(seconds[kind]) / gram:>9.2f}")
    if args.average_steps:
        transfer = nst.StyleTransfer(content, style, extractor=extractor, average=args.average)
        transfer.run(args.average_steps)
        loss = full_size_loss(content, style)
        print(f"After {args.average_steps} Adam steps, average {args.average}: total loss of the "
              f"last image {float(loss(transfer.image)):.4g}, of the average image "
              f"{float(loss(transfer.average_image)):.4g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
