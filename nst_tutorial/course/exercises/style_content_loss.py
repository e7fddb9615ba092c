"""Exercise style_content_loss (notebook 06): the weighted style and content loss."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ...tutorial.losses import style_content_loss
from .checking import Case, Exercise, Mistake, check, register

ONE_NUMBER = "Return one number: add the style and content losses."


def random_layers(shapes: dict, rng) -> dict:
    return {name: tf.constant(rng.uniform(0, 1, shape).astype(np.float32))
            for name, shape in shapes.items()}


def cases(hidden: bool):
    """Random outputs and targets for a few made-up layers; the right answer is the package's
    style_content_loss."""
    if hidden:
        style = {"s1": [1, 2, 2], "s2": [1, 3, 3], "s3": [1, 5, 5]}
        content = {"c1": [1, 2, 3, 4], "c2": [1, 1, 2, 3]}
        weights = [(0.5, 7.0)]
    else:
        style = {"s1": [1, 3, 3], "s2": [1, 4, 4]}
        content = {"c1": [1, 2, 2, 4]}
        weights = [(2.0, 3.0), (1e-2, 1e4)]
    rng = np.random.default_rng(70 + hidden)
    outputs = {"style": random_layers(style, rng), "content": random_layers(content, rng)}
    style_targets, content_targets = random_layers(style, rng), random_layers(content, rng)
    for sw, cw in weights:
        args = (outputs, style_targets, content_targets, sw, cw)
        yield Case(args, float(style_content_loss(*args)))


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
))


def check_style_content_loss(fn, *, hidden: bool = False) -> None:
    """Check your ``my_style_content_loss`` (notebook 06) and print one line.

    ``hidden=True`` runs the instructor's hidden tests instead.
    """
    check(EXERCISE, fn, hidden=hidden)
