"""Notebook 00's third panel: the tutorial's result for its pair, an honest stand-in otherwise."""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
import pytest
from tests.helpers.loopback import Loopback, Reply

import nst_tutorial as nst
from nst_tutorial._plumbing.download import cache_path
from nst_tutorial.course import data

RESULT = PIL.Image.fromarray(np.random.default_rng(3).integers(0, 256, (48, 64, 3), np.uint8))
PNG = io.BytesIO()
RESULT.save(PNG, "PNG")


@pytest.fixture
def server():
    with Loopback({"/stylized-image.png": Reply(PNG.getvalue(), "image/png")}) as s:
        yield s.base


def test_the_bundled_pair_gets_the_content_in_the_style_s_colours(content_image, style_image):
    image, title = data.result_preview(data.sample_path("cat"), content_image, style_image)
    assert "Not the result" in title
    np.testing.assert_allclose(
        image.numpy(), nst.color.match_color_histogram(content_image, style_image).numpy())
    # The stand-in has the style's mean colour, not the content's.
    np.testing.assert_allclose(image.numpy().mean(axis=(0, 1, 2)),
                               style_image.numpy().mean(axis=(0, 1, 2)), atol=0.02)


def test_the_classic_pair_gets_the_tutorial_s_result(server, monkeypatch, online,
                                                      content_image, style_image):
    monkeypatch.setitem(data.TUTORIAL_RESULT, "url", f"{server}/stylized-image.png")
    labrador = cache_path(data.CLASSIC["labrador"]["url"])
    image, title = data.result_preview(labrador, content_image, style_image)
    assert "tutorial" in title
    np.testing.assert_array_equal((image.numpy()[0] * 255).round(), np.asarray(RESULT))
    # Without the network (or offline), the same pair falls back to the stand-in.
    monkeypatch.setitem(data.TUTORIAL_RESULT, "url", f"{server}/missing.png")
    _, title = data.result_preview(labrador, content_image, style_image)
    assert "Not the result" in title
