"""Top-k predictions: the right classes in the right order, and no network needed to show them."""

from __future__ import annotations

import numpy as np
import pytest

from nst_tutorial import SettingsError, configure
from nst_tutorial.course.classify import CLASS_INDEX_FILE, top_predictions


def probabilities(seed: int = 0) -> np.ndarray:
    p = np.random.default_rng(seed).random((1, 1000)).astype(np.float32)
    return p / p.sum()


@pytest.fixture
def offline_without_names(tmp_path, monkeypatch):
    """Offline mode and an empty Keras cache: the class names cannot be had."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    configure(offline=True)


def test_top_k_are_numpys_largest_in_order(offline_without_names):
    p = probabilities()
    predictions, _ = top_predictions(p, k=5)
    want = sorted(range(1000), key=lambda i: -p[0, i])[:5]
    assert [q.index for q in predictions] == want
    assert [q.probability for q in predictions] == pytest.approx([p[0, i] for i in want])


def test_offline_shows_indices_and_says_why_in_one_line(offline_without_names, capsys):
    predictions, note = top_predictions(probabilities(1), k=3)
    assert [q.name for q in predictions] == [None, None, None]
    assert [q.label for q in predictions] == [f"class {q.index}" for q in predictions]
    assert CLASS_INDEX_FILE in note and "offline" in note.lower() and "\n" not in note
    assert "Downloading" not in capsys.readouterr().out  # the network was not touched


def test_wrong_shape_is_refused():
    with pytest.raises(SettingsError, match=r"\[1, 1000\].*\[1, 10\]"):
        top_predictions(np.ones((1, 10)) / 10)
