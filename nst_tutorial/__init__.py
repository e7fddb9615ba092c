"""nst_tutorial: the support package of the neural style transfer course.

The names the official TensorFlow tutorial uses are available here, so you can
read the tutorial beside the course::

    import nst_tutorial as nst
    content = nst.load_img("data/content.jpg")
    extractor = nst.StyleContentModel(nst.STYLE_LAYERS, nst.CONTENT_LAYERS)

Reading order. The package has one folder per layer; each folder imports only
from the folders above it in this list:

1. ``base/``: ``settings.py`` (weights source, profile, offline mode; read
   them as ``nst.settings``), ``profiles.py`` (the course profiles) and ``errors.py``
   (every exception the package raises).
2. ``tutorial/``: the tutorial's computation, in the notebooks' order:
   ``images.py`` (01), ``features.py`` (02, 03, 05), ``losses.py`` (04, 06, 07)
   and ``training.py`` (06). Start here.
3. ``further/``: going further (08), as plain functions: ``lbfgs.py``,
   ``pyramid.py``, ``color.py``, ``blend.py``, ``network.py``, ``fast.py`` and
   ``style_stats.py`` (09: style statistics beyond the Gram matrix).
4. ``runs/``: runs built on them: ``weights.py`` (which VGG19), ``guards.py``,
   ``problem.py`` (the loss of an image), ``record.py`` (history, best image),
   ``adam.py`` (``StyleTransfer``), ``lbfgs.py``, ``coarse_to_fine.py``,
   ``saving.py``, ``texture.py`` (09) and ``options.py`` (a run's options,
   described once).
5. ``course/``: what the notebooks use to show and check things: ``plotting.py``,
   ``display.py``, ``exercises``, ``data.py`` (the sample images), ``classify.py``,
   ``demos.py``, ``playground.py`` (10), ``pace.py`` (the profile each notebook uses).
6. ``tools/``: ``cli.py`` (the ``nst-tutorial`` command), ``prefetch.py``,
   ``tensorboard.py``, ``report.py`` (the environment report), ``student.py``
   and ``instructor.py`` (the notebooks' releases).

``_plumbing/`` (atomic file writes, checksums, downloads, reading image files,
Ctrl-C) sits between ``base/`` and ``tutorial/``, out of the learner's way: skip
it on a first reading.
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
from .base.settings import configure, settings  # noqa: E402
from ._plumbing import download  # noqa: E402  (nst.download)
from .tutorial import features, images, losses, training  # noqa: E402
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
from .tutorial.images import clip_0_1, imshow, load_img, resize_to_max_dim, tensor_to_image  # noqa: E402
from .tutorial.features import (  # noqa: E402
    CONTENT_LAYERS,
    STYLE_LAYERS,
    StyleContentModel,
    preprocess,
    vgg_layers,
)
from .tutorial.training import make_optimizer, train_step  # noqa: E402
from .further import color, fast, lbfgs, pyramid, style_stats  # noqa: E402  (nst.color...: 08, 09)
from .further.style_stats import wasserstein2_gaussian  # noqa: E402
from .runs import guards  # noqa: E402
from .runs.weights import load_vgg19, random_weights, weights_note  # noqa: E402
from .runs.adam import StyleTransfer  # noqa: E402
from .runs.lbfgs import LBFGSStyleTransfer  # noqa: E402
from .runs.coarse_to_fine import CoarseToFine  # noqa: E402
from .runs.options import RunOptions  # noqa: E402
from .runs.saving import save_image  # noqa: E402
from .runs.texture import texture  # noqa: E402
from .course import data, demos, display, exercises, plotting  # noqa: E402  (nst.data, nst.plotting...)
from .course import pace  # noqa: E402  (nst.pace: timing this machine)
from .course.classify import top_predictions  # noqa: E402
from .course.pace import time_this_machine, use_profile  # noqa: E402
from .course.display import LiveDisplay, plot_losses  # noqa: E402
from .course.plotting import show_images  # noqa: E402
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
    "make_optimizer", "plot_losses", "preprocess", "random_weights", "resize_to_max_dim",
    "RunOptions", "save_image", "settings", "texture", "train_step", "wasserstein2_gaussian",
    "show_images", "style_content_loss", "tensor_to_image", "total_variation_loss",
    "time_this_machine", "top_predictions", "use_profile", "vgg_layers", "weights_note",
]
