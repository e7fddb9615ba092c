"""The bundled images, offline mode and the choice of default images.

The images' provenance (licences, checksums, data/README.md) is checked in
``tests/repo/test_data_files.py``.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request

import numpy as np
import pytest
from PIL import Image

from nst_tutorial import data
from nst_tutorial import DownloadError
from nst_tutorial._plumbing.download import cache_path, download
from nst_tutorial.base.errors import ImageError, SettingsError
from nst_tutorial.base.settings import Settings, settings

# These tests change the settings on purpose (configure, offline mode, the cache).
pytestmark = pytest.mark.usefixtures("saved_settings")


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything opens a URL."""

    def refuse(*args, **kwargs):
        raise AssertionError("the network was touched")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def network_down(monkeypatch):
    """Every URL fails as it does without a network."""

    def fail(*args, **kwargs):
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(urllib.request, "urlopen", fail)


def jpeg_bytes(height: int = 40, width: int = 60) -> bytes:
    rng = np.random.default_rng(0)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8)).save(buf, "JPEG")
    return buf.getvalue()


# --- the samples -------------------------------------------------------------------------

def test_the_course_samples_are_there():
    assert data.SAMPLES["cat"]["kind"] == "content"
    assert data.SAMPLES["composition"]["kind"] == "style"
    assert set(data.sample_names("content")) == {"cat", "coffee", "astronaut"}
    assert set(data.sample_names("style")) == {"composition", "waves", "mosaic"}
    assert data.sample_names() == list(data.SAMPLES)


def test_unknown_sample_names_the_valid_ones():
    with pytest.raises(ImageError) as info:
        data.sample_path("dog")
    message = str(info.value)
    assert "'dog'" in message
    for name in data.SAMPLES:
        assert name in message


def test_unknown_classic_names_the_valid_ones(no_network):
    with pytest.raises(ImageError, match="labrador, kandinsky"):
        data.classic_path("mona_lisa")


# --- offline mode ------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("0", False),
                                             ("", False), ("off", False)])
def test_nst_offline_is_read_from_the_environment(value, expected):
    assert Settings.from_env({"NST_OFFLINE": value}).offline is expected
    assert Settings.from_env({}).offline is False


def test_nst_offline_rejects_nonsense():
    with pytest.raises(SettingsError, match="NST_OFFLINE"):
        Settings.from_env({"NST_OFFLINE": "perhaps"})


def test_download_refuses_at_once_when_offline(no_network):
    settings.offline = True
    url = "https://example.org/picture.jpg"
    with pytest.raises(DownloadError, match="offline mode is on") as info:
        download(url)
    assert url in str(info.value)
    assert not cache_path(url).exists()


def test_download_still_uses_the_cache_when_offline(no_network):
    url = "https://example.org/cached.jpg"
    target = cache_path(url)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"cached bytes")
    settings.offline = True
    assert download(url) == target


# --- default images ----------------------------------------------------------------------

def test_default_images_offline_are_the_bundled_pair(no_network, capsys):
    settings.offline = True
    content, style = data.default_images()
    assert content == data.DATA_DIR / "cat.jpg"
    assert style == data.DATA_DIR / "composition.png"
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "offline mode is on" in lines[0]


def test_default_images_without_network_are_the_bundled_pair(network_down, capsys):
    settings.offline = False
    assert data.default_images() == (data.sample_path("cat"), data.sample_path("composition"))
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "name resolution" in lines[0]


def test_default_images_are_the_classic_pair_when_cached(no_network, capsys):
    settings.offline = True
    paths = []
    for name in ("labrador", "kandinsky"):
        path = cache_path(data.CLASSIC[name]["url"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(jpeg_bytes())
        paths.append(path)
    assert data.default_images() == tuple(paths)
    assert capsys.readouterr().out == ""


def test_classic_path_downloads_once_into_the_cache(monkeypatch):
    calls = []
    body = jpeg_bytes()

    def fake_urlopen(request, timeout):
        calls.append(request.full_url)
        response = io.BytesIO(body)  # a context manager with .read(), like the real response
        response.headers = {"Content-Length": str(len(body))}
        return response

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    settings.offline = False
    first = data.classic_path("kandinsky")
    second = data.classic_path("kandinsky")
    assert first == second == cache_path(data.CLASSIC["kandinsky"]["url"])
    assert first.read_bytes() == body
    assert calls == [data.CLASSIC["kandinsky"]["url"]]
