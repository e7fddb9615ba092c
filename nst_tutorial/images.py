"""Images in and out: files, URLs, bytes, PIL images and arrays <-> tensors.

Inside the package an image is always a ``[1, H, W, 3]`` float32 tensor with
values in [0, 1]: one picture (the batch axis), height, width, and the red,
green and blue channels.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Union

import numpy as np
import PIL.Image
import tensorflow as tf

from .errors import ImageError
from .settings import settings

ImageSource = Union[str, os.PathLike, bytes, PIL.Image.Image, np.ndarray, tf.Tensor]

#: VGG19 halves the image five times; below this many pixels a side, the deepest
#: layers would have nothing left to look at.
MIN_SIDE = 32


def _is_url(source) -> bool:
    return isinstance(source, str) and source.split(":", 1)[0].lower() in ("http", "https")


def _open_pil(data: bytes, name: str) -> PIL.Image.Image:
    """Decode bytes with Pillow into an RGB image, or raise ImageError naming ``name``."""
    if not data:
        raise ImageError(f"{name}: the file is empty (0 bytes).")
    try:
        img = PIL.Image.open(io.BytesIO(data))
        img.load()
    except PIL.Image.DecompressionBombError as e:
        raise ImageError(
            f"{name}: the image is too large to decode safely ({e}). "
            "Shrink it first, or pass a smaller image."
        ) from None
    except (PIL.UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise ImageError(f"{name}: not a readable image ({e}).") from None
    return _to_rgb(img)


def _to_rgb(img: PIL.Image.Image) -> PIL.Image.Image:
    """RGB, the right way up. Transparent pixels are composited on white."""
    from PIL import ImageOps

    img = ImageOps.exif_transpose(img)
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = PIL.Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return PIL.Image.alpha_composite(white, rgba).convert("RGB")
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float64)
        arr = np.clip(arr / (65535.0 if arr.max() > 255 else 255.0) * 255.0 + 0.5, 0, 255)
        return PIL.Image.fromarray(arr.astype(np.uint8)).convert("RGB")
    return img.convert("RGB")


def _read_source(source: ImageSource) -> tuple[np.ndarray, str]:
    """Return ``(pixels as float32 [H, W, 3] in [0, 1], a name for messages)``."""
    if isinstance(source, PIL.Image.Image):
        return np.asarray(_to_rgb(source), dtype=np.float32) / 255.0, "PIL image"
    if isinstance(source, (bytes, bytearray)):
        pil = _open_pil(bytes(source), "image bytes")
        return np.asarray(pil, dtype=np.float32) / 255.0, "image bytes"
    if isinstance(source, (np.ndarray, tf.Tensor)):
        return _array_to_float(np.asarray(source)), "array"
    if _is_url(source):
        from .download import download

        path = download(source, verify_image=True)
        return _read_source(path)[0], source
    path = Path(source)
    if not path.exists():
        raise ImageError(f"{path}: no such file.")
    if path.is_dir():
        raise ImageError(f"{path}: is a folder, not an image file.")
    pil = _open_pil(path.read_bytes(), str(path))
    return np.asarray(pil, dtype=np.float32) / 255.0, str(path)


def _array_to_float(arr: np.ndarray) -> np.ndarray:
    """An array in [0, 1] (floats) or [0, 255] (integers) -> float32 [H, W, 3]."""
    if arr.ndim == 4:
        if arr.shape[0] != 1:
            raise ImageError(f"array: expected one image, got a batch of {arr.shape[0]}.")
        arr = arr[0]
    if arr.ndim == 2:
        arr = arr[..., None]
    if arr.ndim != 3 or arr.shape[-1] not in (1, 3, 4):
        raise ImageError(f"array: expected shape [H, W, 3], got {list(arr.shape)}.")
    if np.issubdtype(arr.dtype, np.integer):
        arr = arr.astype(np.float32) / float(np.iinfo(arr.dtype).max)
    arr = arr.astype(np.float32)
    if arr.shape[-1] == 1:
        arr = np.repeat(arr, 3, axis=-1)
    elif arr.shape[-1] == 4:
        alpha = arr[..., 3:]
        arr = arr[..., :3] * alpha + (1.0 - alpha)
    if not np.all(np.isfinite(arr)):
        raise ImageError("array: contains NaN or infinite values.")
    return np.clip(arr, 0.0, 1.0)


def resize_to_max_dim(image: tf.Tensor, max_dim: int) -> tf.Tensor:
    """Scale ``[H, W, 3]`` or ``[1, H, W, 3]`` so its long side is ``max_dim`` (aspect kept).

    This is the official tutorial's arithmetic, step for step, so the sizes
    match it exactly: ``new_shape = int(shape * (max_dim / long_side))``.
    """
    shape = tf.cast(tf.shape(image)[-3:-1], tf.float32)
    long_dim = tf.reduce_max(shape)
    scale = max_dim / long_dim
    new_shape = tf.cast(shape * scale, tf.int32)
    return tf.image.resize(image, new_shape)


def load_img(source: ImageSource, max_dim: int | None = -1) -> tf.Tensor:
    """Load an image as a ``[1, H, W, 3]`` float32 tensor with values in [0, 1].

    ``source`` may be a file path, an ``http(s)`` URL (downloaded once into the
    cache), raw bytes, a PIL image, or an array (``[H, W, 3]`` or
    ``[1, H, W, 3]``; floats in [0, 1] or integers in [0, 255]).

    The image is scaled so its long side is ``max_dim`` pixels, keeping the
    aspect ratio, as the tutorial does (smaller images are scaled up).
    The default is ``settings.max_dim``: 512, or 64 in quick mode.
    Pass ``max_dim=None`` to keep the original size.

    Transparent images are composited on white; grayscale becomes RGB; phone
    photos are turned the right way up using their EXIF orientation.
    """
    if max_dim == -1:
        max_dim = settings.max_dim
    pixels, name = _read_source(source)
    h, w = pixels.shape[:2]
    if h < 2 or w < 2:
        raise ImageError(f"{name}: the image is {w}x{h} pixels; that is too small to use.")
    img = tf.convert_to_tensor(pixels, tf.float32)
    if max_dim is not None:
        img = resize_to_max_dim(img, max_dim)
    out_h, out_w = int(img.shape[0]), int(img.shape[1])
    if min(out_h, out_w) < MIN_SIDE:
        raise ImageError(
            f"{name}: at {out_w}x{out_h} pixels the image is too small for VGG19, "
            f"whose five pooling stages need at least {MIN_SIDE} px on each side. "
            "Use a larger max_dim or a less elongated image."
        )
    return img[tf.newaxis, :]


def clip_0_1(image: tf.Tensor) -> tf.Tensor:
    """Keep pixel values in [0, 1] (the tutorial's ``clip_0_1``)."""
    return tf.clip_by_value(image, clip_value_min=0.0, clip_value_max=1.0)


def tensor_to_image(tensor) -> PIL.Image.Image:
    """``[1, H, W, 3]`` or ``[H, W, 3]`` in [0, 1] -> a PIL image.

    Values are multiplied by 255 and truncated to 8 bits, exactly as in the
    tutorial (values are clipped to [0, 1] first, so nothing wraps around).
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
    until the new one is complete. Returns the path written.
    """
    path = Path(path)
    pil = image if isinstance(image, PIL.Image.Image) else tensor_to_image(image)
    fmt = PIL.Image.registered_extensions().get(path.suffix.lower())
    if fmt is None:
        raise ImageError(f"{path}: unknown image file type {path.suffix!r}; use .png or .jpg.")
    if path.exists() and not overwrite:
        raise ImageError(f"{path}: already exists; pass overwrite=True to replace it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pil.save(f, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def imshow(image, title: str | None = None, ax=None):
    """Show one image (tensor, array or PIL) with an optional title, as the tutorial does."""
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


def show_images(images, titles=None, *, size: float = 4.0, note: str | None = None):
    """Show several images side by side, each with its title.

    ``images`` is a list (or a ``{title: image}`` dict). ``note`` is printed
    under the row; results made with random weights should say so there.
    """
    import matplotlib.pyplot as plt

    if isinstance(images, dict):
        titles, images = list(images), list(images.values())
    titles = list(titles) if titles is not None else [None] * len(images)
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size), squeeze=False)
    for ax, img, title in zip(axes[0], images, titles):
        imshow(img, title, ax=ax)
    if note:
        fig.text(0.5, 0.01, note, ha="center", va="bottom", fontsize=9, color="firebrick")
    plt.tight_layout()
    plt.show()
    return fig
