"""Coarse-to-fine: optimise a small version of the image first, then refine it at full size.

A step at half the size costs about a quarter of a full-size step, and the
broad layout of the result (where the strokes and colour patches go) is
settled just as well at low resolution. So the run starts small, upsamples the
result and continues on a larger image, level by level. The content and style
images are resized with the result, and their targets are computed again at
each level, so every level optimises the loss of its own size.
"""

from __future__ import annotations

import math

import tensorflow as tf

from .._plumbing.interrupt import stop_requests
from ..base.errors import SettingsError
from ..tutorial.features import StyleContentModel
from ..tutorial.images import MIN_SIDE, clip_0_1
from ..tutorial.training import StyleTransfer
from .lbfgs import LBFGSStyleTransfer

#: ``(scale, steps)`` for each level, smallest first; the last level is full size.
DEFAULT_SCHEDULE = ((0.5, 100), (1.0, 100))


def resize_by(image: tf.Tensor, scale: float) -> tf.Tensor:
    """``[1, H, W, 3]`` -> ``[1, round(H * scale), round(W * scale), 3]`` (bilinear, antialiased).

    The scale is raised where needed so the short side keeps VGG19's minimum
    of ``MIN_SIDE`` pixels; the aspect ratio is kept.
    """
    h, w = image.shape[1:3]
    scale = max(scale, MIN_SIDE / min(h, w))
    size = [round(h * scale), round(w * scale)]
    if size == [h, w]:
        return tf.convert_to_tensor(image, tf.float32)
    return clip_0_1(tf.image.resize(image, size, antialias=True))


class CoarseToFine:
    """A style transfer run that climbs a pyramid of sizes.

    >>> c2f = CoarseToFine(content, style, schedule=[(0.25, 50), (0.5, 50), (1.0, 50)])  # doctest: +SKIP
    >>> c2f.run()                                                                        # doctest: +SKIP

    ``schedule`` lists ``(scale, steps)`` per level, scales increasing and the
    last one 1.0. ``optimizer`` is ``"lbfgs"`` or ``"adam"``; other keyword
    arguments go to each level's run (:class:`LBFGSStyleTransfer` or
    :class:`StyleTransfer`), ``extractor`` included. Style images are resized
    by the same factor as the content image at each level (or, with
    ``style_scale``, relative to each level's content image).

    ``upsample="change"`` (the default) carries a level's result up as its
    change from that level's content image, added to the next level's content
    image, so the photo's fine detail is there from the start of the next
    level; ``"image"`` upsamples the result itself, which blurs it.

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
        schedule = [(float(scale), int(steps)) for scale, steps in schedule]
        scales = [s for s, _ in schedule]
        if not schedule or scales[-1] != 1.0 or scales != sorted(set(scales)) or scales[0] <= 0:
            raise SettingsError(
                f"schedule={schedule}: list (scale, steps) pairs with increasing scales in "
                "(0, 1], the last one 1.0 (full size), e.g. [(0.5, 100), (1.0, 100)]."
            )
        if optimizer not in ("lbfgs", "adam"):
            raise SettingsError(f"optimizer={optimizer!r}: use 'lbfgs' or 'adam'.")
        if upsample not in ("image", "change"):
            raise SettingsError(f"upsample={upsample!r}: use 'image' or 'change'.")
        self.schedule, self.optimizer, self.upsample = schedule, optimizer, upsample
        self.content_image = tf.convert_to_tensor(content_image, tf.float32)
        self.style_images = style_image if isinstance(style_image, (list, tuple)) else [style_image]
        self.init = run_kwargs.pop("init", "content")
        if "extractor" not in run_kwargs:
            run_kwargs["extractor"] = StyleContentModel()
        self.run_kwargs = run_kwargs
        self.levels: list[StyleTransfer] = []
        self.history: list[dict] = []
        self._offset = 0.0

    def run(self, callback=None) -> "CoarseToFine":
        """Run every level of the schedule; ``callback(level_run)`` after each step."""
        cls = LBFGSStyleTransfer if self.optimizer == "lbfgs" else StyleTransfer
        image, elapsed = self.init, 0.0
        self.levels, self.history = [], []
        with stop_requests():  # a press while the next level is built stops that level
            for number, (scale, steps) in enumerate(self.schedule):
                content = resize_by(self.content_image, scale)
                styles = [resize_by(tf.convert_to_tensor(s, tf.float32), scale)
                          for s in self.style_images]
                if isinstance(image, str):
                    init = image
                elif self.upsample == "change":
                    change = image - resize_by(self.content_image, self.schedule[number - 1][0])
                    init = clip_0_1(content + tf.image.resize(change, content.shape[1:3]))
                else:
                    init = clip_0_1(tf.image.resize(image, content.shape[1:3]))
                level = cls(content, styles if len(styles) > 1 else styles[0], init=init,
                            **self.run_kwargs)
                self.levels.append(level)
                self._offset = elapsed
                level.run(steps, callback)
                self.history += [{**r, "time": r["time"] + elapsed, "level": number, "scale": scale}
                                 for r in level.history]
                elapsed += level.history[-1]["time"] if level.history else 0.0
                image = level.image
                if level.interrupted:
                    break
        return self

    @property
    def elapsed(self) -> float:
        """Seconds of optimisation so far, all levels together (callbacks not counted)."""
        if not self.levels or not self.levels[-1].history:
            return self._offset
        return self._offset + self.levels[-1].history[-1]["time"]

    @property
    def final(self) -> StyleTransfer:
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
