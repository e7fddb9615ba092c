"""Shared fixtures: tiny images, random VGG19 weights, and settings that never leak.

Every test leaves ``nst_tutorial.base.settings`` as it found it, and downloads go to
a temporary folder, never to the learner's cache.
"""

from __future__ import annotations

import dataclasses
import io
import os
import signal
import sys
import tarfile
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")  # figures render off-screen
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402

from nst_tutorial import StyleContentModel, load_vgg19  # noqa: E402
from nst_tutorial.base.settings import configure, settings  # noqa: E402


def smooth_image(height: int, width: int, seed: int) -> np.ndarray:
    """A ``[H, W, 3]`` float32 picture in [0, 1]: smooth colour waves plus a little noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    channels = []
    for _ in range(3):
        fy, fx, phase = rng.uniform(0.05, 0.3, 3)
        channels.append(0.5 + 0.4 * np.sin(fy * y + fx * x + 6 * phase))
    img = np.stack(channels, axis=-1) + rng.normal(0, 0.03, (height, width, 3))
    return np.clip(img, 0, 1).astype(np.float32)


def tar_bytes(add) -> bytes:
    """The bytes of a .tar.gz that ``add(tar)`` fills."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        add(tar)
    return buffer.getvalue()


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
    """For tests against ``tests/loopback.py``: the server is on this machine, so offline
    mode (which the suite turns on) must not block it; downloads go to ``tmp_path/cache``."""
    _restore_settings.offline = False
    _restore_settings.cache_dir = tmp_path / "cache"
    return _restore_settings


def tiny_image(seed: int, size: int = 32) -> tf.Tensor:
    """A ``[1, size, size, 3]`` float32 image of seeded uniform noise in [0.1, 0.9]."""
    rng = np.random.default_rng(seed)
    return tf.constant(rng.uniform(0.1, 0.9, (1, size, size, 3)).astype(np.float32))


SHALLOW_LAYERS = (["block1_conv1", "block2_conv1"], ["block2_conv2"])  # style, content


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


def sigint_on() -> None:
    """Give SIGINT its default action again: for ``Popen(preexec_fn=...)`` and ``sigint`` below.

    A shell that starts the suite in the background (``./test.sh &``, nohup, some
    CI runners) ignores SIGINT, and every process it starts inherits that; Python
    then never turns Ctrl-C into KeyboardInterrupt.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def sigint():
    """SIGINT raises KeyboardInterrupt in this process during the test, however pytest was started."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


ROOT = Path(__file__).resolve().parent.parent


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
