"""Exercise strongest_channel (notebook 03): the channel with the largest mean activation."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from .checking import Case, Exercise, Mistake, check, register


def cases(hidden: bool):
    """Activations built so that the largest mean, the largest single value, the smallest mean
    and the position-wise answers all point at different channels."""
    rng = np.random.default_rng(50 + hidden)
    shapes = [(10, 7, 1, 3, 3)] if hidden else [(6, 2, 4, 4, 5)]
    for channels, strongest, peaky, h, w in shapes:
        a = rng.uniform(0.0, 1.0, [1, h, w, channels])
        a[..., strongest] += 1.0
        a[0, 0, 0, peaky] = 0.4 * h * w  # the largest value, but its mean stays below
        a[..., 0] *= 0.1
        yield Case((tf.constant(a.astype(np.float32)),), strongest)


def channel_means(activation):
    return tf.reduce_mean(activation, axis=[0, 1, 2])


EXERCISE = register(Exercise(
    name="strongest_channel",
    notebook="03_inside_the_network",
    params="activation",
    summary="the index of the channel with the largest mean activation in [1, h, w, C].",
    solution='''\
means = tf.reduce_mean(activation, axis=[0, 1, 2])  # one mean per channel
return int(tf.argmax(means))
''',
    cases=cases,
    mistakes=[
        Mistake("Return the channel's number (tf.argmax), not its mean value.",
                lambda a: tf.reduce_max(channel_means(a)), rtol=1e-3),
        Mistake("Strongest on average: take the mean over the positions (tf.reduce_mean over "
                "axes 0, 1, 2), not the largest single value.",
                lambda a: tf.argmax(tf.reduce_max(a, axis=[0, 1, 2]))),
        Mistake("The largest mean, not the smallest: tf.argmax.",
                lambda a: tf.argmin(channel_means(a))),
        Mistake("Channels count from 0, as Python's indices do.",
                lambda a: int(tf.argmax(channel_means(a))) + 1),
        Mistake("Reduce the per-channel means to one number: tf.argmax(means).",
                channel_means, like="shape"),
        Mistake("Average over the batch, height and width first (axis=[0, 1, 2]), then take "
                "tf.argmax over the channels.",
                lambda a: tf.argmax(a, axis=-1), like="shape"),
    ],
    hint="means = tf.reduce_mean(activation, axis=[0, 1, 2]), then tf.argmax(means).",
    returns="number",
    many="Return one number, the channel's index.",
    rtol=0, atol=1e-9,
))


def check_strongest_channel(fn, *, hidden: bool = False) -> None:
    """Check your ``my_strongest_channel`` (notebook 03) and print one line.

    ``hidden=True`` runs the instructor's hidden tests instead.
    """
    check(EXERCISE, fn, hidden=hidden)
