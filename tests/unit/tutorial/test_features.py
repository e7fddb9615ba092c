"""VGG19 features: preprocessing, layer outputs, the style/content model, and where weights come from.

References: NumPy for the Caffe preprocessing and the Gram matrices, Keras'
own VGG19 for the layer outputs, and weights files written here in the two
formats the package reads (the legacy HDF5 layout of the file Keras downloads,
and a Keras 3 ``.weights.h5``).
"""

from __future__ import annotations

import socket
import urllib.error

import h5py
import keras
import numpy as np
import pytest
import tensorflow as tf

import nst_tutorial as nst
from nst_tutorial.runs import weights as features
from nst_tutorial.base.errors import WeightsError
from nst_tutorial.base.settings import settings
from nst_tutorial.runs.weights import WEIGHT_FILES, load_vgg19

EXPECTED_SHAPES = {  # for a 48 x 64 input: each block halves the size
    "block1_conv1": (1, 48, 64, 64), "block2_conv1": (1, 24, 32, 128),
    "block3_conv1": (1, 12, 16, 256), "block4_conv1": (1, 6, 8, 512),
    "block5_conv1": (1, 3, 4, 512), "block5_conv2": (1, 3, 4, 512),
    "block5_pool": (1, 1, 2, 512),
}


def np_gram(f: np.ndarray) -> np.ndarray:
    b, h, w, c = f.shape
    flat = f.reshape(b, h * w, c).astype(np.float64)
    return np.einsum("blc,bld->bcd", flat, flat) / (h * w)


@pytest.fixture
def image():
    return tf.constant(np.random.default_rng(0).random((1, 48, 64, 3), dtype=np.float32))


# --------------------------------------------------------------------------- preprocessing
def test_preprocess_is_caffe_bgr_minus_the_imagenet_mean(image):
    x = image.numpy() * 255.0
    expected = x[..., ::-1] - np.array([103.939, 116.779, 123.68], np.float32)
    np.testing.assert_allclose(nst.preprocess(image).numpy(), expected, rtol=0, atol=1e-4)


# ------------------------------------------------------------------------------- layers
def test_vgg_layers_equal_keras_vgg19s_own_outputs(random_weights, image):
    names = list(EXPECTED_SHAPES)
    got = nst.vgg_layers(names, load_vgg19())(nst.preprocess(image))
    reference = keras.applications.VGG19(include_top=False, weights=None)
    reference.set_weights(load_vgg19().get_weights())
    expected = keras.Model(reference.input, [reference.get_layer(n).output for n in names])(
        keras.applications.vgg19.preprocess_input(image * 255.0))
    assert len(got) == len(expected) == len(names)
    for name, g, e in zip(names, got, expected):
        assert tuple(g.shape) == EXPECTED_SHAPES[name], name
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-5, atol=1e-4, err_msg=name)


def test_vgg_layers_is_frozen(random_weights):
    model = nst.vgg_layers(["block1_conv1"], load_vgg19())
    assert model.trainable_weights == []


def test_unknown_layer_name_lists_the_valid_ones(random_weights):
    with pytest.raises(ValueError) as info:  # Keras' own error lists them
        nst.vgg_layers(["block1_conv1", "block9_conv9"], load_vgg19())
    message = str(info.value)
    assert "block9_conv9" in message
    assert "block5_conv4" in message and "block1_pool" in message


def test_style_content_model_returns_grams_and_features(random_weights, image):
    model = nst.StyleContentModel(vgg=nst.load_vgg19())
    out = model(image)
    assert set(out) == {"style", "content"}
    assert list(out["style"]) == nst.STYLE_LAYERS == [
        "block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1"]
    assert list(out["content"]) == nst.CONTENT_LAYERS == ["block5_conv2"]
    feats = nst.vgg_layers(nst.STYLE_LAYERS + nst.CONTENT_LAYERS, load_vgg19())(
        nst.preprocess(image))
    for name, f in zip(nst.STYLE_LAYERS, feats):
        channels = EXPECTED_SHAPES[name][-1]
        assert out["style"][name].shape == (1, channels, channels)
        np.testing.assert_allclose(out["style"][name].numpy(), np_gram(f.numpy()),
                                   rtol=1e-4, atol=1e-3, err_msg=name)
    np.testing.assert_array_equal(out["content"]["block5_conv2"].numpy(), feats[-1].numpy())


# ------------------------------------------------------------------------- random weights
def test_random_weights_are_seeded_and_say_so(random_weights, monkeypatch, capsys):
    monkeypatch.setattr(features, "_models", {})
    monkeypatch.setattr(features, "_noted", False)
    first = load_vgg19().get_weights()
    assert "RANDOM" in capsys.readouterr().out
    monkeypatch.setattr(features, "_models", {})  # build again, not from the cache
    again = load_vgg19().get_weights()
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    random_weights.seed = 1
    other = load_vgg19().get_weights()
    assert not np.array_equal(first[0], other[0])
    # Kernels are not all zeros and have a sensible (He) scale.
    kernel = first[0]
    np.testing.assert_allclose(kernel.std(), np.sqrt(2 / (3 * 3 * 3)), rtol=0.1)
    assert nst.weights_note() == features.RANDOM_WEIGHTS_NOTE and "RANDOM" in nst.weights_note()
    random_weights.weights = "imagenet"
    assert nst.weights_note() == ""


# --------------------------------------------------------------------------- weights files
@pytest.fixture(scope="module")
def weights_files(tmp_path_factory):
    """Random VGG19 weights (not the package's), saved in both formats."""
    from keras.src.legacy.saving import legacy_h5_format

    folder = tmp_path_factory.mktemp("weights")
    model = keras.applications.VGG19(include_top=False, weights=None)
    rng = np.random.default_rng(123)
    model.set_weights([rng.standard_normal(w.shape, dtype=np.float32) * 0.01
                       for w in model.get_weights()])
    legacy = folder / WEIGHT_FILES["notop"]
    with h5py.File(legacy, "w") as f:  # the layout of the file Keras downloads
        legacy_h5_format.save_weights_to_hdf5_group(f, model)
    keras3 = folder / "vgg19_notop.weights.h5"
    model.save_weights(keras3)
    small = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(4, 3)])
    wrong = folder / "not_vgg.weights.h5"
    small.save_weights(wrong)
    wrong_legacy = folder / "not_vgg_legacy.h5"
    with h5py.File(wrong_legacy, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, small)
    return {"weights": model.get_weights(), "legacy": legacy, "keras3": keras3,
            "folder": folder, "wrong": wrong, "wrong_legacy": wrong_legacy}


def test_legacy_file_is_in_keras_download_layout(weights_files):
    with h5py.File(weights_files["legacy"], "r") as f:
        names = [n.decode() if isinstance(n, bytes) else n for n in f.attrs["layer_names"]]
        assert names[1:3] == ["block1_conv1", "block1_conv2"] and names[-1] == "block5_pool"
        assert len(f["block1_conv1"].attrs["weight_names"]) == 2  # kernel and bias


@pytest.mark.parametrize("which", ["legacy", "keras3", "folder"])
def test_weights_file_setting_loads_the_exact_weights(weights_files, saved_settings, which):
    nst.configure(weights=str(weights_files[which]))
    got = load_vgg19().get_weights()
    assert len(got) == len(weights_files["weights"]) == 32
    for a, b in zip(got, weights_files["weights"]):
        np.testing.assert_array_equal(a, b)


def test_weights_file_from_the_environment(weights_files, monkeypatch):
    from nst_tutorial.base.settings import Settings

    monkeypatch.setenv("NST_WEIGHTS", str(weights_files["keras3"]))
    assert Settings.from_env().weights == str(weights_files["keras3"])


@pytest.mark.parametrize("which", ["wrong", "wrong_legacy"])
def test_weights_file_of_the_wrong_shape_names_the_file(weights_files, which):
    path = weights_files[which]
    with pytest.raises(WeightsError) as info:
        load_vgg19(weights=str(path))
    message = str(info.value)
    assert path.name in message and "VGG19" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_missing_weights_file_names_it(tmp_path):
    path = tmp_path / "nowhere" / "vgg19.h5"
    with pytest.raises(WeightsError, match="nowhere/vgg19.h5: no such weights file"):
        load_vgg19(weights=str(path))


# ----------------------------------------------------------------------- ImageNet offline
def test_imagenet_without_network_is_one_paragraph_with_three_ways_out(tmp_path, monkeypatch):
    from keras.src.backend import config
    from keras.src.utils import file_utils

    calls = []

    def no_network(url, filename, reporthook=None):
        calls.append(url)
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(config, "keras_home", lambda: str(tmp_path))
    monkeypatch.setattr(file_utils, "urlretrieve", no_network)
    monkeypatch.setattr(features, "_models", {})
    monkeypatch.setattr(settings, "offline", False)  # online, but the network is down
    with pytest.raises(WeightsError) as info:
        load_vgg19(weights="imagenet")
    assert calls and calls[0].endswith(WEIGHT_FILES["notop"])  # Keras really tried
    err = info.value
    message = str(err)
    assert "\n" not in message
    assert WEIGHT_FILES["notop"] in message and "name resolution" in message
    assert all(f"({n})" in message for n in (1, 2, 3))
    assert "NST_WEIGHTS=random" in message and "NST_WEIGHTS=/path" in message
    assert str(tmp_path / "models") in message  # where to copy the file
    assert err.__cause__ is None and err.__suppress_context__
    assert not (tmp_path / "models" / WEIGHT_FILES["notop"]).exists()


def _no_keras_download(monkeypatch, tmp_path):
    """Point Keras at an empty home and record every download it would start."""
    from keras.src.backend import config
    from keras.src.utils import file_utils

    calls = []

    def record(url, *args, **kwargs):
        calls.append(url)
        raise urllib.error.URLError("this test allows no download")

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(config, "keras_home", lambda: str(tmp_path))
    monkeypatch.setattr(file_utils, "urlretrieve", record)
    monkeypatch.setattr(features, "_models", {})
    monkeypatch.setattr(features, "_fell_back", set())
    return calls


@pytest.mark.parametrize("include_top", [False, True])
def test_offline_mode_never_lets_keras_try_a_download(tmp_path, monkeypatch, capsys,
                                                      include_top):
    calls = _no_keras_download(monkeypatch, tmp_path)
    monkeypatch.setattr(settings, "offline", True)
    monkeypatch.setattr(settings, "weights_fallback", False)
    with pytest.raises(WeightsError) as info:
        load_vgg19(include_top=include_top, weights="imagenet")
    assert calls == []
    out = capsys.readouterr()
    assert "Downloading" not in out.out + out.err
    kind = "classifier" if include_top else "notop"
    assert "offline mode is on (NST_OFFLINE=1)" in str(info.value)
    assert WEIGHT_FILES[kind] in str(info.value)


def test_offline_mode_loads_the_cached_file_itself(weights_files, tmp_path, monkeypatch):
    calls = _no_keras_download(monkeypatch, tmp_path)
    monkeypatch.setattr(settings, "offline", True)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / WEIGHT_FILES["notop"]).write_bytes(weights_files["legacy"].read_bytes())
    vgg = load_vgg19(weights="imagenet")
    assert calls == []
    for got, expected in zip(vgg.get_weights(), weights_files["weights"]):
        np.testing.assert_array_equal(got, expected)


def test_notebooks_carry_on_with_random_weights_after_a_short_warning(
        tmp_path, monkeypatch, capsys, saved_settings):
    calls = _no_keras_download(monkeypatch, tmp_path)
    nst.configure(weights="imagenet", offline=True, weights_fallback=True)
    extractor = nst.StyleContentModel(vgg=nst.load_vgg19())  # the first cell of a notebook that needs VGG19
    out = capsys.readouterr().out
    assert calls == []
    assert out.startswith("⚠️ No VGG19 ImageNet weights") and len(out.splitlines()) <= 4
    assert "offline mode is on" in out and "RANDOM" in out and "NST_WEIGHTS=" in out
    assert str(tmp_path / "models") in out  # where the file would go
    assert nst.random_weights() and nst.weights_note()  # results say so from now on
    assert settings.weights == "imagenet"  # and the settings are left as they were
    reference = features.load_vgg19(weights="random")
    for got, expected in zip(extractor.vgg.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(got, expected)


def test_mixed_precision_variant_falls_back_under_the_random_key(
        tmp_path, monkeypatch, capsys, saved_settings):
    _no_keras_download(monkeypatch, tmp_path)
    nst.configure(weights="imagenet", offline=True, weights_fallback=True)
    mixed = load_vgg19(precision="bfloat16")
    assert ("notop", "imagenet", 0, "max", "bfloat16") not in features._models
    assert load_vgg19(precision="bfloat16", weights="random") is mixed
