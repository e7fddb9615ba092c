"""Exercise layer_shape (notebook 05): the shape of a VGG19 conv layer's activations."""

from __future__ import annotations

import math

from .checking import Case, Exercise, Mistake, check, register

#: VGG19's channels per block, blocks 1 to 5.
VGG19_CHANNELS = (64, 128, 256, 512, 512)
ROUND_DOWN = "Each pooling rounds down (37 rows become 18, then 9): use //, not / or rounding."


def block(layer_name: str) -> int:
    """K of "blockK_convN"."""
    return int(layer_name[len("block")])


def factor(layer_name: str) -> int:
    """How much smaller than the image the layer's activations are: 2 ** (K - 1)."""
    return 2 ** (block(layer_name) - 1)


def channels(layer_name: str) -> int:
    return VGG19_CHANNELS[block(layer_name) - 1]


def cases(rng=None):
    """Layer names and image sizes; the right answer is worked out from VGG19's plan."""
    if rng is None:
        calls = [("block5_conv2", 37, 250), ("block1_conv1", 37, 250), ("block3_conv4", 100, 61)]
    else:  # blocks 2 to 5, and sizes that the poolings do not divide evenly
        calls = [(f"block{k}_conv{int(rng.integers(1, 3))}",
                  int(2 ** k * rng.integers(1, 30) + rng.integers(1, 2 ** (k - 1)) * 2 - 1),
                  int(2 ** k * rng.integers(1, 30) + 2 ** (k - 1) + 1)) for k in (2, 4, 5)]
        calls[1] = (calls[1][0], calls[1][2], calls[1][1])  # a portrait among landscapes
    for name, h, w in calls:
        yield Case((name, h, w), [1, h // factor(name), w // factor(name), channels(name)])


EXERCISE = register(Exercise(
    name="layer_shape",
    notebook="05_style_and_content",
    params="layer_name, height, width",
    summary="the shape [1, h, w, C] of a VGG19 conv layer's activations for a height x width "
            "image.",
    solution='''\
block = int(layer_name[len("block")])  # "block3_conv1" -> 3
poolings = block - 1  # blocks 1 to K-1 each end with a 2 x 2 pooling
channels = [64, 128, 256, 512, 512][block - 1]
return [1, height // 2**poolings, width // 2**poolings, channels]
''',
    cases=cases,
    mistakes=[
        Mistake("blockK_convN comes before its own block's pooling: block1 sees the whole "
                "image, block2 half of it. Divide by 2 ** (K - 1).",
                lambda name, h, w: [1, h // (2 * factor(name)), w // (2 * factor(name)),
                                    channels(name)]),
        Mistake("Every block before blockK ends with a pooling: divide by 2 ** (K - 1).",
                lambda name, h, w: [1, h // max(1, factor(name) // 2),
                                    w // max(1, factor(name) // 2), channels(name)]),
        Mistake(ROUND_DOWN, lambda name, h, w: [1, math.ceil(h / factor(name)),
                                                math.ceil(w / factor(name)), channels(name)]),
        Mistake(ROUND_DOWN, lambda name, h, w: [1, round(h / factor(name)),
                                                round(w / factor(name)), channels(name)]),
        Mistake("The extractor keeps the batch axis: [1, h, w, C].",
                lambda name, h, w: [h // factor(name), w // factor(name), channels(name)]),
        Mistake("Height first: [1, h, w, C].",
                lambda name, h, w: [1, w // factor(name), h // factor(name), channels(name)]),
        Mistake("The channels are 64, 128, 256, 512 and 512 for blocks 1 to 5: they double up "
                "to block 4, then stay.",
                lambda name, h, w: [1, h // factor(name), w // factor(name), 64 * factor(name)]),
    ],
    hint="Read the block number K from the name; h = height // 2 ** (K - 1), the same for w.",
    returns="numbers",
    rtol=0, atol=1e-9,
    # Without running the network: building it and reading the shape does not count.
    answers=("nst.load_vgg19", "nst.vgg_layers", "keras.applications.VGG19",
             "nst.StyleContentModel"),
))


def check_layer_shape(fn) -> None:
    """Check your ``my_layer_shape`` (notebook 05) and print one line."""
    check(EXERCISE, fn)
