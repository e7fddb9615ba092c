"""Images in and out: files, URLs, bytes, PIL images and arrays <-> tensors.

Inside the package an image is always a ``[1, H, W, 3]`` float32 tensor with
values in [0, 1]: one picture (the batch axis), height, width, and the red,
green and blue channels.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Union

import numpy as np
import PIL.Image
import PIL.ImageFile
import PIL.ImageOps
import tensorflow as tf

from .errors import ImageError, SettingsError
from .settings import settings

ImageSource = Union[str, os.PathLike, bytes, PIL.Image.Image, np.ndarray, tf.Tensor]

#: VGG19 halves the image five times; below this many pixels a side, the deepest
#: layers would have nothing left to look at.
MIN_SIDE = 32


def _is_url(source) -> bool:
    return isinstance(source, str) and source.split(":", 1)[0].lower() in ("http", "https")


def _looks_like(data: bytes) -> str | None:
    """What a file that Pillow cannot read seems to be, from its first bytes (or None)."""
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF"):
        return "a PDF document; export the page as PNG or JPEG first"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "a web page (HTML), not the image itself; use the address of the image file"
    if b"<svg" in head:
        return "an SVG drawing (vector graphics); export it as PNG first"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypheif", b"ftyphevc"):
        return "a HEIC/HEIF photo (the iPhone's format); save it as JPEG or PNG first"
    if data.startswith(b"PK\x03\x04"):
        return "a ZIP archive; unzip it first"
    try:
        text = data[:1024].decode("utf-8")
    except UnicodeDecodeError as e:  # a character cut in two at the end is still text
        if e.start < min(len(data), 1024) - 3:
            return None
        text = data[: e.start].decode("utf-8")
    if all(ch.isprintable() or ch in "\t\r\n" for ch in text):
        return "a text file"
    return None


def _reason(e: BaseException) -> str:
    """An exception as short text, without memory addresses (``<... at 0x7f...>``)."""
    return re.sub(r"<[^<>]* at 0x[0-9a-fA-F]+>", "<...>", str(e)) or type(e).__name__


@contextlib.contextmanager
def _decoding(name: str, data: bytes = b""):
    """Turn whatever Pillow raises while decoding into one :class:`ImageError` naming ``name``.

    Truncated files are refused even when ``PIL.ImageFile.LOAD_TRUNCATED_IMAGES``
    is set: that flag fills the missing part of the picture with grey.
    """
    saved = PIL.ImageFile.LOAD_TRUNCATED_IMAGES
    PIL.ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    except ImageError:
        raise
    except PIL.UnidentifiedImageError:
        kind = _looks_like(data)
        if kind:
            raise ImageError(f"{name}: not an image; it looks like {kind}.") from None
        raise ImageError(
            f"{name}: not an image file Pillow can read (unknown format; it starts with the "
            f"bytes {data[:8].hex(' ')}). Use a PNG, JPEG, GIF, BMP, TIFF or WebP file."
        ) from None
    except PIL.Image.DecompressionBombError as e:
        raise ImageError(
            f"{name}: the image has too many pixels to decode safely ({_reason(e)}). Resize it "
            "to a smaller size first (a few thousand pixels on the long side is plenty: "
            "load_img scales it to max_dim anyway)."
        ) from None
    except MemoryError:
        raise ImageError(
            f"{name}: not enough memory to decode this image. Resize it to a smaller size first."
        ) from None
    except Exception as e:  # noqa: BLE001  (damaged files: OSError, SyntaxError, struct.error...)
        raise ImageError(
            f"{name}: the image data is damaged or incomplete ({_reason(e)}). "
            "Download or export the file again."
        ) from None
    finally:
        PIL.ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _open_pil(data: bytes, name: str) -> PIL.Image.Image:
    """Decode bytes with Pillow into an RGB image, or raise ImageError naming ``name``."""
    if not data:
        raise ImageError(f"{name}: the file is empty (0 bytes).")
    with _decoding(name, data):
        img = PIL.Image.open(io.BytesIO(data))  # an animated GIF or WebP opens at its first frame
        sixteen_bit = _stored_as_16_bit(img)  # before load(), which empties img.tile
        img.load()
        return _to_rgb(img, sixteen_bit)


def _stored_as_16_bit(img: PIL.Image.Image) -> bool:
    """Whether the file stores 16-bit samples (an ``I;16...`` raw mode), from its unread tiles.

    Older Pillow opens a 16-bit grayscale PNG (and any Pillow a 16-bit PGM) in
    mode ``I``, like a 32-bit image, so the mode alone cannot tell.
    """
    for tile in getattr(img, "tile", None) or ():
        args = tile[3] if len(tile) > 3 else None
        rawmode = args[0] if isinstance(args, tuple) and args else args
        if isinstance(rawmode, str) and rawmode.startswith("I;16"):
            return True
    return False


def _pixels(pil: PIL.Image.Image) -> np.ndarray:
    """8-bit RGB -> float32 ``[H, W, 3]`` in [0, 1], scaled as ``tf.image.convert_image_dtype`` does.

    That is ``x * float32(1/255)``, not ``x / 255``: the two differ in the last
    bit for about half the values, and the tutorial uses the former.
    """
    return np.asarray(pil, dtype=np.float32) * np.float32(1 / 255)


def _decode(data: bytes, name: str) -> np.ndarray:
    """The bytes of an image file -> float32 ``[H, W, 3]`` in [0, 1].

    Pillow reads (and checks) every format. A plain JPEG (RGB or grayscale, no
    EXIF rotation) is then decoded by TensorFlow, as the tutorial does: its
    fast integer DCT rounds differently from Pillow's, by up to a few levels in
    255, so this keeps the pixels exactly the tutorial's.
    """
    pil = _open_pil(data, name)
    if data[:2] == b"\xff\xd8":
        try:
            with PIL.Image.open(io.BytesIO(data)) as raw:
                plain = raw.mode in ("RGB", "L") and raw.getexif().get(0x0112, 1) == 1
        except Exception:  # noqa: BLE001  (damaged EXIF: Pillow's pixels, as they are stored)
            plain = False
        if plain:
            try:
                decoded = tf.io.decode_image(data, channels=3, expand_animations=False)
            except tf.errors.OpError:
                decoded = None  # a JPEG variant only Pillow reads: keep its pixels
            if decoded is not None and decoded.shape[:2] == (pil.height, pil.width):
                return tf.image.convert_image_dtype(decoded, tf.float32).numpy()
    return _pixels(pil)


def _to_rgb(img: PIL.Image.Image, sixteen_bit: bool = False) -> PIL.Image.Image:
    """RGB, 8 bits a channel, the right way up. Transparent pixels are composited on white.

    16-bit images (``I;16``, or ``sixteen_bit`` for a file read in mode ``I``)
    are scaled from [0, 65535]; 32-bit integer images (``I``) from [0, 65535]
    when their values need it, else from [0, 255].
    """
    sixteen_bit = sixteen_bit or _stored_as_16_bit(img)  # a PIL image not loaded yet
    try:
        img = PIL.ImageOps.exif_transpose(img)
    except Exception:  # noqa: BLE001  (damaged EXIF: show the pixels as they are stored)
        pass
    if img.mode.startswith("I"):
        arr = np.asarray(img, dtype=np.float64)
        deep = sixteen_bit or img.mode.startswith("I;16") or arr.max(initial=0) > 255
        top = 65535.0 if deep else 255.0
        arr = np.clip(arr / top * 255.0 + 0.5, 0, 255)
        return PIL.Image.fromarray(arr.astype(np.uint8)).convert("RGB")
    if img.mode == "F":
        arr = np.nan_to_num(np.asarray(img, dtype=np.float64), nan=0.0, posinf=255.0, neginf=0.0)
        scale = 255.0 if arr.max(initial=0) <= 1.0 else 1.0
        return PIL.Image.fromarray(np.clip(arr * scale + 0.5, 0, 255).astype(np.uint8)).convert("RGB")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        white = PIL.Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return PIL.Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("RGB")


def _missing_file_message(path: Path) -> str:
    """'no such file', with the closest names in its folder when the name looks mistyped."""
    folder = path.parent if str(path.parent) else Path(".")
    message = f"{path}: no such file"
    if folder.is_dir():
        try:
            names = sorted(p.name for p in folder.iterdir())
        except OSError:
            names = []
        close = difflib.get_close_matches(path.name, names, n=3, cutoff=0.6)
        if close:
            return message + f". Did you mean {' or '.join(map(repr, close))}?"
    elif str(path.parent) not in ("", "."):
        return message + f" (the folder {path.parent} does not exist either)."
    if not path.is_absolute():
        return message + f" (relative paths start from {Path.cwd()})."
    return message + "."


def _read_source(source: ImageSource) -> tuple[np.ndarray, str]:
    """Return ``(pixels as float32 [H, W, 3] in [0, 1], a name for messages)``."""
    if isinstance(source, PIL.Image.Image):
        with _decoding("PIL image"):
            pil = _to_rgb(source)
        return _pixels(pil), "PIL image"
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _decode(bytes(source), "image bytes"), "image bytes"
    if isinstance(source, (np.ndarray, tf.Tensor, tf.Variable)):
        return _array_to_float(np.asarray(source)), "array"
    if _is_url(source):
        from .download import download

        path = download(source, verify_image=True)
        return _read_source(path)[0], source
    if not isinstance(source, (str, os.PathLike)):
        raise ImageError(
            f"cannot load an image from a value of type {type(source).__name__}: pass a file path, an "
            "http(s) URL, bytes, a PIL image or an array."
        )
    path = Path(source)
    if not path.exists():
        raise ImageError(_missing_file_message(path))
    if path.is_dir():
        raise ImageError(f"{path}: is a folder, not an image file.")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ImageError(f"{path}: cannot be read ({e.strerror or _reason(e)}).") from None
    return _decode(data, str(path)), str(path)


def _array_to_float(arr: np.ndarray) -> np.ndarray:
    """An array in [0, 1] (floats) or [0, 255] (integers) -> float32 [H, W, 3].

    Floats a little outside [0, 1] are clipped; floats up to 255 are refused
    (divide by 255 first) rather than clipped to a white picture.
    """
    if arr.ndim == 4:
        if arr.shape[0] != 1:
            raise ImageError(f"array: expected one image, got a batch of {arr.shape[0]}.")
        arr = arr[0]
    if arr.ndim == 2:
        arr = arr[..., None]
    if arr.ndim != 3 or arr.shape[-1] not in (1, 3, 4):
        raise ImageError(f"array: expected shape [H, W, 3], got {list(arr.shape)}.")
    if np.issubdtype(arr.dtype, np.integer):
        arr = arr.astype(np.float32) * np.float32(1 / np.iinfo(arr.dtype).max)
    elif not (np.issubdtype(arr.dtype, np.floating) or arr.dtype == np.bool_):
        raise ImageError(f"array: values of type {arr.dtype} are not pixels; use floats or integers.")
    arr = arr.astype(np.float32)
    if not np.all(np.isfinite(arr)):
        raise ImageError("array: contains NaN or infinite values.")
    if arr.size and arr.max() > 1.5:
        raise ImageError(
            f"array: float values go up to {arr.max():g}, but float images must be in [0, 1]. "
            "Divide by 255 first (or pass the uint8 array)."
        )
    if arr.shape[-1] == 1:
        arr = np.repeat(arr, 3, axis=-1)
    elif arr.shape[-1] == 4:
        alpha = np.clip(arr[..., 3:], 0.0, 1.0)
        arr = arr[..., :3] * alpha + (1.0 - alpha)
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


def _scaled_size(h: int, w: int, max_dim) -> tuple[int, int]:
    """The ``(height, width)`` that :func:`resize_to_max_dim` gives, in its float32 arithmetic."""
    if max_dim is None or min(h, w) == 0:
        return h, w
    scale = np.float32(max_dim) / np.float32(max(h, w))
    out = (np.float32([h, w]) * scale).astype(np.int64)
    return int(out[0]), int(out[1])


def load_img(source: ImageSource, max_dim: int | None = -1) -> tf.Tensor:
    """Load an image as a ``[1, H, W, 3]`` float32 tensor with values in [0, 1].

    ``source`` may be a file path, an ``http(s)`` URL (downloaded once into the
    cache), raw bytes, a PIL image, or an array (``[H, W, 3]`` or
    ``[1, H, W, 3]``; floats in [0, 1] or integers in [0, 255]).

    The image is scaled so its long side is ``max_dim`` pixels, keeping the
    aspect ratio, as the tutorial does (smaller images are scaled up).
    The default is ``settings.max_dim``: 512, or 64 in quick mode.
    Pass ``max_dim=None`` to keep the original size.

    Any file Pillow reads works: PNG, JPEG (also CMYK and progressive), GIF,
    BMP, TIFF, WebP. Transparent pixels (RGBA, LA, palette images with
    transparency) are composited on a white background, as a web page shows
    them; grayscale becomes RGB; 16-bit images are scaled from [0, 65535];
    an animated GIF or WebP gives its first frame; phone photos are turned
    the right way up using their EXIF orientation.

    Raises :class:`~nst_tutorial.errors.ImageError` naming the file and what is
    wrong (missing, empty, damaged, not an image, too small for VGG19, too many
    pixels), and ``DownloadError`` when a URL cannot be fetched.
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
    pixels, name = _read_source(source)
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


def show_images(images, titles=None, *, size: float = 4.0, note: str | None = None,
                show: bool = True):
    """Show several images side by side, each with its title.

    ``images`` is a list (or a ``{title: image}`` dict). ``note`` is printed
    under the row; results made with random weights should say so there.
    Returns ``None`` once the figure is shown (so Jupyter does not draw it a
    second time), or the figure itself with ``show=False``.
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
