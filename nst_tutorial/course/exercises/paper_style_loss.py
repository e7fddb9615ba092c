"""Exercise paper_style_loss (notebook 04): one layer's style loss as Gatys et al. write it.

The paper's Gram matrix is a sum over the M = H * W positions, not a mean, and
its layer loss is E = 1 / (4 N^2 M^2) * sum (G - A)^2 over the N x N entries.
The tutorial's loss (``nst.gram_matrix``, a mean square of the difference)
stays as it is; the learner writes the paper's and measures that it is a
quarter of the tutorial's, whatever the layer.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from .checking import Case, Exercise, Mistake, check, draw, register, uniform


def sums(x):
    """The paper's Gram matrix: [C, C], summed over the positions (batch of one)."""
    f = tf.reshape(x, [-1, x.shape[-1]])
    return tf.matmul(f, f, transpose_a=True)


def loss(features, style_features, gram=sums, scale=lambda n, m: 4.0 * n**2 * m**2,
         reduce=tf.reduce_sum, power=2):
    n, m = features.shape[-1], features.shape[1] * features.shape[2]
    diff = gram(features) - gram(style_features)
    return reduce(tf.abs(diff) ** power) / scale(n, m)


def reference(features, style_features) -> float:
    """The paper's E, with NumPy in float64."""
    f = np.asarray(features, np.float64).reshape(-1, features.shape[-1])
    a = np.asarray(style_features, np.float64).reshape(-1, features.shape[-1])
    n, m = f.shape[1], f.shape[0]
    return float(((f.T @ f - a.T @ a) ** 2).sum() / (4 * n**2 * m**2))


def cases(rng=None):
    """Two activations of one layer (the image's, the style image's); the answer by NumPy."""
    if rng is None:
        pairs = [(uniform([1, 4, 5, 3], seed=60), uniform([1, 4, 5, 3], seed=61))]
    else:
        pairs = []
        for _ in range(2):
            shape = [1, *(int(n) for n in rng.integers(2, 6, 2)), int(rng.integers(2, 7))]
            pairs.append((draw(rng, shape), draw(rng, shape, 0.0, 2.0)))
    for features, style_features in pairs:
        yield Case((features, style_features), reference(features, style_features))


def means(x):
    """The tutorial's Gram matrix, averaged over the positions."""
    return sums(x) / (x.shape[1] * x.shape[2])


EXERCISE = register(Exercise(
    name="paper_style_loss",
    notebook="04_gram_matrices",
    params="features, style_features",
    summary="one layer's style loss as the paper writes it, 1/(4 N² M²) times the summed "
            "squared difference of Gram matrices that sum over the M positions.",
    solution='''\
n, m = features.shape[-1], features.shape[1] * features.shape[2]  # channels, positions
f = tf.reshape(features, [m, n])
a = tf.reshape(style_features, [m, n])
g = tf.matmul(f, f, transpose_a=True)  # [N, N], a sum over the M positions
target = tf.matmul(a, a, transpose_a=True)
return tf.reduce_sum((g - target) ** 2) / (4.0 * n**2 * m**2)
''',
    cases=cases,
    mistakes=[
        Mistake("The paper's Gram matrix sums over the positions; the tutorial's averages. "
                "The M² of 1/(4 N² M²) is there because G is a sum.",
                lambda f, a: loss(f, a, gram=means)),
        Mistake("Keep the 4 of 1/(4 N² M²).",
                lambda f, a: loss(f, a, scale=lambda n, m: float(n**2 * m**2))),
        Mistake("Both N and M are squared: 1/(4 N² M²).",
                lambda f, a: loss(f, a, scale=lambda n, m: 4.0 * n * m)),
        Mistake("Add the squared differences over the N x N entries (tf.reduce_sum): "
                "1/(4 N² M²) already divides.",
                lambda f, a: loss(f, a, reduce=tf.reduce_mean)),
        Mistake("Square the differences of the Gram matrices.",
                lambda f, a: loss(f, a, power=1)),
        Mistake("G is N x N, channels by channels: sum the products over the positions, so "
                "that the channels stay.",
                lambda f, a: loss(f, a, gram=lambda x: tf.matmul(
                    tf.reshape(x, [-1, x.shape[-1]]), tf.reshape(x, [-1, x.shape[-1]]),
                    transpose_b=True))),
    ],
    hint="G[c, d] = sum over the M positions of F[., c] * F[., d]; then the sum of (G - A)² "
         "over the N x N entries, divided by 4 N² M².",
    returns="number",
    many="Return one number, the layer's loss.",
    rtol=1e-4, atol=1e-7,
    answers=("nst.gram_matrix", "nst.style_content_loss", "nst.loss_components",
             "nst.StyleContentModel"),
))


def check_paper_style_loss(fn) -> None:
    """Check your ``my_paper_style_loss`` (notebook 04) and print one line."""
    check(EXERCISE, fn)
