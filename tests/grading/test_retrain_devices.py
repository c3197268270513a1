"""A retraining grading passes the GPUs given to its process into the sandbox (on a Dask GPU
worker, the worker's own); any other grading passes none."""

from __future__ import annotations

from pathlib import Path

from grader.course.spec import load_assignment
from grader.execute.sandbox import Sandbox
from grader.grading import submission
from tests.conftest import ROOT


def test_only_a_retraining_grading_gets_the_gpus_this_process_was_given(monkeypatch) -> None:
    seen: list[str | None] = []

    def given(visible: str | None = None) -> tuple[Path, ...]:
        seen.append(visible)
        return (Path(f"/dev/nvidia{visible}"), Path("/dev/nvidiactl"))

    monkeypatch.setattr(submission, "gpu_devices", given)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "1")
    spec = load_assignment(ROOT, "04_fashion_mnist_cnn")
    notebook = ROOT / "demo" / "course" / "anna" / "04_fashion_mnist_cnn.ipynb"
    retraining = submission._sandbox_for(notebook, spec, Sandbox(), retrain=True)
    assert retraining.devices == (Path("/dev/nvidia1"), Path("/dev/nvidiactl")) and seen == ["1"]
    assert submission._sandbox_for(notebook, spec, Sandbox(), retrain=False).devices == ()
    assert ROOT in retraining.hidden and notebook.parent in retraining.hidden
