"""Fetching the feed-forward stylisation model: download its archive once, unpack it safely.

The compressed SavedModel of Magenta's ``arbitrary-image-stylization-v1-256``
(version 2) is downloaded once into the course's cache (``settings.cache_dir``)
and unpacked there with every name checked. :mod:`nst_tutorial.further.fast`
loads and uses it.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from ..base.errors import DownloadError, ModelError, first_line
from ..base.settings import settings
from .download import cache_path, download, unanswered

#: The model's name and version, as TF Hub and Kaggle Models list it.
NAME, VERSION = "arbitrary-image-stylization-v1-256", 2
#: Its TF Hub handle, the one the official tutorial loads.
HANDLE = f"https://tfhub.dev/google/magenta/{NAME}/{VERSION}"
#: Where the compressed SavedModel comes from, tried in this order. TF Hub's handle
#: (with ``?tf-hub-format=compressed``, as ``tensorflow_hub`` asks for it) redirects to
#: Kaggle Models, where the same archive also has an address of its own.
URLS = (
    f"{HANDLE}?tf-hub-format=compressed",
    "https://www.kaggle.com/api/v1/models/google/arbitrary-image-stylization-v1/"
    f"tensorFlow1/256/{VERSION}/download",
)
ARCHIVE_NAME = f"{NAME}-{VERSION}.tar.gz"


#: What reading a broken or truncated .tar.gz can raise.
_ARCHIVE_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error)


def _unreadable(e: BaseException) -> str:
    return f"not a readable archive of the model ({first_line(e).rstrip(':')})"


def archive_problem(path: str | os.PathLike) -> str | None:
    """``None`` when ``path`` is a readable archive holding a ``saved_model.pb``; else what is wrong."""
    try:
        with tarfile.open(path, mode="r:*") as tar:
            names = tar.getnames()
    except _ARCHIVE_ERRORS as e:
        return _unreadable(e)
    if not any(PurePosixPath(name).name == "saved_model.pb" for name in names):
        return "the archive holds no saved_model.pb"
    return None


def model_dir(cache_dir: str | os.PathLike | None = None) -> Path:
    """The folder the unpacked SavedModel lives in (``<cache>/models/<name>-<version>``)."""
    root = Path(cache_dir) if cache_dir is not None else settings.cache_dir
    return root / "models" / f"{NAME}-{VERSION}"


def _unpack(archive: Path, target: Path) -> Path:
    """Unpack ``archive`` into ``target`` (a new folder); return the folder holding the model.

    Only plain files and folders with relative names that stay inside ``target``
    are accepted; links, devices and names such as ``../x`` or ``/etc/x`` make the
    whole archive a :class:`ModelError`. Files are written by this function, not
    by ``tarfile.extractall``, so nothing but file contents comes from the archive.
    """
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            members = tar.getmembers()
            for m in members:
                parts = PurePosixPath(m.name).parts
                if (m.name.startswith(("/", "\\")) or ".." in parts or ":" in m.name
                        or not (m.isfile() or m.isdir())):
                    raise ModelError(f"{archive}: the archive holds {m.name!r}, which is not "
                                     "a plain file inside it; it was not unpacked.")
            for m in members:
                path = target.joinpath(*PurePosixPath(m.name).parts)
                if m.isdir():
                    path.mkdir(parents=True, exist_ok=True)
                    continue
                path.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(m) as src, open(path, "wb") as out:
                    shutil.copyfileobj(src, out)
    except _ARCHIVE_ERRORS as e:
        raise ModelError(f"{archive}: {_unreadable(e)}.") from None
    for folder in [target, *sorted(p for p in target.iterdir() if p.is_dir())]:
        if (folder / "saved_model.pb").is_file():
            return folder
    raise ModelError(f"{archive}: the archive holds no saved_model.pb; it is not a SavedModel.")


def fetch(source: str | os.PathLike | None = None, *, cache_dir=None,
          timeout: float = 60.0) -> Path:
    """The folder of the unpacked SavedModel, downloading and unpacking it the first time.

    ``source`` is a URL, a local ``.tar.gz`` of the SavedModel, or a SavedModel
    folder (used where it is). By default the model already in the cache
    (:func:`model_dir`) is used, and otherwise :data:`URLS` are tried in order. An
    archive is unpacked into a temporary folder next to :func:`model_dir` and
    renamed when complete, so an interrupted unpack never looks like a model; a
    given URL or archive replaces the cached model. A downloaded archive that turns
    out not to be one is deleted, so the next try fetches it again.

    ``timeout`` bounds the wait on a network that does not answer: every address
    is first asked for a connection, all at once, for ``timeout`` seconds at most
    (name lookup included); those that answer are then downloaded with that
    timeout on each read.
    """
    if source is not None and Path(source).is_dir():
        if not (Path(source) / "saved_model.pb").is_file():
            raise ModelError(f"{source}: no saved_model.pb in this folder; it is not a SavedModel.")
        return Path(source)
    target = model_dir(cache_dir)
    if source is None and (target / "saved_model.pb").is_file():
        return target

    downloaded = False
    if source is not None and "://" not in str(source):
        archive = Path(source)
        if not archive.is_file():
            raise ModelError(f"{source}: no such file.")
    else:
        urls = URLS if source is None else (str(source),)
        downloads = None if cache_dir is None else Path(cache_dir) / "downloads"
        # The default addresses share one cached archive (which `nst-tutorial prefetch`
        # also fetches); another URL has its own.
        name = ARCHIVE_NAME if source is None else None
        if settings.offline and not cache_path(urls[0], name, downloads).is_file():
            raise ModelError(
                f"The feed-forward model {NAME} is not in the cache ({target}) and offline mode "
                "is on (NST_OFFLINE=1), so it was not downloaded.")
        silent = unanswered(urls, timeout)
        reasons = []
        for url in urls:
            if url in silent:
                reasons.append(f"{url}: {silent[url]}")
                continue
            try:
                archive = download(url, name, cache_dir=downloads, timeout=timeout)
                downloaded = True
                break
            except DownloadError as e:
                reasons.append(str(e))
        else:
            raise ModelError(f"The feed-forward model {NAME} could not be downloaded "
                             f"({len(urls)} address(es) tried); the last said: {reasons[-1]}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        found = _unpack(archive, tmp)
        if target.exists():
            shutil.rmtree(target)
        os.replace(found, target)
    except ModelError:
        if downloaded:
            archive.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
