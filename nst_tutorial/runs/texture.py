"""Texture synthesis (Gatys, Ecker and Bethge, 2015): a picture from noise, with the style loss alone.

With no content to keep, what the optimisation rebuilds is what the style
statistic kept of the style image: its *texture*. Keeping only the style
layers up to a block shows what each depth holds: block 1 alone gives
colours and fine grain; each deeper block adds larger structures.
"""

from __future__ import annotations

import tensorflow as tf

from ..base.errors import SettingsError
from ..tutorial.features import STYLE_LAYERS, StyleContentModel
from .adam import StyleTransfer
from .lbfgs import LBFGSStyleTransfer
from .weights import load_vgg19


def style_layers_up_to(depth: int) -> list[str]:
    """The tutorial's style layers of blocks 1 to ``depth``: ``block1_conv1`` ... ``block<depth>_conv1``."""
    if not 1 <= int(depth) <= len(STYLE_LAYERS):
        raise SettingsError(f"depth={depth!r}: use a block from 1 to {len(STYLE_LAYERS)}.")
    return STYLE_LAYERS[: int(depth)]


def texture(style_image, depth: int = 5, *, style_loss: str = "gram", optimizer: str = "lbfgs",
            shape=None, vgg=None, seed: int = 0):
    """A run that synthesises ``style_image``'s texture from seeded noise (call its ``run``).

    ``depth``: the style layers used, those of blocks 1 to ``depth``.
    ``style_loss``: the statistic matched (see :mod:`nst_tutorial.further.style_stats`).
    ``optimizer``: ``"lbfgs"`` (the paper's) or ``"adam"``. ``shape``: the
    picture's ``(height, width)`` (default: the style image's). ``vgg``:
    the network (default: :func:`load_vgg19`). The loss is the style loss
    alone: no content, no total variation.

    Notebook 09 introduces this.
    """
    layers = style_layers_up_to(depth)
    style = tf.convert_to_tensor(style_image, tf.float32)
    height, width = shape if shape is not None else style.shape[1:3]
    canvas = tf.zeros([1, int(height), int(width), 3])  # only its shape counts: content_weight is 0
    # The content layer is the deepest style layer, so the network is cut there: shallow is cheap.
    extractor = StyleContentModel(layers, layers[-1:], vgg if vgg is not None else load_vgg19())
    cls = {"lbfgs": LBFGSStyleTransfer, "adam": StyleTransfer}.get(optimizer)
    if cls is None:
        raise SettingsError(f"optimizer={optimizer!r}: use 'lbfgs' or 'adam'.")
    return cls(canvas, style, extractor=extractor, style_weight=1.0, content_weight=0.0,
               total_variation_weight=0.0, init="noise", seed=seed, style_loss=style_loss)
