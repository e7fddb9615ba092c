"""The ``nst-tutorial`` command line, driven as a user would: files in, files out, exit codes.

A few tests start the real command in a subprocess (each pays for importing
TensorFlow, about 8 s); the checks that need no optimisation call ``main()``
in this process. Images are tiny and the weights are seeded random weights.
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import PIL.Image
import pytest
import tensorflow as tf

from nst_tutorial.tools import cli

from tests.helpers.images import smooth_image
from tests.helpers.processes import child_env, sigint_on

SIZE = 48


def _env(**extra) -> dict:
    """The suite's environment for a child (``child_env``), seed 0, output unbuffered."""
    return child_env(NST_SEED="0", PYTHONUNBUFFERED="1", **extra)


def _command(*args) -> list[str]:
    return [sys.executable, "-m", "nst_tutorial", *map(str, args)]


@pytest.fixture
def images(tmp_path):
    """A content image (60 x 80) and a style image (50 x 50) as PNG files."""
    content, style = tmp_path / "content photo.png", tmp_path / "style.png"
    PIL.Image.fromarray((smooth_image(60, 80, seed=1) * 255).astype(np.uint8)).save(content)
    PIL.Image.fromarray((smooth_image(50, 50, seed=2) * 255).astype(np.uint8)).save(style)
    return content, style


def _pixels(path) -> np.ndarray:
    return np.asarray(PIL.Image.open(path).convert("RGB"), dtype=np.int32)


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("nst-tutorial: error:")]


def _losses(logdir: Path) -> dict[int, float]:
    """``{step: total loss}`` from the TensorBoard event files in ``logdir``."""
    totals = {}
    for path in logdir.glob("events.out.tfevents.*"):
        for event in tf.compat.v1.train.summary_iterator(str(path)):
            for value in event.summary.value:
                if value.tag == "loss/total":
                    totals[event.step] = float(tf.make_ndarray(value.tensor))
    return totals


# ---------------------------------------------------------------- subprocess runs
def test_a_run_writes_the_result_and_the_intermediate_images(images, tmp_path):
    content, style = images
    out = tmp_path / "out" / "result.png"
    done = subprocess.run(
        _command("stylize", content, "--style", style, "-o", out, "--size", SIZE,
                 "--steps", 4, "--save-every", 2, "--tensorboard", tmp_path / "tb"),
        env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    # The result has the content's aspect ratio with a long side of SIZE pixels.
    result = _pixels(out)
    assert result.shape == (36, 48, 3)
    steps = {p.name for p in out.parent.glob("result-step*.png")}
    assert steps == {"result-step0002.png", "result-step0004.png"}
    np.testing.assert_array_equal(_pixels(out.parent / "result-step0004.png"), result)
    assert not np.array_equal(_pixels(out.parent / "result-step0002.png"), result)
    assert sorted(_losses(tmp_path / "tb")) == [1, 2, 3, 4]
    assert "RANDOM" in done.stderr + done.stdout  # random weights are never silent
    assert not list(out.parent.glob(".*"))  # no temporary files left behind
    assert content.exists() and style.exists()


def test_missing_input_is_one_line_and_a_non_zero_exit(tmp_path, images):
    _, style = images
    done = subprocess.run(_command("stylize", tmp_path / "nope.jpg", "-s", style),
                          env=_env(), capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == cli.FAILED
    assert _error_lines(done.stderr) == [f"nst-tutorial: error: {tmp_path / 'nope.jpg'}: no such file."]
    assert "Traceback" not in done.stderr
    assert sorted(tmp_path.glob("*.png")) == sorted(images)


def test_ctrl_c_writes_the_best_image_so_far(images, tmp_path):
    content, style = images
    out = tmp_path / "best.png"
    proc = subprocess.Popen(
        _command("stylize", content, "-s", style, "-o", out, "--size", SIZE, "--steps", 400,
                 "--save-every", 1, "--tensorboard", tmp_path / "tb"),
        env=_env(), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, preexec_fn=sigint_on)
    seen = io.BytesIO()
    reader = threading.Thread(target=lambda: [seen.write(c) for c in iter(lambda: proc.stderr.read(1), b"")])
    reader.start()
    deadline = time.monotonic() + 240
    while not re.search(rb"\b[3-9]/400\b", seen.getvalue()):  # a few steps have completed
        assert proc.poll() is None, seen.getvalue().decode(errors="replace")
        assert time.monotonic() < deadline, "no progress within 4 minutes"
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    rc = proc.wait(timeout=120)
    reader.join()
    stderr = seen.getvalue().decode(errors="replace")
    assert rc == cli.INTERRUPTED == 130, stderr
    assert re.search(r"Interrupted at step \d+: wrote the best image so far", stderr)
    assert "Traceback" not in stderr

    # The file written is the lowest-loss image: the image *before* the best step, i.e.
    # the one saved after the previous step (or the content image, if that was best).
    totals = _losses(tmp_path / "tb")
    best_step = min(totals, key=totals.get)
    if best_step == 1:
        import nst_tutorial as nst

        expected = np.asarray(nst.tensor_to_image(nst.load_img(content, SIZE)), dtype=np.int32)
    else:
        expected = _pixels(tmp_path / f"best-step{best_step - 1:04d}.png")
    np.testing.assert_array_equal(_pixels(out), expected)
    assert len(totals) < 400


# ---------------------------------------------------------------- in-process checks
def test_refuses_to_overwrite_without_force_and_never_an_input(images, tmp_path, capsys):
    content, style = images
    existing = tmp_path / "taken.png"
    existing.write_bytes(b"precious")
    assert cli.main(["stylize", str(content), "-s", str(style), "-o", str(existing)]) == cli.FAILED
    err = capsys.readouterr().err
    assert _error_lines(err) == [f"nst-tutorial: error: {existing}: already exists; pass --force "
                                 "to replace it, or choose another name with -o."]
    assert existing.read_bytes() == b"precious"

    before = content.read_bytes()
    for target in (content, tmp_path / "." / content.name):
        assert cli.main(["stylize", str(content), "-s", str(style), "-o", str(target),
                         "--force"]) == cli.FAILED
        assert "is an input image" in _error_lines(capsys.readouterr().err)[0]
    assert content.read_bytes() == before

    # An intermediate file that would land on an existing one is refused before any work.
    (tmp_path / "r-step0002.png").write_bytes(b"older")
    assert cli.main(["stylize", str(content), "-s", str(style), "-o", str(tmp_path / "r.png"),
                     "--steps", "4", "--save-every", "2"]) == cli.FAILED
    assert "r-step0002.png: already exists" in capsys.readouterr().err
    assert not (tmp_path / "r.png").exists()


def test_bad_options_are_one_line(images, tmp_path, capsys):
    content, style = images
    assert cli.main(["stylize", str(content), "-s", str(style), "-o",
                     str(tmp_path / "x.bmpx")]) == cli.FAILED
    assert "unknown image file type" in capsys.readouterr().err
    assert cli.main(["stylize", str(content)]) == cli.FAILED
    assert "--style" in _error_lines(capsys.readouterr().err)[0]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["stylize", "--steps", "0"])
    assert exit_info.value.code == cli.USAGE
    assert "must be 1 or more" in capsys.readouterr().err


def test_env_reports_versions_weights_and_caches(tmp_path, monkeypatch, capsys):
    import keras

    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    (tmp_path / "keras" / "models").mkdir(parents=True)
    (tmp_path / "keras" / "models" / "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5") \
        .write_bytes(b"x")
    assert cli.main(["env"]) == cli.OK
    out = capsys.readouterr().out
    assert tf.__version__ in out and keras.__version__ in out
    assert re.search(r"weights\s+cached\s+" + re.escape(str(tmp_path / "keras")), out)
    assert re.search(r"classifier\s+not cached", out)
    assert "Device" in out and "Cache" in out


def test_prefetch_offline_fails_cleanly(tmp_path, capsys):
    from nst_tutorial.base.settings import settings

    settings.offline = True
    assert cli.main(["prefetch", "--to", str(tmp_path / "kit"), "--only", "classes"]) == cli.FAILED
    lines = _error_lines(capsys.readouterr().err)
    assert len(lines) == 1
    assert "imagenet_class_index.json: not downloaded because NST_OFFLINE=1" in lines[0]
    assert [p for p in (tmp_path / "kit").rglob("*") if p.is_file()] == []


@pytest.fixture
def jobs(monkeypatch) -> list:
    """The jobs the command line builds, in order, each kept after it has run."""
    from nst_tutorial.runs import options

    built, optimise = [], options.Job.optimise
    monkeypatch.setattr(options.Job, "optimise", lambda job, *a, **k: (
        built.append(job), optimise(job, *a, **k))[1])
    return built


def test_going_further_options_reach_the_run(images, tmp_path, capsys, jobs):
    """Two blended styles, L-BFGS, coarse-to-fine and luminance-only transfer, in one command."""
    import nst_tutorial as nst

    content, style = images
    out = tmp_path / "lum.png"
    assert cli.main(["stylize", str(content), "-s", str(style), "-s", str(content),
                     "--blend", "3", "1", "--optimizer", "lbfgs", "--coarse-to-fine", "0.5",
                     "--colors", "luminance", "--steps", "4", "--size", str(SIZE),
                     "--save-every", "2", "-o", str(out)]) == cli.OK
    assert "Wrote" in capsys.readouterr().err
    assert {p.name for p in tmp_path.glob("lum-step*.png")} == {"lum-step0002.png",
                                                                "lum-step0004.png"}
    # The run the command built: coarse-to-fine (half the steps at half size), L-BFGS at
    # each level, two styles weighted 3 : 1.
    [job] = jobs
    assert isinstance(job.transfer, nst.CoarseToFine) and job.transfer.schedule == [(0.5, 2), (1.0, 2)]
    assert [type(level) for level in job.transfer.levels] == [nst.LBFGSStyleTransfer] * 2
    assert all(level.style_blend_weights == [3.0, 1.0] and len(level.style_images) == 2
               for level in job.transfer.levels)
    # Luminance-only transfer: the colour (YIQ's I and Q, computed here with NumPy) is the
    # content's, up to 8-bit rounding and the clipping of colours a brightness cannot hold.
    yiq = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.322], [0.211, -0.523, 0.312]])
    result = _pixels(out) / 255.0
    original = np.asarray(nst.load_img(content, SIZE))[0]
    assert result.shape == original.shape
    error = np.abs((result - original) @ yiq[1:].T)
    assert np.percentile(error, 90) < 0.01, np.percentile(error, 90)

    assert cli.main(["stylize", str(content), "-s", str(style), "--blend", "1", "2"]) == cli.FAILED
    assert "--blend has 2 weight(s) for 1 style image(s)" in capsys.readouterr().err


def test_another_style_statistic_writes_a_picture(images, tmp_path, capsys, jobs):
    """--style-loss mean_cov: the run matches means and covariances, and the result is written."""
    import nst_tutorial as nst

    content, style = images
    out = tmp_path / "mean_cov.png"
    assert cli.main(["stylize", str(content), "-s", str(style), "--style-loss", "mean_cov",
                     "--average", "0.5", "--steps", "3", "--size", str(SIZE), "-o", str(out)]) == cli.OK
    assert "Wrote" in capsys.readouterr().err and _pixels(out).shape == (36, 48, 3)
    [job] = jobs
    assert job.transfer.problem.style_loss == "mean_cov" and job.transfer.average == 0.5
    # With an average, the picture written is the average image, not the last one.
    expected = np.asarray(nst.tensor_to_image(job.transfer.average_image))
    np.testing.assert_array_equal(_pixels(out), expected)


# -- offline without the weights, and a quiet start --------------------------------------
def _no_network_env(tmp_path, **extra) -> dict:
    """Real ImageNet weights asked for, none cached, and every download sent to a closed
    loopback port (so an attempt fails at once instead of reaching the internet)."""
    env = _env(NST_WEIGHTS="imagenet", KERAS_HOME=str(tmp_path / "keras"),
               https_proxy="http://127.0.0.1:9", http_proxy="http://127.0.0.1:9",
               HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9", no_proxy="")
    env.update(extra)
    return env


@pytest.mark.parametrize("offline", ["1", "0"])
def test_offline_stylize_never_starts_a_download(images, tmp_path, offline):
    content, style = images
    out = tmp_path / "out.png"
    done = subprocess.run(_command("stylize", content, "-s", style, "-o", out, "--steps", "1"),
                          env=_no_network_env(tmp_path, NST_OFFLINE=offline),
                          capture_output=True, text=True, timeout=300)
    printed = done.stdout + done.stderr
    assert done.returncode == cli.FAILED and not out.exists()
    errors = _error_lines(done.stderr)
    assert len(errors) == 1, done.stderr
    [error] = errors
    if offline == "1":
        assert "Downloading data from" not in printed
        assert "offline mode is on (NST_OFFLINE=1)" in error
    else:  # the same set-up online: Keras does try, so the check above can fail
        assert "Downloading data from" in printed
        assert "Could not download the VGG19 ImageNet weights" in error


def test_a_quiet_start(tmp_path):
    """Neither the command nor ``import nst_tutorial`` prints TensorFlow's start-up lines."""
    from nst_tutorial._plumbing.quiet import is_noise

    env = _env()
    env.pop("TF_CPP_MIN_LOG_LEVEL")
    bare = subprocess.run([sys.executable, "-c", "import tensorflow as tf; "
                           "tf.config.list_physical_devices()"],
                          env=env, capture_output=True, text=True, timeout=300)
    noise = [line for line in bare.stderr.splitlines() if is_noise(line)]
    if not noise:
        pytest.skip("TensorFlow printed no start-up lines here, so there is nothing to hide")
    for command in (_command("env"), [sys.executable, "-c", "import nst_tutorial"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert done.stderr == "", (noise, done.stderr)
