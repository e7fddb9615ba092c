"""The file plumbing: atomic writes keep the user's umask, leave nothing behind, checksums are right."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nst_tutorial as nst
from nst_tutorial._plumbing.files import atomic_write, file_digest, sha256sum, write_bytes_atomically


@pytest.fixture
def umask():
    """Set the process umask for one test, and put the old one back."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_to(mask: int) -> None:
        os.umask(mask)

    yield set_to
    os.umask(saved)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_atomic_write_gives_the_mode_a_plain_open_would(tmp_path, umask, mask, expected):
    umask(mask)
    target = write_bytes_atomically(tmp_path / "a.bin", b"hello")
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"hello")
    assert target.read_bytes() == b"hello"
    assert mode(target) == expected == mode(plain)


def test_saved_images_are_readable_by_others_under_umask_022(tmp_path, umask):
    umask(0o022)
    path = nst.save_image(np.zeros((1, 8, 8, 3), np.float32), tmp_path / "out" / "x.png")
    assert mode(path) == 0o644


def test_atomic_write_replaces_only_when_complete(tmp_path):
    target = tmp_path / "t.txt"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as f:
            f.write(b"half")
            raise RuntimeError("crash")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.txt"]  # no temporary file left

    def refuse(tmp: Path) -> None:
        assert tmp.read_bytes() == b"new, but bad"  # the check sees the complete file
        raise ValueError("bad")

    with pytest.raises(ValueError):
        with atomic_write(target, check=refuse) as f:
            f.write(b"new, but bad")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.txt"]

    with atomic_write(target) as f:
        f.write(b"new")
    assert target.read_bytes() == b"new"


def test_checksums_match_hashlib(tmp_path):
    data = os.urandom(3 * (1 << 20) + 17)  # more than one read chunk
    path = tmp_path / "blob"
    path.write_bytes(data)
    assert sha256sum(path) == hashlib.sha256(data).hexdigest()
    assert file_digest(path, "md5") == hashlib.md5(data).hexdigest()


def test_student_tool_without_nbformat_says_what_to_install():
    code = ("import sys; sys.modules['nbformat'] = None; "
            "import nst_tutorial.tools.student")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[3])
    assert result.returncode != 0
    assert "nbformat" in result.stderr and "nst-tutorial[instructor]" in result.stderr
