"""Exercise resize_to_max_dim (notebook 01): scale an image so its long side is max_dim pixels."""

from __future__ import annotations

import tensorflow as tf

from ...tutorial.images import resize_to_max_dim
from .checking import Case, Exercise, Mistake, check, draw, register, uniform


def cases(rng=None):
    """Random images; the right answer is the package's resize_to_max_dim."""
    if rng is None:
        sizes = [((30, 45), 64), ((30, 45), 20)]
        images = [uniform([h, w, 3], seed=10 + n) for n, ((h, w), _) in enumerate(sizes)]
    else:  # small enough to be written into the graded cell: a portrait, then a landscape
        sizes = [unambiguous(rng, lambda s: (s + 3, s), 5),
                 unambiguous(rng, lambda s: (s, s + 4), 13),
                 ((7, 5), 4) if rng.integers(2) else ((5, 7), 4)]  # 2.86 rounds down to 2
        images = [draw(rng, [h, w, 3]) for (h, w), _ in sizes]
    for image, (_, max_dim) in zip(images, sizes):
        yield Case((image, max_dim), resize_to_max_dim(image, max_dim))


def unambiguous(rng, size_of, max_dim):
    """A size ``size_of(s)`` for a drawn s whose new shape is the same in float32 (the tutorial's
    arithmetic) and in exact arithmetic: 13 * (13 / 13) can come out as 12.99... in float32."""
    while True:
        h, w = size_of(int(rng.integers(3, 9)))
        exact = [n * max_dim // max(h, w) for n in (h, w)]
        if list(new_shape(tf.zeros([h, w, 3]), max_dim).numpy()) == exact:
            return (h, w), max_dim


def reference(image, max_dim):
    """The right answer, written here: the checks refuse the package's function itself."""
    return tf.image.resize(image, new_shape(image, max_dim))


def new_shape(image, max_dim, side=tf.reduce_max, nearest_pixel=False):
    """The solution's new [H, W]; or scaled by another side, or rounded to the nearest pixel."""
    shape = tf.cast(tf.shape(image)[:-1], tf.float32)
    scaled = shape * (max_dim / side(shape))
    return tf.cast(tf.round(scaled) if nearest_pixel else scaled, tf.int32)


EXERCISE = register(Exercise(
    name="resize_to_max_dim",
    notebook="01_images_as_tensors",
    params="image, max_dim",
    summary="scale [H, W, 3] so the long side is max_dim pixels, keeping the aspect ratio.",
    solution='''\
shape = tf.cast(tf.shape(image)[:-1], tf.float32)  # [H, W]
scale = max_dim / tf.reduce_max(shape)
new_shape = tf.cast(shape * scale, tf.int32)  # the cast rounds down
return tf.image.resize(image, new_shape)
''',
    cases=cases,
    mistakes=[
        Mistake("Return [H, W, 3], the shape you were given: the batch axis is added later, "
                "not here.",
                lambda image, max_dim: reference(image, max_dim)[tf.newaxis],
                like="shape"),
        Mistake("Height comes first in a shape: [H, W, 3], and tf.shape(image)[:2] is (H, W).",
                lambda image, max_dim: tf.image.resize(image, new_shape(image, max_dim)[::-1]),
                like="shape"),
        Mistake("Round down: the cast to tf.int32 drops the fraction (42.7 becomes 42), "
                "tf.round would give 43.",
                lambda image, max_dim: tf.image.resize(
                    image, new_shape(image, max_dim, nearest_pixel=True)),
                like="shape"),
        Mistake("Scale by the long side: s = max_dim / max(H, W) (tf.reduce_max), not the "
                "short side.",
                lambda image, max_dim: tf.image.resize(
                    image, new_shape(image, max_dim, side=tf.reduce_min)),
                like="shape"),
        Mistake("Scale both sides by the same factor s, so the picture keeps its aspect ratio.",
                lambda image, max_dim: tf.image.resize(image, [max_dim, max_dim]),
                like="shape"),
        Mistake("Resize the image: return tf.image.resize(image, new_shape).",
                lambda image, max_dim: image, like="shape"),
        Mistake("Keep the values in [0, 1]: resizing does not change their range.",
                lambda image, max_dim: reference(image, max_dim) * 255,
                rtol=1e-3, atol=0.0255),
        # Last: any other answer of the right shape.
        Mistake("Use tf.image.resize with its default method (bilinear) on the image you were "
                "given.",
                lambda image, max_dim: tf.image.resize(image, new_shape(image, max_dim),
                                                       method="nearest"),
                like="shape"),
    ],
    hint="Compute new_shape = tf.cast(shape * s, tf.int32) from the float32 (H, W), then "
         "return tf.image.resize(image, new_shape).",
    atol=1e-4,
    answers=("nst.resize_to_max_dim", "nst.load_img"),
))


def check_resize_to_max_dim(fn) -> None:
    """Check your ``my_resize_to_max_dim`` (notebook 01) and print one line."""
    check(EXERCISE, fn)
