"""The feed-forward model's loader, without a network: a tiny SavedModel served on loopback.

The tiny model has the Magenta model's call, ``model(content, style)[0]``, and an
output that shows what it was given: ``gain * content + H_style * W_style / 1e6``
with a variable ``gain = 0.5``, so a test can see both that the variables were
loaded and that the style picture arrived as 256 x 256.
"""

from __future__ import annotations

import io
import socket
import tarfile
import threading
import time

import numpy as np
import pytest
import tensorflow as tf
from tests.helpers.archives import tar_bytes
from tests.helpers.loopback import Loopback, Reply, Silent, closed_port_url, redirect

from nst_tutorial.base.errors import ImageError, ModelError, NSTError
from nst_tutorial._plumbing import model_archive
from nst_tutorial.further import fast

SPEC = tf.TensorSpec([None, None, None, 3], tf.float32)


class Tiny(tf.Module):
    def __init__(self):
        super().__init__()
        self.gain = tf.Variable(0.5)

    @tf.function(input_signature=[SPEC, SPEC])
    def __call__(self, content, style):
        area = tf.cast(tf.shape(style)[1] * tf.shape(style)[2], tf.float32)
        return [self.gain * content + area / 1e6]


def expected(content, style_h, style_w):
    return 0.5 * content + style_h * style_w / 1e6


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny") / "model"
    tf.saved_model.save(Tiny(), str(folder))
    return folder


@pytest.fixture(scope="module")
def archives(saved_model):
    def member(name: str, data: bytes = b"x", kind=tarfile.REGTYPE, link: str = ""):
        def add(tar):
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.size = kind, link, len(data) if kind == tarfile.REGTYPE else 0
            tar.add(saved_model, arcname=".")
            tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
        return tar_bytes(add)

    return {
        "/model.tar.gz": tar_bytes(lambda tar: tar.add(saved_model, arcname=".")),
        "/nested.tar.gz": tar_bytes(lambda tar: tar.add(saved_model, arcname="inner")),
        "/page.tar.gz": b"<!doctype html><html><body>Sign in to download</body></html>",
        "/truncated.tar.gz": tar_bytes(lambda tar: tar.add(saved_model, arcname="."))[:300],
        "/escape.tar.gz": member("../escaped.txt"),
        "/absolute.tar.gz": member("/tmp/nst-absolute.txt"),
        "/link.tar.gz": member("./variables/link", kind=tarfile.SYMTYPE, link="/etc/passwd"),
        "/empty.tar.gz": tar_bytes(lambda tar: None),
    }


@pytest.fixture(scope="module")
def server(archives):
    routes = {path: Reply(body) for path, body in archives.items()}
    routes["/handle"] = redirect("/model.tar.gz")  # as tfhub.dev sends a handle on to Kaggle
    with Loopback(routes) as s:
        yield s


pytestmark = pytest.mark.usefixtures("online")


@pytest.fixture
def images():
    rng = np.random.default_rng(0)
    content = tf.constant(rng.uniform(0, 1, (1, 40, 56, 3)).astype(np.float32))
    style = tf.constant(rng.uniform(0, 1, (1, 90, 120, 3)).astype(np.float32))
    return content, style


def one_line(error) -> str:
    message = str(error.value)
    assert message and "\n" not in message
    return message


def test_load_follows_the_handle_s_redirect_caches_and_calls_like_the_tutorial(
        server, monkeypatch, online, images):
    base, hits = server.base, server.hits
    monkeypatch.setattr(model_archive, "URLS", (f"{base}/handle?tf-hub-format=compressed",))
    model = fast.load_model()
    content, style = images
    result = fast.stylize(model, content, style)
    np.testing.assert_allclose(result.numpy(), expected(content.numpy(), 256, 256), atol=1e-6)
    assert (online.cache_dir / "downloads" / fast.ARCHIVE_NAME).is_file()
    assert (fast.model_dir() / "saved_model.pb").is_file()
    assert fast.model_dir().is_relative_to(online.cache_dir)
    # The second time, and offline, the unpacked model is used: no request at all.
    before = dict(hits)
    online.offline = True
    again = fast.stylize(fast.load_model(), content, style, style_size=None)
    assert hits == before
    np.testing.assert_allclose(again.numpy(), expected(content.numpy(), 90, 120), atol=1e-6)
    assert not [p for p in fast.model_dir().parent.iterdir() if p.name.startswith(".")]


def test_the_next_address_is_tried_when_one_fails(server, monkeypatch, images):
    base = server.base
    monkeypatch.setattr(model_archive, "URLS", (f"{base}/gone.tar.gz", f"{base}/nested.tar.gz"))
    content, style = images
    result = fast.stylize(fast.load_model(), content, style)
    np.testing.assert_allclose(result.numpy(), expected(content.numpy(), 256, 256), atol=1e-6)


def test_offline_without_the_model_is_one_line_and_no_request(server, monkeypatch, online):
    base, hits = server.base, server.hits
    monkeypatch.setattr(model_archive, "URLS", (f"{base}/model.tar.gz",))
    online.offline = True
    before = dict(hits)
    with pytest.raises(ModelError) as info:
        fast.load_model()
    assert "offline" in one_line(info) and "NST_OFFLINE" in str(info.value)
    assert hits == before
    assert isinstance(info.value, NSTError)


def test_offline_a_prefetched_archive_is_unpacked_without_a_request(
        server, archives, monkeypatch, online, images):
    """What `nst-tutorial prefetch` leaves: the archive in the cache, not yet unpacked."""
    monkeypatch.setattr(model_archive, "URLS", (f"{server.base}/model.tar.gz",))
    archive = online.cache_dir / "downloads" / fast.ARCHIVE_NAME
    archive.parent.mkdir(parents=True)
    archive.write_bytes(archives["/model.tar.gz"])
    assert fast.archive_problem(archive) is None
    online.offline = True
    before = dict(server.hits)
    content, style = images
    result = fast.stylize(fast.load_model(), content, style)
    assert server.hits == before
    np.testing.assert_allclose(result.numpy(), expected(content.numpy(), 256, 256), atol=1e-6)


def test_no_network_is_one_line_naming_the_address(monkeypatch, online):
    url = closed_port_url("/model.tar.gz")
    monkeypatch.setattr(model_archive, "URLS", (url,))
    with pytest.raises(ModelError) as info:
        fast.load_model()
    assert "could not be downloaded" in one_line(info) and url in str(info.value)
    assert not fast.model_dir().exists()


@pytest.mark.parametrize("path", ["/page.tar.gz", "/truncated.tar.gz"])
def test_a_corrupt_download_is_an_error_and_is_not_kept(server, monkeypatch, online, path, images):
    base = server.base
    monkeypatch.setattr(model_archive, "URLS", (f"{base}{path}",))
    with pytest.raises(ModelError) as info:
        fast.load_model()
    assert "not a readable archive" in one_line(info)
    assert not (online.cache_dir / "downloads" / fast.ARCHIVE_NAME).exists()
    assert not fast.model_dir().exists()
    assert not [p for p in fast.model_dir().parent.iterdir()]  # no half-unpacked folder
    # Once the address serves a real archive, the next try works.
    monkeypatch.setattr(model_archive, "URLS", (f"{base}/model.tar.gz",))
    content, style = images
    assert fast.stylize(fast.load_model(), content, style).shape == content.shape


@pytest.mark.parametrize("path", ["/escape.tar.gz", "/absolute.tar.gz", "/link.tar.gz"])
def test_archives_reaching_outside_are_refused_whole(server, online, path, tmp_path):
    base = server.base
    with pytest.raises(ModelError) as info:
        fast.load_model(f"{base}{path}")
    assert "not a plain file inside it" in one_line(info)
    assert not fast.model_dir().exists()
    assert not (online.cache_dir / "models" / "escaped.txt").exists()
    assert not list(tmp_path.rglob("escaped.txt")) and not list(tmp_path.rglob("link"))
    assert not [p for p in fast.model_dir().parent.iterdir()]


def test_an_archive_without_a_saved_model(server):
    base = server.base
    with pytest.raises(ModelError, match="no saved_model.pb") as info:
        fast.load_model(f"{base}/empty.tar.gz")
    one_line(info)


def test_local_archive_and_folder(saved_model, archives, tmp_path, images):
    content, style = images
    archive = tmp_path / "model.tar.gz"
    archive.write_bytes(archives["/model.tar.gz"])
    for source in (archive, saved_model):
        result = fast.stylize(fast.load_model(source), content, style)
        np.testing.assert_allclose(result.numpy(), expected(content.numpy(), 256, 256),
                                   atol=1e-6)
    assert archive.read_bytes() == archives["/model.tar.gz"]  # an input is never changed
    with pytest.raises(ModelError, match="no such file"):
        fast.load_model(tmp_path / "missing.tar.gz")


def test_a_folder_tensorflow_cannot_load(tmp_path):
    (tmp_path / "saved_model.pb").write_bytes(b"not a protocol buffer")
    with pytest.raises(ModelError, match="could not load") as info:
        fast.load_model(tmp_path)
    one_line(info)


def test_stylize_checks_shapes_and_squares_the_style(saved_model):
    model = fast.load_model(saved_model)
    with pytest.raises(ImageError, match=r"\[1, H, W, 3\]"):
        fast.stylize(model, tf.zeros([40, 56, 3]), tf.zeros([1, 40, 40, 3]))
    wide = tf.reshape(tf.range(6 * 10 * 3, dtype=tf.float32), [1, 6, 10, 3])
    square = fast.square_style(wide, 6)
    np.testing.assert_array_equal(square.numpy(), wide.numpy()[:, :, 2:8, :])


def test_a_network_that_does_not_answer_costs_seconds_not_minutes(monkeypatch, online):
    """Notebook 08 loads with ``timeout=5``: a silent server, or a name lookup that hangs,
    must cost about that, not the 2 x 60 s of two addresses with the default timeout."""
    with Silent() as silent:  # takes the connection, never replies: each read times out
        monkeypatch.setattr(model_archive, "URLS", (silent.url("/a.tar.gz"), silent.url("/b.tar.gz")))
        start = time.monotonic()
        with pytest.raises(ModelError) as info:
            fast.load_model(timeout=0.5)
        assert time.monotonic() - start < 3
        assert "timed out" in one_line(info) and "2 address(es)" in str(info.value)

    released = threading.Event()
    real = socket.getaddrinfo

    def hanging_lookup(host, *args, **kwargs):
        if host == "nst-tutorial.invalid":  # a resolver that never answers
            released.wait(30)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    monkeypatch.setattr(model_archive, "URLS", ("https://nst-tutorial.invalid/a.tar.gz",
                                                "https://nst-tutorial.invalid/b.tar.gz"))
    start = time.monotonic()
    try:
        with pytest.raises(ModelError) as info:
            fast.load_model(timeout=0.5)
        assert time.monotonic() - start < 2  # both addresses are asked at once
        assert "no answer within 0.5 s" in one_line(info)
    finally:
        released.set()
    assert not fast.model_dir().exists()
