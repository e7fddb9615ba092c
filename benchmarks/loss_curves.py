"""Adam and L-BFGS side by side: the lowest loss after each number of evaluations.

Where ``speedup.py`` asks "how long until the tutorial's final loss?", this asks
"how far has each optimizer got after n evaluations?" (one evaluation: one
forward and one backward pass through VGG19, what both optimizers pay for).
Both start from the content image, with the package's defaults: the tutorial's
loss, weights and Adam settings, and L-BFGS-B with the pixels kept in [0, 1].

Run it from the repository's root, as a module:

    python -m benchmarks.loss_curves                          # 512 px, 150 evaluations
    python -m benchmarks.loss_curves --size 256 --evaluations 300
"""

from __future__ import annotations

import argparse
import sys
import time

import nst_tutorial as nst  # first, so TensorFlow starts without its start-up messages
import numpy as np
from benchmarks.common import image_pair


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=512, help="long side in pixels (default 512)")
    p.add_argument("--evaluations", type=int, default=150, help="per optimizer (default 150)")
    p.add_argument("--points", type=int, default=10, help="columns to print (default 10)")
    args = p.parse_args(argv)

    content, style = image_pair(args.size)
    extractor = nst.StyleContentModel(vgg=nst.load_vgg19())
    every = max(1, args.evaluations // args.points)
    marks = list(range(every, args.evaluations + 1, every))
    print(f"\nLowest total loss after n evaluations (starting loss: "
          f"{float(nst.StyleTransfer(content, style, extractor=extractor).loss(content)['total']):.4g})")
    print(f"  {'n':<8}" + "".join(f"{n:>10}" for n in marks) + f"{'seconds':>10}")
    for name, kind in [("Adam", nst.StyleTransfer), ("L-BFGS", nst.LBFGSStyleTransfer)]:
        t0 = time.perf_counter()
        run = kind(content, style, extractor=extractor).run(args.evaluations)
        lowest = np.minimum.accumulate(run.losses["total"])  # the lowest so far
        print(f"  {name:<8}" + "".join(f"{lowest[n - 1]:10.4g}" for n in marks)
              + f"{time.perf_counter() - t0:10.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
