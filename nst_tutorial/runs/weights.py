"""The VGG19 the course runs: ImageNet's weights, a local file, or seeded random ones.

``weights`` is ``"imagenet"`` (Keras downloads the file once and keeps it in
its cache), a path to a weights file or a folder holding one, or
``"random"`` (seeded He-normal weights, for machines without the download:
the code runs, but the pictures are not real style transfer, and every result
says so through :func:`weights_note`).

:func:`load_vgg19` is the one place the network is built; each network is
built once per process and shared. With ``fallback=True`` (the notebooks'
choice, see :func:`nst_tutorial.course.pace.use_profile`), ImageNet weights
that cannot be had give a random network after a warning, instead of an
error; the settings are left as they are, and :func:`random_weights` says
which network is in use.

Notebook 02 introduces this.
"""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

from ..base.errors import WeightsError, described, first_line
from ..base.language import tr
from ..base.settings import keras_cache_dir, settings
from ..further.network import variant

#: What results say when VGG19 has random weights (see :func:`weights_note`, which gives it in
#: the language in force).
RANDOM_WEIGHTS_NOTE = (
    "VGG19 has seeded RANDOM weights (NST_WEIGHTS=random): the code runs, "
    "but the pictures and predictions are not real style transfer."
)

#: The files Keras downloads for VGG19, without and with the classifier.
WEIGHT_FILES = {
    "notop": "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "classifier": "vgg19_weights_tf_dim_ordering_tf_kernels.h5",
}
WEIGHTS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/vgg19/"

#: The networks built so far: {(kind, weights, seed): model}, and variants
#: {(kind, weights, seed, pooling, precision): model}.
_models: dict = {}
#: The kinds ("notop", "classifier") whose ImageNet weights were replaced by random ones.
_fell_back: set = set()
_noted = False


def load_vgg19(
    include_top: bool = False, weights: str | None = None, *,
    pooling: str = "max", precision: str = "float32", seed: int | None = None,
    offline: bool | None = None, fallback: bool | None = None,
) -> keras.Model:
    """VGG19, frozen, with the weights ``weights`` (default: ``settings.weights``).

    ``pooling="avg"`` and ``precision`` (``"mixed"``, ``"bfloat16"``,
    ``"float16"``) give the variants of :func:`nst_tutorial.further.network.variant`.
    ``seed`` (random weights), ``offline`` (never download) and ``fallback``
    (random weights instead of an error when ImageNet's cannot be had) default
    to the settings. Raises :class:`WeightsError` saying how to get the weights.

    Notebook 02 introduces this.
    """
    kind = "classifier" if include_top else "notop"
    source = settings.weights if weights is None else str(weights)
    seed = settings.seed if seed is None else seed
    if pooling != "max" or precision != "float32":
        base = load_vgg19(include_top, source, seed=seed, offline=offline, fallback=fallback)
        key = (kind, _in_use(kind, source), seed, pooling, precision)
        if key not in _models:
            _models[key] = variant(base, pooling, precision)
        return _models[key]
    source = _in_use(kind, source)
    key = (kind, source, seed if source == "random" else None)
    if key not in _models:
        _models[key] = _build(kind, source, seed,
                              settings.offline if offline is None else offline,
                              settings.weights_fallback if fallback is None else fallback)
    return _models[key]


def _in_use(kind: str, source: str) -> str:
    """The weights that ``source`` gives: random ones once ImageNet's were replaced by them."""
    return "random" if source == "imagenet" and kind in _fell_back else source


def _build(kind: str, source: str, seed: int, offline: bool, fallback: bool) -> keras.Model:
    include_top = kind == "classifier"
    if source == "imagenet":
        try:
            model = _imagenet_vgg19(include_top, kind, offline)
        except WeightsError as e:
            if not fallback:
                raise
            print(fallback_message(kind, e))
            _fell_back.add(kind)
            return load_vgg19(include_top, "random", seed=seed)
    else:
        model = keras.applications.VGG19(include_top=include_top, weights=None)
        if source == "random":
            _randomize(model, seed)
            _note_random_weights()
        else:
            _load_file(model, Path(source).expanduser(), kind)
    model.trainable = False
    return model


def random_weights(weights: str | None = None) -> bool:
    """True when VGG19 has random weights: asked for, or in place of ImageNet's.

    ``weights`` is the source asked for (default: ``settings.weights``).
    """
    source = settings.weights if weights is None else str(weights)
    return source == "random" or (source == "imagenet" and bool(_fell_back))


def weights_note(weights: str | None = None) -> str:
    """A line to show under results: empty with real weights, a warning with random ones.

    Notebook 00 explains it; the package's drawing functions add it by themselves.
    """
    return tr(RANDOM_WEIGHTS_NOTE) if random_weights(weights) else ""


def _note_random_weights() -> None:
    global _noted
    if not _noted:
        print(tr("Note: {note}", note=tr(RANDOM_WEIGHTS_NOTE)))
        _noted = True


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


def _imagenet_vgg19(include_top: bool, kind: str, offline: bool) -> keras.Model:
    """VGG19 with the ImageNet weights: from Keras' cache, or downloaded by Keras once.

    Offline, Keras is never asked: the cached file is loaded directly, and a
    missing one is a :class:`WeightsError` at once (no "Downloading data from ...").
    """
    path = keras_cache_dir() / WEIGHT_FILES[kind]
    if offline:
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


def _missing(kind: str, reason: str) -> WeightsError:
    """The error for weights that are not cached and cannot be downloaded; ``reason`` kept."""
    error = WeightsError(_offline_message(kind, reason))
    error.reason = reason
    return error


def fallback_message(kind: str, error: Exception) -> str:
    """What a notebook prints when it carries on with random weights instead of ``error``'s."""
    return tr(
        "⚠️ No VGG19 ImageNet weights ({name}): {reason}.\n"
        "This notebook carries on with RANDOM weights: every cell runs, but the pictures are "
        "not real style transfer (the results say so).\n"
        "Ways out: connect to the internet and restart the kernel; copy {name} into "
        "{folder} (nst-tutorial prefetch on a connected machine fetches it); "
        "or set NST_WEIGHTS=/path/to/the/file.h5.",
        name=WEIGHT_FILES[kind], reason=getattr(error, "reason", str(error)),
        folder=keras_cache_dir())
