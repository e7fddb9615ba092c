"""Exercise style_content_loss (notebook 06): find why a given loss explodes, and fix it.

The notebook shows :func:`exploding_loss`, which sums the squared differences of the
Gram matrices where the tutorial averages them; the learner finds it by measuring, and
writes the tutorial's loss.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ...tutorial.losses import style_content_loss
from .checking import Case, Exercise, Mistake, check, register

ONE_NUMBER = "Return one number: add the style and content losses."


def random_layers(shapes: dict, rng) -> dict:
    return {name: tf.constant(rng.uniform(0, 1, shape).astype(np.float32))
            for name, shape in shapes.items()}


def cases(rng=None):
    """Random outputs and targets for a few made-up layers; the right answer is the package's
    style_content_loss."""
    if rng is None:
        style = {"s1": [1, 3, 3], "s2": [1, 4, 4]}
        content = {"c1": [1, 2, 2, 4]}
        weights = [(2.0, 3.0), (1e-2, 1e4)]
        rng = np.random.default_rng(70)
    else:  # three style layers, two content layers, weights of any size
        style = {f"s{n}": [1, c, c] for n, c in enumerate(rng.integers(2, 6, 3))}
        content = {f"c{n}": [1, 2, 2, int(c)] for n, c in enumerate(rng.integers(1, 4, 2))}
        weights = [tuple(float(w) for w in 10.0 ** rng.uniform(-2, 2, 2))]
    outputs = {"style": random_layers(style, rng), "content": random_layers(content, rng)}
    style_targets, content_targets = random_layers(style, rng), random_layers(content, rng)
    for sw, cw in weights:
        args = (outputs, style_targets, content_targets, sw, cw)
        yield Case(args, float(style_content_loss(*args)))


#: The loss notebook 06 shows, as the learner finds it.
EXPLODING_LOSS = '''\
def exploding_loss(outputs, style_targets, content_targets,
                   style_weight=1e-2, content_weight=1e4):
    style = [tf.reduce_sum((outputs["style"][name] - style_targets[name]) ** 2)
             for name in outputs["style"]]
    content = [tf.reduce_mean((outputs["content"][name] - content_targets[name]) ** 2)
               for name in outputs["content"]]
    return (style_weight * tf.add_n(style) / len(style)
            + content_weight * tf.add_n(content) / len(content))
'''


def exploding_loss(outputs, style_targets, content_targets, style_weight=1e-2,
                   content_weight=1e4):
    namespace = {"tf": tf}
    exec(EXPLODING_LOSS, namespace)  # noqa: S102  (the notebook's code, run as it is shown)
    return namespace["exploding_loss"](outputs, style_targets, content_targets, style_weight,
                                       content_weight)


def mean_square(a, b):
    return tf.reduce_mean((a - b) ** 2)


def losses(outputs, style_targets, content_targets, per_layer=mean_square):
    """The style and content losses of each layer, unweighted."""
    style = [per_layer(outputs["style"][n], style_targets[n]) for n in outputs["style"]]
    content = [per_layer(outputs["content"][n], content_targets[n]) for n in outputs["content"]]
    return style, content


def weighted(style, content, style_weight, content_weight):
    """The solution's sum: each part weighted and divided by its number of layers."""
    return (style_weight * tf.add_n(style) / len(style)
            + content_weight * tf.add_n(content) / len(content))


EXERCISE = register(Exercise(
    name="style_content_loss",
    notebook="06_gradient_descent",
    params="outputs, style_targets, content_targets, style_weight=1e-2, content_weight=1e4",
    summary="weighted style loss + weighted content loss, one number.",
    solution='''\
style_outputs, content_outputs = outputs["style"], outputs["content"]
style_loss = tf.add_n([tf.reduce_mean((style_outputs[name] - style_targets[name]) ** 2)
                       for name in style_outputs])
style_loss *= style_weight / len(style_outputs)
content_loss = tf.add_n([tf.reduce_mean((content_outputs[name] - content_targets[name]) ** 2)
                         for name in content_outputs])
content_loss *= content_weight / len(content_outputs)
return style_loss + content_loss
''',
    cases=cases,
    mistakes=[
        Mistake("That is still the exploding loss. Measure each style layer's term with it and "
                "with nst.style_content_loss: by what factor do they differ, and what size is a "
                "Gram matrix of that layer?",
                exploding_loss),
        Mistake("Multiply each sum by weight / number of layers: tf.add_n([...]) * style_weight / "
                "len(style_outputs).",
                lambda o, st, ct, sw, cw: (lambda s, c: sw * tf.add_n(s) + cw * tf.add_n(c))(
                    *losses(o, st, ct))),
        Mistake("Average within each layer: tf.reduce_mean of the squared differences, not "
                "tf.reduce_sum.",
                lambda o, st, ct, sw, cw: weighted(
                    *losses(o, st, ct, lambda a, b: tf.reduce_sum((a - b) ** 2)), sw, cw)),
        Mistake("style_weight goes with the style loss and content_weight with the content loss.",
                lambda o, st, ct, sw, cw: weighted(*losses(o, st, ct), cw, sw)),
        Mistake("Add the content loss too.",
                lambda o, st, ct, sw, cw: weighted(*losses(o, st, ct), sw, 0.0)),
        Mistake("Add the style loss too.",
                lambda o, st, ct, sw, cw: weighted(*losses(o, st, ct), 0.0, cw)),
        Mistake("Square the differences: (output - target) ** 2.",
                lambda o, st, ct, sw, cw: weighted(
                    *losses(o, st, ct, lambda a, b: tf.reduce_mean(tf.abs(a - b))), sw, cw)),
        Mistake(ONE_NUMBER, lambda o, st, ct, sw, cw: tf.stack(
            [tf.add_n(part) for part in losses(o, st, ct)]), like="shape"),
    ],
    hint="For each layer take tf.reduce_mean((output - target) ** 2), add the layers with "
         "tf.add_n, multiply by weight / number of layers, and add style and content.",
    returns="number",
    many=ONE_NUMBER,
    rtol=1e-4, atol=1e-6,
    answers=("nst.style_content_loss", "nst.loss_components"),
))


def check_style_content_loss(fn) -> None:
    """Check your ``my_style_content_loss`` (notebook 06) and print one line."""
    check(EXERCISE, fn)
