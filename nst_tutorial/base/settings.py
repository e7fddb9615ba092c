"""Runtime settings: where the weights come from, quick mode, offline mode, the cache.

These settings change what the course does. They are read from environment
variables so that tests and CI can switch them on without editing a notebook:

``NST_WEIGHTS``
    Where the VGG19 weights come from.

    * ``imagenet`` (the default): Keras downloads the ImageNet weights once and
      caches them in ``~/.keras/models`` (or ``$KERAS_HOME/models``).
    * a path to a weights file: the file Keras downloads
      (``vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5``) or a Keras 3
      ``.weights.h5`` file.
    * ``random``: seeded random weights. Everything runs offline, but the
      pictures are not real style transfer; the package says so whenever it
      shows or prints a result.

``NST_QUICK``
    ``1`` shrinks the work (64 px images, a handful of steps) so a notebook runs
    in seconds. Learners leave it unset and get the tutorial's real values.

``NST_SEED``
    The seed for random weights and noise images (default ``0``).

``NST_CACHE_DIR``
    Where downloaded images are kept (default ``~/.cache/nst-tutorial``).

``NST_OFFLINE``
    ``1`` means never touch the network: downloads of files that are not
    already cached fail at once with a clear error, and the course uses the
    images bundled in :mod:`nst_tutorial.course.data`. For CI, workshops and trains.

In code, :func:`configure` overrides any of them::

    import nst_tutorial as nst
    nst.configure(weights="random", quick=True)
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

from .errors import SettingsError

#: What results say when VGG19 has random weights (see :func:`weights_note`).
RANDOM_WEIGHTS_NOTE = (
    "VGG19 has seeded RANDOM weights (NST_WEIGHTS=random): the code runs, "
    "but the pictures and predictions are not real style transfer."
)

#: The tutorial's values, and the small ones used in quick mode.
FULL_MAX_DIM, QUICK_MAX_DIM = 512, 64
FULL_EPOCHS, QUICK_EPOCHS = 10, 2
FULL_STEPS_PER_EPOCH, QUICK_STEPS_PER_EPOCH = 100, 3

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def _parse_bool(name: str, value: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise SettingsError(f"{name}={value!r} is not understood: use 1 (on) or 0 (off).")


def _as_bool(name: str, value) -> bool:
    """``configure``'s flags: strings read as the environment variables are ("0" is off)."""
    return _parse_bool(name, value) if isinstance(value, str) else bool(value)


def _parse_weights(value: str) -> str:
    v = value.strip()
    if v.lower() in ("", "imagenet"):
        return "imagenet"
    if v.lower() == "random":
        return "random"
    return str(Path(v).expanduser())


@dataclasses.dataclass
class Settings:
    """The current runtime settings. Read them as ``nst_tutorial.settings``.

    Notebook 00 introduces them; notebook 01 reads ``max_dim``, notebook 06
    ``epochs`` and ``steps_per_epoch``.
    """

    weights: str = "imagenet"
    quick: bool = False
    seed: int = 0
    offline: bool = False
    cache_dir: Path = dataclasses.field(
        default_factory=lambda: Path.home() / ".cache" / "nst-tutorial"
    )

    @classmethod
    def from_env(cls, environ=None) -> "Settings":
        env = os.environ if environ is None else environ
        s = cls()
        s.weights = _parse_weights(env.get("NST_WEIGHTS", "imagenet"))
        s.quick = _parse_bool("NST_QUICK", env.get("NST_QUICK", "0"))
        s.offline = _parse_bool("NST_OFFLINE", env.get("NST_OFFLINE", "0"))
        try:
            s.seed = int(env.get("NST_SEED", "0"))
        except ValueError:
            raise SettingsError(
                f"NST_SEED={env['NST_SEED']!r} is not an integer."
            ) from None
        if env.get("NST_CACHE_DIR"):
            s.cache_dir = Path(env["NST_CACHE_DIR"]).expanduser()
        return s

    # Values that follow from quick mode. Notebooks use these, so the text a
    # learner reads stays the same while tests do less work.
    @property
    def max_dim(self) -> int:
        """Long side of loaded images, in pixels (512, or 64 in quick mode)."""
        return QUICK_MAX_DIM if self.quick else FULL_MAX_DIM

    @property
    def epochs(self) -> int:
        return QUICK_EPOCHS if self.quick else FULL_EPOCHS

    @property
    def steps_per_epoch(self) -> int:
        return QUICK_STEPS_PER_EPOCH if self.quick else FULL_STEPS_PER_EPOCH

    @property
    def random_weights(self) -> bool:
        return self.weights == "random"


#: The settings in force. Change them with :func:`configure`.
settings = Settings.from_env()


def configure(
    *, weights: str | None = None, quick: bool | None = None,
    seed: int | None = None, cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> Settings:
    """Override settings in code; arguments left as ``None`` keep their value.

    Models built afterwards use the new weights source; models already built
    keep the weights they have.

    Notebook 02 introduces this.
    """
    if weights is not None:
        settings.weights = _parse_weights(weights)
    if quick is not None:
        settings.quick = _as_bool("quick", quick)
    if seed is not None:
        try:
            settings.seed = int(seed)
        except (TypeError, ValueError):
            raise SettingsError(f"seed={seed!r} is not an integer.") from None
    if cache_dir is not None:
        settings.cache_dir = Path(cache_dir).expanduser()
    if offline is not None:
        settings.offline = _as_bool("offline", offline)
    return settings


def weights_note() -> str:
    """A line to show under results: empty with real weights, a warning with random ones.

    Notebook 00 explains it; the package's drawing functions add it by themselves.
    """
    return RANDOM_WEIGHTS_NOTE if settings.random_weights else ""


def keras_cache_dir() -> Path:
    """The folder where Keras keeps downloaded weights (``$KERAS_HOME/models``)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    if not os.access(home if os.path.exists(home) else os.path.dirname(home), os.W_OK):
        home = os.path.join("/tmp", ".keras")  # Keras falls back to this too.
    return Path(home) / "models"


def in_colab() -> bool:
    """True inside a Google Colab runtime."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ
