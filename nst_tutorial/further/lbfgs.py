"""L-BFGS, the optimizer of the original paper, with the pixel range kept by bounds.

Adam takes one small step per gradient. L-BFGS (limited-memory BFGS) keeps the
last few gradients and steps, builds from them a picture of the loss's
curvature, and uses it to choose both the direction and, by a line search, the
length of each step. Gatys et al. used it; so do jcjohnson/neural-style and
the authors' own code. SciPy's L-BFGS-B also keeps every pixel inside [0, 1]
through its bounds, so no clipping is needed.

SciPy works on flat float64 NumPy vectors; TensorFlow computes the loss and its
gradient in float32. :func:`minimize_bounded` joins the two; the run built on it
is :class:`nst_tutorial.runs.lbfgs.LBFGSStyleTransfer`.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import tensorflow as tf


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
