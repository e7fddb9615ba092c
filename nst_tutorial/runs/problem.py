"""What a run minimises: the loss of an image against one content image and its style targets.

:class:`Problem` holds the content image, the style image(s), the network and
the targets it computed, and the loss weights; :meth:`Problem.loss` is the one
place the total loss is written (the tutorial's style and content losses plus
total variation). Adam's run (:mod:`.adam`), L-BFGS's (:mod:`.lbfgs`) and
coarse-to-fine (:mod:`.coarse_to_fine`) each own one, and show its fields as
their own (``transfer.style_weight``, ``transfer.content_targets``...).
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import tensorflow as tf

from ..base.errors import ImageError, SettingsError
from ..further import style_stats
from ..further.blend import blend_style_targets, weigh_style_layers
from ..tutorial.features import STYLE_LAYERS, StyleContentModel
from ..tutorial.images import clip_0_1, resize_to_max_dim
from ..tutorial.losses import (
    CONTENT_WEIGHT, STYLE_WEIGHT, TOTAL_VARIATION_WEIGHT, gram_matrix, loss_components,
)
from .guards import check_weights
from .weights import load_vgg19


class Problem:
    """The images, targets and weights of one style transfer; :meth:`loss` scores an image.

    Parameters are the tutorial's by default. ``extractor`` defaults to a
    :class:`StyleContentModel` of the course's VGG19 (:func:`load_vgg19`).
    ``init`` is ``"content"`` (the tutorial's start), ``"noise"`` (uniform
    noise seeded with ``seed``) or an image. Beyond the tutorial:
    ``style_image`` may be a list, mixed by ``style_blend_weights``;
    ``style_scale`` resizes each style image so its long side is that many
    times the content image's; ``style_layer_weights`` (``{layer: weight}``,
    default 1 each) weighs the style layers against each other;
    ``style_loss`` picks the style statistic (notebook 09,
    :mod:`nst_tutorial.further.style_stats`): ``"gram"``, the tutorial's, or
    ``"mean_std"``, ``"mean_cov"``, ``"sliced"``. Another statistic than Gram
    is scaled, layer by layer, to the Gram loss of the starting image, so the
    tutorial's weights balance style and content as they do for Gram.

    Weights that make no sense raise ``SettingsError``; images holding NaN
    raise ``ImageError``.
    """

    def __init__(
        self, content_image, style_image, *, extractor: StyleContentModel | None = None,
        style_weight: float = STYLE_WEIGHT, content_weight: float = CONTENT_WEIGHT,
        total_variation_weight: float = TOTAL_VARIATION_WEIGHT,
        init="content", seed: int = 0, style_blend_weights=None,
        style_scale: float | None = None, style_layer_weights: dict | None = None,
        style_loss: str = "gram",
    ):
        check_weights(style_weight, content_weight, total_variation_weight, style_layer_weights,
                      getattr(extractor, "style_layers", STYLE_LAYERS))
        for name, image in (("content_image", content_image), ("style_image", style_image)):
            if not all(np.all(np.isfinite(np.asarray(i))) for i in (
                    image if isinstance(image, (list, tuple)) else [image])):
                raise ImageError(f"{name}: contains NaN or infinite values.")
        self.style_loss = style_loss
        self.statistic = None if style_loss == "gram" else style_stats.statistic(style_loss, seed)
        self.extractor = extractor or StyleContentModel(vgg=load_vgg19())
        self.content_image = tf.convert_to_tensor(content_image, tf.float32)
        styles = style_image if isinstance(style_image, (list, tuple)) else [style_image]
        self.style_blend_weights, self.style_scale = style_blend_weights, style_scale
        self.style_images = [self._scaled_style(s, style_scale) for s in styles]
        self.style_image = self.style_images[0]
        self.style_targets = blend_style_targets(
            [self._targets(s) for s in self.style_images], style_blend_weights)
        self.content_targets = self.extractor(self.content_image)["content"]
        self.style_weight, self.content_weight = style_weight, content_weight
        self.total_variation_weight = total_variation_weight
        self.style_layer_weights = dict(style_layer_weights) if style_layer_weights else None
        self.init, self.seed = init, seed
        self.balance = None if self.statistic is None else self._balance()

    def _targets(self, style_image) -> dict:
        """``{layer: target}`` of one style image: Gram matrices, or the chosen statistic's."""
        if self.statistic is None:
            return self.extractor(style_image)["style"]
        raw = style_stats.features(self.extractor, style_image)["style"]
        return {name: self.statistic.target(f) for name, f in raw.items()}

    def _balance(self) -> dict:
        """Per style layer, the Gram loss of the starting image over the chosen statistic's loss."""
        grams = blend_style_targets([self.extractor(s)["style"] for s in self.style_images],
                                    self.style_blend_weights)
        start = self.initial_image()
        raw = style_stats.features(self.extractor, start)["style"]  # one pass serves both losses
        balance = {}
        for name, features in raw.items():
            ours = float(self.statistic.loss(features, self.style_targets[name]))
            theirs = float(tf.reduce_mean((gram_matrix(features) - grams[name]) ** 2))
            balance[name] = theirs / ours if ours > 0 and theirs > 0 else 1.0
        return balance

    def _scaled_style(self, style_image, style_scale: float | None) -> tf.Tensor:
        """The style image, its long side ``style_scale`` times the content's (None: as given)."""
        style = tf.convert_to_tensor(style_image, tf.float32)
        if style_scale is None:
            return style
        if not style_scale > 0:
            raise SettingsError(f"style_scale={style_scale!r}: use a positive number, e.g. 0.5 or 2.")
        size = max(32, round(style_scale * max(self.content_image.shape[1:3])))
        return resize_to_max_dim(style, size)

    @property
    def loss_names(self) -> list[str]:
        """The keys of :meth:`loss`, in a fixed order."""
        return ["style", "content", *(f"style/{n}" for n in self.extractor.style_layers),
                "total_variation", "total"]

    def weights(self) -> tuple:
        """``(style_weight, content_weight, total_variation_weight)`` as floats."""
        return (float(self.style_weight), float(self.content_weight),
                float(self.total_variation_weight))

    def check(self) -> None:
        """Check the weights as they are now (they may have been changed since the start)."""
        check_weights(*self.weights(), self.style_layer_weights, self.extractor.style_layers)

    def loss(self, image) -> dict:
        """The losses of ``image`` ``[1, H, W, 3]``: ``total`` and its weighted components."""
        style_weight, content_weight, tv_weight = self.weights()
        if self.statistic is None:
            components = loss_components(self.extractor(image), self.style_targets,
                                         self.content_targets, style_weight, content_weight)
        else:
            components = loss_components(
                style_stats.features(self.extractor, image), self.style_targets,
                self.content_targets, style_weight, content_weight, self.statistic.loss)
        layer_weights = self.layer_weights()
        if layer_weights:
            components = weigh_style_layers(components, layer_weights)
        loss = components["style"] + components["content"]
        tv = tf.reduce_sum(tf.image.total_variation(image))
        if tv_weight:
            loss += tv_weight * tv
        components["total_variation"] = tv_weight * tv
        components["total"] = loss
        return components

    def layer_weights(self) -> dict:
        """Each style layer's weight: ``style_layer_weights``, times the statistic's balance."""
        weights = dict(self.style_layer_weights or {})
        if self.balance:
            weights = {n: self.balance[n] * weights.get(n, 1.0) for n in self.balance}
        return weights

    def initial_image(self) -> tf.Tensor:
        """The starting image that ``init`` asks for (``ImageError`` if it holds NaN)."""
        if isinstance(self.init, str):
            if self.init == "content":
                return self.content_image
            if self.init == "noise":
                rng = np.random.default_rng(self.seed)
                return tf.constant(rng.random(self.content_image.shape, dtype=np.float32))
            raise SettingsError(f"init={self.init!r}: use 'content', 'noise' or an image tensor.")
        image = tf.convert_to_tensor(self.init, tf.float32)
        if not bool(tf.reduce_all(tf.math.is_finite(image))):
            raise ImageError("The initial image contains NaN or infinite values.")
        if image.shape != self.content_image.shape:
            image = tf.image.resize(image, self.content_image.shape[1:3])
        return clip_0_1(image)

    def fingerprint(self) -> dict:
        """What decides the result, as plain values: a saved run resumes only if they match.

        Checksums of the content and style images and of the network's weights,
        the layers, the network's pooling and arithmetic, the loss weights, the
        start and the style options.
        """
        vgg = self.extractor.vgg
        return {
            "content": digest([self.content_image]),
            "style": digest(self.style_images),
            "network": digest(vgg.get_weights()),
            "layers": [*self.extractor.style_layers, *self.extractor.content_layers],
            "pooling": "avg" if any("AveragePooling" in type(layer).__name__
                                    for layer in vgg.layers) else "max",
            "precision": next(layer.dtype_policy.name for layer in vgg.layers if layer.weights),
            "weights": [*self.weights(), json.dumps(self.style_layer_weights, sort_keys=True)],
            "init": self.init if isinstance(self.init, str) else digest([self.init]),
            "style_blend_weights": self.style_blend_weights and list(self.style_blend_weights),
            "style_scale": self.style_scale,
            "style_loss": self.style_loss,
        }


def digest(arrays) -> str:
    """SHA-256 of arrays' float32 values and shapes, as 16 hex digits."""
    h = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(np.asarray(a, dtype=np.float32))
        h.update(str(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()[:16]
