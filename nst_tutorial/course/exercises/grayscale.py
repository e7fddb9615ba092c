"""Exercise grayscale (notebook 01): the luminance of an RGB image."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from .checking import Case, Exercise, Mistake, check, draw, register, uniform

LUMA = (0.299, 0.587, 0.114)  # red, green, blue


def cases(rng=None):
    """Random images; the right answer is computed with NumPy."""
    if rng is None:
        images = [uniform([5, 7, 3], seed=20)]
    else:
        images = [draw(rng, [int(rng.integers(1, 6)), int(rng.integers(2, 6)), 3]) for _ in "ab"]
    for image in images:
        yield Case((image,), image.numpy().astype(np.float64) @ np.array(LUMA)[:, None])


def luminance(image, weights=LUMA):
    return tf.reduce_sum(image * weights, axis=-1, keepdims=True)


EXERCISE = register(Exercise(
    name="grayscale",
    notebook="01_images_as_tensors",
    params="image",
    summary="the luminance of [H, W, 3] as [H, W, 1], Y = 0.299 R + 0.587 G + 0.114 B.",
    solution='''\
weights = tf.constant([0.299, 0.587, 0.114])  # red, green, blue
return tf.reduce_sum(image * weights, axis=-1, keepdims=True)
''',
    cases=cases,
    mistakes=[
        Mistake("Weight the channels, Y = 0.299 R + 0.587 G + 0.114 B: the eye is most sensitive "
                "to green, so a plain mean makes greens too dark.",
                lambda image: tf.reduce_mean(image, axis=-1, keepdims=True)),
        Mistake("The channels are R, G, B in that order: 0.299 goes with channel 0, red.",
                lambda image: luminance(image, LUMA[::-1])),
        Mistake("Use the weights 0.299, 0.587, 0.114: they add up to 1, so white stays 1.",
                lambda image: tf.reduce_sum(image, axis=-1, keepdims=True)),
        Mistake("Keep a channel axis of size 1, [H, W, 1]: keepdims=True, or add "
                "[..., tf.newaxis].",
                lambda image: tf.reduce_sum(image * LUMA, axis=-1)),
        Mistake("Return the luminance once, [H, W, 1], not repeated in three channels.",
                lambda image: tf.repeat(luminance(image), 3, axis=-1)),
    ],
    hint="Y = 0.299 * image[..., 0:1] + 0.587 * image[..., 1:2] + 0.114 * image[..., 2:3].",
    rtol=1e-3, atol=1e-3,
    # TensorFlow's own conversions; YIQ's and YUV's Y is this luminance.
    answers=("tf.image.rgb_to_grayscale", "tf.image.rgb_to_yiq", "tf.image.rgb_to_yuv"),
))


def check_grayscale(fn) -> None:
    """Check your ``my_grayscale`` (notebook 01) and print one line."""
    check(EXERCISE, fn)
