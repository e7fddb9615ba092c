"""Keeping the content image's colours (Gatys, Bethge, Hertzmann and Shechtman, 2016).

Style transfer copies the style image's palette along with its brush strokes.
Two ways keep the photo's own colours instead:

* **Luminance-only transfer.** Split each image into luminance (brightness,
  ``Y``) and chrominance (colour, ``I`` and ``Q`` in the YIQ colour space).
  Transfer style between the grey luminance images, then give the result the
  content image's chrominance back.
* **Colour histogram matching.** Before the transfer, recolour the style image
  with a linear map so that the mean and covariance of its colours are the
  content image's; then run the transfer as usual.

Images are ``[1, H, W, 3]`` float32 in [0, 1].
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ..tutorial.images import clip_0_1


def luminance(image) -> tf.Tensor:
    """``[1, H, W, 3]`` RGB -> ``[1, H, W, 1]`` luminance ``Y = 0.299 R + 0.587 G + 0.114 B``."""
    return tf.image.rgb_to_yiq(tf.convert_to_tensor(image, tf.float32))[..., :1]


def _grey(y: tf.Tensor) -> tf.Tensor:
    return clip_0_1(tf.repeat(y, 3, axis=-1))


def luminance_only(content_image, style_image) -> tuple[tf.Tensor, tf.Tensor]:
    """The grey images to run the transfer on: ``(content luminance, style luminance)``.

    Each is the luminance repeated in three channels, so VGG19 sees a grey RGB
    picture. The style's luminance is shifted and scaled to the content's mean
    and standard deviation, so the brightness range of the result follows the
    photo. Finish with :func:`with_colors_of`.

    Notebook 08 introduces this.
    """
    yc, ys = luminance(content_image), luminance(style_image)
    mc, sc = tf.reduce_mean(yc), tf.math.reduce_std(yc)
    ms, ss = tf.reduce_mean(ys), tf.math.reduce_std(ys)
    ys = (ys - ms) * (sc / tf.maximum(ss, 1e-6)) + mc
    return _grey(yc), _grey(ys)


def with_colors_of(result, content_image) -> tf.Tensor:
    """The luminance of ``result`` with the chrominance (YIQ's I and Q) of ``content_image``.

    Both ``[1, H, W, 3]`` of the same size. The result is clipped to [0, 1]:
    where a colour does not exist at that brightness, the clipped pixels lose a
    little of it.

    Notebook 08 introduces this.
    """
    yiq = tf.image.rgb_to_yiq(tf.convert_to_tensor(content_image, tf.float32))
    yiq = tf.concat([luminance(result), yiq[..., 1:]], axis=-1)
    return clip_0_1(tf.image.yiq_to_rgb(yiq))


def _sqrt_psd(matrix: np.ndarray, power: float) -> np.ndarray:
    """``matrix ** power`` for a symmetric positive semi-definite 3 x 3 matrix."""
    values, vectors = np.linalg.eigh(matrix)
    values = np.maximum(values, 1e-8)
    return (vectors * values**power) @ vectors.T


def match_color_histogram(style_image, content_image) -> tf.Tensor:
    """Recolour ``style_image`` so its colours have the mean and covariance of ``content_image``'s.

    Each pixel ``x`` (an RGB vector) becomes ``A (x - mu_s) + mu_c`` with
    ``A = C_c^(1/2) C_s^(-1/2)``, where ``mu`` and ``C`` are the mean and the
    3 x 3 covariance of the pixels of the style (s) and content (c) images.
    Returns ``[1, H, W, 3]``, the style image's size, clipped to [0, 1].

    Notebook 08 introduces this.
    """
    style = np.asarray(style_image, dtype=np.float64).reshape(-1, 3)
    content = np.asarray(content_image, dtype=np.float64).reshape(-1, 3)
    mu_s, mu_c = style.mean(axis=0), content.mean(axis=0)
    cov_s, cov_c = np.cov(style, rowvar=False), np.cov(content, rowvar=False)
    a = _sqrt_psd(cov_c, 0.5) @ _sqrt_psd(cov_s, -0.5)
    matched = (style - mu_s) @ a.T + mu_c
    shape = tf.convert_to_tensor(style_image).shape
    return clip_0_1(tf.constant(matched.reshape(shape), tf.float32))
