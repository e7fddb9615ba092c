"""The stop button in notebook 06: pressed during the full run, it ends every epoch at once, and
the cells after it (the pictures, the loss curves, the balance experiment) still run.

The notebook runs in a real Jupyter kernel (nbclient) at 64 px with a long run (20 epochs of
50 steps, far more than the test waits for); the kernel is interrupted, as the stop button
does, a few seconds into the run's cell.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading

import nbformat
import pytest
from tests.helpers.notebook_tools import NOTEBOOK_DIR

NotebookClient = pytest.importorskip(
    "nbclient", reason="nbclient (which JupyterLab and nbgrader bring) is not installed").NotebookClient

LONG_RUN = """\
from nst_tutorial.base.profiles import Plan
nst.configure(profile="laptop")
plan = nst.settings.plan = Plan("laptop", 64, 20, 50, 3)  # 1000 steps: the stop button comes first
"""


def test_the_stop_button_ends_the_whole_run_and_later_cells_still_run(tmp_path):
    shutil.copy(NOTEBOOK_DIR / "06_gradient_descent.ipynb", tmp_path)
    nb = nbformat.read(tmp_path / "06_gradient_descent.ipynb", as_version=4)
    run_cell = next(i for i, c in enumerate(nb.cells)
                    if c.cell_type == "code" and "transfer.run_epochs(" in c.source)
    setup = next(i for i, c in enumerate(nb.cells)
                 if c.cell_type == "code" and "nst.use_profile()" in c.source)
    nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(LONG_RUN))
    run_cell += 1
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            timer = None
            if index == run_cell:
                # What the stop button does: SIGINT to the kernel process.
                pid = client.km.provisioner.pid
                timer = threading.Timer(8.0, os.kill, (pid, signal.SIGINT))
                timer.start()
            client.execute_cell(cell, index)  # raises CellExecutionError if a cell fails
            if timer is not None:
                timer.join()
    printed = "".join(out.get("text", "") for out in nb.cells[run_cell].outputs
                      if out.get("output_type") == "stream")
    assert "Stopped at step" in printed, printed
    step = int(printed.split("Stopped at step")[1].split(".")[0])
    assert 3 < step < 1000
    after = [c for c in nb.cells[run_cell + 1:] if c.cell_type == "code"]
    assert after and all(c.execution_count for c in after)  # every one ran, none failed
    assert (tmp_path / "outputs" / "06_gradient_descent.npz").exists()  # saved for notebook 07
    shown = "".join(out.get("text", "") for c in after for out in c.outputs
                    if out.get("output_type") == "stream")
    assert f"{step} steps in" in shown  # the progress cell reports the steps the run took
    if "style weight x 0.01" not in shown:
        pytest.fail("the balance experiment did not print its table")
