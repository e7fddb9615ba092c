"""Make the bundled photographs from scikit-image's sample data.

The photos come from the ``skimage/data`` folder of the scikit-image 0.26.0
wheel (``pip download --no-deps scikit-image==0.26.0``, then unzip). Their
licences are stated in that wheel, in the docstrings of
``skimage/data/_fetchers.py``; ``data/README.md`` quotes them. Each photo is
converted to RGB, shrunk so its long side is at most 512 px (Lanczos) and saved
as JPEG, quality 90::

    python data/import_photos.py /path/to/skimage/data
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
MAX_SIDE = 512

#: bundled name -> file in skimage/data
PHOTOS = {"cat.jpg": "chelsea.png", "coffee.jpg": "coffee.png", "astronaut.jpg": "astronaut.png"}


def main(source: Path) -> None:
    for name, original in PHOTOS.items():
        src = source / original
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        img = Image.open(src).convert("RGB")
        scale = MAX_SIDE / max(img.size)
        if scale < 1:
            img = img.resize((round(img.width * scale), round(img.height * scale)), Image.LANCZOS)
        img.save(HERE / name, quality=90, optimize=True)
        size_kb = (HERE / name).stat().st_size // 1024
        print(f"{name}: from {original} (sha256 {digest}), {img.width}x{img.height}, {size_kb} KB")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python data/import_photos.py PATH/TO/skimage/data")
    main(Path(sys.argv[1]))
