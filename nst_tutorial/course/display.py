"""Watching a run: a live picture, a loss chart and a progress bar; loss curves afterwards.

:class:`LiveDisplay` is a callback for :meth:`StyleTransfer.run`::

    live = LiveDisplay(total_steps=1000)
    with live:                      # closes the bar and draws the last state at the end
        transfer.run(1000, callback=live)
    plot_losses(transfer)           # the loss of each component against the step

In a notebook (JupyterLab, Colab, VS Code) it shows a progress bar (steps, the
current loss, time left) and one picture that it redraws every ``every`` steps:
the current image beside a chart of the losses, log scale, by component.
Elsewhere (a terminal, a script) it is a plain progress bar. Drawing costs time,
so it redraws only every ``every`` steps (by default 20 times in a run).

With random weights (``NST_WEIGHTS=random``) the bar and the picture say so.
Their words are in the language in force (``NST_LANG``); titles you pass stay
as you wrote them.
"""

from __future__ import annotations

import io
import time
from collections.abc import Mapping, Sequence

import numpy as np

from ..base.errors import SettingsError
from ..base.language import tr, wrap
from ..runs.weights import weights_note
from .plotting import use_language_fonts

#: The loss components drawn by default, in this order.
COMPONENTS = ("content", "style", "total_variation", "total")

#: Resolution of the live picture (a 10 x 4 inch figure: 720 x 288 pixels).
DPI = 72

#: How the components are named in legends (in English; shown in the language in force).
LABELS = {"content": "content", "style": "style",
          "total_variation": "total variation", "total": "total"}

#: The default title of :func:`plot_losses`, and text of :class:`LiveDisplay`'s bar.
LOSS_TITLE = "Loss by component"
DESCRIPTION = "Style transfer"


def in_notebook() -> bool:
    """True when running in a Jupyter kernel (JupyterLab, Notebook, Colab, VS Code)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def loss_columns(source) -> dict[str, np.ndarray]:
    """The losses of a run as ``{component: values over steps}``.

    ``source`` is a :class:`StyleTransfer` (its ``history``), a list of
    per-step dicts like ``run.history``, or a dict of arrays like ``run.losses``.
    """
    if hasattr(source, "history"):
        source = source.history
    if isinstance(source, Mapping):
        return {k: np.asarray(v, dtype=np.float64) for k, v in source.items()}
    rows = list(source)
    if not rows:
        return {}
    return {k: np.array([row[k] for row in rows], dtype=np.float64) for k in rows[0]}


def _wrap(note: str, width: int) -> str:
    return "\n".join(wrap(note, width))


def plot_losses(source, ax=None, *, components: Sequence[str] | None = None, x: str = "step",
                log: bool = True, title: str | None = LOSS_TITLE, note: str | None = None):
    """Draw the loss curves of a run, one line per component, and return the axes.

    Args:
        source: a :class:`StyleTransfer`, its ``history`` or its ``losses``.
        ax: the matplotlib axes to draw on (default: a new figure).
        components: which columns to draw. The default is ``content``, ``style``,
            ``total_variation`` and ``total``, leaving out any that is zero all
            along (total variation with weight 0). Pass e.g. the
            ``style/<layer>`` names to see each style layer's share.
        x: ``"step"`` or ``"time"`` (seconds of optimisation, as in ``history``).
        log: a log scale for the losses, which span several orders of magnitude.
            Values of 0 (or below) are left out of a log chart.
        title: the chart's title; the default one is in the language in force.
        note: a line under the chart; by default :func:`weights_note` (empty with
            real weights). Pass ``""`` for none.

    The losses are the weighted ones the optimizer sees, of the image before each step.

    Notebook 06 introduces this.
    """
    columns = loss_columns(source)
    if not columns:
        raise SettingsError("plot_losses: the run has no history yet; run some steps first.")
    if x not in columns:
        raise SettingsError(f"plot_losses: x={x!r} is not in the history; use 'step' or 'time'.")
    if components is None:
        components = [c for c in COMPONENTS if c in columns and np.any(columns[c] != 0)]
    missing = [c for c in components if c not in columns]
    if missing:
        raise SettingsError(f"plot_losses: no component {missing} in the history; "
                         f"it has {sorted(k for k in columns if k not in ('step', 'time'))}.")
    use_language_fonts()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    for name in components:
        values = columns[name]
        if log:  # a log scale has no place for 0 (the content loss of the first step)
            values = np.where(values > 0, values, np.nan)
        ax.plot(columns[x], values, label=tr(LABELS[name]) if name in LABELS else name,
                linewidth=2.5 if name == "total" else 1.5)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(tr("step") if x == "step" else tr("time (s)"))
    ax.set_ylabel(tr("weighted loss"))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(tr(LOSS_TITLE) if title == LOSS_TITLE else title)
    note = weights_note() if note is None else note
    if note:
        ax.text(0.5, -0.16, _wrap(note, 80), transform=ax.transAxes, ha="center", va="top",
                fontsize=8, color="firebrick")
    return ax


class LiveDisplay:
    """A callback for ``StyleTransfer.run``: progress bar, live image and loss chart.

    Args:
        total_steps: the number of steps (callback calls) the bar counts to. For
            several calls of ``run.run`` (epochs), the sum of their steps.
        every: redraw the picture every this many steps (and at the end);
            default ``max(2, total_steps // 20)``: about 20 pictures in a run.
        live: draw the picture. Default: only in a notebook.
        components: the loss components in the chart (see :func:`plot_losses`).
        target: where to show the picture: an ``ipywidgets.Image`` widget (its
            ``value`` is set to PNG bytes), or ``None`` for an output of the
            current notebook cell.
        description: the text in front of the progress bar (by default "Style
            transfer", in the language in force).
        note: a warning shown with the picture; default :func:`weights_note`.
        tqdm_class: the progress bar class; default ``tqdm.auto.tqdm`` (the
            notebook bar in a notebook). The playground passes
            ``tqdm.notebook.tqdm`` with ``display=False`` to place the bar itself.
        **tqdm_kwargs: passed on to ``tqdm`` (``file``, ``disable``, ...).

    Attributes:
        steps: the callback calls so far; ``bar``: the ``tqdm`` progress bar;
        refreshes: how many times the picture was redrawn; ``figure``,
        ``image_ax``, ``loss_ax``: the matplotlib picture (``None`` until the
        first redraw, and always when not ``live``); ``draw_seconds``: time spent
        drawing, to compare with the run's own time.

    Notebook 06 introduces this.
    """

    def __init__(self, total_steps: int, *, every: int | None = None, live: bool | None = None,
                 components: Sequence[str] | None = None, target=None,
                 description: str = DESCRIPTION, note: str | None = None,
                 tqdm_class=None, **tqdm_kwargs):
        from tqdm.auto import tqdm

        tqdm = tqdm_class or tqdm

        self.total_steps = int(total_steps)
        if self.total_steps < 1:
            raise SettingsError(f"LiveDisplay: total_steps={total_steps!r}; it must be at least 1.")
        self.every = max(2, self.total_steps // 20) if every is None else int(every)
        if self.every < 1:
            raise SettingsError(f"LiveDisplay: every={every!r}; it must be at least 1.")
        self.live = in_notebook() if live is None else bool(live)
        self.components = components
        self.target = target
        self.note = weights_note() if note is None else note
        if description == DESCRIPTION:
            description = tr(DESCRIPTION)
        if self.note:
            description += tr(" [RANDOM weights]")
        self.steps = 0
        self.refreshes = 0
        self.draw_seconds = 0.0
        self.figure = self.image_ax = self.loss_ax = None
        self.closed = False
        self._run = None
        self._drawn_step = None
        self._handle = None
        self.bar = tqdm(total=self.total_steps, desc=description, unit="step", **tqdm_kwargs)

    def __call__(self, run) -> None:
        """Record one step of ``run``; redraw every ``every`` steps; close after the last."""
        self._run = run
        self.steps += 1
        if self.closed:
            return
        if run.history:
            self.bar.set_postfix(loss=f"{run.history[-1]['total']:.4g}", refresh=False)
        self.bar.update(1)
        if self.live and (self.steps % self.every == 0 or self.steps == self.total_steps):
            self.refresh()
        if self.steps == self.total_steps:
            self.close()

    # -- drawing ------------------------------------------------------------
    def _make_figure(self):
        from matplotlib.figure import Figure

        # A bare Figure (not pyplot): the notebook does not show it again at the end of the
        # cell. Fixed margins rather than a layout engine: a redraw costs half as much.
        use_language_fonts()
        fig = Figure(figsize=(10, 4))
        self.image_ax, self.loss_ax = fig.subplots(1, 2, gridspec_kw={
            "width_ratios": [1, 1.3], "left": 0.01, "right": 0.98, "bottom": 0.12,
            "top": 0.82 if self.note else 0.91, "wspace": 0.18})
        if self.note:
            fig.suptitle(_wrap(self.note, 110), fontsize=9, color="firebrick")
        self.figure = fig

    def refresh(self) -> None:
        """Redraw the picture now with the run's current image and losses."""
        run = self._run
        if run is None:
            return
        t0 = time.perf_counter()
        if self.figure is None:
            self._make_figure()
        image = np.clip(np.asarray(run.image, dtype=np.float32)[0], 0.0, 1.0)
        if self.image_ax.images:
            self.image_ax.images[0].set_data(image)
        else:
            self.image_ax.imshow(image)
            self.image_ax.axis("off")
        self.image_ax.set_title(tr("step {n}", n=run.step_count))
        self.loss_ax.clear()
        if run.history:
            plot_losses(run, ax=self.loss_ax, components=self.components, note="")
        self._publish()
        self.refreshes += 1
        self._drawn_step = run.step_count
        self.draw_seconds += time.perf_counter() - t0

    def png(self) -> bytes:
        """The current picture as PNG bytes (empty before the first redraw)."""
        if self.figure is None:
            return b""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()

    def _publish(self) -> None:
        if self.target is not None:
            self.target.value = self.png()
            return
        try:
            from IPython.core.interactiveshell import InteractiveShell
        except ImportError:
            return
        if not InteractiveShell.initialized():
            return  # no notebook to show it in; the figure is still there to read
        from IPython.display import Image, display

        picture = Image(data=self.png(), format="png")
        if self._handle is None:
            self._handle = display(picture, display_id=True)
        else:
            self._handle.update(picture)

    # -- finishing ----------------------------------------------------------
    def close(self) -> None:
        """Draw the final state (if not drawn yet) and close the progress bar."""
        if self.closed:
            return
        if self.live and self._run is not None and self._drawn_step != self._run.step_count:
            self.refresh()
        self.bar.close()
        self.closed = True

    def __enter__(self) -> LiveDisplay:  # noqa: PYI034 (Self needs Python 3.11)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"LiveDisplay({self.steps}/{self.total_steps} steps, every {self.every}, "
                f"{'live' if self.live else 'bar only'}, {self.refreshes} redraws)")
