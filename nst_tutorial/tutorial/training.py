"""The optimisation loop: a run object that owns the image, its optimizer and its history (notebook 06).

The tutorial keeps the image variable, the optimizer and the train step in
global variables, which breaks in a notebook when cells are re-run out of
order: a Keras 3 optimizer binds itself to the first variables it updates.
:class:`StyleTransfer` keeps them together and re-creates them together.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import time
from pathlib import Path

import numpy as np
import tensorflow as tf

from .._plumbing.files import write_bytes_atomically
from .._plumbing.interrupt import stop_requests
from ..base.errors import ImageError, NumericalError, SettingsError
from ..base.settings import settings, weights_note
from .features import STYLE_LAYERS, StyleContentModel
from .guards import check_weights, non_finite_message, weigh_style_layers
from .images import clip_0_1, resize_to_max_dim
from .losses import CONTENT_WEIGHT, STYLE_WEIGHT, TOTAL_VARIATION_WEIGHT, loss_components
from .optimizer import BETA_1, EPSILON, LEARNING_RATE, make_optimizer


def blend_style_targets(targets: list[dict], weights=None) -> dict:
    """Mix the Gram targets of several style images: ``sum_k w_k G_k`` with ``sum_k w_k = 1``.

    ``targets`` holds one ``{layer: Gram [1, C, C]}`` per style image;
    ``weights`` (default: equal) are normalised to add up to 1. One style image
    without weights gives its targets back untouched.
    """
    if weights is None:
        if len(targets) == 1:
            return targets[0]
        weights = [1.0] * len(targets)
    weights = [float(w) for w in weights]
    if len(weights) != len(targets) or min(weights) < 0 or sum(weights) <= 0:
        raise SettingsError(
            f"style_blend_weights={weights}: give one non-negative weight per style image "
            f"({len(targets)}), not all zero."
        )
    weights = [w / sum(weights) for w in weights]
    return {
        name: tf.add_n([w * t[name] for w, t in zip(weights, targets)]) for name in targets[0]
    }


class StyleTransfer:
    """One style transfer run: the image being optimised, its optimizer, and what happened.

    >>> run = StyleTransfer(content_image, style_image)   # doctest: +SKIP
    >>> run.run(100)                                       # doctest: +SKIP
    >>> imshow(run.image)                                  # doctest: +SKIP

    Parameters are the tutorial's by default. ``init`` is ``"content"`` (the
    tutorial's choice), ``"noise"`` (uniform noise seeded with ``seed``, or
    ``settings.seed``), or an image tensor. ``style_layer_weights``
    (``{layer: weight}``, default 1 each, as in the tutorial) weighs the
    style layers against each other.

    Weights that make no sense (negative, all zero, a layer the run does not
    have) raise ``SettingsError`` here. A loss or image that becomes NaN or
    infinite raises ``NumericalError`` naming the component, after putting
    the last finite image back.

    Beyond the tutorial: ``style_image`` may be a list of style images, mixed
    by ``style_blend_weights`` (see :func:`blend_style_targets`), and
    ``style_scale`` resizes each style image so its long side is that many
    times the content image's (``None``, the default, uses it as given).

    Attributes:
        image: the ``tf.Variable`` being optimised, ``[1, H, W, 3]`` in [0, 1].
        step_count: optimizer steps taken since the last :meth:`reset`
            (always ``len(history)``).
        history: one dict per step: ``step``, ``time`` (seconds of optimisation
            so far, callbacks and the gaps between runs not counted), ``total``, ``content``, ``style``, ``style/<layer>`` and
            ``total_variation`` (each already multiplied by its weight).
            The losses are those of the image *before* that step's update.
        best_image, best_loss: the lowest-loss image seen so far, and its loss.
        snapshots: ``{step: image}`` kept by :meth:`run_epochs` at the end of
            each epoch (and where it was stopped).
        interrupted: True when the last :meth:`run` or :meth:`run_epochs` was
            stopped by Ctrl-C or the notebook's stop button.

    :meth:`save` writes a run to a file and :meth:`resume` reads it back, so a
    notebook can start from another's result (07 from 06's).

    Notebook 06 introduces this.
    """

    def __init__(
        self, content_image, style_image, *, extractor: StyleContentModel | None = None,
        style_weight: float = STYLE_WEIGHT, content_weight: float = CONTENT_WEIGHT,
        total_variation_weight: float = TOTAL_VARIATION_WEIGHT,
        learning_rate: float = LEARNING_RATE, beta_1: float = BETA_1, epsilon: float = EPSILON,
        init="content", seed: int | None = None,
        style_blend_weights=None, style_scale: float | None = None,
        style_layer_weights: dict | None = None,
    ):
        check_weights(style_weight, content_weight, total_variation_weight, learning_rate,
                      style_layer_weights, getattr(extractor, "style_layers", STYLE_LAYERS))
        self.style_layer_weights = dict(style_layer_weights) if style_layer_weights else None
        for name, image in (("content_image", content_image), ("style_image", style_image)):
            if not all(np.all(np.isfinite(np.asarray(i))) for i in (
                    image if isinstance(image, (list, tuple)) else [image])):
                raise ImageError(f"{name}: contains NaN or infinite values.")
        self.extractor = extractor or StyleContentModel()
        self.content_image = tf.convert_to_tensor(content_image, tf.float32)
        styles = style_image if isinstance(style_image, (list, tuple)) else [style_image]
        self.style_blend_weights, self.style_scale = style_blend_weights, style_scale
        self.style_images = [self._scaled_style(s, style_scale) for s in styles]
        self.style_image = self.style_images[0]
        self.style_targets = blend_style_targets(
            [self.extractor(s)["style"] for s in self.style_images], style_blend_weights
        )
        self.content_targets = self.extractor(self.content_image)["content"]
        self.style_weight = style_weight
        self.content_weight = content_weight
        self.total_variation_weight = total_variation_weight
        self.learning_rate, self.beta_1, self.epsilon = learning_rate, beta_1, epsilon
        self.init, self.seed = init, seed
        self.reset()

    # -- setting up -------------------------------------------------------
    def _scaled_style(self, style_image, style_scale: float | None) -> tf.Tensor:
        """The style image, its long side ``style_scale`` times the content's (None: as given)."""
        style = tf.convert_to_tensor(style_image, tf.float32)
        if style_scale is None:
            return style
        if not style_scale > 0:
            raise SettingsError(f"style_scale={style_scale!r}: use a positive number, e.g. 0.5 or 2.")
        size = max(32, round(style_scale * max(self.content_image.shape[1:3])))
        return resize_to_max_dim(style, size)

    def initial_image(self) -> tf.Tensor:
        """The starting image that ``init`` asks for."""
        if isinstance(self.init, str):
            if self.init == "content":
                return self.content_image
            if self.init == "noise":
                seed = settings.seed if self.seed is None else self.seed
                rng = np.random.default_rng(seed)
                return tf.constant(rng.random(self.content_image.shape, dtype=np.float32))
            raise SettingsError(f"init={self.init!r}: use 'content', 'noise' or an image tensor.")
        image = tf.convert_to_tensor(self.init, tf.float32)
        if image.shape != self.content_image.shape:
            image = tf.image.resize(image, self.content_image.shape[1:3])
        return clip_0_1(image)

    def reset(self) -> None:
        """Start again from the initial image, with a new optimizer bound to a new variable."""
        start = self.initial_image()
        if not bool(tf.reduce_all(tf.math.is_finite(start))):
            raise ImageError("The initial image contains NaN or infinite values.")
        self.image = tf.Variable(start)
        self._last_good = tf.identity(start)
        self.optimizer = make_optimizer(self.learning_rate, self.beta_1, self.epsilon)
        # Create Adam's state for this image now: inside the first compiled step it would
        # make tf.function trace twice (about a second more at the start of every run).
        self.optimizer.build([self.image])
        self.history: list[dict] = []
        self.snapshots: dict[int, tf.Tensor] = {}
        self.best_image = tf.identity(start)
        self.best_loss = math.inf
        self.interrupted = False
        self._elapsed = 0.0
        self._traced_for = None
        # What the compiled step hands back, kept in variables (see _step).
        self._loss_names = [
            "style", "content", *(f"style/{n}" for n in self.extractor.style_layers),
            "total_variation", "total",
        ]
        self._last_losses = tf.Variable(tf.zeros([len(self._loss_names)]))
        self._last_image = tf.Variable(start)

    # -- the step -----------------------------------------------------------
    def _weights(self) -> tuple:
        return (float(self.style_weight), float(self.content_weight),
                float(self.total_variation_weight))

    def loss(self, image) -> dict:
        """The losses of ``image`` ``[1, H, W, 3]``: ``total`` and its weighted components.

        The one place the loss is written: the Adam step and L-BFGS both call it.
        """
        style_weight, content_weight, tv_weight = self._weights()
        outputs = self.extractor(image)
        components = loss_components(
            outputs, self.style_targets, self.content_targets, style_weight, content_weight
        )
        if self.style_layer_weights:
            components = weigh_style_layers(components, self.style_layer_weights)
        loss = components["style"] + components["content"]
        tv = tf.reduce_sum(tf.image.total_variation(image))
        if tv_weight:
            loss += tv_weight * tv
        components["total_variation"] = tv_weight * tv
        components["total"] = loss
        return components

    def _step(self) -> None:
        # This returns nothing on purpose: a tf.function with outputs is
        # optimised differently (constant folding) and its image drifts from
        # the tutorial's by round-off that grows step by step. The losses and
        # the image before the update go out through variables instead.
        image = self.image
        with tf.GradientTape() as tape:
            components = self.loss(image)
        grad = tape.gradient(components["total"], image)
        self._last_image.assign(image)
        self.optimizer.apply_gradients([(grad, image)])
        image.assign(clip_0_1(image))
        self._last_losses.assign(tf.stack([components[k] for k in self._loss_names]))

    def step(self) -> dict:
        """Take one optimizer step; return (and record) the losses of the image before it."""
        key = (self._weights(), tuple(sorted((self.style_layer_weights or {}).items())))
        if self._traced_for != key:
            # Weights are baked into the compiled step: recompile when they change.
            check_weights(*self._weights(), self.learning_rate, self.style_layer_weights,
                          self.extractor.style_layers)
            self._train_step = tf.function(self._step)
            self._traced_for = key
        t0 = time.perf_counter()
        self._train_step()
        record = dict(zip(self._loss_names, self._last_losses.numpy().tolist()))
        self._elapsed += time.perf_counter() - t0
        if not all(map(math.isfinite, record.values())):  # floats already here: no extra sync
            self._stop_non_finite(record)
        record = {"step": self.step_count + 1, "time": self._elapsed, **record}
        self.history.append(record)  # one operation: step_count and history cannot disagree
        if record["total"] < self.best_loss:
            # The image first: a Ctrl-C between the two lines leaves a better image, never a worse.
            self.best_image = tf.identity(self._last_image)
            self.best_loss = record["total"]
        self._last_good = self.best_image if self.best_loss == record["total"] else tf.identity(
            self._last_image)
        return record

    def _stop_non_finite(self, losses: dict) -> None:
        """Put the last finite image back and raise NumericalError saying what went bad."""
        image_finite = bool(tf.reduce_all(tf.math.is_finite(self._last_image)))
        self.image.assign(self._last_image if image_finite else self._last_good)
        # Adam's moments may hold NaN now: a fresh optimizer (and compiled step) goes on cleanly.
        self.optimizer = make_optimizer(self.learning_rate, self.beta_1, self.epsilon)
        self._traced_for = None
        now = {k: getattr(self, k) for k in (
            "style_weight", "content_weight", "total_variation_weight", "learning_rate")}
        last = self.history[-1] if self.history else {}
        raise NumericalError(
            non_finite_message(self.step_count + 1, losses, image_finite, last, now)
        )

    def run(self, steps: int, callback=None, *, catch_interrupt: bool = True) -> "StyleTransfer":
        """Take ``steps`` steps, calling ``callback(self)`` after each one.

        Ctrl-C (or the notebook's stop button) ends the loop early: the run
        keeps its image, history and best image, sets ``interrupted`` and says
        so. Pass ``catch_interrupt=False`` to let the KeyboardInterrupt through.
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
        """Run on to step ``epochs * steps_per_epoch``, keeping the image at each epoch's end.

        The tutorial's two loops, ``for n in range(epochs): for m in
        range(steps_per_epoch): train_step(image)``, in one call. Steps already
        taken count (after ``run(3)``, the first epoch has 97 steps left; after
        ``run(100)``, the first epoch is over and its snapshot is the image now).
        Ctrl-C or the notebook's stop button ends *all* the epochs at once: the
        run keeps its image, history and best image, and the image where it
        stopped joins the snapshots. Returns :attr:`snapshots`, ``{step: image}``.
        """
        epochs, steps_per_epoch = int(epochs), int(steps_per_epoch)
        if epochs < 1 or steps_per_epoch < 1:
            raise SettingsError(f"run_epochs({epochs}, {steps_per_epoch}): both must be 1 or more.")
        self.interrupted = False
        if self.step_count and self.step_count % steps_per_epoch == 0:  # an epoch ended just now
            self.snapshots.setdefault(self.step_count, tf.identity(self.image))
        with stop_requests():  # one for all the epochs: a press between two of them counts too
            try:
                while self.step_count < epochs * steps_per_epoch and not self.interrupted:
                    self.run(steps_per_epoch - self.step_count % steps_per_epoch, callback,
                             catch_interrupt=False)
                    self.snapshots[self.step_count] = tf.identity(self.image)
            except KeyboardInterrupt:
                if self.step_count and self.step_count not in self.snapshots:
                    self.snapshots[self.step_count] = tf.identity(self.image)
                self._interrupted(catch_interrupt)
        return self.snapshots

    def _interrupted(self, catch_interrupt: bool) -> None:
        """Handle Ctrl-C inside ``run``: mark the run, then re-raise or say what was kept."""
        self.interrupted = True
        if not catch_interrupt:
            raise  # the KeyboardInterrupt being handled, with its traceback
        print(
            f"Stopped at step {self.step_count}. The best image so far "
            f"(loss {self.best_loss:.4g}) is kept in .best_image."
        )

    # -- reading results ------------------------------------------------------
    @property
    def step_count(self) -> int:
        """Optimizer steps taken since the last :meth:`reset`: ``len(history)``."""
        return len(self.history)

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

    # -- saving and resuming ----------------------------------------------------
    def recipe(self) -> dict:
        """What decides this run's result, as plain values: a saved run resumes only if they match.

        The class, checksums of the content and style images and of the
        network's weights, the layers, pooling and precision, the loss weights
        and the optimizer's settings.
        """
        vgg = self.extractor.vgg
        return {
            "class": type(self).__name__,
            "content": _digest([self.content_image]),
            "style": _digest(self.style_images),
            "network": _digest(vgg.get_weights()),
            "layers": [*self.extractor.style_layers, *self.extractor.content_layers],
            "pooling": getattr(self.extractor, "pooling", "max"),
            "precision": getattr(self.extractor, "precision", "float32"),
            "weights": [*self._weights(), json.dumps(self.style_layer_weights, sort_keys=True)],
            "optimizer": [self.learning_rate, self.beta_1, self.epsilon],
            "init": self.init if isinstance(self.init, str) else _digest([self.init]),
            "style_blend_weights": self.style_blend_weights and list(self.style_blend_weights),
            "style_scale": self.style_scale,
        }

    def save(self, path) -> Path:
        """Write the run to ``path`` (``.npz``, atomically): image, best image, history, recipe.

        :meth:`resume` reads it back. Adam's running averages are not saved: a
        resumed run that takes more steps starts them afresh.
        """
        buffer = io.BytesIO()
        np.savez(buffer, image=self.image.numpy(), best_image=np.asarray(self.best_image),
                 history=np.array(json.dumps(self.history)),
                 recipe=np.array(json.dumps(self.recipe(), sort_keys=True)))
        return write_bytes_atomically(path, buffer.getvalue())

    @classmethod
    def resume(cls, path, content_image, style_image, **kwargs):
        """The run saved at ``path``, if it was made from these images and settings; else ``None``.

        Builds the run as ``cls(content_image, style_image, **kwargs)`` would,
        then, if ``path`` holds a run with the same :meth:`recipe`, gives it the
        saved image, best image and history. Otherwise it prints why (no file,
        an unreadable one, other images or settings) and returns ``None``, so
        the caller makes the result itself.
        """
        path = Path(path)
        if not path.exists():
            print(f"No saved run at {path}.")
            return None
        run = cls(content_image, style_image, **kwargs)
        try:
            with np.load(path, allow_pickle=False) as saved:
                image, best = saved["image"], saved["best_image"]
                history = json.loads(str(saved["history"]))
                recipe = json.loads(str(saved["recipe"]))
        except (OSError, ValueError, KeyError) as e:
            print(f"{path}: not a saved run this version can read ({type(e).__name__}).")
            return None
        now = json.loads(json.dumps(run.recipe(), sort_keys=True))
        differ = sorted(k for k in set(now) | set(recipe) if now.get(k) != recipe.get(k))
        if differ or image.shape != tuple(run.image.shape):
            print(f"{path} was made with other {', '.join(differ) or 'image sizes'}: not used.")
            return None
        run.image.assign(image)
        run.history = history
        run.best_image, run.best_loss = tf.constant(best), min(
            (h["total"] for h in history), default=math.inf)
        run._elapsed = history[-1]["time"] if history else 0.0
        return run


def _digest(arrays) -> str:
    """SHA-256 of arrays' float32 values and shapes, as 16 hex digits."""
    h = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(np.asarray(a, dtype=np.float32))
        h.update(str(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()[:16]
