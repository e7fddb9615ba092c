"""A run's options, described once: the command line, the playground and the docs are made from here.

:class:`RunOptions` lists every option of one style transfer run with its
default (the tutorial's), the values it may take, a line of help and the
notebook that introduces it. :meth:`RunOptions.start` builds the run they
describe (Adam's, L-BFGS's or coarse-to-fine) as a :class:`Job`::

    options = RunOptions(optimizer="lbfgs", colors="luminance")
    job = options.start(content, [style], steps=300)
    job.optimise(callback)     # Ctrl-C / Stop: job.result() is still the best image so far
    picture = job.result()

To add an option: one field here (its default, range, help and notebook),
plus the code that uses it. ``nst-tutorial stylize --help``, the playground's
controls and ``docs/run-options.md`` (``python -m nst_tutorial.runs.options``
writes it) follow.
"""

from __future__ import annotations

import dataclasses
import math
import sys

import tensorflow as tf

from ..base.errors import SettingsError
from ..further import color, style_stats
from ..tutorial.features import StyleContentModel
from ..tutorial.losses import CONTENT_WEIGHT, STYLE_WEIGHT, TOTAL_VARIATION_WEIGHT
from ..tutorial.training import LEARNING_RATE
from .adam import StyleTransfer
from .coarse_to_fine import CoarseToFine
from .lbfgs import LBFGSStyleTransfer
from .weights import load_vgg19


def option(default, help: str, notebook: str, *, choices: dict | None = None,
           low: float | None = None, high: float | None = None,
           above_low: bool = False, below_high: bool = False,
           flags: tuple = (), label: str = "", slider: tuple | None = None):
    """A field of :class:`RunOptions`: its default and its description.

    ``choices`` maps each allowed value to what it does; ``low`` and ``high``
    bound a number (``above_low``, ``below_high``: the bound itself is not allowed).
    ``flags`` are the command line's names when they are not ``--<name>``.
    ``label`` is the playground's name for it: an option with a label has a
    control there, a drop-down list for choices, else a slider ``slider =
    (min, max, step)``.
    """
    meta = dict(help=help, notebook=notebook, choices=choices, low=low, high=high,
                above_low=above_low, below_high=below_high, flags=flags, label=label, slider=slider)
    return dataclasses.field(default=default, metadata=meta)


OPTIMIZERS = {
    "adam": "Adam(0.02, beta_1=0.99, epsilon=0.1), the tutorial's",
    "lbfgs": "L-BFGS-B, the paper's; one step is one loss evaluation",
}
COLORS = {
    "style": "the result takes the style image's colours (the tutorial's)",
    "luminance": "transfer on brightness only, then give back the content's colours",
    "histogram": "recolour the style image to the content's colour statistics first",
}


@dataclasses.dataclass
class RunOptions:
    """The options of one run; the defaults are the tutorial's."""

    optimizer: str = option("adam", "the optimiser", "08", choices=OPTIMIZERS, label="optimizer")
    colors: str = option("style", "whose colours the result has", "08", choices=COLORS,
                         flags=("--colors", "--colours"), label="colours")
    coarse_to_fine: float = option(
        0.0, "the fraction of the steps spent at half size first (0: off, the tutorial's)", "08",
        low=0.0, high=1.0, below_high=True, label="coarse-to-fine", slider=(0.0, 0.9, 0.1))
    style_weight: float = option(STYLE_WEIGHT, "weight of the style loss", "06", low=0.0)
    content_weight: float = option(CONTENT_WEIGHT, "weight of the content loss", "06", low=0.0)
    total_variation_weight: float = option(
        TOTAL_VARIATION_WEIGHT, "weight of the total variation loss", "07", low=0.0,
        flags=("--tv-weight",), label="total variation", slider=(0, 200, 1))
    learning_rate: float = option(LEARNING_RATE, "Adam's learning rate", "06", low=0.0,
                                  above_low=True)
    style_blend_weights: list | None = option(
        None, "with several style images: their weights, one each (default: equal)", "08",
        low=0.0, flags=("--blend",))
    style_scale: float | None = option(
        None, "the style image's long side as a multiple of the content's (default: as loaded)",
        "08", low=0.0, above_low=True)
    init: str = option("content", "the starting image", "08",
                       choices={"content": "the content image (the tutorial's)",
                                "noise": "uniform noise, seeded (the paper's)"})
    seed: int | None = option(None, "seed of the noise start and of random weights "
                              "(default: $NST_SEED, else 0)", "08")
    style_loss: str = option("gram", "the style statistic: what of the style layers' features "
                             "is matched", "09", choices=style_stats.KINDS,
                             label="style statistic")
    average: float = option(
        0.0, "keep an average of the images over the steps, each step weighing 1 - this "
        "(0: off, the tutorial's; 0.9 averages about the last 10), and give it as the result",
        "09", low=0.0, high=1.0, below_high=True)
    pooling: str = option("max", "VGG19's pooling", "08",
                          choices={"max": "max pooling (the tutorial's)",
                                   "avg": "average pooling (the paper's)"})
    precision: str = option("float32", "the network's arithmetic", "08",
                            choices={"float32": "the tutorial's",
                                     "mixed": "bfloat16 on a CPU, float16 on a GPU",
                                     "bfloat16": "bfloat16", "float16": "float16"})

    def check(self) -> None:
        """Refuse values outside each option's choices or range (one clear :class:`SettingsError`)."""
        for field in dataclasses.fields(self):
            value, meta = getattr(self, field.name), field.metadata
            if value is None:
                continue
            if meta["choices"] and value not in meta["choices"]:
                raise SettingsError(
                    f"{field.name}={value!r}: use one of {', '.join(meta['choices'])}.")
            for number in value if isinstance(value, (list, tuple)) else [value]:
                if meta["low"] is not None and not in_range(number, meta):
                    raise SettingsError(f"{field.name}={value!r}: {range_text(meta)}.")

    def start(self, content, styles: list, steps: int, weights: str | None = None) -> "Job":
        """Build the run for ``content`` and the ``styles`` list (nothing is optimised yet).

        ``weights`` is VGG19's (see :func:`~.weights.load_vgg19`; default: the settings').
        """
        self.check()
        content = tf.convert_to_tensor(content, tf.float32)
        styles = [tf.convert_to_tensor(s, tf.float32) for s in styles]
        run_content = content
        if self.colors == "luminance":
            pairs = [color.luminance_only(content, s) for s in styles]
            run_content, styles = pairs[0][0], [p[1] for p in pairs]
        elif self.colors == "histogram":
            styles = [color.match_color_histogram(s, content) for s in styles]
        vgg = load_vgg19(weights=weights, pooling=self.pooling, precision=self.precision,
                         seed=self.seed)
        kwargs = dict(
            extractor=StyleContentModel(vgg=vgg),
            style_weight=self.style_weight, content_weight=self.content_weight,
            total_variation_weight=self.total_variation_weight, init=self.init,
            seed=0 if self.seed is None else self.seed, style_loss=self.style_loss,
            average=self.average,
            style_blend_weights=self.style_blend_weights, style_scale=self.style_scale)
        style_arg = styles if len(styles) > 1 else styles[0]
        if self.optimizer == "adam":
            kwargs["learning_rate"] = self.learning_rate
        if self.coarse_to_fine > 0:
            coarse = max(1, round(steps * self.coarse_to_fine))
            schedule = [(0.5, coarse), (1.0, max(1, steps - coarse))]
            transfer = CoarseToFine(run_content, style_arg, schedule, optimizer=self.optimizer,
                                    **kwargs)
        else:
            cls = LBFGSStyleTransfer if self.optimizer == "lbfgs" else StyleTransfer
            transfer = cls(run_content, style_arg, **kwargs)
        return Job(transfer, content, steps, self.colors)


def in_range(number, meta) -> bool:
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
        return False
    if number < meta["low"] or (meta["above_low"] and number == meta["low"]):
        return False
    if meta["high"] is not None and (number > meta["high"] or
                                     (meta["below_high"] and number >= meta["high"])):
        return False
    return True


def range_text(meta) -> str:
    """``"a finite number, 0 or more"``, ``"from 0 up to, not including, 1"``..."""
    if meta["high"] is None:
        if meta["above_low"]:
            return f"use a finite number above {meta['low']:g}"
        return f"use a finite number, {meta['low']:g} or more"
    upto = "up to, not including," if meta["below_high"] else "up to"
    return f"use a number from {meta['low']:g} {upto} {meta['high']:g}"


def fields() -> list[dataclasses.Field]:
    """The options, in the order they are listed."""
    return list(dataclasses.fields(RunOptions))


def field_named(name: str) -> dataclasses.Field:
    """The option called ``name``."""
    return next(field for field in fields() if field.name == name)


class Job:
    """A run built by :meth:`RunOptions.start`: optimise it, then read :meth:`result`.

    Attributes:
        transfer: the run: a :class:`StyleTransfer`, :class:`LBFGSStyleTransfer` or
            :class:`CoarseToFine`.
        steps: the steps asked for (all levels together).
        interrupted: True when Ctrl-C (or a callback raising KeyboardInterrupt) ended it.
    """

    def __init__(self, transfer, content, steps: int, colors: str):
        self.transfer, self.content = transfer, content
        self.steps, self.colors = int(steps), colors
        self.interrupted = False

    @property
    def levels(self) -> list:
        """The runs of each size: the coarse-to-fine levels reached, or the one run."""
        return self.transfer.levels if isinstance(self.transfer, CoarseToFine) else [self.transfer]

    def optimise(self, callback=None) -> None:
        """Optimise; ``callback(step_run)`` after every step. KeyboardInterrupt stops it cleanly."""
        try:
            self.transfer.run(self.steps, callback, catch_interrupt=False)
        except KeyboardInterrupt:
            self.interrupted = True

    def step_count(self) -> int:
        return sum(level.step_count for level in self.levels)

    def final_loss(self) -> float:
        history = self.levels[-1].history if self.levels else []
        return history[-1]["total"] if history else float("nan")

    def best_loss(self) -> float:
        return self.levels[-1].best_loss if self.levels else float("inf")

    def result(self, best: bool | None = None) -> tf.Tensor:
        """The picture, ``[1, H, W, 3]`` at the content's size, in the chosen colours.

        ``best`` (default: when interrupted) gives the lowest-loss image of the
        last level reached instead of the last image (or, with ``average``, the
        average image); a level below full size is scaled up to the content's size.
        """
        if not self.levels:
            return tf.identity(self.content)
        last = self.levels[-1]
        best = self.interrupted if best is None else best
        image = tf.convert_to_tensor(
            last.best_image if best else last.average_image if last.average else last.image)
        if image.shape[1:3] != self.content.shape[1:3]:
            image = tf.clip_by_value(tf.image.resize(image, self.content.shape[1:3]), 0.0, 1.0)
        if self.colors == "luminance":
            image = color.with_colors_of(image, self.content)
        return image


def markdown_table() -> str:
    """The options as a Markdown table: ``docs/run-options.md`` is this, with a heading."""
    rows = ["| option | command line | default | values | notebook | what it does |",
            "|---|---|---|---|---|---|"]
    for field in fields():
        meta = field.metadata
        flags = ", ".join(f"`{f}`" for f in cli_flags(field))
        if meta["choices"]:
            values = "; ".join(f"`{k}`: {v}" for k, v in meta["choices"].items())
        elif meta["low"] is not None:
            values = range_text(meta).removeprefix("use ")
        else:
            values = "an integer"
        rows.append(f"| `{field.name}` | {flags} | `{field.default!r}` | {values} | "
                    f"{meta['notebook']} | {meta['help']} |")
    return "\n".join(rows) + "\n"


def cli_flags(field: dataclasses.Field) -> tuple:
    """The command line's names for an option: ``--style-weight``, or the ones it lists."""
    return field.metadata["flags"] or ("--" + field.name.replace("_", "-"),)


DOC_HEADING = """# A run's options

Every option of one style transfer run, as `nst_tutorial.runs.options.RunOptions`
describes it: `nst-tutorial stylize` takes them on the command line and the
playground (notebook 10) offers the ones it has controls for. The defaults are
the official tutorial's. This page is made by `python -m nst_tutorial.runs.options`;
a test checks that it is up to date.

"""

if __name__ == "__main__":
    sys.stdout.write(DOC_HEADING + markdown_table())
