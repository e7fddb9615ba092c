"""Writing results: a picture to an image file, a whole run to a file it can resume from.

Every file is written to a temporary name beside its place and then renamed,
so a crash never leaves half a file and an existing file stays intact until
the new one is complete.
"""

from __future__ import annotations

import io
import json
import math
import os
from pathlib import Path

import numpy as np
import PIL.Image
import tensorflow as tf

from .._plumbing.files import atomic_write, write_bytes_atomically
from ..base.errors import ImageError
from ..base.language import tr
from ..tutorial.images import tensor_to_image


def save_image(image, path: str | os.PathLike, *, overwrite: bool = True) -> Path:
    """Save a tensor, array or PIL image to ``path`` (PNG, JPEG, ... from the suffix).

    Written atomically; the file gets the usual permissions of a new file
    (``0644`` under umask ``022``). Returns the path written.

    Notebook 07 introduces this.
    """
    path = Path(path)
    pil = image if isinstance(image, PIL.Image.Image) else tensor_to_image(image)
    fmt = PIL.Image.registered_extensions().get(path.suffix.lower())
    if fmt is None:
        raise ImageError(f"{path}: unknown image file type {path.suffix!r}; use .png or .jpg.")
    if path.exists() and not overwrite:
        raise ImageError(f"{path}: already exists; pass overwrite=True to replace it.")
    with atomic_write(path) as f:
        pil.save(f, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    return path


def save_run(run, path) -> Path:
    """Write ``run`` to ``path`` (``.npz``): its image, best image, history and fingerprint.

    :func:`resume_run` reads it back. Adam's running averages are not saved: a
    resumed run that takes more steps starts them afresh.
    """
    buffer = io.BytesIO()
    np.savez(buffer, image=np.asarray(run.image), best_image=np.asarray(run.best_image),
             history=np.array(json.dumps(run.history)),
             fingerprint=np.array(json.dumps(run.fingerprint(), sort_keys=True)))
    return write_bytes_atomically(path, buffer.getvalue())


def resume_run(cls, path, content_image, style_image, **kwargs):
    """The run saved at ``path``, if it was made from these images and settings; else ``None``.

    Builds the run as ``cls(content_image, style_image, **kwargs)`` would,
    then, if ``path`` holds a run with the same fingerprint, gives it the
    saved image, best image and history. Otherwise it prints why (no file, an
    unreadable one, other images or settings) and returns ``None``, so the
    caller makes the result itself.
    """
    path = Path(path)
    if not path.exists():
        print(tr("No saved run at {path}.", path=path))
        return None
    run = cls(content_image, style_image, **kwargs)
    try:
        with np.load(path, allow_pickle=False) as saved:
            image, best = saved["image"], saved["best_image"]
            history = json.loads(str(saved["history"]))
            fingerprint = json.loads(str(saved["fingerprint"]))
    except (OSError, ValueError, KeyError) as e:
        print(tr("{path}: not a saved run this version can read ({error}).", path=path,
                 error=type(e).__name__))
        return None
    now = json.loads(json.dumps(run.fingerprint(), sort_keys=True))
    differ = sorted(k for k in set(now) | set(fingerprint) if now.get(k) != fingerprint.get(k))
    if differ or image.shape != tuple(run.image.shape):
        print(tr("{path} was made with other {what}: not used.", path=path,
                 what=", ".join(differ) or tr("image sizes")))
        return None
    run.image.assign(image)
    run.record.history = history
    run.record.best_image = tf.constant(best)
    run.record.best_loss = min((h["total"] for h in history), default=math.inf)
    run.record.elapsed = history[-1]["time"] if history else 0.0
    return run
