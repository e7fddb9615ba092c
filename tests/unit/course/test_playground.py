"""The playground, driven without a browser: set the controls, press the buttons, read the widgets."""

from __future__ import annotations

import datetime
import io

import numpy as np
import PIL.Image
import pytest

import nst_tutorial as nst
from nst_tutorial.course.display import DPI
from nst_tutorial.course.playground import TUTORIAL_BALANCE, UPLOADED, Playground


def _decode(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int32)


def _as_uint8(image) -> np.ndarray:
    return np.asarray(nst.tensor_to_image(image), dtype=np.int32)


@pytest.fixture
def playground(random_weights, tmp_path):
    pg = Playground(size=64, steps=3, outputs=tmp_path / "outputs")
    yield pg
    pg.stop()
    pg.wait(60)


def test_controls_start_at_the_tutorial_values(random_weights):
    pg = Playground()
    assert pg.balance.value == pytest.approx(1e-2 / 1e4) == TUTORIAL_BALANCE
    assert pg.tv_weight.value == 30
    assert pg.size.value == nst.settings.max_dim
    assert pg.steps.value == nst.settings.epochs * nst.settings.steps_per_epoch
    assert pg.content_choice.value == "cat" and pg.style_choice.value == "composition"
    # The previews show the chosen sample files, byte for byte.
    assert pg.content_preview.value == nst.data.sample_path("cat").read_bytes()
    pg.style_choice.value = "waves"
    assert pg.style_preview.value == nst.data.sample_path("waves").read_bytes()
    assert "RANDOM" in pg.status.value


def test_run_updates_picture_chart_and_progress(playground):
    pg = playground
    pg.style_choice.value = "waves"
    pg.balance.value = 1e-4
    pg.tv_weight.value = 0
    assert pg.picture.value == b"" and pg.progress.children == ()

    pg.run_button.click()
    assert pg.wait(120), "the run did not finish"
    assert pg.error == ""
    run, live = pg.run_state, pg.live
    # The controls reached the run.
    assert run.style_weight == pytest.approx(1e-4 * 1e4) and run.content_weight == 1e4
    assert run.total_variation_weight == 0
    assert max(run.image.shape[1:3]) == 64
    assert run.step_count == 3 and not pg.stopped

    # The picture is the live display's figure (current image beside the loss chart).
    figure = _decode(pg.picture.value)
    assert figure.shape == (4 * DPI, 10 * DPI, 3)
    np.testing.assert_allclose(np.asarray(live.image_ax.images[0].get_array()),
                               np.asarray(run.image)[0], atol=1e-6)
    lines = {line.get_label(): line.get_ydata() for line in live.loss_ax.get_lines()}
    np.testing.assert_allclose(lines["total"], [h["total"] for h in run.history], rtol=1e-6)
    # The progress bar in the playground counted every step.
    bar = pg.progress.children[0]
    assert bar.children[1].value == 3 and bar.children[1].max == 3
    assert "3/3" in bar.children[2].value
    # The result is the final image; Run is available again, Stop is not.
    np.testing.assert_array_equal(_decode(pg.result_picture.value), _as_uint8(run.image))
    assert "Done: 3 steps" in pg.status.value
    assert not pg.run_button.disabled and pg.stop_button.disabled and not pg.save_button.disabled
    assert 'download="cat-waves.png"' in pg.download.value


def test_stop_keeps_the_best_image_so_far(playground):
    pg = playground
    pg.steps.value = 500
    pg.run_button.click()
    assert pg.wait_for_steps(2, timeout=120), pg.error or "the run ended before two steps"
    assert pg.running and pg.live.steps >= 2
    assert not pg.stop_button.disabled and pg.run_button.disabled
    pg.stop_button.click()
    assert pg.wait(60)
    run = pg.run_state
    assert pg.stopped and run.interrupted and 2 <= run.step_count < 500
    # The kept image is the lowest-loss one of the steps taken.
    losses = [h["total"] for h in run.history]
    assert run.best_loss == min(losses)
    np.testing.assert_array_equal(np.asarray(pg.result), np.asarray(run.best_image))
    np.testing.assert_array_equal(_decode(pg.result_picture.value), _as_uint8(run.best_image))
    assert f"Stopped at step {run.step_count}" in pg.status.value
    assert pg.live.bar.n == run.step_count


def test_upload_save_and_never_overwrite(playground, tmp_path):
    pg = playground
    photo = io.BytesIO()
    PIL.Image.fromarray(np.full((30, 90, 3), 200, np.uint8)).save(photo, "PNG")
    pg.content_upload.value = ({"name": "my photo.png", "type": "image/png",
                                "size": len(photo.getvalue()), "content": memoryview(photo.getvalue()),
                                "last_modified": datetime.datetime.now()},)
    assert pg.content_choice.value == UPLOADED
    assert pg.content_preview.value == photo.getvalue()
    with pytest.raises(nst.ImageError, match="no result to save yet"):
        pg.save()

    pg.size.value = 96
    pg.run(wait=True)
    assert pg.error == ""
    assert tuple(pg.result.shape) == (1, 32, 96, 3)  # the upload's 1:3 aspect, 96 px long side

    first, second = pg.save(), pg.save()
    assert first != second and first.parent == second.parent == tmp_path / "outputs"
    assert first.name.startswith("my-photo-cat") is False and first.name.startswith("my-photo-")
    for path in (first, second):
        np.testing.assert_array_equal(_decode(path.read_bytes()), _as_uint8(pg.result))
    assert not [p for p in first.parent.iterdir() if p.name.startswith(".")]


def test_a_bad_upload_is_one_clear_message(playground):
    pg = playground
    pg.style_upload.value = ({"name": "notes.png", "type": "image/png", "size": 5,
                              "content": memoryview(b"hello"),
                              "last_modified": datetime.datetime.now()},)
    pg.run(wait=True)
    assert "not a readable image" in pg.error or "not an image" in pg.error
    assert "notes.png" in pg.error and "image bytes" not in pg.error  # the file's own name
    assert "firebrick" in pg.status.value and pg.result is None
    assert not pg.run_button.disabled and pg.stop_button.disabled


def test_going_further_options_reach_the_run(playground):
    """L-BFGS with coarse-to-fine: the last level is full size and the bar counts every step."""
    pg = playground
    pg.optimizer.value = "lbfgs"
    pg.coarse_to_fine.value = 0.5  # half the steps at half size
    pg.colors.value = "histogram"
    pg.steps.value = 4
    pg.run(wait=True)
    assert pg.error == ""
    levels = pg.job.levels
    assert [type(level).__name__ for level in levels] == ["LBFGSStyleTransfer"] * 2
    assert levels[0].image.shape[2] < levels[1].image.shape[2] == 64
    assert pg.run_state is levels[-1]
    assert sum(level.step_count for level in levels) == pg.live.bar.n
    assert tuple(pg.result.shape) == tuple(levels[-1].image.shape)
