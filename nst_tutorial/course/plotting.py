"""Pictures of what happens inside VGG19: feature maps, Gram heat maps, statistics tables.

The notebooks call these so that each picture takes one line there::

    acts = dict(zip(layers, model(nst.preprocess(image))))
    nst.plotting.print_layer_stats(acts)              # shape, min, max, mean per layer
    nst.plotting.show_feature_maps(acts, channels=6)  # one row of pictures per layer
    nst.plotting.show_grams({n: nst.gram_matrix(a) for n, a in acts.items()})

Every ``show_*`` function draws one figure. With ``show=True`` (the default) it
displays the figure and returns ``None``, so a notebook cell shows it once; with
``show=False`` it returns the :class:`matplotlib.figure.Figure` to change or save.
Each one writes :func:`~nst_tutorial.runs.weights.weights_note` under its figure
by itself (it is empty with real weights); pass ``note=""`` for none, or your own
text. :func:`show_figure` does the same for a figure you drew yourself.
matplotlib is imported only when something is drawn. The titles and labels
these functions write themselves are in the language in force
(``NST_LANG``); with Chinese, :func:`use_language_fonts` picks a font that has
its characters.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Mapping, Sequence

import numpy as np

from ..base.errors import SettingsError
from ..base.language import pad, tr, width, wrap
from ..base.settings import settings
from ..runs.weights import weights_note
from ..tutorial.images import imshow


#: Fonts with Chinese characters, as Linux (Noto, WenQuanYi), Windows and macOS name them.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC")


def use_language_fonts() -> bool:
    """With Chinese in force, put the Chinese fonts this machine has first in matplotlib's list.

    Without any, Chinese characters are drawn as boxes, without matplotlib's
    warning for each missing one, and this returns False (the setup cell then
    says how to install one). With English this does nothing and returns True.
    """
    if settings.lang != "zh":
        return True
    import matplotlib

    found = chinese_fonts()
    rc = matplotlib.rcParams
    rc["font.sans-serif"] = [*found, *(f for f in rc["font.sans-serif"] if f not in found)]
    if found:
        rc["axes.unicode_minus"] = False  # some of these fonts have no "−": use "-"
    warnings.filterwarnings("ignore", message="Glyph .* missing from")
    return bool(found)


@functools.cache
def chinese_fonts() -> tuple[str, ...]:
    """The fonts of :data:`CJK_FONTS` that matplotlib can use here (looked for once).

    matplotlib keeps a list of this machine's fonts from its first run: fonts
    installed since (``apt install fonts-noto-cjk`` in Colab) are added to it.
    """
    from matplotlib import font_manager

    have = {font.name for font in font_manager.fontManager.ttflist}
    if not have & set(CJK_FONTS):
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "wqy" in path:
                font_manager.fontManager.addfont(path)
        have = {font.name for font in font_manager.fontManager.ttflist}
    return tuple(name for name in CJK_FONTS if name in have)


def _as_dict(activations, layer_names: Sequence[str] | None) -> dict[str, np.ndarray]:
    """``{name: array}`` from a mapping, or from a list of tensors plus their names."""
    if isinstance(activations, Mapping):
        names = list(activations) if layer_names is None else list(layer_names)
        return {name: np.asarray(activations[name]) for name in names}
    arrays = [np.asarray(a) for a in activations]
    if layer_names is None:
        layer_names = [tr("output {i}", i=i) for i in range(len(arrays))]
    if len(layer_names) != len(arrays):
        raise SettingsError(
            f"{len(arrays)} activations but {len(layer_names)} layer names; give one name each."
        )
    return dict(zip(layer_names, arrays))


def layer_stats(outputs, layer_names: Sequence[str] | None = None) -> list[dict]:
    """Shape, min, max and mean of each output, as the tutorial prints them.

    ``outputs`` is ``{layer: tensor}`` or a list of tensors with ``layer_names``.
    Returns one dict per layer: ``{"layer", "shape", "min", "max", "mean"}``
    (shape a tuple, the rest Python floats).
    """
    rows = []
    for name, arr in _as_dict(outputs, layer_names).items():
        rows.append({
            "layer": name, "shape": tuple(arr.shape),
            "min": float(arr.min()), "max": float(arr.max()), "mean": float(arr.mean()),
        })
    return rows


def print_layer_stats(outputs, layer_names: Sequence[str] | None = None,
                      title: str | None = None, note: str | None = None) -> None:
    """Print :func:`layer_stats` as a table, one line per layer (notebooks 03 and 05).

    ``note`` is printed under the table; by default the weights note, which
    says so when the network has random weights (``""`` for none).
    """
    rows = layer_stats(outputs, layer_names)
    layer = tr("layer")
    columns = max([width(layer)] + [width(r["layer"]) for r in rows])
    if title:
        print(title)
    print(f"{pad(layer, columns)}  {pad(tr('shape'), 22)} {pad(tr('min'), 11, '>')} "
          f"{pad(tr('max'), 11, '>')} {pad(tr('mean'), 11, '>')}")
    for r in rows:
        shape = str(r["shape"])
        print(f"{pad(r['layer'], columns)}  {shape:<22} {r['min']:>11.4g} {r['max']:>11.4g} "
              f"{r['mean']:>11.4g}")
    note = weights_note() if note is None else note
    if note:
        print(note)


def most_active_channels(activation, n: int) -> list[int]:
    """The ``n`` channels of ``[1, h, w, C]`` (or ``[h, w, C]``) with the largest mean activation.

    Many ReLU channels are zero almost everywhere for a given image; these are
    the ones worth looking at. Ties keep the lower channel index first.
    """
    arr = np.asarray(activation)
    means = arr.reshape(-1, arr.shape[-1]).mean(axis=0)
    return [int(c) for c in np.argsort(-means, kind="stable")[:n]]


def show_feature_maps(activations, layer_names: Sequence[str] | None = None,
                      channels: int | Sequence[int] = 6, *, size: float = 1.6,
                      note: str | None = None, show: bool = True):
    """Show feature maps as grey-scale pictures: one row per layer, one column per channel.

    ``activations`` is ``{layer: [1, h, w, C]}`` or a list of ``[1, h, w, C]``
    tensors with ``layer_names``. ``channels`` is a number ``n`` (each row shows
    that layer's ``n`` most active channels, see :func:`most_active_channels`)
    or a list of channel indices shown for every layer. Each picture has its own
    colour scale: bright = strong activation, dark = none. ``note`` is written
    under the figure (by default the weights note). Notebook 03 introduces this.
    """
    import matplotlib.pyplot as plt

    note = weights_note() if note is None else note
    acts = _as_dict(activations, layer_names)
    for name, arr in acts.items():
        if arr.ndim != 4 or arr.shape[0] != 1:
            raise SettingsError(f"{name}: expected activations of shape [1, h, w, C], got {list(arr.shape)}.")
    if isinstance(channels, int):
        picks = {name: most_active_channels(arr, channels) for name, arr in acts.items()}
    else:
        picks = {name: [int(c) for c in channels] for name in acts}
        for name, arr in acts.items():
            bad = [c for c in picks[name] if not 0 <= c < arr.shape[-1]]
            if bad:
                raise SettingsError(f"{name}: channel(s) {bad} do not exist; it has {arr.shape[-1]}.")
    cols = max(len(p) for p in picks.values())
    aspect = max(arr.shape[1] / arr.shape[2] for arr in acts.values())  # height / width
    row_height = size * min(max(aspect, 0.5), 1.5) + 0.35                # + the titles
    fig, axes = plt.subplots(len(acts), cols, squeeze=False,
                             figsize=(size * cols, row_height * len(acts) + (0.4 if note else 0)))
    for row, (name, arr) in zip(axes, acts.items()):
        for ax in row:
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_frame_on(False)
        for ax, c in zip(row, picks[name]):
            ax.imshow(arr[0, :, :, c], cmap="gray")
            ax.set_title(tr("channel {c}", c=c), fontsize=8)
        row[0].set_ylabel(f"{name}\n{arr.shape[1]}x{arr.shape[2]}", fontsize=9)
    _layout(fig, note)
    return _finish(fig, show)


def show_grams(grams: Mapping, channels: int | None = 64, *, size: float = 3.4,
               note: str | None = None, show: bool = True):
    """Show Gram matrices as heat maps, side by side.

    ``grams`` is ``{title: [1, C, C] or [C, C]}``. Only the first ``channels``
    channels are drawn (all of them with ``None``): a 512 x 512 matrix has more
    cells than a figure has pixels. Cell ``(c, d)`` is how strongly channels
    ``c`` and ``d`` fire together; the diagonal is each channel's mean square.
    Notebook 04 introduces this.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(grams), figsize=(size * len(grams), size), squeeze=False)
    for ax, (title, gram) in zip(axes[0], grams.items()):
        g = np.asarray(gram)
        g = g[0] if g.ndim == 3 else g
        if g.ndim != 2 or g.shape[0] != g.shape[1]:
            raise SettingsError(f"{title}: a Gram matrix is [1, C, C] or [C, C], got {list(np.shape(gram))}.")
        n = g.shape[0] if channels is None else min(channels, g.shape[0])
        im = ax.imshow(g[:n, :n], cmap="magma")
        shown = tr("{n} of {all} channels", n=n, all=g.shape[0]) if n < g.shape[0] else \
            tr("{n} channels", n=n)
        ax.set_title(f"{title}\n{shown}", fontsize=9)
        ax.set_xlabel(tr("channel d"), fontsize=8)
        ax.set_ylabel(tr("channel c"), fontsize=8)
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    _layout(fig, note)
    return _finish(fig, show)


GRAM_TITLE = "Gram matrix"


def show_gram(gram, title: str = GRAM_TITLE, channels: int | None = 64, **kwargs):
    """One Gram matrix ``[1, C, C]`` or ``[C, C]`` as a heat map (see :func:`show_grams`).

    The default title is in the language in force.
    """
    title = tr(GRAM_TITLE) if title == GRAM_TITLE else title
    return show_grams({title: gram}, channels, **kwargs)


def compare_bars(series: Mapping[str, Mapping[str, float]], *, ylabel: str = "",
                 title: str = "", percent: bool = False, note: str | None = None,
                 show: bool = True):
    """Grouped bar chart: ``{series name: {group (e.g. a layer): value}}``.

    Every series should have the same groups; they form the x axis in the order
    of the first series. ``percent=True`` labels values (fractions) as percentages.
    Notebook 04 introduces this.
    """
    import matplotlib.pyplot as plt

    groups = list(next(iter(series.values())))
    x = np.arange(len(groups))
    width = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.3 * len(groups)), 3.6))
    for i, (label, values) in enumerate(series.items()):
        heights = [values[g] * (100 if percent else 1) for g in groups]
        bars = ax.bar(x + (i - (len(series) - 1) / 2) * width, heights, width, label=label)
        ax.bar_label(bars, fmt="%.0f%%" if percent else "%.3g", fontsize=8)
    ax.set_xticks(x, groups, rotation=0, fontsize=8)
    ax.set_ylabel(ylabel + (" (%)" if percent and ylabel else ""))
    ax.set_title(title)
    top = max(v * (100 if percent else 1) for values in series.values() for v in values.values())
    ax.set_ylim(0, top * 1.3 if top > 0 else 1)  # room for the legend above the bars
    # ncol, not ncols: matplotlib before 3.6 knows only ncol, and later ones still accept it.
    ax.legend(loc="upper center", ncol=len(series), fontsize=8, frameon=False)
    _layout(fig, note)
    return _finish(fig, show)


def show_figure(fig, *, note: str | None = None, show: bool = True):
    """Finish a figure you drew yourself as the ``show_*`` functions finish theirs.

    Writes ``note`` under it (by default the weights note, empty with real
    weights), tightens the layout, then shows and closes it (returns ``None``),
    or returns it unshown with ``show=False``. Notebook 06 introduces this.
    """
    _layout(fig, note)
    return _finish(fig, show)


def _layout(fig, note: str | None) -> None:
    """Tighten the layout, keeping a strip about 0.4 inch high for ``note`` at the bottom.

    ``note=None`` means the weights note (empty with real weights).
    """
    use_language_fonts()
    note = _cut(fig, weights_note() if note is None else note)
    bottom = 0.0
    if note:
        fig.text(0.5, 0.005, note, ha="center", va="bottom", fontsize=9, color="firebrick",
                 wrap=True)
        bottom = min(0.3, 0.4 / fig.get_figheight())
    fig.tight_layout(rect=(0, bottom, 1, 1))


def _cut(fig, note: str) -> str:
    """A note with Chinese in lines that fit ``fig``: matplotlib's ``wrap`` cuts only at spaces."""
    if width(note) == len(note):  # no Chinese: matplotlib's wrap does it
        return note
    return "\n".join(wrap(note, int(fig.get_figwidth() * 14)))  # 14 columns of 9 pt an inch


def _finish(fig, show: bool):
    """Display and close ``fig`` (return ``None``), or hand it back unshown."""
    if not show:
        return fig
    import matplotlib.pyplot as plt

    plt.show()
    plt.close(fig)
    return None


def show_images(images, titles=None, *, size: float = 4.0, note: str | None = None,
                show: bool = True):
    """Show several images side by side, each with its title.

    ``images`` is a list (or a ``{title: image}`` dict). ``note`` is printed
    under the row; by default it is :func:`weights_note`, so results made with
    random weights say so there by themselves (``note=""`` for none).
    Returns ``None`` once the figure is shown (so Jupyter does not draw it a
    second time), or the figure itself with ``show=False``. Notebook 01
    introduces this.
    """
    import matplotlib.pyplot as plt

    use_language_fonts()
    if isinstance(images, dict):
        titles, images = list(images), list(images.values())
    titles = list(titles) if titles is not None else [None] * len(images)
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size), squeeze=False)
    for ax, img, title in zip(axes[0], images, titles):
        imshow(img, title, ax=ax)
    note = _cut(fig, weights_note() if note is None else note)
    if note:
        fig.text(0.5, 0.01, note, ha="center", va="bottom", fontsize=9, color="firebrick")
    plt.tight_layout()
    if not show:
        return fig
    plt.show()
    return None
