"""Exercise deprocess (notebook 02): undo VGG19's Caffe preprocessing."""

from __future__ import annotations

from ...tutorial.features import preprocess
from .checking import Case, Exercise, Mistake, check, draw, register, uniform

MEAN_BGR = (103.939, 116.779, 123.68)  # ImageNet's mean, in B, G, R order


def cases(rng=None):
    """Random RGB images put through the package's preprocess; the right answer is the image."""
    if rng is None:
        images = [uniform([1, 3, 4, 3], seed=30)]
    else:  # one pixel, an image without a batch axis, a batch
        h, w = (int(n) for n in rng.integers(2, 5, 2))
        images = [draw(rng, shape) for shape in ([3], [h, w, 3], [2, h, w, 3])]
    for rgb in images:
        yield Case((preprocess(rgb),), rgb)


EXERCISE = register(Exercise(
    name="deprocess",
    notebook="02_classifying_with_vgg19",
    params="x",
    summary="undo Caffe preprocessing: VGG19's input [..., 3] back to RGB in [0, 1].",
    solution='''\
mean = tf.constant([103.939, 116.779, 123.68])  # blue, green, red
bgr = tf.convert_to_tensor(x, tf.float32) + mean
return bgr[..., ::-1] / 255.0  # back to red, green, blue in [0, 1]
''',
    cases=cases,
    mistakes=[
        Mistake("VGG19's input is in B, G, R order: reverse the channels back to R, G, B "
                "(x[..., ::-1]).",
                lambda x: (x + MEAN_BGR) / 255.0),
        Mistake("The mean (103.939, 116.779, 123.68) is in B, G, R order: add it before you "
                "reverse the channels.",
                lambda x: (x[..., ::-1] + MEAN_BGR) / 255.0),
        Mistake("Add the ImageNet mean back: preprocessing subtracted it, so undoing it adds it.",
                lambda x: (x - MEAN_BGR)[..., ::-1] / 255.0),
        Mistake("Add the ImageNet mean (blue 103.939, green 116.779, red 123.68) back before "
                "dividing by 255.",
                lambda x: x[..., ::-1] / 255.0),
        Mistake("Divide by 255 to come back to [0, 1].",
                lambda x: (x + MEAN_BGR)[..., ::-1]),
    ],
    hint="Undo the steps in reverse order: add the mean (B, G, R), reverse the channels, "
         "divide by 255.",
    rtol=1e-3, atol=1e-4,
))


def check_deprocess(fn) -> None:
    """Check your ``my_deprocess`` (notebook 02) and print one line."""
    check(EXERCISE, fn)
