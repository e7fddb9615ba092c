"""A catalogue of typical wrong answers to every exercise, and the hint each must get.

Each wrong answer is written the way a learner would write it (TensorFlow or
NumPy code of their own, not the check's formulas). Its check must say ❌ in
one line and give the hint that fits that mistake. Then: right answers in
other forms (NumPy instead of TensorFlow, other dtypes) pass; whatever a
function returns or raises, a check answers in one line and never raises; a
check prints one line and returns None (so a cell shows no True or False);
under nbgrader a check that does not pass raises an AssertionError.
"""

from __future__ import annotations

import contextlib
import io

import keras
import numpy as np
import pytest
import tensorflow as tf

import nst_tutorial as nst
from nst_tutorial.base.errors import ExerciseNotPassed
from nst_tutorial.course.exercises import EXERCISES, FAIL, PASS, TODO, judge


@pytest.fixture(autouse=True)
def _random_quick(quick_random_offline, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


def hw(image):
    shape = tf.cast(tf.shape(image)[:-1], tf.float32)
    return shape, tf.reduce_max(shape)


def deltas(image):
    return image[:, :, 1:] - image[:, :, :-1], image[:, 1:] - image[:, :-1]


MEAN_BGR = np.array([103.939, 116.779, 123.68], np.float32)
LUMA = tf.constant([0.299, 0.587, 0.114])


def sq(a, b):
    return tf.reduce_mean((a - b) ** 2)


def vgg_model(names, order=None, attribute="output"):
    vgg = nst.load_vgg19()
    outputs = [getattr(vgg.get_layer(n), attribute) for n in (order(names) if order else names)]
    return keras.Model([vgg.input], outputs)


def fresh_vgg_model(names, weights=None):
    """A model to the named layers of a new Keras VGG19: its own weights, or ``weights``."""
    vgg = keras.applications.VGG19(include_top=False, weights=None)
    if weights is not None:
        vgg.set_weights(weights)
    return keras.Model([vgg.input], [vgg.get_layer(n).output for n in names])


def yiq_mix(y_of, iq_of, clip=True, back=True):
    y = tf.image.rgb_to_yiq(y_of)[..., :1]
    iq = tf.image.rgb_to_yiq(iq_of)[..., 1:]
    out = tf.concat([y, iq], axis=-1)
    if back:
        out = tf.image.yiq_to_rgb(out)
    return tf.clip_by_value(out, 0, 1) if clip else out


def sobel_rows(image, weights=(1, 2, 1), sign=1):
    x, _ = deltas(image)
    rml = sign * (x[:, :, 1:] + x[:, :, :-1])
    a, b, c = weights
    return a * rml[:, :-2] + b * rml[:, 1:-1] + c * rml[:, 2:]


def loss_parts(outputs, st, ct, reduce=sq):
    s = [reduce(outputs["style"][n], st[n]) for n in outputs["style"]]
    c = [reduce(outputs["content"][n], ct[n]) for n in outputs["content"]]
    return s, c


# (exercise, what the learner did, their function, a piece of the hint it must get)
WRONG = [
    # 01 resize_to_max_dim
    ("resize_to_max_dim", "adds a batch axis",
     lambda image, m: nst.resize_to_max_dim(image, m)[tf.newaxis], "batch axis is added later"),
    ("resize_to_max_dim", "scales by the short side",
     lambda image, m: tf.image.resize(image, tf.cast(hw(image)[0] * m / tf.reduce_min(
         hw(image)[0]), tf.int32)), "long side"),
    ("resize_to_max_dim", "rounds to the nearest pixel",
     lambda image, m: tf.image.resize(image, tf.cast(tf.round(hw(image)[0] * m / hw(image)[1]),
                                                     tf.int32)), "Round down"),
    ("resize_to_max_dim", "writes the shape as width, height",
     lambda image, m: tf.image.resize(image, tf.cast(hw(image)[0] * m / hw(image)[1],
                                                     tf.int32)[::-1]), "Height comes first"),
    ("resize_to_max_dim", "makes it a square", lambda image, m: tf.image.resize(image, [m, m]),
     "aspect ratio"),
    ("resize_to_max_dim", "forgets to resize", lambda image, m: image, "tf.image.resize"),
    ("resize_to_max_dim", "returns 0-255 values",
     lambda image, m: nst.resize_to_max_dim(image, m) * 255, "[0, 1]"),
    ("resize_to_max_dim", "uses nearest-neighbour resizing",
     lambda image, m: tf.image.resize(image, tf.cast(hw(image)[0] * m / hw(image)[1], tf.int32),
                                      method="nearest"), "bilinear"),
    # 01 grayscale
    ("grayscale", "averages the channels",
     lambda image: tf.reduce_mean(image, axis=-1, keepdims=True), "plain mean"),
    ("grayscale", "weights in B, G, R order",
     lambda image: tf.reduce_sum(image * LUMA[::-1], axis=-1, keepdims=True), "R, G, B"),
    ("grayscale", "drops the channel axis", lambda image: tf.reduce_sum(image * LUMA, axis=-1),
     "channel axis of size 1"),
    ("grayscale", "keeps three grey channels",
     lambda image: tf.repeat(tf.reduce_sum(image * LUMA, -1, keepdims=True), 3, -1),
     "not repeated"),
    ("grayscale", "adds the channels", lambda image: tf.reduce_sum(image, -1, keepdims=True),
     "add up to 1"),
    # 02 deprocess
    ("deprocess", "leaves the channels in B, G, R order",
     lambda x: (np.asarray(x) + MEAN_BGR) / 255, "reverse the channels"),
    ("deprocess", "adds the mean after reversing",
     lambda x: (np.asarray(x)[..., ::-1] + MEAN_BGR) / 255, "before you reverse"),
    ("deprocess", "subtracts the mean again",
     lambda x: (np.asarray(x) - MEAN_BGR)[..., ::-1] / 255, "Add the ImageNet mean back"),
    ("deprocess", "forgets the mean", lambda x: np.asarray(x)[..., ::-1] / 255,
     "before dividing by 255"),
    ("deprocess", "forgets to divide by 255", lambda x: (np.asarray(x) + MEAN_BGR)[..., ::-1],
     "Divide by 255"),
    # 03 vgg_layers
    ("vgg_layers", "returns VGG19 itself", lambda names: nst.load_vgg19(), "not VGG19 itself"),
    ("vgg_layers", "returns the outputs without a model",
     lambda names: [nst.load_vgg19().get_layer(n).output for n in names], "keras.Model"),
    ("vgg_layers", "sorts the layers",
     lambda names: vgg_model(names, order=lambda n: sorted(n, reverse=True)), "order"),
    ("vgg_layers", "takes the layers' inputs",
     lambda names: vgg_model(names, attribute="input"), ".input"),
    ("vgg_layers", "builds a new VGG19 with weights of its own", fresh_vgg_model,
     "nst.load_vgg19()"),
    # 03 strongest_channel
    ("strongest_channel", "returns the mean value",
     lambda a: tf.reduce_max(tf.reduce_mean(a, axis=[0, 1, 2])), "not its mean value"),
    ("strongest_channel", "takes the largest single value",
     lambda a: int(tf.argmax(tf.reduce_max(a, axis=[0, 1, 2]))), "not the largest single value"),
    ("strongest_channel", "takes the smallest mean",
     lambda a: int(tf.argmin(tf.reduce_mean(a, axis=[0, 1, 2]))), "not the smallest"),
    ("strongest_channel", "counts from 1",
     lambda a: int(tf.argmax(tf.reduce_mean(a, axis=[0, 1, 2]))) + 1, "count from 0"),
    ("strongest_channel", "returns all the means", lambda a: tf.reduce_mean(a, axis=[0, 1, 2]),
     "to one number"),
    ("strongest_channel", "takes argmax over the channels at each position",
     lambda a: tf.argmax(a, axis=-1), "axis=[0, 1, 2]"),
    # 04 gram_matrix
    ("gram_matrix", "divides by C alone",
     lambda x: tf.einsum("bijc,bijd->bcd", x, x) / float(x.shape[-1]), "not by C"),
    ("gram_matrix", "divides by H * W * C",
     lambda x: tf.einsum("bijc,bijd->bcd", x, x) / float(np.prod(x.shape[1:])), "H * W * C"),
    ("gram_matrix", "does not divide", lambda x: tf.einsum("bijc,bijd->bcd", x, x),
     "Divide by the number of positions"),
    ("gram_matrix", "sums over the channels instead",
     lambda x: tf.einsum("bijc,bkjc->bik", x, x) / 30.0, "channels x channels"),
    ("gram_matrix", "drops the batch axis",
     lambda x: tf.einsum("bijc,bijd->cd", x, x) / float(x.shape[1] * x.shape[2]), "batch axis"),
    ("gram_matrix", "divides by H only",
     lambda x: tf.einsum("bijc,bijd->bcd", x, x) / float(x.shape[1]), "both the height and"),
    # 05 layer_shape
    ("layer_shape", "counts the layer's own pooling",
     lambda name, h, w: [1, h // 2 ** int(name[5]), w // 2 ** int(name[5]),
                         [64, 128, 256, 512, 512][int(name[5]) - 1]], "before its own block"),
    ("layer_shape", "rounds up",
     lambda name, h, w: [1, int(np.ceil(h / 2 ** (int(name[5]) - 1))),
                         int(np.ceil(w / 2 ** (int(name[5]) - 1))),
                         [64, 128, 256, 512, 512][int(name[5]) - 1]], "rounds down"),
    ("layer_shape", "leaves out the batch axis",
     lambda name, h, w: (h // 2 ** (int(name[5]) - 1), w // 2 ** (int(name[5]) - 1),
                         [64, 128, 256, 512, 512][int(name[5]) - 1]), "batch axis"),
    ("layer_shape", "doubles the channels at every block",
     lambda name, h, w: [1, h // 2 ** (int(name[5]) - 1), w // 2 ** (int(name[5]) - 1),
                         64 * 2 ** (int(name[5]) - 1)], "then stay"),
    ("layer_shape", "puts the width first",
     lambda name, h, w: tf.TensorShape([1, w // 2 ** (int(name[5]) - 1),
                                        h // 2 ** (int(name[5]) - 1),
                                        [64, 128, 256, 512, 512][int(name[5]) - 1]]),
     "Height first"),
    # 06 style_content_loss
    ("style_content_loss", "returns the two losses",
     lambda o, st, ct, sw, cw: tuple(tf.add_n(p) for p in loss_parts(o, st, ct)),
     "Return one number"),
    ("style_content_loss", "forgets to divide by the number of layers",
     lambda o, st, ct, sw, cw: sw * tf.add_n(loss_parts(o, st, ct)[0])
     + cw * tf.add_n(loss_parts(o, st, ct)[1]), "number of layers"),
    ("style_content_loss", "sums within each layer",
     lambda o, st, ct, sw, cw: (lambda s, c: sw * tf.add_n(s) / len(s) + cw * tf.add_n(c) / len(c))(
         *loss_parts(o, st, ct, lambda a, b: tf.reduce_sum((a - b) ** 2))), "not tf.reduce_sum"),
    ("style_content_loss", "swaps the weights",
     lambda o, st, ct, sw, cw: (lambda s, c: cw * tf.add_n(s) / len(s) + sw * tf.add_n(c) / len(c))(
         *loss_parts(o, st, ct)), "style_weight goes with the style loss"),
    ("style_content_loss", "leaves out the content loss",
     lambda o, st, ct, sw, cw: sw * tf.add_n(loss_parts(o, st, ct)[0]) / len(st),
     "content loss too"),
    ("style_content_loss", "takes absolute differences",
     lambda o, st, ct, sw, cw: (lambda s, c: sw * tf.add_n(s) / len(s) + cw * tf.add_n(c) / len(c))(
         *loss_parts(o, st, ct, lambda a, b: tf.reduce_mean(tf.abs(a - b)))), "Square"),
    # 06 style_weight
    ("style_weight", "puts the distances upside down",
     lambda sd, cd, cw, b: b * cw * sd / cd, "goes below the line"),
    ("style_weight", "returns the ratio of the weights", lambda sd, cd, cw, b: b * cd / sd,
     "multiply by content_weight"),
    ("style_weight", "divides by the balance", lambda sd, cd, cw, b: cw * cd / sd / b,
     "don't divide"),
    ("style_weight", "forgets the balance", lambda sd, cd, cw, b: cw * cd / sd, "Multiply by balance"),
    # 07 total_variation_loss
    ("total_variation_loss", "adds squares, as the tutorial's text says",
     lambda image: sum(tf.reduce_sum(d ** 2) for d in deltas(image)), "not squares"),
    ("total_variation_loss", "averages instead of adding",
     lambda image: sum(tf.reduce_mean(tf.abs(d)) for d in deltas(image)), "a mean divides"),
    ("total_variation_loss", "averages over the pixels",
     lambda image: tf.reduce_sum(tf.image.total_variation(image)) / tf.cast(tf.size(image),
                                                                            tf.float32),
     "a mean divides"),
    ("total_variation_loss", "returns the two differences", deltas, "sums of both directions"),
    ("total_variation_loss", "only the horizontal direction",
     lambda image: tf.reduce_sum(tf.abs(deltas(image)[0])), "both directions"),
    ("total_variation_loss", "forgets the absolute values",
     lambda image: sum(tf.reduce_sum(d) for d in deltas(image)), "cancel out"),
    ("total_variation_loss", "sums per channel",
     lambda image: sum(tf.reduce_sum(tf.abs(d), axis=[0, 1, 2]) for d in deltas(image)),
     "every axis"),
    # 07 sobel_x
    ("sobel_x", "right minus left without the rows",
     lambda image: sobel_rows(image, (0, 1, 0)), "weights 1, 2, 1"),
    ("sobel_x", "weights 1, 1, 1", lambda image: sobel_rows(image, (1, 1, 1)), "counts twice"),
    ("sobel_x", "left minus right", lambda image: sobel_rows(image, sign=-1), "Right minus left"),
    ("sobel_x", "vertical changes", lambda image: tf.transpose(
        sobel_rows(tf.transpose(image, [0, 2, 1, 3])), [0, 2, 1, 3]), "along the width"),
    ("sobel_x", "keeps the border", lambda image: tf.image.sobel_edges(image)[..., 1],
     "Keep only the inside"),
    ("sobel_x", "drops the batch axis", lambda image: sobel_rows(image)[0], "batch axis"),
    ("sobel_x", "smooths the neighbour differences directly",
     lambda image: (lambda d: d[:, :-2] + 2 * d[:, 1:-1] + d[:, 2:])(deltas(image)[0]),
     "two neighbour differences"),
    # 08 with_colors_of
    ("with_colors_of", "takes the brightness from the photo",
     lambda result, content: yiq_mix(content, result), "Y, the brightness"),
    ("with_colors_of", "forgets to clip", lambda result, content: yiq_mix(result, content, False),
     "Clip"),
    ("with_colors_of", "returns the grey luminance",
     lambda result, content: tf.repeat(tf.image.rgb_to_yiq(result)[..., :1], 3, -1),
     "I and Q back"),
    ("with_colors_of", "stays in YIQ",
     lambda result, content: yiq_mix(result, content, clip=False, back=False), "yiq_to_rgb"),
    ("with_colors_of", "returns the result unchanged", lambda result, content: result,
     "keep its Y"),
]


@pytest.mark.parametrize("name, what, fn, hint", [
    pytest.param(*case, id=f"{case[0]}: {case[1]}") for case in WRONG])
def test_typical_mistake_gets_its_hint(name, what, fn, hint):
    verdict = judge(name, fn)
    assert verdict.status == "fail", f"{name}, {what}: {verdict.line}"
    assert verdict.hint and hint in verdict.hint, f"{name}, {what}: {verdict.line}"
    assert "\n" not in verdict.line and verdict.line.startswith(FAIL)


@pytest.mark.parametrize("name, fn, message", [
    ("deprocess", lambda x: np.full(np.shape(x), np.nan), "your result holds NaN or infinite values."),
    ("vgg_layers", lambda names: (lambda model: lambda x: [o * np.nan for o in model(x)])(
        vgg_model(names)), "the activations of block1_conv1 hold NaN or infinite values."),
])
def test_nan_in_a_result_is_named_as_such(name, fn, message):
    verdict = judge(name, fn)
    assert verdict.status == "fail" and verdict.message == message, verdict.line


def test_every_exercise_has_at_least_three_typical_mistakes():
    counts = {name: sum(case[0] == name for case in WRONG) for name in EXERCISES}
    assert all(n >= 3 for n in counts.values()), counts
    # and the mistakes of one exercise do not all get the same hint
    for name in EXERCISES:
        hints = {judge(name, case[2]).hint for case in WRONG if case[0] == name}
        assert len(hints) >= 3, f"{name}: {hints}"


def numpy_gram(x):
    x = np.asarray(x, dtype=np.float64)
    return np.einsum("bijc,bijd->bcd", x, x) / (x.shape[1] * x.shape[2])


def numpy_style_content_loss(outputs, st, ct, style_weight, content_weight):
    """The tutorial's weighted loss, with NumPy: each part the mean over its layers of a mean square."""
    def mean_square(a, b):
        return float(np.mean((np.asarray(a, np.float64) - np.asarray(b, np.float64)) ** 2))

    style, content = loss_parts(outputs, st, ct, mean_square)
    return style_weight * sum(style) / len(style) + content_weight * sum(content) / len(content)


def keras_vgg_layers(names):
    """A model to the named layers, built on a new Keras VGG19 given the course's weights."""
    return fresh_vgg_model(names, nst.load_vgg19().get_weights())


# Right answers in other forms than the solution's: NumPy, float64, Python numbers, tuples,
# each computed independently of the package function the check compares with.
RIGHT = [
    ("resize_to_max_dim", lambda image, m: tf.image.resize(
        image, [int(image.shape[0] * m / max(image.shape[:2])),
                int(image.shape[1] * m / max(image.shape[:2]))]).numpy()),
    ("grayscale", lambda image: tf.image.rgb_to_grayscale(image)),
    ("grayscale", lambda image: np.asarray(image, np.float64) @ np.array([[0.299], [0.587], [0.114]])),
    ("deprocess", lambda x: ((np.asarray(x, np.float64) + MEAN_BGR)[..., ::-1] / 255)),
    ("vgg_layers", keras_vgg_layers),
    ("strongest_channel", lambda a: np.argmax(np.asarray(a).mean(axis=(0, 1, 2)))),
    ("strongest_channel", lambda a: tf.argmax(tf.reduce_sum(a, axis=[0, 1, 2]))),
    ("gram_matrix", numpy_gram),
    ("gram_matrix", tf.function(lambda x: tf.linalg.matmul(
        tf.reshape(x, [x.shape[0], -1, x.shape[-1]]), tf.reshape(x, [x.shape[0], -1, x.shape[-1]]),
        transpose_a=True) / (x.shape[1] * x.shape[2]))),
    ("layer_shape", lambda name, h, w: (1, h // 2 ** (int(name[5]) - 1),
                                        w // 2 ** (int(name[5]) - 1),
                                        min(512, 64 * 2 ** (int(name[5]) - 1)))),
    ("layer_shape", lambda name, h, w: np.array(
        [1, h >> (int(name[5]) - 1), w >> (int(name[5]) - 1), [64, 128, 256, 512, 512][
            int(name[5]) - 1]], dtype=np.int64)),
    ("style_content_loss", lambda *args: [numpy_style_content_loss(*args)]),
    ("style_weight", lambda sd, cd, cw, b: np.float32(b * cw * cd / sd)),
    ("total_variation_loss", lambda image: tf.reduce_sum(tf.image.total_variation(image))),
    ("total_variation_loss", lambda image: float(np.abs(np.diff(image, axis=1)).sum()
                                                 + np.abs(np.diff(image, axis=2)).sum())),
    ("sobel_x", lambda image: tf.image.sobel_edges(image)[:, 1:-1, 1:-1, :, 1]),
    ("with_colors_of", yiq_mix),
]


@pytest.mark.parametrize("name, fn", [pytest.param(*c, id=c[0]) for c in RIGHT])
def test_right_answers_in_other_forms_pass(name, fn):
    assert judge(name, fn).status == "pass", judge(name, fn).line
    assert judge(name, fn, hidden=True).status == "pass", judge(name, fn, hidden=True).line


def raises(error):
    def fn(*args):
        raise error

    return fn


class Weird:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array here")


# Whatever comes back, or goes wrong: the check answers (❌ or ✏️) in one line.
ODD = {
    "None": lambda *a: None,
    "a dict": lambda *a: {"style": 1.0},
    "a tuple of strings": lambda *a: ("a", "b"),
    "a tuple of tensors": lambda *a: (tf.ones([2, 2]), tf.zeros([3])),
    "a string": lambda *a: "42",
    "a complex number": lambda *a: 3 + 1j,
    "an object": lambda *a: object(),
    "an object whose __array__ raises": lambda *a: Weird(),
    "a ragged list": lambda *a: [[1.0], [1.0, 2.0]],
    "an empty list": lambda *a: [],
    "a generator": lambda *a: (i for i in range(3)),
    "a function": lambda *a: (lambda: 1),
    "NaN": lambda *a: float("nan"),
    "a NaN tensor": lambda *a: tf.fill([1, 4, 4], float("nan")),
    "a wrong-shape tensor": lambda *a: tf.zeros([7, 1]),
    "an int tensor": lambda *a: tf.zeros([1, 3, 3], tf.int32),
    "a bool array": lambda *a: np.ones([2, 2], bool),
    "a string array": lambda *a: np.array(["x", "y"]),
    "a symbolic tensor": lambda *a: keras.Input([3]),
    "a ValueError": raises(ValueError("bad value\nsecond line")),
    "a TypeError from TensorFlow": lambda *a: tf.constant(1.0) + tf.constant(1, tf.int32),
    "a NotImplementedError": raises(NotImplementedError()),
    "a model that raises": lambda *a: (lambda *b: 1 / 0),
}


@pytest.mark.parametrize("name", list(EXERCISES))
def test_a_check_never_raises_whatever_the_function_does(name):
    for what, fn in ODD.items():
        for hidden in (False, True):
            verdict = judge(name, fn, hidden=hidden)
            assert verdict.status in ("fail", "todo"), f"{name}, {what}: {verdict.line}"
            assert "\n" not in verdict.line, f"{name}, {what}: {verdict.line!r}"
    assert judge(name, raises(NotImplementedError())).status == "todo"
    assert judge(name, None).status == "fail"
    assert judge(name, "my_function").status == "fail"


def printed(name, fn):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = getattr(nst.exercises, f"check_{name}")(fn)
    return result, out.getvalue()


def test_a_check_prints_one_line_and_returns_none(capsys):
    nst.load_vgg19()  # the weights note, printed once, is not the check's
    for name, fn in RIGHT:
        result, text = printed(name, fn)
        assert result is None and text.count("\n") == 1 and text.startswith(PASS), text
    for name, _, fn, _ in WRONG:
        result, text = printed(name, fn)
        assert result is None and text.count("\n") == 1 and text.startswith(FAIL), text
    result, text = printed("gram_matrix", raises(NotImplementedError()))
    assert result is None and text.startswith(TODO) and text.count("\n") == 1


def test_under_nbgrader_a_check_that_does_not_pass_raises(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    right = dict(RIGHT)
    assert printed("gram_matrix", right["gram_matrix"])[0] is None  # passes quietly
    for fn in (raises(NotImplementedError()), WRONG[0][2], lambda x: None):
        with pytest.raises(AssertionError) as caught:
            printed("gram_matrix", fn)
        assert isinstance(caught.value, ExerciseNotPassed)
        assert "gram_matrix" in str(caught.value)


def test_warnings_and_stderr_from_the_learner_go_to_stdout(capsys):
    import sys
    import warnings

    def noisy(x):
        print("to stderr", file=sys.stderr)
        warnings.warn("a warning of the learner's", UserWarning)
        return numpy_gram(x)

    nst.exercises.check_gram_matrix(noisy)
    out, err = capsys.readouterr()
    assert err == "" and "to stderr" in out and "a warning of the learner's" in out
    assert out.splitlines()[-1].startswith(PASS)


def test_the_hint_names_the_learners_failing_line():
    def mine(x):
        y = x * 2
        return y[99]  # an index out of range

    verdict = judge("gram_matrix", mine)
    assert verdict.status == "fail" and "return y[99]" in verdict.line


def test_solution_prints_the_function_and_lists_the_exercises(capsys):
    nst.exercises.solution("gram_matrix")
    text = capsys.readouterr().out
    assert "def my_gram_matrix(input_tensor):" in text and "einsum" in text
    nst.exercises.solution()
    listing = capsys.readouterr().out
    assert all(name in listing for name in EXERCISES)
    with pytest.raises(KeyError, match="gram_matrix"):
        nst.exercises.solution("gram")


def test_layer_shape_reference_is_what_vgg19_gives():
    vgg = nst.load_vgg19()
    for name, h, w in [("block5_conv2", 37, 250), ("block3_conv4", 100, 61),
                       ("block2_conv2", 7, 9), ("block4_conv1", 70, 35)]:
        model = keras.Model([vgg.input], [vgg.get_layer(name).output])
        shape = model(tf.zeros([1, h, w, 3])).shape
        exercise = EXERCISES["layer_shape"]
        namespace: dict = {}
        exec(exercise.source(), namespace)  # noqa: S102
        assert list(shape) == namespace["my_layer_shape"](name, h, w), name


def test_with_colors_of_inputs_need_the_clip():
    # The check's images must have colours outside RGB, or forgetting the clip would pass.
    verdict = judge("with_colors_of", lambda result, content: yiq_mix(result, content, clip=False))
    assert verdict.status == "fail"
