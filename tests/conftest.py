"""Shared fixtures: tiny images, random VGG19 weights, and settings that never leak.

Every test leaves ``nst_tutorial.base.settings`` as it found it, and downloads go to
a temporary folder, never to the learner's cache. Fixtures only: the functions tests
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
def _restore_settings(tmp_path_factory):
    """Snapshot the settings, point the download cache at a temporary folder, restore after."""
    saved = dataclasses.replace(settings)
    settings.cache_dir = tmp_path_factory.mktemp("nst-cache")
    yield settings
    for field in dataclasses.fields(settings):
        setattr(settings, field.name, getattr(saved, field.name))


@pytest.fixture
def random_weights():
    """Seeded random VGG19 weights (seed 0) for this test; settings restored afterwards."""
    settings.weights = "random"
    settings.seed = 0
    return settings


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
def online(_restore_settings, tmp_path):
    """For tests against ``tests/helpers/loopback.py``: the server is on this machine, so offline
    mode (which the suite turns on) must not block it; downloads go to ``tmp_path/cache``."""
    _restore_settings.offline = False
    _restore_settings.cache_dir = tmp_path / "cache"
    return _restore_settings


@pytest.fixture(scope="module")
def shallow_extractor():
    """One shallow random-weights extractor per test module (the weights setting is put back).

    Two style layers and one content layer keep each compiled step small, for
    tests of what happens around the step (guards, saving, resuming), which
    does not depend on the depth.
    """
    saved = settings.weights, settings.seed
    settings.weights, settings.seed = "random", 0
    try:
        yield StyleContentModel(*SHALLOW_LAYERS, vgg=load_vgg19())
    finally:
        settings.weights, settings.seed = saved


@pytest.fixture
def sigint():
    """SIGINT raises KeyboardInterrupt in this process during the test, however pytest was started."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)
