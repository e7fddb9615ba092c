"""The tutorial's computation, written once from its published settings, for tests and benchmarks.

This module does not use ``nst_tutorial``: it is what the package is checked
against. It follows the settings and formulas of the official TensorFlow
tutorial as ``docs/tutorial-settings.md`` lists them, one row a setting,
step by step and in the same order of arithmetic, so that the package's
parity mode can be compared with it to the last few bits:

* an image is decoded to float32 in [0, 1], scaled so its long side is
  ``max_dim`` (``int(shape * max_dim / long_side)``), with a batch axis;
* VGG19 (no classifier, frozen) sees ``vgg19.preprocess_input(image * 255)``;
* a Gram matrix is ``einsum("bijc,bijd->bcd", F, F) / (H * W)``;
* the style loss is the sum over the style layers of ``mean((G - G_target)^2)``,
  times ``style_weight / n_style_layers``; the content loss likewise with the
  feature maps and ``content_weight / n_content_layers``;
* total variation is ``tf.image.total_variation(image)``, times its weight;
* the optimizer is ``Adam(learning_rate=0.02, beta_1=0.99, epsilon=1e-1)`` on
  an image that starts as the content image, clipped to [0, 1] after every step;
  one step is a compiled function that returns nothing.

Use::

    run = TutorialRun(content, style, vgg_weights)  # weights: VGG19(...).get_weights()
    run.step()                                       # one optimizer step
    run.image                                        # the tf.Variable being optimised
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

MAX_DIM = 512
CONTENT_LAYERS = ["block5_conv2"]
STYLE_LAYERS = ["block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1"]
STYLE_WEIGHT, CONTENT_WEIGHT, TOTAL_VARIATION_WEIGHT = 1e-2, 1e4, 30
LEARNING_RATE, BETA_1, EPSILON = 0.02, 0.99, 1e-1


def load_image(path, max_dim: int = MAX_DIM) -> tf.Tensor:
    """An image file -> ``[1, H, W, 3]`` float32 in [0, 1], its long side ``max_dim`` pixels."""
    pixels = tf.image.decode_image(tf.io.read_file(str(path)), channels=3)
    pixels = tf.image.convert_image_dtype(pixels, tf.float32)
    size = tf.cast(tf.shape(pixels)[:-1], tf.float32)
    new_size = tf.cast(size * (max_dim / tf.reduce_max(size)), tf.int32)
    return tf.image.resize(pixels, new_size)[tf.newaxis]


def gram(features: tf.Tensor) -> tf.Tensor:
    """``[B, H, W, C]`` -> ``[B, C, C]``: channel products summed over places, / (H * W)."""
    products = tf.linalg.einsum("bijc,bijd->bcd", features, features)
    places = tf.cast(tf.shape(features)[1] * tf.shape(features)[2], tf.float32)
    return products / places


def layer_outputs(vgg_weights, layers: list[str]) -> keras.Model:
    """Frozen VGG19 (no classifier) holding ``vgg_weights``, returning the named layers."""
    vgg = keras.applications.VGG19(include_top=False, weights=None)
    vgg.set_weights(vgg_weights)
    vgg.trainable = False
    model = keras.Model([vgg.input], [vgg.get_layer(name).output for name in layers])
    model.trainable = False
    return model


class TutorialRun:
    """The tutorial's optimisation of one image, with its weights and optimizer.

    ``total_variation_weight=0`` leaves the total variation term out, as the
    tutorial's first loop does.
    """

    def __init__(self, content_image, style_image, vgg_weights, *,
                 total_variation_weight: float = TOTAL_VARIATION_WEIGHT):
        self.model = layer_outputs(vgg_weights, STYLE_LAYERS + CONTENT_LAYERS)
        self.total_variation_weight = total_variation_weight
        self.style_targets = self.features(style_image)[0]
        self.content_targets = self.features(content_image)[1]
        self.image = tf.Variable(content_image)
        self.optimizer = keras.optimizers.Adam(
            learning_rate=LEARNING_RATE, beta_1=BETA_1, epsilon=EPSILON)
        self._compiled = tf.function(self._step)

    def features(self, image) -> tuple[list, list]:
        """``(Gram matrix of each style layer, feature map of each content layer)``."""
        outputs = self.model(keras.applications.vgg19.preprocess_input(image * 255.0))
        n = len(STYLE_LAYERS)
        return [gram(o) for o in outputs[:n]], list(outputs[n:])

    def loss(self, image) -> tf.Tensor:
        """Weighted style loss + weighted content loss (+ weighted total variation)."""
        grams, contents = self.features(image)
        style = tf.add_n([tf.reduce_mean((g - t) ** 2)
                          for g, t in zip(grams, self.style_targets)])
        style *= STYLE_WEIGHT / len(STYLE_LAYERS)
        content = tf.add_n([tf.reduce_mean((f - t) ** 2)
                            for f, t in zip(contents, self.content_targets)])
        content *= CONTENT_WEIGHT / len(CONTENT_LAYERS)
        total = style + content
        if self.total_variation_weight:
            total += self.total_variation_weight * tf.image.total_variation(image)
        return total

    def _step(self) -> None:
        with tf.GradientTape() as tape:
            total = self.loss(self.image)
        gradient = tape.gradient(total, self.image)
        self.optimizer.apply_gradients([(gradient, self.image)])
        self.image.assign(tf.clip_by_value(self.image, 0.0, 1.0))

    def step(self) -> None:
        """One optimizer step on :attr:`image` (compiled on the first call)."""
        self._compiled()

    def trajectory(self, steps: int) -> np.ndarray:
        """The image after each of ``steps`` steps, ``[steps, H, W, 3]``."""
        images = []
        for _ in range(steps):
            self.step()
            images.append(self.image.numpy())
        return np.concatenate(images)
