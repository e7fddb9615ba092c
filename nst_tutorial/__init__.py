"""nst_tutorial: the support package of the neural style transfer course.

The names the official TensorFlow tutorial uses are available here, so you can
read the tutorial beside the course::

    import nst_tutorial as nst
    content = nst.load_img("data/content.jpg")
    extractor = nst.StyleContentModel(nst.STYLE_LAYERS, nst.CONTENT_LAYERS)

Settings (weights source, quick mode) live in :mod:`nst_tutorial.settings`.
"""

import os as _os

# TensorFlow's C++ start-up chatter is noise for a learner; errors still show.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from .errors import ImageError, NSTError, SettingsError, WeightsError  # noqa: E402
from .settings import configure, environment_report, settings  # noqa: E402
from .losses import (  # noqa: E402
    CONTENT_WEIGHT,
    STYLE_WEIGHT,
    TOTAL_VARIATION_WEIGHT,
    gram_matrix,
    high_pass_x_y,
    loss_components,
    style_content_loss,
    total_variation_loss,
)
from .images import (  # noqa: E402
    clip_0_1,
    imshow,
    load_img,
    resize_to_max_dim,
    save_image,
    show_images,
    tensor_to_image,
)
from .features import (  # noqa: E402
    CONTENT_LAYERS,
    STYLE_LAYERS,
    StyleContentModel,
    load_vgg19,
    preprocess,
    vgg_layers,
    weights_note,
)
from .training import StyleTransfer, make_optimizer  # noqa: E402
from .lbfgs import LBFGSStyleTransfer  # noqa: E402
from .pyramid import CoarseToFine  # noqa: E402
from . import color  # noqa: E402  (nst.color: keeping the content's colours)
from .display import LiveDisplay, plot_losses  # noqa: E402
from . import data, exercises, plotting  # noqa: E402  (nst.data, nst.exercises, nst.plotting)

__version__ = "0.1.0"

__all__ = [
    "CONTENT_LAYERS", "CONTENT_WEIGHT", "LiveDisplay", "STYLE_LAYERS", "STYLE_WEIGHT",
    "TOTAL_VARIATION_WEIGHT", "ImageError", "NSTError", "SettingsError", "StyleContentModel",
    "StyleTransfer", "LBFGSStyleTransfer", "CoarseToFine", "WeightsError", "clip_0_1",
    "configure", "environment_report",
    "gram_matrix", "high_pass_x_y", "imshow", "load_img", "load_vgg19", "loss_components",
    "make_optimizer", "plot_losses", "preprocess", "resize_to_max_dim", "save_image", "settings",
    "show_images", "style_content_loss", "tensor_to_image", "total_variation_loss",
    "vgg_layers", "weights_note",
]
