"""Timing this machine, and the profile a notebook uses (every notebook's setup cell).

A step of style transfer (one forward and one backward pass through VGG19)
takes 0.1 s on one computer and 3 s on another, so a fixed image size and
number of steps cannot promise a time. The laptop profile promises the time
instead: :func:`time_this_machine` measures a few steps at two small sizes and
:func:`~nst_tutorial.base.profiles.choose_plan` turns its budget of seconds into
the largest image and the most steps that fit. The measurement is kept in the
course's cache folder (``pace.json``), so the notebooks after 00 reuse it; it
is taken again on another machine, another TensorFlow, or with other settings.

:func:`use_profile` is the last line of every notebook's setup: it chooses the
profile (the tutorial's on a GPU, the laptop's on a CPU, unless
``NST_PROFILE`` says otherwise), makes the laptop's plan, lets the first cell
that needs VGG19 carry on with random weights when the ImageNet weights cannot
be had, and prints one line: the profile in force and how to switch.

Notebook 00 introduces this.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import platform
import statistics
import time
from pathlib import Path

import tensorflow as tf

from .._plumbing.files import write_bytes_atomically
from ..base.language import pad, tr
from ..base.profiles import TUTORIAL, Plan, choose_plan
from ..base.settings import configure, settings
from ..runs.adam import StyleTransfer
from ..runs.weights import load_vgg19
from ..tutorial.features import StyleContentModel
from ..tutorial.images import load_img
from .data import sample_path
from .plotting import use_language_fonts

#: The sizes timed (long side, pixels). Step times are interpolated between them and
#: scaled with the number of pixels above the largest (which overestimates a little:
#: per pixel, a large image costs slightly less).
PROBE_SIZES = (128, 256)

#: The shape of the tutorial's Labrador (422 x 512): the course's images are timed at it.
ASPECT = 422 / 512

#: Steps timed per size after the first (which compiles the step and is timed apart).
PROBE_STEPS = 2

#: The sizes timed in the quick profile (tests), where the timing only has to run.
QUICK_PROBE_SIZES = (48, 64)

#: Seconds a notebook spends on other things than steps and compiling: imports, building
#: the network, drawing: roughly, a notebook's time less its steps, in benchmarks/notebooks.py runs
#: on a 2-core CPU (README).
OVERHEAD = {"06": 25.0, "07": 20.0, "08": 35.0}

_FILE = "pace.json"


def bfloat16_instructions() -> bool:
    """True on a CPU with AVX-512 BF16 or AMX-BF16 instructions (read from /proc/cpuinfo).

    Without them TensorFlow emulates bfloat16 and a step is several times
    *slower* than in float32; elsewhere than Linux this says False.
    """
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    flags = next((line for line in text.splitlines() if line.startswith("flags")), "").split()
    return "avx512_bf16" in flags or "amx_bf16" in flags


def machine() -> dict:
    """What a timing belongs to: the computer, its cores, TensorFlow and the settings that matter."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count()
    return {"node": platform.node(), "processor": platform.processor() or platform.machine(),
            "cores": cores, "tensorflow": tf.__version__,
            "gpus": len(tf.config.list_physical_devices("GPU")),
            "bfloat16": bool(settings.bfloat16 and bfloat16_instructions())}


@dataclasses.dataclass
class Timing:
    """Measured seconds of one Adam step, ``steps[precision][size]``, and of compiling a run.

    ``precision`` is ``"float32"`` or ``"mixed"`` (bfloat16), ``size`` a long
    side of :data:`PROBE_SIZES`; ``compile`` is the extra time of a run's first
    step at the largest probe size (tracing and compiling the step).
    """

    steps: dict
    compile: float
    machine: dict
    measured: str = ""

    @property
    def adam_precision(self) -> str:
        """The faster arithmetic for Adam runs: ``"mixed"`` where it is 1.2 times faster or more.

        (Measured in the README: Adam in bfloat16 reaches float32's loss sooner.)
        """
        size = max(self.steps["float32"])
        if "mixed" in self.steps and self.steps["mixed"][size] * 1.2 <= self.steps["float32"][size]:
            return "mixed"
        return "float32"

    def seconds_per_step(self, max_dim: int, precision: str = "float32") -> float:
        """Seconds of one step on an image of long side ``max_dim`` (Labrador-shaped)."""
        measured = self.steps.get(precision) or self.steps["float32"]
        (small, t_small), (large, t_large) = sorted(measured.items())[:1] + sorted(
            measured.items())[-1:]
        pixels = _pixels(max_dim)
        if max_dim >= large:
            return t_large * pixels / _pixels(large)
        if max_dim <= small:
            return t_small * pixels / _pixels(small)
        fraction = (pixels - _pixels(small)) / (_pixels(large) - _pixels(small))
        return t_small + fraction * (t_large - t_small)

    def plan(self) -> Plan:
        """The laptop profile's plan on this machine."""
        return choose_plan(self.seconds_per_step, self.adam_precision)

    def minutes(self, plan: Plan) -> dict:
        """Minutes to expect for notebooks 06, 07 (after 06) and 08 with ``plan``'s values.

        06: the full run and the balance experiment (two runs of half the
        steps); 07: the run with total variation (it starts from 06's result);
        08: about eleven experiments of ``evaluations`` float32 evaluations.
        """
        adam = self.seconds_per_step(plan.max_dim, plan.precision)
        f32 = self.seconds_per_step(plan.max_dim, "float32")
        half = max(1, plan.epochs // 2) * plan.steps_per_epoch
        probe = _pixels(max(self.steps["float32"]))
        compile_ = self.compile * max(1.0, _pixels(plan.max_dim) / probe) ** 0.5
        seconds = {
            "06": OVERHEAD["06"] + 4 * compile_ + (plan.steps + 2 * half + 6) * adam,
            "07": OVERHEAD["07"] + compile_ + plan.steps * adam,
            "08": OVERHEAD["08"] + 9 * compile_ + 11.25 * plan.evaluations * f32,
        }
        return {k: v / 60 for k, v in seconds.items()}


def _pixels(max_dim: int) -> int:
    return int(max_dim * ASPECT) * max_dim


def time_this_machine(print_it: bool = True, *, save: bool = True) -> Timing:
    """Time Adam steps here at :data:`PROBE_SIZES`, in float32 and (on CPUs with bfloat16
    instructions) in bfloat16; keep the result in ``pace.json`` and return it. (In the quick
    profile, at :data:`QUICK_PROBE_SIZES`.)

    With ``print_it``, also print the time of one step and the minutes to
    expect for notebooks 06, 07 and 08 at the profile in force and at the
    tutorial's. Takes 10 to 40 seconds.
    """
    with _quiet_retracing():
        timing = _measure()
    if save and not settings.quick:  # a quick timing must not stand in for a real one
        _save(timing)
    if print_it:
        print_estimates(timing)
    return timing


@contextlib.contextmanager
def _quiet_retracing():
    """Hide TensorFlow's warning that several runs compiled their step (each run must)."""
    logger = tf.get_logger()
    level = logger.level
    logger.setLevel("ERROR")
    try:
        yield
    finally:
        logger.setLevel(level)


def _measure() -> Timing:
    cat, composition = load_img(sample_path("cat"), None), load_img(sample_path("composition"))
    here = machine()
    precisions = ["float32"] + (["mixed"] if here["bfloat16"] else [])
    steps, compile_ = {}, 0.0
    sizes = QUICK_PROBE_SIZES if settings.quick else PROBE_SIZES
    for precision in precisions:
        extractor = StyleContentModel(vgg=load_vgg19(precision=precision))
        steps[precision] = {}
        for size in sizes:
            content = tf.image.resize(cat, (int(size * ASPECT), size), antialias=True)
            style = tf.image.resize(composition, (int(size * 0.75), size), antialias=True)
            transfer = StyleTransfer(content, style, extractor=extractor)
            t0 = time.perf_counter()
            transfer.step()
            first = time.perf_counter() - t0
            transfer.run(PROBE_STEPS)
            times = [b["time"] - a["time"] for a, b in zip(transfer.history, transfer.history[1:])]
            steps[precision][size] = statistics.median(times)
            if precision == "float32" and size == max(sizes):
                compile_ = max(0.0, first - steps[precision][size])
    return Timing(steps, compile_, here, time.strftime("%Y-%m-%d %H:%M"))


def print_estimates(timing: Timing) -> None:
    """One step's time here, and the minutes of 06, 07 and 08 at the profile in force and the tutorial's."""
    size = max(timing.steps["float32"])
    float32, at_512 = timing.steps["float32"][size], timing.seconds_per_step(512)
    if "mixed" in timing.steps:
        print(tr("One step at {size} px takes {float32:.2f} s here in float32, {bfloat16:.2f} s "
                 "in bfloat16 (at 512 px, about {at_512:.1f} s in float32).", size=size,
                 float32=float32, bfloat16=timing.steps["mixed"][size], at_512=at_512))
    else:
        print(tr("One step at {size} px takes {float32:.2f} s here in float32 (at 512 px, about "
                 "{at_512:.1f} s in float32).", size=size, float32=float32, at_512=at_512))
    plans = {settings.profile_name: settings.values, "tutorial": TUTORIAL}
    if settings.profile_name == "laptop":
        plans["laptop"] = settings.plan or timing.plan()
    in_force = {name: tr("{name} (in force)", name=name) if name == settings.profile_name
                else name for name in plans}
    print(" " * 24 + "".join(pad(in_force[name], 28, ">") for name in plans))
    print(" " * 24 + "".join(pad(_short(p), 28, ">") for p in plans.values()))
    names = {"06": tr("06 gradient descent"), "07": tr("07 total variation"),
             "08": tr("08 going further")}
    rows = {name: timing.minutes(p) for name, p in plans.items()}
    for key, label in names.items():
        print(pad(label, 24) + "".join(pad(_say_minutes(rows[n][key]), 28, ">") for n in plans))


def _short(plan: Plan) -> str:
    bf = ", bf16" if plan.precision == "mixed" else ""
    return f"{plan.max_dim} px, {plan.epochs} x {plan.steps_per_epoch}{bf}"


def _say_minutes(minutes: float) -> str:
    if minutes >= 1.5:
        return tr("about {minutes:.0f} min", minutes=minutes)
    return tr("about {seconds:.0f} s", seconds=minutes * 60)


def _path() -> Path:
    return settings.cache_dir / _FILE


def _save(timing: Timing) -> None:
    write_bytes_atomically(_path(), json.dumps(dataclasses.asdict(timing), indent=1).encode())


def saved_timing() -> Timing | None:
    """The timing kept in ``pace.json``, if it was taken on this machine with these settings."""
    try:
        data = json.loads(_path().read_text())
        data["steps"] = {p: {int(k): float(v) for k, v in d.items()}
                         for p, d in data["steps"].items()}
        timing = Timing(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    same = timing.machine == machine() and set(timing.steps["float32"]) == set(PROBE_SIZES)
    return timing if same else None


def use_profile(profile: str | None = None) -> Plan:
    """Choose the profile for this notebook, and say in one line which it is and how to switch.

    ``profile`` (``"tutorial"``, ``"laptop"``, ``"quick"``) overrides
    ``NST_PROFILE``; by default ``auto`` becomes the tutorial's where TensorFlow
    finds a GPU and the laptop's where it does not. The laptop profile's plan
    comes from this machine's timing (:func:`saved_timing`, or
    :func:`time_this_machine` the first time). Also switches on
    ``settings.weights_fallback``: without the ImageNet weights, the first cell
    that needs VGG19 warns and carries on with random weights. Returns the plan.
    """
    configure(weights_fallback=True)
    if profile is not None:
        configure(profile=profile)
    if settings.profile == "auto":
        settings.profile = "tutorial" if tf.config.list_physical_devices("GPU") else "laptop"
    if settings.profile == "laptop" and settings.plan is None:
        timing = saved_timing()
        if timing is None:
            print(tr("Timing this machine once for the laptop profile (10 to 40 s)..."))
            timing = time_this_machine(print_it=False)
        settings.plan = timing.plan()
    plan = settings.values
    if not use_language_fonts():  # so that the notebook's own plots can have Chinese titles too
        print(tr("The plots' Chinese needs a font with Chinese characters, and this machine has "
                 "none: install one (Colab, Debian, Ubuntu: !apt-get -qq install fonts-noto-cjk), "
                 "then restart the kernel."))
    if settings.profile == "tutorial" and tf.config.list_physical_devices("GPU"):
        print(tr("Profile: tutorial ({plan}: the official tutorial's values).",
                 plan=plan.describe(tr)))
    elif settings.profile == "tutorial":
        print(tr("Profile: tutorial ({plan}: the official tutorial's values). Without a GPU the "
                 "long runs take a while: nst.use_profile('laptop') fits them to this machine.",
                 plan=plan.describe(tr)))
    elif settings.profile == "laptop":
        print(tr("Profile: laptop, made for CPUs ({plan} on this machine). For the tutorial's "
                 "512 px and 10 x 100 steps: nst.use_profile('tutorial') here, or "
                 "NST_PROFILE=tutorial before starting Jupyter.", plan=plan.describe(tr)))
    else:
        print(tr("Profile: quick ({plan}, for tests). For the tutorial's: "
                 "nst.use_profile('tutorial') here, or NST_PROFILE=tutorial before starting "
                 "Jupyter.", plan=plan.describe(tr)))
    return plan
