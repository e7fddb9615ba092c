"""Coarse-to-fine: optimise a small version of the image first, then refine it at full size.

A step at half the size costs about a quarter of a full-size step, and the
broad layout of the result (where the strokes and colour patches go) is
settled just as well at low resolution. So the run starts small, upsamples the
result and continues on a larger image, level by level. The content and style
images are resized with the result, and their targets are computed again at
each level, so every level optimises the loss of its own size.
"""

from __future__ import annotations

import tensorflow as tf

from .._plumbing.reading import MIN_SIDE
from ..base.errors import SettingsError
from ..tutorial.images import clip_0_1

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


def check_schedule(schedule) -> list[tuple[float, int]]:
    """``schedule`` as ``[(scale, steps), ...]``, or a :class:`SettingsError` saying what is wrong."""
    schedule = [(float(scale), int(steps)) for scale, steps in schedule]
    scales = [s for s, _ in schedule]
    if not schedule or scales[-1] != 1.0 or scales != sorted(set(scales)) or scales[0] <= 0:
        raise SettingsError(
            f"schedule={schedule}: list (scale, steps) pairs with increasing scales in "
            "(0, 1], the last one 1.0 (full size), e.g. [(0.5, 100), (1.0, 100)]."
        )
    return schedule


def level_start(image, content_image, scale: float, previous_scale: float,
                upsample: str = "change") -> tf.Tensor:
    """The starting image of the level at ``scale``, from the previous level's ``image``.

    ``upsample="change"`` carries the result up as its change from the previous
    level's content image, added to this level's content image, so the photo's
    fine detail is there from the start; ``"image"`` upsamples the result
    itself, which blurs it.
    """
    content = resize_by(content_image, scale)
    if upsample == "change":
        change = image - resize_by(content_image, previous_scale)
        return clip_0_1(content + tf.image.resize(change, content.shape[1:3]))
    return clip_0_1(tf.image.resize(image, content.shape[1:3]))
