"""Exercise train_step (notebook 07): one step of gradient descent with total variation.

The learner writes notebook 06's step again, with the total variation (their
own, from the neighbour differences) added to the loss with its weight, and
the pixels kept in [0, 1]. The check runs the step on a small image with a
stand-in loss and a plain SGD optimizer, so that each mistake moves the pixels
somewhere else, and compares the image after the step.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

from ...base.language import tr
from ...tutorial.losses import high_pass_x_y
from .checking import Case, Exercise, Mistake, Run, check, draw, register, uniform

#: How the check (and the graded cell) runs a step: a fresh image variable, a quadratic
#: stand-in for the style and content loss, plain SGD. What is compared is the image after it.
CALL = '''\
def _call(fn, image, target, learning_rate, weight):
    variable = _tf.Variable(_tf.constant(image, _tf.float32))
    fn(variable, lambda x: _tf.reduce_sum((x - target) ** 2),
       _keras.optimizers.SGD(learning_rate=learning_rate), weight)
    return variable.numpy()
'''
_namespace = {"_tf": tf, "_keras": keras, "_np": np}
exec(CALL, _namespace)  # noqa: S102  (the same code as in the graded cell)
run_step = _namespace["_call"]


def variation(image, per_direction=lambda d: tf.reduce_sum(tf.abs(d)), directions=(0, 1)):
    deltas = high_pass_x_y(image)
    return tf.add_n([per_direction(deltas[k]) for k in directions])


def step(image, loss_fn, optimizer, weight, tv=variation, clip=True, weigh_tv=True):
    """The right step, or one with a mistake: another total variation, no clip, the weight
    on the other term."""
    with tf.GradientTape() as tape:
        loss = loss_fn(image) + weight * tv(image) if weigh_tv else \
            weight * loss_fn(image) + tv(image)
    optimizer.apply_gradients([(tape.gradient(loss, image), image)])
    if clip:
        image.assign(tf.clip_by_value(image, 0.0, 1.0))


def cases(rng=None):
    """An image in (0, 1), a target partly outside [0, 1] (so that clipping matters), a
    learning rate and a weight; the right answer is the image after the right step."""
    if rng is None:
        calls = [(uniform([1, 4, 5, 3], seed=80, low=0.1, high=0.9),
                  uniform([1, 4, 5, 3], seed=81, low=-0.5, high=1.5), 0.2, 0.05)]
    else:
        calls = []
        for _ in range(2):
            shape = [1, int(rng.integers(3, 6)), int(rng.integers(3, 6)), 3]
            target = rng.uniform(-0.5, 1.5, shape).astype(np.float32)
            target[0, 0, 0, 0], target[0, -1, -1, -1] = -3.0, 4.0  # pixels pushed out of [0, 1]
            calls.append((draw(rng, shape, 0.1, 0.9), tf.constant(target),
                          float(rng.uniform(0.1, 0.3)), float(rng.uniform(0.02, 0.1))))
    for image, target, learning_rate, weight in calls:
        args = (image.numpy(), target.numpy(), learning_rate, weight)
        yield Case(args, run_step(step, *args))


def judge(run: Run, case: Case) -> None:
    """Run the learner's step as the graded cell does; compare the image after it."""
    got = run.read(run_step(run.call, *case.args), np.shape(case.want))
    run.compare(got, case.want, lambda: run.exercise.hint_for(
        got, np.asarray(case.want, np.float64),
        lambda mistake: run_step(mistake.answer, *case.args)), what=tr("the pixels after the step"))


EXERCISE = register(Exercise(
    name="train_step",
    notebook="07_total_variation",
    params="image, loss_fn, optimizer, total_variation_weight",
    summary="one step on loss_fn(image) + total_variation_weight * TV(image), then clip to "
            "[0, 1]; the image variable is updated in place.",
    solution='''\
with tf.GradientTape() as tape:
    x_deltas, y_deltas = high_pass_x_y(image)
    variation = tf.reduce_sum(tf.abs(x_deltas)) + tf.reduce_sum(tf.abs(y_deltas))
    loss = loss_fn(image) + total_variation_weight * variation
grad = tape.gradient(loss, image)
optimizer.apply_gradients([(grad, image)])
image.assign(tf.clip_by_value(image, 0.0, 1.0))
''',
    cases=cases,
    judge=judge,
    mistakes=[
        Mistake("Add the total variation to the loss, times its weight: the pixels moved as "
                "if it were not there.",
                lambda image, loss_fn, opt, w: step(image, loss_fn, opt, w, tv=lambda x: 0.0)),
        Mistake("Keep the pixels in [0, 1] after the optimizer's step: assign the clipped image "
                "back to the variable.",
                lambda image, loss_fn, opt, w: step(image, loss_fn, opt, w, clip=False)),
        Mistake("Total variation adds absolute differences (as tf.image.total_variation does), "
                "not squares.",
                lambda image, loss_fn, opt, w: step(image, loss_fn, opt, w, tv=lambda x: variation(
                    x, lambda d: tf.reduce_sum(d ** 2))),
                rtol=1e-5, atol=1e-6),
        Mistake("Add the differences up (a sum); a mean divides them by their number.",
                lambda image, loss_fn, opt, w: step(image, loss_fn, opt, w, tv=lambda x: variation(
                    x, lambda d: tf.reduce_mean(tf.abs(d)))),
                rtol=1e-5, atol=1e-6),
        Mistake("Total variation has two directions: neighbours along the width and along the "
                "height.",
                lambda image, loss_fn, opt, w: step(image, loss_fn, opt, w, tv=lambda x: variation(
                    x, directions=(0,)))),
        Mistake("Total variation has two directions: neighbours along the width and along the "
                "height.",
                lambda image, loss_fn, opt, w: step(image, loss_fn, opt, w, tv=lambda x: variation(
                    x, directions=(1,)))),
        Mistake("The weight multiplies the total variation, not the style and content loss.",
                lambda image, loss_fn, opt, w: step(image, loss_fn, opt, w, weigh_tv=False)),
    ],
    hint="Inside the tape: loss = loss_fn(image) + total_variation_weight * (the sum of the "
         "absolute neighbour differences); then the gradient, the optimizer's step, and clip.",
    rtol=1e-5, atol=1e-6,
    answers=("tf.image.total_variation", "nst.total_variation_loss", "nst.train_step",
             "nst.StyleTransfer"),
    hidden_call=CALL,
))


def check_train_step(fn) -> None:
    """Check your ``my_train_step`` (notebook 07) and print one line."""
    check(EXERCISE, fn)
