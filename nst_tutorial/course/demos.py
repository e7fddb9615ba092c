"""Small demonstrations the notebooks run: things done to a picture to show an idea.

:func:`tile_shuffle` (notebook 04) moves the pieces of a picture around while
keeping every pixel value, to show what a Gram matrix does not see.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ..base.errors import ImageError


def tile_shuffle(image, tiles: int | tuple[int, int] = 4, seed: int = 0) -> tf.Tensor:
    """Cut an image into a grid of tiles and put the tiles back in a random order.

    ``image`` is ``[1, H, W, 3]`` or ``[H, W, 3]``; the result has the same shape,
    float32, and holds exactly the same pixel values, only moved. ``tiles`` is
    the grid: ``4`` means 4 x 4 tiles, ``(rows, cols)`` any other grid. When
    ``H`` or ``W`` is not a multiple of the grid, the few leftover pixels at the
    bottom and right edges stay where they are. The same ``seed`` gives the same
    order; with two or more tiles the order is never the original one.

    Notebook 04 introduces this.
    """
    rows, cols = (tiles, tiles) if isinstance(tiles, int) else tiles
    arr = np.array(image, dtype=np.float32)
    if arr.ndim not in (3, 4) or (arr.ndim == 4 and arr.shape[0] != 1):
        raise ImageError(f"tile_shuffle: expected one image [1, H, W, 3], got shape {list(arr.shape)}.")
    pixels = arr[0] if arr.ndim == 4 else arr  # a view: filling it fills arr
    height, width = pixels.shape[0] // max(rows, 1), pixels.shape[1] // max(cols, 1)
    if rows < 1 or cols < 1 or height < 1 or width < 1:
        raise ImageError(
            f"tile_shuffle: a {pixels.shape[1]}x{pixels.shape[0]} image cannot be cut into "
            f"{rows} x {cols} tiles; use a grid of at least 1 x 1 and at most one tile per pixel."
        )
    grid = [(r * height, c * width) for r in range(rows) for c in range(cols)]
    order = np.random.default_rng(seed).permutation(len(grid))
    if len(grid) > 1 and np.all(order == np.arange(len(grid))):
        order = np.roll(order, 1)
    source = pixels.copy()
    for (y, x), k in zip(grid, order):
        sy, sx = grid[k]
        pixels[y:y + height, x:x + width] = source[sy:sy + height, sx:sx + width]
    return tf.convert_to_tensor(arr)
