"""Exercise sobel_x (notebook 07): the horizontal Sobel filter, from neighbour differences."""

from __future__ import annotations

import tensorflow as tf

from .checking import Case, Exercise, Mistake, check, draw, register, uniform


def cases(rng=None):
    """A random image; the right answer is tf.image.sobel_edges' horizontal one, inside."""
    image = uniform([1, 6, 8, 3], seed=90) if rng is None else \
        draw(rng, [1, int(rng.integers(4, 8)), int(rng.integers(4, 8)), 3])
    yield Case((image,), tf.image.sobel_edges(image)[:, 1:-1, 1:-1, :, 1])


def right_minus_left(image):
    """x[j+1] - x[j-1] at each inside column, [1, H, W-2, 3]."""
    x_deltas = image[:, :, 1:] - image[:, :, :-1]
    return x_deltas[:, :, 1:] + x_deltas[:, :, :-1]


def rows(d, weights=(1, 2, 1)):
    """Rows i-1, i and i+1 of ``d`` added with ``weights``."""
    above, middle, below = weights
    return above * d[:, :-2] + middle * d[:, 1:-1] + below * d[:, 2:]


def transposed(image):
    return tf.transpose(image, [0, 2, 1, 3])


EXERCISE = register(Exercise(
    name="sobel_x",
    notebook="07_total_variation",
    params="image",
    summary="the horizontal Sobel response inside the border, [1, H-2, W-2, 3], from neighbour "
            "differences.",
    solution='''\
x_deltas, _ = high_pass_x_y(image)  # [1, H, W-1, 3]
right_minus_left = x_deltas[:, :, 1:] + x_deltas[:, :, :-1]  # [1, H, W-2, 3]
return (right_minus_left[:, :-2] + 2 * right_minus_left[:, 1:-1]
        + right_minus_left[:, 2:])  # rows above, middle (twice), below
''',
    cases=cases,
    mistakes=[
        Mistake("Add three rows, with weights 1, 2, 1: the rows above and below count once, the "
                "middle row twice.",
                lambda image: right_minus_left(image)[:, 1:-1]),
        Mistake("The middle row counts twice: weights 1, 2, 1.",
                lambda image: rows(right_minus_left(image), (1, 1, 1))),
        Mistake("Right minus left: Sobel's K_x is +1 on the right.",
                lambda image: -rows(right_minus_left(image))),
        Mistake("Horizontal changes: take the differences along the width (x_deltas), then add "
                "the rows.",
                lambda image: transposed(rows(right_minus_left(transposed(image))))),
        Mistake("Keep only the inside, [1, H-2, W-2, 3]: at the border sobel_edges pads the "
                "image.",
                lambda image: tf.pad(rows(right_minus_left(image)), [[0, 0], [1, 1], [1, 1], [0, 0]]),
                like="shape"),
        Mistake("Keep the batch axis: [1, H-2, W-2, 3].",
                lambda image: rows(right_minus_left(image))[0], like="shape"),
        Mistake("Right minus left spans two neighbour differences, x[j+1] - x[j-1] = d[j] + "
                "d[j-1], which leaves W - 2 columns.",
                lambda image: rows(image[:, :, 1:] - image[:, :, :-1]), like="shape"),
    ],
    hint="right_minus_left = d[:, :, 1:] + d[:, :, :-1]; then rows i-1, i, i+1 with weights "
         "1, 2, 1.",
    many="Return one tensor, the horizontal response [1, H-2, W-2, 3].",
    rtol=1e-4, atol=1e-4,
    answers=("tf.image.sobel_edges",),
))


def check_sobel_x(fn) -> None:
    """Check your ``my_sobel_x`` (notebook 07) and print one line."""
    check(EXERCISE, fn)
