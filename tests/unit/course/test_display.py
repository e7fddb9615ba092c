"""The live display and the loss curves, checked against the run's own history and image.

Runs are tiny (40 x 56 px, a few steps) with seeded random weights. Figures render
with Agg; no notebook front end is needed: the notebook output path is checked
with an IPython shell whose display messages are captured.
"""

from __future__ import annotations

import base64
import io

import numpy as np
import PIL.Image
import pytest

import nst_tutorial as nst
from nst_tutorial.course.display import DPI, LiveDisplay, in_notebook, loss_columns, plot_losses

# These tests change the settings on purpose (configure, offline mode, the cache).
pytestmark = pytest.mark.usefixtures("saved_settings")

LABELS = {"content": "content", "style": "style", "total_variation": "total variation",
          "total": "total"}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def transfer(random_weights, content_image, style_image):
    return nst.StyleTransfer(content_image, style_image)


def history_column(transfer, name):
    """A column of ``transfer.history`` read directly from the per-step dicts."""
    return np.array([record[name] for record in transfer.history])


def on_log_scale(values):
    """What a log chart can draw: values of 0 or less become gaps (NaN)."""
    return np.where(values > 0, values, np.nan)


def lines_by_label(ax):
    return {line.get_label(): line for line in ax.get_lines()}


def shown_image(live):
    return np.asarray(live.image_ax.images[0].get_array(), dtype=np.float32)


# ---------------------------------------------------------------- the live display
def test_display_follows_the_run_epoch_by_epoch(transfer):
    bar_text = io.StringIO()
    live = LiveDisplay(6, every=2, live=True, file=bar_text)

    transfer.run(2, callback=live)  # first "epoch"
    assert live.steps == 2 and live.bar.n == 2 and live.refreshes == 1
    np.testing.assert_allclose(shown_image(live), np.asarray(transfer.image)[0], atol=1e-6)
    assert live.image_ax.get_title() == "step 2"
    lines = lines_by_label(live.loss_ax)
    assert list(lines) == list(LABELS.values())
    for name, label in LABELS.items():
        np.testing.assert_allclose(lines[label].get_ydata(),
                                   on_log_scale(history_column(transfer, name)))
    first_image = shown_image(live).copy()

    transfer.run(4, callback=live)  # the chart grows, the picture changes
    assert live.steps == 6 and live.bar.n == 6 and live.refreshes == 3
    assert live.closed  # the bar closes itself after the last step
    np.testing.assert_allclose(shown_image(live), np.asarray(transfer.image)[0], atol=1e-6)
    assert not np.allclose(shown_image(live), first_image)
    assert live.image_ax.get_title() == "step 6"
    lines = lines_by_label(live.loss_ax)
    for name, label in LABELS.items():
        np.testing.assert_array_equal(lines[label].get_xdata(), np.arange(1, 7))
        np.testing.assert_allclose(lines[label].get_ydata(),
                                   on_log_scale(history_column(transfer, name)))
    assert live.loss_ax.get_yscale() == "log"
    assert live.bar.postfix == f"loss={transfer.history[-1]['total']:.4g}"
    assert "6/6" in bar_text.getvalue()
    assert live.draw_seconds > 0


def test_random_weights_are_announced(transfer):
    live = LiveDisplay(2, every=1, live=True, file=io.StringIO())
    transfer.run(2, callback=live)
    assert "[RANDOM weights]" in live.bar.desc
    # The figure's title (Figure.get_suptitle needs matplotlib 3.8; fig.texts holds it on any).
    assert any("RANDOM" in t.get_text() for t in live.figure.texts)


def test_no_note_with_real_weights_setting():
    nst.configure(weights="imagenet")  # no model is built: only the note is read
    live = LiveDisplay(3, live=True, file=io.StringIO())
    assert live.note == "" and "RANDOM" not in live.bar.desc
    live.close()


def test_outside_a_notebook_it_is_a_plain_progress_bar(transfer):
    assert not in_notebook()
    bar_text = io.StringIO()
    live = LiveDisplay(3, file=bar_text)
    transfer.run(3, callback=live)
    assert not live.live and live.figure is None and live.refreshes == 0
    assert live.bar.n == 3 and live.closed
    assert "3/3" in bar_text.getvalue()


def test_default_refresh_interval_is_a_twentieth_of_the_run():
    assert LiveDisplay(1000, live=False, disable=True).every == 50
    assert LiveDisplay(6, live=False, disable=True).every == 2  # short runs: every 2 steps
    with pytest.raises(nst.SettingsError, match="total_steps"):
        LiveDisplay(0)
    with pytest.raises(nst.SettingsError, match="every"):
        LiveDisplay(10, every=0)


def test_interrupted_run_draws_where_it_stopped(transfer):
    live = LiveDisplay(10, every=5, live=True, file=io.StringIO())

    def stop_at_three(r):
        live(r)
        if r.step_count == 3:
            raise KeyboardInterrupt

    with live:
        transfer.run(10, callback=stop_at_three)
    assert transfer.interrupted and transfer.step_count == 3
    assert live.closed and live.bar.n == 3
    assert live.refreshes == 1 and live.image_ax.get_title() == "step 3"
    np.testing.assert_allclose(shown_image(live), np.asarray(transfer.image)[0], atol=1e-6)


class FakeImageWidget:
    """Stands for ``ipywidgets.Image``: the display sets ``value`` to PNG bytes."""

    value = b""


def test_picture_goes_to_a_widget(transfer):
    widget = FakeImageWidget()
    live = LiveDisplay(4, every=2, live=True, target=widget, file=io.StringIO())
    transfer.run(4, callback=live)
    picture = PIL.Image.open(io.BytesIO(widget.value))
    assert picture.format == "PNG"
    width, height = live.figure.get_size_inches() * DPI
    assert picture.size == (round(width), round(height))


def test_notebook_output_is_one_picture_updated_in_place(transfer):
    pytest.importorskip("IPython")
    from IPython.core.displaypub import CapturingDisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(history_load_length=0)
    saved_pub = shell.display_pub
    shell.display_pub = CapturingDisplayPublisher()
    try:
        live = LiveDisplay(6, every=2, live=True, file=io.StringIO())
        transfer.run(6, callback=live)
        outputs = shell.display_pub.outputs
    finally:
        shell.display_pub = saved_pub
        InteractiveShell.clear_instance()
    assert len(outputs) == live.refreshes == 3
    ids = {out["transient"]["display_id"] for out in outputs}
    assert len(ids) == 1
    assert [out["update"] for out in outputs] == [False, True, True]
    for out in outputs:
        png = out["data"]["image/png"]
        png = png if isinstance(png, bytes) else base64.b64decode(png)
        assert PIL.Image.open(io.BytesIO(png)).format == "PNG"


# ---------------------------------------------------------------- loss curves
def test_plot_losses_draws_each_component_from_the_history(transfer):
    transfer.run(4)
    ax = plot_losses(transfer)
    lines = lines_by_label(ax)
    assert list(lines) == list(LABELS.values())
    for name, label in LABELS.items():
        np.testing.assert_array_equal(lines[label].get_xdata(), [1, 2, 3, 4])
        np.testing.assert_allclose(lines[label].get_ydata(),
                                   on_log_scale(history_column(transfer, name)))
    assert ax.get_yscale() == "log"
    assert any("RANDOM" in t.get_text() for t in ax.texts)
    # The run starts at the content image: content loss 0, which a log scale leaves out.
    assert history_column(transfer, "content")[0] == 0
    assert np.isnan(lines["content"].get_ydata()[0])

    by_time = plot_losses(transfer.losses, x="time", log=False, note="")
    line = lines_by_label(by_time)["total"]
    np.testing.assert_allclose(line.get_xdata(), history_column(transfer, "time"))
    assert lines_by_label(by_time)["content"].get_ydata()[0] == 0
    assert by_time.get_yscale() == "linear" and not by_time.texts


def test_plot_losses_leaves_out_a_zero_total_variation(random_weights, content_image,
                                                         style_image):
    transfer = nst.StyleTransfer(content_image, style_image, total_variation_weight=0)
    transfer.run(3)
    assert list(lines_by_label(plot_losses(transfer))) == ["content", "style", "total"]

    layers = [f"style/{name}" for name in nst.STYLE_LAYERS]
    ax = plot_losses(transfer.history, components=layers)
    lines = lines_by_label(ax)
    assert list(lines) == layers
    shares = sum(np.asarray(lines[name].get_ydata()) for name in layers)
    np.testing.assert_allclose(shares, history_column(transfer, "style"), rtol=1e-5)


def test_plot_losses_explains_bad_input(transfer):
    with pytest.raises(nst.SettingsError, match="no history"):
        plot_losses(transfer)
    transfer.run(1)
    with pytest.raises(nst.SettingsError, match="no component"):
        plot_losses(transfer, components=["colour"])
    with pytest.raises(nst.SettingsError, match="x='epoch'"):
        plot_losses(transfer, x="epoch")
    assert set(loss_columns(transfer)) == set(transfer.history[0])
