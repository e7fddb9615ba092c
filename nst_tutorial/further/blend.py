"""Weighing the style loss beyond the tutorial: several style images, and one weight per layer.

The tutorial has one style image and gives its five style layers equal
weight. :func:`blend_style_targets` mixes the Gram targets of several style
images; :func:`weigh_style_layers` gives each layer's style loss a weight of
its own.
"""

from __future__ import annotations

import tensorflow as tf

from ..base.errors import SettingsError


def blend_style_targets(targets: list[dict], weights=None) -> dict:
    """Mix the Gram targets of several style images: ``sum_k w_k G_k`` with ``sum_k w_k = 1``.

    ``targets`` holds one ``{layer: Gram [1, C, C]}`` (or another statistic) per style image;
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
    # A target may be a tuple of tensors (notebook 09's statistics): mix each part.
    return {
        name: tf.nest.map_structure(lambda *parts: tf.add_n([w * p for w, p in zip(weights, parts)]),
                                    *[t[name] for t in targets])
        for name in targets[0]
    }


def weigh_style_layers(components: dict, layer_weights: dict) -> dict:
    """Multiply each ``style/<layer>`` loss by its weight (default 1) and re-add ``style``."""
    out = dict(components)
    layers = [k for k in components if k.startswith("style/")]
    for key in layers:
        out[key] = components[key] * float(layer_weights.get(key[len("style/"):], 1.0))
    out["style"] = tf.add_n([out[k] for k in layers])
    return out
