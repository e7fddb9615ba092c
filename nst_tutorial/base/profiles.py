"""Course profiles: how much work the notebooks do, chosen by one setting (``NST_PROFILE``).

A profile gives the notebooks their image size, their number of steps and the
arithmetic of their network. With the default setting (``auto``) the package's
functions and the command line keep the tutorial's values, and only what the
notebooks run changes (each notebook calls ``use_profile``). A profile chosen
with ``NST_PROFILE`` or ``configure(profile=...)`` also sets the default image
size of ``load_img`` and the command line's size and steps.

``tutorial``
    The official tutorial's values: images of 512 px, 10 epochs of 100 steps,
    float32. The default where TensorFlow finds a GPU.
``laptop``
    Made for CPUs, the default where there is no GPU. Its values are not fixed:
    they come from a budget of seconds that :mod:`nst_tutorial.course.pace`
    turns into an image size and a number of steps by timing this machine, so
    that every notebook ends within about five minutes on any CPU.
``quick``
    64 px images and a handful of steps, for tests (``NST_QUICK=1`` means this).

:class:`Plan` holds the values a profile gives; :func:`choose_plan` makes the
laptop profile's plan from measured step times. Nothing here imports TensorFlow.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable

from .errors import SettingsError

#: The profiles' names, in the order the documentation lists them.
PROFILE_NAMES = ("tutorial", "laptop", "quick")

#: The long sides the laptop profile chooses from, in pixels, largest first.
SIZES = (512, 448, 384, 352, 320, 288, 256, 224, 192, 160, 128)

#: The laptop profile's budget: seconds for one epoch of the Adam runs of notebooks 06 and 07
#: (ten epochs make one run, about 100 s), and seconds for the ``evaluations`` of one
#: L-BFGS experiment of notebook 08 (it runs about eleven of them).
EPOCH_SECONDS = 10.0
EVALUATION_SECONDS = 20.0

#: The fewest Adam steps per epoch the laptop profile accepts before it makes the image
#: smaller (300 steps in all: a picture that is clearly painted), and the most (the
#: tutorial's 100). The same bounds for notebook 08's evaluations.
MIN_STEPS_PER_EPOCH, MAX_STEPS_PER_EPOCH = 30, 100
MIN_EVALUATIONS, MAX_EVALUATIONS = 10, 100


@dataclasses.dataclass(frozen=True)
class Plan:
    """What the notebooks run: the values one profile gives on one machine.

    ``max_dim``: long side of loaded images, in pixels. ``epochs`` x
    ``steps_per_epoch``: the Adam runs of notebooks 06, 07 and 10.
    ``evaluations``: the loss evaluations of each experiment of notebook 08
    (its comparison of optimizers gets twice as many). ``precision``: the
    arithmetic of the network in the Adam runs of 06 and 07 (``"float32"``, the
    tutorial's, or ``"mixed"``: bfloat16 on CPUs with bfloat16 instructions).
    """

    profile: str
    max_dim: int
    epochs: int
    steps_per_epoch: int
    evaluations: int
    precision: str = "float32"

    @property
    def steps(self) -> int:
        """Steps of one full Adam run: ``epochs * steps_per_epoch``."""
        return self.epochs * self.steps_per_epoch

    def describe(self, tr=str.format) -> str:
        """``"images up to 512 px, 10 x 100 steps (float32)"``; in another language with
        ``tr`` (:func:`nst_tutorial.base.language.tr`)."""
        precision = "bfloat16" if self.precision == "mixed" else self.precision
        return tr("images up to {max_dim} px, {epochs} x {steps} steps ({precision})",
                  max_dim=self.max_dim, epochs=self.epochs, steps=self.steps_per_epoch,
                  precision=precision)


#: The fixed profiles.
TUTORIAL = Plan("tutorial", 512, 10, 100, 100)
QUICK = Plan("quick", 64, 2, 3, 3)

#: What the laptop profile gives before this machine has been timed (notebooks time it
#: first; scripts that ask for the laptop profile get these): the plan of a 2-core AVX2 CPU
#: that takes 0.23 s per step at 128 px and 0.78 s at 256 px (the README's benchmark).
LAPTOP_UNTIMED = Plan("laptop", 128, 10, 40, 85)

#: What the laptop profile gives up against the tutorial's settings, for notebooks and the README.
LAPTOP_GIVES_UP = (
    "smaller images (the size this machine can afford, 512 px at most), fewer steps per "
    "epoch (30 to 100 instead of 100; fewer on slow machines), bfloat16 instead of float32 "
    "in the Adam runs of notebooks 06 and 07 on CPUs with bfloat16 instructions, and "
    "smaller budgets for the experiments of notebook 08"
)


def parse_profile(value: str, name: str = "NST_PROFILE") -> str:
    """``"tutorial"``, ``"laptop"``, ``"quick"``, or ``"auto"`` (empty or ``auto``)."""
    v = str(value).strip().lower()
    if v in ("", "auto"):
        return "auto"
    if v not in PROFILE_NAMES:
        raise SettingsError(
            f"{name}={value!r} is not a profile: use {', '.join(PROFILE_NAMES)} or auto "
            "(the tutorial's where there is a GPU, the laptop's where there is none)."
        )
    return v


def choose_plan(seconds_per_step: Callable[[int, str], float], precision: str = "float32",
                *, epochs: int = 10) -> Plan:
    """The laptop profile's plan for a machine whose step times are ``seconds_per_step``.

    ``seconds_per_step(max_dim, precision)`` gives the seconds of one Adam step
    (one forward and backward pass through VGG19) on images of that long side.
    ``precision`` is the one the Adam runs use. The image is the largest of
    :data:`SIZES` on which an epoch of :data:`MIN_STEPS_PER_EPOCH` steps fits in
    :data:`EPOCH_SECONDS`, and on which :data:`MIN_EVALUATIONS` float32
    evaluations fit in :data:`EVALUATION_SECONDS` (the smallest when none does);
    then it gets as many steps and evaluations as fit, up to the maxima (at the
    smallest size, when even the minima do not fit, down to 5 of each).
    """
    def fits(size: int) -> bool:
        return (MIN_STEPS_PER_EPOCH * seconds_per_step(size, precision) <= EPOCH_SECONDS
                and MIN_EVALUATIONS * seconds_per_step(size, "float32") <= EVALUATION_SECONDS)

    size = next((s for s in SIZES if fits(s)), SIZES[-1])
    steps = _count(EPOCH_SECONDS / seconds_per_step(size, precision),
                   MIN_STEPS_PER_EPOCH // 6, MAX_STEPS_PER_EPOCH)
    evaluations = _count(EVALUATION_SECONDS / seconds_per_step(size, "float32"),
                         MIN_EVALUATIONS // 2, MAX_EVALUATIONS)
    return Plan("laptop", size, epochs, steps, evaluations, precision)


def _count(n: float, low: int, high: int) -> int:
    """``n`` rounded down (to a multiple of 5 from 10 up), kept between ``low`` and ``high``."""
    n = math.floor(n) if math.isfinite(n) else high
    if n >= 10:
        n -= n % 5
    return max(low, min(high, n))
