"""Images in and out (notebook 01): a picture is a ``[1, H, W, 3]`` float32 tensor in [0, 1].

One picture (the batch axis), height, width, and the red, green and blue
channels. Reading a file and the errors for files that are not pictures are
in :mod:`nst_tutorial._plumbing.reading`.
"""

from __future__ import annotations

import numpy as np
import PIL.Image
import tensorflow as tf

from .._plumbing.reading import read_image

#: The tutorial's image size: the long side, in pixels.
MAX_DIM = 512


def load_img(source, max_dim: int | None = MAX_DIM, *, name: str | None = None) -> tf.Tensor:
    """Load an image as a ``[1, H, W, 3]`` float32 tensor with values in [0, 1].

    The image is scaled so its long side is ``max_dim`` pixels (the
    tutorial's 512), keeping the aspect ratio; ``max_dim=None`` keeps its size.

    ``source`` is a file path, an ``http(s)`` URL (downloaded once into the
    cache), bytes, a PIL image, or an array (``[H, W, 3]``; floats in [0, 1],
    integers in [0, 255], uint16 in [0, 65535]). Any file Pillow reads works;
    transparency is put on white, phone photos are turned upright. ``name`` is
    what errors call an image given as bytes or a PIL image. A file that is
    not a usable picture raises ``ImageError`` naming it.

    Notebook 01 introduces this.
    """
    img = tf.convert_to_tensor(read_image(source, max_dim, name), tf.float32)
    if max_dim is not None:
        img = resize_to_max_dim(img, max_dim)
    return img[tf.newaxis, :]


def resize_to_max_dim(image: tf.Tensor, max_dim: int) -> tf.Tensor:
    """Scale ``[H, W, 3]`` or ``[1, H, W, 3]`` so its long side is ``max_dim`` (aspect kept).

    The tutorial's arithmetic, step for step: ``int(shape * (max_dim / long_side))``.

    Notebook 01 introduces this.
    """
    shape = tf.cast(tf.shape(image)[-3:-1], tf.float32)
    long_dim = tf.reduce_max(shape)
    scale = max_dim / long_dim
    new_shape = tf.cast(shape * scale, tf.int32)
    return tf.image.resize(image, new_shape)


def clip_0_1(image: tf.Tensor) -> tf.Tensor:
    """Keep pixel values in [0, 1] (the tutorial's ``clip_0_1``).

    Notebook 06 introduces this.
    """
    return tf.clip_by_value(image, clip_value_min=0.0, clip_value_max=1.0)


def tensor_to_image(tensor) -> PIL.Image.Image:
    """``[1, H, W, 3]`` or ``[H, W, 3]`` in [0, 1] -> a PIL image.

    Values are multiplied by 255 and truncated to 8 bits, as in the tutorial
    (clipped to [0, 1] first, so nothing wraps around).

    Notebook 01 introduces this.
    """
    arr = np.asarray(tensor, dtype=np.float32)
    if arr.ndim > 3:
        assert arr.shape[0] == 1, f"tensor_to_image: expected one image, got {arr.shape[0]}"
        arr = arr[0]
    arr = np.clip(arr, 0.0, 1.0) * 255
    return PIL.Image.fromarray(np.array(arr, dtype=np.uint8))


def imshow(image, title: str | None = None, ax=None):
    """Show one image (tensor, array or PIL) with an optional title, as the tutorial does.

    Notebook 01 introduces this.
    """
    import matplotlib.pyplot as plt

    arr = np.asarray(image)
    if arr.ndim > 3:
        arr = np.squeeze(arr, axis=0)
    ax = ax or plt.gca()
    ax.imshow(np.clip(arr.astype(np.float32) / (255.0 if arr.dtype == np.uint8 else 1.0), 0, 1))
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
