"""One style transfer run from plain options: what the command line and the playground offer.

The package's pieces each do one thing: :class:`~nst_tutorial.tutorial.training.StyleTransfer`
(Adam), :class:`~nst_tutorial.further.lbfgs.LBFGSStyleTransfer`,
:class:`~nst_tutorial.further.pyramid.CoarseToFine`, and :mod:`~nst_tutorial.further.color`.
:class:`Recipe` puts them together from a few strings and numbers, so the
command line and the playground build the same run from the same options::

    recipe = Recipe(optimizer="lbfgs", colors="luminance")
    job = recipe.start(content, [style], steps=300)
    job.optimise(callback)     # Ctrl-C / Stop: job.result() is still the best image so far
    picture = job.result()

Images are ``[1, H, W, 3]`` float32 in [0, 1].
"""

from __future__ import annotations

import dataclasses

import tensorflow as tf

from ..base.errors import SettingsError
from ..tutorial.features import StyleContentModel
from ..tutorial.losses import CONTENT_WEIGHT, STYLE_WEIGHT, TOTAL_VARIATION_WEIGHT
from ..tutorial.optimizer import LEARNING_RATE
from ..tutorial.training import StyleTransfer
from . import color
from .lbfgs import LBFGSStyleTransfer
from .pyramid import CoarseToFine

#: Optimizers: name -> what it is.
OPTIMIZERS = {
    "adam": "Adam(0.02, beta_1=0.99, epsilon=0.1), the tutorial's",
    "lbfgs": "L-BFGS-B, the paper's; one step is one loss evaluation",
}

#: Colour modes: name -> what it does.
COLORS = {
    "style": "the result takes the style image's colours (the tutorial's)",
    "luminance": "transfer on brightness only, then give back the content's colours",
    "histogram": "recolour the style image to the content's colour statistics first",
}


@dataclasses.dataclass
class Recipe:
    """The options of one run; the defaults are the tutorial's.

    ``coarse_to_fine`` is the fraction of the steps spent at half size before
    the full-size level (0: a single level, the tutorial's).
    ``style_blend_weights`` mix several style images (default: equal).
    """

    optimizer: str = "adam"
    colors: str = "style"
    coarse_to_fine: float = 0.0
    style_weight: float = STYLE_WEIGHT
    content_weight: float = CONTENT_WEIGHT
    total_variation_weight: float = TOTAL_VARIATION_WEIGHT
    learning_rate: float = LEARNING_RATE
    style_blend_weights: list | None = None
    style_scale: float | None = None
    init: str = "content"
    seed: int | None = None
    pooling: str = "max"
    precision: str = "float32"

    def check(self) -> None:
        """Refuse unknown names before any work (one clear :class:`SettingsError`)."""
        if self.optimizer not in OPTIMIZERS:
            raise SettingsError(f"optimizer={self.optimizer!r}: use one of {', '.join(OPTIMIZERS)}.")
        if self.colors not in COLORS:
            raise SettingsError(f"colors={self.colors!r}: use one of {', '.join(COLORS)}.")
        if not 0.0 <= self.coarse_to_fine < 1.0:
            raise SettingsError(f"coarse_to_fine={self.coarse_to_fine}: use a fraction of the "
                                "steps from 0 (off) up to, not including, 1.")

    def start(self, content, styles: list, steps: int) -> "Job":
        """Build the run for ``content`` and the ``styles`` list (nothing is optimised yet)."""
        self.check()
        content = tf.convert_to_tensor(content, tf.float32)
        styles = [tf.convert_to_tensor(s, tf.float32) for s in styles]
        run_content = content
        if self.colors == "luminance":
            pairs = [color.luminance_only(content, s) for s in styles]
            run_content, styles = pairs[0][0], [p[1] for p in pairs]
        elif self.colors == "histogram":
            styles = [color.match_color_histogram(s, content) for s in styles]
        kwargs = dict(
            extractor=StyleContentModel(pooling=self.pooling, precision=self.precision),
            style_weight=self.style_weight, content_weight=self.content_weight,
            total_variation_weight=self.total_variation_weight, init=self.init, seed=self.seed,
            style_blend_weights=self.style_blend_weights, style_scale=self.style_scale)
        style_arg = styles if len(styles) > 1 else styles[0]
        if self.optimizer == "adam":
            kwargs["learning_rate"] = self.learning_rate
        if self.coarse_to_fine > 0:
            coarse = max(1, round(steps * self.coarse_to_fine))
            schedule = [(0.5, coarse), (1.0, max(1, steps - coarse))]
            run = CoarseToFine(run_content, style_arg, schedule, optimizer=self.optimizer,
                               **kwargs)
        else:
            cls = LBFGSStyleTransfer if self.optimizer == "lbfgs" else StyleTransfer
            run = cls(run_content, style_arg, **kwargs)
        return Job(run, content, steps, self.colors)


class Job:
    """A run built by :meth:`Recipe.start`: run it, then read :meth:`result`.

    Attributes:
        run: the :class:`StyleTransfer`, :class:`LBFGSStyleTransfer` or :class:`CoarseToFine`.
        steps: the steps asked for (all levels together).
        interrupted: True when Ctrl-C (or a callback raising KeyboardInterrupt) ended it.
    """

    def __init__(self, run, content, steps: int, colors: str):
        self.run, self.content, self.steps, self.colors = run, content, int(steps), colors
        self.interrupted = False

    @property
    def levels(self) -> list:
        return self.run.levels if hasattr(self.run, "levels") else [self.run]

    def optimise(self, callback=None) -> None:
        """Optimise; ``callback(step_run)`` after every step. KeyboardInterrupt stops it cleanly."""
        try:
            if hasattr(self.run, "schedule"):
                self.run.run(callback)  # each level stops cleanly on KeyboardInterrupt
            else:
                self.run.run(self.steps, callback, catch_interrupt=False)
        except KeyboardInterrupt:
            self.interrupted = True
        self.interrupted = self.interrupted or any(level.interrupted for level in self.levels)

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
        last level reached instead of the last image; a level below full size
        is scaled up to the content's size.
        """
        if not self.levels:
            return tf.identity(self.content)
        last = self.levels[-1]
        best = self.interrupted if best is None else best
        image = tf.convert_to_tensor(last.best_image if best else last.image)
        if image.shape[1:3] != self.content.shape[1:3]:
            image = tf.clip_by_value(tf.image.resize(image, self.content.shape[1:3]), 0.0, 1.0)
        if self.colors == "luminance":
            image = color.with_colors_of(image, self.content)
        return image

