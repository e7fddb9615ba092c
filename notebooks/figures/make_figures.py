"""Draw the course's four diagrams into this folder, as small PNG files.

* ``pipeline.png``: the images, VGG19, the losses, the gradient and the update loop;
* ``vgg19_layers.png``: VGG19's five blocks, with the style and content layers marked;
* ``receptive_field.png``: how stacked 3 x 3 convolutions and 2 x 2 pooling widen
  the patch of the input that one unit sees;
* ``gradient_descent.png``: gradient descent on a loss of one variable.

Run from the repository root (matplotlib, NumPy and Pillow are all it needs)::

    python notebooks/figures/make_figures.py            # writes notebooks/figures/*.png
    python notebooks/figures/make_figures.py --out DIR  # somewhere else
    python notebooks/figures/make_figures.py --lang zh  # Chinese labels, notebooks/figures/zh/

The Chinese diagrams need a font with Chinese characters (Noto Sans CJK SC:
``apt install fonts-noto-cjk`` on Debian and Ubuntu, ``brew install --cask
font-noto-sans-cjk-sc`` on macOS; Microsoft YaHei on Windows); the script says
so when none is installed. The Chinese notebooks are built with them by
``python -m nst_tutorial.tools.translations --build``.

Written here, the diagrams are also put into the notebooks that show them, as
attachments of the markdown cells (``![...](attachment:pipeline.png)``): a
notebook then carries its pictures with it, and they show where the folder is
not beside it (Colab, a notebook sent on its own).

Every number drawn is computed here (receptive fields, gradient steps) or is
VGG19's architecture, which ``tests/notebooks/test_figures.py`` checks against Keras. A
different matplotlib or FreeType may draw the text a little differently.
They are released under CC0 1.0 by the nst-tutorial project.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle  # noqa: E402
from PIL import Image  # noqa: E402

HERE = Path(__file__).resolve().parent
DPI = 100

#: VGG19 (Simonyan and Zisserman 2014, configuration E): (channels, 3 x 3 convolutions) per
#: block, each block ending in a 2 x 2 max pooling of stride 2; then the classifier.
BLOCKS = [(64, 2), (128, 2), (256, 4), (512, 4), (512, 4)]
CLASSIFIER = [("fc1", 4096), ("fc2", 4096), ("predictions", 1000)]
#: The tutorial's choice of layers (nst_tutorial.STYLE_LAYERS and CONTENT_LAYERS).
STYLE_LAYERS = ["block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1"]
CONTENT_LAYERS = ["block5_conv2"]

STYLE_COLOUR, CONTENT_COLOUR = "#e07b00", "#1f5fbf"

#: The labels in Chinese, by their English text (terms as in docs/zh-glossary.md).
ZH = {
    "content image\n(the photo)": "内容图像\n（照片）",
    "style image\n(the painting)": "风格图像\n（画作）",
    "image x\nstarts as the\ncontent image": "图像 x\n一开始就是\n内容图像",
    "the only thing that changes": "唯一会变的东西",
    "VGG19\n(frozen)": "VGG19\n（冻结）",
    "computed once": "只算一次",
    "content target\nfeatures of block5_conv2": "内容目标：\nblock5_conv2 的特征",
    "features of x\nat block5_conv2": "x 在 block5_conv2\n的特征",
    "Gram matrices of x\nat the 5 style layers": "x 在 5 个风格层\n的格拉姆矩阵",
    "style targets: Gram matrices\nat the 5 style layers": "风格目标：5 个风格层\n的格拉姆矩阵",
    "content loss $\\mathcal{L}_\\mathrm{content}$\nmean $(F - F_\\mathrm{target})^2$":
        "内容损失 $\\mathcal{L}_\\mathrm{content}$\n$(F - F_\\mathrm{target})^2$ 的均值",
    "style loss $\\mathcal{L}_\\mathrm{style}$\nmean $(G - G_\\mathrm{target})^2$,\n"
    "averaged over the 5 layers":
        "风格损失 $\\mathcal{L}_\\mathrm{style}$\n$(G - G_\\mathrm{target})^2$ 的均值，\n"
        "再对 5 层取平均",
    "total variation TV(x)": "总变差 TV(x)",
    "gradient $\\partial\\mathcal{L} / \\partial x$\n(tf.GradientTape)":
        "梯度 $\\partial\\mathcal{L} / \\partial x$\n（tf.GradientTape）",
    "update x: one Adam step, then clip to [0, 1]": "更新 x：走一步 Adam，再截断到 [0, 1]",
    "repeat: 10 epochs × 100 steps": "重复：10 轮 × 每轮 100 步",
    "VGG19's weights\nnever change;\nonly the pixels\nof x do.":
        "VGG19 的权重\n始终不变，\n变的只有\nx 的像素。",
    "input\n224 × 224\n× 3": "输入\n224 × 224\n× 3",
    "block {b}": "块 {b}",
    "{n_conv} conv, {channels} channels\n{side} × {side}":
        "{n_conv} 个卷积，{channels} 个通道\n{side} × {side}",
    "classifier": "分类器",
    "not used here\n(include_top=False)": "这里不用\n（include_top=False）",
    "3 × 3 convolution + ReLU": "3 × 3 卷积 + ReLU",
    "2 × 2 max pooling, stride 2": "2 × 2 最大池化，步幅 2",
    "style layer": "风格层",
    "content layer": "内容层",
    "dense layer (dropped)": "全连接层（不用）",
    "input pixels": "输入像素",
    "conv 3 × 3": "3 × 3 卷积",
    "max pool 2 × 2, stride 2": "2 × 2 最大池化，步幅 2",
    "the lit unit sees {size} × {size} pixels": "亮起的单元看到 {size} × {size} 个像素",
    "each sees {size} × {size} pixels,\nthe {lit} lit ones {all} × {all}":
        "每个单元看到 {size} × {size} 个像素，\n亮起的 {lit} 个合起来看到 {all} × {all}",
    "Each layer widens the view: 1, 3, 5, then 6 pixels (side view)":
        "每一层都让视野变宽：1、3、5，然后是 6 个像素（侧视图）",
    "224 × 224:\nthe crop VGG\nwas trained on": "224 × 224：\nVGG 训练时\n所用的裁剪尺寸",
    "side of the patch of the input one unit sees (pixels)": "一个单元看到的输入区域的边长（像素）",
    "Receptive field of the chosen layers": "所选各层的感受野",
    "learning rate 1.0: steps shrink as the slope does": "学习率 1.0：步子随斜率一起变小",
    "learning rate 3.6: every step overshoots the minimum": "学习率 3.6：每一步都越过了最小值",
    "minimum": "最小值",
    "x (one pixel value, say)": "x（比如一个像素值）",
    "dashed: the slope at x0,\nL'(x0) = {slope:.2f}": "虚线：x0 处的斜率，\nL'(x0) = {slope:.2f}",
    "loss L(x)": "损失 L(x)",
    "Gradient descent: step against the slope, "
    "$x_{k+1} = x_k - \\mathrm{learning\\ rate} \\times L'(x_k)$":
        "梯度下降：逆着斜率走一步，$x_{k+1} = x_k - \\eta \\times L'(x_k)$，其中 $\\eta$ 是学习率",
}
#: Fonts with Chinese characters, the first one installed draws the Chinese labels.
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "Microsoft YaHei", "PingFang SC", "Heiti SC", "SimHei"]
INSTALL_CJK = ("Drawing the Chinese labels needs a font with Chinese characters, and none is "
               "installed. Install Noto Sans CJK SC (Debian, Ubuntu: sudo apt install "
               "fonts-noto-cjk; macOS: brew install --cask font-noto-sans-cjk-sc; Windows has "
               "Microsoft YaHei) and run this again.")
LANG = "en"  # main() sets it from --lang


def _t(english: str, **values) -> str:
    """A label in the language being drawn, with ``values`` filled in."""
    text = ZH[english] if LANG == "zh" else english
    return text.format(**values) if values else text


def cjk_font() -> str | None:
    """The first of :data:`CJK_FONTS` that matplotlib can find, or None.

    A font installed after matplotlib made its cache of fonts is looked for
    among the system's fonts too.
    """
    from matplotlib import font_manager

    def first():
        installed = {font.name for font in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in installed), None)

    if first() is None:
        for path in font_manager.findSystemFonts():
            try:
                if font_manager.FontProperties(fname=path).get_name() in CJK_FONTS:
                    font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    return first()
CONV_COLOUR, POOL_COLOUR, GREY = "#cfe3d4", "#9db8c9", "#c8c8c8"


def vgg19_layers() -> list[tuple[str, str]]:
    """VGG19's layers after the input, as ``(name, kind)`` with kind conv, pool or dense."""
    layers = []
    for b, (_, n_conv) in enumerate(BLOCKS, start=1):
        layers += [(f"block{b}_conv{i}", "conv") for i in range(1, n_conv + 1)]
        layers.append((f"block{b}_pool", "pool"))
    return layers + [(name, "dense") for name, _ in CLASSIFIER]


def receptive_fields() -> dict[str, int]:
    """The side, in input pixels, of the square patch that one unit of each layer sees.

    A 3 x 3 convolution of stride 1 widens the patch by 2 units of the layer below;
    a 2 x 2 pooling of stride 2 widens it by 1 unit and doubles the distance (in input
    pixels) between neighbouring units: ``r += (k - 1) * jump``, then ``jump *= stride``.
    """
    size, jump, fields = 1, 1, {}
    for name, kind in vgg19_layers():
        if kind == "dense":
            break
        k, stride = (3, 1) if kind == "conv" else (2, 2)
        size += (k - 1) * jump
        jump *= stride
        fields[name] = size
    return fields


def _save(fig, path: Path, colours: int = 96) -> Path:
    """Save ``fig`` as a palette PNG (a few dozen kB) and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    plt.close(fig)
    image = Image.open(buffer).convert("RGB")
    image = image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT,
                           dither=Image.Dither.NONE)
    tmp = path.with_name(f".{path.name}.tmp")
    image.save(tmp, format="PNG", optimize=True)
    tmp.replace(path)
    return path


def _box(ax, x, y, w, h, text, face, edge="#444444", size=10, style="round,pad=0.02",
         weight="normal", colour="black", lw=1.2, ls="-"):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle=style, facecolor=face,
                                edgecolor=edge, linewidth=lw, linestyle=ls))
    ax.text(x, y, text, ha="center", va="center", fontsize=size, weight=weight, color=colour)


def _arrow(ax, start, end, colour="#333333", style="-|>", lw=1.4, rad=0.0, ls="-"):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=13, color=colour,
                                 linewidth=lw, linestyle=ls,
                                 connectionstyle=f"arc3,rad={rad}", shrinkA=0, shrinkB=0))


def pipeline(path: Path) -> Path:
    """The whole method on one page: what is computed once, and the loop that changes x."""
    fig, ax = plt.subplots(figsize=(11, 5.6))
    ax.set_xlim(0, 11.2), ax.set_ylim(0, 5.7), ax.axis("off")
    left, vgg, feat, losses, total = 1.2, 3.35, 5.5, 7.7, 9.95
    top, mid, low = 4.45, 2.75, 1.05

    # Inputs.
    _box(ax, left, top, 1.7, 0.62, _t("content image\n(the photo)"), "#eeeeee")
    _box(ax, left, low, 1.7, 0.62, _t("style image\n(the painting)"), "#eeeeee")
    _box(ax, left, mid, 1.7, 0.95, _t("image x\nstarts as the\ncontent image"), "#fff3c4",
         edge="#b08800", lw=2, weight="bold", size=9.5)
    ax.text(left, mid - 0.68, _t("the only thing that changes"), ha="center", fontsize=8,
            color="#806000")

    # VGG19, the same frozen network three times.
    for y in (top, mid, low):
        _box(ax, vgg, y, 1.35, 0.62, _t("VGG19\n(frozen)"), "#dde7f3", size=9.5)
        _arrow(ax, (left + 0.88, y), (vgg - 0.7, y))
    for y in (top, low):
        ax.text(vgg, y - 0.5, _t("computed once"), ha="center", fontsize=8,
                style="normal" if LANG == "zh" else "italic",  # CJK fonts have no italic
                color="#555555")

    # What VGG19 gives.
    _box(ax, feat, top, 1.95, 0.62, _t("content target\nfeatures of block5_conv2"),
         "#e3ecfa", edge=CONTENT_COLOUR, size=8.5)
    _box(ax, feat, mid + 0.45, 1.95, 0.55, _t("features of x\nat block5_conv2"), "#e3ecfa",
         edge=CONTENT_COLOUR, size=8.5)
    _box(ax, feat, mid - 0.45, 1.95, 0.55, _t("Gram matrices of x\nat the 5 style layers"),
         "#fdebd6", edge=STYLE_COLOUR, size=8.5)
    _box(ax, feat, low, 1.95, 0.62, _t("style targets: Gram matrices\nat the 5 style layers"),
         "#fdebd6", edge=STYLE_COLOUR, size=8.5)
    _arrow(ax, (vgg + 0.7, top), (feat - 1.0, top))
    _arrow(ax, (vgg + 0.7, low), (feat - 1.0, low))
    _arrow(ax, (vgg + 0.7, mid + 0.08), (feat - 1.0, mid + 0.4))
    _arrow(ax, (vgg + 0.7, mid - 0.08), (feat - 1.0, mid - 0.4))

    # Losses.
    c_loss, s_loss, tv = mid + 1.15, mid - 1.15, 0.35
    _box(ax, losses, c_loss, 1.75, 0.62,
         _t("content loss $\\mathcal{L}_\\mathrm{content}$\nmean $(F - F_\\mathrm{target})^2$"),
         "white", edge=CONTENT_COLOUR, size=8.5)
    _box(ax, losses, s_loss, 1.75, 0.75,
         _t("style loss $\\mathcal{L}_\\mathrm{style}$\nmean $(G - G_\\mathrm{target})^2$,\n"
            "averaged over the 5 layers"), "white", edge=STYLE_COLOUR, size=8.5)
    _box(ax, losses, tv, 1.75, 0.45, _t("total variation TV(x)"), "white", size=8.5)
    _arrow(ax, (feat + 0.98, top - 0.05), (losses - 0.88, c_loss + 0.15))
    _arrow(ax, (feat + 0.98, mid + 0.45), (losses - 0.88, c_loss - 0.15))
    _arrow(ax, (feat + 0.98, mid - 0.45), (losses - 0.88, s_loss + 0.15))
    _arrow(ax, (feat + 0.98, low + 0.05), (losses - 0.88, s_loss - 0.15))
    # Total variation reads x itself, not VGG19's features.
    branch = left + 1.15
    ax.plot([branch, branch, losses - 0.95], [mid, tv, tv], color="#888888", lw=1.1, ls="--")
    ax.plot([branch], [mid], "o", color="#888888", ms=3.5)
    _arrow(ax, (losses - 1.0, tv), (losses - 0.88, tv), colour="#888888")

    # Total loss, gradient, update, and the loop back to x.
    _box(ax, total, mid, 1.7, 1.0,
         "$\\mathcal{L}(x) = w_\\mathrm{style}\\,\\mathcal{L}_\\mathrm{style}$\n"
         "$+\\ w_\\mathrm{content}\\,\\mathcal{L}_\\mathrm{content}$\n"
         "$+\\ w_\\mathrm{TV}\\,\\mathrm{TV}(x)$", "#f4f4f4", size=9)
    for y in (c_loss, s_loss, tv):
        _arrow(ax, (losses + 0.88, y), (total - 0.86, mid + (y - mid) * 0.3))
    _box(ax, total, top + 0.25, 1.7, 0.62,
         _t("gradient $\\partial\\mathcal{L} / \\partial x$\n(tf.GradientTape)"), "#f4f4f4",
         size=8.5)
    _arrow(ax, (total, mid + 0.52), (total, top - 0.07))
    update = 5.35
    _box(ax, 6.8, update, 3.6, 0.5, _t("update x: one Adam step, then clip to [0, 1]"), "#fff3c4",
         edge="#b08800", size=9)
    _arrow(ax, (total, top + 0.57), (8.62, update))
    loop = 0.12
    ax.plot([6.8 - 1.82, loop, loop], [update, update, mid], color="#b08800", lw=2)
    _arrow(ax, (loop, mid), (left - 0.87, mid), colour="#b08800", lw=2)
    ax.text(3.0, update + 0.12, _t("repeat: 10 epochs × 100 steps"), ha="center", fontsize=9,
            color="#806000", weight="bold")
    ax.text(total + 0.1, 1.25, _t("VGG19's weights\nnever change;\nonly the pixels\nof x do."),
            ha="center", va="center", fontsize=8, color="#555555")
    fig.subplots_adjust(0.005, 0.005, 0.995, 0.995)
    return _save(fig, path)


def vgg19_blocks(path: Path) -> Path:
    """Each layer a box, grouped in blocks; the chosen layers coloured; the classifier grey."""
    fig, ax = plt.subplots(figsize=(11, 4.4))
    layers = vgg19_layers()
    widths = {"conv": 0.34, "pool": 0.2, "dense": 0.34}
    gap, x, mid = 0.09, 0.8, 1.75
    heights = [2.3, 1.95, 1.6, 1.25, 0.95]  # shrinking with the picture: 224, 112, 56, 28, 14
    spans, centres, bottoms = {}, {}, {}
    ax.text(0.35, mid, _t("input\n224 × 224\n× 3"), ha="center", va="center", fontsize=8)
    for name, kind in layers:
        w = widths[kind]
        if kind == "dense":
            h, face, edge, ls = 2.0 if name != "predictions" else 1.2, GREY, "#999999", "--"
        else:
            b = int(name[5]) - 1
            h = heights[b] if kind == "conv" else heights[b] * 0.5
            face, edge, ls = (CONV_COLOUR, "#557755", "-") if kind == "conv" else \
                (POOL_COLOUR, "#557799", "-")
            if name in STYLE_LAYERS:
                face, edge = "#f7c98c", STYLE_COLOUR
            if name in CONTENT_LAYERS:
                face, edge = "#9fbdf0", CONTENT_COLOUR
            spans.setdefault(b, [x, x + w])[1] = x + w
        lw = 2.2 if name in STYLE_LAYERS + CONTENT_LAYERS else 1.0
        ax.add_patch(Rectangle((x, mid - h / 2), w, h, facecolor=face, edgecolor=edge,
                               linewidth=lw, linestyle=ls))
        centres[name], bottoms[name] = x + w / 2, mid - h / 2
        x += w + gap + (0.14 if kind == "pool" else 0.0)
    end = x

    for b, (channels, n_conv) in enumerate(BLOCKS):
        x0, x1 = spans[b]
        side = 224 // 2 ** b
        ax.plot([x0, x1], [3.4, 3.4], color="#333333", lw=1)
        ax.text((x0 + x1) / 2, 3.5, _t("block {b}", b=b + 1), ha="center", fontsize=10, weight="bold")
        ax.text((x0 + x1) / 2, 3.12, _t("{n_conv} conv, {channels} channels\n{side} × {side}", n_conv=n_conv,
                   channels=channels, side=side),
                ha="center", va="center", fontsize=7.5, color="#333333")
    ax.text(centres["block5_pool"], mid - heights[4] * 0.25 - 0.08, "7 × 7", ha="center",
            va="top", fontsize=7, color="#557799")
    dense = [n for n, k in layers if k == "dense"]
    x0 = centres[dense[0]] - widths["dense"] / 2
    x1 = centres[dense[-1]] + widths["dense"] / 2
    ax.text((x0 + x1) / 2, 3.5, _t("classifier"), ha="center", fontsize=10, color="#888888",
            weight="bold")
    ax.text((x0 + x1) / 2, 3.12, _t("not used here\n(include_top=False)"), ha="center",
            va="center", fontsize=7.5, color="#888888")
    for name, size in CLASSIFIER:
        ax.text(centres[name], mid, f"{name}: {size}", rotation=90, ha="center", va="center",
                fontsize=7, color="#666666")

    for names, colour in [(STYLE_LAYERS, STYLE_COLOUR), (CONTENT_LAYERS, CONTENT_COLOUR)]:
        for name in names:
            ax.text(centres[name], bottoms[name] - 0.06, name, rotation=90, ha="center",
                    va="top", fontsize=7.5, color=colour, weight="bold")

    handles = [Rectangle((0, 0), 1, 1, facecolor=CONV_COLOUR, edgecolor="#557755"),
               Rectangle((0, 0), 1, 1, facecolor=POOL_COLOUR, edgecolor="#557799"),
               Rectangle((0, 0), 1, 1, facecolor="#f7c98c", edgecolor=STYLE_COLOUR, lw=2),
               Rectangle((0, 0), 1, 1, facecolor="#9fbdf0", edgecolor=CONTENT_COLOUR, lw=2),
               Rectangle((0, 0), 1, 1, facecolor=GREY, edgecolor="#999999", ls="--")]
    ax.legend(handles, [_t(label) for label in (
                  "3 × 3 convolution + ReLU", "2 × 2 max pooling, stride 2",
                  "style layer", "content layer", "dense layer (dropped)")],
              loc="lower center", fontsize=8, ncol=5, frameon=False,
              bbox_to_anchor=(0.5, -0.01))
    ax.set_xlim(0, end + 0.05), ax.set_ylim(-0.35, 3.8), ax.axis("off")
    fig.subplots_adjust(0.005, 0.005, 0.995, 0.995)
    return _save(fig, path)


def receptive_field(path: Path) -> Path:
    """Left: one unit's view growing through conv, conv, pool (1-D). Right: every chosen layer."""
    fig, (ax, bars) = plt.subplots(1, 2, figsize=(11, 4.3), gridspec_kw={"width_ratios": [1.25, 1]})

    # Left: a row of input pixels and the units above them; one top unit and what it sees.
    n = 12
    rows = [(_t("input pixels"), n, 1.0), (_t("conv 3 × 3"), n, 1.0), (_t("conv 3 × 3"), n, 1.0),
            (_t("max pool 2 × 2, stride 2"), n // 2, 2.0)]
    seen = {3: {2}}  # row -> the units that pooled unit 2 depends on, directly or not
    seen[2] = {4, 5}  # the pooled unit 2 covers conv units 4 and 5
    seen[1] = {j for i in seen[2] for j in (i - 1, i, i + 1)}
    seen[0] = {j for i in seen[1] for j in (i - 1, i, i + 1)}
    for level, (label, count, step) in enumerate(rows):
        y = level * 1.0
        for i in range(count):
            cx = (i + 0.5) * step
            on = i in seen.get(level, set())
            ax.add_patch(Rectangle((cx - 0.42 * step, y - 0.3), 0.84 * step, 0.6,
                                   facecolor="#f7c98c" if on else "#eeeeee",
                                   edgecolor=STYLE_COLOUR if on else "#aaaaaa",
                                   linewidth=1.5 if on else 0.8))
        size = len(seen[0]) if level == 3 else {0: 1, 1: 3, 2: 5}[level]
        lit = len(seen.get(level, ()))
        sees = (_t("the lit unit sees {size} × {size} pixels", size=size) if lit == 1 else
                _t("each sees {size} × {size} pixels,\nthe {lit} lit ones {all} × {all}",
                   size=size, lit=lit, all=len(seen[0])))
        ax.text(n + 0.3, y, f"{label}\n{sees}" if level else label, va="center", fontsize=8.5)
    # The lines from each highlighted unit down to the units it reads.
    for level in (3, 2, 1):
        step_up, step_down = rows[level][2], rows[level - 1][2]
        for i in seen[level]:
            below = [2 * i, 2 * i + 1] if level == 3 else [i - 1, i, i + 1]
            for j in below:
                ax.plot([(i + 0.5) * step_up, (j + 0.5) * step_down],
                        [level - 0.3, level - 0.7], color=STYLE_COLOUR, lw=0.8, alpha=0.8)
    ax.set_xlim(-0.2, n + 5.6), ax.set_ylim(-0.6, 3.6), ax.axis("off")
    ax.set_title(_t("Each layer widens the view: 1, 3, 5, then 6 pixels (side view)"), fontsize=10)

    # Right: the receptive field of every chosen layer, against the picture's size.
    fields = receptive_fields()
    names = STYLE_LAYERS + CONTENT_LAYERS
    values = [fields[name] for name in names]
    colours = [STYLE_COLOUR] * len(STYLE_LAYERS) + [CONTENT_COLOUR] * len(CONTENT_LAYERS)
    ypos = np.arange(len(names))[::-1]
    bars.barh(ypos, values, color=colours, height=0.6)
    for y, v in zip(ypos, values):
        bars.text(v + 5, y, f"{v} × {v}", va="center", fontsize=8.5)
    bars.set_yticks(ypos, names, fontsize=8.5)
    bars.axvline(224, color="#888888", ls="--", lw=1)
    bars.text(220, 3.5, _t("224 × 224:\nthe crop VGG\nwas trained on"), ha="right",
              va="center", fontsize=8, color="#666666")
    bars.set_xlim(0, 300)
    bars.set_xlabel(_t("side of the patch of the input one unit sees (pixels)"), fontsize=9)
    bars.set_title(_t("Receptive field of the chosen layers"), fontsize=10)
    bars.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(left=0.01, right=0.98, bottom=0.13, top=0.91, wspace=0.22)
    return _save(fig, path)


def descent_steps(x0: float, rate: float, n: int, slope) -> np.ndarray:
    """``x_{k+1} = x_k - rate * slope(x_k)``, ``n`` steps from ``x0``: the ``n + 1`` values."""
    xs = [x0]
    for _ in range(n):
        xs.append(xs[-1] - rate * slope(xs[-1]))
    return np.array(xs)


def gradient_descent(path: Path) -> Path:
    """A loss of one variable; steps of -rate * slope with a good and a too large rate."""
    def loss(x):
        return 0.25 * (x - 3.0) ** 2 + 0.5

    def slope(x):
        return 0.5 * (x - 3.0)

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    grid = np.linspace(-2.8, 8.8, 300)
    for ax, rate, title in [(axes[0], 1.0, _t("learning rate 1.0: steps shrink as the slope does")),
                            (axes[1], 3.6, _t("learning rate 3.6: every step overshoots the minimum"))]:
        xs = descent_steps(-2.0, rate, 6, slope)
        ax.plot(grid, loss(grid), color="#333333", lw=1.5)
        ax.plot(xs, loss(xs), "o", color=STYLE_COLOUR, ms=6, zorder=3)
        for a, b in zip(xs[:-1], xs[1:]):
            ax.annotate("", xy=(b, loss(b)), xytext=(a, loss(a)),
                        arrowprops=dict(arrowstyle="-|>", color=STYLE_COLOUR, lw=1.2,
                                        shrinkA=3, shrinkB=3))
        for k in (0, 1, 2):
            ax.text(xs[k], loss(xs[k]) + 0.45, f"$x_{k}$", ha="center", fontsize=10)
        # The tangent at the start: its slope is the gradient.
        t = np.linspace(-2.8, 0.6, 10)
        ax.plot(t, loss(xs[0]) + slope(xs[0]) * (t - xs[0]), color=CONTENT_COLOUR, lw=1, ls="--")
        ax.axvline(3.0, color="#aaaaaa", lw=0.8, ls=":")
        ax.text(3.0, 0.1, _t("minimum"), ha="center", fontsize=8, color="#777777")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(_t("x (one pixel value, say)"))
        ax.spines[["top", "right"]].set_visible(False)
        ax.text(0.5, 0.97, "\n".join(f"x{k} = {v:5.2f}" for k, v in enumerate(xs[:5])),
                transform=ax.transAxes, ha="left", va="top", fontsize=8, family="monospace")
        ax.text(0.5, 0.745, _t("dashed: the slope at x0,\nL'(x0) = {slope:.2f}", slope=slope(xs[0])),
                transform=ax.transAxes, ha="left", va="top", fontsize=8, color=CONTENT_COLOUR)
    axes[0].set_ylabel(_t("loss L(x)"))
    axes[0].set_ylim(0, 9)
    fig.suptitle(_t("Gradient descent: step against the slope, "
                    "$x_{k+1} = x_k - \\mathrm{learning\\ rate} \\times L'(x_k)$"), fontsize=11)
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.13, top=0.86, wspace=0.08)
    return _save(fig, path)


FIGURES = {"pipeline.png": pipeline, "vgg19_layers.png": vgg19_blocks,
           "receptive_field.png": receptive_field, "gradient_descent.png": gradient_descent}


def embed(notebooks: Path = HERE.parent, figures: Path = HERE) -> list[Path]:
    """Attach each diagram to the markdown cells of ``notebooks`` that show it.

    A cell shows a diagram with ``![...](figures/NAME.png)`` or
    ``![...](attachment:NAME.png)``; both become the attachment, filled with the
    PNG in ``figures``. Returns the notebooks that changed.
    """
    shown = re.compile(r"\]\((?:figures/|attachment:)(" + "|".join(map(re.escape, FIGURES)) + r")\)")
    changed = []
    for path in sorted(notebooks.glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        notebook = json.loads(text)
        for cell in notebook["cells"]:
            source = "".join(cell["source"])
            names = shown.findall(source) if cell["cell_type"] == "markdown" else []
            if names:
                cell["source"] = shown.sub(lambda m: f"](attachment:{m[1]})", source).splitlines(True)
                cell["attachments"] = {name: {"image/png": base64.b64encode(
                    (figures / name).read_bytes()).decode("ascii")} for name in names}
        new = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"  # as Jupyter writes
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv=None) -> list[Path]:
    global LANG
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="folder to write to (default: here, or here/zh)")
    parser.add_argument("--lang", choices=["en", "zh"], default="en",
                        help="the labels' language (zh needs a CJK font)")
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else HERE / ("zh" if args.lang == "zh" else "")
    font = cjk_font() if args.lang == "zh" else None
    if args.lang == "zh" and font is None:
        raise SystemExit(INSTALL_CJK)
    out.mkdir(parents=True, exist_ok=True)
    LANG = args.lang
    try:
        with plt.rc_context({"font.sans-serif": [font, *plt.rcParams["font.sans-serif"]]}
                            if font else {}):
            written = [draw(out / name) for name, draw in FIGURES.items()]
    finally:
        LANG = "en"
    for path in written:
        print(f"{path} ({path.stat().st_size // 1024} kB)")
    if out.resolve() == HERE:
        for path in embed():
            print(f"{path}: attachments updated")
    elif out.resolve() == HERE / "zh":
        print("Now python -m nst_tutorial.tools.translations --build puts them in notebooks/zh/.")
    return written


if __name__ == "__main__":
    main()
