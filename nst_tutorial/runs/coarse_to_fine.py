"""Coarse-to-fine: a run that climbs a pyramid of sizes (notebook 08).

Each level is a run of its own (Adam's or L-BFGS's) on the content and style
images resized to that level; the next level starts from its result
(:func:`nst_tutorial.further.pyramid.level_start`).
"""

from __future__ import annotations

import math

import tensorflow as tf

from .._plumbing.interrupt import stop_requests
from ..base.errors import SettingsError
from ..further.pyramid import DEFAULT_SCHEDULE, check_schedule, level_start, resize_by
from ..tutorial.features import StyleContentModel
from .adam import StyleTransfer
from .lbfgs import LBFGSStyleTransfer
from .weights import load_vgg19

#: The optimisers a level can use.
OPTIMIZERS = {"lbfgs": LBFGSStyleTransfer, "adam": StyleTransfer}


class CoarseToFine:
    """A style transfer run that climbs a pyramid of sizes.

    >>> c2f = CoarseToFine(content, style, schedule=[(0.25, 50), (0.5, 50), (1.0, 50)])  # doctest: +SKIP
    >>> c2f.run()                                                                        # doctest: +SKIP

    ``schedule`` lists ``(scale, steps)`` per level, scales increasing and the
    last one 1.0. ``optimizer`` is ``"lbfgs"`` or ``"adam"``; other keyword
    arguments go to each level's run, ``extractor`` included. Style images are
    resized by the same factor as the content image at each level (or, with
    ``style_scale``, relative to each level's content image). ``upsample`` is
    ``"change"`` (the default) or ``"image"``: see
    :func:`~nst_tutorial.further.pyramid.level_start`.

    Attributes:
        levels: the run of each level, filled in by :meth:`run`; the last one is full size.
        history: every level's records, each with ``level``, ``scale`` and
            ``time`` counted from the start of the first level. Losses are those
            of that level's size; only the last level's are at full size.
        image, best_image, best_loss: the full-size level's.

    Notebook 08 introduces this.
    """

    def __init__(self, content_image, style_image, schedule=DEFAULT_SCHEDULE, *,
                 optimizer: str = "lbfgs", upsample: str = "change", **run_kwargs):
        if optimizer not in OPTIMIZERS:
            raise SettingsError(f"optimizer={optimizer!r}: use 'lbfgs' or 'adam'.")
        if upsample not in ("image", "change"):
            raise SettingsError(f"upsample={upsample!r}: use 'image' or 'change'.")
        self.schedule = check_schedule(schedule)
        self.optimizer, self.upsample = optimizer, upsample
        self.content_image = tf.convert_to_tensor(content_image, tf.float32)
        self.style_images = style_image if isinstance(style_image, (list, tuple)) else [style_image]
        self.init = run_kwargs.pop("init", "content")
        run_kwargs.setdefault("extractor", StyleContentModel(vgg=load_vgg19()))
        self.run_kwargs = run_kwargs
        self.levels: list = []
        self.history: list[dict] = []
        self._offset = 0.0

    def run(self, steps=None, callback=None, *, catch_interrupt: bool = True) -> "CoarseToFine":
        """Run every level of the schedule; ``callback(level_run)`` after each step.

        ``steps`` is ignored: the schedule gives each level's (it is there so
        that every run is started the same way, ``run(steps, callback)``).
        """
        cls = OPTIMIZERS[self.optimizer]
        start, elapsed = self.init, 0.0
        self.levels, self.history = [], []
        with stop_requests():  # a press while the next level is built stops that level
            for number, (scale, steps) in enumerate(self.schedule):
                content = resize_by(self.content_image, scale)
                styles = [resize_by(tf.convert_to_tensor(s, tf.float32), scale)
                          for s in self.style_images]
                init = start if isinstance(start, str) else level_start(
                    start, self.content_image, scale, self.schedule[number - 1][0], self.upsample)
                level = cls(content, styles if len(styles) > 1 else styles[0], init=init,
                            **self.run_kwargs)
                self.levels.append(level)
                self._offset = elapsed
                try:
                    level.run(steps, callback, catch_interrupt=catch_interrupt)
                finally:
                    self.history += [{**r, "time": r["time"] + elapsed, "level": number,
                                      "scale": scale} for r in level.history]
                    elapsed += level.history[-1]["time"] if level.history else 0.0
                start = level.image
                if level.interrupted:
                    break
        return self

    @property
    def steps(self) -> int:
        """Steps of the whole schedule, all levels together."""
        return sum(steps for _, steps in self.schedule)

    @property
    def step_count(self) -> int:
        """Steps taken so far, all levels together."""
        return sum(level.step_count for level in self.levels)

    @property
    def elapsed(self) -> float:
        """Seconds of optimisation so far, all levels together (callbacks not counted)."""
        if not self.levels or not self.levels[-1].history:
            return self._offset
        return self._offset + self.levels[-1].history[-1]["time"]

    @property
    def final(self):
        """The full-size level's run (raises if :meth:`run` has not reached it)."""
        if len(self.levels) < len(self.schedule):
            raise SettingsError("The run has not reached full size: call run() first.")
        return self.levels[-1]

    @property
    def image(self) -> tf.Variable:
        return self.final.image

    @property
    def best_image(self) -> tf.Tensor:
        return self.final.best_image

    @property
    def best_loss(self) -> float:
        """The lowest full-size loss seen (``math.inf`` before the full-size level)."""
        return self.final.best_loss if len(self.levels) == len(self.schedule) else math.inf

    @property
    def interrupted(self) -> bool:
        return bool(self.levels) and self.levels[-1].interrupted
