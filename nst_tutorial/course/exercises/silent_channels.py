"""Exercise silent_channels (notebook 03): how many channels of a layer stay at 0 everywhere.

A channel is silent for an image when its filter found its pattern nowhere.
After the ReLU no activation is negative, so a channel is silent exactly when
its largest value is 0; counting zero values, or channels with a zero
somewhere, gives other numbers.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from .checking import Case, Exercise, Mistake, check, register


def activations(rng, channels: int, silent: int, h: int, w: int) -> tf.Tensor:
    """ReLU-like activations [1, h, w, C]: ``silent`` channels all 0, one channel 0 but at one
    position, the others with zeros here and there and a positive value somewhere."""
    a = np.maximum(rng.uniform(-0.5, 1.0, [1, h, w, channels]), 0.0)
    a[0, 0, 0, :] = rng.uniform(0.1, 1.0, channels)  # every other channel fires somewhere
    order = rng.permutation(channels)
    a[..., order[:silent]] = 0.0
    almost = order[silent]
    a[..., almost] = 0.0
    a[0, h - 1, w - 1, almost] = 0.3
    return tf.constant(a.astype(np.float32))


def cases(rng=None):
    """Activations with a known number of silent channels."""
    if rng is None:
        rng, shapes = np.random.default_rng(50), [(8, 3, 4, 4)]
    else:
        shapes = [(int(c), int(rng.integers(1, c - 2)), int(h), int(w))
                  for c, h, w in zip(rng.integers(6, 12, 2), rng.integers(2, 5, 2),
                                     rng.integers(2, 5, 2))]
    for channels, silent, h, w in shapes:
        yield Case((activations(rng, channels, silent, h, w),), silent)


def peaks(a):
    return tf.reduce_max(a, axis=[0, 1, 2])


EXERCISE = register(Exercise(
    name="silent_channels",
    notebook="03_inside_the_network",
    params="activation",
    summary="how many channels of activations [1, h, w, C] are 0 at every position.",
    solution='''\
peak = tf.reduce_max(activation, axis=[0, 1, 2])  # each channel's largest value
return int(tf.reduce_sum(tf.cast(peak == 0, tf.int32)))  # never negative after the ReLU
''',
    cases=cases,
    mistakes=[
        Mistake("Count channels, not single zero values: a channel is silent when all of its "
                "h x w values are 0.",
                lambda a: tf.reduce_sum(tf.cast(a == 0, tf.int32))),
        Mistake("Nearly every channel has a 0 somewhere (its minimum is 0 after the ReLU): a "
                "silent channel is 0 at every position, so look at its largest value.",
                lambda a: tf.reduce_sum(tf.cast(tf.reduce_min(a, axis=[0, 1, 2]) == 0,
                                                tf.int32))),
        Mistake("Count the silent channels, those that are 0 everywhere, not the active ones.",
                lambda a: tf.reduce_sum(tf.cast(peaks(a) > 0, tf.int32))),
        Mistake("Return how many channels are silent, not what fraction of them.",
                lambda a: tf.reduce_mean(tf.cast(peaks(a) == 0, tf.float32)), rtol=1e-6),
        Mistake("Reduce over the batch, height and width (axis=[0, 1, 2]) first: one value "
                "per channel, then count.",
                lambda a: tf.reduce_sum(tf.cast(tf.reduce_max(a, axis=-1) == 0, tf.int32))),
        Mistake("Return one number: count the channels whose largest value is 0.",
                lambda a: tf.cast(peaks(a) == 0, tf.int32), like="shape"),
    ],
    hint="A channel is silent when every one of its values is 0; ReLU outputs are never "
         "negative, so one number per channel tells you.",
    returns="number",
    many="Return one number, how many channels are silent.",
    rtol=0, atol=1e-9,
))


def check_silent_channels(fn) -> None:
    """Check your ``my_silent_channels`` (notebook 03) and print one line."""
    check(EXERCISE, fn)
