"""load_img reads the files real users bring, each checked against an independent reference.

Every test writes its own file with Pillow, then compares the loaded tensor
with what the pixels should be, computed with NumPy from the array that was
written (or, for CMYK, with Pillow's own conversion).
"""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
import PIL.ImageFile
import PIL.ImageOps
import pytest
import tensorflow as tf

import nst_tutorial as nst
from nst_tutorial.tutorial.images import _scaled_size

H, W = 36, 48  # small, not square, so a rotation changes the shape


def picture(h: int = H, w: int = W) -> np.ndarray:
    """A uint8 ``[h, w, 3]`` picture: smooth colour ramps with one bright corner block."""
    y, x = np.mgrid[0:h, 0:w]
    arr = np.stack([x * 255 // (w - 1), y * 255 // (h - 1), 128 + 0 * x], -1).astype(np.uint8)
    arr[: h // 3, : w // 4] = (250, 20, 20)  # top-left: which way up is it?
    return arr


def assert_pixels(got, expected):
    """Equal to float32 round-off: 8-bit values may be scaled as x / 255 or x * (1 / 255)."""
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)


def load(path_or_bytes) -> np.ndarray:
    """Load at the original size and check the contract: [1, H, W, 3] float32 in [0, 1]."""
    image = nst.load_img(path_or_bytes, max_dim=None)
    assert image.dtype == tf.float32 and image.shape[0] == 1 and image.shape[-1] == 3
    arr = image[0].numpy()
    assert arr.min() >= 0.0 and arr.max() <= 1.0
    return arr


def save(tmp_path, name: str, image: PIL.Image.Image, **params):
    path = tmp_path / name
    image.save(path, **params)
    return path


def test_rgb_png_is_exact(tmp_path):
    arr = picture()
    got = load(save(tmp_path, "rgb.png", PIL.Image.fromarray(arr)))
    assert_pixels(got, arr / np.float32(255))


def test_rgba_is_composited_on_white(tmp_path):
    arr = picture()
    alpha = np.tile(np.linspace(0, 255, W).astype(np.uint8), (H, 1))
    rgba = np.dstack([arr, alpha])
    got = load(save(tmp_path, "rgba.png", PIL.Image.fromarray(rgba, "RGBA")))
    a = alpha[..., None] / 255.0
    expected = (arr / 255.0) * a + 1.0 * (1 - a)
    np.testing.assert_allclose(got, expected, atol=1.01 / 255)
    np.testing.assert_allclose(got[:, 0], 1.0)  # fully transparent column: white


def test_la_is_composited_on_white(tmp_path):
    gray = picture()[..., 0]
    alpha = np.tile(np.linspace(255, 0, W).astype(np.uint8), (H, 1))
    got = load(save(tmp_path, "la.png", PIL.Image.fromarray(np.dstack([gray, alpha]), "LA")))
    a = alpha / 255.0
    expected = gray / 255.0 * a + (1 - a)
    for c in range(3):
        np.testing.assert_allclose(got[..., c], expected, atol=1.01 / 255)


def test_grayscale_becomes_three_equal_channels(tmp_path):
    gray = picture()[..., 1]
    got = load(save(tmp_path, "gray.png", PIL.Image.fromarray(gray, "L")))
    assert_pixels(got, np.repeat(gray[..., None], 3, -1) / np.float32(255))


def test_one_bit_image(tmp_path):
    bits = (picture()[..., 0] > 127)
    got = load(save(tmp_path, "bits.png", PIL.Image.fromarray(bits).convert("1")))
    assert_pixels(got, np.repeat(bits[..., None], 3, -1).astype(np.float32))


def _palette_image(arr):
    pal = PIL.Image.fromarray(arr).quantize(colors=16)
    table = np.array(pal.getpalette()[: 3 * 256], np.uint8).reshape(-1, 3)
    return pal, np.asarray(pal), table


def test_palette_image(tmp_path):
    pal, index, table = _palette_image(picture())
    got = load(save(tmp_path, "palette.png", pal))
    assert_pixels(got, table[index] / np.float32(255))


@pytest.mark.parametrize("fmt", ["png", "gif"])
def test_palette_image_with_transparency(tmp_path, fmt):
    pal, index, table = _palette_image(picture())
    clear = int(index[0, -1])  # the colour of the top-right pixel becomes transparent
    got = load(save(tmp_path, f"palette.{fmt}", pal, transparency=clear))
    expected = table[index] / 255.0
    expected[index == clear] = 1.0
    np.testing.assert_allclose(got, expected, atol=1e-6)
    assert (index == clear).any() and (index != clear).any()


def test_rgb_png_with_a_transparent_colour(tmp_path):
    arr = picture()
    key = tuple(int(v) for v in arr[0, 0])  # tRNS: this exact colour is transparent
    got = load(save(tmp_path, "keyed.png", PIL.Image.fromarray(arr), transparency=key))
    expected = arr / 255.0
    expected[(arr == key).all(-1)] = 1.0
    np.testing.assert_allclose(got, expected, atol=1e-6)


@pytest.mark.parametrize("fmt", ["png", "tiff"])
@pytest.mark.parametrize("top", [65535, 200], ids=["full-range", "dark"])
def test_sixteen_bit_grayscale(tmp_path, fmt, top):
    """16-bit pixels scale from [0, 65535]: a dark image (all values < 256) stays dark."""
    values = (np.linspace(0, top, H * W).reshape(H, W)).astype(np.uint16)
    image = PIL.Image.fromarray(values)
    assert image.mode.startswith("I;16")
    got = load(save(tmp_path, f"deep.{fmt}", image))
    for c in range(3):
        np.testing.assert_allclose(got[..., c], values / 65535.0, atol=0.5 / 255 + 1e-6)


@pytest.mark.parametrize("top", [65535, 200], ids=["full-range", "dark"])
def test_sixteen_bit_pgm_and_an_unread_pil_image(tmp_path, top):
    """Pillow opens these in mode I, as it does 32-bit images: the 16-bit samples set the scale."""
    values = (np.linspace(0, top, H * W).reshape(H, W)).astype(np.uint16)
    pgm = tmp_path / "deep.pgm"  # written by hand: header, then big-endian 16-bit samples
    pgm.write_bytes(b"P5\n%d %d\n65535\n" % (W, H) + values.astype(">u2").tobytes())
    png = save(tmp_path, "deep.png", PIL.Image.fromarray(values))
    with PIL.Image.open(png) as unread:  # handed over before Pillow has read the pixels
        from_pil = nst.load_img(unread, max_dim=None)[0].numpy()
    for got in (load(pgm), from_pil):
        for c in range(3):
            np.testing.assert_allclose(got[..., c], values / 65535.0, atol=0.5 / 255 + 1e-6)


def test_cmyk_jpeg_matches_pillows_conversion_and_the_colours(tmp_path):
    arr = picture()
    path = save(tmp_path, "print.jpg", PIL.Image.fromarray(arr).convert("CMYK"), quality=95)
    with PIL.Image.open(path) as im:
        assert im.mode == "CMYK"
        reference = np.asarray(im.convert("RGB")) / np.float32(255)
    got = load(path)
    assert_pixels(got, reference)
    assert np.abs(got - arr / 255.0).mean() < 0.03  # the colours are right, not inverted


def test_progressive_jpeg(tmp_path):
    arr = picture()
    path = save(tmp_path, "progressive.jpg", PIL.Image.fromarray(arr), quality=95,
                progressive=True)
    with PIL.Image.open(path) as im:
        assert im.info.get("progressive") or im.info.get("progression")
    baseline = load(save(tmp_path, "baseline.jpg", PIL.Image.fromarray(arr), quality=95))
    got = load(path)
    assert np.abs(got - arr / 255.0).mean() < 0.02
    assert np.abs(got - baseline).max() < 0.1


# EXIF orientation -> how the stored pixels must be turned to show the photo upright,
# from the EXIF specification's "0th row is the visual ..., 0th column the visual ..." table.
ORIENTATIONS = {
    1: lambda a: a,
    2: lambda a: a[:, ::-1],                       # mirrored left-right
    3: lambda a: a[::-1, ::-1],                    # upside down
    4: lambda a: a[::-1],                          # mirrored top-bottom
    5: lambda a: a.transpose(1, 0, 2),             # transposed
    6: lambda a: np.rot90(a, k=-1),                # turned 90 degrees clockwise to show
    7: lambda a: a.transpose(1, 0, 2)[::-1, ::-1], # transposed across the other diagonal
    8: lambda a: np.rot90(a, k=1),                 # turned 90 degrees counter-clockwise
}


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_exif_rotated_photo_is_shown_the_right_way_up(tmp_path, orientation):
    stored = picture()
    exif = PIL.Image.Exif()
    exif[0x0112] = orientation
    path = save(tmp_path, "phone.jpg", PIL.Image.fromarray(stored), quality=95,
                exif=exif.tobytes())
    got = load(path)
    expected = ORIENTATIONS[orientation](stored) / 255.0
    assert got.shape == expected.shape
    assert np.abs(got - expected).mean() < 0.02


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_photo_with_damaged_exif_loads_as_stored(tmp_path, monkeypatch):
    stored = picture()
    path = save(tmp_path, "odd.jpg", PIL.Image.fromarray(stored), quality=95,
                exif=b"Exif\x00\x00II\x2a\x00\x08\x00\x00\x00\x05\x00\x12\x01\x03\x00")
    with pytest.warns(UserWarning, match="Corrupt EXIF"):
        got = load(path)
    assert np.abs(got - stored / 255.0).mean() < 0.02

    def unreadable(image, **kwargs):
        raise SyntaxError("not a TIFF file")  # what a badly broken EXIF block can raise

    monkeypatch.setattr(PIL.ImageOps, "exif_transpose", unreadable)
    assert np.abs(load(path) - stored / 255.0).mean() < 0.02


def test_animated_gif_gives_its_first_frame(tmp_path):
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200)]
    frames = [PIL.Image.new("RGB", (W, H), c) for c in colours]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    with PIL.Image.open(path) as im:
        assert im.n_frames == 3
    got = load(path)
    np.testing.assert_allclose(got, np.broadcast_to(np.array(colours[0]) / 255.0, got.shape),
                               atol=3 / 255)


@pytest.mark.parametrize("lossless", [True, False])
def test_webp(tmp_path, lossless):
    arr = picture()
    got = load(save(tmp_path, "photo.webp", PIL.Image.fromarray(arr), lossless=lossless,
                    quality=95))
    if lossless:
        assert_pixels(got, arr / np.float32(255))
    else:
        assert np.abs(got - arr / 255.0).mean() < 0.03


@pytest.mark.parametrize("name", ["my photo.png", "café crème.png", "猫 の 写真.png",
                                  "ünïcödé folder/x.png"])
def test_file_names_with_spaces_and_non_ascii(tmp_path, name):
    arr = picture()
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    PIL.Image.fromarray(arr).save(path)
    expected = arr / np.float32(255)
    assert_pixels(load(path), expected)
    assert_pixels(load(str(path)), expected)


def test_bytes_pil_and_variable_sources_agree_with_the_file(tmp_path):
    arr = picture()
    buf = io.BytesIO()
    PIL.Image.fromarray(arr).save(buf, format="PNG")
    expected = arr / np.float32(255)
    assert_pixels(load(buf.getvalue()), expected)
    assert_pixels(load(PIL.Image.open(io.BytesIO(buf.getvalue()))), expected)
    assert_pixels(load(tf.Variable(expected[None])), expected)


def test_loader_restores_pillows_truncated_images_flag(tmp_path):
    path = save(tmp_path, "ok.png", PIL.Image.fromarray(picture()))
    saved = PIL.ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        for flag in (True, False):
            PIL.ImageFile.LOAD_TRUNCATED_IMAGES = flag
            load(path)
            assert PIL.ImageFile.LOAD_TRUNCATED_IMAGES is flag
    finally:
        PIL.ImageFile.LOAD_TRUNCATED_IMAGES = saved


@pytest.mark.parametrize("h, w, max_dim", [(36, 48, 64), (480, 640, 512), (1000, 33, 64),
                                           (7, 300, 512), (512, 512, 64), (333, 777, 100)])
def test_size_check_predicts_what_resize_gives(h, w, max_dim):
    """The too-small check uses the size tf.image.resize will produce, exactly."""
    resized = nst.resize_to_max_dim(tf.zeros([h, w, 3]), max_dim)
    assert _scaled_size(h, w, max_dim) == tuple(resized.shape[:2])


def test_default_size_is_the_settings_max_dim(tmp_path):
    path = save(tmp_path, "rgb.png", PIL.Image.fromarray(picture()))
    nst.configure(quick=True)
    image = nst.load_img(path)
    assert max(image.shape[1:3]) == 64  # the quick profile's size (the tutorial's: 512)
    ratio = image.shape[2] / image.shape[1]
    assert abs(ratio - W / H) < 0.05
