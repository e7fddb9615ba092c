"""Exercise mean_std_loss (notebook 09): AdaIN's style statistic, each channel's mean and spread.

The statistic keeps, for each channel of a layer, two numbers over all the
places of the picture: its mean and its standard deviation. The loss compares
them between an image and the style image, channel by channel. The answer is
checked against NumPy's, with the spread's 1e-5 inside the square root.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from .checking import Case, Exercise, Mistake, check, register


def reference(features, style_features, ddof: int = 0, spread=np.sqrt, with_spread=True,
              over_channels=np.mean):
    """NumPy's loss: squared differences of the channel means and of the spreads, averaged."""
    f, s = (np.asarray(x, dtype=np.float64).reshape(-1, np.shape(x)[-1])
            for x in (features, style_features))
    loss = over_channels((f.mean(0) - s.mean(0)) ** 2)
    if with_spread:
        loss += over_channels((spread(f.var(0, ddof=ddof) + 1e-5)
                               - spread(s.var(0, ddof=ddof) + 1e-5)) ** 2)
    return float(loss)


def cases(rng=None):
    """Two layers' activations of different sizes, the same channels."""
    if rng is None:
        rng, shapes = np.random.default_rng(90), [((1, 4, 5, 6), (1, 3, 3, 6))]
    else:
        c = int(rng.integers(3, 9))
        shapes = [((1, int(rng.integers(2, 6)), int(rng.integers(2, 6)), c),
                   (1, int(rng.integers(2, 6)), int(rng.integers(2, 6)), c))]
    for a, b in shapes:
        f = rng.gamma(1.5, 1.0, a) * rng.uniform(0.5, 3.0, a[-1])
        s = rng.gamma(1.0, 2.0, b) * rng.uniform(0.5, 3.0, b[-1])
        f, s = tf.constant(f.astype(np.float32)), tf.constant(s.astype(np.float32))
        yield Case((f, s), reference(f, s))


EXERCISE = register(Exercise(
    name="mean_std_loss",
    notebook="09_what_is_style",
    params="features, style_features",
    summary="the mean_std style loss of two layers' activations [1, h, w, C].",
    solution='''\
def mean_and_spread(x):
    mean, variance = tf.nn.moments(x, axes=[0, 1, 2])  # one of each per channel
    return mean, tf.sqrt(variance + 1e-5)
mean, std = mean_and_spread(features)
style_mean, style_std = mean_and_spread(style_features)
return tf.reduce_mean((mean - style_mean) ** 2) + tf.reduce_mean((std - style_std) ** 2)
''',
    cases=cases,
    mistakes=[
        Mistake("The spread matters too: add the squared differences of the standard "
                "deviations to those of the means.",
                lambda f, s: reference(f, s, with_spread=False)),
        Mistake("Use the standard deviation, the square root of the variance (plus 1e-5).",
                lambda f, s: reference(f, s, spread=lambda v: v)),
        Mistake("Divide the variance by the number of places, as tf.nn.moments does, not by "
                "one less.",
                lambda f, s: reference(f, s, ddof=1)),
        Mistake("Average over the channels (tf.reduce_mean), do not add them up.",
                lambda f, s: reference(f, s, over_channels=np.sum)),
    ],
    hint="Per channel: the mean and sqrt(variance + 1e-5) over every place; then the mean over "
         "the channels of the squared differences, for the means plus for the spreads.",
    returns="number",
    many="Return one number, the loss.",
    rtol=1e-4, atol=1e-6,
    answers=("nst.style_stats.MeanStd.loss", "nst.style_stats.MeanStd.target",
             "nst.style_stats.statistic", "nst.StyleTransfer", "nst.texture"),
))


def check_mean_std_loss(fn) -> None:
    """Check your ``my_mean_std_loss`` (notebook 09) and print one line."""
    check(EXERCISE, fn)
