"""VGG19 as a feature extractor: the backbone, its weights, and the style/content model (notebooks 02, 03, 05).

The network is frozen; the image is what changes. Its input is the tutorial's
``vgg19.preprocess_input(image * 255)``: Caffe preprocessing, which swaps RGB
to BGR and subtracts the ImageNet mean colour, because that is how the
network was trained.
"""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from ..base.errors import SettingsError, WeightsError, described, first_line
from ..base.settings import RANDOM_WEIGHTS_NOTE, configure, keras_cache_dir, settings
from .losses import gram_matrix

#: The tutorial's layers. Notebook 03 introduces them.
CONTENT_LAYERS = ["block5_conv2"]
STYLE_LAYERS = ["block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1"]

#: The files Keras downloads for VGG19, without and with the classifier.
WEIGHT_FILES = {
    "notop": "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "classifier": "vgg19_weights_tf_dim_ordering_tf_kernels.h5",
}
WEIGHTS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/vgg19/"

_models: dict = {}
_noted = False


def preprocess(image: tf.Tensor) -> tf.Tensor:
    """``[1, H, W, 3]`` in [0, 1] -> VGG19's input: BGR, 0-255, ImageNet mean subtracted.

    Notebook 02 introduces this.
    """
    return keras.applications.vgg19.preprocess_input(image * 255.0)


def _offline_message(kind: str, reason) -> str:
    name = WEIGHT_FILES[kind]
    size = "575 MB" if kind == "classifier" else "80 MB"
    return (
        f"Could not download the VGG19 ImageNet weights ({name}, {size}): {reason}. "
        f"They are downloaded once and then kept in {keras_cache_dir()}. "
        "Three ways out: (1) connect to the internet and run this again; "
        f"(2) copy {name} from a machine that has it into that folder, or set "
        "NST_WEIGHTS=/path/to/the/file.h5 (or a folder holding it), or call "
        "nst_tutorial.configure(weights='/path/to/the/file.h5'); "
        "(3) set NST_WEIGHTS=random (or configure(weights='random')) to run everything "
        "offline with random weights: the code works, but results are not real style transfer."
    )


def _randomize(model: keras.Model, seed: int) -> None:
    """Seeded He-normal kernels and zero biases: activations keep a sensible scale."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if layer.weights:
            kernel, bias = layer.get_weights()
            fan_in = int(np.prod(kernel.shape[:-1]))
            std = np.float32(np.sqrt(2.0 / fan_in))
            layer.set_weights([
                # float32 draws: a quarter of the time of float64 for fc1's 103 million weights
                rng.standard_normal(kernel.shape, dtype=np.float32) * std,
                np.zeros_like(bias),
            ])


def _load_file(model: keras.Model, path: Path, kind: str) -> None:
    if path.is_dir():
        path = path / WEIGHT_FILES[kind]
    if not path.exists():
        raise WeightsError(
            f"{path}: no such weights file. Point NST_WEIGHTS at "
            f"{WEIGHT_FILES[kind]} (as Keras downloads it), a Keras .weights.h5 file, "
            "or a folder holding them; or use NST_WEIGHTS=imagenet or random."
        )
    try:
        model.load_weights(str(path))
    except Exception as e:  # Keras raises ValueError, OSError, KeyError... for bad files
        what = "with" if kind == "classifier" else "without"
        raise WeightsError(
            f"{path}: these are not VGG19 weights this model can use ({described(e)}). Expected "
            f"the weights of VGG19 {what} its classifier, such as {WEIGHT_FILES[kind]}."
        ) from None


def load_vgg19(
    include_top: bool = False, weights: str | None = None,
    pooling: str = "max", precision: str = "float32",
) -> keras.Model:
    """VGG19, frozen, with weights from ``weights`` (default: ``settings.weights``).

    ``weights`` is ``"imagenet"`` (Keras' download and cache), ``"random"``
    (seeded with ``settings.seed``), or a path to a weights file or a folder.
    ``pooling="avg"`` swaps each max pooling layer for an average pooling layer
    of the same size (the paper's choice); ``precision`` is ``"float32"`` (the
    tutorial's), ``"mixed"`` (see :func:`compute_dtype`), ``"bfloat16"`` or
    ``"float16"``: the layers compute in that type, the weights stay float32.
    Models are built once per process and shared.

    Notebook 02 introduces this.
    """
    global _noted
    kind = "classifier" if include_top else "notop"
    if pooling != "max" or precision != "float32":
        if pooling not in ("max", "avg"):
            raise SettingsError(f"pooling={pooling!r}: use 'max' (the tutorial's) or 'avg'.")
        dtype = compute_dtype(precision)
        vgg = load_vgg19(include_top, weights)  # may fall back to random weights: key after it
        source = weights or settings.weights
        variant = (kind, source, settings.seed if source == "random" else None, pooling, dtype)
        if variant not in _models:
            _models[variant] = _rebuild(vgg, pooling, dtype)
        return _models[variant]
    source = weights or settings.weights
    key = (kind, source, settings.seed if source == "random" else None)
    if key in _models:
        return _models[key]
    if source == "imagenet":
        try:
            model = _imagenet_vgg19(include_top, kind)
        except WeightsError as e:
            if not settings.weights_fallback:
                raise
            print(fallback_message(kind, e))
            configure(weights="random")
            return load_vgg19(include_top)
    else:
        model = keras.applications.VGG19(include_top=include_top, weights=None)
        if source == "random":
            _randomize(model, settings.seed)
            if not _noted:
                print("Note: " + RANDOM_WEIGHTS_NOTE)
                _noted = True
        else:
            _load_file(model, Path(source).expanduser(), kind)
    model.trainable = False
    _models[key] = model
    return model


def _imagenet_vgg19(include_top: bool, kind: str) -> keras.Model:
    """VGG19 with the ImageNet weights: from Keras' cache, or downloaded by Keras once.

    In offline mode Keras is never asked: the cached file is loaded directly, and
    a missing one is a :class:`WeightsError` at once (no "Downloading data from ...").
    """
    path = keras_cache_dir() / WEIGHT_FILES[kind]
    if settings.offline:
        if not path.exists():
            raise _missing(kind, "offline mode is on (NST_OFFLINE=1), so nothing is downloaded")
        model = keras.applications.VGG19(include_top=include_top, weights=None)
        _load_file(model, path, kind)
        return model
    try:
        return keras.applications.VGG19(include_top=include_top, weights="imagenet")
    except Exception as e:
        if path.exists():
            error = WeightsError(
                f"{path}: the cached weights could not be loaded ({first_line(e)}). Delete the file so "
                "Keras downloads it again."
            )
            error.reason = f"the cached file could not be loaded; delete {path}"
            raise error from None
        raise _missing(kind, first_line(e)) from None


def _missing(kind: str, reason: str) -> WeightsError:
    """The error for weights that are not cached and cannot be downloaded; ``reason`` kept."""
    error = WeightsError(_offline_message(kind, reason))
    error.reason = reason
    return error


def fallback_message(kind: str, error: Exception) -> str:
    """What a notebook prints when it carries on with random weights instead of ``error``'s."""
    name = WEIGHT_FILES[kind]
    reason = getattr(error, "reason", str(error))
    return (
        f"⚠️ No VGG19 ImageNet weights ({name}): {reason}.\n"
        "This notebook carries on with RANDOM weights: every cell runs, but the pictures are "
        "not real style transfer (the results say so).\n"
        f"Ways out: connect to the internet and restart the kernel; copy {name} into "
        f"{keras_cache_dir()} (nst-tutorial prefetch on a connected machine fetches it); "
        "or set NST_WEIGHTS=/path/to/the/file.h5."
    )


def compute_dtype(precision: str = "float32") -> str:
    """The type the network computes in: ``"mixed"`` means float16 on a GPU, else bfloat16."""
    if precision == "mixed":
        return "float16" if tf.config.list_physical_devices("GPU") else "bfloat16"
    if precision not in ("float32", "bfloat16", "float16"):
        raise SettingsError(
            f"precision={precision!r}: use 'float32' (the tutorial's), 'mixed', "
            "'bfloat16' or 'float16'."
        )
    return precision


def _rebuild(vgg: keras.Model, pooling: str, dtype: str) -> keras.Model:
    """The same network, layer by layer, with average pooling and/or a mixed dtype policy.

    Layers keep their names and (float32) weights; with ``dtype`` other than
    float32 each layer computes in ``dtype`` (Keras' ``mixed_<dtype>`` policy).
    """
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


def vgg_layers(
    layer_names: list[str], weights: str | None = None,
    pooling: str = "max", precision: str = "float32",
) -> keras.Model:
    """A model that returns the activations of ``layer_names`` (the tutorial's ``vgg_layers``).

    The model expects preprocessed input (see :func:`preprocess`). ``pooling``
    and ``precision`` are passed to :func:`load_vgg19`.

    Notebook 03 introduces this.
    """
    vgg = load_vgg19(include_top=False, weights=weights, pooling=pooling, precision=precision)
    valid = [layer.name for layer in vgg.layers if "conv" in layer.name or "pool" in layer.name]
    unknown = [n for n in layer_names if n not in valid]
    if unknown:
        raise SettingsError(
            f"Unknown VGG19 layer name(s) {unknown}. Valid names are: {', '.join(valid)}."
        )
    outputs = [vgg.get_layer(name).output for name in layer_names]
    model = keras.Model([vgg.input], outputs)
    model.trainable = False
    return model


class StyleContentModel(keras.Model):
    """Image in [0, 1] -> ``{"style": {layer: Gram}, "content": {layer: features}}``.

    Style outputs are Gram matrices ``[1, C, C]``; content outputs are feature
    maps ``[1, h, w, C]``. This is the tutorial's class, unchanged in what it
    computes.

    Options beyond the tutorial: ``pooling="avg"`` (average pooling, as in the
    paper) and ``precision="mixed"`` (the network computes in bfloat16 on a
    CPU or float16 on a GPU; its outputs, the Gram matrices and so the losses
    stay float32).

    Notebook 05 introduces this.
    """

    def __init__(self, style_layers=None, content_layers=None, weights: str | None = None,
                 pooling: str = "max", precision: str = "float32"):
        super().__init__()
        self.style_layers = list(STYLE_LAYERS if style_layers is None else style_layers)
        self.content_layers = list(CONTENT_LAYERS if content_layers is None else content_layers)
        self.pooling, self.precision = pooling, precision
        self.vgg = vgg_layers(self.style_layers + self.content_layers, weights=weights,
                              pooling=pooling, precision=precision)
        self.num_style_layers = len(self.style_layers)
        self.vgg.trainable = False

    def call(self, inputs):
        "Expects float input in [0,1]"
        outputs = self.vgg(preprocess(inputs))
        if not isinstance(outputs, (list, tuple)):
            outputs = [outputs]
        if self.precision != "float32":
            outputs = [tf.cast(o, tf.float32) for o in outputs]
        style_outputs = [gram_matrix(o) for o in outputs[: self.num_style_layers]]
        content_outputs = outputs[self.num_style_layers :]
        return {
            "content": dict(zip(self.content_layers, content_outputs)),
            "style": dict(zip(self.style_layers, style_outputs)),
        }
