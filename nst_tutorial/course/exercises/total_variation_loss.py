"""Exercise total_variation_loss (notebook 07): how much neighbouring pixels differ."""

from __future__ import annotations

import tensorflow as tf

from .checking import Case, Exercise, Mistake, check, register, uniform

A_MEAN = "Add up the differences with tf.reduce_sum: a mean divides by their number."
BOTH = "Add both directions: the horizontal differences and the vertical ones."


def cases(hidden: bool):
    """Random images; the right answer is tf.image.total_variation's."""
    shapes = [[1, 12, 5, 3], [1, 2, 2, 3]] if hidden else [[1, 7, 9, 3]]
    for seed, shape in enumerate(shapes):
        image = uniform(shape, seed=80 + seed + 10 * hidden)
        yield Case((image,), float(tf.reduce_sum(tf.image.total_variation(image))))


def deltas(image):
    """The notebook's high_pass_x_y: differences along the width, then along the height."""
    return image[:, :, 1:] - image[:, :, :-1], image[:, 1:] - image[:, :-1]


def both(image, per_direction):
    """``per_direction`` of the horizontal differences plus that of the vertical ones."""
    x_deltas, y_deltas = deltas(image)
    return per_direction(x_deltas) + per_direction(y_deltas)


EXERCISE = register(Exercise(
    name="total_variation_loss",
    notebook="07_total_variation",
    params="image",
    summary="the sum of the absolute differences between neighbouring pixels, one number.",
    solution='''\
x_deltas, y_deltas = high_pass_x_y(image)
return tf.reduce_sum(tf.abs(x_deltas)) + tf.reduce_sum(tf.abs(y_deltas))
''',
    cases=cases,
    mistakes=[
        Mistake("Take absolute values (tf.abs), not squares: the tutorial's text says squares, "
                "but its code and tf.image.total_variation add absolute values.",
                lambda image: both(image, lambda d: tf.reduce_sum(d ** 2))),
        Mistake(A_MEAN, lambda image: both(image, lambda d: tf.reduce_mean(tf.abs(d)))),
        Mistake(A_MEAN, lambda image: tf.reduce_mean(tf.concat(
            [tf.reshape(tf.abs(d), [-1]) for d in deltas(image)], axis=0))),
        Mistake(A_MEAN, lambda image: both(image, lambda d: tf.reduce_sum(tf.abs(d)))
                / tf.cast(tf.size(image), tf.float32)),
        Mistake(BOTH, lambda image: tf.reduce_sum(tf.abs(deltas(image)[0]))),
        Mistake(BOTH, lambda image: tf.reduce_sum(tf.abs(deltas(image)[1]))),
        Mistake("Take absolute values before adding (tf.abs): positive and negative differences "
                "cancel out.",
                lambda image: both(image, tf.reduce_sum)),
        Mistake("Absolute values and a sum: tf.reduce_sum(tf.abs(...)), not a mean of squares.",
                lambda image: both(image, lambda d: tf.reduce_mean(d ** 2))),
        Mistake("Return one number: tf.reduce_sum adds over every axis when you give it none.",
                lambda image: both(image, lambda d: tf.reduce_sum(tf.abs(d), axis=[0, 1, 2])),
                like="shape"),
    ],
    hint="tf.reduce_sum(tf.abs(x_deltas)) + tf.reduce_sum(tf.abs(y_deltas)).",
    returns="number",
    many="Return one number: add the sums of both directions.",
    rtol=1e-4, atol=1e-4,
))


def check_total_variation_loss(fn, *, hidden: bool = False) -> None:
    """Check your ``my_total_variation_loss`` (notebook 07) and print one line.

    ``hidden=True`` runs the instructor's hidden tests instead.
    """
    check(EXERCISE, fn, hidden=hidden)
