"""Images in and out: files, URLs, bytes, PIL images and arrays <-> tensors.

Inside the package an image is always a ``[1, H, W, 3]`` float32 tensor with
values in [0, 1]: one picture (the batch axis), height, width, and the red,
green and blue channels. Notebook 01 introduces them. Reading the bytes of a
file into pixels, and the errors for files that are not pictures, are in
:mod:`nst_tutorial._plumbing.decode`.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Union

import numpy as np
import PIL.Image
import tensorflow as tf

from .._plumbing.decode import (
    array_pixels, decode_bytes, missing_file_message, pil_pixels, short_reason,
)
from .._plumbing.download import download
from .._plumbing.files import atomic_write
from ..base.errors import ImageError, SettingsError
from ..base.settings import settings, weights_note

ImageSource = Union[str, os.PathLike, bytes, PIL.Image.Image, np.ndarray, tf.Tensor]

#: VGG19 halves the image five times; below this many pixels a side, the deepest
#: layers would have nothing left to look at.
MIN_SIDE = 32


def _is_url(source) -> bool:
    return isinstance(source, str) and source.split(":", 1)[0].lower() in ("http", "https")


def _read_source(source: ImageSource, name: str | None = None) -> tuple[np.ndarray, str]:
    """Return ``(pixels as float32 [H, W, 3] in [0, 1], a name for messages)``."""
    if isinstance(source, PIL.Image.Image):
        name = name or getattr(source, "filename", "") or "PIL image"  # set by PIL.Image.open
        return pil_pixels(source, name), name
    if isinstance(source, (bytes, bytearray, memoryview)):
        name = name or "image bytes"
        return decode_bytes(bytes(source), name), name
    if isinstance(source, (np.ndarray, tf.Tensor, tf.Variable)):
        return array_pixels(np.asarray(source)), "array"
    if _is_url(source):
        path = download(source, verify_image=True)
        return _read_source(path)[0], source
    if not isinstance(source, (str, os.PathLike)):
        raise ImageError(
            f"cannot load an image from a value of type {type(source).__name__}: pass a file path, an "
            "http(s) URL, bytes, a PIL image or an array."
        )
    path = Path(source)
    if not path.exists():
        raise ImageError(missing_file_message(path))
    if path.is_dir():
        raise ImageError(f"{path}: is a folder, not an image file.")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ImageError(f"{path}: cannot be read ({e.strerror or short_reason(e)}).") from None
    return decode_bytes(data, str(path)), str(path)


def resize_to_max_dim(image: tf.Tensor, max_dim: int) -> tf.Tensor:
    """Scale ``[H, W, 3]`` or ``[1, H, W, 3]`` so its long side is ``max_dim`` (aspect kept).

    This is the official tutorial's arithmetic, step for step, so the sizes
    match it exactly: ``new_shape = int(shape * (max_dim / long_side))``.

    Notebook 01 introduces this.
    """
    shape = tf.cast(tf.shape(image)[-3:-1], tf.float32)
    long_dim = tf.reduce_max(shape)
    scale = max_dim / long_dim
    new_shape = tf.cast(shape * scale, tf.int32)
    return tf.image.resize(image, new_shape)


def _scaled_size(h: int, w: int, max_dim) -> tuple[int, int]:
    """The ``(height, width)`` that :func:`resize_to_max_dim` gives, in its float32 arithmetic."""
    if max_dim is None or min(h, w) == 0:
        return h, w
    scale = np.float32(max_dim) / np.float32(max(h, w))
    out = (np.float32([h, w]) * scale).astype(np.int64)
    return int(out[0]), int(out[1])


def load_img(source: ImageSource, max_dim: int | None = -1, *, name: str | None = None
             ) -> tf.Tensor:
    """Load an image as a ``[1, H, W, 3]`` float32 tensor with values in [0, 1].

    ``source`` may be a file path, an ``http(s)`` URL (downloaded once into the
    cache), raw bytes, a PIL image, or an array (``[H, W, 3]`` or
    ``[1, H, W, 3]``; floats in [0, 1], integers in [0, 255], or uint16 in [0, 65535]).

    The image is scaled so its long side is ``max_dim`` pixels, keeping the
    aspect ratio, as the tutorial does (smaller images are scaled up).
    The default is ``settings.max_dim``: the tutorial's 512, or the size of
    the profile in force (64 in quick mode; the laptop profile's plan).
    Pass ``max_dim=None`` to keep the original size. ``name`` is what error
    messages call an image given as bytes or a PIL image (an upload's file name).

    Any file Pillow reads works: PNG, JPEG (also CMYK and progressive), GIF,
    BMP, TIFF, WebP. Transparent pixels (RGBA, LA, palette images with
    transparency) are composited on a white background, as a web page shows
    them; grayscale becomes RGB; 16-bit images are scaled from [0, 65535];
    an animated GIF or WebP gives its first frame; phone photos are turned
    the right way up using their EXIF orientation.

    Raises :class:`~nst_tutorial.errors.ImageError` naming the file and what is
    wrong (missing, empty, damaged, not an image, too small for VGG19, too many
    pixels), and ``DownloadError`` when a URL cannot be fetched.

    Notebook 01 introduces this.
    """
    if max_dim == -1:
        max_dim = settings.max_dim
    if max_dim is not None and (
        isinstance(max_dim, bool) or not isinstance(max_dim, (int, float, np.integer))
        or not max_dim >= MIN_SIDE
    ):
        raise SettingsError(
            f"max_dim={max_dim!r}: use a number of pixels of at least {MIN_SIDE} "
            "(512 is the tutorial's), or None to keep the original size."
        )
    pixels, name = _read_source(source, name)
    h, w = pixels.shape[:2]
    out_h, out_w = _scaled_size(h, w, max_dim)
    if min(h, w) < 2:
        raise ImageError(
            f"{name}: at {w}x{h} pixels the image is too small to use (VGG19's five pooling "
            f"stages need at least {MIN_SIDE} px on each side)."
        )
    if min(out_h, out_w) < MIN_SIDE:
        at = f"{w}x{h} pixels" + (f", scaled to {out_w}x{out_h}," if (out_h, out_w) != (h, w) else "")
        fix = "Use a larger or less elongated image"
        if max_dim is None:
            needed = math.ceil(MIN_SIDE * max(h, w) / min(h, w))
            while min(_scaled_size(h, w, needed)) < MIN_SIDE:
                needed += 1
            fix += f", or pass max_dim={needed} (or more) to scale it up"
        raise ImageError(
            f"{name}: at {at} the image is too small for VGG19, whose five pooling stages "
            f"need at least {MIN_SIDE} px on each side. {fix}."
        )
    img = tf.convert_to_tensor(pixels, tf.float32)
    if max_dim is not None:
        img = resize_to_max_dim(img, max_dim)
    return img[tf.newaxis, :]


def clip_0_1(image: tf.Tensor) -> tf.Tensor:
    """Keep pixel values in [0, 1] (the tutorial's ``clip_0_1``).

    Notebook 06 introduces this.
    """
    return tf.clip_by_value(image, clip_value_min=0.0, clip_value_max=1.0)


def tensor_to_image(tensor) -> PIL.Image.Image:
    """``[1, H, W, 3]`` or ``[H, W, 3]`` in [0, 1] -> a PIL image.

    Values are multiplied by 255 and truncated to 8 bits, exactly as in the
    tutorial (values are clipped to [0, 1] first, so nothing wraps around).

    Notebook 01 introduces this.
    """
    arr = np.asarray(tensor, dtype=np.float32)
    if arr.ndim > 3:
        if arr.shape[0] != 1:
            raise ImageError(f"tensor_to_image: expected one image, got a batch of {arr.shape[0]}.")
        arr = arr[0]
    arr = np.clip(arr, 0.0, 1.0) * 255
    return PIL.Image.fromarray(np.array(arr, dtype=np.uint8))


def save_image(image, path: str | os.PathLike, *, overwrite: bool = True) -> Path:
    """Save a tensor, array or PIL image to ``path`` (PNG, JPEG, ... from the suffix).

    The file is written to a temporary name beside ``path`` and then renamed,
    so a crash never leaves half a file and an existing file stays intact
    until the new one is complete; it gets the usual permissions of a new
    file (``0644`` under umask ``022``). Returns the path written.
    Notebook 07 introduces this.
    """
    path = Path(path)
    pil = image if isinstance(image, PIL.Image.Image) else tensor_to_image(image)
    fmt = PIL.Image.registered_extensions().get(path.suffix.lower())
    if fmt is None:
        raise ImageError(f"{path}: unknown image file type {path.suffix!r}; use .png or .jpg.")
    if path.exists() and not overwrite:
        raise ImageError(f"{path}: already exists; pass overwrite=True to replace it.")
    with atomic_write(path) as f:
        pil.save(f, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    return path


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


def show_images(images, titles=None, *, size: float = 4.0, note: str | None = None,
                show: bool = True):
    """Show several images side by side, each with its title.

    ``images`` is a list (or a ``{title: image}`` dict). ``note`` is printed
    under the row; by default it is :func:`weights_note`, so results made with
    random weights say so there by themselves (``note=""`` for none).
    Returns ``None`` once the figure is shown (so Jupyter does not draw it a
    second time), or the figure itself with ``show=False``. Notebook 01
    introduces this.
    """
    import matplotlib.pyplot as plt

    if isinstance(images, dict):
        titles, images = list(images), list(images.values())
    titles = list(titles) if titles is not None else [None] * len(images)
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size), squeeze=False)
    for ax, img, title in zip(axes[0], images, titles):
        imshow(img, title, ax=ax)
    note = weights_note() if note is None else note
    if note:
        fig.text(0.5, 0.01, note, ha="center", va="bottom", fontsize=9, color="firebrick")
    plt.tight_layout()
    if not show:
        return fig
    plt.show()
    return None


def tile_shuffle(image, tiles: int | tuple[int, int] = 4, seed: int = 0) -> tf.Tensor:
    """Cut an image into a grid of tiles and put the tiles back in a random order.

    ``image`` is ``[1, H, W, 3]`` or ``[H, W, 3]``; the result has the same shape,
    float32, and holds exactly the same pixel values, only moved. ``tiles`` is
    the grid: ``4`` means 4 x 4 tiles, ``(rows, cols)`` any other grid. When
    ``H`` or ``W`` is not a multiple of the grid, the few leftover pixels at the
    bottom and right edges stay where they are. The same ``seed`` gives the same
    order; with two or more tiles the order is never the original one.

    Notebook 04 introduces this.
    """
    rows, cols = (tiles, tiles) if isinstance(tiles, int) else tiles
    arr = np.array(image, dtype=np.float32)
    if arr.ndim not in (3, 4) or (arr.ndim == 4 and arr.shape[0] != 1):
        raise ImageError(f"tile_shuffle: expected one image [1, H, W, 3], got shape {list(arr.shape)}.")
    pixels = arr[0] if arr.ndim == 4 else arr  # a view: filling it fills arr
    height, width = pixels.shape[0] // max(rows, 1), pixels.shape[1] // max(cols, 1)
    if rows < 1 or cols < 1 or height < 1 or width < 1:
        raise ImageError(
            f"tile_shuffle: a {pixels.shape[1]}x{pixels.shape[0]} image cannot be cut into "
            f"{rows} x {cols} tiles; use a grid of at least 1 x 1 and at most one tile per pixel."
        )
    grid = [(r * height, c * width) for r in range(rows) for c in range(cols)]
    order = np.random.default_rng(seed).permutation(len(grid))
    if len(grid) > 1 and np.all(order == np.arange(len(grid))):
        order = np.roll(order, 1)
    source = pixels.copy()
    for (y, x), k in zip(grid, order):
        sy, sx = grid[k]
        pixels[y:y + height, x:x + width] = source[sy:sy + height, sx:sx + width]
    return tf.convert_to_tensor(arr)
