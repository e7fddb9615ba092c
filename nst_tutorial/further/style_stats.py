"""What is style? Statistics of the features other than the Gram matrix (notebook 09).

The tutorial's style loss compares Gram matrices: how strongly each pair of
channels fires together, averaged over the places of the picture. Other
summaries of a layer's features work too, and comparing them shows what
"style" is made of. Each kind here has two parts: ``target(features)``
summarises the style image's features of one layer, once; ``loss(features,
target)`` says how far an image's features are from that summary. Features
are a layer's activations ``[1, H, W, C]``, read as ``H * W`` vectors of ``C``
numbers.

``gram``
    The tutorial's: ``mean((G - G_target)^2)`` of the Gram matrices.
``mean_std``
    Each channel's mean and standard deviation, as AdaIN keeps them (Huang and
    Belongie, 2017): which channels fire and how much they vary, nothing about
    pairs of channels.
``mean_cov``
    The squared Wasserstein-2 distance between Gaussians fitted to the two
    sets of vectors: the mean and the whole covariance (:func:`wasserstein2_gaussian`).
    The matrix square root is taken by eigendecomposition: the target's once
    (``tf.linalg.eigh``), and at each step only the eigenvalues of
    ``S_t Σ S_t`` (``tf.linalg.eigvalsh``, whose gradient ``V diag(g) Vᵀ``
    stays finite when eigenvalues repeat, as they do when a layer has more
    channels than places).
``sliced``
    The sliced Wasserstein distance (Heitz et al., 2021): the vectors are
    projected on 32 seeded random directions per layer, and the sorted
    projections compared, which matches the whole distribution of the features
    along each direction, not only its first two moments. (Heitz et al. draw
    new directions at every step; fixed ones keep a run repeatable.)
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ..base.errors import SettingsError
from ..tutorial.features import preprocess
from ..tutorial.losses import gram_matrix

#: The kinds, and what each keeps of the features.
KINDS = {
    "gram": "the Gram matrix: which channels fire together (the tutorial's)",
    "mean_std": "each channel's mean and standard deviation (AdaIN's)",
    "mean_cov": "the mean and covariance: the Wasserstein-2 distance between fitted Gaussians",
    "sliced": "the whole distribution along random directions: sliced Wasserstein",
}


def vectors(features: tf.Tensor) -> tf.Tensor:
    """``[1, H, W, C]`` -> ``[H * W, C]``: one vector of channels per place."""
    return tf.reshape(features, [-1, tf.shape(features)[-1]])


def mean_and_covariance(x: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """The mean ``[C]`` and covariance ``[C, C]`` of vectors ``[N, C]`` (divided by ``N``)."""
    mean = tf.reduce_mean(x, axis=0)
    centred = x - mean
    n = tf.cast(tf.shape(x)[0], x.dtype)
    return mean, tf.matmul(centred, centred, transpose_a=True) / n


def sqrtm_psd(matrix: tf.Tensor) -> tf.Tensor:
    """The square root of a symmetric positive semi-definite matrix, by eigendecomposition."""
    values, vecs = tf.linalg.eigh((matrix + tf.transpose(matrix)) / 2)
    return tf.matmul(vecs * tf.sqrt(tf.maximum(values, 0.0)), vecs, transpose_b=True)


def _trace_sqrt(matrix: tf.Tensor, floor: float | tf.Tensor = 0.0) -> tf.Tensor:
    """``tr(matrix^½)`` of a PSD matrix: the sum of the square roots of its eigenvalues."""
    values = tf.linalg.eigvalsh((matrix + tf.transpose(matrix)) / 2)
    return tf.reduce_sum(tf.sqrt(tf.maximum(values, floor)))


def wasserstein2_gaussian(a, b) -> tf.Tensor:
    """Squared Wasserstein-2 distance between the Gaussians fitted to ``a [N, C]`` and ``b [M, C]``.

    ``‖μa − μb‖² + tr(Σa + Σb − 2 (Σa^½ Σb Σa^½)^½)``, the covariances
    divided by the number of vectors. It is 0 exactly when the means and the
    covariances agree.
    """
    a, b = tf.convert_to_tensor(a, tf.float32), tf.convert_to_tensor(b, tf.float32)
    mean_a, cov_a = mean_and_covariance(a)
    mean_b, cov_b = mean_and_covariance(b)
    root_a = sqrtm_psd(cov_a)
    cross = _trace_sqrt(root_a @ cov_b @ root_a)
    return (tf.reduce_sum((mean_a - mean_b) ** 2)
            + tf.linalg.trace(cov_a) + tf.linalg.trace(cov_b) - 2.0 * cross)


class Gram:
    """The tutorial's statistic: the Gram matrix, compared by mean squared difference."""

    def target(self, features):
        return gram_matrix(features)

    def loss(self, features, target):
        return tf.reduce_mean((gram_matrix(features) - target) ** 2)


class MeanStd:
    """Each channel's mean and standard deviation (AdaIN)."""

    def target(self, features):
        return _mean_std(vectors(features))

    def loss(self, features, target):
        mean, std = _mean_std(vectors(features))
        return tf.reduce_mean((mean - target[0]) ** 2) + tf.reduce_mean((std - target[1]) ** 2)


def _mean_std(x):
    mean, variance = tf.nn.moments(x, axes=[0])
    return mean, tf.sqrt(variance + 1e-5)  # the 1e-5 keeps the gradient finite at 0


class MeanCov:
    """The mean and covariance: squared Wasserstein-2 between fitted Gaussians."""

    def target(self, features):
        mean, cov = mean_and_covariance(vectors(features))
        return mean, cov, sqrtm_psd(cov)

    def loss(self, features, target):
        mean_t, cov_t, root_t = target
        mean, cov = mean_and_covariance(vectors(features))
        # Eigenvalues below a millionth of the average are taken as that: sqrt's slope stays finite.
        floor = 1e-6 * tf.linalg.trace(cov_t) / tf.cast(tf.shape(cov_t)[0], tf.float32) + 1e-12
        cross = _trace_sqrt(root_t @ cov @ root_t, floor)
        return (tf.reduce_sum((mean - mean_t) ** 2)
                + tf.linalg.trace(cov) + tf.linalg.trace(cov_t) - 2.0 * cross)


#: Directions per layer of the sliced kind. Sorting is what it costs: 32 keep a step within
#: 1.5 times a Gram step at 256 px (benchmarks/style_losses.py).
DIRECTIONS = 32


class Sliced:
    """Sorted projections on :data:`DIRECTIONS` seeded random directions (sliced Wasserstein).

    The loss is the mean, over the directions, of the squared Wasserstein-2
    distance between the two one-dimensional distributions of projections:
    ``mean((sort(x·d) - sort(y·d))^2)``, the target's sorted projections read
    at the image's quantiles when the two have different numbers of places.
    """

    def __init__(self, seed: int = 0, directions: int = DIRECTIONS):
        self.seed, self.directions = seed, directions

    def target(self, features):
        x = vectors(features)
        channels = int(x.shape[-1])
        rng = np.random.default_rng(self.seed)
        directions = rng.standard_normal((channels, self.directions)).astype(np.float32)
        directions /= np.linalg.norm(directions, axis=0, keepdims=True)
        directions = tf.constant(directions)
        return directions, tf.sort(x @ directions, axis=0)

    def loss(self, features, target):
        directions, sorted_target = target
        projected = tf.sort(vectors(features) @ directions, axis=0)
        return tf.reduce_mean((projected - at_quantiles(sorted_target, tf.shape(projected)[0])) ** 2)


def at_quantiles(sorted_values: tf.Tensor, n) -> tf.Tensor:
    """The rows of ``sorted_values [M, K]`` read at ``n`` evenly spaced quantiles (linear)."""
    m = tf.shape(sorted_values)[0]
    position = (tf.range(n, dtype=tf.float32) + 0.5) * tf.cast(m, tf.float32) / tf.cast(n, tf.float32) - 0.5
    position = tf.clip_by_value(position, 0.0, tf.cast(m - 1, tf.float32))
    low = tf.cast(tf.floor(position), tf.int32)
    high = tf.minimum(low + 1, m - 1)
    weight = (position - tf.cast(low, tf.float32))[:, None]
    return (1 - weight) * tf.gather(sorted_values, low) + weight * tf.gather(sorted_values, high)


def statistic(kind: str, seed: int = 0):
    """The statistic called ``kind`` (one of :data:`KINDS`); ``seed`` picks sliced's directions."""
    if kind not in KINDS:
        raise SettingsError(f"style_loss={kind!r}: use one of {', '.join(KINDS)}.")
    return {"gram": Gram, "mean_std": MeanStd, "mean_cov": MeanCov}.get(kind, lambda: Sliced(seed))()


def features(extractor, image) -> dict:
    """A style/content model's raw features of ``image``: ``{"style": {layer: [1, H, W, C]}, "content": ...}``.

    The same as ``extractor(image)``, but the style layers' activations as
    they are, not their Gram matrices.
    """
    outputs = extractor.vgg(preprocess(image))
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    outputs = [tf.cast(o, tf.float32) for o in outputs]
    n = len(extractor.style_layers)
    return {"style": dict(zip(extractor.style_layers, outputs[:n])),
            "content": dict(zip(extractor.content_layers, outputs[n:]))}
