"""The bad inputs the package is tested with, and the report of what each one gets.

``CASES`` is the single list of bad inputs: ``tests/unit/tutorial/test_robustness.py``
runs every case and checks its error, and this module renders the same cases as
the table in ``docs/bad-inputs.md``. Regenerate the table after changing a message,
from the repository's root::

    python -m tests.helpers.bad_inputs_report           # rewrites docs/bad-inputs.md
    python -m tests.helpers.bad_inputs_report --check   # only says whether it is up to date

A test fails while the committed table differs from what the code says now.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import PIL.Image  # noqa: E402

import nst_tutorial as nst  # noqa: E402
from nst_tutorial import DownloadError
from nst_tutorial._plumbing.download import download  # noqa: E402
from nst_tutorial.base.errors import ImageError, SettingsError  # noqa: E402

from tests.helpers.loopback import Loopback, Reply, closed_port_url  # noqa: E402

REPORT = Path(__file__).resolve().parents[2] / "docs" / "bad-inputs.md"


# -- files and a local web server that the cases use ---------------------------
def image_bytes(fmt: str = "PNG", size=(48, 40), **save) -> bytes:
    """A small RGB picture (smooth gradients) encoded as ``fmt``."""
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    arr = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x + y) % 256], -1)
    buf = io.BytesIO()
    PIL.Image.fromarray(arr.astype(np.uint8)).save(buf, format=fmt, **save)
    return buf.getvalue()


PAYLOAD = bytes(range(256)) * 400  # 100 kB that is not an image


def case_server(slow_s: float = 2.0) -> Loopback:
    """The web server the cases use, with one route per kind of answer.

    ``/image.png`` an image; ``/page.png`` an HTML page; ``/missing.png`` 404;
    ``/slow.png`` answers after ``slow_s`` seconds; ``/drop.bin`` and ``/drop.png``
    announce a body and close the connection half-way; ``/flaky.bin`` drops the
    first time and answers in full afterwards. ``url(route)`` gives the address.
    """
    image = Reply(image_bytes(), "image/png")
    return Loopback({
        "/image.png": image,
        "/page.png": Reply(b"<!DOCTYPE html><html><body>Hi</body></html>", "text/html"),
        "/slow.png": dataclasses.replace(image, delay_s=slow_s),
        "/drop.png": dataclasses.replace(image, cut=True),
        "/drop.bin": Reply(PAYLOAD, cut=True),
        "/flaky.bin": lambda hits: Reply(PAYLOAD, cut=hits == 1),
    })


@contextlib.contextmanager
def bomb_limit(pixels: int):
    """Lower Pillow's decompression-bomb limit for a moment (errors above twice it)."""
    saved = PIL.Image.MAX_IMAGE_PIXELS
    PIL.Image.MAX_IMAGE_PIXELS = pixels
    try:
        yield
    finally:
        PIL.Image.MAX_IMAGE_PIXELS = saved


# -- the cases ---------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Case:
    """One bad input: ``action(folder, server)`` must raise ``error``.

    The message must name ``names`` (the file or URL; ``{dir}`` and ``{url}``
    are filled in) and contain each of ``mentions`` (what is wrong, what to do).
    """

    label: str
    action: Callable[[Path, Loopback], object]
    error: type
    names: str = ""
    mentions: tuple[str, ...] = ()


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _tiny(w: int, h: int) -> np.ndarray:
    return np.full((h, w, 3), 0.5, np.float32)


def _style_transfer(**kwargs):
    image = _tiny(32, 32)[None]
    return nst.StyleTransfer(image, image, **kwargs)


_PNG = image_bytes("PNG")
_JPEG = image_bytes("JPEG", quality=90)

CASES: list[Case] = [
    Case("missing file", lambda d, s: nst.load_img(d / "cat.jpg"), ImageError,
         "{dir}/cat.jpg", ("no such file",)),
    Case("missing file, name mistyped", lambda d, s: nst.load_img(
        _write(d, "cat.jpg", _JPEG).with_name("cta.jpg")), ImageError,
         "{dir}/cta.jpg", ("no such file", "Did you mean 'cat.jpg'")),
    Case("a folder instead of a file", lambda d, s: nst.load_img(d), ImageError,
         "{dir}", ("folder",)),
    Case("empty file (0 bytes)", lambda d, s: nst.load_img(_write(d, "empty.png", b"")),
         ImageError, "{dir}/empty.png", ("empty", "0 bytes")),
    Case("PNG cut in half", lambda d, s: nst.load_img(
        _write(d, "half.png", _PNG[: len(_PNG) // 2])), ImageError,
         "{dir}/half.png", ("damaged or incomplete", "truncated")),
    Case("JPEG cut short", lambda d, s: nst.load_img(
        _write(d, "short.jpg", _JPEG[: len(_JPEG) * 2 // 3])), ImageError,
         "{dir}/short.jpg", ("damaged or incomplete", "truncated")),
    Case("JPEG cut short, with Pillow's LOAD_TRUNCATED_IMAGES on", lambda d, s: _truncated_allowed(
        _write(d, "short.jpg", _JPEG[: len(_JPEG) * 2 // 3])), ImageError,
         "{dir}/short.jpg", ("damaged or incomplete", "truncated")),
    Case("PNG with damaged pixel data", lambda d, s: nst.load_img(
        _write(d, "damaged.png", _PNG[:60] + bytes(40) + _PNG[100:])), ImageError,
         "{dir}/damaged.png", ("damaged or incomplete",)),
    Case("text file named .jpg", lambda d, s: nst.load_img(
        _write(d, "notes.jpg", b"Remember to buy milk.\n")), ImageError,
         "{dir}/notes.jpg", ("not an image", "text file")),
    Case("long UTF-8 text named .png", lambda d, s: nst.load_img(
        _write(d, "poem.png", "Été, déjà. ".encode() * 300)), ImageError,
         "{dir}/poem.png", ("not an image", "text file")),
    Case("PDF named .jpg", lambda d, s: nst.load_img(
        _write(d, "scan.jpg", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")),
         ImageError, "{dir}/scan.jpg", ("not an image", "PDF")),
    Case("HTML page saved as .png", lambda d, s: nst.load_img(
        _write(d, "page.png", b"<!doctype html>\n<html><head></head><body></body></html>")),
         ImageError, "{dir}/page.png", ("not an image", "web page")),
    Case("unknown binary data", lambda d, s: nst.load_img(
        _write(d, "noise.png", bytes(range(7, 200)))), ImageError,
         "{dir}/noise.png", ("not an image file Pillow can read", "07 08 09")),
    Case("1x1 pixel image", lambda d, s: nst.load_img(
        _write(d, "dot.png", image_bytes("PNG", (1, 1)))), ImageError,
         "{dir}/dot.png", ("1x1", "too small", "at least 32 px")),
    Case("16x16 image at its own size (max_dim=None)", lambda d, s: nst.load_img(
        _write(d, "icon.png", image_bytes("PNG", (16, 16))), max_dim=None), ImageError,
         "{dir}/icon.png", ("16x16", "at least 32 px", "max_dim=32")),
    Case("1000x20 banner scaled to max_dim=64", lambda d, s: nst.load_img(
        _write(d, "banner.png", image_bytes("PNG", (1000, 20))), max_dim=64), ImageError,
         "{dir}/banner.png", ("scaled to 64x1", "at least 32 px")),
    Case("image over Pillow's pixel limit (decompression bomb)", lambda d, s: _bomb(
        _write(d, "huge.png", image_bytes("PNG", (100, 100)))), ImageError,
         "{dir}/huge.png", ("too many pixels", "smaller size")),
    Case("max_dim=0", lambda d, s: nst.load_img(_write(d, "cat.png", _PNG), max_dim=0),
         SettingsError, "", ("max_dim=0", "at least 32")),
    Case("float array in [0, 255]", lambda d, s: nst.load_img(np.full((40, 40, 3), 200.0)),
         ImageError, "array", ("[0, 1]", "Divide by 255")),
    Case("array with NaN", lambda d, s: nst.load_img(np.full((40, 40, 3), np.nan)),
         ImageError, "array", ("NaN",)),
    Case("a number instead of an image", lambda d, s: nst.load_img(42), ImageError,
         "", ("int", "file path")),
    Case("URL that refuses the connection", lambda d, s: nst.load_img(closed_port_url()),
         DownloadError, "http://127.0.0.1:", ("could not download", "Connection refused")),
    Case("URL that answers 404", lambda d, s: nst.load_img(s.url("/missing.png")),
         DownloadError, "{url}/missing.png", ("HTTP 404",)),
    Case("URL that does not answer in time (timeout=0.3 s)", lambda d, s: download(
        s.url("/slow.png"), timeout=0.3, verify_image=True), DownloadError,
         "{url}/slow.png", ("timed out",)),
    Case("URL of a web page, not an image", lambda d, s: nst.load_img(s.url("/page.png")),
         ImageError, "{url}/page.png", ("not an image", "web page")),
    Case("URL whose connection drops half-way", lambda d, s: nst.load_img(s.url("/drop.png")),
         DownloadError, "{url}/drop.png", ("connection dropped",)),
    Case("StyleTransfer(style_weight=-1)", lambda d, s: _style_transfer(style_weight=-1),
         SettingsError, "", ("style_weight=-1", "0 or more")),
    Case("StyleTransfer(content_weight=nan)", lambda d, s: _style_transfer(
        content_weight=float("nan")), SettingsError, "", ("content_weight=nan",)),
    Case("StyleTransfer with every weight 0", lambda d, s: _style_transfer(
        style_weight=0, content_weight=0, total_variation_weight=0), SettingsError, "",
         ("all zero",)),
    Case("StyleTransfer(learning_rate=0)", lambda d, s: _style_transfer(learning_rate=0),
         SettingsError, "", ("learning_rate=0",)),
    Case("style layer weight for a layer that does not exist", lambda d, s: _style_transfer(
        style_layer_weights={"block6_conv1": 1.0}), SettingsError, "",
         ("block6_conv1", "block1_conv1, block2_conv1")),
    Case("negative style layer weight", lambda d, s: _style_transfer(
        style_layer_weights={"block1_conv1": -2.0}), SettingsError, "",
         ("block1_conv1", "-2")),
]


def _truncated_allowed(path: Path):
    import PIL.ImageFile

    saved = PIL.ImageFile.LOAD_TRUNCATED_IMAGES
    PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        return nst.load_img(path)
    finally:
        assert PIL.ImageFile.LOAD_TRUNCATED_IMAGES is True  # the loader put it back
        PIL.ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _bomb(path: Path):
    with bomb_limit(2_000):  # 100 x 100 = 10 000 pixels is over twice the limit
        return nst.load_img(path)


# -- running and rendering -------------------------------------------------------
def outcome(case: Case, folder: Path, server: Loopback) -> tuple[type, str]:
    """Run one case; return (the exception type, its message). Fails if nothing is raised."""
    try:
        case.action(folder, server)
    except Exception as e:  # noqa: BLE001  (the report records whatever comes out)
        return type(e), str(e)
    raise AssertionError(f"{case.label}: no error was raised")


def placeholders(text: str, folder: Path, server: Loopback) -> str:
    """Put ``{dir}`` and ``{url}`` back in place of this run's folder and server address."""
    text = text.replace(str(folder), "{dir}").replace(server.base, "{url}")
    text = _BYTES.sub("(N bytes not processed)", text)  # the count varies with the JPEG encoder
    return _PORT.sub("http://127.0.0.1:{port}", text)


_PORT = re.compile(r"http://127\.0\.0\.1:\d+")
_BYTES = re.compile(r"\(\d+ bytes not processed\)")


def render() -> str:
    """The markdown report, from running every case now."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp, case_server(slow_s=2.0) as server:
        saved_cache = nst.settings.cache_dir
        nst.settings.cache_dir = Path(tmp) / "cache"
        offline = getattr(nst.settings, "offline", None)
        if offline is not None:
            nst.settings.offline = False  # the server is on this machine
        try:
            for i, case in enumerate(CASES):
                folder = Path(tmp) / f"case{i:02d}"
                folder.mkdir()
                kind, message = outcome(case, folder, server)
                message = placeholders(message, folder, server).replace("|", "\\|")
                rows.append(f"| {case.label} | `{kind.__name__}` | {message} |")
        finally:
            nst.settings.cache_dir = saved_cache
            if offline is not None:
                nst.settings.offline = offline
    header = [
        "# Bad inputs and what they get",
        "",
        "Every row is a test case in `tests/helpers/bad_inputs_report.py`, run by",
        "`tests/unit/tutorial/test_robustness.py`; this table is written by",
        "`python -m tests.helpers.bad_inputs_report` from the same cases, and a test fails",
        "when it differs from what the code says now. `{dir}` is the folder of the",
        "file, `{url}` the address of a local test server.",
        "",
        "All errors are subclasses of `nst_tutorial.NSTError`: `ImageError` and",
        "`SettingsError` are also `ValueError`s, `DownloadError` is also an `OSError`.",
        "",
        "| input | error | message |",
        "|---|---|---|",
    ]
    return "\n".join(header + rows) + "\n"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in argv:
        same = REPORT.exists() and REPORT.read_text(encoding="utf-8") == text
        print(f"{REPORT}: {'up to date' if same else 'OUT OF DATE: run python -m tests.helpers.bad_inputs_report'}")
        return 0 if same else 1
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print(f"wrote {REPORT} ({len(CASES)} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
