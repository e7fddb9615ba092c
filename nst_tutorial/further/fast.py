"""Feed-forward, arbitrary style transfer: one pass through a trained network.

The course's method (Gatys et al. 2015) *optimises* every picture: hundreds of
steps, each a forward and a backward pass through VGG19. Feed-forward methods
spend that effort once, in training, on a separate network that then stylises a
new picture in one forward pass:

* Johnson, Alahi and Fei-Fei (2016), *Perceptual losses for real-time style
  transfer*: one network per style, trained with the course's losses.
* Huang and Belongie (2017), *Arbitrary style transfer in real-time with adaptive
  instance normalization* (AdaIN): any style, by giving the content's features the
  mean and standard deviation of the style's, channel by channel.
* Ghiasi, Lee, Kudlur, Dumoulin and Shlens (2017), *Exploring the structure of a
  real-time, arbitrary neural artistic stylization network*: a style network turns
  any painting into 100 numbers that steer a transformer network. Magenta trained
  it on about 80,000 paintings; the official tutorial opens with it, from TF Hub.

This module loads that last model, ``arbitrary-image-stylization-v1-256`` (version
2), without the ``tensorflow_hub`` package: it downloads the compressed SavedModel
once into the course's cache, unpacks it there with every name checked
(:mod:`nst_tutorial._plumbing.model_archive`), and loads it with ``tf.saved_model.load``::

    from nst_tutorial.further import fast
    model = fast.load_model()                    # ModelError, one line, when offline
    result = fast.stylize(model, content_image, style_image)   # [1, H, W, 3] in [0, 1]

``stylize`` makes the tutorial's call, ``model(tf.constant(content),
tf.constant(style))[0]``, with the style picture cropped to a square and resized to
256 x 256 first, the size the network was trained on (``style_size=None`` passes
it as it is, as the tutorial does).
"""

from __future__ import annotations

import os

import tensorflow as tf

from .._plumbing.model_archive import (  # noqa: F401  (nst.fast.fetch, nst.fast.model_dir...)
    ARCHIVE_NAME, HANDLE, NAME, URLS, VERSION, archive_problem, fetch, model_dir,
)
from ..base.errors import ImageError, ModelError, first_line

#: The side of the square style picture the network was trained with.
STYLE_SIZE = 256


def load_model(source: str | os.PathLike | None = None, *, cache_dir=None,
               timeout: float = 60.0):
    """Load the feed-forward stylisation network (see :func:`fetch` for ``source``).

    ``timeout``: seconds to wait for an address that does not answer (see
    :func:`fetch`); notebook 08 passes a few, so that a dead network costs seconds.

    Returns the object ``tf.saved_model.load`` gives; call it through
    :func:`stylize`. Raises :class:`~nst_tutorial.errors.ModelError` with a
    one-line message when the model cannot be had: offline, no network, a broken
    archive, or a folder TensorFlow cannot load.
    """
    path = fetch(source, cache_dir=cache_dir, timeout=timeout)
    try:
        return tf.saved_model.load(str(path))
    except (OSError, ValueError, tf.errors.OpError) as e:
        raise ModelError(f"{path}: TensorFlow could not load the model ({first_line(e)}).") from None


def square_style(style: tf.Tensor, size: int = STYLE_SIZE) -> tf.Tensor:
    """Crop the middle square of ``[1, H, W, 3]`` ``style`` and resize it to ``size x size``."""
    h, w = int(style.shape[1]), int(style.shape[2])
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    square = style[:, top:top + side, left:left + side, :]
    return tf.image.resize(square, (size, size), method="bilinear")


def stylize(model, content: tf.Tensor, style: tf.Tensor, *,
            style_size: int | None = STYLE_SIZE) -> tf.Tensor:
    """Stylise ``content`` like ``style`` in one forward pass of ``model``.

    Args:
        model: what :func:`load_model` returns.
        content: ``[1, H, W, 3]`` float32 in [0, 1], any size.
        style: ``[1, H, W, 3]`` float32 in [0, 1]; cropped to its middle square and
            resized to ``style_size`` (256, the training size) unless that is ``None``.

    Returns:
        The stylised picture, ``[1, H', W', 3]`` float32 in [0, 1] (the network
        gives about the content's size).
    """
    content = tf.convert_to_tensor(content, tf.float32)
    style = tf.convert_to_tensor(style, tf.float32)
    for name, image in (("content", content), ("style", style)):
        if image.shape.rank != 4 or image.shape[0] != 1 or image.shape[-1] != 3:
            raise ImageError(f"stylize: the {name} image has shape {tuple(image.shape)}; "
                             "it must be [1, H, W, 3] (nst.load_img gives that).")
    if style_size is not None:
        style = square_style(style, style_size)
    return tf.convert_to_tensor(model(tf.constant(content), tf.constant(style))[0], tf.float32)
