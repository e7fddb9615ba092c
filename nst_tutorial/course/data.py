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

from .._plumbing.download import download
from ..base.errors import DownloadError, ImageError
from ..base.settings import settings

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
        why = "offline mode is on" if settings.offline else str(e).split(". ")[0]
        content, style = FALLBACK
        print(f"Using the bundled images {content!r} and {style!r} instead of the tutorial's "
              f"Labrador and Kandinsky ({why}).")
        return sample_path(content), sample_path(style)
