"""The bundled images are recorded: each one's source, licence and checksum, in samples.json
and data/README.md, and no image in data/ is left out."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from nst_tutorial import data

REPO = Path(__file__).resolve().parents[2]
FIELDS = {"file", "kind", "title", "author", "source", "licence", "sha256"}


@pytest.mark.parametrize("name", sorted(data.SAMPLES))
def test_sample_is_recorded_and_intact(name):
    record = data.SAMPLES[name]
    assert set(record) == FIELDS
    assert record["kind"] in ("content", "style")
    for field in ("title", "author", "source", "licence"):
        assert record[field].strip(), f"{name}: {field} is empty"
    assert record["licence"] in ("CC0 1.0", "Public domain")  # free to redistribute

    path = data.sample_path(name)
    assert path.is_file()
    assert path.name == record["file"]
    raw = path.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == record["sha256"]
    assert len(raw) < 150 * 1024

    with Image.open(io.BytesIO(raw)) as img:
        img.load()
        assert img.mode == "RGB"
        assert 256 <= max(img.size) <= 512
        assert min(img.size) >= 32


def test_data_readme_lists_every_sample_with_its_checksum():
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    for name, record in data.SAMPLES.items():
        row = next((line for line in readme.splitlines() if f"`{record['file']}`" in line), None)
        assert row is not None, f"data/README.md has no row for {record['file']}"
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[0] == name, row
        assert record["sha256"] in cells and record["licence"] in cells, row


def test_every_image_in_the_data_folder_is_recorded():
    images = {p.name for p in data.DATA_DIR.iterdir() if p.suffix in (".jpg", ".png")}
    assert images == {record["file"] for record in data.SAMPLES.values()}
