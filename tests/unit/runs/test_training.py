"""StyleTransfer against the tutorial's loop.

The reference is ``tests/helpers/reference.py``: the tutorial's computation written
from its published settings (Gram matrix, style and content losses with the
tutorial's weights, total variation, its Adam and a compiled train step),
independent of the package, on a Keras VGG19 that holds the same random
weights as the package's.
"""

from __future__ import annotations

from types import SimpleNamespace

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests.helpers.reference import TutorialRun

import nst_tutorial as nst
from nst_tutorial.runs.weights import load_vgg19

STEPS = 10


# ------------------------------------------------------------------ the reference
def tutorial_trajectory(content_image, style_image, vgg_weights, total_variation_weight,
                        steps=STEPS):
    """The images after each of ``steps`` steps of the tutorial's loop, ``[steps, H, W, 3]``.

    A total variation weight of 0 is the tutorial's first loop, without the term.
    """
    transfer = TutorialRun(content_image, style_image, vgg_weights,
                      total_variation_weight=total_variation_weight)
    return transfer.trajectory(steps)


# ---------------------------------------------------------------------------- fixtures
@pytest.fixture
def vgg_weights(random_weights):
    """The package's random VGG19 weights, as NumPy arrays for the reference model."""
    return load_vgg19().get_weights()


@pytest.fixture
def extractor(random_weights):
    return nst.StyleContentModel(vgg=nst.load_vgg19())


def package_trajectory(transfer, steps=STEPS):
    images = []
    for _ in range(steps):
        transfer.step()
        images.append(transfer.image.numpy())
    return np.concatenate(images)


@pytest.fixture(scope="module")
def tv_run():
    """One 10-step run with the tutorial's total variation weight, and the tutorial's own.

    Compiling a step is what costs time, so several tests read this one transfer.
    What they read is kept here; tests that go on using ``transfer`` may change it.
    """
    from tests.helpers.images import smooth_image

    vgg = load_vgg19(weights="random", seed=0)
    content = tf.constant(smooth_image(40, 56, seed=1)[None])
    style = tf.constant(smooth_image(48, 48, seed=2)[None])
    extractor = nst.StyleContentModel(vgg=vgg)
    expected = tutorial_trajectory(content, style, vgg.get_weights(), 30)
    transfer = nst.StyleTransfer(content, style, extractor=extractor)
    got = package_trajectory(transfer)
    return SimpleNamespace(
        content=content, extractor=extractor, expected=expected, got=got, transfer=transfer,
        history=[dict(h) for h in transfer.history], best_loss=transfer.best_loss,
        best_image=transfer.best_image.numpy(),
        style_targets=transfer.style_targets, content_targets=transfer.content_targets,
    )


def assert_same_trajectory(got, expected):
    # Round-off, not drift: a difference in how the step is compiled shows up
    # as ~1e-7 after the first step and ~1e-5 after the second.
    for step in range(len(expected)):
        np.testing.assert_allclose(got[step], expected[step], rtol=0, atol=1e-6,
                                   err_msg=f"image after step {step + 1} differs")


# ------------------------------------------------------------------------------- tests
def test_first_steps_follow_the_tutorials_trajectory_with_total_variation(tv_run):
    # The image really moves: the comparison is not between two copies of the start.
    assert np.abs(tv_run.expected[-1] - tv_run.content.numpy()[0]).max() > 0.05
    assert_same_trajectory(tv_run.got, tv_run.expected)


def test_first_steps_follow_the_tutorials_first_loop_without_total_variation(
    content_image, style_image, vgg_weights, extractor
):
    expected = tutorial_trajectory(content_image, style_image, vgg_weights, 0)
    transfer = nst.StyleTransfer(content_image, style_image, extractor=extractor,
                            total_variation_weight=0)
    assert np.abs(expected[-1] - content_image.numpy()[0]).max() > 0.05
    assert_same_trajectory(package_trajectory(transfer), expected)


def test_default_weights_are_the_tutorials(content_image, style_image, extractor):
    transfer = nst.StyleTransfer(content_image, style_image, extractor=extractor)
    assert (transfer.style_weight, transfer.content_weight, transfer.total_variation_weight) == (1e-2, 1e4, 30)
    cfg = transfer.optimizer.get_config()
    assert cfg["learning_rate"] == pytest.approx(0.02)
    assert (cfg["beta_1"], cfg["epsilon"]) == (0.99, 0.1)
    np.testing.assert_array_equal(transfer.image.numpy(), content_image.numpy())


def test_history_components_add_up_and_match_the_image(tv_run):
    history = tv_run.history
    layers = [f"style/{name}" for name in nst.STYLE_LAYERS]
    assert set(history[0]) == {"step", "time", "total", "content", "style", "total_variation",
                               *layers}
    # The first record is the loss of the content image, computed independently here.
    before = tv_run.content.numpy()
    outputs = tv_run.extractor(tv_run.content)
    style = sum(np.mean((outputs["style"][n].numpy() - tv_run.style_targets[n].numpy()) ** 2)
                for n in nst.STYLE_LAYERS) * 1e-2 / 5
    tv = 30 * (np.abs(np.diff(before, axis=1)).sum() + np.abs(np.diff(before, axis=2)).sum())
    np.testing.assert_allclose(history[0]["style"], style, rtol=1e-4)
    assert history[0]["content"] == 0.0  # the image starts as the content image
    np.testing.assert_allclose(history[0]["total_variation"], tv, rtol=1e-4)
    for record in history:
        np.testing.assert_allclose(
            record["total"], record["style"] + record["content"] + record["total_variation"],
            rtol=1e-5)
        np.testing.assert_allclose(record["style"], sum(record[k] for k in layers), rtol=1e-5)
    assert [r["step"] for r in history] == list(range(1, STEPS + 1))
    times = [r["time"] for r in history]
    assert times == sorted(times) and times[0] > 0


def assert_best_image(transfer, starts, tv_weight):
    """``best_image`` is the image (of ``starts``, one per step) with the lowest recorded loss."""
    totals = [r["total"] for r in transfer.history]
    best = int(np.argmin(totals))
    assert transfer.best_loss == min(totals)
    np.testing.assert_array_equal(transfer.best_image.numpy()[0], starts[best])
    # And its loss really is that image's loss.
    outputs = transfer.extractor(transfer.best_image)
    again = (nst.style_content_loss(outputs, transfer.style_targets, transfer.content_targets)
             + tv_weight * tf.reduce_sum(tf.image.total_variation(transfer.best_image)))
    np.testing.assert_allclose(float(again), transfer.best_loss, rtol=1e-5)
    return best


def test_best_image_is_the_lowest_loss_image_before_its_update(tv_run):
    # With random weights the content loss jumps after the first step, so here
    # the best image is the start; the noise run below covers a later best.
    transfer = SimpleNamespace(history=tv_run.history, best_loss=tv_run.best_loss,
                          best_image=tf.constant(tv_run.best_image), extractor=tv_run.extractor,
                          style_targets=tv_run.style_targets,
                          content_targets=tv_run.content_targets)
    assert_best_image(transfer, [tv_run.content.numpy()[0], *tv_run.got[:-1]], 30)


def test_reset_recreates_variable_and_optimizer(tv_run):
    transfer = tv_run.transfer
    old_image, old_optimizer = transfer.image, transfer.optimizer
    transfer.reset()
    assert transfer.image is not old_image and transfer.optimizer is not old_optimizer
    assert transfer.step_count == 0 and transfer.history == [] and transfer.best_loss == float("inf")
    np.testing.assert_array_equal(transfer.image.numpy(), tv_run.content.numpy())
    np.testing.assert_array_equal(package_trajectory(transfer, 4), tv_run.got[:4])


def test_changing_a_weight_after_steps_takes_effect(tv_run):
    transfer = tv_run.transfer
    transfer.total_variation_weight = 0
    image = tf.constant(transfer.image.numpy())
    record = transfer.step()
    assert record["total_variation"] == 0.0
    np.testing.assert_allclose(record["total"], record["style"] + record["content"], rtol=1e-6)
    # The update really used the new loss: no total variation in the gradient.
    outputs = tv_run.extractor(image)
    expected = nst.style_content_loss(outputs, tv_run.style_targets, tv_run.content_targets)
    np.testing.assert_allclose(record["total"], float(expected), rtol=1e-5)
    transfer.total_variation_weight = 30


def test_keyboard_interrupt_stops_and_keeps_the_best_image(tv_run, capsys):
    transfer = tv_run.transfer
    start = transfer.step_count

    def stop_after(n):
        def callback(r):
            if r.step_count == start + n:
                raise KeyboardInterrupt
        return callback

    transfer.run(50, callback=stop_after(2))
    assert transfer.interrupted and transfer.step_count == start + 2
    assert transfer.best_loss == min(r["total"] for r in transfer.history)
    assert "Stopped at step" in capsys.readouterr().out

    transfer.run(1)  # a later run carries on, and is not marked interrupted
    assert not transfer.interrupted and transfer.step_count == start + 3

    with pytest.raises(KeyboardInterrupt):
        transfer.run(50, callback=stop_after(4), catch_interrupt=False)
    assert transfer.interrupted and transfer.step_count == start + 4
    assert np.isfinite(transfer.best_loss) and transfer.best_image.shape == tv_run.content.shape


def test_noise_init_is_repeatable_and_keeps_its_best_image(content_image, style_image, extractor):
    def noise_run(seed, steps):
        transfer = nst.StyleTransfer(content_image, style_image, extractor=extractor,
                                init="noise", seed=seed)
        starts = [transfer.image.numpy()[0]]
        transfer.run(steps, callback=lambda r: starts.append(r.image.numpy()[0]))
        return transfer, np.stack(starts)

    run_a, traj_a = noise_run(7, 6)
    run_b, traj_b = noise_run(7, 6)
    _, traj_c = noise_run(8, 0)
    start = traj_a[0]
    assert start.shape == tuple(content_image.shape[1:])
    assert 0.0 <= start.min() and start.max() <= 1.0 and start.std() > 0.2
    np.testing.assert_array_equal(traj_a, traj_b)
    assert [r["total"] for r in run_a.history] == [r["total"] for r in run_b.history]
    assert not np.array_equal(start, traj_c[0])
    # From noise the loss falls, so the best image is a later one, not the start.
    assert assert_best_image(run_a, traj_a[:-1], 30) > 0


def test_image_init_is_resized_and_clipped(content_image, style_image, extractor):
    init = tf.constant(np.full((1, 20, 30, 3), 2.0, np.float32))
    transfer = nst.StyleTransfer(content_image, style_image, extractor=extractor, init=init)
    assert transfer.image.shape == content_image.shape
    assert float(tf.reduce_max(transfer.image)) == 1.0
    with pytest.raises(nst.SettingsError, match="init='bogus'"):
        nst.StyleTransfer(content_image, style_image, extractor=extractor, init="bogus")


def test_default_extractor_and_optimizer_class(content_image, style_image, random_weights):
    transfer = nst.StyleTransfer(content_image, style_image)
    assert isinstance(transfer.optimizer, keras.optimizers.Adam)
    assert transfer.extractor.style_layers == nst.STYLE_LAYERS
    assert "random weights" in repr(transfer)
