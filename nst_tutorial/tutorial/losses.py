"""Gram matrices, the style and content losses, and total variation.

Everything here is plain TensorFlow on tensors: no models, no notebooks.
"""

from __future__ import annotations

import tensorflow as tf

#: The tutorial's loss weights. Notebook 06 introduces the first two, notebook 07 the third.
STYLE_WEIGHT = 1e-2
CONTENT_WEIGHT = 1e4
TOTAL_VARIATION_WEIGHT = 30


def gram_matrix(input_tensor: tf.Tensor) -> tf.Tensor:
    """Feature maps ``[B, H, W, C]`` -> Gram matrices ``[B, C, C]``.

    ``G[c, d] = sum over locations (i, j) of F[i, j, c] * F[i, j, d] / (H * W)``:
    how strongly channels ``c`` and ``d`` fire together, averaged over places.

    Notebook 04 introduces this.
    """
    result = tf.linalg.einsum("bijc,bijd->bcd", input_tensor, input_tensor)
    input_shape = tf.shape(input_tensor)
    num_locations = tf.cast(input_shape[1] * input_shape[2], input_tensor.dtype)
    return result / num_locations


def loss_components(
    outputs: dict, style_targets: dict, content_targets: dict,
    style_weight: float = STYLE_WEIGHT, content_weight: float = CONTENT_WEIGHT,
    layer_loss=None,
) -> dict:
    """The weighted style and content losses, and the style loss of each layer.

    Returns ``{"style": ..., "content": ..., "style/<layer>": ...}``, scalars.
    ``style`` and ``content`` are computed exactly as in the tutorial:
    ``style_weight / n_layers * sum(mean((G - G_target)^2))`` and likewise for
    content. ``style/<layer>`` is each layer's share of ``style``.
    ``layer_loss(output, target)``, when given, replaces the mean squared
    difference of one style layer (notebook 09's other style statistics).

    Notebook 06 introduces this.
    """
    style_outputs, content_outputs = outputs["style"], outputs["content"]
    n_style, n_content = len(style_outputs), len(content_outputs)
    per_layer = {
        name: tf.reduce_mean((style_outputs[name] - style_targets[name]) ** 2)
        if layer_loss is None else layer_loss(style_outputs[name], style_targets[name])
        for name in style_outputs
    }
    style_loss = tf.add_n(list(per_layer.values()))
    style_loss *= style_weight / n_style
    content_loss = tf.add_n([
        tf.reduce_mean((content_outputs[name] - content_targets[name]) ** 2)
        for name in content_outputs
    ])
    content_loss *= content_weight / n_content
    components = {"style": style_loss, "content": content_loss}
    for name, value in per_layer.items():
        components[f"style/{name}"] = value * (style_weight / n_style)
    return components


def style_content_loss(
    outputs: dict, style_targets: dict, content_targets: dict,
    style_weight: float = STYLE_WEIGHT, content_weight: float = CONTENT_WEIGHT,
) -> tf.Tensor:
    """The tutorial's ``style_content_loss``: weighted style loss + weighted content loss.

    The tutorial reads the targets and weights from global variables; here they
    are arguments, with the tutorial's values as defaults.

    Notebook 06 introduces this.
    """
    c = loss_components(outputs, style_targets, content_targets, style_weight, content_weight)
    return c["style"] + c["content"]


def high_pass_x_y(image: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """Differences between horizontal and vertical neighbours of ``[B, H, W, C]``.

    Returns ``(x_var [B, H, W-1, C], y_var [B, H-1, W, C])``.

    Notebook 07 introduces this.
    """
    x_var = image[:, :, 1:, :] - image[:, :, :-1, :]
    y_var = image[:, 1:, :, :] - image[:, :-1, :, :]
    return x_var, y_var


def total_variation_loss(image: tf.Tensor) -> tf.Tensor:
    """Sum of absolute neighbour differences; equals ``tf.image.total_variation`` summed over the batch.

    Notebook 07 introduces this.
    """
    x_deltas, y_deltas = high_pass_x_y(image)
    return tf.reduce_sum(tf.abs(x_deltas)) + tf.reduce_sum(tf.abs(y_deltas))
