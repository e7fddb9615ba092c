"""The environment report: versions, device, weights and caches, as notebook 00 and ``nst-tutorial env`` print it.

Notebook 00 introduces this (``nst.environment_report()``).
"""

from __future__ import annotations

import platform

import keras
import tensorflow as tf

from ..base.language import pad, tr
from ..base.settings import in_colab, keras_cache_dir, settings
from ..runs.weights import WEIGHT_FILES


def environment_report(print_it: bool = True) -> dict:
    """Collect (and print) what a learner needs to know about this machine.

    Returns a dictionary with the Python, TensorFlow and Keras versions, the
    devices TensorFlow sees, the weights setting and whether the ImageNet
    weights are already cached, the profile (and quick mode) and whether this is Colab.

    Notebook 00 introduces this.
    """
    gpus = tf.config.list_physical_devices("GPU")
    cache = keras_cache_dir()
    report = {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "device": f"GPU ({len(gpus)})" if gpus else "CPU only",
        "colab": in_colab(),
        "weights": settings.weights,
        "imagenet_cached": {
            key: (cache / name).exists() for key, name in WEIGHT_FILES.items()
        },
        "keras_cache": str(cache),
        "quick": settings.quick,
        "profile": settings.profile_name,
        "max_dim": settings.max_dim,
        "cache_dir": str(settings.cache_dir),
    }
    if print_it:
        cached = report["imagenet_cached"]
        lines = [
            f"Python       {report['python']}",
            f"TensorFlow   {report['tensorflow']}   Keras {report['keras']}",
            pad(tr("Device"), 13) + (report["device"] if gpus else tr("CPU only")),
            f"Colab        {tr('yes') if report['colab'] else tr('no')}",
            pad(tr("Weights"), 13) + report["weights"]
            + (tr("   (RANDOM: results are not real style transfer)")
               if settings.random_weights else ""),
            "ImageNet     "
            + ", ".join(f"{k}: {tr('cached') if v else tr('not cached')}"
                        for k, v in cached.items())
            + tr("   in {folder}", folder=cache),
            pad(tr("Profile"), 13) + tr("{profile}   ({plan}; NST_PROFILE)",
                                        profile=report["profile"], plan=settings.values.describe(tr)),
        ]
        print("\n".join(lines))
    return report
