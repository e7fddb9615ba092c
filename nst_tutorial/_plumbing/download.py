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
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..base.errors import DownloadError
from ..base.settings import settings
from .decode import open_pil
from .files import atomic_write, sha256sum


def why(e: BaseException) -> str:
    """Why a download failed, in a few words: ``HTTP 404 Not Found``, ``timed out``..."""
    if isinstance(e, urllib.error.HTTPError):
        return f"HTTP {e.code} {e.reason}"
    reason = getattr(e, "reason", None) or e
    return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__


def copy_stream(read, out, total: int | None = None, label: str = "",
                progress: bool = False) -> int:
    """Copy ``read(n)`` chunks into ``out`` (a tqdm bar on stderr if ``progress``); return the bytes."""
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024,
                   desc=label, file=sys.stderr, leave=True)
    copied = 0
    try:
        for chunk in iter(lambda: read(1 << 16), b""):
            out.write(chunk)
            copied += len(chunk)
            if bar is not None:
                bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    return copied


def fetch_url(url: str, out, *, timeout: float = 30.0, label: str = "", progress: bool = False,
              advice: str = "Check the address and your network connection, or use a local "
                            "file instead.") -> int:
    """Stream ``url`` into the open file ``out``; return the number of bytes.

    Raises :class:`DownloadError` naming the URL, the reason (``HTTP 404``,
    ``timed out``, a connection that dropped before ``Content-Length`` bytes)
    and ``advice``.
    """
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "nst-tutorial"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            size = response.headers.get("Content-Length")
            size = int(size) if size and size.isdigit() else None
            received = copy_stream(response.read, out, size, label or url, progress)
            if size is not None and received < size:
                raise ConnectionError(
                    f"the connection dropped after {received} of {size} bytes"
                )
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
        raise DownloadError(f"{url}: could not download ({why(e)}). {advice}") from None
    return received


def unanswered(urls, timeout: float) -> dict[str, str]:
    """The addresses among ``urls`` whose server does not take a connection within ``timeout``.

    Returns ``{url: why}``. All are tried at once, each in its own thread, and
    the answer comes after ``timeout`` seconds at most, name lookup included
    (which ``urlopen``'s own timeout does not bound). Where a proxy is set for
    the address's scheme, the proxy is what must answer.
    """
    answers: dict[str, str | None] = {}

    def knock(url: str) -> None:
        parts = urllib.parse.urlsplit(urllib.request.getproxies().get(
            urllib.parse.urlsplit(url).scheme) or url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            socket.create_connection((parts.hostname, port), timeout=timeout).close()
            answers[url] = None
        except OSError as e:
            answers[url] = f"could not connect ({why(e)})"

    threads = [threading.Thread(target=knock, args=(url,), daemon=True) for url in urls]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    seen = dict(answers)  # a thread that answers later changes nothing
    return {url: seen.get(url) or f"no answer within {timeout:g} s"
            for url in urls if url not in seen or seen[url] is not None}


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
    fails, and :class:`~nst_tutorial.base.errors.ImageError` when ``verify_image``
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

    def check(tmp: Path) -> None:
        if sha256 is not None and sha256sum(tmp) != sha256:
            raise DownloadError(f"{url}: the download is corrupt (its SHA-256 does not match).")
        if verify_image:
            open_pil(tmp.read_bytes(), url)  # raises ImageError naming the URL

    with atomic_write(target, check=check, suffix=".part") as out:
        fetch_url(url, out, timeout=timeout)
    return target
