"""Child processes the tests start: their environment, and Ctrl-C in them."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: tests/helpers/ is two below it


def sigint_on() -> None:
    """Give SIGINT its default action again: for ``Popen(preexec_fn=...)`` (the
    ``sigint`` fixture of tests/conftest.py does the like in the test's own process).

    A shell that starts the suite in the background (``./test.sh &``, nohup, some
    CI runners) ignores SIGINT, and every process it starts inherits that; Python
    then never turns Ctrl-C into KeyboardInterrupt.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a Jupyter server, kernel or tool the tests start.

    Quick, offline, seeded random weights, as the suite runs; this checkout
    first on ``PYTHONPATH`` (so its kernels import it) and this interpreter's
    folder first on ``PATH``. ``extra`` adds or overrides variables.
    """
    env = dict(
        os.environ, NST_QUICK="1", NST_WEIGHTS="random", NST_OFFLINE="1", TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    env.update(extra)
    return env
