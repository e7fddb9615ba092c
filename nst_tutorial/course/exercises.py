"""The course's exercises: a check for each, and its solution on request.

Each exercise is a function you write, ``my_<name>``, in a cell of its own.
The cell under it is the exercise's check (graded when an instructor uses
nbgrader)::

    nst.exercises.check_gram_matrix(my_gram_matrix)

The check calls your function on small test inputs, compares what it returns
with the reference and prints **one line**: ✅ when it matches; ❌ and a hint
that fits the mistake when it does not; ✏️ while the function is still the
stub. For a learner it never raises, whatever your function returns or
raises, and it returns ``None`` (so a cell shows no ``True`` or ``False``
after the line). Later cells use the package's own functions, so an exercise
never blocks the rest of a notebook.

Under nbgrader (``nbgrader autograde`` and ``nbgrader validate`` set the
environment variable ``NBGRADER_EXECUTION``) a check that does not pass prints
its line and then raises :class:`~nst_tutorial.base.errors.ExerciseNotPassed`, an
``AssertionError``: the graded cell scores 0.

``solution("gram_matrix")`` prints an exercise's solution once you have made
your attempt; ``solution()`` lists the exercises. ``judge(name, fn)`` gives
the verdict as an object instead of a printed line (the course's tests use it).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import sysconfig
import textwrap
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import tensorflow as tf

from ..base.errors import ExerciseNotPassed, described
from ..further.color import with_colors_of
from ..runs.weights import load_vgg19
from ..tutorial.features import preprocess, vgg_layers
from ..tutorial.images import resize_to_max_dim
from ..tutorial.losses import gram_matrix, style_content_loss
from .solutions import SOLUTIONS

PASS, FAIL, TODO = "✅", "❌", "✏️"
_MARKS = {"pass": PASS, "fail": FAIL, "todo": TODO}

#: VGG19's channels per block (blocks 1 to 5) and the ImageNet mean in B, G, R order.
VGG19_CHANNELS = (64, 128, 256, 512, 512)
CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)


@dataclass(frozen=True)
class Verdict:
    """What a check found: ``status`` is ``"pass"``, ``"fail"`` or ``"todo"`` (not attempted).

    ``bool(verdict)`` is true when the answer passed; ``verdict.line`` is the
    one line the check prints.
    """

    exercise: str
    status: str
    message: str
    hint: str | None = None

    def __bool__(self) -> bool:
        return self.status == "pass"

    @property
    def line(self) -> str:
        text = f"{_MARKS[self.status]} {self.exercise}: {self.message}"
        if self.hint and self.status != "pass":
            text += f" Hint: {self.hint}"
        return " ".join(text.split())  # one line, whatever the parts held

    def __str__(self) -> str:
        return self.line


@dataclass(frozen=True)
class Exercise:
    """One exercise: its name, its notebook, the function the learner writes, and its judge."""

    name: str
    notebook: str
    function: str
    params: str
    summary: str
    judge: Callable

    @property
    def solution(self) -> str:
        """The solution's code: the lines that replace the stub in ``function``."""
        return SOLUTIONS[self.name]

    def source(self, body: str | None = None) -> str:
        """The function with ``body`` (default: the solution) as its code."""
        body = self.solution if body is None else body
        return f"def {self.function}({self.params}):\n{textwrap.indent(body, '    ')}"


#: Every exercise of the course, by name, in course order.
EXERCISES: dict[str, Exercise] = {}


class _Stop(Exception):
    """Ends a check early with its verdict."""

    def __init__(self, verdict: Verdict):
        super().__init__(verdict.line)
        self.verdict = verdict


def grading() -> bool:
    """True when nbgrader runs the notebook (autograde or validate set ``NBGRADER_EXECUTION``)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def judge(name: str, fn, *, hidden: bool = False) -> Verdict:
    """The verdict on ``fn`` as the answer to exercise ``name``. Never raises (but for typos in ``name``).

    ``hidden=True`` runs the further inputs of the instructor's hidden tests
    instead of the visible ones.
    """
    exercise = _exercise_named(name)
    label = f"{name} (hidden tests)" if hidden else name
    run = _Run(label, exercise.function, fn)
    try:
        with contextlib.redirect_stderr(sys.stdout), warnings.catch_warnings():
            # Warnings and stray stderr output are shown, but on stdout: nbgrader gives 0
            # points to a graded cell that writes to stderr.
            warnings.simplefilter("default")
            warnings.showwarning = _show_warning
            if not callable(fn):
                run.fail(f"expected your function, got {_describe(fn)}.",
                         f"Pass the function itself, {exercise.function}, without brackets.")
            exercise.judge(run, hidden)
    except _Stop as stop:
        return stop.verdict
    except Exception as e:  # a check must answer, whatever the answer did to it
        return Verdict(label, "fail", f"the check could not use your answer ({_one_line(e)}).",
                       f"Return what {exercise.function}'s docstring asks for.")
    return Verdict(label, "pass", "correct, it matches the reference.")


def check(name: str, fn, *, hidden: bool = False) -> None:
    """Print the one-line verdict on ``fn`` for exercise ``name``; under nbgrader, raise if it fails."""
    verdict = judge(name, fn, hidden=hidden)
    print(verdict.line)
    if not verdict and grading():
        raise ExerciseNotPassed(verdict.line)


def solution(name: str | None = None) -> None:
    """Print the solution of exercise ``name``; with no name, list the exercises.

    Try the exercise first: the check's hints are there to get you to the
    answer yourself.
    """
    if name is None:
        for exercise in EXERCISES.values():
            print(f"{exercise.name:<24} notebook {exercise.notebook[:2]}: {exercise.summary}")
        return
    exercise = _exercise_named(name)
    print(f"Solution of {exercise.name} (notebook {exercise.notebook}): its code replaces "
          "the two lines `# YOUR CODE HERE` and `raise NotImplementedError()`.\n")
    print(exercise.source())


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"{category.__name__}: {message}")


def _exercise_named(name: str) -> Exercise:
    if name not in EXERCISES:
        raise KeyError(f"No exercise called {name!r}. The exercises are: {', '.join(EXERCISES)}.")
    return EXERCISES[name]


def _checker(name: str):
    exercise = EXERCISES[name]

    def check_exercise(fn, *, hidden: bool = False) -> None:
        check(name, fn, hidden=hidden)

    check_exercise.__name__ = check_exercise.__qualname__ = f"check_{name}"
    check_exercise.__doc__ = (
        f"Check your ``{exercise.function}`` (notebook {exercise.notebook}): {exercise.summary}\n\n"
        "Prints one line; ``hidden=True`` runs the instructor's hidden tests instead."
    )
    return check_exercise


def _register(name: str, notebook: str, params: str, summary: str):
    def register(fn):
        EXERCISES[name] = Exercise(name, notebook, f"my_{name}", params, summary, fn)
        return fn

    return register


# ----------------------------------------------------------------------------------------------
# Running the learner's function and reading what it returns


def _one_line(e: BaseException, limit: int = 160) -> str:
    text = described(e)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_LIBRARY_DIRS = tuple(
    {str(Path(p).resolve()) for k, p in sysconfig.get_paths().items()
     if k in ("stdlib", "platstdlib", "purelib", "platlib")}
    | {str(Path(__file__).resolve().parents[1])}
)


def _is_library(filename: str) -> bool:
    path = Path(filename).resolve()
    return str(path).startswith(_LIBRARY_DIRS) or bool(
        {"site-packages", "dist-packages"} & set(path.parts))


def _learner_line(e: BaseException) -> str:
    """`` (line N: code)`` for the last frame of the traceback that is the learner's own code."""
    frames = [f for f in traceback.extract_tb(e.__traceback__) if not _is_library(f.filename)]
    if not frames or not frames[-1].line:
        return ""
    return f" (line {frames[-1].lineno}: {frames[-1].line.strip()})"


def _describe(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, dict):
        return f"a dict with {len(value)} key(s)"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    if isinstance(value, (str, bytes)):
        return f"a {type(value).__name__} ({value[:30]!r})"
    if isinstance(value, (bool, int, float, complex, np.number)):
        return f"the number {value!r}"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {_shape_text(value)}"
    if isinstance(value, (tf.Tensor, tf.Variable)):
        return f"a tensor of shape {_shape_text(value)}"
    if callable(value):
        return "a function" if type(value).__name__ == "function" else \
            f"a {type(value).__name__}"
    return f"an object of type {type(value).__name__}"


def _shape_text(value) -> str:
    try:
        return str(list(tf.TensorShape(value.shape).as_list()))
    except Exception:
        return "unknown"


def _near(a, b, rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    """Same shape and close values; False for anything that cannot be compared."""
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))
    except Exception:
        return False


def _is(wrong, rtol: float = 1e-4, atol: float = 1e-5):
    """A mistake test: the answer is the wrong value ``wrong()`` (which must differ from the right one)."""

    def test(got, want):
        value = wrong()
        return not _near(value, want, rtol, atol) and _near(got, value, rtol, atol)

    return test


def _shape_is(shape):
    """A mistake test: the answer has this (wrong) shape."""

    def test(got, want):
        return tuple(shape) != tuple(want.shape) and tuple(got.shape) == tuple(shape)

    return test


class _Run:
    """One check of one function: calls it, reads its answer, compares, stops with a verdict."""

    def __init__(self, label: str, function: str, fn):
        self.label, self.function, self.fn = label, function, fn

    def fail(self, message: str, hint: str | None = None):
        raise _Stop(Verdict(self.label, "fail", message, hint))

    def call(self, *args, what: str | None = None):
        """Call the learner's function (or ``what`` it returned); stop on NotImplementedError or any error."""
        fn = self.fn if what is None else what
        try:
            return fn(*args)
        except NotImplementedError:
            if what is not None:
                raise _Stop(Verdict(self.label, "fail", "your model raised NotImplementedError."))
            raise _Stop(Verdict(self.label, "todo", f"not attempted yet. Write {self.function} "
                                "in the cell above, run it, then run this cell again."))
        except Exception as e:  # the learner's code may fail in any way
            who = "your function" if what is None else "the model your function returned"
            self.fail(f"{who} raised {_one_line(e)}{_learner_line(e)}.")

    def returned(self, got):
        """``got``, or a stop if the learner's function returned nothing."""
        if got is None:
            self.fail("your function returned None.", "Did you forget `return`?")
        return got

    def array(self, got, want_shape, *, many: str | None = None, scalar: bool = False,
              sequence: bool = False) -> np.ndarray:
        """The learner's answer as a float64 array, or a stop that says what it was instead.

        ``many`` is the hint for a tuple or list of several tensors, ``scalar``
        accepts any single number (also ``[x]``), ``sequence`` accepts a list of
        numbers (a shape).
        """
        expected = "one number" if scalar else f"a tensor of shape {list(want_shape)}"
        self.returned(got)
        if isinstance(got, tf.TensorShape):
            got = got.as_list()
        if isinstance(got, (dict, str, bytes)) or callable(got) and not hasattr(got, "shape"):
            self.fail(f"your function returned {_describe(got)}, expected {expected}.")
        if isinstance(got, (tuple, list)) and not sequence and len(got) > 1:
            self.fail(f"your function returned {_describe(got)}, expected {expected}.",
                      many or "Return one tensor, not several.")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                arr = np.asarray(got)
        except Exception as e:
            self.fail(f"your function returned {_describe(got)}, which is not an array of "
                      f"numbers ({_one_line(e, 80)}); expected {expected}.")
        if arr.dtype.kind not in "biuf":
            self.fail(f"your function returned {_describe(got)} holding {arr.dtype} values, "
                      f"not real numbers; expected {expected}.")
        arr = arr.astype(np.float64)
        if scalar and arr.size == 1:
            arr = arr.reshape(())
        return arr

    def compare(self, got: np.ndarray, want, mistakes=(), general: str | None = None,
                rtol: float = 1e-4, atol: float = 1e-5, what: str = "values") -> None:
        """Stop with the fitting hint unless ``got`` matches ``want``.

        ``mistakes`` are ``(test(got, want), hint)`` pairs, tried in order; the
        first that holds gives the hint, else ``general``. ``what`` names the
        values in the message when they differ.
        """
        want = np.asarray(want, dtype=np.float64)
        if got.shape == want.shape and np.all(np.isfinite(got)) and np.allclose(
                got, want, rtol=rtol, atol=atol):
            return
        hint = general
        for test, text in mistakes:
            try:
                found = bool(test(got, want))
            except Exception:
                found = False
            if found:
                hint = text
                break
        if got.shape != want.shape:
            if want.shape == ():
                message = f"your function returned shape {list(got.shape)}, expected one number."
            else:
                message = f"shape {list(got.shape)}, expected {list(want.shape)}."
        elif not np.all(np.isfinite(got)):
            message = ("your result holds" if what == "values" else f"{what} hold") + \
                " NaN or infinite values."
        elif want.shape == ():
            message = f"your function returned {float(got):.6g}, expected {float(want):.6g}."
        else:
            err = float(np.max(np.abs(got - want)))
            message = f"{what} differ from the reference (largest difference {err:.3g})."
        self.fail(message, hint)


def _uniform(shape, seed: int, low: float = 0.0, high: float = 1.0) -> tf.Tensor:
    rng = np.random.default_rng(seed)
    return tf.constant(rng.uniform(low, high, shape).astype(np.float32))


# ----------------------------------------------------------------------------------------------
# 01 Images as tensors


@_register("resize_to_max_dim", "01_images_as_tensors", "image, max_dim",
           "scale [H, W, 3] so the long side is max_dim pixels, keeping the aspect ratio.")
def _resize_to_max_dim(run: _Run, hidden: bool) -> None:
    cases = [((50, 21), 64), ((16, 16), 7), ((3, 200), 100)] if hidden else \
        [((30, 45), 64), ((30, 45), 20)]
    for seed, ((h, w), max_dim) in enumerate(cases):
        image = _uniform([h, w, 3], seed=10 + seed)
        want = resize_to_max_dim(image, max_dim).numpy()
        got = run.array(run.call(image, max_dim), want.shape)
        sides = np.float32([h, w])
        scale = np.float32(max_dim) / np.float32(max(h, w))
        rounded = tuple(int(v) for v in np.round(sides * scale)) + (3,)
        by_short = tuple(int(v) for v in sides * (np.float32(max_dim) / np.float32(min(h, w))))
        run.compare(got, want, [
            (_shape_is((1,) + want.shape),
             "Return [H, W, 3], the shape you were given: the batch axis is added later, not here."),
            (_shape_is((want.shape[1], want.shape[0], 3)),
             "Height comes first in a shape: [H, W, 3], and tf.shape(image)[:2] is (H, W)."),
            (_shape_is(rounded),
             "Round down: the cast to tf.int32 drops the fraction (42.7 becomes 42), tf.round "
             "would give 43."),
            (_shape_is(by_short + (3,)),
             "Scale by the long side: s = max_dim / max(H, W) (tf.reduce_max), not the short side."),
            (_shape_is((max_dim, max_dim, 3)),
             "Scale both sides by the same factor s, so the picture keeps its aspect ratio."),
            (_shape_is(image.shape), "Resize the image: return tf.image.resize(image, new_shape)."),
            (lambda g, w: g.shape == w.shape and _near(g / 255.0, w, 1e-3, 1e-4),
             "Keep the values in [0, 1]: resizing does not change their range."),
            (lambda g, w: g.shape == w.shape,
             "Use tf.image.resize with its default method (bilinear) on the image you were given."),
        ], "Compute new_shape = tf.cast(shape * s, tf.int32) from the float32 (H, W), then "
           "return tf.image.resize(image, new_shape).", atol=1e-4)


LUMA = (0.299, 0.587, 0.114)


@_register("grayscale", "01_images_as_tensors", "image",
           "the luminance of [H, W, 3] as [H, W, 1], Y = 0.299 R + 0.587 G + 0.114 B.")
def _grayscale(run: _Run, hidden: bool) -> None:
    shapes = [[9, 4, 3], [1, 2, 3]] if hidden else [[5, 7, 3]]
    for seed, shape in enumerate(shapes):
        image = _uniform(shape, seed=20 + seed)
        pixels = image.numpy().astype(np.float64)
        want = pixels @ np.array(LUMA)[:, None]
        got = run.array(run.call(image), want.shape)
        run.compare(got, want, [
            (_is(lambda: pixels.mean(axis=-1, keepdims=True), 1e-3, 1e-3),
             "Weight the channels, Y = 0.299 R + 0.587 G + 0.114 B: the eye is most sensitive to "
             "green, so a plain mean makes greens too dark."),
            (_is(lambda: pixels @ np.array(LUMA[::-1])[:, None], 1e-3, 1e-3),
             "The channels are R, G, B in that order: 0.299 goes with channel 0, red."),
            (_is(lambda: pixels.sum(axis=-1, keepdims=True), 1e-3, 1e-3),
             "Use the weights 0.299, 0.587, 0.114: they add up to 1, so white stays 1."),
            (_is(lambda: want[..., 0], 1e-3, 1e-3),
             "Keep a channel axis of size 1, [H, W, 1]: keepdims=True, or add [..., tf.newaxis]."),
            (_is(lambda: np.repeat(want, 3, axis=-1), 1e-3, 1e-3),
             "Return the luminance once, [H, W, 1], not repeated in three channels."),
        ], "Y = 0.299 * image[..., 0:1] + 0.587 * image[..., 1:2] + 0.114 * image[..., 2:3].",
            rtol=1e-3, atol=1e-3)  # tf.image.rgb_to_grayscale's 0.2989 passes too


# ----------------------------------------------------------------------------------------------
# 02 Classifying with VGG19


@_register("deprocess", "02_classifying_with_vgg19", "x",
           "undo Caffe preprocessing: VGG19's input [..., 3] back to RGB in [0, 1].")
def _deprocess(run: _Run, hidden: bool) -> None:
    shapes = [[3], [2, 2, 3]] if hidden else [[1, 3, 4, 3]]
    mean = np.array(CAFFE_MEAN_BGR)
    for seed, shape in enumerate(shapes):
        rgb = _uniform(shape, seed=30 + seed)
        x = preprocess(rgb)
        xs = x.numpy().astype(np.float64)
        want = rgb.numpy().astype(np.float64)
        got = run.array(run.call(x), want.shape)
        run.compare(got, want, [
            (_is(lambda: (xs + mean) / 255.0, 1e-3, 1e-4),
             "VGG19's input is in B, G, R order: reverse the channels back to R, G, B "
             "(x[..., ::-1])."),
            (_is(lambda: (xs[..., ::-1] + mean) / 255.0, 1e-3, 1e-4),
             "The mean (103.939, 116.779, 123.68) is in B, G, R order: add it before you reverse "
             "the channels."),
            (_is(lambda: (xs - mean)[..., ::-1] / 255.0, 1e-3, 1e-4),
             "Add the ImageNet mean back: preprocessing subtracted it, so undoing it adds it."),
            (_is(lambda: xs[..., ::-1] / 255.0, 1e-3, 1e-4),
             "Add the ImageNet mean (blue 103.939, green 116.779, red 123.68) back before "
             "dividing by 255."),
            (_is(lambda: (xs + mean)[..., ::-1], 1e-3, 1e-3),
             "Divide by 255 to come back to [0, 1]."),
        ], "Undo the steps in reverse order: add the mean (B, G, R), reverse the channels, "
           "divide by 255.", rtol=1e-3, atol=1e-4)


# ----------------------------------------------------------------------------------------------
# 03 Inside the network


@_register("vgg_layers", "03_inside_the_network", "layer_names",
           "a model from VGG19's input to the named layers' activations, in the order given.")
def _vgg_layers(run: _Run, hidden: bool) -> None:
    names = ["block4_conv1", "block2_conv2", "block1_conv2"] if hidden else \
        ["block1_conv1", "block3_conv1"]
    model = run.returned(run.call(list(names)))
    model_hint = "Wrap the outputs in a model: keras.Model([vgg.input], outputs)."
    if isinstance(model, (list, tuple, dict)) or not callable(model):
        run.fail(f"your function returned {_describe(model)}, not a model.", model_hint)
    x = preprocess(_uniform([1, 32, 32, 3], seed=40))
    got = run.call(x, what=model)
    with contextlib.redirect_stdout(io.StringIO()):  # the one-time weights note is not the check's
        want = [w.numpy() for w in vgg_layers(names, load_vgg19())(x)]
    if isinstance(got, dict):
        run.fail(f"your model returns {_describe(got)}, expected a list of {len(want)} tensors.",
                 "outputs = [vgg.get_layer(name).output for name in layer_names]")
    if not isinstance(got, (list, tuple)):
        got = [got]
    if len(got) != len(want):
        hint = ("outputs = [vgg.get_layer(name).output for name in layer_names], then "
                "keras.Model([vgg.input], outputs).")
        if getattr(model, "name", "") == "vgg19":
            hint = "Build a new model that stops at the named layers, not VGG19 itself: " + hint
        run.fail(f"your model returns {len(got)} output(s), expected {len(want)}, one per layer "
                 "name.", hint)
    arrays = [run.array(g, w.shape) for g, w in zip(got, want)]
    shapes = [a.shape for a in arrays]
    want_shapes = [w.shape for w in want]
    if shapes != want_shapes:
        with contextlib.redirect_stdout(io.StringIO()):
            vgg = load_vgg19(include_top=False)
        in_channels = [vgg.get_layer(n).input.shape[-1] for n in names]
        if sorted(shapes) == sorted(want_shapes):
            hint = "Keep the order of layer_names: one output per name, in that order."
        elif all(len(s) == 4 and s[-1] == c for s, c in zip(shapes, in_channels)):
            hint = "Take each layer's .output, not its .input."
        else:
            hint = "outputs = [vgg.get_layer(name).output for name in layer_names]"
        run.fail(f"output shapes {[list(s) for s in shapes]}, expected "
                 f"{[list(s) for s in want_shapes]}.", hint)
    for layer, g, w in zip(names, arrays, want):
        run.compare(g, w, general="Build the model on nst.load_vgg19(), which has the course's "
                    "weights; a new keras.applications.VGG19 has weights of its own.",
                    atol=1e-3, what=f"the activations of {layer}")


@_register("strongest_channel", "03_inside_the_network", "activation",
           "the index of the channel with the largest mean activation in [1, h, w, C].")
def _strongest_channel(run: _Run, hidden: bool) -> None:
    # Built so that the largest mean, the largest single value, the smallest mean and the
    # position-wise answers all point at different channels.
    cases = [(10, 7, 1, 3, 3)] if hidden else [(6, 2, 4, 4, 5)]
    rng = np.random.default_rng(50 + hidden)
    for channels, strongest, peaky, h, w in cases:
        a = rng.uniform(0.0, 1.0, [1, h, w, channels])
        a[..., strongest] += 1.0
        a[0, 0, 0, peaky] = 0.4 * h * w  # the largest value, but its mean stays below
        a[..., 0] *= 0.1
        a = a.astype(np.float32)
        means = a.mean(axis=(0, 1, 2))
        got = run.array(run.call(tf.constant(a)), (), scalar=True,
                        many="Return one number, the channel's index.")
        run.compare(got, np.float64(strongest), [
            (lambda g, w: g.shape == () and np.isclose(g, means.max(), rtol=1e-3),
             "Return the channel's number (tf.argmax), not its mean value."),
            (lambda g, w: g.shape == () and g == a.max(axis=(0, 1, 2)).argmax(),
             "Strongest on average: take the mean over the positions (tf.reduce_mean over "
             "axes 0, 1, 2), not the largest single value."),
            (lambda g, w: g.shape == () and g == means.argmin(),
             "The largest mean, not the smallest: tf.argmax."),
            (lambda g, w: g.shape == () and g == strongest + 1,
             "Channels count from 0, as Python's indices do."),
            (_shape_is((channels,)),
             "Reduce the per-channel means to one number: tf.argmax(means)."),
            (lambda g, w: g.shape != (),
             "Average over the batch, height and width first (axis=[0, 1, 2]), then take "
             "tf.argmax over the channels."),
        ], "means = tf.reduce_mean(activation, axis=[0, 1, 2]), then tf.argmax(means).",
            rtol=0, atol=1e-9)


# ----------------------------------------------------------------------------------------------
# 04 Gram matrices


@_register("gram_matrix", "04_gram_matrices", "input_tensor",
           "activations [B, H, W, C] -> Gram matrices [B, C, C], averaged over the H * W positions.")
def _gram_matrix(run: _Run, hidden: bool) -> None:
    shapes = [[2, 3, 7, 5]] if hidden else [[1, 6, 5, 4]]
    for seed, shape in enumerate(shapes):
        features = _uniform(shape, seed=60 + seed + 10 * hidden)
        b, h, w, c = shape
        want = gram_matrix(features).numpy().astype(np.float64)
        got = run.array(run.call(features), want.shape,
                        many="Return one tensor, the Gram matrices [B, C, C].")
        run.compare(got, want, [
            (lambda g, w_: g.shape in ((b, h, h), (b, w, w), (b, h * w, h * w)),
             "Sum over the positions i, j: the result is channels x channels, "
             "tf.linalg.einsum('bijc,bijd->bcd', x, x)."),
            (_shape_is((c, c)), "Keep the batch axis: [B, C, C] (the b of 'bijc,bijd->bcd')."),
            (_is(lambda: want * (h * w)), "Divide by the number of positions, H * W."),
            (_is(lambda: want * (h * w) / c),
             "Divide by H * W, the number of positions, not by C, the number of channels."),
            (_is(lambda: want / c),
             "Divide by H * W only: the Gram matrix averages over the positions, not over the "
             "channels too (H * W * C)."),
            (lambda g, w_: _near(g, want * w) or _near(g, want * h),
             "Divide by both the height and the width: H * W positions."),
            (_is(lambda: want * (h * w) / (h * w) ** 2), "Divide by H * W once, not squared."),
        ], "G[b, c, d] = sum over i, j of F[b, i, j, c] * F[b, i, j, d], divided by H * W.")


# ----------------------------------------------------------------------------------------------
# 05 Style and content


def _layer_shape_reference(block: int, height: int, width: int) -> list[int]:
    """The shape of a conv layer of VGG19 block ``block`` (1 to 5) for a height x width image."""
    return [1, height // 2 ** (block - 1), width // 2 ** (block - 1), VGG19_CHANNELS[block - 1]]


@_register("layer_shape", "05_style_and_content", "layer_name, height, width",
           "the shape [1, h, w, C] of a VGG19 conv layer's activations for a height x width image.")
def _layer_shape(run: _Run, hidden: bool) -> None:
    cases = [("block4_conv1", 513, 100), ("block2_conv2", 7, 9), ("block5_conv4", 64, 48)] \
        if hidden else [("block5_conv2", 37, 250), ("block1_conv1", 37, 250),
                        ("block3_conv4", 100, 61)]
    for name, height, width in cases:
        block = int(name[len("block")])
        want = np.array(_layer_shape_reference(block, height, width), dtype=np.float64)
        factor = 2 ** (block - 1)
        got = run.array(run.call(name, height, width), want.shape, sequence=True)
        channels = VGG19_CHANNELS[block - 1]
        run.compare(got, want, [
            (_is(lambda: [1, height // (2 * factor), width // (2 * factor), channels]),
             "blockK_convN comes before its own block's pooling: block1 sees the whole image, "
             "block2 half of it. Divide by 2 ** (K - 1)."),
            (_is(lambda: [1, height // max(1, factor // 2), width // max(1, factor // 2),
                          channels]),
             "Every block before blockK ends with a pooling: divide by 2 ** (K - 1)."),
            (lambda g, w: g.shape == (4,) and not np.array_equal(g[1:3], w[1:3]) and all(
                v in (np.floor(s / factor), np.ceil(s / factor), np.round(s / factor))
                for v, s in zip(g[1:3], (height, width))),
             "Each pooling rounds down (37 rows become 18, then 9): use //, not / or rounding."),
            (_is(lambda: list(want[1:])),
             "The extractor keeps the batch axis: [1, h, w, C]."),
            (_is(lambda: [1, width // factor, height // factor, channels]),
             "Height first: [1, h, w, C]."),
            (lambda g, w: g.shape == (4,) and np.array_equal(g[:3], w[:3]),
             "The channels are 64, 128, 256, 512 and 512 for blocks 1 to 5: they double up to "
             "block 4, then stay."),
        ], "Read the block number K from the name; h = height // 2 ** (K - 1), the same for w.",
            rtol=0, atol=1e-9)


# ----------------------------------------------------------------------------------------------
# 06 Gradient descent


def _loss_inputs(style_shapes, content_shapes, seed: int):
    rng = np.random.default_rng(seed)

    def rand(shape):
        return tf.constant(rng.uniform(0, 1, shape).astype(np.float32))

    outputs = {"style": {n: rand(s) for n, s in style_shapes.items()},
               "content": {n: rand(s) for n, s in content_shapes.items()}}
    style_targets = {n: rand(s) for n, s in style_shapes.items()}
    content_targets = {n: rand(s) for n, s in content_shapes.items()}
    return outputs, style_targets, content_targets


def _per_layer(outputs, targets, reduce=np.mean, power=2) -> np.ndarray:
    return np.array([reduce(np.abs(outputs[n].numpy().astype(np.float64)
                                   - targets[n].numpy()) ** power) for n in outputs])


@_register("style_content_loss", "06_gradient_descent",
           "outputs, style_targets, content_targets, style_weight=1e-2, content_weight=1e4",
           "weighted style loss + weighted content loss, one number.")
def _style_content_loss(run: _Run, hidden: bool) -> None:
    if hidden:
        style_shapes = {"s1": [1, 2, 2], "s2": [1, 3, 3], "s3": [1, 5, 5]}
        content_shapes = {"c1": [1, 2, 3, 4], "c2": [1, 1, 2, 3]}
        weight_sets = [(0.5, 7.0)]
    else:
        style_shapes = {"s1": [1, 3, 3], "s2": [1, 4, 4]}
        content_shapes = {"c1": [1, 2, 2, 4]}
        weight_sets = [(2.0, 3.0), (1e-2, 1e4)]
    outputs, style_targets, content_targets = _loss_inputs(style_shapes, content_shapes, 70 + hidden)
    s = _per_layer(outputs["style"], style_targets)
    c = _per_layer(outputs["content"], content_targets)
    s_sum = _per_layer(outputs["style"], style_targets, np.sum)
    c_sum = _per_layer(outputs["content"], content_targets, np.sum)
    s_abs = _per_layer(outputs["style"], style_targets, power=1)
    c_abs = _per_layer(outputs["content"], content_targets, power=1)
    for sw, cw in weight_sets:
        want = float(style_content_loss(outputs, style_targets, content_targets, sw, cw))
        got = run.array(run.call(outputs, style_targets, content_targets, sw, cw), (),
                        scalar=True, many="Return one number: add the style and content losses.")

        def total(style, content, sw=sw, cw=cw):
            return sw * style.sum() / len(style) + cw * content.sum() / len(content)

        run.compare(got, want, [
            (_is(lambda: sw * s.sum() + cw * c.sum()),
             "Multiply each sum by weight / number of layers: tf.add_n([...]) * style_weight / "
             "len(style_outputs)."),
            (_is(lambda: total(s_sum, c_sum)),
             "Average within each layer: tf.reduce_mean of the squared differences, not "
             "tf.reduce_sum."),
            (_is(lambda: total(s, c, cw, sw)),
             "style_weight goes with the style loss and content_weight with the content loss."),
            (_is(lambda: total(s, c * 0)), "Add the content loss too."),
            (_is(lambda: total(s * 0, c)), "Add the style loss too."),
            (_is(lambda: total(s_abs, c_abs)), "Square the differences: (output - target) ** 2."),
            (lambda g, w: g.shape != (), "Return one number: add the style and content losses."),
        ], "For each layer take tf.reduce_mean((output - target) ** 2), add the layers with "
           "tf.add_n, multiply by weight / number of layers, and add style and content.",
            rtol=1e-4, atol=1e-6)


@_register("style_weight", "06_gradient_descent",
           "style_distance, content_distance, content_weight, balance",
           "the style weight that makes the weighted style loss `balance` times the content loss.")
def _style_weight(run: _Run, hidden: bool) -> None:
    cases = [(3.2e5, 75.0, 1e3, 0.25), (1.0, 1.0, 1.0, 10.0)] if hidden else \
        [(5e6, 250.0, 1e4, 1.0), (8e5, 1e3, 1e4, 3.0)]
    for style_distance, content_distance, content_weight, balance in cases:
        want = balance * content_weight * content_distance / style_distance
        got = run.array(run.call(style_distance, content_distance, content_weight, balance), (),
                        scalar=True, many="Return one number, the style weight.")
        run.compare(got, want, [
            (_is(lambda: balance * content_weight * style_distance / content_distance),
             "Solve style_weight * style_distance = balance * content_weight * content_distance "
             "for style_weight: the style distance goes below the line."),
            (_is(lambda: balance * content_distance / style_distance),
             "The content side is weighted too: multiply by content_weight."),
            (_is(lambda: content_weight * content_distance / (style_distance * balance)),
             "Multiply by balance, don't divide: a balance of 3 makes the style term three times "
             "the content term."),
            (_is(lambda: content_weight * content_distance / style_distance),
             "Multiply by balance: it says how many times the content term the style term is."),
        ], "style_weight = balance * content_weight * content_distance / style_distance.",
            rtol=1e-6, atol=0)


# ----------------------------------------------------------------------------------------------
# 07 Total variation


@_register("total_variation_loss", "07_total_variation", "image",
           "the sum of the absolute differences between neighbouring pixels, one number.")
def _total_variation_loss(run: _Run, hidden: bool) -> None:
    shapes = [[1, 12, 5, 3], [1, 2, 2, 3]] if hidden else [[1, 7, 9, 3]]
    for seed, shape in enumerate(shapes):
        image = _uniform(shape, seed=80 + seed + 10 * hidden)
        pixels = image.numpy().astype(np.float64)
        dx = pixels[:, :, 1:] - pixels[:, :, :-1]
        dy = pixels[:, 1:] - pixels[:, :-1]
        want = float(tf.reduce_sum(tf.image.total_variation(image)))
        got = run.array(run.call(image), (), scalar=True,
                        many="Return one number: add the sums of both directions.")
        run.compare(got, want, [
            (_is(lambda: (dx ** 2).sum() + (dy ** 2).sum()),
             "Take absolute values (tf.abs), not squares: the tutorial's text says squares, but "
             "its code and tf.image.total_variation add absolute values."),
            (_is(lambda: np.abs(dx).mean() + np.abs(dy).mean()),
             "Add up the differences with tf.reduce_sum: a mean divides by their number."),
            (_is(lambda: np.concatenate([np.abs(dx).ravel(), np.abs(dy).ravel()]).mean()),
             "Add up the differences with tf.reduce_sum: a mean divides by their number."),
            (_is(lambda: want / pixels.size),
             "Add up the differences with tf.reduce_sum: a mean divides by their number."),
            (lambda g, w: _near(g, np.abs(dx).sum()) or _near(g, np.abs(dy).sum()),
             "Add both directions: the horizontal differences and the vertical ones."),
            (_is(lambda: dx.sum() + dy.sum()),
             "Take absolute values before adding (tf.abs): positive and negative differences "
             "cancel out."),
            (_is(lambda: (dx ** 2).mean() + (dy ** 2).mean()),
             "Absolute values and a sum: tf.reduce_sum(tf.abs(...)), not a mean of squares."),
            (lambda g, w: g.shape != (),
             "Return one number: tf.reduce_sum adds over every axis when you give it none."),
        ], "tf.reduce_sum(tf.abs(x_deltas)) + tf.reduce_sum(tf.abs(y_deltas)).",
            rtol=1e-4, atol=1e-4)


@_register("sobel_x", "07_total_variation", "image",
           "the horizontal Sobel response inside the border, [1, H-2, W-2, 3], from neighbour "
           "differences.")
def _sobel_x(run: _Run, hidden: bool) -> None:
    shapes = [[1, 9, 5, 3]] if hidden else [[1, 6, 8, 3]]
    for seed, shape in enumerate(shapes):
        image = _uniform(shape, seed=90 + seed + 10 * hidden)
        sobel = tf.image.sobel_edges(image).numpy().astype(np.float64)
        want = sobel[:, 1:-1, 1:-1, :, 1]
        p = image.numpy().astype(np.float64)
        rml = p[:, :, 2:] - p[:, :, :-2]  # right minus left, [1, H, W-2, 3]
        down_minus_up = p[:, 2:] - p[:, :-2]
        got = run.array(run.call(image), want.shape,
                        many="Return one tensor, the horizontal response [1, H-2, W-2, 3].")
        run.compare(got, want, [
            (_is(lambda: rml[:, 1:-1]),
             "Add three rows, with weights 1, 2, 1: the rows above and below count once, the "
             "middle row twice."),
            (_is(lambda: rml[:, :-2] + rml[:, 1:-1] + rml[:, 2:]),
             "The middle row counts twice: weights 1, 2, 1."),
            (_is(lambda: -want), "Right minus left: Sobel's K_x is +1 on the right."),
            (_is(lambda: down_minus_up[:, :, :-2] + 2 * down_minus_up[:, :, 1:-1]
                 + down_minus_up[:, :, 2:]),
             "Horizontal changes: take the differences along the width (x_deltas), then add "
             "the rows."),
            (_shape_is(sobel.shape[:4]),
             "Keep only the inside, [1, H-2, W-2, 3]: at the border sobel_edges pads the image."),
            (_shape_is(want.shape[1:]), "Keep the batch axis: [1, H-2, W-2, 3]."),
            (_shape_is((shape[0], shape[1] - 2, shape[2] - 1, 3)),
             "Right minus left spans two neighbour differences, x[j+1] - x[j-1] = d[j] + d[j-1], "
             "which leaves W - 2 columns."),
        ], "right_minus_left = d[:, :, 1:] + d[:, :, :-1]; then rows i-1, i, i+1 with weights "
           "1, 2, 1.", rtol=1e-4, atol=1e-4)


# ----------------------------------------------------------------------------------------------
# 08 Going further


@_register("with_colors_of", "08_going_further", "result, content",
           "the luminance of `result` with the colours (YIQ's I and Q) of `content`, in [0, 1].")
def _with_colors_of(run: _Run, hidden: bool) -> None:
    shapes = [[1, 3, 8, 3]] if hidden else [[1, 6, 5, 3]]
    for seed, shape in enumerate(shapes):
        result = _uniform(shape, seed=100 + seed + 10 * hidden)
        content = _uniform(shape, seed=101 + seed + 10 * hidden)
        want = with_colors_of(result, content).numpy().astype(np.float64)
        yiq_r = tf.image.rgb_to_yiq(result)
        yiq_c = tf.image.rgb_to_yiq(content)
        mixed = tf.concat([yiq_r[..., :1], yiq_c[..., 1:]], -1)  # Y of the result, I and Q of the content
        unclipped = tf.image.yiq_to_rgb(mixed).numpy()
        got = run.array(run.call(result, content), want.shape,
                        many="Return one image, [1, H, W, 3].")
        run.compare(got, want, [
            (_is(lambda: with_colors_of(content, result).numpy(), 1e-4, 1e-4),
             "Y, the brightness, comes from the result; I and Q, the colours, from the content."),
            (_is(lambda: unclipped, 1e-4, 1e-4),
             "Clip to [0, 1] at the end (nst.clip_0_1): some YIQ colours fall outside RGB."),
            (_is(lambda: np.repeat(yiq_r.numpy()[..., :1], 3, -1), 1e-4, 1e-4),
             "Put the content's I and Q back: tf.concat([y, iq], axis=-1), then "
             "tf.image.yiq_to_rgb."),
            (lambda g, w: g.shape == w.shape and _near(g, mixed.numpy(), 1e-4, 1e-4),
             "Convert back to RGB with tf.image.yiq_to_rgb."),
            (_is(lambda: result.numpy(), 1e-4, 1e-4),
             "Change the result's colours: keep its Y and take I and Q from the content."),
            (_shape_is(shape[:3] + [1]), "Return all three RGB channels, [1, H, W, 3]."),
        ], "yiq = tf.image.rgb_to_yiq(...): Y from the result, I and Q from the content, then "
           "tf.image.yiq_to_rgb and clip to [0, 1].", rtol=1e-4, atol=1e-4)


# One check function per exercise: check_resize_to_max_dim, check_gram_matrix, ...
for _name in EXERCISES:
    globals()[f"check_{_name}"] = _checker(_name)
del _name

__all__ = ["EXERCISES", "Exercise", "FAIL", "PASS", "TODO", "Verdict", "check", "grading",
           "judge", "solution"] + [f"check_{name}" for name in EXERCISES]
