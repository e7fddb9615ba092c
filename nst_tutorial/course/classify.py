"""Top-k ImageNet predictions with class names, and a clean fallback when names are unavailable (notebook 02).

The names of the 1000 ImageNet classes are not part of the VGG19 weights:
Keras downloads them (``imagenet_class_index.json``, 35 kB) the first time
``keras.applications.vgg19.decode_predictions`` runs. Offline, the predictions
are still shown, by class index, with one line that says why.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..base.errors import SettingsError, first_line
from ..base.language import tr
from ..base.settings import keras_cache_dir, settings

CLASS_INDEX_FILE = "imagenet_class_index.json"


@dataclasses.dataclass
class Prediction:
    """One of the top-k classes: its index in 0..999, its name (or ``None``), its probability."""

    index: int
    name: str | None
    probability: float

    @property
    def label(self) -> str:
        return self.name if self.name is not None else tr("class {index}", index=self.index)


def class_names_available() -> bool:
    """True when the class names are cached, or may be downloaded (not offline)."""
    return (keras_cache_dir() / CLASS_INDEX_FILE).exists() or not settings.offline


def top_predictions(probabilities, k: int = 5) -> tuple[list[Prediction], str]:
    """The ``k`` most probable classes of ``probabilities`` (``[1, 1000]``), best first.

    Returns ``(predictions, note)``. ``note`` is empty when the class names
    were found; otherwise it is one line saying why only indices are shown.
    Nothing here raises because the network is missing.

    Notebook 02 introduces this.
    """
    probs = np.asarray(probabilities, dtype=np.float32)
    if probs.shape != (1, 1000):
        raise SettingsError(f"expected probabilities of shape [1, 1000], got {list(probs.shape)}.")
    order = np.argsort(-probs[0], kind="stable")[:k]
    names: list[str | None] = [None] * len(order)
    note = ""
    if class_names_available():
        import keras

        try:
            # One one-hot row per class asked about: each row's top-1 is that class.
            one_hot = np.eye(1000, dtype=np.float32)[order]
            decoded = keras.applications.vgg19.decode_predictions(one_hot, top=1)
            names = [str(row[0][1]) for row in decoded]
        except Exception as e:  # noqa: BLE001  Keras raises a bare Exception when a download fails
            reason = first_line(e).split(" -- ")[-1]
            note = tr("Class names unavailable: {file} (35 kB) could not be downloaded "
                      "({reason}); showing class indices instead.", file=CLASS_INDEX_FILE,
                      reason=reason)
    else:
        note = tr("Offline (NST_OFFLINE=1) and {file} is not cached, so the class names are "
                  "unknown; showing class indices 0-999 instead.", file=CLASS_INDEX_FILE)
    predictions = [
        Prediction(int(i), name, float(probs[0, i])) for i, name in zip(order, names)
    ]
    return predictions, note
