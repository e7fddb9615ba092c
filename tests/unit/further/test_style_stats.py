"""Style statistics beyond the Gram matrix, against independent references (NumPy, SciPy).

Each kind is checked for the value it computes (scipy.linalg.sqrtm for W2,
scipy.stats.wasserstein_distance and NumPy for the sliced kind, hand-computed
values for mean_std) and for the behaviour that defines it.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.stats
import tensorflow as tf

import nst_tutorial as nst
from nst_tutorial.further import style_stats
from nst_tutorial.further.style_stats import (
    MeanCov, MeanStd, Sliced, at_quantiles, statistic, wasserstein2_gaussian,
)

RNG = np.random.default_rng(7)


def correlated(n: int, channels: int, seed: int) -> np.ndarray:
    """``[n, channels]`` float64 vectors with a non-trivial mean and covariance."""
    rng = np.random.default_rng(seed)
    mix = rng.normal(size=(channels, channels))
    return rng.normal(size=(n, channels)) @ mix + rng.normal(size=channels)


def as_features(x: np.ndarray, height: int) -> tf.Tensor:
    """``[N, C]`` -> ``[1, height, N // height, C]`` float32."""
    return tf.constant(x.reshape(1, height, -1, x.shape[-1]).astype(np.float32))


def w2_reference(a: np.ndarray, b: np.ndarray) -> float:
    mean_a, mean_b = a.mean(0), b.mean(0)
    cov_a = (a - mean_a).T @ (a - mean_a) / len(a)
    cov_b = (b - mean_b).T @ (b - mean_b) / len(b)
    root_a = scipy.linalg.sqrtm(cov_a)
    cross = scipy.linalg.sqrtm(root_a @ cov_b @ root_a)
    return float(np.sum((mean_a - mean_b) ** 2) + np.trace(cov_a + cov_b - 2 * cross.real))


@pytest.mark.parametrize("n, m, channels", [(200, 150, 3), (400, 300, 8)])
def test_w2_matches_scipys_matrix_square_roots(n, m, channels):
    a, b = correlated(n, channels, 1), correlated(m, channels, 2)
    got = float(wasserstein2_gaussian(a, b))
    assert got == pytest.approx(w2_reference(a, b), rel=1e-3)


def test_w2_is_zero_exactly_when_mean_and_covariance_agree():
    a = correlated(500, 4, 3)
    # Other vectors, made to have a's mean and covariance exactly: whiten, then colour with a's.
    other = np.random.default_rng(4).uniform(size=(300, 4))
    other = (other - other.mean(0)) @ np.linalg.inv(np.linalg.cholesky(np.cov(other.T, bias=True)).T)
    same = other @ np.linalg.cholesky(np.cov(a.T, bias=True)).T + a.mean(0)
    scale = float(np.trace(np.cov(a.T, bias=True)))
    assert abs(float(wasserstein2_gaussian(a, same))) < 1e-4 * scale
    shifted = same + np.array([1.0, 0, 0, 0])
    assert float(wasserstein2_gaussian(a, shifted)) == pytest.approx(1.0, rel=1e-2)
    stretched = same * np.array([2.0, 1, 1, 1])
    assert float(wasserstein2_gaussian(a, stretched)) > 0.01 * scale


def test_mean_std_by_hand():
    # One place per row, two channels: means (2, 10), standard deviations (1, 0).
    target = np.array([[1.0, 10.0], [3.0, 10.0]])
    image = np.array([[0.0, 12.0], [0.0, 12.0]])  # means (0, 12), deviations (0, 0)
    kind = MeanStd()
    got = float(kind.loss(as_features(image, 1), kind.target(as_features(target, 1))))
    eps_std = lambda v: np.sqrt(v + 1e-5)  # noqa: E731  (the 1e-5 the statistic adds)
    means = ((0 - 2) ** 2 + (12 - 10) ** 2) / 2
    stds = ((eps_std(0) - eps_std(1)) ** 2 + (eps_std(0) - eps_std(0)) ** 2) / 2
    assert got == pytest.approx(means + stds, rel=1e-5)


def test_mean_std_leaves_the_covariance_free():
    """Same per-channel means and deviations, opposite correlation: only mean_std is fooled."""
    x = np.random.default_rng(5).normal(size=(256, 1))
    together = np.hstack([x, x])    # the two channels fire together
    opposed = np.hstack([x, -x + 2 * x.mean()])  # the same statistics per channel, opposite
    a, b = as_features(together, 16), as_features(opposed, 16)
    for kind, fooled in (("mean_std", True), ("mean_cov", False), ("gram", False)):
        s = statistic(kind)
        loss = float(s.loss(b, s.target(a)))
        assert (loss < 1e-6) == fooled, (kind, loss)


@pytest.mark.parametrize("kind", list(style_stats.KINDS))
def test_every_statistic_ignores_where_things_are(kind):
    """Shuffling the places of a feature map (what tile shuffling does, inside tiles) changes nothing."""
    x = correlated(64, 6, 6)
    shuffled = x[np.random.default_rng(9).permutation(64)]
    s = statistic(kind)
    target = s.target(as_features(correlated(80, 6, 7), 8))
    a = float(s.loss(as_features(x, 8), target))
    b = float(s.loss(as_features(shuffled, 8), target))
    assert a == pytest.approx(b, rel=1e-4) and a > 0
    assert float(s.loss(as_features(x, 8), s.target(as_features(shuffled, 8)))) < 1e-3 * a


def test_sliced_on_one_direction_is_the_1d_wasserstein_distance():
    x, y = correlated(120, 3, 10), correlated(120, 3, 11)
    direction = np.array([[0.6], [0.0], [0.8]])
    px, py = (x @ direction).ravel(), (y @ direction).ravel()
    target = (tf.constant(direction, tf.float32), tf.sort(tf.constant(py[:, None], tf.float32), 0))
    got = float(Sliced().loss(as_features(x, 12), target))
    assert got == pytest.approx(np.mean((np.sort(px) - np.sort(py)) ** 2), rel=1e-4)
    # With as many places on both sides, the sorted differences give SciPy's W1 exactly.
    w1 = float(np.mean(np.abs(np.sort(px) - np.sort(py))))
    assert w1 == pytest.approx(scipy.stats.wasserstein_distance(px, py), rel=1e-6)


def test_at_quantiles_reads_a_sample_of_another_size_as_scipy_compares_them():
    rng = np.random.default_rng(12)
    small, large = rng.normal(size=50), rng.normal(1.0, 2.0, size=333)
    resampled = at_quantiles(tf.constant(np.sort(large)[:, None], tf.float32), 50).numpy().ravel()
    w1 = np.mean(np.abs(np.sort(small) - resampled))
    assert w1 == pytest.approx(scipy.stats.wasserstein_distance(small, large), rel=0.05)


def test_sliced_directions_are_seeded_unit_vectors():
    f = as_features(correlated(64, 5, 13), 8)
    first, again, other = Sliced(0).target(f), Sliced(0).target(f), Sliced(1).target(f)
    assert first[0].shape == (5, style_stats.DIRECTIONS)
    np.testing.assert_array_equal(first[0].numpy(), again[0].numpy())
    assert not np.allclose(first[0].numpy(), other[0].numpy())
    np.testing.assert_allclose(np.linalg.norm(first[0].numpy(), axis=0), 1.0, rtol=1e-6)


def test_mean_cov_loss_is_w2_and_its_gradient_is_finite_with_more_channels_than_places():
    x, y = correlated(48, 8, 14), correlated(64, 8, 15)
    s = MeanCov()
    target = s.target(as_features(y, 8))
    assert float(s.loss(as_features(x, 8), target)) == pytest.approx(w2_reference(x, y), rel=1e-3)
    few = tf.Variable(as_features(correlated(4, 16, 16), 2))  # 4 places, 16 channels: rank 3
    with tf.GradientTape() as tape:
        loss = s.loss(few, s.target(as_features(correlated(9, 16, 17), 3)))
    grad = tape.gradient(loss, few)
    assert np.all(np.isfinite(grad.numpy())) and np.abs(grad.numpy()).max() > 0


def test_an_unknown_kind_is_refused_before_anything_is_built(content_image, style_image):
    with pytest.raises(nst.SettingsError, match="style_loss='wasserstein'"):
        nst.StyleTransfer(content_image, style_image, style_loss="wasserstein")


@pytest.mark.parametrize("kind", ["mean_std", "mean_cov", "sliced"])
def test_a_run_with_each_statistic_starts_at_the_gram_loss_and_descends(kind, shallow_extractor):
    from tests.helpers.images import tiny_image

    content, style = tiny_image(1, 48), tiny_image(2, 48)
    gram = nst.StyleTransfer(content, style, extractor=shallow_extractor)
    other = nst.StyleTransfer(content, style, extractor=shallow_extractor, style_loss=kind)
    assert other.loss(content)["style"].numpy() == pytest.approx(
        gram.loss(content)["style"].numpy(), rel=1e-3)  # the statistic is scaled to Gram's
    lbfgs = nst.LBFGSStyleTransfer(content, style, extractor=shallow_extractor, style_loss=kind,
                                   content_weight=0,
                                   total_variation_weight=0)  # noise images: TV would dominate
    lbfgs.run(6)
    assert lbfgs.best_loss < 0.5 * lbfgs.history[0]["total"]
    assert other.fingerprint()["style_loss"] == kind != gram.fingerprint()["style_loss"]


def test_texture_uses_the_layers_up_to_its_depth_and_no_content(shallow_extractor):
    from tests.helpers.images import tiny_image

    run = nst.texture(tiny_image(3, 40), depth=2, optimizer="adam")
    assert run.extractor.style_layers == ["block1_conv1", "block2_conv1"]
    assert run.content_weight == 0 and run.total_variation_weight == 0
    expected = np.random.default_rng(0).random((1, 40, 40, 3), dtype=np.float32)
    np.testing.assert_array_equal(run.image.numpy(), expected)  # seeded noise
    run.run(3)
    assert all(h["content"] == 0 for h in run.history)
    with pytest.raises(nst.SettingsError, match="depth=6"):
        nst.texture(tiny_image(3, 40), depth=6)


def test_the_average_image_is_the_moving_average_of_the_steps_starts(shallow_extractor):
    from tests.helpers.images import tiny_image

    transfer = nst.StyleTransfer(tiny_image(1), tiny_image(2), extractor=shallow_extractor,
                                 average=0.5)
    starts = [transfer.image.numpy()]
    transfer.run(3, callback=lambda t: starts.append(t.image.numpy()))
    expected = starts[0]
    for image in starts[:3]:  # each step's average takes in the image the step began from
        expected = 0.5 * expected + 0.5 * image
    np.testing.assert_allclose(transfer.average_image.numpy(), expected, atol=1e-6)
