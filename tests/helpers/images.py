"""Small seeded pictures for the tests: smooth colour waves, or uniform noise."""

from __future__ import annotations

import numpy as np
import tensorflow as tf


def smooth_image(height: int, width: int, seed: int) -> np.ndarray:
    """A ``[H, W, 3]`` float32 picture in [0, 1]: smooth colour waves plus a little noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    channels = []
    for _ in range(3):
        fy, fx, phase = rng.uniform(0.05, 0.3, 3)
        channels.append(0.5 + 0.4 * np.sin(fy * y + fx * x + 6 * phase))
    img = np.stack(channels, axis=-1) + rng.normal(0, 0.03, (height, width, 3))
    return np.clip(img, 0, 1).astype(np.float32)


def tiny_image(seed: int, size: int = 32) -> tf.Tensor:
    """A ``[1, size, size, 3]`` float32 image of seeded uniform noise in [0.1, 0.9]."""
    rng = np.random.default_rng(seed)
    return tf.constant(rng.uniform(0.1, 0.9, (1, size, size, 3)).astype(np.float32))
