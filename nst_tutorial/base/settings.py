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

``NST_PROFILE``
    How much work the notebooks do (see :mod:`nst_tutorial.base.profiles`):
    ``tutorial`` (512 px, 10 x 100 steps, the official tutorial's values),
    ``laptop`` (made for CPUs: the image size and steps that fit this machine's
    speed, so every notebook ends within about five minutes), ``quick`` (tiny
    images, for tests) or ``auto`` (the default: in the notebooks, the
    tutorial's where TensorFlow finds a GPU and the laptop's where it does not;
    the package's functions and the command line keep the tutorial's values).

``NST_QUICK``
    ``1`` means ``NST_PROFILE=quick``: 64 px images and a handful of steps, so a
    notebook runs in seconds.

``NST_BFLOAT16``
    ``0`` keeps the laptop profile in float32 on CPUs that have bfloat16
    instructions (by default its Adam runs compute in bfloat16 there).

``NST_SEED``
    The seed for random weights and noise images (default ``0``).

``NST_CACHE_DIR``
    Where downloads are kept (images, the feed-forward model), and the laptop
    profile's timing of this machine (default ``~/.cache/nst-tutorial``).

``NST_OFFLINE``
    ``1`` means never touch the network: downloads of files that are not
    already cached fail at once with a clear error, and the course uses the
    images bundled in :mod:`nst_tutorial.course.data`. For CI, workshops and trains.

``NST_LANG``
    The language of what the package prints and draws (its notes, the
    exercises' hints, the playground's labels, its plots' titles): ``en`` (the
    default) or ``zh``, Chinese (``zh_CN``, ``zh-CN`` and ``zh-Hans`` mean the
    same). Error messages stay in English, as Python's and TensorFlow's do.

In code, :func:`configure` overrides any of them::

    import nst_tutorial as nst
    nst.configure(weights="random", profile="quick")
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

from .errors import SettingsError
from .profiles import LAPTOP_UNTIMED, QUICK, TUTORIAL, Plan, parse_profile

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


#: The languages the package speaks, and the other names NST_LANG accepts for them.
LANGUAGES = {"en": "en", "zh": "zh", "zh_cn": "zh", "zh-cn": "zh", "zh-hans": "zh"}


def _parse_lang(name: str, value: str) -> str:
    v = value.strip().lower() or "en"
    if v not in LANGUAGES:
        raise SettingsError(f"{name}={value!r} is not a language of the course: use en or zh "
                            "(zh_CN, zh-CN and zh-Hans mean zh).")
    return LANGUAGES[v]


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
    ``epochs`` and ``steps_per_epoch``, notebook 08 ``evaluations``.

    ``profile`` is the setting (``"auto"``, ``"tutorial"``, ``"laptop"`` or
    ``"quick"``); ``plan`` the laptop profile's values once this machine has been
    timed (:func:`nst_tutorial.course.pace.use_profile` does it);
    ``weights_fallback`` lets :func:`~nst_tutorial.runs.weights.load_vgg19`
    carry on with random weights, after a warning, when the ImageNet weights
    cannot be had (the notebooks switch it on; scripts get an error instead);
    ``lang`` the language the package speaks, ``"en"`` or ``"zh"``.
    """

    weights: str = "imagenet"
    profile: str = "auto"
    seed: int = 0
    offline: bool = False
    cache_dir: Path = dataclasses.field(
        default_factory=lambda: Path.home() / ".cache" / "nst-tutorial"
    )
    bfloat16: bool = True
    weights_fallback: bool = False
    plan: Plan | None = None
    lang: str = "en"

    @classmethod
    def from_env(cls, environ=None) -> "Settings":
        env = os.environ if environ is None else environ
        s = cls()
        s.weights = _parse_weights(env.get("NST_WEIGHTS", "imagenet"))
        s.profile = parse_profile(env.get("NST_PROFILE", "auto"))
        if _parse_bool("NST_QUICK", env.get("NST_QUICK", "0")):
            if s.profile not in ("auto", "quick"):
                raise SettingsError(
                    f"NST_QUICK=1 and NST_PROFILE={env['NST_PROFILE']!r} contradict each "
                    "other: NST_QUICK=1 means NST_PROFILE=quick. Unset one of them."
                )
            s.profile = "quick"
        s.offline = _parse_bool("NST_OFFLINE", env.get("NST_OFFLINE", "0"))
        s.bfloat16 = _parse_bool("NST_BFLOAT16", env.get("NST_BFLOAT16", "1"))
        try:
            s.seed = int(env.get("NST_SEED", "0"))
        except ValueError:
            raise SettingsError(
                f"NST_SEED={env['NST_SEED']!r} is not an integer."
            ) from None
        s.lang = _parse_lang("NST_LANG", env.get("NST_LANG", "en"))
        if env.get("NST_CACHE_DIR"):
            s.cache_dir = Path(env["NST_CACHE_DIR"]).expanduser()
        return s

    # The profile's values. Notebooks use these, so the text a learner reads
    # stays the same while a laptop or a test does less work.
    @property
    def quick(self) -> bool:
        """True in the quick profile (``NST_QUICK=1``)."""
        return self.profile == "quick"

    @quick.setter
    def quick(self, on: bool) -> None:
        if on:
            self.profile = "quick"
        elif self.profile == "quick":
            self.profile = "auto"

    @property
    def profile_name(self) -> str:
        """The profile in force: ``"auto"`` counts as the tutorial's until a notebook chooses."""
        return "tutorial" if self.profile == "auto" else self.profile

    @property
    def values(self) -> Plan:
        """The :class:`~nst_tutorial.base.profiles.Plan` of the profile in force."""
        if self.profile_name == "quick":
            return QUICK
        if self.profile_name == "laptop":
            return self.plan or LAPTOP_UNTIMED
        return TUTORIAL

    @property
    def max_dim(self) -> int:
        """Long side of loaded images, in pixels (512; 64 in quick mode; the laptop's plan)."""
        return self.values.max_dim

    @property
    def epochs(self) -> int:
        return self.values.epochs

    @property
    def steps_per_epoch(self) -> int:
        return self.values.steps_per_epoch

    @property
    def evaluations(self) -> int:
        """Loss evaluations per experiment in notebook 08 (100 in the tutorial's profile)."""
        return self.values.evaluations

    @property
    def precision(self) -> str:
        """The network's arithmetic in the Adam runs of 06 and 07: ``"float32"`` or ``"mixed"``."""
        return self.values.precision

    @property
    def random_weights(self) -> bool:
        return self.weights == "random"


#: The settings in force. Change them with :func:`configure`.
settings = Settings.from_env()


def configure(
    *, weights: str | None = None, quick: bool | None = None,
    seed: int | None = None, cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None, profile: str | None = None,
    bfloat16: bool | None = None, weights_fallback: bool | None = None,
    lang: str | None = None,
) -> Settings:
    """Override settings in code; arguments left as ``None`` keep their value.

    Models built afterwards use the new weights source; models already built
    keep the weights they have. ``profile`` is ``"tutorial"``, ``"laptop"``,
    ``"quick"`` or ``"auto"``; ``quick=True`` means ``profile="quick"``. In a
    notebook, ``nst.use_profile("tutorial")`` also says what changed. ``lang`` is
    ``"en"`` or ``"zh"``: the language the package speaks from then on.

    Notebook 02 introduces this.
    """
    if weights is not None:
        settings.weights = _parse_weights(weights)
    if profile is not None:
        settings.profile = parse_profile(profile, "profile")
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
    if bfloat16 is not None:
        settings.bfloat16 = _as_bool("bfloat16", bfloat16)
    if weights_fallback is not None:
        settings.weights_fallback = _as_bool("weights_fallback", weights_fallback)
    if lang is not None:
        settings.lang = _parse_lang("lang", lang)
    return settings


def keras_cache_dir() -> Path:
    """The folder where Keras keeps downloaded weights (``$KERAS_HOME/models``)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    if not os.access(home if os.path.exists(home) else os.path.dirname(home), os.W_OK):
        home = os.path.join("/tmp", ".keras")  # Keras falls back to this too.
    return Path(home) / "models"


def in_colab() -> bool:
    """True inside a Google Colab runtime."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ
