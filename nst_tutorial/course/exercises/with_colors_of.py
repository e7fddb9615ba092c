"""Exercise with_colors_of (notebook 08): a result's brightness with the photo's colours."""

from __future__ import annotations

import tensorflow as tf

from ...further.color import with_colors_of
from .checking import Case, Exercise, Mistake, check, draw, register, uniform


def cases(rng=None):
    """Random images, with colours outside RGB once mixed; the right answer is the package's."""
    if rng is None:
        result, content = uniform([1, 6, 5, 3], seed=100), uniform([1, 6, 5, 3], seed=101)
    else:
        shape = [1, int(rng.integers(2, 6)), int(rng.integers(3, 7)), 3]
        result, content = draw(rng, shape), draw(rng, shape)
    yield Case((result, content), with_colors_of(result, content))


def mix(y_of, iq_of, to_rgb=True, clip=True):
    """Y (brightness) of ``y_of`` with I and Q (colours) of ``iq_of``; back to RGB, clipped."""
    y = tf.image.rgb_to_yiq(y_of)[..., :1]
    iq = tf.image.rgb_to_yiq(iq_of)[..., 1:]
    out = tf.concat([y, iq], axis=-1)
    if to_rgb:
        out = tf.image.yiq_to_rgb(out)
    return tf.clip_by_value(out, 0.0, 1.0) if clip else out


EXERCISE = register(Exercise(
    name="with_colors_of",
    notebook="08_going_further",
    params="result, content",
    summary="the luminance of `result` with the colours (YIQ's I and Q) of `content`, in [0, 1].",
    solution='''\
y = tf.image.rgb_to_yiq(result)[..., :1]  # the brightness of the result
iq = tf.image.rgb_to_yiq(content)[..., 1:]  # the colours of the photo
rgb = tf.image.yiq_to_rgb(tf.concat([y, iq], axis=-1))
return tf.clip_by_value(rgb, 0.0, 1.0)
''',
    cases=cases,
    mistakes=[
        Mistake("Y, the brightness, comes from the result; I and Q, the colours, from the "
                "content.",
                lambda result, content: mix(content, result)),
        Mistake("Clip to [0, 1] at the end (nst.clip_0_1): some YIQ colours fall outside RGB.",
                lambda result, content: mix(result, content, clip=False)),
        Mistake("Put the content's I and Q back: tf.concat([y, iq], axis=-1), then "
                "tf.image.yiq_to_rgb.",
                lambda result, content: tf.repeat(tf.image.rgb_to_yiq(result)[..., :1], 3, -1)),
        Mistake("Convert back to RGB with tf.image.yiq_to_rgb.",
                lambda result, content: mix(result, content, to_rgb=False, clip=False)),
        Mistake("Change the result's colours: keep its Y and take I and Q from the content.",
                lambda result, content: result),
        Mistake("Return all three RGB channels, [1, H, W, 3].",
                lambda result, content: tf.image.rgb_to_yiq(result)[..., :1], like="shape"),
    ],
    hint="yiq = tf.image.rgb_to_yiq(...): Y from the result, I and Q from the content, then "
         "tf.image.yiq_to_rgb and clip to [0, 1].",
    many="Return one image, [1, H, W, 3].",
    rtol=1e-4, atol=1e-4,
    answers=("nst.color.with_colors_of",),
))


def check_with_colors_of(fn) -> None:
    """Check your ``my_with_colors_of`` (notebook 08) and print one line."""
    check(EXERCISE, fn)
