"""The exercises' harness: the registry, and the check that runs a learner's function.

An :class:`Exercise` is data: the function the learner writes, its solution,
the calls its check makes with the right answer of each (:class:`Case`), and
its typical mistakes (:class:`Mistake`), each a wrong implementation with the
hint it deserves. :func:`judge` calls the learner's function on every case and
compares; on the first answer that differs, the hint is that of the first
mistake that gives the same answer, else the exercise's general hint.

An exercise also names the library functions that are its answer
(``answers``): while the learner's function runs, a call into one of them is
noted (:func:`.grading.watching`) and the check fails with one line asking the
learner to write it themselves.

``cases(None)`` are the visible inputs, those the learner's check runs;
``cases(rng)`` draws further inputs from a NumPy generator. The instructor's
release writes such drawn inputs, from the instructor's own seed, into the
graded cells as its hidden tests (:mod:`.grading`), so they are in no file a
learner has.
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
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import tensorflow as tf

from ...base.errors import ExerciseNotPassed, described
from ...base.language import tr
from .grading import answer_codes, delegation_message, watching

PASS, FAIL, TODO = "✅", "❌", "✏️"
_MARKS = {"pass": PASS, "fail": FAIL, "todo": TODO}


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
        mark = _MARKS[self.status]
        if self.hint and self.status != "pass":
            text = tr("{mark} {exercise}: {message} Hint: {hint}", mark=mark,
                      exercise=self.exercise, message=self.message, hint=self.hint)
        else:
            text = tr("{mark} {exercise}: {message}", mark=mark, exercise=self.exercise,
                      message=self.message)
        return " ".join(text.split())  # one line, whatever the parts held

    def __str__(self) -> str:
        return self.line


@dataclass(frozen=True)
class Case:
    """One call the check makes: the arguments for the learner's function, and the right answer."""

    args: tuple
    want: Any


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``answer`` is a wrong implementation (the learner's signature).

    A learner's answer shows the mistake when it is close to what ``answer``
    returns on the same arguments (``like="value"``), or when it only has the
    same shape (``like="shape"``). A mistake that gives the right answer on
    some arguments is not looked for there.
    """

    hint: str
    answer: Callable
    like: str = "value"
    rtol: float | None = None  # default: the exercise's
    atol: float | None = None

    def __post_init__(self):
        if self.like not in ("value", "shape"):
            raise ValueError(f"like is 'value' or 'shape', not {self.like!r}")

    def seen_in(self, got, want, wrong, rtol: float, atol: float) -> bool:
        """True when ``got`` shows this mistake, whose answer on the same arguments is ``wrong``."""
        rtol = rtol if self.rtol is None else self.rtol
        atol = atol if self.atol is None else self.atol
        if near(wrong, want, rtol, atol):
            return False
        if self.like == "shape":
            return shape_of(got) == shape_of(wrong)
        return near(got, wrong, rtol, atol)


@dataclass(frozen=True)
class Exercise:
    """One exercise: the function ``my_<name>`` the learner writes in ``notebook``, and its check.

    ``cases(rng)`` gives the calls of the check: the visible ones for
    ``rng=None``, else inputs drawn from the NumPy generator ``rng`` (the
    instructor's hidden tests). ``answers`` names the library functions that
    are the answer (dotted, e.g. ``"tensorflow.image.total_variation"``): a
    learner's function that calls one fails. ``hidden_call`` is the source of
    ``def _call(fn, *args)``, what the hidden tests compare (default:
    ``fn(*args)``), and ``hidden_want`` that of ``def _want(*args)``, for an
    answer the graded cell must compute itself (it depends on the weights). ``returns`` says what the function returns:
    ``"tensor"``, ``"number"`` (any single number) or ``"numbers"`` (a shape, a
    list of numbers); ``many`` is the hint for a tuple of several tensors.
    ``rtol`` and ``atol`` say how close to the right answer passes (and, unless
    a mistake says otherwise, how close to a mistake's answer shows it). An
    exercise whose answer is not an array gives a ``judge(run, case)`` of its own.
    """

    name: str
    notebook: str
    params: str
    summary: str
    solution: str  # the lines that replace the stub in the notebook
    cases: Callable[[Any], Iterable[Case]]
    mistakes: Sequence[Mistake] = ()
    hint: str | None = None  # when no mistake fits
    returns: str = "tensor"
    many: str | None = None
    rtol: float = 1e-4
    atol: float = 1e-5
    judge: Callable | None = None
    answers: Sequence[str] = ()
    hidden_call: str | None = None
    hidden_want: str | None = None

    @property
    def function(self) -> str:
        return f"my_{self.name}"

    def source(self, body: str | None = None) -> str:
        """The function with ``body`` (default: the solution) as its code."""
        body = self.solution if body is None else body
        return f"def {self.function}({self.params}):\n{textwrap.indent(body, '    ')}"

    def hint_for(self, got, want, answer_of: Callable[[Mistake], Any]) -> str | None:
        """The hint of the first mistake ``got`` shows, in the language in force;
        ``answer_of(mistake)`` is its wrong answer."""
        for mistake in self.mistakes:
            try:
                with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    wrong = as_float(answer_of(mistake))
                if mistake.seen_in(got, want, wrong, self.rtol, self.atol):
                    return tr(mistake.hint)
            except Exception:  # a mistake that does not apply to these arguments
                continue
        return tr(self.hint) if self.hint else None


#: Every exercise of the course, by name, in course order (the order they are registered in).
EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to :data:`EXERCISES` and return it."""
    EXERCISES[exercise.name] = exercise
    return exercise


def exercise_named(name: str) -> Exercise:
    if name not in EXERCISES:
        raise KeyError(f"No exercise called {name!r}. The exercises are: {', '.join(EXERCISES)}.")
    return EXERCISES[name]


def grading() -> bool:
    """True when nbgrader runs the notebook (autograde or validate set ``NBGRADER_EXECUTION``)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def judge(name: str, fn, *, seed: int | None = None) -> Verdict:
    """The verdict on ``fn`` as the answer to exercise ``name``. Never raises (but for a wrong name).

    With a ``seed``, the check runs inputs drawn from it, as the instructor's
    hidden tests do, instead of the visible ones.
    """
    exercise = exercise_named(name)
    hidden = seed is not None
    label = tr("{name} (drawn inputs)", name=name) if hidden else name
    run = Run(label, exercise, fn)
    try:
        with contextlib.redirect_stderr(sys.stdout), warnings.catch_warnings():
            # Warnings and stray stderr output are shown, but on stdout: nbgrader gives 0
            # points to a graded cell that writes to stderr.
            warnings.simplefilter("default")
            warnings.showwarning = _show_warning
            if not callable(fn):
                run.fail(tr("expected your function, got {what}.", what=describe(fn)),
                         tr("Pass the function itself, {function}, without brackets.",
                            function=exercise.function))
            for case in exercise.cases(np.random.default_rng(seed) if hidden else None):
                if exercise.judge:
                    exercise.judge(run, case)
                else:
                    run.judge_case(case)
    except Stop as stop:
        return stop.verdict
    except Exception as e:  # a check must answer, whatever the answer did to it
        return Verdict(label, "fail",
                       tr("the check could not use your answer ({error}).", error=one_line(e)),
                       tr("Return what {function}'s docstring asks for.",
                          function=exercise.function))
    return Verdict(label, "pass", tr("correct, it matches the reference."))


def check(exercise: Exercise, fn) -> None:
    """Print the one-line verdict on ``fn`` for ``exercise``; under nbgrader, raise if it fails."""
    verdict = judge(exercise.name, fn)
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
            print(tr("{name:<24} notebook {notebook}: {summary}", name=exercise.name,
                     notebook=exercise.notebook[:2], summary=tr(exercise.summary)))
        return
    exercise = exercise_named(name)
    print(tr("Solution of {name} (notebook {notebook}): its code replaces the two lines "
             "`# YOUR CODE HERE` and `raise NotImplementedError()`.", name=exercise.name,
             notebook=exercise.notebook) + "\n")
    print(exercise.source())


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"{category.__name__}: {message}")


# ----------------------------------------------------------------------------------------------
# Inputs, and reading what the learner's function returns


def uniform(shape, seed: int, low: float = 0.0, high: float = 1.0) -> tf.Tensor:
    """A float32 tensor of ``shape``, uniform in [low, high), the same for the same seed."""
    rng = np.random.default_rng(seed)
    return tf.constant(rng.uniform(low, high, shape).astype(np.float32))


def draw(rng, shape, low: float = 0.0, high: float = 1.0) -> tf.Tensor:
    """A float32 tensor of ``shape``, uniform in [low, high), drawn from the generator ``rng``."""
    return tf.constant(rng.uniform(low, high, shape).astype(np.float32))


def one_line(e: BaseException, limit: int = 160) -> str:
    text = described(e)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_LIBRARY_DIRS = tuple(
    {str(Path(p).resolve()) for k, p in sysconfig.get_paths().items()
     if k in ("stdlib", "platstdlib", "purelib", "platlib")}
    | {str(Path(__file__).resolve().parents[2])}  # nst_tutorial itself
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
    return tr(" (line {number}: {code})", number=frames[-1].lineno, code=frames[-1].line.strip())


def describe(value) -> str:
    """What ``value`` is, in a few words: "None", "a tensor of shape [2, 3]", ... (in the
    language in force)."""
    kind = type(value).__name__
    if value is None:
        return "None"
    if isinstance(value, dict):
        return tr("a dict with {n} key(s)", n=len(value))
    if isinstance(value, (tuple, list)):
        return tr("a {kind} of {n} item(s)", kind=kind, n=len(value))
    if isinstance(value, (str, bytes)):
        return tr("a {kind} ({start!r})", kind=kind, start=value[:30])
    if isinstance(value, (bool, int, float, complex, np.number)):
        return tr("the number {value!r}", value=value)
    if isinstance(value, np.ndarray):
        return tr("a NumPy array of shape {shape}", shape=_shape_text(value))
    if isinstance(value, (tf.Tensor, tf.Variable)):
        return tr("a tensor of shape {shape}", shape=_shape_text(value))
    if callable(value):
        return tr("a function") if kind == "function" else tr("a {kind}", kind=kind)
    return tr("an object of type {kind}", kind=kind)


def _shape_text(value) -> str:
    try:
        return str(list(tf.TensorShape(value.shape).as_list()))
    except Exception:
        return tr("unknown")


def as_float(value):
    """``value`` as a float64 array; a list of arrays stays a list (the outputs of a model)."""
    if isinstance(value, tf.TensorShape):
        value = value.as_list()
    if isinstance(value, list) and value and all(np.ndim(v) > 0 for v in value):
        return [np.asarray(v, dtype=np.float64) for v in value]
    return np.asarray(value, dtype=np.float64)


def shape_of(value) -> tuple:
    return tuple(a.shape for a in value) if isinstance(value, list) else np.shape(value)


def near(a, b, rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    """Same shape and close values (item by item for lists); False for what cannot be compared."""
    if isinstance(a, list) or isinstance(b, list):
        return (isinstance(a, list) and isinstance(b, list) and len(a) == len(b)
                and all(near(x, y, rtol, atol) for x, y in zip(a, b)))
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))
    except Exception:
        return False


class Stop(Exception):
    """Ends a check early with its verdict."""

    def __init__(self, verdict: Verdict):
        super().__init__(verdict.line)
        self.verdict = verdict


class Run:
    """One check of one function: calls it, reads its answer, compares, stops with a verdict."""

    def __init__(self, label: str, exercise: Exercise, fn):
        self.label, self.exercise, self.fn = label, exercise, fn
        self.codes = answer_codes(exercise.answers)

    def fail(self, message: str, hint: str | None = None):
        raise Stop(Verdict(self.label, "fail", message, hint))

    def call(self, *args, what: Callable | None = None):
        """Call the learner's function (or ``what`` it returned); stop on any error."""
        fn = self.fn if what is None else what
        try:
            with watching(self.codes) as used:
                got = fn(*args)
        except NotImplementedError:
            if what is not None:
                raise Stop(Verdict(self.label, "fail",
                                   tr("your model raised NotImplementedError.")))
            raise Stop(Verdict(self.label, "todo", tr(
                "not attempted yet. Write {function} in the cell above, run it, then run this "
                "cell again.", function=self.exercise.function)))
        except Exception as e:  # the learner's code may fail in any way
            if what is None:
                self.fail(tr("your function raised {error}{line}.", error=one_line(e),
                             line=_learner_line(e)))
            self.fail(tr("the model your function returned raised {error}{line}.",
                         error=one_line(e), line=_learner_line(e)))
        if used:
            self.fail(delegation_message(self.exercise.function, used, tr))
        return got

    def returned(self, got):
        """``got``, or a stop if the learner's function returned nothing."""
        if got is None:
            self.fail(tr("your function returned None."), tr("Did you forget `return`?"))
        return got

    def read(self, got, want_shape, returns: str = "tensor", many: str | None = None) -> np.ndarray:
        """The learner's answer as a float64 array, or a stop that says what it was instead.

        ``returns`` is ``"tensor"``, ``"number"`` (also ``[x]``) or ``"numbers"``
        (a list, a shape); ``many`` is the hint for a tuple or list of several tensors.
        """
        expected = tr("one number") if returns == "number" else \
            tr("a tensor of shape {shape}", shape=list(want_shape))
        self.returned(got)
        if isinstance(got, tf.TensorShape):
            got = got.as_list()
        if isinstance(got, (dict, str, bytes)) or callable(got) and not hasattr(got, "shape"):
            self.fail(tr("your function returned {what}, expected {expected}.",
                         what=describe(got), expected=expected))
        if isinstance(got, (tuple, list)) and returns != "numbers" and len(got) > 1:
            self.fail(tr("your function returned {what}, expected {expected}.",
                         what=describe(got), expected=expected),
                      tr(many) if many else tr("Return one tensor, not several."))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                arr = np.asarray(got)
        except Exception as e:
            self.fail(tr("your function returned {what}, which is not an array of numbers "
                         "({error}); expected {expected}.", what=describe(got),
                         error=one_line(e, 80), expected=expected))
        if arr.dtype.kind not in "biuf":
            self.fail(tr("your function returned {what} holding {dtype} values, not real "
                         "numbers; expected {expected}.", what=describe(got), dtype=arr.dtype,
                         expected=expected))
        arr = arr.astype(np.float64)
        if returns == "number" and arr.size == 1:
            arr = arr.reshape(())
        return arr

    def compare(self, got: np.ndarray, want, hint: Callable[[], str | None],
                what: str = "values") -> None:
        """Stop with ``hint()`` unless ``got`` matches ``want``; ``what`` names the values."""
        want = np.asarray(want, dtype=np.float64)
        rtol, atol = self.exercise.rtol, self.exercise.atol
        if got.shape == want.shape and np.all(np.isfinite(got)) and np.allclose(
                got, want, rtol=rtol, atol=atol):
            return
        if got.shape != want.shape:
            if want.shape == ():
                message = tr("your function returned shape {shape}, expected one number.",
                             shape=list(got.shape))
            else:
                message = tr("shape {shape}, expected {expected}.", shape=list(got.shape),
                             expected=list(want.shape))
        elif not np.all(np.isfinite(got)):
            message = tr("your result holds NaN or infinite values.") if what == "values" else \
                tr("{what} hold NaN or infinite values.", what=what)
        elif want.shape == ():
            message = tr("your function returned {got:.6g}, expected {want:.6g}.",
                         got=float(got), want=float(want))
        else:
            message = tr("{what} differ from the reference (largest difference {error:.3g}).",
                         what=tr("values") if what == "values" else what,
                         error=float(np.max(np.abs(got - want))))
        self.fail(message, hint())

    def judge_case(self, case: Case) -> None:
        """The usual check of one case: call, read the answer as an array, compare."""
        exercise = self.exercise
        got = self.read(self.call(*case.args), np.shape(case.want), exercise.returns,
                        exercise.many)
        self.compare(got, case.want, lambda: exercise.hint_for(
            got, as_float(case.want), lambda mistake: mistake.answer(*case.args)))
