"""Plotting helpers and the tile shuffle, checked against NumPy and the drawn figures' data."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt  # Agg: conftest sets MPLBACKEND
import numpy as np
import pytest
import tensorflow as tf

import nst_tutorial as nst
from nst_tutorial import plotting
from nst_tutorial.base.errors import ImageError
from nst_tutorial.course.demos import tile_shuffle

# These tests change the settings on purpose (configure, offline mode, the cache).
pytestmark = pytest.mark.usefixtures("saved_settings")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _tiles(img: np.ndarray, rows: int, cols: int) -> list[bytes]:
    """The grid's tiles of ``[H, W, 3]`` as byte strings, by NumPy reshaping (leftovers cut off)."""
    th, tw = img.shape[0] // rows, img.shape[1] // cols
    grid = img[: th * rows, : tw * cols].reshape(rows, th, cols, tw, 3).swapaxes(1, 2)
    return [np.ascontiguousarray(t).tobytes() for t in grid.reshape(rows * cols, th, tw, 3)]


def _random_image(h: int, w: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((h, w, 3), dtype=np.float32)


# -- tile_shuffle --------------------------------------------------------------

@pytest.mark.parametrize("shape, tiles", [((1, 32, 48, 3), 4), ((1, 30, 50, 3), (3, 4)),
                                          ((37, 41, 3), 5)])
def test_tile_shuffle_is_a_permutation_of_tiles(shape, tiles):
    img = _random_image(*shape[-3:-1], seed=3).reshape(shape)
    out = tile_shuffle(tf.constant(img), tiles, seed=1)
    assert isinstance(out, tf.Tensor) and out.dtype == tf.float32
    assert tuple(out.shape) == shape
    got, want = np.asarray(out).reshape(shape[-3:]), img.reshape(shape[-3:])
    # The same pixel values, only moved.
    np.testing.assert_array_equal(np.sort(got, axis=None), np.sort(want, axis=None))
    rows, cols = (tiles, tiles) if isinstance(tiles, int) else tiles
    # Every input tile sits at some grid position of the output, each exactly once.
    assert sorted(_tiles(got, rows, cols)) == sorted(_tiles(want, rows, cols))
    # ...and not all where they were.
    assert _tiles(got, rows, cols) != _tiles(want, rows, cols)
    # Leftover strips (bottom, right) are untouched.
    th, tw = want.shape[0] // rows, want.shape[1] // cols
    np.testing.assert_array_equal(got[th * rows:], want[th * rows:])
    np.testing.assert_array_equal(got[:, tw * cols:], want[:, tw * cols:])


def test_tile_shuffle_is_repeatable_and_seeded():
    img = _random_image(24, 24)
    a, b = tile_shuffle(img, 3, seed=7), tile_shuffle(img, 3, seed=7)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, tile_shuffle(img, 3, seed=8))
    assert not np.array_equal(img, tile_shuffle(img, 3, seed=7))


def test_tile_shuffle_leaves_its_input_alone():
    img = _random_image(16, 16)
    before = img.copy()
    tile_shuffle(img, 2, seed=0)
    np.testing.assert_array_equal(img, before)


def test_tile_shuffle_one_tile_is_identity():
    img = _random_image(10, 12)
    np.testing.assert_array_equal(tile_shuffle(img, 1), img)


@pytest.mark.parametrize("shape, tiles, words", [
    ((8, 8, 3), 9, "cannot be cut into 9 x 9"),
    ((8, 8, 3), 0, "cannot be cut"),
    ((2, 8, 8, 3), 2, "expected one image"),
    ((8, 8), 2, "expected one image"),
])
def test_tile_shuffle_bad_input(shape, tiles, words):
    with pytest.raises(ImageError, match=words):
        tile_shuffle(np.zeros(shape, np.float32), tiles)


# -- statistics ----------------------------------------------------------------

def test_layer_stats_equal_numpy():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(1, 5, 6, 4)).astype(np.float32)
    b = rng.gamma(2.0, size=(1, 7, 7)).astype(np.float32)
    rows = plotting.layer_stats({"a": tf.constant(a), "b": b})
    assert [r["layer"] for r in rows] == ["a", "b"]
    for r, arr in zip(rows, (a, b)):
        assert r["shape"] == arr.shape
        assert r["min"] == pytest.approx(float(np.min(arr)))
        assert r["max"] == pytest.approx(float(np.max(arr)))
        assert r["mean"] == pytest.approx(float(np.mean(arr, dtype=np.float64)), rel=1e-6)
    # A list with names gives the same rows.
    assert plotting.layer_stats([a, b], ["a", "b"]) == rows
    with pytest.raises(nst.SettingsError, match="2 activations but 1 layer names"):
        plotting.layer_stats([a, b], ["a"])


def test_print_layer_stats_prints_every_layer(capsys):
    a = np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4)
    plotting.print_layer_stats({"block1_conv1": a, "block9_conv9": -a}, title="Stats")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Stats" and lines[1].split() == ["layer", "shape", "min", "max", "mean"]
    assert lines[2].split()[0] == "block1_conv1" and "(1, 2, 3, 4)" in lines[2]
    assert [float(v) for v in lines[2].split()[-3:]] == [0, 23, 11.5]
    assert [float(v) for v in lines[3].split()[-3:]] == [-23, 0, -11.5]


def test_most_active_channels_by_mean():
    means = np.array([0.5, 3.0, 0.0, 2.0, 3.0])
    act = np.ones((1, 4, 4, 5), np.float32) * means
    act[0, 0, 0, 2] = 8.0  # one bright pixel: mean 0.5, ties with channel 0
    assert plotting.most_active_channels(act, 3) == [1, 4, 3]
    assert plotting.most_active_channels(act, 5) == [1, 4, 3, 0, 2]


# -- figures -------------------------------------------------------------------

def test_show_feature_maps_draws_the_chosen_channels():
    rng = np.random.default_rng(1)
    acts = {"early": rng.random((1, 12, 10, 8), dtype=np.float32),
            "deep": rng.random((1, 3, 3, 16), dtype=np.float32) * np.arange(16)}
    fig = plotting.show_feature_maps(acts, channels=3, show=False, note="random")
    assert len(fig.axes) == 2 * 3
    deep_row = fig.axes[3:]
    assert [ax.get_title() for ax in deep_row] == ["channel 15", "channel 14", "channel 13"]
    np.testing.assert_array_equal(deep_row[0].images[0].get_array(), acts["deep"][0, :, :, 15])
    want = np.argsort(-acts["early"].mean(axis=(0, 1, 2)))[:3]
    for ax, c in zip(fig.axes[:3], want):
        np.testing.assert_array_equal(ax.images[0].get_array(), acts["early"][0, :, :, c])
    assert "deep\n3x3" in deep_row[0].get_ylabel()
    assert any(t.get_text() == "random" for t in fig.texts)


def test_show_feature_maps_with_a_list_and_fixed_channels():
    a = np.random.default_rng(2).random((1, 6, 6, 4), dtype=np.float32)
    fig = plotting.show_feature_maps([a, a * 2], ["x", "y"], channels=[0, 3], show=False)
    assert len(fig.axes) == 4
    np.testing.assert_array_equal(fig.axes[3].images[0].get_array(), a[0, :, :, 3] * 2)
    with pytest.raises(nst.SettingsError, match=r"channel\(s\) \[4\] do not exist"):
        plotting.show_feature_maps([a], ["x"], channels=[4], show=False)
    with pytest.raises(nst.SettingsError, match=r"expected activations of shape \[1, h, w, C\]"):
        plotting.show_feature_maps({"x": a[0]}, show=False)


def test_show_grams_draws_the_top_left_block():
    rng = np.random.default_rng(3)
    f = rng.random((1, 5, 5, 100)).astype(np.float32)
    g = np.einsum("bijc,bijd->bcd", f, f) / 25
    small = g[0, :8, :8]
    fig = plotting.show_grams({"big": g, "small": small}, channels=64, show=False)
    heat = [ax for ax in fig.axes if ax.images]
    assert len(heat) == 2 and len(fig.axes) == 4  # two heat maps, two colour bars
    np.testing.assert_allclose(heat[0].images[0].get_array(), g[0, :64, :64])
    np.testing.assert_allclose(heat[1].images[0].get_array(), small)
    assert "64 of 100 channels" in heat[0].get_title()
    assert "8 channels" in heat[1].get_title()
    fig = plotting.show_gram(g, "all", channels=None, show=False)
    assert fig.axes[0].images[0].get_array().shape == (100, 100)
    with pytest.raises(nst.SettingsError, match="a Gram matrix is"):
        plotting.show_grams({"bad": f}, show=False)


def test_compare_bars_heights_are_the_values():
    series = {"features": {"a": 0.9, "b": 0.5, "c": 0.25}, "Gram": {"a": 0.02, "b": 0.05, "c": 0.1}}
    fig = plotting.compare_bars(series, ylabel="change", percent=True, show=False)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, [90, 50, 25, 2, 5, 10])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert ax.get_ylabel() == "change (%)"


def test_show_true_displays_closes_and_returns_none():
    before = len(plt.get_fignums())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Agg cannot show; it says so
        assert plotting.show_gram(np.eye(3), "I") is None
    assert len(plt.get_fignums()) == before


def test_every_drawing_function_adds_the_weights_note_by_itself(capsys):
    nst.configure(weights="random")  # the settings fixture puts the old value back
    note = nst.weights_note()
    assert note
    image = np.full((1, 8, 8, 3), 0.5, np.float32)
    figures = {
        "show_images": nst.show_images([image], show=False),
        "show_feature_maps": plotting.show_feature_maps(
            {"layer": np.ones((1, 4, 4, 2), np.float32)}, channels=1, show=False),
        "show_grams": plotting.show_grams({"gram": np.eye(3)}, show=False),
        "compare_bars": plotting.compare_bars({"a": {"x": 1.0}}, show=False),
        "show_figure": plotting.show_figure(plt.figure(), show=False),
    }
    for name, fig in figures.items():
        assert [t.get_text() for t in fig.texts] == [note], name
    history = [{"step": 1, "time": 0.1, "total": 2.0, "content": 1.0, "style": 1.0}]
    ax = nst.plot_losses(history)
    assert any(t.get_text().replace("\n", " ") == note for t in ax.texts)
    plotting.print_layer_stats({"layer": np.ones((1, 2, 2, 3))})
    assert capsys.readouterr().out.rstrip().endswith(note)
    assert nst.show_images([image], show=False, note="").texts == []

    nst.configure(weights="imagenet")  # no model is built: only the note is read
    assert nst.show_images([image], show=False).texts == []
    assert plotting.show_grams({"gram": np.eye(3)}, show=False).texts == []
    plt.close("all")
