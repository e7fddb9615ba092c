"""Ctrl-C and the notebook's stop button, taken between two steps.

Python raises KeyboardInterrupt wherever the main thread happens to be when
the signal comes. Most of the time that is fine. But when it is inside a
finaliser (Matplotlib tidying up a figure that was garbage-collected, say),
Python prints "Exception ignored in ..." and drops the exception: the press
is lost and the run goes on as if nothing had happened.

Inside ``with stop_requests() as stop:`` the first press only sets
``stop.pressed``; the loop calls ``stop.check()`` between steps, which raises
the KeyboardInterrupt there. A second press raises at once, as usual.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class StopRequests:
    """Whether Ctrl-C (or the stop button) was pressed inside :func:`stop_requests`."""

    def __init__(self) -> None:
        self.pressed = False

    def check(self) -> None:
        """Raise KeyboardInterrupt if a press came since the block began."""
        if self.pressed:
            self.pressed = False  # one press, one KeyboardInterrupt
            raise KeyboardInterrupt

    def _on_sigint(self, signum, frame) -> None:
        if self.pressed:  # pressed twice: do not wait for the step to end
            signal.default_int_handler(signum, frame)
        self.pressed = True


@contextmanager
def stop_requests():
    """Defer Ctrl-C to the next ``check()`` in the block; nested blocks share one.

    Only where Python would raise KeyboardInterrupt anyway (the main thread,
    the default SIGINT handler in force); elsewhere SIGINT is left as it is,
    and ``check()`` raises only for a press it saw, which is never.
    """
    in_main = threading.current_thread() is threading.main_thread()
    handler = signal.getsignal(signal.SIGINT)
    if in_main and isinstance(getattr(handler, "__self__", None), StopRequests):
        yield handler.__self__  # a block around this one is taking the presses
        return
    requests = StopRequests()
    if not in_main or handler is not signal.default_int_handler:
        yield requests
        return
    signal.signal(signal.SIGINT, requests._on_sigint)
    try:
        yield requests
    finally:
        signal.signal(signal.SIGINT, handler)
