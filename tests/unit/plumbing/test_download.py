"""Downloads from a loopback HTTP server: fetched once into the cache, clear errors otherwise."""

from __future__ import annotations

import io

import numpy as np
import PIL.Image
import pytest

import nst_tutorial as nst
from tests.helpers.loopback import Loopback, Reply, closed_port_url

from nst_tutorial import DownloadError
from nst_tutorial._plumbing.download import cache_path, download

PNG = io.BytesIO()
PIL.Image.fromarray(np.random.default_rng(0).integers(0, 256, (40, 50, 3), np.uint8)).save(PNG, "PNG")
FILES = {"/cat.png": (PNG.getvalue(), "image/png"),
         "/page.png": (b"<!doctype html><html><body>Not found</body></html>", "text/html")}


@pytest.fixture(scope="module")
def server():
    with Loopback({path: Reply(body, kind) for path, (body, kind) in FILES.items()}) as s:
        yield s


pytestmark = pytest.mark.usefixtures("online")


def test_url_is_downloaded_once_into_the_cache(server, tmp_path):
    url = server.url("/cat.png")
    before = server.hits.get("/cat.png", 0)
    first = nst.load_img(url, max_dim=None)
    path = cache_path(url)
    assert path.exists() and path.read_bytes() == FILES["/cat.png"][0]
    assert path.is_relative_to(tmp_path / "cache")
    second = nst.load_img(url, max_dim=None)
    assert server.hits["/cat.png"] == before + 1
    np.testing.assert_array_equal(first.numpy(), second.numpy())
    np.testing.assert_array_equal(first.numpy(), nst.load_img(FILES["/cat.png"][0], max_dim=None))


def test_unreachable_url_is_one_download_error_naming_it(tmp_path):
    url = closed_port_url("/style.jpg")
    with pytest.raises(DownloadError) as info:
        nst.load_img(url)
    assert url in str(info.value) and "could not download" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]  # nothing half-written


def test_a_web_page_instead_of_an_image_is_an_image_error(server, tmp_path):
    url = server.url("/page.png")
    with pytest.raises(nst.ImageError) as info:
        nst.load_img(url)
    assert url in str(info.value) and "HTML" in str(info.value)
    assert not cache_path(url).exists()


def test_missing_url_names_the_http_status(server):
    url = server.url("/missing.png")
    with pytest.raises(DownloadError, match="404"):
        download(url)


def test_offline_mode_refuses_at_once_but_uses_the_cache(server, online):
    url = server.url("/cat.png")
    online.offline = True
    before = dict(server.hits)
    with pytest.raises(DownloadError, match="offline"):
        download(url)
    assert server.hits == before  # not even one request
    online.offline = False
    path = download(url)
    online.offline = True
    assert download(url) == path  # a cached file needs no network
