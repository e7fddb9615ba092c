"""An interactive playground: pick or upload two pictures, move sliders, press Run, watch.

::

    import nst_tutorial as nst
    from nst_tutorial.course.playground import Playground
    Playground()                         # the last line of a cell shows it

It uses only the core ``ipywidgets`` (dropdowns, sliders, buttons, a file
upload, images, a progress bar), so it works in JupyterLab, Jupyter Notebook,
VS Code and Colab. While a run goes on, the picture shows the current image
beside a chart of the losses by component (drawn by
:class:`~nst_tutorial.course.display.LiveDisplay`), and the bar counts steps and time
left. **Stop** ends the run after the current step and keeps the best image so
far; **Save** writes the result to a new file in ``outputs/``; the link under
it downloads the result to your computer.

Everything the buttons do can also be done in code (``run()``, ``stop()``,
``wait()``, ``save()``), which is how the tests drive it without a browser.
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import os
import re
import sys
import threading
import time
from pathlib import Path

import ipywidgets as widgets

from ..base.errors import ImageError, NSTError
from ..base.language import tr
from ..base.settings import settings
from ..runs import options
from ..runs.options import RunOptions
from ..runs.saving import save_image
from ..runs.weights import weights_note
from ..tutorial.images import load_img, tensor_to_image
from ..tutorial.losses import CONTENT_WEIGHT, STYLE_WEIGHT
from . import data
from .display import LiveDisplay

#: The tutorial's style/content balance, ``style_weight / content_weight = 1e-2 / 1e4``.
TUTORIAL_BALANCE = STYLE_WEIGHT / CONTENT_WEIGHT

#: The value of a picture dropdown that means "the file you uploaded".
UPLOADED = "__uploaded__"


def option_control(name: str, style: dict, layout) -> widgets.Widget:
    """The control of one run option, made from its description in :class:`RunOptions`.

    Its label, help and choices are shown in the language in force.
    """
    field = options.field_named(name)
    meta = field.metadata
    common = dict(value=field.default, description=tr(meta["label"]),
                  description_tooltip=tr(meta["help"]), style=style, layout=layout)
    if meta["choices"]:
        # (label, value) pairs: ipywidgets 8.0 refuses a dict of options.
        return widgets.Dropdown(options=[(f"{k}: {tr(v)}", k) for k, v in meta["choices"].items()],
                                **common)
    low, high, step = meta["slider"]
    return widgets.FloatSlider(min=low, max=high, step=step, readout_format=".3g", **common)


def _uploaded_file(upload: widgets.FileUpload) -> tuple[str, bytes] | None:
    """``(name, bytes)`` of the last file in a FileUpload, or ``None``.

    ipywidgets 8 keeps a tuple of dicts; ipywidgets 7 (still found in Colab)
    keeps a dict ``{name: {"content": bytes, ...}}``. Both are read.
    """
    value = upload.value
    if not value:
        return None
    if isinstance(value, dict):
        name, entry = list(value.items())[-1]
        return name, bytes(entry["content"])
    entry = value[-1]
    return entry["name"], bytes(entry["content"])


def _chosen(kind: str, choice: widgets.Dropdown, upload: widgets.FileUpload) -> tuple[str, bytes]:
    """``(name, file bytes)`` of the sample or upload that ``choice`` selects."""
    if choice.value == UPLOADED:
        file = _uploaded_file(upload)
        if file is None:
            raise ImageError(f"no {kind} image has been uploaded yet.")
        return file
    path = data.sample_path(choice.value)
    return path.name, path.read_bytes()


def _png(image) -> bytes:
    """``[1, H, W, 3]`` in [0, 1] -> PNG bytes."""
    buffer = io.BytesIO()
    tensor_to_image(image).save(buffer, format="PNG")
    return buffer.getvalue()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", Path(text).stem).strip("-")[:40] or "image"


class Playground:
    """The playground's widgets, its current run and its result.

    Args:
        size: starting value of the image size slider (default ``settings.max_dim``).
        steps: starting value of the steps slider (default: the profile's
            ``epochs x steps_per_epoch``: 1000, the tutorial's; 6 in quick mode).
        outputs: the folder :meth:`save` writes to.

    Attributes:
        run_state: the run (:class:`~nst_tutorial.runs.adam.StyleTransfer` or another) of the last run.
        live: its :class:`~nst_tutorial.course.display.LiveDisplay`.
        result: the result of the last run, ``[1, H, W, 3]`` in [0, 1]: the
            final image, or the best image so far when it was stopped.
        stopped: True when the last run was ended by Stop.
        error: the message of the error that ended the last run, or ``""``.
        widget: the whole playground, a ``VBox`` (a cell that ends with the
            playground shows it).

    Notebook 10 introduces this.
    """

    def __init__(self, *, size: int | None = None, steps: int | None = None,
                 outputs: str | os.PathLike = "outputs"):
        self.outputs = Path(outputs)
        self.run_state = self.job = self.live = self.result = None
        self.stopped = False
        self.error = ""
        self.saved: list[Path] = []
        self._names = {"content": "", "style": ""}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

        style = {"description_width": "9em"}
        wide = widgets.Layout(width="26em")
        self.content_choice, self.content_upload, self.content_preview = \
            self._picture_controls("content", data.FALLBACK[0])
        self.style_choice, self.style_upload, self.style_preview = \
            self._picture_controls("style", data.FALLBACK[1])
        self.balance = widgets.FloatLogSlider(
            value=TUTORIAL_BALANCE, base=10, min=-10, max=-2, step=0.25, readout_format=".0e",
            description=tr("style / content"), style=style, layout=wide)
        self.size = widgets.IntSlider(
            value=size or settings.max_dim, min=32, max=1024, step=16,
            description=tr("size (px)"), style=style, layout=wide)
        self.steps = widgets.IntSlider(
            value=steps or settings.epochs * settings.steps_per_epoch, min=1, max=3000,
            description=tr("steps"), style=style, layout=wide)
        # One control per run option that has a label (see nst_tutorial.runs.options).
        self.controls = {field.name: option_control(field.name, style, wide)
                         for field in options.fields() if field.metadata["label"]}
        self.tv_weight = self.controls["total_variation_weight"]
        self.optimizer, self.colors = self.controls["optimizer"], self.controls["colors"]
        self.coarse_to_fine = self.controls["coarse_to_fine"]
        self.run_button = widgets.Button(description=tr("Run"), icon="play",
                                         button_style="success")
        self.stop_button = widgets.Button(description=tr("Stop"), icon="stop",
                                          button_style="danger", disabled=True)
        self.save_button = widgets.Button(description=tr("Save"), icon="save", disabled=True,
                                          tooltip=tr("write the result to a new file in outputs/"))
        self.run_button.on_click(lambda _: self.run())
        self.stop_button.on_click(lambda _: self.stop())
        self.save_button.on_click(lambda _: self._save_clicked())

        self.progress = widgets.Box()  # the run's progress bar goes here
        self.picture = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.result_picture = widgets.Image(format="png", layout=widgets.Layout(max_width="16em"))
        self.status = widgets.HTML()
        self.download = widgets.HTML()
        pictures = widgets.HBox([
            widgets.VBox([widgets.HTML(f"<b>{tr('Content')}</b>"), self.content_choice,
                          self.content_upload, self.content_preview]),
            widgets.VBox([widgets.HTML(f"<b>{tr('Style')}</b>"), self.style_choice,
                          self.style_upload, self.style_preview]),
        ])
        settings_box = widgets.VBox([self.balance, self.size, self.steps,
                                     *self.controls.values(),
                                     widgets.HBox([self.run_button, self.stop_button])])
        self.widget = widgets.VBox([
            widgets.HBox([pictures, settings_box]),
            self.progress, self.picture, self.status,
            widgets.HBox([self.result_picture,
                          widgets.VBox([self.save_button, self.download])]),
        ])
        # CSS classes name the parts in the page (tests/clients/test_browser.py finds them by these).
        for part, name in [(self.widget, "playground"), (self.run_button, "run"),
                           (self.stop_button, "stop"), (self.steps, "steps"),
                           (self.progress, "progress"), (self.picture, "picture"),
                           (self.status, "status")]:
            part.add_class(f"nst-{name}")
        self._say(tr("Ready. {weights}", weights=self._weights_line()))

    # -- the controls ---------------------------------------------------------------
    def _picture_controls(self, kind: str, default: str):
        names = data.sample_names(kind)
        choice = widgets.Dropdown(options=[(n, n) for n in names],
                                  value=default if default in names else names[0],
                                  layout=widgets.Layout(width="14em"))
        upload = widgets.FileUpload(accept="image/*", multiple=False,
                                    description=tr("Upload content") if kind == "content"
                                    else tr("Upload style"),
                                    layout=widgets.Layout(width="14em"))
        preview = widgets.Image(layout=widgets.Layout(width="14em"))

        def show(_=None):
            try:
                preview.value = _chosen(kind, choice, upload)[1]
            except (ImageError, OSError):
                preview.value = b""

        def uploaded(_):
            file = _uploaded_file(upload)
            if file is None:
                return
            options = [o for o in choice.options if o[1] != UPLOADED]
            choice.options = options + [(tr("uploaded: {name}", name=file[0]), UPLOADED)]
            choice.value = UPLOADED

        choice.observe(show, names="value")
        upload.observe(uploaded, names="value")
        show()
        return choice, upload, preview

    def _picture_bytes(self, kind: str) -> tuple[str, bytes]:
        """``(name, file bytes)`` of the content or style picture currently chosen."""
        if kind == "content":
            return _chosen(kind, self.content_choice, self.content_upload)
        return _chosen(kind, self.style_choice, self.style_upload)

    def _weights_line(self) -> str:
        note = weights_note()
        return f'<span style="color:firebrick">{html.escape(note)}</span>' if note else ""

    def _say(self, message: str, error: bool = False) -> None:
        colour = "firebrick" if error else "inherit"
        self.status.value = f'<span style="color:{colour}">{message}</span>'

    # -- running --------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def run(self, wait: bool = False) -> "Playground":
        """Start a run with the current settings (what Run does); ``wait=True`` blocks until done.

        The optimisation runs in a background thread. A button's click handler
        runs in the kernel's main thread, and a kernel busy in a long loop
        cannot take the next message, so a Stop click would wait until the run
        was over. With the run in a thread, the kernel stays free: it takes the
        Stop click at once, and the thread sees it after the current step.
        Widgets may be updated from any thread (ipywidgets sends the changes
        through the kernel's thread-safe output channel), in JupyterLab and
        in Colab alike. Stepping in chunks with the kernel processing events
        in between would need private kernel APIs that differ by version.
        """
        if self.running:
            return self
        try:
            params = {
                "content": self._picture_bytes("content"),
                "style": self._picture_bytes("style"),
                "size": int(self.size.value),
                "steps": int(self.steps.value),
                "options": RunOptions(
                    **{name: control.value for name, control in self.controls.items()},
                    style_weight=float(self.balance.value) * CONTENT_WEIGHT,
                    content_weight=CONTENT_WEIGHT),
            }
        except NSTError as e:
            self.error = str(e)
            self._say(html.escape(str(e)), error=True)
            return self
        self._stop.clear()
        self.stopped, self.error = False, ""
        self.run_state = self.job = self.live = self.result = None
        self.run_button.disabled, self.stop_button.disabled = True, False
        self.save_button.disabled = True
        self._say(tr("Starting: loading the pictures and VGG19... {weights}",
                     weights=self._weights_line()))
        self._thread = threading.Thread(target=self._work, args=(params,), daemon=True,
                                        name="nst-playground")
        self._thread.start()
        if wait:
            self.wait()
        return self

    def stop(self) -> None:
        """Ask the run to stop after its current step (what Stop does)."""
        if self.running:
            self._stop.set()
            self._say(tr("Stopping after this step..."))

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the run is over (or ``timeout`` seconds pass); True when it is over."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def wait_for_steps(self, steps: int, timeout: float = 600) -> bool:
        """Block until the run has taken ``steps`` steps, or is over; True when it took them.

        What a person does by watching the progress bar before pressing Stop.
        Raises :class:`TimeoutError` when ``timeout`` seconds pass first.
        """
        deadline = time.monotonic() + timeout
        while self.running and (self.live is None or self.live.steps < steps):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the run has not taken {steps} steps in {timeout:g} seconds")
            time.sleep(0.05)
        return self.live is not None and self.live.steps >= steps

    def _work(self, params: dict) -> None:
        """The background thread: build the run, step it, show the result."""
        from tqdm.notebook import tqdm as notebook_tqdm

        try:
            (content_name, content_bytes), (style_name, style_bytes) = \
                params["content"], params["style"]
            content = load_img(content_bytes, max_dim=params["size"], name=content_name)
            style = load_img(style_bytes, max_dim=params["size"], name=style_name)
            self._names = {"content": content_name, "style": style_name}
            steps = params["steps"]
            job = params["options"].start(content, [style], steps)
            self.job, self.run_state = job, job.levels[-1] if job.levels else job.transfer
            # tqdm's notebook bar, placed in the playground rather than in a cell output.
            live = LiveDisplay(steps, live=True, target=self.picture, tqdm_class=notebook_tqdm,
                               display=False, description=tr("step"))
            self.live = live
            self.progress.children = (live.bar.container,)
            self._say(tr("Running {steps} steps on {content} in the style of {style}. {weights}",
                         steps=steps, content=html.escape(content_name),
                         style=html.escape(style_name), weights=self._weights_line()))

            def callback(r) -> None:
                live(r)
                if self._stop.is_set():
                    raise KeyboardInterrupt  # StyleTransfer.run keeps the best image

            job.optimise(callback)
            live.close()
            self.run_state = job.levels[-1]
            self.stopped = job.interrupted
            self.result = job.result()
            self._show_result()
        except NSTError as e:
            self.error = str(e)
            self._say(html.escape(str(e)), error=True)
        except Exception as e:  # a thread's exception would otherwise vanish silently
            self.error = f"{type(e).__name__}: {e}"
            self._say(html.escape(self.error), error=True)
        finally:
            self.run_button.disabled, self.stop_button.disabled = False, True

    def _show_result(self) -> None:
        job = self.job
        png = _png(self.result)
        self.result_picture.value = png
        name = f"{_slug(self._names['content'])}-{_slug(self._names['style'])}.png"
        link = base64.b64encode(png).decode("ascii")
        self.download.value = (f'<a download="{name}" href="data:image/png;base64,{link}">'
                               f"{tr('Download {name}', name=name)}</a>")
        self.save_button.disabled = False
        if self.stopped:
            what = tr("Stopped at step {step}; kept the best image so far (loss {loss:.4g}).",
                      step=job.step_count(), loss=job.best_loss())
        else:
            what = tr("Done: {steps} steps, final loss {loss:.4g}.", steps=job.step_count(),
                      loss=job.final_loss())
        self._say(f"{what} {self._weights_line()}")

    # -- saving -------------------------------------------------------------------
    def save(self, folder: str | os.PathLike | None = None) -> Path:
        """Write the result to a new PNG file in ``folder`` (default ``outputs/``) and return it.

        The name is ``<content>-<style>-<date>-<n>.png`` with the first free
        ``n``: an existing file, an input in particular, is never replaced. The
        file is written to a temporary name and then renamed.
        """
        if self.result is None:
            raise ImageError("there is no result to save yet; press Run first.")
        folder = Path(folder) if folder is not None else self.outputs
        folder.mkdir(parents=True, exist_ok=True)
        stem = (f"{_slug(self._names['content'])}-{_slug(self._names['style'])}-"
                f"{datetime.date.today():%Y%m%d}")
        n = 1
        while True:
            path = folder / f"{stem}-{n}.png"
            try:
                with open(path, "xb"):  # claim the name; nobody else can take it now
                    pass
                break
            except FileExistsError:
                n += 1
        save_image(self.result, path)
        self.saved.append(path)
        return path

    def _save_clicked(self) -> None:
        try:
            path = self.save()
        except (NSTError, OSError) as e:
            self._say(html.escape(str(e)), error=True)
            return
        self._say(tr("Saved {path}. {weights}", path=html.escape(str(path)),
                     weights=self._weights_line()))
        if "google.colab" in sys.modules:
            from google.colab import files  # sends the file to the browser's downloads

            files.download(str(path))

    # -- showing --------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        state = "running" if self.running else ("stopped" if self.stopped else "idle")
        return f"Playground({state}, last run: {self.run_state!r})"
