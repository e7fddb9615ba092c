"""Downloads into one cache folder, written atomically and verified before they count.

A file is downloaded to a temporary name next to its final place and renamed
only when it is complete (and, if asked, matches its SHA-256 or decodes as an
image). An interrupted download therefore never leaves a broken file that
later runs would mistake for a cached one.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .errors import NSTError
from .settings import settings


class DownloadError(NSTError, OSError):
    """A URL could not be fetched (no network, a bad address, a timeout)."""


def _why(e: BaseException) -> str:
    """Why a download failed, in a few words: ``HTTP 404 Not Found``, ``timed out``..."""
    if isinstance(e, urllib.error.HTTPError):
        return f"HTTP {e.code} {e.reason}"
    reason = getattr(e, "reason", None) or e
    return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__


def sha256sum(path: str | os.PathLike) -> str:
    """The SHA-256 of a file, as 64 hex digits."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cache_path(url: str, filename: str | None = None, cache_dir=None) -> Path:
    """Where ``url`` is (or would be) cached."""
    name = filename or os.path.basename(urllib.parse.urlparse(url).path) or "download"
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    folder = Path(cache_dir) if cache_dir else settings.cache_dir / "downloads"
    return folder / (name if filename else f"{digest}-{name}")


def download(
    url: str, filename: str | None = None, *, cache_dir=None, sha256: str | None = None,
    timeout: float = 30.0, verify_image: bool = False,
) -> Path:
    """Fetch ``url`` once into the cache and return the local path.

    A file already in the cache is used as it is (after checking ``sha256``,
    when given). In offline mode (``settings.offline``) nothing is fetched: a
    file not in the cache raises :class:`DownloadError` at once. Raises
    :class:`DownloadError` with the URL and the reason when the network
    fails, and :class:`~nst_tutorial.errors.ImageError` when ``verify_image``
    is set and the response is not an image.
    """
    target = cache_path(url, filename, cache_dir)
    if target.exists() and (sha256 is None or sha256sum(target) == sha256):
        return target
    if settings.offline:
        raise DownloadError(
            f"{url}: not downloaded because offline mode is on (NST_OFFLINE=1) and the file "
            f"is not in the cache ({target.parent}). Unset NST_OFFLINE, or use a local file."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                request = urllib.request.Request(url, headers={"User-Agent": "nst-tutorial"})
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    expected, received = response.headers.get("Content-Length"), 0
                    for chunk in iter(lambda: response.read(1 << 16), b""):
                        out.write(chunk)
                        received += len(chunk)
                    if expected and expected.isdigit() and received < int(expected):
                        raise ConnectionError(
                            f"the connection dropped after {received} of {expected} bytes"
                        )
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
                raise DownloadError(
                    f"{url}: could not download ({_why(e)}). Check the address and your "
                    "network connection, or use a local file instead."
                ) from None
        if sha256 is not None and sha256sum(tmp) != sha256:
            raise DownloadError(f"{url}: the download is corrupt (its SHA-256 does not match).")
        if verify_image:
            from .images import _open_pil

            _open_pil(Path(tmp).read_bytes(), url)  # raises ImageError naming the URL
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
