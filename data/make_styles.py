"""Make the bundled style images: ``composition``, ``waves`` and ``mosaic``.

The pictures are drawn from code with a fixed seed, so anyone can make them
again and check them. Run from the repository root::

    python data/make_styles.py

They are released under CC0 1.0 by the nst-tutorial project. Pillow and NumPy
are all this needs. A different Pillow (zlib) version may compress the PNGs to
different bytes; the pixels are the same.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
SCALE = 2  # draw at twice the size, then shrink: smooth edges

# Vivid colours in the spirit of Kandinsky's abstractions.
PALETTE = [
    (220, 30, 40), (250, 190, 20), (20, 80, 190), (10, 10, 15), (240, 110, 20),
    (30, 150, 80), (150, 40, 150), (90, 190, 230), (245, 240, 225),
]


def composition(width: int = 512, height: int = 384, seed: int = 7) -> Image.Image:
    """An abstract composition: circles, rings, lines, triangles and a grid, on a warm ground."""
    rng = np.random.default_rng(seed)
    w, h = width * SCALE, height * SCALE
    # A warm, uneven ground: two colours blended by a smooth random field.
    y, x = np.mgrid[0:h, 0:w] / max(w, h)
    field = 0.5 + 0.25 * np.sin(5.0 * x + 2.0) * np.cos(4.0 * y + 1.0) + 0.25 * np.sin(9 * x * y)
    a, b = np.array([244, 226, 190]), np.array([214, 180, 140])
    ground = a + (b - a) * field[..., None]
    img = Image.fromarray(ground.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)

    def colour(i=None):
        return PALETTE[int(rng.integers(len(PALETTE)))] if i is None else PALETTE[i]

    # Broad translucent washes first, then sharp shapes on top.
    wash = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    wd = ImageDraw.Draw(wash)
    for _ in range(6):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.1, 0.3) * w
        wd.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour() + (70,))
    wash = wash.filter(ImageFilter.GaussianBlur(20 * SCALE))
    img.paste(wash, (0, 0), wash)
    d = ImageDraw.Draw(img)

    # Concentric rings.
    for _ in range(4):
        cx, cy, r = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h, rng.uniform(0.05, 0.14) * w
        for k in range(4):
            rk = r * (1 - k / 4)
            d.ellipse([cx - rk, cy - rk, cx + rk, cy + rk], fill=colour())
    # Solid circles with black rims.
    for _ in range(8):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.015, 0.06) * w
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour(), outline=PALETTE[3],
                  width=2 * SCALE)
    # Triangles.
    for _ in range(7):
        cx, cy, s = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.05, 0.16) * w
        angle = rng.uniform(0, 2 * math.pi)
        pts = [(cx + s * math.cos(angle + k * 2.1 + rng.uniform(-0.3, 0.3)),
                cy + s * math.sin(angle + k * 2.1 + rng.uniform(-0.3, 0.3))) for k in range(3)]
        d.polygon(pts, fill=colour())
    # A small chequerboard.
    gx, gy, cell = rng.uniform(0.55, 0.75) * w, rng.uniform(0.1, 0.3) * h, 0.02 * w
    for i in range(5):
        for j in range(4):
            c = PALETTE[3] if (i + j) % 2 else PALETTE[8]
            d.rectangle([gx + i * cell, gy + j * cell, gx + (i + 1) * cell, gy + (j + 1) * cell], fill=c)
    # Straight and curved black lines across everything.
    for _ in range(14):
        x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
        length, angle = rng.uniform(0.15, 0.6) * w, rng.uniform(0, math.pi)
        d.line([x0, y0, x0 + length * math.cos(angle), y0 + length * math.sin(angle)],
               fill=PALETTE[3] if rng.random() < 0.7 else colour(),
               width=int(rng.integers(1, 6)) * SCALE)
    for _ in range(5):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.1, 0.35) * w
        start = rng.uniform(0, 360)
        d.arc([cx - r, cy - r, cx + r, cy + r], start, start + rng.uniform(40, 140),
              fill=PALETTE[3], width=int(rng.integers(2, 5)) * SCALE)
    return img.resize((width, height), Image.LANCZOS)


def waves(width: int = 512, height: int = 512, seed: int = 3) -> Image.Image:
    """Flowing bands of colour, like marbled paper: a sine pattern bent by a smooth warp."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width] / width * 2 * math.pi
    warp = sum(rng.uniform(0.3, 0.8) * np.sin(rng.uniform(0.5, 2.0) * x + rng.uniform(0.5, 2.0) * y
                                              + rng.uniform(0, 2 * math.pi)) for _ in range(4))
    t = np.sin(6.0 * y + 2.5 * warp + 1.5 * np.sin(2 * x))  # in [-1, 1]
    stops = np.array([(10, 40, 110), (30, 120, 200), (240, 240, 230), (250, 170, 40), (190, 40, 40)],
                     dtype=np.float64)
    pos = (t + 1) / 2 * (len(stops) - 1)
    lo = np.floor(pos).astype(int).clip(0, len(stops) - 2)
    frac = (pos - lo)[..., None]
    rgb = stops[lo] * (1 - frac) + stops[lo + 1] * frac
    # Thin dark crests where the bands turn, as if drawn with ink.
    crest = np.exp(-((np.abs(t) - 0.98) / 0.02) ** 2)[..., None]
    rgb = rgb * (1 - 0.6 * crest)
    return Image.fromarray(rgb.clip(0, 255).astype(np.uint8))


def mosaic(width: int = 512, height: int = 512, seed: int = 11, cells: int = 90) -> Image.Image:
    """Stained glass: Voronoi cells in jewel colours, with dark lead lines between them."""
    rng = np.random.default_rng(seed)
    w, h = width * SCALE, height * SCALE
    points = rng.uniform(0, 1, (cells, 2)) * (w, h)
    jewels = np.array([(180, 20, 40), (20, 60, 160), (230, 170, 20), (20, 130, 80),
                       (110, 30, 130), (40, 160, 190), (220, 90, 20)], dtype=np.float64)
    colours = jewels[rng.integers(len(jewels), size=cells)] * rng.uniform(0.75, 1.1, (cells, 1))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    # Distance to the nearest and second-nearest point, one point at a time (little memory).
    d1 = np.full((h, w), np.inf, np.float32)
    d2 = np.full((h, w), np.inf, np.float32)
    idx = np.zeros((h, w), np.int32)
    for i, (px, py) in enumerate(points):
        dist = np.hypot(xx - px, yy - py)
        closer = dist < d1
        d2 = np.where(closer, d1, np.minimum(d2, dist))
        idx = np.where(closer, i, idx)
        d1 = np.where(closer, dist, d1)
    rgb = colours[idx]
    # Light through glass: brighter in the middle of each cell.
    rgb = rgb * (0.8 + 0.35 * np.clip((d2 - d1) / (40 * SCALE), 0, 1))[..., None]
    lead = (d2 - d1) < 3.0 * SCALE
    rgb[lead] = (25, 22, 20)
    img = Image.fromarray(rgb.clip(0, 255).astype(np.uint8))
    return img.resize((width, height), Image.LANCZOS)


STYLES = {
    "composition.png": composition,
    "waves.jpg": waves,
    "mosaic.jpg": mosaic,
}


def main() -> None:
    for name, make in STYLES.items():
        path = HERE / name
        img = make()
        if path.suffix == ".jpg":
            img.save(path, quality=90, optimize=True)
        else:
            img.save(path, optimize=True)
        print(f"{path.name}: {img.size[0]}x{img.size[1]}, {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
