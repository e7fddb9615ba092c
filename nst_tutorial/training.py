"""The optimisation loop: a run object that owns the image, its optimizer and its history.

The tutorial keeps the image variable, the optimizer and the train step in
global variables, which breaks in a notebook when cells are re-run out of
order: a Keras 3 optimizer binds itself to the first variables it updates.
:class:`StyleTransfer` keeps them together and re-creates them together.
"""

from __future__ import annotations

import math
import time

import keras
import numpy as np
import tensorflow as tf

from .features import StyleContentModel, weights_note
from .images import clip_0_1
from .losses import CONTENT_WEIGHT, STYLE_WEIGHT, TOTAL_VARIATION_WEIGHT, loss_components
from .settings import settings

#: The tutorial's optimizer settings.
LEARNING_RATE, BETA_1, EPSILON = 0.02, 0.99, 1e-1


def make_optimizer(learning_rate=LEARNING_RATE, beta_1=BETA_1, epsilon=EPSILON):
    """The tutorial's optimizer: ``Adam(learning_rate=0.02, beta_1=0.99, epsilon=1e-1)``."""
    return keras.optimizers.Adam(learning_rate=learning_rate, beta_1=beta_1, epsilon=epsilon)


class StyleTransfer:
    """One style transfer run: the image being optimised, its optimizer, and what happened.

    >>> run = StyleTransfer(content_image, style_image)   # doctest: +SKIP
    >>> run.run(100)                                       # doctest: +SKIP
    >>> imshow(run.image)                                  # doctest: +SKIP

    Parameters are the tutorial's by default. ``init`` is ``"content"`` (the
    tutorial's choice), ``"noise"`` (uniform noise seeded with ``seed``, or
    ``settings.seed``), or an image tensor.

    Attributes:
        image: the ``tf.Variable`` being optimised, ``[1, H, W, 3]`` in [0, 1].
        step_count: optimizer steps taken since the last :meth:`reset`.
        history: one dict per step: ``step``, ``time`` (seconds since the run
            started), ``total``, ``content``, ``style``, ``style/<layer>`` and
            ``total_variation`` (each already multiplied by its weight).
            The losses are those of the image *before* that step's update.
        best_image, best_loss: the lowest-loss image seen so far, and its loss.
        interrupted: True when the last :meth:`run` was stopped by Ctrl-C or
            the notebook's stop button.
    """

    def __init__(
        self, content_image, style_image, *, extractor: StyleContentModel | None = None,
        style_weight: float = STYLE_WEIGHT, content_weight: float = CONTENT_WEIGHT,
        total_variation_weight: float = TOTAL_VARIATION_WEIGHT,
        learning_rate: float = LEARNING_RATE, beta_1: float = BETA_1, epsilon: float = EPSILON,
        init="content", seed: int | None = None,
    ):
        self.extractor = extractor or StyleContentModel()
        self.content_image = tf.convert_to_tensor(content_image, tf.float32)
        self.style_image = tf.convert_to_tensor(style_image, tf.float32)
        self.style_targets = self.extractor(self.style_image)["style"]
        self.content_targets = self.extractor(self.content_image)["content"]
        self.style_weight = style_weight
        self.content_weight = content_weight
        self.total_variation_weight = total_variation_weight
        self.learning_rate, self.beta_1, self.epsilon = learning_rate, beta_1, epsilon
        self.init, self.seed = init, seed
        self.reset()

    # -- setting up -------------------------------------------------------
    def initial_image(self) -> tf.Tensor:
        """The starting image that ``init`` asks for."""
        if isinstance(self.init, str):
            if self.init == "content":
                return self.content_image
            if self.init == "noise":
                seed = settings.seed if self.seed is None else self.seed
                rng = np.random.default_rng(seed)
                return tf.constant(rng.random(self.content_image.shape, dtype=np.float32))
            raise ValueError(f"init={self.init!r}: use 'content', 'noise' or an image tensor.")
        image = tf.convert_to_tensor(self.init, tf.float32)
        if image.shape != self.content_image.shape:
            image = tf.image.resize(image, self.content_image.shape[1:3])
        return clip_0_1(image)

    def reset(self) -> None:
        """Start again from the initial image, with a new optimizer bound to a new variable."""
        start = self.initial_image()
        self.image = tf.Variable(start)
        self.optimizer = make_optimizer(self.learning_rate, self.beta_1, self.epsilon)
        self.step_count = 0
        self.history: list[dict] = []
        self.best_image = tf.identity(start)
        self.best_loss = math.inf
        self.interrupted = False
        self._elapsed = 0.0
        self._traced_for = None

    # -- the step -----------------------------------------------------------
    def _weights(self) -> tuple:
        return (float(self.style_weight), float(self.content_weight),
                float(self.total_variation_weight))

    def _step(self):
        image = self.image
        style_weight, content_weight, tv_weight = self._weights()
        with tf.GradientTape() as tape:
            outputs = self.extractor(image)
            components = loss_components(
                outputs, self.style_targets, self.content_targets, style_weight, content_weight
            )
            loss = components["style"] + components["content"]
            tv = tf.reduce_sum(tf.image.total_variation(image))
            if tv_weight:
                loss += tv_weight * tv
        grad = tape.gradient(loss, image)
        before = tf.identity(image)
        self.optimizer.apply_gradients([(grad, image)])
        image.assign(clip_0_1(image))
        components["total_variation"] = tv_weight * tv
        components["total"] = loss
        return components, before

    def step(self) -> dict:
        """Take one optimizer step; return (and record) the losses of the image before it."""
        if self._traced_for != self._weights():
            # Weights are baked into the compiled step: recompile when they change.
            self._train_step = tf.function(self._step)
            self._traced_for = self._weights()
        t0 = time.perf_counter()
        components, before = self._train_step()
        record = {k: float(v) for k, v in components.items()}
        self._elapsed += time.perf_counter() - t0
        self.step_count += 1
        record = {"step": self.step_count, "time": self._elapsed, **record}
        self.history.append(record)
        if record["total"] < self.best_loss:
            self.best_loss, self.best_image = record["total"], before
        return record

    def run(self, steps: int, callback=None, *, catch_interrupt: bool = True) -> "StyleTransfer":
        """Take ``steps`` steps, calling ``callback(self)`` after each one.

        Ctrl-C (or the notebook's stop button) ends the loop early: the run
        keeps its image, history and best image, sets ``interrupted`` and says
        so. Pass ``catch_interrupt=False`` to let the KeyboardInterrupt through.
        """
        self.interrupted = False
        try:
            for _ in range(int(steps)):
                self.step()
                if callback is not None:
                    callback(self)
        except KeyboardInterrupt:
            self.interrupted = True
            if not catch_interrupt:
                raise
            print(
                f"Stopped at step {self.step_count}. The best image so far "
                f"(loss {self.best_loss:.4g}) is kept in .best_image."
            )
        return self

    # -- reading results ------------------------------------------------------
    @property
    def losses(self) -> dict:
        """The history as ``{component: np.ndarray over steps}``, for plotting."""
        if not self.history:
            return {}
        return {k: np.array([h[k] for h in self.history]) for k in self.history[0]}

    def __repr__(self) -> str:
        last = self.history[-1]["total"] if self.history else float("nan")
        note = "  [random weights]" if weights_note() else ""
        return (
            f"StyleTransfer(image {tuple(self.image.shape)}, {self.step_count} steps, "
            f"last loss {last:.4g}, best {self.best_loss:.4g}){note}"
        )
