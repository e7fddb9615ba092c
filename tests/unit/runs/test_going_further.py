"""Beyond the tutorial: L-BFGS, coarse-to-fine, colour control, several styles, style scale,
average pooling and mixed precision, each against an independent reference (SciPy on NumPy,
NumPy colour maths, NumPy Gram matrices and pooling, tf.image resizing)."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from scipy.optimize import minimize

import nst_tutorial as nst
from nst_tutorial.further.network import compute_dtype
from nst_tutorial.runs.weights import load_vgg19
from nst_tutorial.tutorial.features import vgg_layers
from nst_tutorial.further.lbfgs import minimize_bounded

from tests.helpers.images import smooth_image

# The YIQ colour space, written out (rows: Y, I, Q).
YIQ = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.322], [0.211, -0.523, 0.312]])


def np_gram(features: np.ndarray) -> np.ndarray:
    _, h, w, c = features.shape
    f = features.reshape(h * w, c).astype(np.float64)
    return f.T @ f / (h * w)


def np_losses(extractor, image, style_grams, content_features, tv_weight=30.0) -> float:
    """The tutorial's total loss of ``image`` in NumPy, from the extractor's raw features."""
    names = nst.STYLE_LAYERS + nst.CONTENT_LAYERS
    feats = [f.numpy() for f in vgg_layers(names, load_vgg19())(nst.preprocess(image))]
    style = np.mean([np.mean((np_gram(f) - g) ** 2) for f, g in zip(feats, style_grams)]) * 1e-2
    content = np.mean((feats[-1] - content_features) ** 2) * 1e4
    img = np.asarray(image)
    tv = np.abs(np.diff(img, axis=1)).sum() + np.abs(np.diff(img, axis=2)).sum()
    return style + content + tv_weight * tv


@pytest.fixture
def extractor(random_weights):
    return nst.StyleContentModel(vgg=nst.load_vgg19())


# ------------------------------------------------------------------------------ L-BFGS
def test_bounded_lbfgs_matches_scipy_on_numpy_for_a_convex_problem():
    rng = np.random.default_rng(0)
    m = rng.normal(size=(12, 12))
    a = m @ m.T / 12 + np.eye(12)
    b = a @ np.linspace(-0.6, 1.6, 12)  # the unconstrained minimum lies partly outside [0, 1]
    x0 = np.full(12, 0.5)
    expected_points, got_points = [], []

    def f(x):
        expected_points.append(x.copy())
        return 0.5 * x @ a @ x - b @ x, a @ x - b

    expected = minimize(f, x0, jac=True, method="L-BFGS-B", bounds=[(0, 1)] * 12,
                        options={"ftol": 0, "gtol": 1e-10, "maxiter": 200}).x
    a32, b32 = tf.constant(a, tf.float32), tf.constant(b, tf.float32)

    def f_tf(x):
        got_points.append(x.numpy())
        ax = tf.linalg.matvec(a32, x)
        return 0.5 * tf.reduce_sum(x * ax) - tf.reduce_sum(b32 * x), ax - b32

    got = minimize_bounded(f_tf, x0.astype(np.float32), 200)
    assert np.any(expected == 0) and np.any(expected == 1) and np.any((expected > 0) & (expected < 1))
    # The same path as SciPy on NumPy, point for point, while float32 round-off is negligible...
    np.testing.assert_allclose(got_points[:6], expected_points[:6], atol=1e-5)
    # ...and the same minimum, to the resolution of a float32 objective (about sqrt(2^-24)).
    np.testing.assert_allclose(got, expected, atol=5e-4)
    for point in got_points:
        assert point.min() >= 0 and point.max() <= 1


def test_lbfgs_keeps_pixels_in_range_lowers_the_loss_and_spends_its_budget(
    content_image, style_image, extractor
):
    seen = []
    transfer = nst.LBFGSStyleTransfer(content_image, style_image, extractor=extractor,
                                 init="noise", seed=3)
    start = transfer.image.numpy()
    transfer.run(12, callback=lambda r: seen.append(r.image.numpy()))
    assert len(transfer.history) == len(seen) == 12 and transfer.step_count == 12
    np.testing.assert_array_equal(seen[0], start)  # the first evaluation is the initial image
    for image in seen:
        assert image.min() >= 0.0 and image.max() <= 1.0
    assert not np.allclose(seen[-1], start)
    targets = extractor(style_image)["style"]
    grams = [targets[n].numpy()[0] for n in nst.STYLE_LAYERS]
    content = extractor(content_image)["content"]["block5_conv2"].numpy()
    first = np_losses(extractor, tf.constant(start), grams, content)
    final = np_losses(extractor, transfer.image, grams, content)
    np.testing.assert_allclose(transfer.history[0]["total"], first, rtol=1e-4)
    np.testing.assert_allclose(transfer.best_loss, final, rtol=1e-4)
    assert final < 0.5 * first
    adam = nst.StyleTransfer(content_image, style_image, extractor=extractor).run(1)
    assert set(transfer.history[0]) == set(adam.history[0])


def test_lbfgs_interrupted_keeps_its_best_image(content_image, style_image, extractor):
    seen = []  # every image L-BFGS evaluated, in order

    def stop(r):
        seen.append(r.image.numpy().copy())
        if r.step_count == 4:
            raise KeyboardInterrupt

    transfer = nst.LBFGSStyleTransfer(content_image, style_image, extractor=extractor)
    transfer.run(10, callback=stop)
    assert transfer.interrupted and len(transfer.history) == len(seen) == 4
    totals = [h["total"] for h in transfer.history]
    assert transfer.best_loss == min(totals)
    assert len({float(np.abs(a - seen[0]).max()) for a in seen}) > 1  # it did move
    np.testing.assert_array_equal(transfer.best_image.numpy(), seen[int(np.argmin(totals))])
    np.testing.assert_array_equal(transfer.image.numpy(), transfer.best_image.numpy())


# ------------------------------------------------------------------------ coarse to fine
def test_coarse_to_fine_recomputes_targets_and_reports_full_size_losses(
    content_image, style_image, extractor
):
    content_image = tf.constant(smooth_image(64, 96, seed=1)[None])
    style_image = tf.constant(smooth_image(80, 80, seed=2)[None])
    c2f = nst.CoarseToFine(content_image, style_image, [(0.5, 3), (1.0, 3)],
                           extractor=extractor, upsample="image").run()
    coarse, fine = c2f.levels
    assert coarse.image.shape == (1, 32, 48, 3) and fine.image.shape == content_image.shape
    small_style = tf.image.resize(style_image, [40, 40], antialias=True)
    feats = vgg_layers(nst.STYLE_LAYERS, load_vgg19())(nst.preprocess(small_style))
    for name, f in zip(nst.STYLE_LAYERS, feats):
        np.testing.assert_allclose(coarse.style_targets[name][0], np_gram(f.numpy()),
                                   rtol=1e-4, atol=1e-3)
    # The full-size level starts from the coarse result, upsampled.
    up = tf.image.resize(coarse.image, content_image.shape[1:3]).numpy()
    np.testing.assert_allclose(fine.history[0]["total"], np_losses(
        extractor, tf.constant(np.clip(up, 0, 1)),
        [np_gram(f.numpy()) for f in vgg_layers(nst.STYLE_LAYERS, load_vgg19())(nst.preprocess(style_image))],
        extractor(content_image)["content"]["block5_conv2"].numpy()), rtol=1e-4)
    grams = [extractor(style_image)["style"][n].numpy()[0] for n in nst.STYLE_LAYERS]
    content = extractor(content_image)["content"]["block5_conv2"].numpy()
    np.testing.assert_allclose(c2f.best_loss, np_losses(extractor, c2f.best_image, grams, content),
                               rtol=1e-4)
    assert [h["level"] for h in c2f.history] == [0] * 3 + [1] * 3
    times = [h["time"] for h in c2f.history]
    assert times == sorted(times) and c2f.elapsed == pytest.approx(times[-1])


def test_coarse_to_fine_carries_the_change_up_onto_the_full_size_content(style_image, extractor):
    content_image = tf.constant(smooth_image(64, 96, seed=1)[None])
    c2f = nst.CoarseToFine(content_image, style_image, [(0.5, 10), (1.0, 1)],
                           extractor=extractor).run()
    coarse, fine = c2f.levels
    small = tf.image.resize(content_image, [32, 48], antialias=True).numpy()
    change = tf.image.resize(coarse.image.numpy() - small, [64, 96]).numpy()
    expected = np.clip(content_image.numpy() + change, 0, 1)
    assert np.abs(change).max() > 0.01
    np.testing.assert_allclose(fine.problem.initial_image().numpy(), expected, atol=1e-5)


def test_coarse_to_fine_schedule_must_end_at_full_size(content_image, style_image):
    with pytest.raises(nst.SettingsError, match="1.0"):
        nst.CoarseToFine(content_image, style_image, [(0.25, 5), (0.5, 5)])


# ------------------------------------------------------------------------------ colours
def test_luminance_transfer_keeps_the_contents_chrominance():
    content = smooth_image(40, 56, seed=1) * 0.6 + 0.2
    result = smooth_image(40, 56, seed=5)
    out = nst.color.with_colors_of(result[None], content[None]).numpy()[0]
    inside = np.all((out > 0) & (out < 1), axis=-1)
    assert inside.mean() > 0.9  # the comparison covers most pixels
    yiq_out, yiq_content, yiq_result = (x @ YIQ.T for x in (out, content, result))
    np.testing.assert_allclose(yiq_out[inside][:, 1:], yiq_content[inside][:, 1:], atol=2e-3)
    np.testing.assert_allclose(yiq_out[inside][:, 0], yiq_result[inside][:, 0], atol=2e-3)


def test_luminance_only_inputs_are_grey_with_the_contents_brightness_range():
    content, style = smooth_image(40, 56, seed=1), smooth_image(48, 48, seed=2) * 0.5
    grey_content, grey_style = nst.color.luminance_only(content[None], style[None])
    for grey in (grey_content.numpy(), grey_style.numpy()):
        np.testing.assert_array_equal(grey[..., 0], grey[..., 1])
        np.testing.assert_array_equal(grey[..., 0], grey[..., 2])
    y_content, y_style = content @ YIQ[0], grey_style.numpy()[0, ..., 0]
    np.testing.assert_allclose(grey_content.numpy()[0, ..., 0], y_content, atol=1e-5)
    np.testing.assert_allclose([y_style.mean(), y_style.std()],
                               [y_content.mean(), y_content.std()], rtol=1e-3)


def test_histogram_matching_gives_the_style_the_contents_colour_statistics():
    content = 0.5 + 0.25 * (smooth_image(40, 56, seed=1) - 0.5)  # moderate colours: no clipping
    style = smooth_image(48, 48, seed=2)
    out = nst.color.match_color_histogram(style[None], content[None]).numpy()[0]
    assert out.shape == style.shape and out.min() > 0 and out.max() < 1
    pixels, reference = out.reshape(-1, 3), content.reshape(-1, 3)
    np.testing.assert_allclose(pixels.mean(axis=0), reference.mean(axis=0), atol=1e-5)
    np.testing.assert_allclose(np.cov(pixels, rowvar=False), np.cov(reference, rowvar=False),
                               atol=1e-6)


# ------------------------------------------------------------------ several styles, scale
def test_blend_weights_one_and_zero_give_the_single_style_run(
    content_image, style_image, extractor
):
    other = tf.constant(smooth_image(48, 48, seed=7)[None])
    single = nst.StyleTransfer(content_image, style_image, extractor=extractor).run(3)
    blended = nst.StyleTransfer(content_image, [style_image, other], extractor=extractor,
                                style_blend_weights=(1, 0)).run(3)
    np.testing.assert_array_equal(blended.image.numpy(), single.image.numpy())
    assert [h["total"] for h in blended.history] == [h["total"] for h in single.history]


def test_blend_targets_are_the_weighted_mean_of_the_grams(content_image, style_image, extractor):
    other = tf.constant(smooth_image(48, 48, seed=7)[None])
    transfer = nst.StyleTransfer(content_image, [style_image, other], extractor=extractor,
                            style_blend_weights=(3, 1))
    model = vgg_layers(nst.STYLE_LAYERS, load_vgg19())
    for name, f1, f2 in zip(nst.STYLE_LAYERS, model(nst.preprocess(style_image)),
                            model(nst.preprocess(other))):
        expected = 0.75 * np_gram(f1.numpy()) + 0.25 * np_gram(f2.numpy())
        np.testing.assert_allclose(transfer.style_targets[name][0], expected, rtol=1e-4, atol=1e-2)
    with pytest.raises(nst.SettingsError, match="one non-negative weight per style image"):
        nst.StyleTransfer(content_image, [style_image, other], extractor=extractor,
                          style_blend_weights=(1,))


def test_style_scale_resizes_the_style_image_relative_to_the_content(style_image, extractor):
    content = tf.constant(smooth_image(64, 96, seed=1)[None])
    transfer = nst.StyleTransfer(content, style_image, extractor=extractor, style_scale=2 / 3)
    expected = tf.image.resize(style_image, [64, 64]).numpy()
    np.testing.assert_allclose(transfer.style_image.numpy(), expected, atol=1e-6)
    feats = vgg_layers(["block1_conv1"], load_vgg19())(nst.preprocess(tf.constant(expected)))
    np.testing.assert_allclose(transfer.style_targets["block1_conv1"][0], np_gram(feats.numpy()),
                               rtol=1e-4, atol=1e-3)
    default = nst.StyleTransfer(content, style_image, extractor=extractor)
    np.testing.assert_array_equal(default.style_image.numpy(), style_image.numpy())


def test_init_from_a_given_image_for_lbfgs(content_image, style_image, extractor):
    given = tf.constant(smooth_image(40, 56, seed=9)[None])
    transfer = nst.LBFGSStyleTransfer(content_image, style_image, extractor=extractor, init=given)
    np.testing.assert_array_equal(transfer.image.numpy(), given.numpy())


# ---------------------------------------------------------------------- average pooling
def test_average_pooling_averages_each_two_by_two_block(random_weights, content_image):
    avg = vgg_layers(["block1_conv2", "block1_pool"], load_vgg19(pooling="avg"))
    before, pooled = (x.numpy()[0] for x in avg(nst.preprocess(content_image)))
    h, w, c = before.shape
    by_hand = before.reshape(h // 2, 2, w // 2, 2, c).mean(axis=(1, 3))
    np.testing.assert_allclose(pooled, by_hand, rtol=1e-5, atol=1e-4)
    max_model = vgg_layers(["block1_conv2", "block1_pool"], load_vgg19())
    max_before, max_pooled = (x.numpy()[0] for x in max_model(nst.preprocess(content_image)))
    np.testing.assert_array_equal(max_before, before)  # same weights
    assert not np.allclose(max_pooled, pooled)
    with pytest.raises(nst.SettingsError, match="pooling"):
        load_vgg19(pooling="min")


# ---------------------------------------------------------------------------- precision
def test_mixed_precision_computes_in_low_precision_but_keeps_grams_and_loss_float32(
    random_weights, content_image, style_image
):
    expected = "float16" if tf.config.list_physical_devices("GPU") else "bfloat16"
    assert compute_dtype("mixed") == expected
    full = nst.StyleContentModel(vgg=nst.load_vgg19())
    mixed = nst.StyleContentModel(vgg=nst.load_vgg19(precision="mixed"))
    convs = [layer for layer in mixed.vgg.layers if "conv" in layer.name]
    assert all(layer.compute_dtype == expected for layer in convs)
    assert all(w.dtype == "float32" for w in mixed.vgg.weights)
    noise = tf.constant(np.random.default_rng(0).random(content_image.shape, dtype=np.float32))
    losses = {}
    for name, model in (("float32", full), ("mixed", mixed)):
        transfer = nst.StyleTransfer(content_image, style_image, extractor=model)
        outputs = model(noise)
        assert all(g.dtype == tf.float32 for g in outputs["style"].values())
        assert all(f.dtype == tf.float32 for f in outputs["content"].values())
        components = transfer.loss(noise)
        assert components["total"].dtype == tf.float32
        losses[name] = float(components["total"])
    np.testing.assert_allclose(losses["mixed"], losses["float32"], rtol=0.05)
    with pytest.raises(nst.SettingsError, match="precision"):
        nst.StyleContentModel(vgg=nst.load_vgg19(precision="float8"))
