"""Log a style transfer run to TensorBoard: every loss at every step, the image now and then.

Pass a :class:`TensorBoardLogger` as the callback of
:meth:`~nst_tutorial.runs.adam.StyleTransfer.run` (or combine it with others
through :func:`combine_callbacks`), then look at the run with::

    tensorboard --logdir runs/

It writes with ``tf.summary.write``, which is part of TensorFlow itself, in the
format TensorBoard's scalar, image and text dashboards read; only *viewing* the
logs needs the ``tensorboard`` program, which the ``notebooks`` extra installs
(``pip install -e ".[notebooks]"``, as ``lab.sh`` does; Colab has it).
"""

from __future__ import annotations

import os
from pathlib import Path

import tensorflow as tf
from tensorflow.core.framework import summary_pb2

from ..base.errors import SettingsError
from ..runs.weights import weights_note


def _metadata(plugin: str, data_class: int) -> bytes:
    """The summary metadata TensorBoard uses to pick the dashboard for a tag."""
    meta = summary_pb2.SummaryMetadata()
    meta.plugin_data.plugin_name = plugin
    meta.data_class = data_class
    return meta.SerializeToString()


_SCALAR = _metadata("scalars", summary_pb2.DATA_CLASS_SCALAR)
_IMAGE = _metadata("images", summary_pb2.DATA_CLASS_BLOB_SEQUENCE)
_TEXT = _metadata("text", summary_pb2.DATA_CLASS_TENSOR)


def _write_scalar(tag: str, value: float) -> None:
    tf.summary.write(tag, tf.constant(float(value), tf.float32), metadata=_SCALAR)


def _write_image(tag: str, image) -> None:
    """``[1, H, W, 3]`` in [0, 1] -> ``[width, height, PNG]`` strings, as TensorBoard stores images."""
    pixels = tf.image.convert_image_dtype(tf.convert_to_tensor(image)[0], tf.uint8, saturate=True)
    height, width = int(pixels.shape[0]), int(pixels.shape[1])
    tensor = tf.stack([tf.constant(str(width)), tf.constant(str(height)), tf.io.encode_png(pixels)])
    tf.summary.write(tag, tensor, metadata=_IMAGE)


class TensorBoardLogger:
    """A run callback that writes losses (every step) and images (every ``image_every`` steps).

    Scalars are named ``loss/<component>``: ``loss/total``, ``loss/content``,
    ``loss/style``, ``loss/style/<layer>``, ``loss/total_variation`` (each
    already multiplied by its weight, as in ``StyleTransfer.history``), at
    step 1, 2, ...: the number of times this logger has been called. Images are ``image`` (``[1, H, W, 3]`` in [0, 1]).
    With random weights a text summary ``note`` says so, once.

    Use it as a context manager, or call :meth:`close` when the run is over.
    """

    def __init__(self, logdir: str | os.PathLike, image_every: int = 100):
        if image_every < 1:
            raise SettingsError(f"image_every={image_every}: use a whole number of steps, 1 or more.")
        self.logdir = Path(logdir)
        self.image_every = int(image_every)
        self.logdir.mkdir(parents=True, exist_ok=True)
        self._writer = tf.summary.create_file_writer(str(self.logdir))
        self._noted = False
        self.calls = 0

    def __call__(self, run) -> None:
        """Log the latest entry of ``run.history``; the image too when its step is due."""
        if not run.history:
            return
        record = run.history[-1]
        # Count the calls rather than read record["step"]: a coarse-to-fine run starts
        # each level at step 1 again, and TensorBoard wants one increasing step.
        self.calls += 1
        step = self.calls
        with self._writer.as_default(step=step):
            for name, value in record.items():
                if name not in ("step", "time"):
                    _write_scalar(f"loss/{name}", value)
            _write_scalar("seconds", record["time"])
            if step % self.image_every == 0 or step == 1:
                _write_image("image", run.image)
            if not self._noted and weights_note():
                tf.summary.write("note", tf.constant(weights_note()), metadata=_TEXT)
                self._noted = True

    def log_image(self, image, step: int, name: str = "image") -> None:
        """Write one image (``[1, H, W, 3]`` in [0, 1]) at ``step``, e.g. the final result."""
        with self._writer.as_default(step=int(step)):
            _write_image(name, image)

    def flush(self) -> None:
        self._writer.flush()

    def close(self) -> None:
        """Write everything to disk and release the event file."""
        self._writer.flush()
        self._writer.close()

    def __enter__(self) -> TensorBoardLogger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def combine_callbacks(*callbacks):
    """One callback that calls each of ``callbacks`` (``None`` entries are skipped) in turn."""
    active = [c for c in callbacks if c is not None]

    def callback(run) -> None:
        for c in active:
            c(run)

    return callback
