"""Image files to pixels: every format Pillow reads, and a clear error for every file it cannot.

:func:`~nst_tutorial.tutorial.images.load_img` (notebook 01) hands its input to
these helpers: :func:`decode_bytes` for the bytes of a file, :func:`pil_pixels`
for a PIL image, :func:`array_pixels` for an array. Each returns float32
``[H, W, 3]`` in [0, 1], or raises :class:`~nst_tutorial.base.errors.ImageError`
naming the file and what is wrong with it (empty, damaged, truncated, a web
page, a PDF, too many pixels...). :func:`open_pil` also lets a download check
that what arrived is an image.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
from pathlib import Path

import numpy as np
import PIL.Image
import PIL.ImageFile
import PIL.ImageOps
import tensorflow as tf

from ..base.errors import ImageError


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


def short_reason(e: BaseException) -> str:
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
            f"{name}: the image has too many pixels to decode safely ({short_reason(e)}). Resize it "
            "to a smaller size first (a few thousand pixels on the long side is plenty: "
            "load_img scales it to max_dim anyway)."
        ) from None
    except MemoryError:
        raise ImageError(
            f"{name}: not enough memory to decode this image. Resize it to a smaller size first."
        ) from None
    except Exception as e:  # noqa: BLE001  (damaged files: OSError, SyntaxError, struct.error...)
        raise ImageError(
            f"{name}: the image data is damaged or incomplete ({short_reason(e)}). "
            "Download or export the file again."
        ) from None
    finally:
        PIL.ImageFile.LOAD_TRUNCATED_IMAGES = saved


def open_pil(data: bytes, name: str) -> PIL.Image.Image:
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


def decode_bytes(data: bytes, name: str) -> np.ndarray:
    """The bytes of an image file -> float32 ``[H, W, 3]`` in [0, 1].

    Pillow reads (and checks) every format. A plain JPEG (RGB or grayscale, no
    EXIF rotation) is then decoded by TensorFlow, as the tutorial does: its
    fast integer DCT rounds differently from Pillow's, by up to a few levels in
    255, so this keeps the pixels exactly the tutorial's.
    """
    pil = open_pil(data, name)
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


def _to_rgb(img: PIL.Image.Image, sixteen_bit: bool) -> PIL.Image.Image:
    """RGB, 8 bits a channel, the right way up. Transparent pixels are composited on white.

    16-bit images (``I;16``, or ``sixteen_bit`` for a file read in mode ``I``)
    are scaled from [0, 65535]; 32-bit integer images (``I``) from [0, 65535]
    when their values need it, else from [0, 255].
    """
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


def pil_pixels(img: PIL.Image.Image, name: str = "PIL image") -> np.ndarray:
    """A PIL image (any mode) -> float32 ``[H, W, 3]`` in [0, 1], as :func:`decode_bytes` reads files."""
    with _decoding(name):
        pil = _to_rgb(img, _stored_as_16_bit(img))  # a PIL image may not be loaded yet
    return _pixels(pil)


def missing_file_message(path: Path) -> str:
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


def array_pixels(arr: np.ndarray) -> np.ndarray:
    """An array in [0, 1] (floats), [0, 255] (integers) or [0, 65535] (uint16) -> float32 [H, W, 3].

    Floats a little outside [0, 1] are clipped; floats up to 255 are refused
    (divide by 255 first) rather than clipped to a white picture, and so are
    integers outside [0, 255] in any type but uint16 (NumPy's default integers
    are 64-bit, which would otherwise make any picture black).
    """
    if arr.ndim == 4:
        if arr.shape[0] != 1:
            raise ImageError(f"array: expected one image, got a batch of {arr.shape[0]}.")
        arr = arr[0]
    if arr.ndim == 2:
        arr = arr[..., None]
    if arr.ndim != 3 or arr.shape[-1] not in (1, 3, 4):
        raise ImageError(f"array: expected shape [H, W, 3], got {list(arr.shape)}.")
    if arr.dtype == np.uint16:  # 16-bit pictures
        arr = arr.astype(np.float32) * np.float32(1 / 65535)
    elif np.issubdtype(arr.dtype, np.integer):
        if arr.size and (arr.min() < 0 or arr.max() > 255):
            raise ImageError(
                f"array: {arr.dtype} values go from {arr.min()} to {arr.max()}, but integer "
                "pixels must be in [0, 255] (8-bit; or a uint16 array for 16-bit pictures)."
            )
        arr = arr.astype(np.float32) * np.float32(1 / 255)
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
