"""Saving a run and resuming it: how notebook 07 starts from the result notebook 06 saved."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from tests.helpers.images import tiny_image
from tests.helpers.models import SHALLOW_LAYERS

import nst_tutorial as nst
from nst_tutorial.base.settings import settings

@pytest.fixture(scope="module")
def extractor(shallow_extractor):
    return shallow_extractor


@pytest.fixture
def saved_run(extractor, tmp_path):
    transfer = nst.StyleTransfer(tiny_image(1), tiny_image(2), extractor=extractor, total_variation_weight=0)
    transfer.run(5)
    return transfer, transfer.save(tmp_path / "outputs" / "06.npz")


def test_a_resumed_run_has_the_saved_image_best_image_and_history(saved_run, extractor):
    transfer, path = saved_run
    back = nst.StyleTransfer.resume(path, tiny_image(1), tiny_image(2), extractor=extractor,
                                    total_variation_weight=0)
    np.testing.assert_array_equal(back.image.numpy(), transfer.image.numpy())
    np.testing.assert_array_equal(np.asarray(back.best_image), np.asarray(transfer.best_image))
    assert back.history == json.loads(json.dumps(transfer.history))
    assert back.step_count == 5 and back.best_loss == transfer.best_loss
    # Its losses are those of its image: one more step's "before" losses equal a fresh run's.
    fresh = nst.StyleTransfer(tiny_image(1), tiny_image(2), extractor=extractor, total_variation_weight=0,
                              init=transfer.image)
    assert back.step()["total"] == pytest.approx(fresh.step()["total"], rel=1e-6)
    assert back.step_count == 6 and back.history[-1]["step"] == 6


@pytest.mark.parametrize("change", [
    {"content": 3}, {"style": 4}, {"total_variation_weight": 30}, {"style_weight": 1.0},
    {"learning_rate": 0.05}, {"init": "noise"}, {"style_scale": 0.5},
])
def test_a_run_made_otherwise_is_not_resumed_and_says_why(saved_run, extractor, change, capsys):
    _, path = saved_run
    content, style = tiny_image(change.pop("content", 1)), tiny_image(change.pop("style", 2))
    kwargs = {"extractor": extractor, "total_variation_weight": 0, **change}
    assert nst.StyleTransfer.resume(path, content, style, **kwargs) is None
    out = capsys.readouterr().out
    assert str(path) in out and "not used" in out


def test_other_network_weights_are_not_resumed(saved_run, capsys):
    _, path = saved_run
    saved = settings.weights, settings.seed
    settings.weights, settings.seed = "random", 1
    try:
        other = nst.StyleContentModel(*SHALLOW_LAYERS, vgg=nst.load_vgg19())
        assert nst.StyleTransfer.resume(path, tiny_image(1), tiny_image(2), extractor=other,
                                        total_variation_weight=0) is None
    finally:
        settings.weights, settings.seed = saved
    assert "network" in capsys.readouterr().out


def test_no_file_or_a_broken_one_is_none(tmp_path, extractor, capsys):
    assert nst.StyleTransfer.resume(tmp_path / "none.npz", tiny_image(1), tiny_image(2),
                                    extractor=extractor) is None
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip file")
    assert nst.StyleTransfer.resume(broken, tiny_image(1), tiny_image(2), extractor=extractor) is None
    out = capsys.readouterr().out
    assert "No saved run" in out and "not a saved run" in out


def test_save_is_atomic_and_keeps_the_umask(saved_run):
    _, path = saved_run
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
