"""Prefetching for workshops: download, verify, then rename; a folder other machines can use.

A local HTTP server on 127.0.0.1 (``tests/helpers/loopback.py``) serves small stand-in files through a
replaced table of items, so the download, checksum and rename logic runs for
real without the internet. Checksums in the table are computed here with
``hashlib`` from the bytes the server sends.
"""

from __future__ import annotations

import hashlib
import io
import tarfile

import numpy as np
import PIL.Image
import pytest
from tests.helpers.archives import tar_bytes
from tests.helpers.loopback import Loopback, Reply, closed_port_url

from nst_tutorial.course import data
from nst_tutorial.further import fast
from nst_tutorial.tools import prefetch
from nst_tutorial import DownloadError
from nst_tutorial._plumbing.download import cache_path
from nst_tutorial.runs.weights import WEIGHT_FILES
from nst_tutorial.base.settings import keras_cache_dir, settings

# These tests change the settings on purpose (configure, offline mode, the cache).
pytestmark = pytest.mark.usefixtures("saved_settings")


def _png(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    buffer = io.BytesIO()
    PIL.Image.fromarray((rng.random((40, 40, 3)) * 255).astype(np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


WEIGHTS = b"pretend weights " * 5000  # 80 kB, several chunks
CLASSES = b'{"0": ["n01440764", "tench"]}'
PICTURE = _png(0)


@pytest.fixture
def server(monkeypatch, tmp_path):
    """A server with three good files, and the item table pointing at it."""
    files = {"/w/weights.h5": WEIGHTS, "/d/classes.json": CLASSES, "/i/picture.png": PICTURE}
    with Loopback({path: Reply(body) for path, body in files.items()}) as srv:
        monkeypatch.setattr(prefetch, "ITEMS", [
            prefetch.Item("weights", srv.url("/w/weights.h5"), "models", "weights",
                          hashlib.md5(WEIGHTS).hexdigest()),
            prefetch.Item("classes", srv.url("/d/classes.json"), "models", "class names",
                          hashlib.md5(CLASSES).hexdigest()),
            prefetch.Item("picture", srv.url("/i/picture.png"), "downloads", "an image"),
        ])
        monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
        settings.offline = False
        yield srv


def requests(server) -> int:
    return sum(server.hits.values())


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_prefetch_to_a_folder_verifies_and_renames(server, tmp_path):
    kit = tmp_path / "kit"
    log = []
    paths = prefetch.prefetch(kit, progress=False, log=log.append)
    picture_name = cache_path(server.url("/i/picture.png")).name
    assert _files(kit) == {"models/weights.h5": WEIGHTS, "models/classes.json": CLASSES,
                           f"downloads/{picture_name}": PICTURE}
    assert paths == [kit / "models/weights.h5", kit / "models/classes.json",
                     kit / "downloads" / picture_name]
    assert requests(server) == 3 and all(line.startswith("fetched") for line in log)

    # A second run finds everything verified and downloads nothing.
    log.clear()
    prefetch.prefetch(kit, progress=False, log=log.append)
    assert requests(server) == 3 and all(line.startswith("ok") for line in log)


def test_a_corrupt_download_is_never_kept(server, tmp_path):
    kit = tmp_path / "kit"
    server.routes["/d/classes.json"] = Reply(CLASSES[:-1] + b"!")  # same size, wrong bytes
    with pytest.raises(DownloadError, match=r"classes.json: the download is broken \(its checksum"):
        prefetch.prefetch(kit, progress=False, log=lambda _: None)
    # The file before it is in place; the bad one and its temporary file are gone.
    assert _files(kit) == {"models/weights.h5": WEIGHTS}

    # A damaged copy already in place is replaced by a verified download.
    server.routes["/d/classes.json"] = Reply(CLASSES)
    (kit / "models/weights.h5").write_bytes(WEIGHTS[:1000])
    prefetch.prefetch(kit, progress=False, log=lambda _: None)
    assert _files(kit)["models/weights.h5"] == WEIGHTS
    assert _files(kit)["models/classes.json"] == CLASSES


def test_an_image_that_does_not_decode_is_refused(server, tmp_path):
    server.routes["/i/picture.png"] = Reply(b"<html>Sign in to the hotel Wi-Fi</html>")
    with pytest.raises(DownloadError, match=r"picture.png: the download is broken \(not an image"):
        prefetch.prefetch(tmp_path / "kit", names=["picture"], progress=False, log=lambda _: None)
    assert _files(tmp_path / "kit") == {}


def test_no_network_and_missing_files_are_one_line(server, tmp_path, monkeypatch):
    item = prefetch.Item("weights", closed_port_url("/w.h5"), "models", "w", "0" * 32)
    monkeypatch.setattr(prefetch, "ITEMS", [item])
    with pytest.raises(DownloadError) as e:
        prefetch.prefetch(tmp_path / "kit", progress=False, log=lambda _: None)
    assert str(e.value).startswith(f"{item.url}: could not download (")
    assert "\n" not in str(e.value)
    assert _files(tmp_path / "kit") == {}

    monkeypatch.setattr(prefetch, "ITEMS", [
        prefetch.Item("picture", server.url("/i/picture.png"), "downloads", "an image")])
    # The connection drops part-way: what arrived decodes as nothing, but the length is
    # what gives it away, before any decoding.
    server.routes["/i/picture.png"] = Reply(PICTURE, cut=True)  # a third, then it hangs up
    with pytest.raises(DownloadError, match=rf"dropped after {len(PICTURE) // 3} of"):
        prefetch.prefetch(tmp_path / "kit", progress=False, log=lambda _: None)
    server.routes.pop("/i/picture.png")
    with pytest.raises(DownloadError, match="HTTP 404"):
        prefetch.prefetch(tmp_path / "kit", progress=False, log=lambda _: None)
    assert _files(tmp_path / "kit") == {}


def _tar_gz(names: list[str]) -> bytes:
    def add(tar):
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = 4
            tar.addfile(info, io.BytesIO(b"data"))
    return tar_bytes(add)


def test_the_model_archive_is_checked_and_its_mirror_tried(server, tmp_path, monkeypatch):
    model = _tar_gz(["./saved_model.pb", "./variables/variables.index"])
    server.routes.update({"/m/page": Reply(b"<html>Sign in</html>"),
                          "/m/empty.tar.gz": Reply(_tar_gz(["x"])), "/m/model.tar.gz": Reply(model)})
    item = prefetch.Item("fast-model", server.url("/m/missing"), "downloads", "model",
                         archive=True, mirrors=(server.url("/m/model.tar.gz"),),
                         cache_name="model.tar.gz")
    monkeypatch.setattr(prefetch, "ITEMS", [item])
    kit = tmp_path / "kit"
    assert prefetch.prefetch(kit, progress=False, log=lambda _: None) == [
        kit / "downloads" / "model.tar.gz"]
    assert _files(kit) == {"downloads/model.tar.gz": model}  # from the mirror, after a 404
    assert server.hits["/m/missing"] == server.hits["/m/model.tar.gz"] == 1

    for path, problem in (("/m/page", "not a readable archive"),
                          ("/m/empty.tar.gz", "the archive holds no saved_model.pb")):
        monkeypatch.setattr(prefetch, "ITEMS", [
            prefetch.Item("fast-model", server.url(path), "downloads", "model", archive=True,
                          cache_name="model.tar.gz")])
        with pytest.raises(DownloadError, match=rf"{path}: the download is broken \({problem}"):
            prefetch.prefetch(tmp_path / "other", progress=False, log=lambda _: None)
        assert not (tmp_path / "other").exists() or _files(tmp_path / "other") == {}


def test_from_a_folder_installs_into_the_caches(server, tmp_path):
    kit = tmp_path / "kit"
    prefetch.prefetch(kit, progress=False, log=lambda _: None)
    settings.cache_dir = tmp_path / "cache"
    before = requests(server)
    prefetch.prefetch(source=kit, progress=False, log=lambda _: None)
    assert requests(server) == before  # nothing downloaded
    assert (tmp_path / "keras/models/weights.h5").read_bytes() == WEIGHTS
    assert (tmp_path / "keras/models/classes.json").read_bytes() == CLASSES
    picture = cache_path(server.url("/i/picture.png"))
    assert picture.parent == tmp_path / "cache" / "downloads"
    assert picture.read_bytes() == PICTURE

    with pytest.raises(DownloadError, match="the source and the destination are the same"):
        prefetch.prefetch(kit, source=kit, progress=False, log=lambda _: None)


def test_the_real_items_land_where_the_course_looks(tmp_path, monkeypatch):
    """Keras finds the weights and class names; ``nst.data`` finds the classic images."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    settings.cache_dir = tmp_path / "cache"
    items = {item.name: item for item in prefetch.ITEMS}
    assert prefetch.destination(items["weights"]) == keras_cache_dir() / WEIGHT_FILES["notop"]
    assert prefetch.destination(items["classifier"]) == \
        keras_cache_dir() / WEIGHT_FILES["classifier"]
    assert prefetch.destination(items["classes"]) == \
        keras_cache_dir() / "imagenet_class_index.json"
    assert keras_cache_dir() == tmp_path / "keras" / "models"
    # The tutorial's result picture and the feed-forward model's archive, where notebook 00
    # and fast.fetch look for them.
    assert prefetch.destination(items["result"]) == cache_path(data.TUTORIAL_RESULT["url"])
    assert prefetch.destination(items["fast-model"]) == cache_path(fast.URLS[0], fast.ARCHIVE_NAME)
    assert items["fast-model"].mirrors == fast.URLS[1:]

    # The workshop flow for the images: a prepared folder, installed offline with --from,
    # is what the notebooks then use instead of the bundled fallback.
    kit = tmp_path / "kit"
    for name, seed in (("labrador", 1), ("kandinsky", 2)):
        target = prefetch.destination(items[name], kit)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_png(seed))
    settings.offline = True
    prefetch.prefetch(source=kit, names=["labrador", "kandinsky"], progress=False,
                      log=lambda _: None)
    content, style = data.default_images()
    assert content.read_bytes() == _png(1) and style.read_bytes() == _png(2)

    # With the folder used in place (NST_CACHE_DIR=FOLDER), the same files are found.
    settings.cache_dir = kit
    assert data.classic_path("labrador").read_bytes() == _png(1)
