"""Checks for the course's exercises: your function against the package's reference.

Each ``check_*`` function calls your function on small test inputs, compares
the result with the reference implementation, prints one line (and a hint when
the answer is wrong) and returns ``True`` or ``False``. A check never raises:
an exercise you have not attempted yet, or code that fails, is reported and the
notebook carries on with the package's own version.
"""

from __future__ import annotations

import traceback

import numpy as np
import tensorflow as tf

from ..tutorial.features import preprocess, vgg_layers
from ..tutorial.images import resize_to_max_dim
from ..tutorial.losses import gram_matrix, style_content_loss

PASS, FAIL, TODO = "✅", "❌", "✏️"


def _say(ok: bool | None, name: str, message: str, hint: str | None = None) -> bool:
    mark = TODO if ok is None else (PASS if ok else FAIL)
    print(f"{mark} {name}: {message}")
    if hint and not ok:
        print(f"   Hint: {hint}")
    return bool(ok)


def _call(name: str, fn, *args, **kwargs):
    """Run the learner's function; return (result, None) or (None, reported False)."""
    try:
        return fn(*args, **kwargs), None
    except NotImplementedError:
        return None, _say(None, name, "not attempted yet. Write your code, then run this cell again.")
    except Exception as e:  # the learner's code may fail in any way
        frame = traceback.extract_tb(e.__traceback__)[-1]
        where = f" (line {frame.lineno}: {frame.line})" if frame.line else ""
        return None, _say(False, name, f"your function raised {type(e).__name__}: {e}{where}")


def _compare(name, got, want, hints=(), rtol=1e-4, atol=1e-5, say_ok=True) -> bool:
    """Compare arrays; ``hints`` is a list of ``(predicate(got, want), hint)`` tried in order."""
    got = np.asarray(got, dtype=np.float64) if got is not None else None
    want = np.asarray(want, dtype=np.float64)
    if got is None:
        return _say(False, name, "your function returned None.", "Did you forget `return`?")
    if got.shape != want.shape:
        hint = next((h for p, h in hints if p(got, want)), None)
        return _say(False, name, f"shape {list(got.shape)}, expected {list(want.shape)}.", hint)
    if np.allclose(got, want, rtol=rtol, atol=atol):
        return _say(True, name, "correct, it matches the reference.") if say_ok else True
    err = float(np.max(np.abs(got - want)))
    hint = next((h for p, h in hints if p(got, want)), None)
    return _say(False, name, f"values differ from the reference (largest difference {err:.3g}).", hint)


def _ratio_is(got, want, factor) -> bool:
    with np.errstate(divide="ignore", invalid="ignore"):
        return got.shape == want.shape and np.allclose(got, want * factor, rtol=1e-3)


def check_resize(fn) -> bool:
    """``fn(image [H, W, 3], max_dim)`` must scale the long side to ``max_dim``, keeping the aspect.

    Notebook 01 introduces this.
    """
    name = "resize_to_max_dim"
    image = tf.random.stateless_uniform([30, 45, 3], seed=(1, 2))
    for max_dim in (90, 20):
        got, failed = _call(name, fn, image, max_dim)
        if failed is not None:
            return failed
        ok = _compare(name, got, resize_to_max_dim(image, max_dim), say_ok=max_dim == 20, hints=[
            (lambda g, w: g.shape[:2] == w.shape[:2][::-1], "Height comes first in a shape: [H, W, 3]."),
            (lambda g, w: g.shape != w.shape,
             "Scale both sides by max_dim / long_side and round down with tf.cast(..., tf.int32)."),
            (lambda g, w: True, "Resize with tf.image.resize(image, new_shape)."),
        ])
        if not ok:
            return False
    return True


def check_vgg_layers(fn) -> bool:
    """``fn(layer_names)`` must return a model whose outputs are those layers' activations.

    Notebook 03 introduces this.
    """
    name = "vgg_layers"
    names = ["block1_conv1", "block3_conv1"]
    got_model, failed = _call(name, fn, names)
    if failed is not None:
        return failed
    x = preprocess(tf.random.stateless_uniform([1, 32, 32, 3], seed=(3, 4)))
    got, failed = _call(name, got_model, x)
    if failed is not None:
        return failed
    want = vgg_layers(names)(x)
    if not isinstance(got, (list, tuple)) or len(got) != len(want):
        return _say(False, name, f"the model should return {len(want)} outputs, one per layer name.",
                    "outputs = [vgg.get_layer(name).output for name in layer_names]")
    return all(
        _compare(f"{name} [{layer}]", g, w, hints=[
            (lambda g, w: True, "Build VGG19 with nst.load_vgg19(), set trainable = False, and use "
                                "keras.Model([vgg.input], outputs).")])
        for layer, g, w in zip(names, got, want)
    )


def check_gram_matrix(fn) -> bool:
    """``fn(features [B, H, W, C])`` must return the Gram matrices ``[B, C, C]``.

    Notebook 04 introduces this.
    """
    name = "gram_matrix"
    features = tf.random.stateless_uniform([1, 6, 5, 4], seed=(5, 6))
    got, failed = _call(name, fn, features)
    if failed is not None:
        return failed
    return _compare(name, got, gram_matrix(features), hints=[
        (lambda g, w: g.shape == (1, 6, 6) or g.shape == (1, 5, 5),
         "Sum over the locations i, j: the result is channels x channels, 'bijc,bijd->bcd'."),
        (lambda g, w: _ratio_is(g, w, 30.0), "Divide by the number of locations, H * W."),
        (lambda g, w: _ratio_is(g, w, 30.0 / 4), "Divide by H * W, not by H * W * C."),
        (lambda g, w: True, "G[b, c, d] = sum over i, j of F[b, i, j, c] * F[b, i, j, d], / (H * W)."),
    ])


def _loss_inputs():
    shapes = {"style": {"s1": [1, 3, 3], "s2": [1, 4, 4]}, "content": {"c1": [1, 2, 2, 4]}}
    seed = iter(range(100))

    def rand(shape):
        return tf.random.stateless_uniform(shape, seed=(7, next(seed)))

    outputs = {k: {n: rand(s) for n, s in v.items()} for k, v in shapes.items()}
    targets = {k: {n: rand(s) for n, s in v.items()} for k, v in shapes.items()}
    return outputs, targets["style"], targets["content"]


def check_style_content_loss(fn) -> bool:
    """``fn(outputs, style_targets, content_targets, style_weight, content_weight)`` -> a scalar.

    Notebook 06 introduces this.
    """
    name = "style_content_loss"
    outputs, style_targets, content_targets = _loss_inputs()
    for weights in ((1e-2, 1e4), (2.0, 3.0)):
        got, failed = _call(name, fn, outputs, style_targets, content_targets, *weights)
        if failed is not None:
            return failed
        want = style_content_loss(outputs, style_targets, content_targets, *weights)
        ok = _compare(name, np.reshape(np.asarray(got), ()) if np.size(got) == 1 else got, want,
                      rtol=1e-4, say_ok=weights[0] == 2.0, hints=[
            (lambda g, w: g.shape != (), "Return one number: add the style and content losses."),
            (lambda g, w: True, "For each layer take tf.reduce_mean((output - target) ** 2), add the "
                                "layers with tf.add_n, then multiply by weight / number of layers."),
        ])
        if not ok:
            return False
    return True


def check_total_variation_loss(fn) -> bool:
    """``fn(image [1, H, W, 3])`` must equal ``tf.image.total_variation``.

    Notebook 07 introduces this.
    """
    name = "total_variation_loss"
    image = tf.random.stateless_uniform([1, 7, 9, 3], seed=(8, 9))
    got, failed = _call(name, fn, image)
    if failed is not None:
        return failed
    want = tf.reduce_sum(tf.image.total_variation(image))
    got = np.reshape(np.asarray(got), ()) if got is not None and np.size(got) == 1 else got
    return _compare(name, got, want, rtol=1e-4, hints=[
        (lambda g, w: g.shape != (), "Return one number: sum everything with tf.reduce_sum."),
        (lambda g, w: g < w, "Add both directions: the horizontal and the vertical differences."),
        (lambda g, w: True, "Take absolute values of the differences (tf.abs), not squares."),
    ])
