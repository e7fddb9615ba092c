"""From whatever a learner passes to ``load_img`` to checked pixels, with an error that says what is wrong.

:func:`read_image` accepts a file path, an ``http(s)`` URL (downloaded once
into the cache), raw bytes, a PIL image or an array, and returns float32
``[H, W, 3]`` in [0, 1]. It refuses, with an
:class:`~nst_tutorial.base.errors.ImageError` that names the file, anything
that cannot become a picture VGG19 can use: a missing, empty or damaged file,
and an image too small for the network's five pooling stages at the size
asked for. :func:`~nst_tutorial.tutorial.images.load_img` (notebook 01) calls
it, then does what the tutorial does.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import PIL.Image
import tensorflow as tf

from ..base.errors import ImageError, SettingsError
from .decode import array_pixels, decode_bytes, missing_file_message, pil_pixels, short_reason
from .download import download

#: VGG19 halves the image five times; below this many pixels a side, the deepest
#: layers would have nothing left to look at.
MIN_SIDE = 32


def _is_url(source) -> bool:
    return isinstance(source, str) and source.split(":", 1)[0].lower() in ("http", "https")


def _read_source(source, name: str | None = None) -> tuple[np.ndarray, str]:
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


def scaled_size(h: int, w: int, max_dim) -> tuple[int, int]:
    """The ``(height, width)`` that ``resize_to_max_dim`` gives, in its float32 arithmetic."""
    if max_dim is None or min(h, w) == 0:
        return h, w
    scale = np.float32(max_dim) / np.float32(max(h, w))
    out = (np.float32([h, w]) * scale).astype(np.int64)
    return int(out[0]), int(out[1])


def read_image(source, max_dim: int | None, name: str | None = None) -> np.ndarray:
    """The pixels of ``source``, float32 ``[H, W, 3]`` in [0, 1], checked for use at ``max_dim``.

    ``max_dim`` is the long side the image will be scaled to (``None``: kept as
    it is); ``name`` is what messages call an image given as bytes or a PIL
    image. Raises :class:`SettingsError` for a ``max_dim`` below
    :data:`MIN_SIDE` and :class:`ImageError` for a source that is not a
    usable picture, naming it.
    """
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
    out_h, out_w = scaled_size(h, w, max_dim)
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
            while min(scaled_size(h, w, needed)) < MIN_SIDE:
                needed += 1
            fix += f", or pass max_dim={needed} (or more) to scale it up"
        raise ImageError(
            f"{name}: at {at} the image is too small for VGG19, whose five pooling stages "
            f"need at least {MIN_SIDE} px on each side. {fix}."
        )
    return pixels
