"""A quiet start: TensorFlow's start-up lines kept out of the first cell and the terminal.

Importing TensorFlow 2.20 and later prints a block of lines on stderr, red in a
notebook, before any of your code runs:

* ``WARNING: All log messages before absl::InitializeLog() is called are
  written to STDERR``, then, twice (once per TensorFlow library): ``oneDNN
  custom operations are on...`` and ``Could not find cuda drivers on your
  machine, GPU will not be used.`` These come from C++ before TensorFlow has
  set up its logging, so ``TF_CPP_MIN_LOG_LEVEL`` cannot hide them.
* ``This TensorFlow binary is optimized to use available CPU instructions...``
  and ``failed call to cuInit`` (on a machine without a GPU, when TensorFlow
  first looks for one), which ``TF_CPP_MIN_LOG_LEVEL`` does govern.

:func:`import_tensorflow` imports TensorFlow and looks for its devices with the
process's stderr (file descriptor 2, which C++ writes to) sent to a temporary
file, then writes back every line that is not one of those known messages, so
a real error still shows. It works only if it is the first import of
TensorFlow: the notebooks import ``nst_tutorial`` before ``tensorflow``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from typing import Iterator

#: The start-up lines that say nothing a learner can act on.
NOISE = [re.compile(p) for p in (
    r"All log messages before absl::InitializeLog\(\) is called are written to STDERR",
    r"oneDNN custom operations are on",
    r"Could not find cuda drivers on your machine",
    r"This TensorFlow binary is optimized to use available CPU instructions",
    r"^To enable the following instructions: .* rebuild TensorFlow",
    r"failed call to cuInit",
    r"Unable to register cu(DNN|FFT|BLAS) factory",
    r"computation placer already registered",
    r"TF-TRT Warning: Could not find TensorRT",
    r"cuda_(dnn|fft|blas)\.cc.*Unable to register",
)]


def is_noise(line: str) -> bool:
    """True for one of TensorFlow's start-up lines listed in :data:`NOISE`."""
    return any(p.search(line) for p in NOISE)


@contextlib.contextmanager
def filtered_stderr() -> Iterator[None]:
    """Send file descriptor 2 to a temporary file; write back what is not :func:`is_noise`."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no real stderr (some embedded pythons)
        yield
        return
    with tempfile.TemporaryFile(mode="w+b") as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            text = capture.read().decode("utf-8", "replace")
            kept = [line for line in text.splitlines() if line.strip() and not is_noise(line)]
            if kept:
                print("\n".join(kept), file=sys.stderr, flush=True)


def import_tensorflow() -> None:
    """Import TensorFlow and find its devices quietly (see the module's docstring).

    ``TF_CPP_MIN_LOG_LEVEL`` is set to 2 unless you set it: TensorFlow's later
    C++ information and warnings stay hidden, errors still show.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if "tensorflow" in sys.modules:
        return  # imported before: its lines are out already
    with filtered_stderr():
        import tensorflow as tf

        tf.config.list_physical_devices()
