"""A style transfer run with Adam, the tutorial's optimiser (notebook 06).

The tutorial keeps the image variable, the optimizer and the train step in
global variables, which breaks in a notebook when cells are re-run out of
order: a Keras 3 optimizer binds itself to the first variables it updates.
:class:`StyleTransfer` keeps them together and re-creates them together, and
keeps what happened: the history, the best image, where it was stopped.
"""

from __future__ import annotations

import math
import time

import tensorflow as tf

from .._plumbing.interrupt import stop_requests
from ..base.errors import NumericalError
from ..tutorial.features import StyleContentModel
from ..tutorial.training import BETA_1, EPSILON, LEARNING_RATE, make_optimizer, train_step
from .guards import check_learning_rate, non_finite_message
from .problem import Problem
from .record import Record, run_epochs, shows_its_parts
from .saving import resume_run, save_run
from .weights import weights_note


@shows_its_parts
class StyleTransfer:
    """One style transfer run with Adam: the image being optimised, its optimizer, what happened.

    >>> transfer = StyleTransfer(content_image, style_image)   # doctest: +SKIP
    >>> transfer.run(100)                                       # doctest: +SKIP
    >>> imshow(transfer.image)                                  # doctest: +SKIP

    The loss and its options (weights, start, several style images...) are the
    :class:`~.problem.Problem`'s: every keyword argument but ``learning_rate``,
    ``beta_1``, ``epsilon`` and ``average`` (an average of the images, see
    :class:`~.record.Record`) goes to it, and its fields read as the run's
    (``transfer.style_weight``). Weights that make no sense raise
    ``SettingsError``; a loss or image that becomes NaN or infinite raises
    ``NumericalError`` naming the component, after putting the last finite
    image back.

    Attributes:
        image: the ``tf.Variable`` being optimised, ``[1, H, W, 3]`` in [0, 1].
        history, best_image, best_loss, interrupted, snapshots, step_count,
            losses: the :class:`~.record.Record`'s.

    :func:`~.saving.save_run` writes a run to a file and :meth:`resume` reads
    it back, so a notebook can start from another's result (07 from 06's).

    Notebook 06 introduces this.
    """

    def __init__(self, content_image, style_image, *, extractor: StyleContentModel | None = None,
                 learning_rate: float = LEARNING_RATE, beta_1: float = BETA_1,
                 epsilon: float = EPSILON, average: float = 0.0, **problem):
        check_learning_rate(learning_rate)
        self.problem = Problem(content_image, style_image, extractor=extractor, **problem)
        self.learning_rate, self.beta_1, self.epsilon = learning_rate, beta_1, epsilon
        self.average = average
        self.reset()

    def reset(self) -> None:
        """Start again from the initial image, with a new optimizer bound to a new variable."""
        start = self.problem.initial_image()
        self.image = tf.Variable(start)
        self.record = Record(start, self.average)
        self._new_optimizer()
        # What the compiled step hands back, kept in variables (see _loss_of).
        self._last_losses = tf.Variable(tf.zeros([len(self.problem.loss_names)]))
        self._last_image = tf.Variable(start)
        self._last_good = tf.identity(start)

    def _new_optimizer(self) -> None:
        self.optimizer = make_optimizer(self.learning_rate, self.beta_1, self.epsilon)
        # Create Adam's state for this image now: inside the first compiled step it would
        # make tf.function trace twice (about a second more at the start of every run).
        self.optimizer.build([self.image])
        self._compiled_for = None

    # -- the step -----------------------------------------------------------
    def loss(self, image) -> dict:
        """The losses of ``image``: ``total`` and its weighted components (see :class:`Problem`)."""
        return self.problem.loss(image)

    def _loss_of(self, image):
        # The step returns nothing on purpose: a tf.function with outputs is optimised
        # differently (constant folding) and its image drifts from the tutorial's by
        # round-off that grows step by step. The losses and the image before the update
        # go out through variables instead.
        components = self.problem.loss(image)
        self._last_image.assign(image)
        self._last_losses.assign(tf.stack([components[k] for k in self.problem.loss_names]))
        return components["total"]

    def step(self) -> dict:
        """Take one optimizer step; return (and record) the losses of the image before it."""
        key = (self.problem.weights(), tuple(sorted((self.style_layer_weights or {}).items())))
        if self._compiled_for != key:
            # Weights are baked into the compiled step: compile again when they change.
            self.problem.check()
            check_learning_rate(self.learning_rate)
            self._train_step = tf.function(
                lambda: train_step(self.image, self._loss_of, self.optimizer))
            self._compiled_for = key
        t0 = time.perf_counter()
        self._train_step()
        losses = dict(zip(self.problem.loss_names, self._last_losses.numpy().tolist()))
        self.record.elapsed += time.perf_counter() - t0
        if not all(map(math.isfinite, losses.values())):  # floats already here: no extra sync
            self._stop_non_finite(losses)
        record = self.record.add(losses, self._last_image)
        self._last_good = self.best_image if self.best_loss == record["total"] else tf.identity(
            self._last_image)
        return record

    def _stop_non_finite(self, losses: dict) -> None:
        """Put the last finite image back and raise NumericalError saying what went bad."""
        image_finite = bool(tf.reduce_all(tf.math.is_finite(self._last_image)))
        self.image.assign(self._last_image if image_finite else self._last_good)
        # Adam's moments may hold NaN now: a fresh optimizer (and compiled step) goes on cleanly.
        self._new_optimizer()
        now = dict(zip(("style_weight", "content_weight", "total_variation_weight"),
                       self.problem.weights()), learning_rate=self.learning_rate)
        last = self.history[-1] if self.history else {}
        raise NumericalError(
            non_finite_message(self.step_count + 1, losses, image_finite, last, now))

    # -- running --------------------------------------------------------------
    def run(self, steps: int, callback=None, *, catch_interrupt: bool = True) -> "StyleTransfer":
        """Take ``steps`` steps, calling ``callback(self)`` after each one.

        Ctrl-C (or the notebook's stop button) ends the loop when the step in
        progress is done (a second press, at once): the run keeps its image,
        history and best image, sets ``interrupted`` and says so. Pass
        ``catch_interrupt=False`` to let the KeyboardInterrupt through.
        """
        self.interrupted = False
        with stop_requests() as stop:  # a press ends the loop after the step, never inside it
            try:
                for _ in range(int(steps)):
                    stop.check()
                    self.step()
                    if callback is not None:
                        callback(self)
                stop.check()
            except KeyboardInterrupt:
                self._interrupted(catch_interrupt)
        return self

    def run_epochs(self, epochs: int, steps_per_epoch: int, callback=None, *,
                   catch_interrupt: bool = True) -> dict:
        """The tutorial's two loops in one call; see :func:`~.record.run_epochs`."""
        return run_epochs(self, epochs, steps_per_epoch, callback, catch_interrupt=catch_interrupt)

    def _interrupted(self, catch_interrupt: bool) -> None:
        """Handle Ctrl-C inside ``run``: mark the run, then re-raise or say what was kept."""
        if not catch_interrupt:
            self.interrupted = True
            raise  # the KeyboardInterrupt being handled, with its traceback
        self.record.stopped()

    # -- saving and resuming ----------------------------------------------------
    def fingerprint(self) -> dict:
        """The problem's fingerprint, the optimiser's settings and this class: what a resume must match."""
        return {**self.problem.fingerprint(), "class": type(self).__name__,
                "optimizer": [self.learning_rate, self.beta_1, self.epsilon]}

    def save(self, path):
        """Write the run to ``path`` (``.npz``, atomically); see :func:`~.saving.save_run`."""
        return save_run(self, path)

    @classmethod
    def resume(cls, path, content_image, style_image, **kwargs):
        """The run saved at ``path``, if made from these images and settings; else ``None``.

        See :func:`~.saving.resume_run`.
        """
        return resume_run(cls, path, content_image, style_image, **kwargs)

    def __repr__(self) -> str:
        last = self.history[-1]["total"] if self.history else float("nan")
        note = "  [random weights]" if weights_note() else ""
        return (
            f"{type(self).__name__}(image {tuple(self.image.shape)}, {self.step_count} steps, "
            f"last loss {last:.4g}, best {self.best_loss:.4g}){note}"
        )
