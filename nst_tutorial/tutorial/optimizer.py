"""The tutorial's optimizer: Adam with its learning rate, beta_1 and epsilon (notebook 06).

Kept apart from :mod:`.training` so that the run's checks (:mod:`.guards`) can
quote the tutorial's learning rate without importing the run.
"""

from __future__ import annotations

import keras

#: The tutorial's optimizer settings.
LEARNING_RATE, BETA_1, EPSILON = 0.02, 0.99, 1e-1


def make_optimizer(learning_rate=LEARNING_RATE, beta_1=BETA_1, epsilon=EPSILON):
    """The tutorial's optimizer: ``Adam(learning_rate=0.02, beta_1=0.99, epsilon=1e-1)``.

    Notebook 06 builds this optimizer by hand and explains its settings. Make a
    new one for every new image variable: a Keras 3 optimizer binds itself to
    the first variables it updates.
    """
    return keras.optimizers.Adam(learning_rate=learning_rate, beta_1=beta_1, epsilon=epsilon)
