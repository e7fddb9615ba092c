"""Downloads from a loopback HTTP server: fetched once into the cache, clear errors otherwise."""

from __future__ import annotations

import http.server
import io
import socket
import threading

import numpy as np
import PIL.Image
import pytest

import nst_tutorial as nst
from nst_tutorial import DownloadError
from nst_tutorial._plumbing.download import cache_path, download

PNG = io.BytesIO()
PIL.Image.fromarray(np.random.default_rng(0).integers(0, 256, (40, 50, 3), np.uint8)).save(PNG, "PNG")
FILES = {"/cat.png": (PNG.getvalue(), "image/png"),
         "/page.png": (b"<!doctype html><html><body>Not found</body></html>", "text/html")}


class Handler(http.server.BaseHTTPRequestHandler):
    hits: dict = {}

    def do_GET(self):
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        body, kind = FILES.get(self.path, (b"", ""))
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", kind or "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def online(_restore_settings, tmp_path):
    """The server is on this machine: offline mode (if the run has it on) must not block it."""
    _restore_settings.offline = False
    _restore_settings.cache_dir = tmp_path / "cache"
    return _restore_settings


def closed_port() -> int:
    with socket.socket() as s:  # bind, note the port, close: nothing listens there now
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_url_is_downloaded_once_into_the_cache(server, tmp_path):
    url = f"{server}/cat.png"
    before = Handler.hits.get("/cat.png", 0)
    first = nst.load_img(url, max_dim=None)
    path = cache_path(url)
    assert path.exists() and path.read_bytes() == FILES["/cat.png"][0]
    assert path.is_relative_to(tmp_path / "cache")
    second = nst.load_img(url, max_dim=None)
    assert Handler.hits["/cat.png"] == before + 1
    np.testing.assert_array_equal(first.numpy(), second.numpy())
    np.testing.assert_array_equal(first.numpy(), nst.load_img(FILES["/cat.png"][0], max_dim=None))


def test_unreachable_url_is_one_download_error_naming_it(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/style.jpg"
    with pytest.raises(DownloadError) as info:
        nst.load_img(url)
    assert url in str(info.value) and "could not download" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]  # nothing half-written


def test_a_web_page_instead_of_an_image_is_an_image_error(server, tmp_path):
    url = f"{server}/page.png"
    with pytest.raises(nst.ImageError) as info:
        nst.load_img(url)
    assert url in str(info.value) and "HTML" in str(info.value)
    assert not cache_path(url).exists()


def test_missing_url_names_the_http_status(server):
    url = f"{server}/missing.png"
    with pytest.raises(DownloadError, match="404"):
        download(url)


def test_offline_mode_refuses_at_once_but_uses_the_cache(server, online):
    url = f"{server}/cat.png"
    online.offline = True
    before = dict(Handler.hits)
    with pytest.raises(DownloadError, match="offline"):
        download(url)
    assert Handler.hits == before  # not even one request
    online.offline = False
    path = download(url)
    online.offline = True
    assert download(url) == path  # a cached file needs no network
