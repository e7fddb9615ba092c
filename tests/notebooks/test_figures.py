"""The course's diagrams: the script draws all four, and the numbers it draws are right.

``notebooks/figures/make_figures.py`` states VGG19's architecture and computes the
receptive fields and the gradient steps it draws. Here those are checked against
Keras's own VGG19, against receptive fields measured by differentiating a stack
of convolutions, and against the closed form of gradient descent on a parabola.
"""

from __future__ import annotations

import base64
import importlib.util
import json
from pathlib import Path

import numpy as np
import PIL.Image
import pytest
import tensorflow as tf

import nst_tutorial as nst

FOLDER = Path(__file__).resolve().parents[2] / "notebooks" / "figures"
spec = importlib.util.spec_from_file_location("make_figures", FOLDER / "make_figures.py")
figures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(figures)


def test_the_script_draws_the_four_diagrams_as_they_are_committed(tmp_path):
    written = figures.main(["--out", str(tmp_path)])
    assert sorted(p.name for p in written) == sorted(figures.FIGURES)
    for path in written:
        committed = FOLDER / path.name
        assert committed.exists(), f"{committed} is missing: run {FOLDER / 'make_figures.py'}"
        new, old = PIL.Image.open(path), PIL.Image.open(committed)
        assert new.size == old.size
        assert path.stat().st_size < 60_000, f"{path.name} is {path.stat().st_size} bytes"
        pixels = np.asarray(new.convert("L"), dtype=np.float32)
        assert pixels.std() > 10, f"{path.name} is nearly blank"


def test_the_layers_drawn_are_keras_vgg19_and_the_course_s_choice():
    assert figures.STYLE_LAYERS == list(nst.STYLE_LAYERS)
    assert figures.CONTENT_LAYERS == list(nst.CONTENT_LAYERS)
    import keras

    vgg = keras.applications.VGG19(weights=None, include_top=True)
    kinds = {keras.layers.Conv2D: "conv", keras.layers.MaxPooling2D: "pool",
             keras.layers.Dense: "dense"}
    real = [(layer.name, kinds[type(layer)]) for layer in vgg.layers if type(layer) in kinds]
    assert figures.vgg19_layers() == real
    channels = {layer.name: layer.filters for layer in vgg.layers
                if isinstance(layer, keras.layers.Conv2D)}
    for b, (width, n_conv) in enumerate(figures.BLOCKS, start=1):
        assert [channels[f"block{b}_conv{i}"] for i in range(1, n_conv + 1)] == [width] * n_conv
    assert [(n, vgg.get_layer(n).units) for n, _ in figures.CLASSIFIER] == figures.CLASSIFIER
    for layer in vgg.layers:
        if isinstance(layer, keras.layers.Conv2D):
            assert layer.kernel_size == (3, 3) and layer.strides == (1, 1)
        if isinstance(layer, keras.layers.MaxPooling2D):
            assert layer.pool_size == (2, 2) and layer.strides == (2, 2)


def measured_receptive_field(layers, length: int = 512) -> int:
    """How many input positions one central output unit depends on, by differentiation.

    A 1-D copy of the stack (what holds along one side of the square): 3-wide
    convolutions of ones and 2-wide average pooling, whose windows are those of
    VGG19's 3 x 3 convolutions and 2 x 2 max pooling. Every weight is positive, so
    the gradient is non-zero exactly on the receptive field.
    """
    x = tf.Variable(tf.ones([1, length, 1]))
    kernel = tf.ones([3, 1, 1])
    with tf.GradientTape() as tape:
        y = x
        for kind in layers:
            y = (tf.nn.conv1d(y, kernel, 1, "SAME") if kind == "conv"
                 else tf.nn.avg_pool1d(y, 2, 2, "VALID"))
        unit = y[0, y.shape[1] // 2, 0]
    seen = np.flatnonzero(tape.gradient(unit, x).numpy()[0, :, 0])
    assert 0 < seen[0] and seen[-1] < length - 1, "the field reached the border"
    assert len(seen) == seen[-1] - seen[0] + 1
    return len(seen)


def test_receptive_fields_match_differentiation():
    fields = figures.receptive_fields()
    layers = [(n, k) for n, k in figures.vgg19_layers() if k != "dense"]
    assert list(fields) == [n for n, _ in layers]
    for i, (name, _) in enumerate(layers):
        if name in figures.STYLE_LAYERS + figures.CONTENT_LAYERS or i < 4:
            assert fields[name] == measured_receptive_field([k for _, k in layers[: i + 1]]), name
    assert [fields[n] for n in ("block1_conv1", "block1_conv2", "block1_pool")] == [3, 5, 6]


@pytest.mark.parametrize("rate", [1.0, 3.6])
def test_descent_steps_follow_the_closed_form(rate):
    # L(x) = (x - 3)^2 / 4 has L'(x) = (x - 3) / 2, so x_k - 3 = (x_0 - 3) (1 - rate / 2)^k.
    xs = figures.descent_steps(-2.0, rate, 6, lambda x: 0.5 * (x - 3.0))
    np.testing.assert_allclose(xs - 3.0, -5.0 * (1 - rate / 2) ** np.arange(7))


def test_notebooks_carry_the_committed_diagrams_as_attachments(tmp_path):
    """Each diagram travels inside its notebook (Colab has no figures/ folder beside it)."""
    shown = {}
    for path in sorted(FOLDER.parent.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            assert "](figures/" not in source, f"{path.name}: link a diagram as attachment:NAME"
            for name, data in cell.get("attachments", {}).items():
                assert f"](attachment:{name})" in source, f"{path.name}: {name} attached, not shown"
                assert base64.b64decode(data["image/png"]) == (FOLDER / name).read_bytes(), (
                    f"{path.name}: {name} differs from {FOLDER / name}: run make_figures.py")
                shown.setdefault(name, []).append(path.name)
    assert sorted(shown) == sorted(figures.FIGURES)
    # embed() is what put them there: on a copy with plain links it attaches the same bytes.
    for path in FOLDER.parent.glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        plain = json.loads(text)
        for cell in plain["cells"]:
            if cell.pop("attachments", None):
                cell["source"] = "".join(cell["source"]).replace(
                    "](attachment:", "](figures/").splitlines(True)
        (tmp_path / path.name).write_text(
            json.dumps(plain, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    changed = figures.embed(tmp_path, FOLDER)
    assert sorted(p.name for p in changed) == sorted({n for names in shown.values() for n in names})
    for path in changed:
        assert path.read_text(encoding="utf-8") == (FOLDER.parent / path.name).read_text(
            encoding="utf-8")


def test_every_label_has_its_chinese_and_the_chinese_keeps_the_placeholders():
    import ast
    import string

    tree = ast.parse((FOLDER / "make_figures.py").read_text(encoding="utf-8"))
    labels = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_t" and node.args:
            if isinstance(node.args[0], ast.Constant):
                labels.add(node.args[0].value)
        if isinstance(node, ast.Tuple) and all(isinstance(e, ast.Constant) for e in node.elts):
            labels |= {e.value for e in node.elts if e.value in figures.ZH}  # the legend's labels
    assert labels - set(figures.ZH) == set(), "labels without Chinese"
    assert set(figures.ZH) - labels == set(), "Chinese for labels the script no longer draws"

    def fields(text):
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)

    for english, chinese in figures.ZH.items():
        assert chinese.count("$") % 2 == 0, english  # TeX opened is closed
        if "$" not in english:  # braces in TeX are not placeholders
            assert fields(chinese) == fields(english), english


def test_chinese_diagrams_are_drawn_as_they_are_committed(tmp_path):
    if figures.cjk_font() is None:
        pytest.skip("no font with Chinese characters (apt install fonts-noto-cjk)")
    written = figures.main(["--lang", "zh", "--out", str(tmp_path)])
    for path in written:
        committed = FOLDER / "zh" / path.name
        assert committed.exists(), f"{committed} is missing: run make_figures.py --lang zh"
        assert PIL.Image.open(path).size == PIL.Image.open(committed).size
        assert path.stat().st_size < 60_000
        # The Chinese labels change the pixels: these are not the English diagrams.
        english = np.asarray(PIL.Image.open(FOLDER / path.name).convert("L"), dtype=np.float32)
        chinese = np.asarray(PIL.Image.open(path).convert("L"), dtype=np.float32)
        assert english.shape != chinese.shape or np.abs(english - chinese).mean() > 0.5


def test_without_a_chinese_font_the_script_says_which_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "cjk_font", lambda: None)
    with pytest.raises(SystemExit) as stop:
        figures.main(["--lang", "zh", "--out", str(tmp_path)])
    assert "fonts-noto-cjk" in str(stop.value) and "Noto Sans CJK SC" in str(stop.value)
    assert list(tmp_path.iterdir()) == []
