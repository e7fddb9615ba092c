"""What every run keeps: its history, its best image, its time, and whether it was stopped.

Adam's run, L-BFGS's and coarse-to-fine share one small protocol: ``run(steps,
callback)``, then read ``image``, ``best_image``, ``best_loss``, ``history``,
``step_count`` and ``interrupted``. The first two keep their bookkeeping in a
:class:`Record`, and their problem (the images, targets and weights) in a
:class:`~.problem.Problem`; :func:`shows_its_parts` shows their fields as the run's own.
"""

from __future__ import annotations

import math

import numpy as np
import tensorflow as tf

from .._plumbing.interrupt import stop_requests
from ..base.errors import SettingsError
from ..base.language import tr


class Part:
    """An attribute kept in one of the run's parts: ``Part("record", "history")`` makes
    ``run.history`` be ``run.record.history``."""

    def __init__(self, part: str, name: str):
        self.part, self.name = part, name

    def __get__(self, run, owner=None):
        return self if run is None else getattr(getattr(run, self.part), self.name)

    def __set__(self, run, value):
        setattr(getattr(run, self.part), self.name, value)


#: The fields of a run's problem (:class:`~.problem.Problem`) and of its :class:`Record`
#: that read as the run's own.
PROBLEM_FIELDS = ("content_image", "style_image", "style_images", "extractor", "style_targets",
                  "content_targets", "style_weight", "content_weight", "total_variation_weight",
                  "style_layer_weights", "style_blend_weights", "style_scale", "init")
RECORD_FIELDS = ("history", "best_image", "best_loss", "interrupted", "snapshots", "step_count",
                 "losses", "average_image")


def shows_its_parts(cls):
    """Class decorator: the problem's and the record's fields read (and write) as the run's own."""
    for name in PROBLEM_FIELDS:
        setattr(cls, name, Part("problem", name))
    for name in RECORD_FIELDS:
        setattr(cls, name, Part("record", name))
    return cls


class Record:
    """The history of a run, its lowest-loss image, its time and its stops.

    Attributes:
        history: one dict per step: ``step``, ``time`` (seconds of optimisation
            so far, callbacks and the gaps between runs not counted), ``total``
            and its weighted components. The losses are those of the image
            *before* that step's update.
        best_image, best_loss: the lowest-loss image seen so far, and its loss.
        elapsed: seconds of optimisation so far.
        interrupted: True when the last run was stopped by Ctrl-C or the stop button.
        snapshots: ``{step: image}`` kept at the end of each epoch (Adam's ``run_epochs``).
        average, average_image: with ``average`` above 0, an exponential moving
            average of the images the steps start from, ``average * before +
            (1 - average) * image`` at each step, beginning at the start image
            (a smoother picture than the last image, as in crowsonkb's
            style-transfer-pytorch); 0 keeps it at the start image.
    """

    def __init__(self, start, average: float = 0.0):
        self.average = float(average)
        self.average_image = tf.identity(start)
        self.history: list[dict] = []
        self.best_image = tf.identity(start)
        self.best_loss = math.inf
        self.elapsed = 0.0
        self.interrupted = False
        self.snapshots: dict[int, tf.Tensor] = {}

    @property
    def step_count(self) -> int:
        """Steps taken: ``len(history)``."""
        return len(self.history)

    @property
    def losses(self) -> dict:
        """The history as ``{component: np.ndarray over steps}``, for plotting."""
        if not self.history:
            return {}
        return {k: np.array([h[k] for h in self.history]) for k in self.history[0]}

    def add(self, losses: dict, image) -> dict:
        """Record one step: ``losses`` (floats) of ``image``, at :attr:`elapsed`; return the record."""
        record = {"step": self.step_count + 1, "time": self.elapsed, **losses}
        self.history.append(record)  # one operation: step_count and history cannot disagree
        if self.average:
            self.average_image = self.average * self.average_image + (1 - self.average) * image
        if record["total"] < self.best_loss:
            # The image first: a Ctrl-C between the two lines leaves a better image, never a worse.
            self.best_image = tf.identity(image)
            self.best_loss = record["total"]
        return record

    def stopped(self) -> None:
        """Say where the run was stopped, and what was kept."""
        self.interrupted = True
        print(tr("Stopped at step {step}. The best image so far (loss {loss:.4g}) is kept in "
                 ".best_image.", step=self.step_count, loss=self.best_loss))


def run_epochs(transfer, epochs: int, steps_per_epoch: int, callback=None, *,
               catch_interrupt: bool = True) -> dict:
    """Run ``transfer`` on to step ``epochs * steps_per_epoch``, keeping its image at each epoch's end.

    The tutorial's two loops, ``for n in range(epochs): for m in
    range(steps_per_epoch): train_step(image)``, in one call. Steps already
    taken count (after ``run(3)``, the first epoch has 97 steps left; after
    ``run(100)``, the first epoch is over and its snapshot is the image now).
    Ctrl-C or the notebook's stop button ends *all* the epochs at once: the
    run keeps its image, history and best image, and the image where it
    stopped joins the snapshots. Returns ``transfer.snapshots``, ``{step: image}``.
    """
    epochs, steps_per_epoch = int(epochs), int(steps_per_epoch)
    if epochs < 1 or steps_per_epoch < 1:
        raise SettingsError(f"run_epochs({epochs}, {steps_per_epoch}): both must be 1 or more.")
    record = transfer.record
    record.interrupted = False
    if record.step_count and record.step_count % steps_per_epoch == 0:  # an epoch ended just now
        record.snapshots.setdefault(record.step_count, tf.identity(transfer.image))
    with stop_requests():  # one for all the epochs: a press between two of them counts too
        try:
            while record.step_count < epochs * steps_per_epoch and not record.interrupted:
                transfer.run(steps_per_epoch - record.step_count % steps_per_epoch, callback,
                        catch_interrupt=False)
                record.snapshots[record.step_count] = tf.identity(transfer.image)
        except KeyboardInterrupt:
            if record.step_count and record.step_count not in record.snapshots:
                record.snapshots[record.step_count] = tf.identity(transfer.image)
            if not catch_interrupt:
                record.interrupted = True
                raise
            record.stopped()
    return record.snapshots
