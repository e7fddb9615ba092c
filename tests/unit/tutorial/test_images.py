"""Loading, converting, saving and showing images, against the tutorial's loader.

The reference is ``load_image`` in ``tests/helpers/reference.py``: TensorFlow decodes the
file, ``convert_image_dtype`` scales it to [0, 1], and the tutorial's shape
arithmetic picks the size for ``tf.image.resize``.
"""

from __future__ import annotations

import os

import matplotlib
import numpy as np
import PIL.Image
import pytest
import tensorflow as tf
from tests.helpers.reference import load_image as tutorial_load_img

import nst_tutorial as nst
from nst_tutorial.base.errors import ImageError


def pixels(height, width, seed=0) -> np.ndarray:
    """Random RGB pixels, uint8 ``[H, W, 3]``: every value 0-255 shows up."""
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


@pytest.fixture
def png(tmp_path):
    path = tmp_path / "picture.png"
    PIL.Image.fromarray(pixels(37, 53)).save(path)
    return path


@pytest.fixture
def jpeg(tmp_path):
    path = tmp_path / "photo.jpg"
    PIL.Image.fromarray(pixels(48, 40, seed=1)).save(path, quality=90)
    return path


# ----------------------------------------------------------------------------- loading
@pytest.mark.parametrize("max_dim", [64, 50, 512, 47])
def test_png_equals_the_tutorials_loader_exactly(png, max_dim):
    got = nst.load_img(png, max_dim=max_dim)
    expected = tutorial_load_img(png, max_dim)
    assert got.dtype == tf.float32 and got.shape == expected.shape
    np.testing.assert_array_equal(got.numpy(), expected.numpy())


def test_jpeg_matches_the_tutorials_loader_within_one_level(jpeg):
    got = nst.load_img(jpeg, max_dim=64)
    expected = tutorial_load_img(jpeg, 64)
    assert got.shape == expected.shape == (1, 64, 53, 3)
    # Pillow's and TensorFlow's JPEG decoders may round a few pixels differently.
    np.testing.assert_allclose(got.numpy(), expected.numpy(), atol=1 / 255 + 1e-6)


def test_sizes_follow_the_tutorials_arithmetic(tmp_path):
    # Long side to max_dim, the other side truncated: 37 x 53 -> int(37 * 64 / 53) = 44.
    for (h, w), max_dim, size in [((37, 53), 64, (44, 64)), ((53, 37), 64, (64, 44)),
                                  ((100, 300), 512, (170, 512)), ((40, 40), 32, (32, 32))]:
        path = tmp_path / f"{h}x{w}.png"
        PIL.Image.fromarray(pixels(h, w)).save(path)
        assert nst.load_img(path, max_dim=max_dim).shape == (1, *size, 3)


def test_default_size_is_the_tutorials_whatever_the_profile(png, saved_settings):
    """The profile's size is passed in by the notebooks (``plan.max_dim``); load_img reads no setting."""
    saved_settings.quick = True
    assert max(nst.load_img(png).shape[1:3]) == 512
    assert max(nst.load_img(png, 64).shape[1:3]) == 64


def test_max_dim_none_keeps_the_size_and_the_pixels(png):
    got = nst.load_img(png, max_dim=None)
    assert got.shape == (1, 37, 53, 3)
    expected = tf.image.convert_image_dtype(tf.constant(pixels(37, 53)), tf.float32)
    np.testing.assert_array_equal(got[0].numpy(), expected.numpy())


def test_every_source_gives_the_same_tensor(png):
    raw = pixels(37, 53)
    expected = tutorial_load_img(png, 48).numpy()
    unit = raw.astype(np.float32) / 255.0
    sources = {
        "path": png, "str path": str(png), "bytes": png.read_bytes(),
        "PIL image": PIL.Image.open(png), "uint8 array": raw, "uint8 batch": raw[None],
        "tensor": tf.constant(raw),
        # NumPy's default integers (64-bit) and others hold 8-bit pixels too.
        "int64 array": raw.astype(np.int64), "int32 tensor": tf.constant(raw, tf.int32),
    }
    for name, source in sources.items():
        got = nst.load_img(source, max_dim=48)
        assert got.shape == (1, 33, 48, 3) and got.dtype == tf.float32, name
        np.testing.assert_array_equal(got.numpy(), expected, err_msg=name)
    # Float arrays are taken as given (already in [0, 1]): equal to within rounding.
    for name, source in {"float array": unit, "float batch": unit[None]}.items():
        got = nst.load_img(source, max_dim=48)
        np.testing.assert_allclose(got.numpy(), expected, atol=1e-6, err_msg=name)


def test_integers_outside_8_bit_are_refused_unless_uint16():
    for bad in (np.full((40, 40, 3), 256), np.full((40, 40, 3), -1, np.int16)):
        with pytest.raises(ImageError, match=r"integer pixels must be in \[0, 255\]"):
            nst.load_img(bad, max_dim=None)
    sixteen = nst.load_img(np.full((40, 40, 3), 65535, np.uint16), max_dim=None)
    assert float(tf.reduce_min(sixteen)) == 1.0  # white, as a 16-bit picture


def test_values_are_in_0_1(jpeg):
    img = nst.load_img(jpeg, max_dim=64).numpy()
    assert 0.0 <= img.min() and img.max() <= 1.0


# ----------------------------------------------------------------------- bad input
def test_bad_inputs_raise_one_clear_error_naming_the_file(tmp_path):
    missing = tmp_path / "no_such_picture.png"
    not_image = tmp_path / "notes.png"
    not_image.write_text("these are notes, not pixels")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    dot = tmp_path / "one_pixel.png"
    PIL.Image.new("RGB", (1, 1), (9, 9, 9)).save(dot)
    cases = [(missing, "no such file"), (not_image, "not an image; it looks like a text file"),
             (empty, "the file is empty (0 bytes)"), (dot, "1x1 pixels")]
    for path, what in cases:
        with pytest.raises(ImageError) as info:
            nst.load_img(path)
        message = str(info.value)
        assert path.name in message and what in message, message
        assert info.value.__cause__ is None
    with PIL.Image.open(dot) as opened:  # a PIL image knows its file's name
        with pytest.raises(ImageError, match="one_pixel.png: at 1x1 pixels"):
            nst.load_img(opened)


# -------------------------------------------------------------------------- back out
def test_tensor_to_image_truncates_as_the_tutorial_does():
    values = np.array([0.0, 0.5, 0.999, 1.0, 1 / 255, 254.9 / 255], np.float32)
    image = np.tile(values, (2, 1))[None, ..., None].repeat(3, -1)  # [1, 2, 6, 3]
    pil = nst.tensor_to_image(tf.constant(image))
    assert isinstance(pil, PIL.Image.Image) and pil.size == (6, 2) and pil.mode == "RGB"
    # The tutorial: np.array(tensor * 255, dtype=np.uint8), i.e. truncation.
    expected = np.array(image[0] * 255, dtype=np.uint8)
    np.testing.assert_array_equal(np.asarray(pil), expected)
    assert list(np.asarray(pil)[0, :, 0]) == [0, 127, 254, 255, 1, 254]


def test_tensor_to_image_round_trip_of_8_bit_pixels(png):
    img = nst.load_img(png, max_dim=None)
    np.testing.assert_array_equal(np.asarray(nst.tensor_to_image(img)), pixels(37, 53))


@pytest.mark.parametrize("suffix, fmt", [(".png", "PNG"), (".jpg", "JPEG")])
def test_save_image_writes_the_format_of_the_suffix(tmp_path, suffix, fmt):
    img = nst.load_img(pixels(32, 40), max_dim=None)
    path = nst.save_image(img, tmp_path / f"out{suffix}")
    with PIL.Image.open(path) as saved:
        assert saved.format == fmt and saved.size == (40, 32)
        if fmt == "PNG":
            np.testing.assert_array_equal(np.asarray(saved), pixels(32, 40))
    assert os.listdir(tmp_path) == [f"out{suffix}"]  # no temporary file left beside it


def test_save_image_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "keep.png"
    nst.save_image(pixels(32, 32), target)
    before = target.read_bytes()

    def broken_save(self, fp, format=None, **params):
        fp.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(PIL.Image.Image, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        nst.save_image(np.ones((32, 32, 3), np.float32), target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["keep.png"]


def test_save_image_refuses_to_overwrite_when_told(tmp_path):
    target = tmp_path / "mine.png"
    nst.save_image(pixels(32, 32), target)
    before = target.read_bytes()
    with pytest.raises(ImageError, match="mine.png"):
        nst.save_image(np.ones((32, 32, 3), np.float32), target, overwrite=False)
    assert target.read_bytes() == before


# ---------------------------------------------------------------------------- showing
def test_imshow_and_show_images_draw_under_agg(png):
    import matplotlib.pyplot as plt

    assert matplotlib.get_backend().lower() == "agg"
    plt.close("all")  # imshow draws on the current axes, as the tutorial's does
    img = nst.load_img(png, max_dim=None)
    ax = nst.imshow(img, "content")
    assert ax.get_title() == "content"
    np.testing.assert_allclose(ax.images[0].get_array(), img[0].numpy())
    plt.close("all")
    assert nst.show_images([img], ["shown"]) is None  # shown once, not drawn again by Jupyter
    plt.close("all")
    fig = nst.show_images(
        [img, nst.tensor_to_image(img)], ["tensor", "PIL"], note="RANDOM", show=False
    )
    assert [a.get_title() for a in fig.axes] == ["tensor", "PIL"]
    assert any("RANDOM" in t.get_text() for t in fig.texts)
    plt.close("all")
