"""The exceptions the package raises on purpose.

Every error a learner can cause (a missing file, an image that is too small,
weights that cannot be found, an argument that makes no sense) is one of these
(only asking ``nst.exercises`` for an exercise that does not exist raises
``KeyError``, as a dict does), with a message that names the
thing and says what to do. They subclass the built-in exception a Python
programmer would expect, so ``except ValueError`` still works. Where one
quotes an error from another library, it quotes one line of it (``first_line``).
"""


class NSTError(Exception):
    """Base class of every error raised on purpose by ``nst_tutorial``."""


class ImageError(NSTError, ValueError):
    """An image could not be read, or cannot be used as it is."""


class WeightsError(NSTError, RuntimeError):
    """The VGG19 weights could not be found, downloaded or loaded.

    Notebook 02 introduces this.
    """


class SettingsError(NSTError, ValueError):
    """A setting (an environment variable or an argument) has a value that makes no sense."""


class NumericalError(NSTError, FloatingPointError):
    """A loss or the image became NaN or infinite during a run."""


class DownloadError(NSTError, OSError):
    """A URL could not be fetched (no network, a bad address, a timeout)."""


class StudentVersionError(NSTError, ValueError):
    """A notebook's solution markers are unbalanced, or the folders are unusable."""


class ModelError(NSTError, RuntimeError):
    """The feed-forward stylisation model could not be downloaded, unpacked or loaded."""


class InstructorVersionError(NSTError, ValueError):
    """A notebook cannot be turned into the instructor's release (a stub or a check is missing)."""


class ExerciseNotPassed(NSTError, AssertionError):
    """An exercise's check did not pass while nbgrader grades the notebook (the cell scores 0)."""


# How the messages above quote an error from another library (TensorFlow's run to many lines).
def first_line(e: BaseException) -> str:
    """The first non-blank line of ``e``'s message, or the name of its type if it has none."""
    return next((line.strip() for line in str(e).splitlines() if line.strip()), type(e).__name__)


def described(e: BaseException) -> str:
    """``"KeyError: <first line>"``, or only ``"KeyError"`` if ``e`` has no message."""
    name = type(e).__name__
    return f"{name}: {first_line(e)}" if str(e).strip() else name
