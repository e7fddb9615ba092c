"""VGG19 variants beyond the tutorial: average pooling (the paper's) and cheaper arithmetic.

:func:`variant` rebuilds a VGG19, layer by layer with the same weights, with
average instead of max pooling and/or computing in bfloat16 or float16 (the
weights stay float32). Notebook 08 uses them; ``nst.load_vgg19(pooling=...,
precision=...)`` builds them.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from ..base.errors import SettingsError

POOLINGS = ("max", "avg")
PRECISIONS = ("float32", "mixed", "bfloat16", "float16")


def compute_dtype(precision: str = "float32") -> str:
    """The type the network computes in: ``"mixed"`` means float16 on a GPU, else bfloat16."""
    if precision == "mixed":
        return "float16" if tf.config.list_physical_devices("GPU") else "bfloat16"
    if precision not in PRECISIONS:
        raise SettingsError(
            f"precision={precision!r}: use 'float32' (the tutorial's), 'mixed', "
            "'bfloat16' or 'float16'."
        )
    return precision


def variant(vgg: keras.Model, pooling: str = "max", precision: str = "float32") -> keras.Model:
    """The same network with average pooling (``pooling="avg"``) and/or another arithmetic.

    Layers keep their names and (float32) weights; with ``precision`` other
    than float32 each layer computes in that type (Keras' ``mixed_<dtype>``
    policy). ``pooling="max"`` with float32 gives ``vgg`` itself.
    """
    if pooling not in POOLINGS:
        raise SettingsError(f"pooling={pooling!r}: use 'max' (the tutorial's) or 'avg'.")
    dtype = compute_dtype(precision)
    if pooling == "max" and dtype == "float32":
        return vgg
    policy = "float32" if dtype == "float32" else f"mixed_{dtype}"
    x = inputs = keras.Input(vgg.input.shape[1:])
    for layer in vgg.layers[1:]:
        config = {**layer.get_config(), "dtype": policy}
        cls = type(layer)
        if pooling == "avg" and isinstance(layer, keras.layers.MaxPooling2D):
            cls = keras.layers.AveragePooling2D
        new = cls.from_config(config)
        x = new(x)
        if layer.weights:
            new.set_weights(layer.get_weights())
    model = keras.Model(inputs, x, name=vgg.name)
    model.trainable = False
    return model
