"""The optimiser and one step of gradient descent on the image (notebook 06).

The tutorial keeps the image, the optimiser and the targets in global
variables. Here the step takes them as arguments; the run that owns them,
with its history and best image, is
:class:`nst_tutorial.runs.adam.StyleTransfer`.
"""

from __future__ import annotations

import keras
import tensorflow as tf

from .images import clip_0_1

#: The tutorial's optimizer settings.
LEARNING_RATE, BETA_1, EPSILON = 0.02, 0.99, 1e-1


def make_optimizer(learning_rate=LEARNING_RATE, beta_1=BETA_1, epsilon=EPSILON):
    """The tutorial's optimizer: ``Adam(learning_rate=0.02, beta_1=0.99, epsilon=1e-1)``.

    Make a new one for every new image variable: a Keras 3 optimizer binds
    itself to the first variables it updates.

    Notebook 06 introduces this.
    """
    return keras.optimizers.Adam(learning_rate=learning_rate, beta_1=beta_1, epsilon=epsilon)


def train_step(image: tf.Variable, loss_fn, optimizer) -> None:
    """One step: the gradient of ``loss_fn(image)``, Adam's update, then clip to [0, 1].

    The tutorial's ``train_step``, with what it reads from global variables
    (the loss and the optimizer) passed in. Wrap it in ``tf.function`` to
    compile it.

    Notebook 06 introduces this.
    """
    with tf.GradientTape() as tape:
        loss = loss_fn(image)
    grad = tape.gradient(loss, image)
    optimizer.apply_gradients([(grad, image)])
    image.assign(clip_0_1(image))
