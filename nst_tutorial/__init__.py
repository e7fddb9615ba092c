"""nst_tutorial: the support package of the neural style transfer course.

The names the official TensorFlow tutorial uses are available here, so you can
read the tutorial beside the course::

    import nst_tutorial as nst
    content = nst.load_img("data/content.jpg")
    extractor = nst.StyleContentModel(nst.STYLE_LAYERS, nst.CONTENT_LAYERS)

Reading order. The package has one folder per part of the course; each folder
imports only from the folders above it in this list:

1. ``base/``: ``settings.py`` (weights source, profile, offline mode; read
   them as ``nst.settings``), ``profiles.py`` (the course profiles) and ``errors.py``
   (every exception the package raises).
2. ``tutorial/``: the tutorial's building blocks, in the notebooks' order:
   ``images.py`` (01), ``classify.py`` (02), ``features.py`` (02, 03, 05),
   ``losses.py`` (04, 06, 07), ``optimizer.py`` and ``training.py`` (06), and
   ``guards.py`` (the checks a run makes).
3. ``further/``: going further (08): ``lbfgs.py``, ``pyramid.py``, ``color.py``,
   ``recipe.py`` (one run from plain options) and ``fast.py`` (feed-forward
   stylisation with a trained network, TF Hub's Magenta model).
4. ``course/``: what the notebooks use to show and check things: ``plotting.py``,
   ``display.py``, ``exercises.py``, ``data.py`` (the sample images),
   ``playground.py`` (09), ``pace.py`` (the profile each notebook uses, timing this machine).
5. ``tools/``: ``cli.py`` (the ``nst-tutorial`` command), ``prefetch.py``,
   ``tensorboard.py``, ``report.py`` (the environment report) and ``student.py``
   (the instructor's student version).

``_plumbing/`` (atomic file writes, checksums, downloads, decoding image files)
sits between ``base/`` and ``tutorial/``, out of the learner's way: skip it on a
first reading.
"""

from ._plumbing.quiet import import_tensorflow as _import_tensorflow

# TensorFlow's start-up lines are noise for a learner (errors still show): import it first,
# quietly, before any module below does.
_import_tensorflow()

from .base import errors  # noqa: E402  (nst.errors)
from .base.errors import (  # noqa: E402
    DownloadError,
    ImageError,
    ModelError,
    NSTError,
    NumericalError,
    SettingsError,
    StudentVersionError,
    WeightsError,
)
from .base.settings import configure, settings, weights_note  # noqa: E402
from ._plumbing import download  # noqa: E402  (nst.download)
from .tutorial import features, guards, images, losses, training  # noqa: E402
from .tutorial.losses import (  # noqa: E402
    CONTENT_WEIGHT,
    STYLE_WEIGHT,
    TOTAL_VARIATION_WEIGHT,
    gram_matrix,
    high_pass_x_y,
    loss_components,
    style_content_loss,
    total_variation_loss,
)
from .tutorial.images import (  # noqa: E402
    clip_0_1,
    imshow,
    load_img,
    resize_to_max_dim,
    save_image,
    show_images,
    tensor_to_image,
)
from .tutorial.features import (  # noqa: E402
    CONTENT_LAYERS,
    STYLE_LAYERS,
    StyleContentModel,
    load_vgg19,
    preprocess,
    vgg_layers,
)
from .tutorial.classify import top_predictions  # noqa: E402
from .tutorial.optimizer import make_optimizer  # noqa: E402
from .tutorial.training import StyleTransfer  # noqa: E402
from .further import color, fast, lbfgs, pyramid  # noqa: E402  (nst.color, nst.fast: 08)
from .further.lbfgs import LBFGSStyleTransfer  # noqa: E402
from .further.pyramid import CoarseToFine  # noqa: E402
from .course import data, display, exercises, plotting  # noqa: E402  (nst.data, nst.plotting...)
from .course import pace  # noqa: E402  (nst.pace: timing this machine)
from .course.pace import time_this_machine, use_profile  # noqa: E402
from .course.display import LiveDisplay, plot_losses  # noqa: E402
from .tools.report import environment_report  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "CONTENT_LAYERS", "CONTENT_WEIGHT", "LiveDisplay", "STYLE_LAYERS", "STYLE_WEIGHT",
    "TOTAL_VARIATION_WEIGHT", "DownloadError", "ImageError", "ModelError", "NSTError",
    "NumericalError",
    "SettingsError", "StudentVersionError", "StyleContentModel",
    "StyleTransfer", "LBFGSStyleTransfer", "CoarseToFine", "WeightsError", "clip_0_1",
    "configure", "environment_report",
    "gram_matrix", "high_pass_x_y", "imshow", "load_img", "load_vgg19", "loss_components",
    "make_optimizer", "plot_losses", "preprocess", "resize_to_max_dim", "save_image", "settings",
    "show_images", "style_content_loss", "tensor_to_image", "total_variation_loss",
    "time_this_machine", "top_predictions", "use_profile", "vgg_layers", "weights_note",
]
