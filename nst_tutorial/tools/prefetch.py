"""Download everything the course fetches from the internet, once, for offline use and workshops.

What the course downloads (about 655 MB, and the feed-forward model):

* the VGG19 ImageNet weights without the classifier (80 MB; every notebook),
* the VGG19 weights with the classifier (575 MB; the classification notebook),
* the ImageNet class names (35 kB; the classification notebook),
* the tutorial's two classic images (the Labrador photo and Kandinsky's *Composition 7*),
  and its picture of their result (the welcome notebook),
* the feed-forward stylisation network, TF Hub's Magenta model, as the archive it
  comes in (notebook 08 unpacks it the first time it loads it).

:func:`prefetch` puts them where the course looks for them (Keras' cache for
the weights and class names, the course's cache for the images), or into one
folder (``to=``) that you can copy to other machines. Each file is downloaded
to a temporary name, checked (the checksum Keras itself checks, "decodes as
an image", or "an archive holding a SavedModel"), and only then renamed into
place, so a broken download never counts as cached.

A folder made with ``to=FOLDER`` looks like this::

    FOLDER/models/      the two weights files and imagenet_class_index.json
    FOLDER/downloads/   the three images and the model's archive

Point the course at it on another machine in either of two ways:

* install it into that machine's caches: ``nst-tutorial prefetch --from FOLDER``
  (nothing else to set), or
* use it where it is: ``KERAS_HOME=FOLDER`` and ``NST_CACHE_DIR=FOLDER``
  (or ``NST_WEIGHTS=FOLDER/models`` for the weights alone).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .._plumbing.decode import open_pil
from .._plumbing.download import cache_path, copy_stream, fetch_url
from .._plumbing.files import atomic_write, file_digest
from ..base.errors import DownloadError, ImageError
from ..base.settings import keras_cache_dir, settings
from ..course.data import CLASSIC, TUTORIAL_RESULT
from ..further import fast
from ..runs.weights import WEIGHT_FILES, WEIGHTS_URL

CLASS_INDEX_URL = (
    "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
)


@dataclasses.dataclass(frozen=True)
class Item:
    """One file to fetch.

    ``place`` is ``"models"`` (Keras' cache: ``$KERAS_HOME/models``) or
    ``"downloads"`` (the course's download cache). ``md5`` is the checksum
    Keras checks before it uses a cached file; images without one are checked
    by decoding them, and an ``archive`` by listing it. ``mirrors`` are tried in
    order when ``url`` fails; ``cache_name`` is the file's name in the cache where
    the course does not derive it from the URL.
    """

    name: str
    url: str
    place: str
    about: str
    md5: str | None = None
    archive: bool = False
    mirrors: tuple[str, ...] = ()
    cache_name: str | None = None

    @property
    def filename(self) -> str:
        if self.cache_name is not None:
            return self.cache_name
        if self.place == "models":
            return os.path.basename(self.url)
        return cache_path(self.url).name  # the name nst.load_img(url) looks for


#: Everything ``prefetch`` fetches, in order. Checksums are the ones Keras uses.
ITEMS: list[Item] = [
    Item("weights", WEIGHTS_URL + WEIGHT_FILES["notop"], "models",
         "VGG19 ImageNet weights, no classifier (80 MB)", "253f8cb515780f3b799900260a226db6"),
    Item("classifier", WEIGHTS_URL + WEIGHT_FILES["classifier"], "models",
         "VGG19 ImageNet weights with classifier (575 MB)", "cbe5617147190e668d6c5d5026f83318"),
    Item("classes", CLASS_INDEX_URL, "models",
         "ImageNet class names (35 kB)", "c2c37ea517e94d9795004a39431a14cb"),
    Item("labrador", CLASSIC["labrador"]["url"], "downloads",
         "content image: Yellow Labrador (CC BY-SA 3.0)"),
    Item("kandinsky", CLASSIC["kandinsky"]["url"], "downloads",
         "style image: Composition 7 (public domain)"),
    Item("result", TUTORIAL_RESULT["url"], "downloads",
         "the tutorial's picture of its result (CC BY 4.0)"),
    Item("fast-model", fast.URLS[0], "downloads",
         "feed-forward style network, TF Hub's Magenta model", archive=True,
         mirrors=fast.URLS[1:], cache_name=fast.ARCHIVE_NAME),
]


def destination(item: Item, to: str | os.PathLike | None = None) -> Path:
    """Where ``item`` goes: inside ``to`` if given, else in the cache the course reads."""
    if to is not None:
        return Path(to).expanduser() / item.place / item.filename
    if item.place == "models":
        return keras_cache_dir() / item.filename
    return settings.cache_dir / "downloads" / item.filename


def verify(item: Item, path: str | os.PathLike) -> str | None:
    """``None`` when ``path`` is a good copy of ``item``; otherwise what is wrong with it."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return "the file is missing or empty"
    if item.md5 is not None:
        digest = file_digest(path, "md5")
        return None if digest == item.md5 else f"its checksum is {digest}, expected {item.md5}"
    if item.archive:
        return fast.archive_problem(path)
    try:
        open_pil(path.read_bytes(), item.name)
    except ImageError as e:
        return str(e).removeprefix(f"{item.name}: ").rstrip(".")
    return None


def fetch(item: Item, target: Path, *, source: str | os.PathLike | None = None,
          progress: bool = True, timeout: float = 60.0) -> Path:
    """Download ``item`` (or copy it from the folder ``source``) to ``target``, verified.

    The bytes go to a temporary file beside ``target``; it is checked with
    :func:`verify` and renamed to ``target`` only if it passes. On any failure
    the temporary file is removed and ``target`` is left as it was.
    """
    where = item.url

    def check(tmp: Path) -> None:
        problem = verify(item, tmp)
        if problem is not None:
            raise DownloadError(f"{where}: the download is broken ({problem}); "
                                "nothing was kept. Run this again.")

    with atomic_write(target, check=check, suffix=".part") as out:
        if source is not None:
            src = Path(source).expanduser() / item.place / item.filename
            where = str(src)
            if not src.is_file():
                raise DownloadError(f"{src}: not found; is {source} a folder made by "
                                    "'nst-tutorial prefetch --to'?")
            with open(src, "rb") as f:
                copy_stream(f.read, out, src.stat().st_size, item.name, progress)
        else:
            addresses = [item.url, *item.mirrors]
            for n, where in enumerate(addresses, 1):
                try:
                    fetch_url(where, out, timeout=timeout, label=item.name, progress=progress,
                              advice="Check the network connection and run this again.")
                    break
                except DownloadError:
                    if n == len(addresses):
                        raise
                    out.seek(0)
                    out.truncate()  # and try the next address
    return target


def prefetch(to: str | os.PathLike | None = None, *, source: str | os.PathLike | None = None,
             names: list[str] | None = None, progress: bool = True,
             log=print) -> list[Path]:
    """Fetch every item (or those in ``names``) into the caches, or into the folder ``to``.

    ``source`` copies from a folder made by an earlier ``prefetch(to=...)``
    instead of the internet. Files already in place and verified are kept as
    they are. Returns the paths, in the order of :data:`ITEMS`. Raises
    :class:`~nst_tutorial.base.errors.DownloadError` (one line: what, and why) on
    the first file that cannot be fetched; the files fetched before it stay.
    """
    chosen = ITEMS if names is None else [i for i in ITEMS if i.name in names]
    unknown = sorted(set(names or []) - {i.name for i in ITEMS})
    if unknown:
        raise DownloadError(f"unknown item(s) {unknown}; choose from "
                            f"{', '.join(i.name for i in ITEMS)}.")
    if source is not None and to is not None and \
            Path(source).expanduser().resolve() == Path(to).expanduser().resolve():
        raise DownloadError(f"{to}: the source and the destination are the same folder.")
    paths = []
    for item in chosen:
        target = destination(item, to)
        if verify(item, target) is None:
            log(f"ok        {item.about}: already in {target}")
        else:
            if source is None and getattr(settings, "offline", False):
                raise DownloadError(
                    f"{item.url}: not downloaded because NST_OFFLINE=1 is set. Unset it to "
                    "download, or copy from a prepared folder with --from FOLDER."
                )
            fetch(item, target, source=source, progress=progress)
            log(f"fetched   {item.about}: {target}")
        paths.append(target)
    return paths


def copy_tree_note(to: str | os.PathLike) -> str:
    """What to do with a folder made by ``prefetch(to=...)`` (printed by the command line)."""
    folder = Path(to).expanduser().resolve()
    return (
        f"Copy {folder} to each machine, then either run\n"
        f"    nst-tutorial prefetch --from {folder}\n"
        "there (installs into the usual caches), or set\n"
        f"    KERAS_HOME={folder}  NST_CACHE_DIR={folder}\n"
        "before starting Jupyter (uses the folder where it is)."
    )


__all__ = ["ITEMS", "Item", "copy_tree_note", "destination", "fetch", "prefetch", "verify"]
