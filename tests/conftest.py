"""Shared fixtures: tiny images, random VGG19 weights, and settings that never leak.

Downloads go to a temporary folder, never to the learner's cache, and every
test is checked to leave ``nst_tutorial.base.settings`` as it found it (a test
that changes them on purpose asks for ``saved_settings``). Fixtures only: the functions tests
import are in ``tests/helpers/``.
"""

from __future__ import annotations

import dataclasses
import os
import signal

os.environ.setdefault("MPLBACKEND", "Agg")  # figures render off-screen
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402

from nst_tutorial import StyleContentModel, load_vgg19  # noqa: E402
from nst_tutorial.base.settings import configure, settings  # noqa: E402
from tests.helpers.images import smooth_image  # noqa: E402
from tests.helpers.models import SHALLOW_LAYERS  # noqa: E402


@pytest.fixture(autouse=True)
def _settings_unchanged(request, tmp_path_factory):
    """Downloads go to a fresh folder, and a test leaves the settings as it found them.

    No function of the package changes the settings as a side effect: this
    checks it after every test, and fails the test that did. A test that
    changes them on purpose (``configure``, ``use_profile``, the command line
    run in-process) asks for :func:`saved_settings`, which puts them back.
    """
    original = settings.cache_dir
    settings.cache_dir = tmp_path_factory.mktemp("nst-cache")
    before = dataclasses.replace(settings)
    yield
    changed = [f.name for f in dataclasses.fields(settings)
               if getattr(settings, f.name) != getattr(before, f.name)]
    _put_back(before)
    settings.cache_dir = original
    if changed and "saved_settings" not in request.fixturenames:
        pytest.fail(f"the test changed nst_tutorial's settings ({', '.join(changed)}) without "
                    "asking for the saved_settings fixture")


def _put_back(saved) -> None:
    for field in dataclasses.fields(settings):
        setattr(settings, field.name, getattr(saved, field.name))


@pytest.fixture
def saved_settings():
    """The settings, for a test that changes them on purpose; they are put back afterwards."""
    saved = dataclasses.replace(settings)
    yield settings
    _put_back(saved)


@pytest.fixture
def random_weights(saved_settings):
    """Seeded random VGG19 weights (seed 0) for this test; settings put back afterwards."""
    saved_settings.weights = "random"
    saved_settings.seed = 0
    return saved_settings


@pytest.fixture
def quick_random_offline(random_weights):
    """Quick mode, offline and seeded random weights for this test, as the suite runs."""
    configure(quick=True, offline=True)
    return settings


@pytest.fixture
def content_image() -> tf.Tensor:
    """A tiny content image, ``[1, 40, 56, 3]`` float32 in [0, 1]."""
    return tf.constant(smooth_image(40, 56, seed=1)[None])


@pytest.fixture
def style_image() -> tf.Tensor:
    """A tiny style image, ``[1, 48, 48, 3]`` float32 in [0, 1]."""
    return tf.constant(smooth_image(48, 48, seed=2)[None])


@pytest.fixture
def online(saved_settings, tmp_path):
    """For tests against ``tests/helpers/loopback.py``: the server is on this machine, so offline
    mode (which the suite turns on) must not block it; downloads go to ``tmp_path/cache``."""
    saved_settings.offline = False
    saved_settings.cache_dir = tmp_path / "cache"
    return saved_settings


@pytest.fixture(scope="module")
def shallow_extractor():
    """One shallow random-weights extractor per test module.

    Two style layers and one content layer keep each compiled step small, for
    tests of what happens around the step (guards, saving, resuming), which
    does not depend on the depth.
    """
    return StyleContentModel(*SHALLOW_LAYERS, vgg=load_vgg19(weights="random", seed=0))


@pytest.fixture
def sigint():
    """SIGINT raises KeyboardInterrupt in this process during the test, however pytest was started."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)
