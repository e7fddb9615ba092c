"""Bad input gets one clear error; nothing the user made is lost.

The bad inputs are the cases of ``CASES`` in ``tests/helpers/bad_inputs_report.py`` (the same list
that writes ``docs/bad-inputs.md``). Random and mutated bytes go to the loader
through Hypothesis: every outcome is an image or the package's own error.
"""

from __future__ import annotations

import io
import os
import warnings

import numpy as np
import PIL.Image
import pytest
from tests.helpers.bad_inputs_report import CASES, PAYLOAD, REPORT, bomb_limit, case_server, image_bytes, outcome, render
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import nst_tutorial as nst
from nst_tutorial import DownloadError
from nst_tutorial._plumbing.download import cache_path, download
from nst_tutorial.base.errors import NSTError, described, first_line
from nst_tutorial.base.settings import settings


@pytest.fixture(scope="module")
def server():
    with case_server(slow_s=2.0) as s:
        yield s


pytestmark = pytest.mark.usefixtures("online")


# -- every bad input: the right type, naming the thing and what is wrong -----------
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_bad_input_gets_one_clear_error(case, tmp_path, server):
    kind, message = outcome(case, tmp_path, server)
    assert issubclass(kind, case.error), f"{kind.__name__}: {message}"
    assert issubclass(kind, NSTError)
    name = case.names.format(dir=tmp_path, url=server.base)
    assert name in message
    for words in case.mentions:
        assert words in message
    assert "Traceback" not in message and " at 0x" not in message


def test_the_report_is_up_to_date():
    """docs/bad-inputs.md is what the cases give now (regenerate: python -m tests.helpers.bad_inputs_report)."""
    assert REPORT.read_text(encoding="utf-8") == render(), (
        "docs/bad-inputs.md is out of date: run python -m tests.helpers.bad_inputs_report"
    )


def test_the_report_lists_every_case():
    text = REPORT.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "`" in line]
    assert [row.split(" | ")[0][2:] for row in rows] == [c.label for c in CASES]


# -- URLs: failures leave nothing behind; a good download is cached once -----------
def assert_pixels(got, expected):
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)


def _cache_files():
    folder = settings.cache_dir / "downloads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("error, line, text", [
    (ValueError("\n  the first line  \nthe second"), "the first line", "ValueError: the first line"),
    (OSError("   "), "OSError", "OSError"),
    (KeyError(), "KeyError", "KeyError"),
])
def test_another_librarys_error_is_quoted_by_its_first_line(error, line, text):
    assert first_line(error) == line
    assert described(error) == text


def test_url_loads_and_is_cached_once(server):
    url = server.url("/image.png")
    first = nst.load_img(url, max_dim=None)
    expected = np.asarray(PIL.Image.open(io.BytesIO(image_bytes())), np.float32) / 255
    assert_pixels(first[0].numpy(), expected)
    hits = server.hits["/image.png"]
    nst.load_img(url, max_dim=None)
    assert server.hits["/image.png"] == hits  # the second load comes from the cache
    assert cache_path(url).exists()


@pytest.mark.parametrize("route", ["/page.png", "/drop.png", "/missing.png", "/slow.png"])
def test_failed_url_leaves_no_file(server, route):
    with pytest.raises((DownloadError, nst.ImageError)):
        download(server.url(route), timeout=0.3, verify_image=True)
    assert _cache_files() == []


def test_dropped_download_is_not_cached_and_a_retry_works(server):
    url = server.url("/flaky.bin")  # drops the connection the first time only
    with pytest.raises(DownloadError, match="connection dropped after"):
        download(url)
    assert _cache_files() == []  # neither the final name nor a partial file
    path = download(url)
    assert path.read_bytes() == PAYLOAD
    assert _cache_files() == [path.name]


def test_download_with_wrong_checksum_is_not_cached(server):
    with pytest.raises(DownloadError, match="SHA-256"):
        download(server.url("/image.png"), sha256="0" * 64)
    assert _cache_files() == []


# -- writing: a crash mid-write keeps the previous file ------------------------------
def test_crash_while_saving_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "result.png"
    nst.save_image(np.zeros((8, 8, 3), np.float32), target)
    before = target.read_bytes()
    seen = {}

    def crash_half_way(self, fp, format=None, **params):
        fp.write(b"\x89PNG half a file")
        seen["target while writing"] = target.read_bytes()
        raise KeyboardInterrupt  # the user pressed Ctrl-C in the middle of the write

    monkeypatch.setattr(PIL.Image.Image, "save", crash_half_way)
    with pytest.raises(KeyboardInterrupt):
        nst.save_image(np.ones((8, 8, 3), np.float32), target)
    assert seen["target while writing"] == before  # never opened for writing
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["result.png"]  # no temporary file left


def test_save_refuses_to_overwrite_when_asked(tmp_path):
    target = tmp_path / "result.png"
    nst.save_image(np.zeros((8, 8, 3), np.float32), target)
    before = target.read_bytes()
    with pytest.raises(nst.ImageError, match="already exists"):
        nst.save_image(np.ones((8, 8, 3), np.float32), target, overwrite=False)
    assert target.read_bytes() == before


# -- random and mutated bytes: an image or the package's error, nothing else -----------
SEEDS = {
    "png": image_bytes("PNG", (40, 36)),
    "jpeg": image_bytes("JPEG", (40, 36), quality=80),
    "progressive": image_bytes("JPEG", (40, 36), progressive=True),
    "gif": image_bytes("GIF", (40, 36)),
}


@st.composite
def mutated(draw):
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "header"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[at:]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif data:  # damage the first bytes, where sizes and formats live
            data[min(at, 32, len(data) - 1)] = draw(st.integers(0, 255))
    return bytes(data)


def _load_or_package_error(data: bytes) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about odd files; warnings are fine
            image = nst.load_img(data, max_dim=48)
    except NSTError:
        return
    arr = image.numpy()
    assert image.dtype == "float32" and arr.ndim == 4 and arr.shape[0] == 1 and arr.shape[3] == 3
    assert max(arr.shape[1:3]) == 48 and min(arr.shape[1:3]) >= 32
    assert np.all(np.isfinite(arr)) and arr.min() >= 0.0 and arr.max() <= 1.0


FUZZ = hsettings(max_examples=150, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated())
def test_mutated_images_load_or_raise_the_package_error(data):
    with bomb_limit(1 << 18):  # a mutated header may claim a huge picture: keep it cheap
        _load_or_package_error(data)


@FUZZ
@given(st.binary(max_size=512))
def test_random_bytes_load_or_raise_the_package_error(data):
    with bomb_limit(1 << 18):
        _load_or_package_error(data)
