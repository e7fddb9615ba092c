"""The TensorBoard logger: read the event files back and find every loss and the images."""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
import pytest
import tensorflow as tf
from tensorflow.core.framework import summary_pb2

from nst_tutorial.tools.tensorboard import TensorBoardLogger, combine_callbacks
from nst_tutorial.runs.adam import StyleTransfer


def _read_events(logdir):
    """``({tag: {step: value}}, {tag: {step: png bytes}})`` from every event file in ``logdir``."""
    scalars, images = {}, {}
    files = sorted(logdir.glob("events.out.tfevents.*"))
    assert files, f"no event file in {logdir}"
    for path in files:
        for event in tf.compat.v1.train.summary_iterator(str(path)):
            for value in event.summary.value:
                plugin = value.metadata.plugin_data.plugin_name
                array = tf.make_ndarray(value.tensor)
                if plugin == "scalars":
                    scalars.setdefault(value.tag, {})[event.step] = float(array)
                elif plugin == "images":
                    # [width, height, png bytes...] as strings
                    images.setdefault(value.tag, {})[event.step] = array[2]
    return scalars, images


def test_losses_every_step_and_images_every_n(tmp_path, random_weights, content_image, style_image):
    transfer = StyleTransfer(content_image, style_image)
    snapshots = {}

    def remember(r):
        snapshots[r.step_count] = np.asarray(r.image.numpy()[0])

    with TensorBoardLogger(tmp_path / "tb", image_every=2) as logger:
        transfer.run(5, callback=combine_callbacks(remember, logger, None))

    scalars, images = _read_events(tmp_path / "tb")
    for name in ("total", "content", "style", "total_variation", "style/block1_conv1"):
        logged = scalars[f"loss/{name}"]
        assert sorted(logged) == [1, 2, 3, 4, 5]
        expected = [h[name] for h in transfer.history]
        np.testing.assert_allclose([logged[s] for s in range(1, 6)], expected, rtol=1e-6)
    assert sorted(scalars["seconds"]) == [1, 2, 3, 4, 5]

    # Images at step 1 and at every second step, equal to the picture at that step (8-bit).
    assert sorted(images["image"]) == [1, 2, 4]
    for step, png in images["image"].items():
        decoded = np.asarray(PIL.Image.open(io.BytesIO(png)), dtype=np.int32)
        expected = np.round(snapshots[step] * 255).astype(np.int32)
        assert decoded.shape == expected.shape
        assert np.abs(decoded - expected).max() <= 1


def test_random_weights_are_noted_in_the_log(tmp_path, random_weights, content_image, style_image):
    transfer = StyleTransfer(content_image, style_image)
    with TensorBoardLogger(tmp_path / "tb", image_every=100) as logger:
        transfer.run(1, callback=logger)
    texts = []
    for path in (tmp_path / "tb").glob("events.out.tfevents.*"):
        for event in tf.compat.v1.train.summary_iterator(str(path)):
            texts += [
                tf.make_ndarray(v.tensor).item().decode()
                for v in event.summary.value if v.tag == "note"
            ]
    assert len(texts) == 1 and "RANDOM" in texts[0]


def test_tensorboard_itself_files_each_tag_under_its_dashboard(
        tmp_path, random_weights, content_image, style_image):
    """Read back with TensorBoard's own loader (the viewer, in the notebooks and test extras)."""
    loader = pytest.importorskip("tensorboard.backend.event_processing.plugin_event_accumulator")
    transfer = StyleTransfer(content_image, style_image)
    with TensorBoardLogger(tmp_path / "tb", image_every=2) as logger:
        transfer.run(3, callback=logger)
    log = loader.EventAccumulator(str(tmp_path / "tb"))
    log.Reload()

    scalars = set(log.PluginTagToContent("scalars"))
    assert {"loss/total", "loss/content", "loss/style", "loss/total_variation",
            "loss/style/block1_conv1", "seconds"} <= scalars
    assert set(log.PluginTagToContent("images")) == {"image"}
    assert set(log.PluginTagToContent("text")) == {"note"}
    for tag in scalars:  # the scalar dashboard lists only tags of the scalar data class
        assert log.SummaryMetadata(tag).data_class == summary_pb2.DATA_CLASS_SCALAR, tag
    totals = {e.step: float(tf.make_ndarray(e.tensor_proto)) for e in log.Tensors("loss/total")}
    assert sorted(totals) == [1, 2, 3]
    np.testing.assert_allclose([totals[s] for s in (1, 2, 3)],
                               [h["total"] for h in transfer.history], rtol=1e-6)
    assert sorted(e.step for e in log.Tensors("image")) == [1, 2]
