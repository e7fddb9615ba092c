"""Archives written in memory, for the model downloads of the fast-model and prefetch tests."""

from __future__ import annotations

import io
import tarfile


def tar_bytes(add) -> bytes:
    """The bytes of a .tar.gz that ``add(tar)`` fills."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        add(tar)
    return buffer.getvalue()
