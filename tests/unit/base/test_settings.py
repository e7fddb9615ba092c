"""Settings from environment variables and configure(), and the environment report."""

from __future__ import annotations

from pathlib import Path

import pytest

import nst_tutorial as nst
from nst_tutorial.base.errors import SettingsError
from nst_tutorial.base.settings import Settings, settings

# These tests change the settings on purpose (configure, offline mode, the cache).
pytestmark = pytest.mark.usefixtures("saved_settings")


def test_defaults_are_the_tutorials():
    s = Settings.from_env({})
    assert (s.weights, s.quick, s.seed) == ("imagenet", False, 0)
    assert (s.max_dim, s.epochs, s.steps_per_epoch) == (512, 10, 100)
    assert s.cache_dir == Path.home() / ".cache" / "nst-tutorial"
    assert not s.random_weights


@pytest.mark.parametrize("value, quick", [
    ("1", True), ("true", True), ("YES", True), (" on ", True),
    ("0", False), ("", False), ("false", False), ("No", False), ("off", False),
])
def test_quick_values(value, quick):
    s = Settings.from_env({"NST_QUICK": value})
    assert s.quick is quick
    assert (s.max_dim, s.epochs, s.steps_per_epoch) == ((64, 2, 3) if quick else (512, 10, 100))


@pytest.mark.parametrize("name, value", [
    ("NST_QUICK", "maybe"), ("NST_QUICK", "2"), ("NST_SEED", "abc"), ("NST_SEED", "1.5"),
])
def test_bad_values_name_the_variable(name, value):
    with pytest.raises(SettingsError) as info:
        Settings.from_env({name: value})
    assert name in str(info.value) and repr(value) in str(info.value)


@pytest.mark.parametrize("value, weights", [
    ("imagenet", "imagenet"), ("ImageNet", "imagenet"), ("", "imagenet"),
    ("random", "random"), ("RANDOM", "random"), ("/data/vgg19.h5", "/data/vgg19.h5"),
    ("~/w/vgg19.weights.h5", str(Path.home() / "w" / "vgg19.weights.h5")),
])
def test_weights_forms(value, weights):
    assert Settings.from_env({"NST_WEIGHTS": value}).weights == weights


def test_seed_and_cache_dir_from_the_environment(tmp_path):
    s = Settings.from_env({"NST_SEED": "42", "NST_CACHE_DIR": str(tmp_path)})
    assert s.seed == 42 and s.cache_dir == tmp_path


def test_configure_overrides_and_keeps_what_it_is_not_given(tmp_path):
    nst.configure(weights="random", quick=True, seed=3, cache_dir=tmp_path)
    assert (settings.weights, settings.quick, settings.seed) == ("random", True, 3)
    assert settings.cache_dir == tmp_path and settings.random_weights and settings.max_dim == 64
    nst.configure(seed=4)
    assert (settings.weights, settings.quick, settings.seed) == ("random", True, 4)
    nst.configure(weights="imagenet", quick=False)
    assert not settings.random_weights and settings.max_dim == 512


@pytest.mark.parametrize("quick, expected", [("0", False), ("off", False), ("1", True), (0, False)])
def test_configure_reads_flags_as_the_environment_does(quick, expected):
    nst.configure(quick=quick, offline=quick)
    assert settings.quick is expected and settings.offline is expected
    with pytest.raises(SettingsError, match="quick"):
        nst.configure(quick="maybe")


def test_configure_refuses_a_bad_seed():
    with pytest.raises(SettingsError, match="seed"):
        nst.configure(seed="abc")


@pytest.mark.parametrize("value, lang", [
    ("en", "en"), ("zh", "zh"), ("zh_CN", "zh"), ("zh-CN", "zh"), ("zh-Hans", "zh"),
    (" ZH ", "zh"), ("", "en"),
])
def test_lang_forms(value, lang):
    assert Settings.from_env({"NST_LANG": value}).lang == lang


def test_lang_is_english_by_default():
    assert Settings.from_env({}).lang == "en"


@pytest.mark.parametrize("value", ["fr", "zh_TW", "chinese"])
def test_a_bad_lang_names_the_value_and_the_choices(value):
    with pytest.raises(SettingsError) as info:
        Settings.from_env({"NST_LANG": value})
    message = str(info.value)
    assert "NST_LANG" in message and repr(value) in message
    assert "use en or zh" in message


def test_configure_sets_the_language():
    nst.configure(lang="zh-CN")
    assert settings.lang == "zh"
    nst.configure(seed=1)  # left as it is
    assert settings.lang == "zh"
    nst.configure(lang="en")
    assert settings.lang == "en"
    with pytest.raises(SettingsError, match="lang='de'"):
        nst.configure(lang="de")


def test_environment_report(random_weights, capsys):
    import keras
    import tensorflow as tf

    report = nst.environment_report()
    printed = capsys.readouterr().out
    assert {"python", "tensorflow", "keras", "device", "colab", "weights", "imagenet_cached",
            "quick", "max_dim", "cache_dir"} <= set(report)
    assert report["tensorflow"] == tf.__version__ and report["keras"] == keras.__version__
    assert report["weights"] == "random" and report["colab"] is False
    assert set(report["imagenet_cached"]) == {"notop", "classifier"}
    assert "RANDOM" in printed and tf.__version__ in printed
    gpus = tf.config.list_physical_devices("GPU")
    assert report["device"] == (f"GPU ({len(gpus)})" if gpus else "CPU only")


def test_environment_report_with_imagenet_says_nothing_random(saved_settings, capsys):
    saved_settings.weights = "imagenet"
    report = nst.environment_report(print_it=False)
    assert report["weights"] == "imagenet" and capsys.readouterr().out == ""
    nst.environment_report()
    assert "RANDOM" not in capsys.readouterr().out
