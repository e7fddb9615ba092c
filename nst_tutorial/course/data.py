"""Images for the course: bundled samples that always work, and the tutorial's classic pair.

Two kinds of images are available:

* **Samples** ship with the package (the ``data/`` folder of the repository),
  so they work offline. Each has its author, source, licence and SHA-256
  recorded in ``data/samples.json``; ``data/README.md`` shows them as a table.
  Content photos: ``cat``, ``coffee``, ``astronaut``. Style pictures, drawn by
  ``data/make_styles.py``: ``composition``, ``waves``, ``mosaic``.
* **Classic** images are the two the official tutorial uses, a yellow Labrador
  and Kandinsky's *Composition 7*. They are downloaded once into the cache
  (``settings.cache_dir``), like the tutorial does.

Use them like this::

    import nst_tutorial as nst
    content_path, style_path = nst.data.default_images()
    cat = nst.load_img(nst.data.sample_path("cat"))
"""

from __future__ import annotations

import json
from pathlib import Path

from .._plumbing.download import cache_path, download
from ..base.errors import DownloadError, ImageError
from ..base.language import tr
from ..base.settings import settings
from ..further import fast
from ..further.color import match_color_histogram
from ..tutorial.images import load_img

_PACKAGE = Path(__file__).resolve().parent.parent


def _find_data_dir() -> Path:
    """The folder holding ``samples.json`` and the images.

    An installed wheel has it inside the package (``nst_tutorial/_samples``);
    a source checkout or editable install uses ``data/`` beside the package.
    """
    for folder in (_PACKAGE / "_samples", _PACKAGE.parent / "data"):
        if (folder / "samples.json").is_file():
            return folder
    raise ImageError(
        f"The bundled sample images are missing: no samples.json in {_PACKAGE / '_samples'} "
        f"or {_PACKAGE.parent / 'data'}. Reinstall the package (pip install nst-tutorial)."
    )


#: The folder the bundled images are read from.
DATA_DIR: Path = _find_data_dir()

#: Bundled images: name -> {file, kind ("content" or "style"), title, author,
#: source, licence, sha256}.
SAMPLES: dict[str, dict[str, str]] = json.loads(
    (DATA_DIR / "samples.json").read_text(encoding="utf-8")
)

#: The official tutorial's two images, downloaded on first use.
CLASSIC: dict[str, dict[str, str]] = {
    "labrador": {
        "kind": "content",
        "url": "https://storage.googleapis.com/download.tensorflow.org/example_images/"
               "YellowLabradorLooking_new.jpg",
        "title": "Yellow Labrador looking",
        "author": "Elf",
        "source": "Wikimedia Commons, via the TensorFlow example images",
        "licence": "CC BY-SA 3.0",
    },
    "kandinsky": {
        "kind": "style",
        "url": "https://storage.googleapis.com/download.tensorflow.org/example_images/"
               "Vassily_Kandinsky%2C_1913_-_Composition_7.jpg",
        "title": "Composition 7 (1913)",
        "author": "Wassily Kandinsky",
        "source": "Wikimedia Commons, via the TensorFlow example images",
        "licence": "Public domain",
    },
}

#: The bundled pair used when the classic images cannot be had.
FALLBACK = ("cat", "composition")

#: The official tutorial's picture of its own result for the classic pair, which its
#: introduction shows: the Labrador painted in the style of Composition 7.
TUTORIAL_RESULT: dict[str, str] = {
    "url": "https://www.tensorflow.org/tutorials/generative/images/stylized-image.png",
    "title": "The Labrador in the style of Composition 7",
    "source": "TensorFlow's tutorial Neural style transfer (its introduction)",
    "licence": "CC BY 4.0 (the TensorFlow documentation)",
}


def sample_names(kind: str | None = None) -> list[str]:
    """Names of the bundled samples, all of them or only ``"content"`` or ``"style"`` ones."""
    return [name for name, s in SAMPLES.items() if kind is None or s["kind"] == kind]


def _unknown(name: str, known) -> ImageError:
    return ImageError(f"There is no image called {name!r}. Valid names: {', '.join(known)}.")


def sample_path(name: str) -> Path:
    """The path of the bundled sample ``name`` (for example ``"cat"`` or ``"composition"``).

    Raises :class:`~nst_tutorial.base.errors.ImageError` listing the valid names
    when ``name`` is not one of them.

    Notebook 08 introduces this.
    """
    if name not in SAMPLES:
        raise _unknown(name, SAMPLES)
    return DATA_DIR / SAMPLES[name]["file"]


def classic_path(name: str, *, timeout: float = 30.0) -> Path:
    """The local copy of the tutorial's image ``name`` (``"labrador"`` or ``"kandinsky"``).

    Downloaded into the cache the first time (see :func:`nst_tutorial._plumbing.download.download`);
    later calls, and offline runs after ``nst-tutorial prefetch``, use the cached
    copy. Raises :class:`~nst_tutorial.base.errors.DownloadError` when the file is not
    cached and cannot be downloaded (no network, or offline mode).
    """
    if name not in CLASSIC:
        raise _unknown(name, CLASSIC)
    return download(CLASSIC[name]["url"], timeout=timeout, verify_image=True)


def default_images(*, timeout: float = 15.0) -> tuple[Path, Path]:
    """``(content_path, style_path)`` for the notebooks.

    The tutorial's Labrador and Kandinsky when they are cached or can be
    downloaded; otherwise (offline mode, no network) the bundled ``cat`` and
    ``composition``, after printing one line that says why.

    Notebook 00 introduces this.
    """
    try:
        return classic_path("labrador", timeout=timeout), classic_path("kandinsky", timeout=timeout)
    except (DownloadError, ImageError) as e:
        why = tr("offline mode is on") if settings.offline else str(e).split(". ")[0]
        content, style = FALLBACK
        print(tr("Using the bundled images {content!r} and {style!r} instead of the tutorial's "
                 "Labrador and Kandinsky ({why}).", content=content, style=style, why=why))
        return sample_path(content), sample_path(style)


def result_preview(content_path, content_image, style_image, *, timeout: float = 15.0):
    """A picture for the third panel of notebook 00's "content + style = result".

    Returns ``(image, title)``. For the tutorial's classic pair that is the
    tutorial's own picture of its result (:data:`TUTORIAL_RESULT`, downloaded once
    into the cache). For any other pair, offline, or when that download fails, it
    is *not* a result: the content image recoloured with the style image's mean
    colour and colour spread (:func:`nst_tutorial.further.color.match_color_histogram`),
    the simplest part of a style, and the title says so.
    """
    if Path(content_path) == cache_path(CLASSIC["labrador"]["url"]):
        try:
            result = load_img(download(TUTORIAL_RESULT["url"], timeout=timeout,
                                       verify_image=True), max_dim=None)
            return result, tr("Result: the tutorial's, from tensorflow.org")
        except (DownloadError, ImageError):
            pass
    return (match_color_histogram(content_image, style_image),
            tr("Not the result yet:\nthe photo in the painting's colours"))


def fast_model_missing(error: BaseException) -> str:
    """What notebook 08 prints when the feed-forward model cannot be had: why, how to get it."""
    return "\n".join([
        tr("The feed-forward network ({name}, version {version}) is not on this machine, so "
           "this section is skipped.", name=fast.NAME, version=fast.VERSION),
        tr("  Why: {error}", error=error),
        tr("  To get it, where the network works: nst-tutorial prefetch --only fast-model"),
        tr("  Or copy the archive from another machine and load it: "
           'nst.fast.load_model("/path/to/{archive}")', archive=fast.ARCHIVE_NAME),
        tr("  (it is the download of {url}; the course has not recorded its size)",
           url=fast.URLS[0]),
    ])
