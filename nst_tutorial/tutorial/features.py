"""VGG19 as a feature extractor: preprocessing, a model of chosen layers, the style/content model.

The network is frozen; the image is what changes. Its input is the tutorial's
``vgg19.preprocess_input(image * 255)``: Caffe preprocessing, which swaps RGB
to BGR and subtracts the ImageNet mean colour, because that is how the
network was trained. Which weights the network has (ImageNet's, random ones,
a local file) is decided above this module: see
:func:`nst_tutorial.runs.weights.load_vgg19`.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from .losses import gram_matrix

#: The tutorial's layers. Notebook 03 introduces them.
CONTENT_LAYERS = ["block5_conv2"]
STYLE_LAYERS = ["block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1"]


def preprocess(image: tf.Tensor) -> tf.Tensor:
    """``[1, H, W, 3]`` in [0, 1] -> VGG19's input: BGR, 0-255, ImageNet mean subtracted.

    Notebook 02 introduces this.
    """
    return keras.applications.vgg19.preprocess_input(image * 255.0)


def vgg_layers(layer_names: list[str], vgg: keras.Model | None = None) -> keras.Model:
    """A model that returns the activations of ``layer_names`` (the tutorial's ``vgg_layers``).

    ``vgg`` is the network to cut; by default, as in the tutorial, Keras' VGG19
    with the ImageNet weights (the course passes ``nst.load_vgg19()``, which
    can also give random or local weights). The model expects preprocessed
    input (see :func:`preprocess`).

    Notebook 03 introduces this.
    """
    if vgg is None:
        vgg = keras.applications.VGG19(include_top=False, weights="imagenet")
    vgg.trainable = False
    outputs = [vgg.get_layer(name).output for name in layer_names]
    model = keras.Model([vgg.input], outputs)
    return model


class StyleContentModel(keras.Model):
    """Image in [0, 1] -> ``{"style": {layer: Gram}, "content": {layer: features}}``.

    Style outputs are Gram matrices ``[1, C, C]``; content outputs are feature
    maps ``[1, h, w, C]``. This is the tutorial's class; ``vgg`` is passed on
    to :func:`vgg_layers`. The outputs are float32 also when the network
    computes in another type (notebook 08's bfloat16).

    Notebook 05 introduces this.
    """

    def __init__(self, style_layers=STYLE_LAYERS, content_layers=CONTENT_LAYERS,
                 vgg: keras.Model | None = None):
        super().__init__()
        self.style_layers, self.content_layers = list(style_layers), list(content_layers)
        self.vgg = vgg_layers(self.style_layers + self.content_layers, vgg)
        self.num_style_layers = len(self.style_layers)
        self.vgg.trainable = False

    def call(self, inputs):
        "Expects float input in [0,1]"
        outputs = self.vgg(preprocess(inputs))
        if not isinstance(outputs, (list, tuple)):
            outputs = [outputs]
        outputs = [tf.cast(o, tf.float32) for o in outputs]
        style_outputs = [gram_matrix(o) for o in outputs[: self.num_style_layers]]
        content_outputs = outputs[self.num_style_layers :]
        return {
            "content": dict(zip(self.content_layers, content_outputs)),
            "style": dict(zip(self.style_layers, style_outputs)),
        }
