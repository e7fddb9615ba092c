"""Gram matrices, losses and total variation against NumPy and tf.image references."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

import nst_tutorial as nst

LAYERS = ["a", "b", "c"]


def np_gram(features: np.ndarray) -> np.ndarray:
    """Explicit sum over locations of outer products, divided by the number of locations."""
    b, h, w, c = features.shape
    out = np.zeros((b, c, c), np.float64)
    for n in range(b):
        for i in range(h):
            for j in range(w):
                f = features[n, i, j].astype(np.float64)
                out[n] += np.outer(f, f)
    return out / (h * w)


def random_outputs(rng):
    """Dicts shaped like StyleContentModel's output: Grams [1, C, C] and features [1, h, w, C]."""
    style = {name: rng.normal(size=(1, c, c)).astype(np.float32) for name, c in zip(LAYERS, (4, 6, 8))}
    content = {"d": rng.normal(size=(1, 3, 5, 7)).astype(np.float32)}
    return {"style": style, "content": content}


def test_gram_matrix_matches_explicit_sum():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(2, 5, 7, 4)).astype(np.float32)
    got = nst.gram_matrix(tf.constant(features)).numpy()
    assert got.shape == (2, 4, 4)
    np.testing.assert_allclose(got, np_gram(features), rtol=1e-5, atol=1e-6)


def test_gram_matrix_of_a_hand_computed_case():
    # Two locations, two channels: F = [[1, 2], [3, 4]] (one row of two pixels).
    features = tf.constant([[[[1.0, 2.0], [3.0, 4.0]]]])
    expected = np.array([[[1 + 9, 2 + 12], [2 + 12, 4 + 16]]]) / 2
    np.testing.assert_array_equal(nst.gram_matrix(features).numpy(), expected)


def test_style_content_loss_and_components_match_numpy():
    rng = np.random.default_rng(1)
    outputs, targets = random_outputs(rng), random_outputs(rng)
    sw, cw = 0.3, 7.0
    style = sum(np.mean((outputs["style"][k] - targets["style"][k]) ** 2) for k in LAYERS)
    style *= sw / len(LAYERS)
    content = np.mean((outputs["content"]["d"] - targets["content"]["d"]) ** 2) * cw

    comps = nst.loss_components(outputs, targets["style"], targets["content"], sw, cw)
    np.testing.assert_allclose(float(comps["style"]), style, rtol=1e-5)
    np.testing.assert_allclose(float(comps["content"]), content, rtol=1e-5)
    for k in LAYERS:
        layer = np.mean((outputs["style"][k] - targets["style"][k]) ** 2) * sw / len(LAYERS)
        np.testing.assert_allclose(float(comps[f"style/{k}"]), layer, rtol=1e-5)
    total = nst.style_content_loss(outputs, targets["style"], targets["content"], sw, cw)
    np.testing.assert_allclose(float(total), style + content, rtol=1e-5)


def test_style_content_loss_defaults_are_the_tutorials_weights():
    rng = np.random.default_rng(2)
    outputs, targets = random_outputs(rng), random_outputs(rng)
    style = sum(np.mean((outputs["style"][k] - targets["style"][k]) ** 2) for k in LAYERS)
    content = np.mean((outputs["content"]["d"] - targets["content"]["d"]) ** 2)
    expected = style * 1e-2 / len(LAYERS) + content * 1e4
    got = nst.style_content_loss(outputs, targets["style"], targets["content"])
    np.testing.assert_allclose(float(got), expected, rtol=1e-5)


def test_losses_are_zero_at_the_target():
    rng = np.random.default_rng(3)
    outputs = random_outputs(rng)
    assert float(nst.style_content_loss(outputs, outputs["style"], outputs["content"])) == 0.0


def test_high_pass_x_y_matches_numpy_slicing():
    image = np.random.default_rng(4).random((1, 5, 6, 3)).astype(np.float32)
    x_var, y_var = nst.high_pass_x_y(tf.constant(image))
    assert x_var.shape == (1, 5, 5, 3) and y_var.shape == (1, 4, 6, 3)
    np.testing.assert_array_equal(x_var.numpy(), image[:, :, 1:] - image[:, :, :-1])
    np.testing.assert_array_equal(y_var.numpy(), image[:, 1:] - image[:, :-1])


@pytest.mark.parametrize("shape", [(1, 32, 48, 3), (3, 7, 5, 3)])
def test_total_variation_loss_equals_tf_image_total_variation(shape):
    image = tf.constant(np.random.default_rng(5).random(shape).astype(np.float32))
    expected = tf.reduce_sum(tf.image.total_variation(image))
    np.testing.assert_allclose(float(nst.total_variation_loss(image)), float(expected), rtol=1e-6)


def test_total_variation_loss_by_hand():
    # 2 x 2, one channel: |2-1| + |4-3| (across) + |3-1| + |4-2| (down) = 6.
    image = tf.constant([[[[1.0], [2.0]], [[3.0], [4.0]]]])
    assert float(nst.total_variation_loss(image)) == 6.0
    assert float(tf.image.total_variation(image)[0]) == 6.0


def test_clip_0_1():
    x = tf.constant([-1.0, 0.0, 0.25, 1.0, 3.0])
    np.testing.assert_array_equal(nst.clip_0_1(x).numpy(), [0.0, 0.0, 0.25, 1.0, 1.0])
