"""Numerical failure and interruption: a run stops cleanly and keeps the last good image.

NaN and infinity are forced with absurd loss weights or an injected NaN. The
images the run must hold afterwards are snapshots taken by a callback after
every step, so the checks do not trust the run's own bookkeeping.
"""

from __future__ import annotations

import math
import os
import signal
import threading

import numpy as np
import pytest
import tensorflow as tf

from tests.helpers.images import tiny_image

import nst_tutorial as nst
import nst_tutorial.runs.problem as problem
from nst_tutorial._plumbing.interrupt import stop_requests
from nst_tutorial.base.errors import NumericalError, SettingsError

@pytest.fixture(scope="module")
def extractor(shallow_extractor):
    return shallow_extractor


def snapshots_of(transfer):
    """A callback that keeps the image after every step: ``shots[k]`` is the image before step k+1."""
    shots = [transfer.image.numpy().copy()]
    return shots, lambda r: shots.append(r.image.numpy().copy())


def test_gradient_overflow_stops_with_the_last_finite_image(extractor):
    transfer = nst.StyleTransfer(tiny_image(1), tiny_image(2), extractor=extractor, style_weight=1e30)
    shots, keep = snapshots_of(transfer)
    with pytest.raises(NumericalError) as info:
        transfer.run(10, keep)
    message = str(info.value)
    assert "became NaN" in message and "gradient overflowed" in message
    assert "style/block" in message and "style_weight (now 1e+30)" in message
    assert "learning_rate" in message
    # The image whose update overflowed is the one the run goes back to.
    done = transfer.step_count
    assert f"before step {done}" in message
    np.testing.assert_array_equal(transfer.image.numpy(), shots[done - 1])
    totals = [h["total"] for h in transfer.history]
    assert all(math.isfinite(t) for t in totals) and len(totals) == done
    np.testing.assert_array_equal(transfer.best_image.numpy(), shots[int(np.argmin(totals))])


@pytest.mark.parametrize("weights, component, setting", [
    ({"style_weight": 1e36}, "style/block2_conv1 = inf", "style_weight (now 1e+36)"),
    ({"total_variation_weight": 1e38}, "total_variation = inf",
     "total_variation_weight (now 1e+38)"),
])
def test_infinite_loss_names_its_component(extractor, weights, component, setting):
    transfer = nst.StyleTransfer(tiny_image(1), tiny_image(2), extractor=extractor, **weights)
    start = transfer.image.numpy().copy()
    with pytest.raises(NumericalError) as info:
        transfer.run(3)
    message = str(info.value)
    assert message.startswith("Step 1: the loss is not a finite number")
    assert component in message and setting in message
    assert "learning_rate" not in message  # an infinite loss is the weights' doing
    np.testing.assert_array_equal(transfer.image.numpy(), start)
    np.testing.assert_array_equal(transfer.best_image.numpy(), start)
    assert transfer.history == []


def test_injected_nan_is_caught_and_the_run_can_go_on(extractor):
    transfer = nst.StyleTransfer(tiny_image(3), tiny_image(4), extractor=extractor)
    shots, keep = snapshots_of(transfer)
    transfer.run(2, keep)
    transfer.image.assign(tf.fill(transfer.image.shape, float("nan")))
    with pytest.raises(NumericalError, match="NaN"):
        transfer.step()
    # Back to the last image whose loss was computed and finite (step 2's starting image).
    np.testing.assert_array_equal(transfer.image.numpy(), shots[1])
    assert all(math.isfinite(h["total"]) for h in transfer.history)
    # The run goes on from there with a fresh optimizer; the losses are finite again.
    transfer.run(2)
    assert transfer.step_count == 4
    assert all(math.isfinite(v) for h in transfer.history for v in h.values())


def test_after_a_failure_lower_weights_let_the_run_continue(extractor):
    transfer = nst.StyleTransfer(tiny_image(1), tiny_image(2), extractor=extractor, style_weight=1e36)
    with pytest.raises(NumericalError):
        transfer.run(3)
    transfer.style_weight = nst.STYLE_WEIGHT
    transfer.run(2)
    assert transfer.step_count == 2 and all(math.isfinite(h["total"]) for h in transfer.history)


# -- weights that make no sense are refused before anything is computed ------------
@pytest.mark.parametrize("kwargs, words", [
    ({"style_weight": -1.0}, "style_weight=-1.0"),
    ({"content_weight": float("inf")}, "content_weight=inf"),
    ({"total_variation_weight": "30"}, "total_variation_weight='30'"),
    ({"style_weight": 0, "content_weight": 0, "total_variation_weight": 0}, "all zero"),
    ({"learning_rate": -0.02}, "learning_rate=-0.02"),
    ({"style_layer_weights": {"block1_conv2": 1.0}}, "Valid names are: block1_conv1, "
     "block2_conv1, block3_conv1, block4_conv1, block5_conv1"),
    ({"style_layer_weights": {"block1_conv1": float("nan")}}, "style_layer_weights['block1_conv1']"),
    ({"style_weight": 0.01, "content_weight": 0, "total_variation_weight": 0,
      "style_layer_weights": {n: 0 for n in nst.STYLE_LAYERS}}, "all zero"),
])
def test_nonsense_weights_are_refused_before_the_model_is_built(monkeypatch, kwargs, words):
    def no_model(*args, **kw):
        raise AssertionError("the model was built before the weights were checked")

    monkeypatch.setattr(problem, "StyleContentModel", no_model)
    with pytest.raises(SettingsError) as info:
        nst.StyleTransfer(tiny_image(1), tiny_image(2), **kwargs)
    assert words in str(info.value)


def test_zero_weights_that_still_leave_a_loss_are_allowed(extractor):
    transfer = nst.StyleTransfer(tiny_image(1), tiny_image(2), extractor=extractor, content_weight=0,
                            total_variation_weight=0)  # texture synthesis: style only
    losses = transfer.step()
    assert losses["content"] == 0 and losses["total_variation"] == 0
    assert 0 < losses["style"] < math.inf and losses["total"] == pytest.approx(losses["style"])


def test_weights_changed_to_nonsense_during_a_run_are_refused(extractor):
    transfer = nst.StyleTransfer(tiny_image(1), tiny_image(2), extractor=extractor)
    transfer.run(1)
    transfer.content_weight = -5
    with pytest.raises(SettingsError, match="content_weight=-5"):
        transfer.step()
    assert transfer.step_count == 1


def test_nan_in_the_content_or_style_image_is_refused(extractor):
    bad = tf.tensor_scatter_nd_update(tiny_image(1), [[0, 3, 3, 1]], [float("nan")])
    with pytest.raises(nst.ImageError, match="NaN"):
        nst.StyleTransfer(bad, tiny_image(2), extractor=extractor)
    with pytest.raises(nst.ImageError, match="NaN"):
        nst.StyleTransfer(tiny_image(1), bad, extractor=extractor)


def test_style_layer_weights_scale_each_layer(extractor):
    """Layer weights multiply each layer's loss; style is their sum (hand arithmetic)."""
    plain_run = nst.StyleTransfer(tiny_image(1), tiny_image(2), extractor=extractor)
    weighted_run = nst.StyleTransfer(
        tiny_image(1), tiny_image(2), extractor=extractor,
        style_layer_weights={"block1_conv1": 0.0, "block2_conv1": 2.0})
    plain, weighted = plain_run.step(), weighted_run.step()
    for name in extractor.style_layers:
        factor = {"block1_conv1": 0.0, "block2_conv1": 2.0}[name]
        assert weighted[f"style/{name}"] == pytest.approx(factor * plain[f"style/{name}"],
                                                          rel=1e-5)
    expected = sum(weighted[f"style/{n}"] for n in extractor.style_layers)
    assert weighted["style"] == pytest.approx(expected, rel=1e-5)
    # The content loss is untouched (measured away from the content image, where it is 0).
    elsewhere = tiny_image(3)
    content = float(plain_run.loss(elsewhere)["content"])
    assert content > 0
    assert float(weighted_run.loss(elsewhere)["content"]) == pytest.approx(content, rel=1e-6)


# -- interruption keeps the best image ---------------------------------------------
@pytest.mark.parametrize("how", ["KeyboardInterrupt", "SIGINT"])
def test_interrupted_run_keeps_its_best_image(extractor, how, capsys, sigint):
    transfer = nst.StyleTransfer(tiny_image(5), tiny_image(6), extractor=extractor)
    shots, keep = snapshots_of(transfer)

    def callback(r):
        keep(r)
        if r.step_count == 3:
            if how == "SIGINT":  # what the notebook's stop button does
                os.kill(os.getpid(), signal.SIGINT)
                _let_python_handle_signals()
                return  # the run stops when this step's callback returns
            raise KeyboardInterrupt

    transfer.run(10, callback)
    assert transfer.interrupted and transfer.step_count == 3
    assert "Stopped at step 3" in capsys.readouterr().out
    totals = [h["total"] for h in transfer.history]
    assert transfer.best_loss == min(totals)
    np.testing.assert_array_equal(transfer.best_image.numpy(), shots[int(np.argmin(totals))])


def test_interrupt_can_be_let_through_and_still_keeps_the_best_image(extractor):
    transfer = nst.StyleTransfer(tiny_image(5), tiny_image(6), extractor=extractor)
    shots, keep = snapshots_of(transfer)

    def callback(r):
        keep(r)
        if r.step_count == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        transfer.run(5, callback, catch_interrupt=False)
    totals = [h["total"] for h in transfer.history]
    np.testing.assert_array_equal(transfer.best_image.numpy(), shots[int(np.argmin(totals))])


def _let_python_handle_signals() -> None:
    """Run a few bytecodes: Python calls a signal's handler between two of them."""
    for _ in range(100):
        pass


class _PressInAFinaliser:
    """SIGINT while Python runs a finaliser, as when Matplotlib tidies up a collected figure.

    A KeyboardInterrupt raised in there is printed ("Exception ignored in ...") and dropped.
    """

    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        _let_python_handle_signals()


@pytest.mark.parametrize("how", ["run", "run_epochs", "lbfgs"])
def test_a_press_that_python_would_drop_in_a_finaliser_still_stops_the_run(
        extractor, how, capsys, sigint):
    cls = nst.LBFGSStyleTransfer if how == "lbfgs" else nst.StyleTransfer
    transfer = cls(tiny_image(5), tiny_image(6), extractor=extractor)

    def callback(r):
        if r.step_count == 3:
            _PressInAFinaliser()  # dropped at once: its finaliser runs here

    if how == "run_epochs":
        transfer.run_epochs(4, 3, callback)
    else:
        transfer.run(10, callback)
    printed = capsys.readouterr()
    assert "Exception ignored" not in printed.err, printed.err
    assert transfer.interrupted and transfer.step_count == 3
    assert printed.out.count("Stopped at step 3.") == 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_a_second_press_does_not_wait_for_the_step_to_end(sigint):
    with stop_requests() as stop:
        with stop_requests() as inner:  # a run inside run_epochs: one for both
            assert inner is stop
            os.kill(os.getpid(), signal.SIGINT)
            _let_python_handle_signals()  # the first press is only noted
            assert stop.pressed
            with pytest.raises(KeyboardInterrupt):
                os.kill(os.getpid(), signal.SIGINT)
                _let_python_handle_signals()
        with pytest.raises(KeyboardInterrupt):
            stop.check()
        stop.check()  # one press, one KeyboardInterrupt
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_sigint_is_left_alone_where_python_would_not_raise_keyboardinterrupt(sigint):
    def own_handler(signum, frame):
        pass

    signal.signal(signal.SIGINT, own_handler)
    with stop_requests() as stop:
        assert signal.getsignal(signal.SIGINT) is own_handler
        os.kill(os.getpid(), signal.SIGINT)
        _let_python_handle_signals()
        stop.check()  # the press went to own_handler: nothing to raise
    assert signal.getsignal(signal.SIGINT) is own_handler
    signal.signal(signal.SIGINT, signal.default_int_handler)
    seen = []

    def in_a_thread():  # signals go to the main thread: a thread's block changes nothing
        with stop_requests():
            seen.append(signal.getsignal(signal.SIGINT))

    worker = threading.Thread(target=in_a_thread)
    worker.start()
    worker.join()
    assert seen == [signal.default_int_handler]


# -- a multi-epoch run ends at once ----------------------------------------------------
@pytest.mark.parametrize("stop_at", [1, 4, 6, 9])
def test_ctrl_c_ends_every_epoch_of_run_epochs_at_once(extractor, stop_at, capsys):
    """Step 4 is inside epoch 2, step 6 the last step of epoch 2 (3 steps per epoch)."""
    transfer = nst.StyleTransfer(tiny_image(5), tiny_image(6), extractor=extractor)
    shots, keep = snapshots_of(transfer)
    calls = []

    def callback(r):
        keep(r)
        calls.append(r.step_count)
        if r.step_count == stop_at:
            raise KeyboardInterrupt

    snapshots = transfer.run_epochs(4, 3, callback)
    assert transfer.interrupted and transfer.step_count == stop_at and calls == list(range(1, stop_at + 1))
    assert capsys.readouterr().out.count("Stopped at step") == 1
    # The history has one record per step taken, numbered 1..k, each with finite losses.
    assert [h["step"] for h in transfer.history] == list(range(1, stop_at + 1))
    totals = [h["total"] for h in transfer.history]
    assert transfer.best_loss == min(totals)
    np.testing.assert_array_equal(transfer.best_image.numpy(), shots[int(np.argmin(totals))])
    # One snapshot per finished epoch, and one where it stopped: what later cells can show.
    ends = [k for k in (3, 6, 9, 12) if k <= stop_at]
    assert sorted(snapshots) == sorted(set(ends) | {stop_at}) and snapshots is transfer.snapshots
    for step, image in snapshots.items():
        np.testing.assert_array_equal(image.numpy(), shots[step])


def test_run_epochs_counts_the_steps_already_taken(extractor):
    transfer = nst.StyleTransfer(tiny_image(5), tiny_image(6), extractor=extractor)
    transfer.run(2)
    snapshots = transfer.run_epochs(3, 4)
    assert not transfer.interrupted and transfer.step_count == 12 and sorted(snapshots) == [4, 8, 12]
    np.testing.assert_array_equal(snapshots[12].numpy(), transfer.image.numpy())
    # Started on an epoch's end: that epoch's snapshot is the image it started from.
    other = nst.StyleTransfer(tiny_image(5), tiny_image(6), extractor=extractor)
    other.run(4)
    start = other.image.numpy().copy()
    assert sorted(other.run_epochs(3, 4)) == [4, 8, 12]
    np.testing.assert_array_equal(other.snapshots[4].numpy(), start)


def test_run_epochs_lets_the_interrupt_through_when_asked(extractor):
    transfer = nst.StyleTransfer(tiny_image(5), tiny_image(6), extractor=extractor)

    def stop(r):
        if r.step_count == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        transfer.run_epochs(3, 2, stop, catch_interrupt=False)
    assert transfer.interrupted and transfer.step_count == 5 and sorted(transfer.snapshots) == [2, 4, 5]


def test_lbfgs_run_epochs_stops_at_once_too(extractor, capsys):
    transfer = nst.LBFGSStyleTransfer(tiny_image(5), tiny_image(6), extractor=extractor)

    def stop(r):
        if r.step_count == 5:
            raise KeyboardInterrupt

    transfer.run_epochs(3, 4, stop)
    assert transfer.interrupted and transfer.step_count == 5 and sorted(transfer.snapshots) == [4, 5]
    assert capsys.readouterr().out.count("Stopped at step") == 1


# -- L-BFGS goes through the same guard ----------------------------------------------------
def test_lbfgs_infinite_loss_raises_the_guards_error_and_keeps_the_best_image(extractor):
    transfer = nst.LBFGSStyleTransfer(tiny_image(1), tiny_image(2), extractor=extractor, style_weight=1e38)
    with pytest.raises(NumericalError) as info:
        transfer.run(10)
    message = str(info.value)
    assert "Step 1: the loss is not a finite number" in message
    assert "style_weight (now 1e+38)" in message and "learning_rate" not in message
    np.testing.assert_array_equal(transfer.image.numpy(), tiny_image(1).numpy())  # the start, kept
    assert transfer.history == []


def test_lbfgs_nan_gradient_is_caught_before_scipy_moves_the_image(extractor, monkeypatch):
    transfer = nst.LBFGSStyleTransfer(tiny_image(3), tiny_image(4), extractor=extractor)
    seen = []

    def callback(r):
        seen.append(r.image.numpy().copy())
        if r.step_count == 3:  # from now on, every gradient is NaN
            loss_and_grad = r._compiled

            def poisoned(image):
                components, grad = loss_and_grad(image)
                return components, grad * float("nan")
            r._compiled = poisoned

    with pytest.raises(NumericalError) as info:
        transfer.run(10, callback)
    assert "Step 4: the gradient of the loss is not a finite number" in str(info.value)
    assert transfer.step_count == 3
    totals = [h["total"] for h in transfer.history]
    assert transfer.best_loss == min(totals) and np.all(np.isfinite(transfer.image.numpy()))
    np.testing.assert_array_equal(transfer.image.numpy(), seen[int(np.argmin(totals))])
