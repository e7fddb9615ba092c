"""A style transfer run with L-BFGS, the paper's optimiser (notebook 08).

Same problem, same history and best image, same Ctrl-C behaviour and NaN
guard as Adam's run (:class:`~.adam.StyleTransfer`); the optimisation is
SciPy's L-BFGS-B, through :func:`nst_tutorial.further.lbfgs.minimize_bounded`.
"""

from __future__ import annotations

import math
import time

import tensorflow as tf

from .._plumbing.interrupt import stop_requests
from ..base.errors import NumericalError
from ..further.lbfgs import HISTORY_SIZE, minimize_bounded
from ..tutorial.features import StyleContentModel
from .guards import non_finite_message
from .problem import Problem
from .record import Record, run_epochs, shows_its_parts
from .saving import resume_run, save_run


@shows_its_parts
class LBFGSStyleTransfer:
    """A style transfer run optimised by L-BFGS-B instead of Adam.

    One *step* here is one evaluation of the loss and its gradient (one forward
    and one backward pass through VGG19), which is what costs time, so
    ``run(100)`` costs what Adam's ``run(100)`` costs. The history records every
    evaluation, the line search's trial points included; after a run, ``image``
    is the lowest-loss image seen. Each :meth:`run` starts L-BFGS afresh from
    ``image`` (its memory of past steps lasts one call). ``history_size`` is how
    many past steps it remembers; other keyword arguments go to the
    :class:`~.problem.Problem`.

    Notebook 08 introduces this.
    """

    def __init__(self, content_image, style_image, *, extractor: StyleContentModel | None = None,
                 history_size: int = HISTORY_SIZE, average: float = 0.0, **problem):
        self.problem = Problem(content_image, style_image, extractor=extractor, **problem)
        self.history_size, self.average = history_size, average
        self.reset()

    def reset(self) -> None:
        """Start again from the initial image."""
        start = self.problem.initial_image()
        self.image = tf.Variable(start)
        self.record = Record(start, self.average)
        self._compiled_for = None

    def loss(self, image) -> dict:
        """The losses of ``image``: ``total`` and its weighted components (see :class:`Problem`)."""
        return self.problem.loss(image)

    def _loss_and_grad(self, image):
        with tf.GradientTape() as tape:
            tape.watch(image)
            components = self.problem.loss(image)
        return components, tape.gradient(components["total"], image)

    def _stop_non_finite(self, losses: dict, image, gradient_finite: bool) -> None:
        """Raise NumericalError saying what went bad (the run's image goes back to the best)."""
        image_finite = bool(tf.reduce_all(tf.math.is_finite(image)))
        now = dict(zip(("style_weight", "content_weight", "total_variation_weight"),
                       self.problem.weights()))
        last = self.history[-1] if self.history else {}
        raise NumericalError(non_finite_message(
            self.step_count + 1, losses, image_finite, last, now, gradient_finite=gradient_finite))

    def run(self, steps: int, callback=None, *, catch_interrupt: bool = True
            ) -> "LBFGSStyleTransfer":
        """Evaluate the loss ``steps`` times, calling ``callback(self)`` after each evaluation.

        ``time`` in the history counts everything but the callback (SciPy's own
        work included). Ctrl-C keeps the best image, as Adam's run does.
        """
        if self._compiled_for != self.problem.weights():
            self.problem.check()
            self._compiled = tf.function(self._loss_and_grad)
            self._compiled_for = self.problem.weights()
        self.interrupted = False
        record = self.record
        clock, paused, elapsed0 = time.perf_counter(), 0.0, record.elapsed

        def value_and_grad(image):
            nonlocal paused
            components, grad = self._compiled(image)
            losses = {k: float(v) for k, v in components.items()}
            gradient_finite = bool(tf.reduce_all(tf.math.is_finite(grad)))
            if not (gradient_finite and all(map(math.isfinite, losses.values()))):
                self._stop_non_finite(losses, image, gradient_finite)
            record.elapsed = elapsed0 + time.perf_counter() - clock - paused
            record.add(losses, image)
            if callback is not None:
                t0 = time.perf_counter()
                self.image.assign(image)
                callback(self)
                paused += time.perf_counter() - t0
            stop.check()  # a press ends the run here, after a whole evaluation
            return losses["total"], grad

        with stop_requests() as stop:
            try:
                minimize_bounded(value_and_grad, self.image.numpy(), int(steps),
                                 history_size=self.history_size)
            except KeyboardInterrupt:
                if not catch_interrupt:
                    self.interrupted = True
                    raise
                record.stopped()
            finally:
                self.image.assign(record.best_image)
        return self

    def run_epochs(self, epochs: int, steps_per_epoch: int, callback=None, *,
                   catch_interrupt: bool = True) -> dict:
        """Epochs of ``steps_per_epoch`` evaluations; see :func:`~.record.run_epochs`."""
        return run_epochs(self, epochs, steps_per_epoch, callback, catch_interrupt=catch_interrupt)

    def fingerprint(self) -> dict:
        """The problem's fingerprint and this class: what a resume must match."""
        return {**self.problem.fingerprint(), "class": type(self).__name__,
                "history_size": self.history_size}

    def save(self, path):
        """Write the run to ``path`` (``.npz``, atomically); see :func:`~.saving.save_run`."""
        return save_run(self, path)

    @classmethod
    def resume(cls, path, content_image, style_image, **kwargs):
        """The run saved at ``path``, if made from these images and settings; else ``None``."""
        return resume_run(cls, path, content_image, style_image, **kwargs)
