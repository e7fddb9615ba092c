"""L-BFGS, the optimizer of the original paper, with the pixel range kept by bounds.

Adam takes one small step per gradient. L-BFGS (limited-memory BFGS) keeps the
last few gradients and steps, builds from them a picture of the loss's
curvature, and uses it to choose both the direction and, by a line search, the
length of each step. Gatys et al. used it; so do jcjohnson/neural-style and
the authors' own code. SciPy's L-BFGS-B also keeps every pixel inside [0, 1]
through its bounds, so no clipping is needed.

SciPy works on flat float64 NumPy vectors; TensorFlow computes the loss and its
gradient in float32. :func:`minimize_bounded` joins the two.
"""

from __future__ import annotations

import math
import time
from typing import Callable

import numpy as np
import tensorflow as tf

from .._plumbing.interrupt import stop_requests
from ..base.errors import NSTError, NumericalError
from ..tutorial.guards import non_finite_message
from ..tutorial.training import StyleTransfer

#: How many past steps L-BFGS remembers (SciPy's ``maxcor``; neural-style uses 100).
HISTORY_SIZE = 10


class _BudgetSpent(Exception):
    """Raised inside the objective to stop SciPy exactly at the evaluation budget."""


def minimize_bounded(
    value_and_grad: Callable, x0, max_evaluations: int, *,
    bounds: tuple[float, float] = (0.0, 1.0), history_size: int = HISTORY_SIZE,
) -> np.ndarray:
    """Minimise with SciPy's L-BFGS-B, calling ``value_and_grad`` at most ``max_evaluations`` times.

    ``value_and_grad(x)`` takes a float32 tensor shaped like ``x0`` and returns
    ``(value, gradient)`` (a scalar and a tensor shaped like ``x0``). Every
    point it is given lies within ``bounds``. Returns the point with the lowest
    value seen, an array shaped like ``x0``.
    """
    from scipy.optimize import Bounds, minimize

    x0 = np.asarray(x0)
    best = {"value": np.inf, "x": np.clip(x0, *bounds)}
    calls = 0

    def fun(x: np.ndarray):
        nonlocal calls
        if calls >= max_evaluations:
            raise _BudgetSpent
        calls += 1
        value, grad = value_and_grad(tf.constant(x.reshape(x0.shape), tf.float32))
        value = float(value)
        if value < best["value"]:
            best["value"], best["x"] = value, x.reshape(x0.shape).copy()
        return value, np.asarray(grad, dtype=np.float64).ravel()

    try:
        minimize(
            fun, best["x"].astype(np.float64).ravel(), jac=True, method="L-BFGS-B",
            bounds=Bounds(*bounds),
            options={"maxfun": max_evaluations, "maxiter": max_evaluations,
                     "maxcor": history_size, "ftol": 0.0, "gtol": 0.0},
        )
    except _BudgetSpent:
        pass
    return best["x"].astype(x0.dtype)


class LBFGSStyleTransfer(StyleTransfer):
    """A :class:`~nst_tutorial.tutorial.training.StyleTransfer` run optimised by L-BFGS-B instead of Adam.

    Same loss, same history, same ``best_image``, Ctrl-C behaviour and NaN guard (a loss or
    gradient that is not finite raises ``NumericalError``, the best image kept). One
    *step* here is one evaluation of the loss and its gradient (one forward and
    one backward pass through VGG19), which is what costs time, so ``run(100)``
    costs what Adam's ``run(100)`` costs. The history records every evaluation,
    the line search's trial points included; after a run, ``image`` is the
    lowest-loss image seen. Each :meth:`run` starts L-BFGS afresh from ``image``
    (its memory of past steps lasts one call). ``learning_rate``, ``beta_1`` and
    ``epsilon`` are not used.

    Notebook 08 introduces this.
    """

    def __init__(self, content_image, style_image, *, history_size: int = HISTORY_SIZE,
                 **kwargs):
        self.history_size = history_size
        super().__init__(content_image, style_image, **kwargs)

    def reset(self) -> None:
        super().reset()
        self.optimizer = None  # SciPy holds L-BFGS's state during a run.

    def _loss_and_grad(self, image):
        with tf.GradientTape() as tape:
            tape.watch(image)
            components = self.loss(image)
        return components, tape.gradient(components["total"], image)

    def _stop_non_finite_evaluation(self, losses: dict, image, gradient_finite: bool) -> None:
        """The guard of Adam's runs, for L-BFGS: raise NumericalError saying what went bad.

        The image L-BFGS asked about is always finite (its bounds keep it in
        [0, 1]); the loss or its gradient is not. The run's image goes back to
        the best one (``run`` does that on the way out).
        """
        image_finite = bool(tf.reduce_all(tf.math.is_finite(image)))
        now = {k: getattr(self, k) for k in (
            "style_weight", "content_weight", "total_variation_weight")}
        last = self.history[-1] if self.history else {}
        raise NumericalError(non_finite_message(
            self.step_count + 1, losses, image_finite, last, now, gradient_finite=gradient_finite))

    def step(self) -> dict:
        raise NSTError(
            "L-BFGS plans each step from the ones before it: call run(steps) instead of step()."
        )

    def run(self, steps: int, callback=None, *, catch_interrupt: bool = True
            ) -> "LBFGSStyleTransfer":
        """Evaluate the loss ``steps`` times, calling ``callback(self)`` after each evaluation.

        ``time`` in the history counts everything but the callback (SciPy's own
        work included). Ctrl-C keeps the best image, as :meth:`StyleTransfer.run` does.
        """
        if self._traced_for != self._weights():
            self._compiled = tf.function(self._loss_and_grad)
            self._traced_for = self._weights()
        self.interrupted = False
        clock, paused, elapsed0 = time.perf_counter(), 0.0, self._elapsed

        def value_and_grad(image):
            nonlocal paused
            components, grad = self._compiled(image)
            record = {k: float(v) for k, v in components.items()}
            gradient_finite = bool(tf.reduce_all(tf.math.is_finite(grad)))
            if not (gradient_finite and all(map(math.isfinite, record.values()))):
                self._stop_non_finite_evaluation(record, image, gradient_finite)
            self._elapsed = elapsed0 + time.perf_counter() - clock - paused
            self.history.append({"step": self.step_count + 1, "time": self._elapsed, **record})
            if record["total"] < self.best_loss:
                self.best_image = image  # the image first, as in StyleTransfer.step
                self.best_loss = record["total"]
            if callback is not None:
                t0 = time.perf_counter()
                self.image.assign(image)
                callback(self)
                paused += time.perf_counter() - t0
            stop.check()  # a press ends the run here, after a whole evaluation
            return record["total"], grad

        with stop_requests() as stop:
            try:
                minimize_bounded(value_and_grad, self.image.numpy(), int(steps),
                                 history_size=self.history_size)
            except KeyboardInterrupt:
                self._interrupted(catch_interrupt)
            finally:
                self.image.assign(self.best_image)
        return self
