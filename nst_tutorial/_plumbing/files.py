"""Writing files so that a crash never leaves half of one, and checksums of files.

:func:`atomic_write` is how the package writes a file: images, downloads,
prefetched weights and student notebooks all go through it (only the files of an
unpacked model are written into a temporary folder, renamed when complete). The bytes go to a
temporary file beside the target, are flushed to disk, and the temporary file
is renamed over the target only when it is complete (and, if asked, checked).
The file gets the permissions a plain ``open(path, "w")`` would give it under
the user's umask (``0644`` under the usual ``022``), not the private ``0600``
of a temporary file, so a picture saved on a shared JupyterHub can be read by
the others there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator


def current_umask() -> int:
    """The process's umask (``os.umask`` can only be read by setting it, so it is set back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, *, check: Callable[[Path], None] | None = None,
                 suffix: str = ".tmp") -> Iterator:
    """Open a temporary file beside ``path`` for writing bytes; put it in place at the end.

    ::

        with atomic_write("out.png") as f:
            f.write(data)

    When the ``with`` block ends without an error, the file is flushed and
    synced to disk, ``check(temporary_path)`` runs (it raises to refuse the
    file), the file's mode becomes ``0o666 & ~umask``, and it is renamed to
    ``path`` in one step (``os.replace``). On any error the temporary file is
    removed and ``path`` is left as it was. The folder is created if needed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        if check is not None:
            check(Path(tmp))
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_bytes_atomically(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` with :func:`atomic_write`; return the path."""
    with atomic_write(path) as f:
        f.write(data)
    return Path(path)


def file_digest(path: str | os.PathLike, algorithm: str = "sha256") -> str:
    """The checksum of a file as hex digits: ``"sha256"`` (64 digits) or ``"md5"`` (Keras' own)."""
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256sum(path: str | os.PathLike) -> str:
    """The SHA-256 of a file, as 64 hex digits."""
    return file_digest(path, "sha256")
