"""Refusing delegation, and the instructor's hidden tests. Standalone: no import of nst_tutorial.

Two things an instructor has to be able to trust live here.

**Delegation does not count.** Each exercise lists the library functions that
are its answer (``nst.gram_matrix``, ``tf.image.total_variation``...).
:func:`watching` notes every call into one of them while the learner's
function runs, however it was reached (``nst.gram_matrix``, an alias, a
``from ... import``), by watching which code objects Python enters
(``sys.setprofile``); ``tf.function`` runs eagerly meanwhile, so a compiled
function's Python runs too. Nothing is replaced, so nothing has to be put back.

**Hidden tests a student's cell cannot switch off.** The instructor's release
(:mod:`nst_tutorial.tools.instructor`) writes each hidden test into the graded
cell: its inputs and right answers as literals drawn from the instructor's
seed, and a fresh copy of this file, loaded from disk under a private name, to
call :func:`hidden_test`. A solution cell that replaces ``nst.exercises``'
checks, ``judge``, or this module in ``sys.modules`` changes nothing there.
nbgrader removes the hidden tests from the students' copy, so the inputs are
not on a learner's machine.

This file imports only the standard library and NumPy (TensorFlow when it is
already loaded), so that it can be loaded on its own.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import sys

import numpy as np

PASS, FAIL, TODO = "✅", "❌", "✏️"


#: The short names the course imports its libraries under.
ALIASES = {"nst": "nst_tutorial", "tf": "tensorflow", "np": "numpy"}


def resolve(dotted: str):
    """The object a dotted name such as ``"tf.image.total_variation"`` names (``nst``, ``tf``
    and ``np`` stand for the course's libraries)."""
    parts = dotted.split(".")
    parts[0] = ALIASES.get(parts[0], parts[0])
    for n in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:n]))
        except ImportError:
            continue
        for part in parts[n:]:
            obj = getattr(obj, part)
        return obj
    raise ImportError(f"cannot resolve {dotted!r}")


def code_objects(obj) -> set:
    """The code objects that running ``obj`` enters first: a function's own (its decorators
    unwrapped), or the methods a class defines itself."""
    if isinstance(obj, type):
        return {f.__code__ for f in vars(obj).values() if inspect.isfunction(f)}
    obj = inspect.unwrap(getattr(obj, "__func__", obj))
    code = getattr(obj, "__code__", None)
    return {code} if code is not None else set()


def answer_codes(answers) -> dict:
    """``{code object: name}`` of the functions named in ``answers`` (names that do not resolve
    are skipped: an optional library that is not installed)."""
    codes = {}
    for name in answers:
        try:
            for code in code_objects(resolve(name)):
                codes[code] = name
        except (ImportError, AttributeError):
            continue
    return codes


@contextlib.contextmanager
def watching(codes: dict):
    """Yield a list that collects the name of each function of ``codes`` called meanwhile."""
    used: list = []
    previous = sys.getprofile()
    tf = sys.modules.get("tensorflow")
    eager = tf.config.functions_run_eagerly() if tf is not None else None

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in codes and codes[frame.f_code] not in used:
            used.append(codes[frame.f_code])

    if tf is not None:
        tf.config.run_functions_eagerly(True)
    sys.setprofile(profile if codes else previous)
    try:
        yield used
    finally:
        sys.setprofile(previous)
        if tf is not None:
            tf.config.run_functions_eagerly(eager)


def delegation_message(function: str, used: list, tr=str.format) -> str:
    """The one line a learner who called the answer's library function gets (in another
    language with ``tr``, :func:`nst_tutorial.base.language.tr`: this file imports no package)."""
    return tr("your function calls {used}, which does this exercise for you; write {function} "
              "with your own code.", used=used[0], function=function)


def close(got, want, rtol: float, atol: float) -> bool:
    """Same shape and close values (a list of arrays: item by item); False for what cannot
    be compared."""
    if isinstance(want, (list, tuple)) and want and np.ndim(want[0]) > 0:
        got = list(got) if isinstance(got, (list, tuple)) else [got]
        return len(got) == len(want) and all(close(g, w, rtol, atol) for g, w in zip(got, want))
    try:
        g = np.asarray(got, dtype=np.float64)
        w = np.asarray(want, dtype=np.float64)
    except Exception:
        return False
    if w.ndim == 0 and g.size == 1:
        g = g.reshape(())
    return g.shape == w.shape and bool(np.all(np.isfinite(g))) and bool(
        np.allclose(g, w, rtol=rtol, atol=atol))


def _call_plain(fn, *args):
    return fn(*args)


def hidden_test(name: str, fn, cases, *, call=None, answers=(), rtol=1e-4, atol=1e-5) -> None:
    """Grade ``fn`` on ``cases``, ``[(args, right answer), ...]``: print one line, and raise
    ``AssertionError`` (the graded cell scores 0) unless every answer is right.

    ``call(fn, *args)`` gives what is compared (default: ``fn(*args)``); ``answers`` names the
    library functions whose use does not count.
    """
    label = f"{name} (hidden tests)"
    call = call or _call_plain

    def verdict(mark: str, message: str):
        line = " ".join(f"{mark} {label}: {message}".split())
        print(line)
        if mark != PASS:
            raise AssertionError(line)

    if not callable(fn):
        verdict(FAIL, f"expected your function, got {type(fn).__name__}.")
    codes = answer_codes(answers)
    for n, (args, want) in enumerate(cases, start=1):
        try:
            with watching(codes) as used:
                got = call(fn, *args)
        except NotImplementedError:
            verdict(TODO, "not attempted yet.")
        except Exception as e:  # the learner's code may fail in any way
            verdict(FAIL, f"your function raised {type(e).__name__} on input {n}.")
        if used:
            verdict(FAIL, delegation_message(f"my_{name}", used))
        if not close(got, want, rtol, atol):
            verdict(FAIL, f"wrong answer on input {n} of {len(cases)}.")
    verdict(PASS, f"correct on all {len(cases)} inputs.")
