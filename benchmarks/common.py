"""What the benchmark scripts share: the image pair they run on, and the loss that judges them."""

from __future__ import annotations

import nst_tutorial as nst  # first, so TensorFlow starts without its start-up messages

import tensorflow as tf


def image_pair(size: int):
    """The default content and style images, long side ``size``, announced with the weights.

    Prints one line naming the images, their sizes and the weights in use, and
    a note when the weights are not the ImageNet ones. Returns ``(content, style)``.
    """
    content_path, style_path = nst.data.default_images()
    content = nst.load_img(content_path, max_dim=size)
    style = nst.load_img(style_path, max_dim=size)
    print(f"Images: {content_path.name} {list(content.shape[1:3])}, "
          f"{style_path.name} {list(style.shape[1:3])}; weights: {nst.settings.weights}")
    if nst.weights_note():
        print("Note: " + nst.weights_note() + " The losses are not the ImageNet ones.")
    return content, style


def full_size_loss(content, style):
    """A compiled float32 total loss at the images' own size: the yardstick for every run.

    Runs in other precisions or at other sizes are judged by it, so that their
    losses compare with the tutorial's.
    """
    run = nst.StyleTransfer(content, style, extractor=nst.StyleContentModel(vgg=nst.load_vgg19()))
    return tf.function(lambda image: run.loss(image)["total"])
