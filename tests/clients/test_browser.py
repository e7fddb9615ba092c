"""The playground in a real browser: JupyterLab in headless Chromium, driven by Playwright.

The other tests drive the playground's widgets from Python. This one opens the
playground notebook in JupyterLab as a learner would, runs every cell from the
Run menu, sets the steps slider, presses Run, waits for the progress bar to
move, presses Stop, and checks on the page that the picture (the image and the
loss chart beside it) and the progress bar changed. It needs Debian's
``chromium`` and the ``playwright`` package (``.ci/install-browser`` installs
both); without them it is skipped and says which is missing.

The Chinese notebook 00 (``notebooks/zh/00_welcome.ipynb``) is opened too: every
cell runs from the Run menu, the package's lines come out in Chinese, and its
diagram with Chinese labels shows from its attachment.

The server runs on 127.0.0.1 on a free port with a token, in a temporary folder
holding copies of ``notebooks/10_playground.ipynb`` and ``00_welcome.ipynb`` (whose
diagram must show from its cell attachment), and ``zh/00_welcome.ipynb``, in
quick, offline mode with random weights. The browser gets a new, empty profile and no network features.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import PIL.Image
import pytest
from tests.helpers.processes import child_env
from tests.helpers.loopback import free_port

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "10_playground.ipynb"
DIAGRAM_NOTEBOOK = "00_welcome.ipynb"  # shows pipeline.png, a cell attachment
CHROMIUM = os.environ.get("NST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync"]
STEPS = 150  # long enough that Stop comes first: the run would take a minute or more
SECONDS = 60  # the longest any one wait may take


def _why_no_browser() -> str:
    if not os.path.exists(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (on Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        return "JupyterLab is not installed"
    return ""


pytestmark = pytest.mark.skipif(bool(_why_no_browser()), reason=_why_no_browser() or "-")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the playground notebook: ``(url, token, folder)``."""
    folder = tmp_path_factory.mktemp("lab")
    work = folder / "course"
    work.mkdir()
    for name in (NOTEBOOK, DIAGRAM_NOTEBOOK, f"zh/{DIAGRAM_NOTEBOOK}"):
        (work / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / "notebooks" / name, work / name)  # no figures/ folder beside them
    # Every cell stays in the page, also those scrolled out of view; the notebook's kernel
    # starts without asking; no news or update checks (no requests to the internet).
    for plugin, values in [("notebook-extension/tracker",
                            {"windowingMode": "none", "autoStartDefaultKernel": True}),
                           ("apputils-extension/notification",
                            {"fetchNews": "false", "checkForUpdates": False})]:
        path = folder / "lab-settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    # The kernel imports this checkout and runs on this interpreter (child_env).
    env = child_env(NST_CACHE_DIR=str(folder / "cache"), MPLBACKEND="Agg",
                    JUPYTER_CONFIG_DIR=str(folder / "config"),
                    JUPYTER_RUNTIME_DIR=str(folder / "runtime"),
                    JUPYTERLAB_SETTINGS_DIR=str(folder / "lab-settings"),
                    JUPYTERLAB_WORKSPACES_DIR=str(folder / "workspaces"))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(folder / "jupyter.log", "wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n"
                                       + (folder / "jupyter.log").read_text()[-3000:]) from None
                time.sleep(0.5)
        yield url, token, work
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _png(locator) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(locator.screenshot())).convert("RGB"), np.float32)


def _differs(before: np.ndarray, after: np.ndarray, columns: slice) -> float:
    """Mean absolute difference (0-255) of two screenshots in a band of columns."""
    assert before.shape == after.shape, (before.shape, after.shape)
    return float(np.abs(before[:, columns] - after[:, columns]).mean())


@pytest.fixture
def page(tmp_path):
    """A page in headless Chromium with a fresh profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
            args=BROWSER_ARGS, viewport={"width": 1500, "height": 1000})
        page = browser.new_page()
        page.set_default_timeout(SECONDS * 1000)
        try:
            yield page
        finally:
            browser.close()


def test_playground_runs_and_stops_in_jupyterlab(lab, page, tmp_path):
    url, token, work = lab
    started = time.monotonic()
    try:
        _drive(page, url, token)
    except Exception:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        print(f"screenshot of the page: {tmp_path / 'failure.png'}")
        print("prompts:", page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts())
        raise
    assert list((work / "outputs").glob("*.png")), "the notebook's save cell wrote no file"
    print(f"browser test: {time.monotonic() - started:.0f} s")


def test_a_diagram_shows_from_its_attachment(lab, page):
    """Notebook 00 alone in a folder, as in Colab: the pipeline diagram still shows."""
    url, token, _ = lab
    width, height = PIL.Image.open(ROOT / "notebooks" / "figures" / "pipeline.png").size
    page.goto(f"{url}/lab/tree/{DIAGRAM_NOTEBOOK}?token={token}")
    image = page.locator(".jp-RenderedMarkdown img[alt^='The method']")
    image.wait_for()
    image.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete", arg=image.element_handle())
    natural = image.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
    assert natural == [width, height], f"the diagram did not load: {natural}"


def test_a_chinese_notebook_runs_and_speaks_chinese(lab, page, tmp_path):
    """The Chinese notebook 00: every cell runs, the profile line is Chinese, the diagram shows."""
    from nst_tutorial.base.zh import ZH

    url, token, _ = lab
    try:
        # reset: a workspace of its own, without the notebooks other tests left open
        _run_all_cells(page, f"{url}/lab/tree/zh/{DIAGRAM_NOTEBOOK}?token={token}&reset")
    except Exception:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        print(f"screenshot of the page: {tmp_path / 'failure.png'}")
        raise
    profile = next(zh for en, zh in ZH.items() if en.startswith("Profile: quick")).split("{")[0]
    outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
    assert any(profile in text for text in outputs), outputs[:3]
    width, height = PIL.Image.open(ROOT / "notebooks" / "figures" / "zh" / "pipeline.png").size
    image = page.locator(".jp-RenderedMarkdown img[alt^='方法示意']")
    image.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete", arg=image.element_handle())
    assert image.evaluate("(img) => [img.naturalWidth, img.naturalHeight]") == [width, height]


_T0 = [time.monotonic()]


def _log(what: str) -> None:
    print(f"  [{time.monotonic() - _T0[0]:5.1f} s] {what}")


def _run_all_cells(page, address: str) -> None:
    """Open the notebook at ``address``, run every cell from the Run menu, check none failed."""
    page.goto(address)
    page.locator(".jp-NotebookPanel .jp-CodeCell").first.wait_for()
    # The status bar says "Python 3 (ipykernel) | Idle" once the kernel is connected.
    page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\|\s*Idle")).wait_for()
    _log("notebook open, kernel idle")

    # Run every cell from the menu, as a learner would, and wait until the last has run.
    for attempt in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        try:  # a click that came before the notebook was quite ready queues nothing
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
                ".some(e => /\\[(\\*|\\d+)\\]/.test(e.textContent))", timeout=10_000)
            break
        except Exception:
            _log(f"Run All Cells queued nothing (try {attempt + 1})")
    page.wait_for_function(
        """() => {
            const p = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')];
            return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent));
        }""", timeout=2 * SECONDS * 1000)
    _log("all cells ran")
    errors = page.locator("[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, errors.first.inner_text()


def _drive(page, url: str, token: str) -> None:
    _T0[0] = time.monotonic()
    _run_all_cells(page, f"{url}/lab/tree/{NOTEBOOK}?token={token}")
    assert page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt").count() >= 5

    playground = page.locator(".nst-playground")
    playground.scroll_into_view_if_needed()
    status = page.locator(".nst-status")
    assert "Stopped at step" in status.inner_text()  # the notebook's own stopped run

    # Set the steps slider through its readout, as typing into it does.
    readout = page.locator(".nst-steps .widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(STEPS))
    page.keyboard.press("Enter")
    assert readout.inner_text().strip() == str(STEPS)

    picture, progress = page.locator(".nst-picture"), page.locator(".nst-progress")
    picture_before, progress_before = _png(picture), _png(progress)
    text_before = progress.inner_text()

    page.locator(".nst-run").click()
    page.wait_for_function(
        """([steps, least]) => {
            const m = document.querySelector('.nst-progress')?.textContent
                .match(new RegExp('(\\\\d+)/' + steps));
            return m && Number(m[1]) >= least;
        }""", arg=[STEPS, 9])
    _log("the run is under way")
    page.locator(".nst-stop").click()
    page.wait_for_function(
        "() => /Stopped at step/.test(document.querySelector('.nst-status').textContent)"
        " && !document.querySelector('.nst-run').disabled")

    text_after = progress.inner_text()
    done = int(re.search(rf"(\d+)/{STEPS}", text_after).group(1))
    assert 9 <= done < STEPS, text_after
    assert text_after != text_before
    assert f"Stopped at step {done};" in status.inner_text(), status.inner_text()

    picture_after, progress_after = _png(picture), _png(progress)
    width = picture_after.shape[1]
    # The live picture is the current image (left) beside the loss chart (right).
    image_change = _differs(picture_before, picture_after, slice(int(0.02 * width), int(0.38 * width)))
    chart_change = _differs(picture_before, picture_after, slice(int(0.50 * width), int(0.97 * width)))
    _log(f"stopped at step {done}; mean change of the image {image_change:.1f}, "
         f"of the chart {chart_change:.1f} (of 255)")
    if os.environ.get("NST_BROWSER_SHOTS"):  # a folder to keep pictures of the page in
        shots = Path(os.environ["NST_BROWSER_SHOTS"])
        shots.mkdir(parents=True, exist_ok=True)
        playground.screenshot(path=str(shots / "playground-after-stop.png"))
        PIL.Image.fromarray(picture_before.astype(np.uint8)).save(shots / "picture-before.png")
    assert image_change > 0.5, f"the image did not change ({image_change:.2f})"
    assert chart_change > 0.5, f"the loss chart did not change ({chart_change:.2f})"
    # The bar's text changed (above); its picture must too, where its size is unchanged.
    if progress_before.shape == progress_after.shape:
        assert _differs(progress_before, progress_after, slice(None)) > 0.1
