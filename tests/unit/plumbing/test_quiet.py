"""The quiet start: TensorFlow's known start-up lines are dropped, anything else on stderr is kept."""

from __future__ import annotations

import os

from nst_tutorial._plumbing.quiet import filtered_stderr, is_noise

# Lines as TensorFlow 2.21 prints them on a CPU-only machine.
STARTUP = [
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1796119288.047415   10950 port.cc:153] oneDNN custom operations are on. You "
    "may see slightly different numerical results due to floating-point round-off errors.",
    "I0000 00:00:1796119288.053169   10950 cudart_stub.cc:31] Could not find cuda drivers on "
    "your machine, GPU will not be used.",
    "E0000 00:00:1796119294.869846   10950 cuda_platform.cc:52] failed call to cuInit: "
    "INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)",
]


def test_startup_lines_are_noise_and_real_errors_are_not():
    assert all(is_noise(line) for line in STARTUP)
    for line in ("E0000 00:00:1.0 op_kernel.cc:1] OOM when allocating tensor",
                 "Traceback (most recent call last):", "ValueError: bad shape"):
        assert not is_noise(line)


def test_filtered_stderr_drops_the_noise_of_file_descriptor_2_and_keeps_the_rest(capfd):
    with filtered_stderr():
        os.write(2, ("\n".join(STARTUP) + "\nE0000 real_problem.cc:7] disk full\n").encode())
    err = capfd.readouterr().err
    assert err.strip() == "E0000 real_problem.cc:7] disk full"


def test_filtered_stderr_puts_file_descriptor_2_back(capfd):
    with filtered_stderr():
        pass
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"
