"""A kernel run leaves nothing behind: the kernel is shut down when its cells are done (not only
killed later with its cgroup), and every child of the grader is reaped, however many notebooks
one worker grades."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from leftovers import children_of_this_process

from grader.boundary import ExecutionLimits
from grader.execute import started
from grader.execute.kernel import KernelRun, run_kernel
from grader.intake.notebook import CodeCell

pytestmark = pytest.mark.kernel


@contextlib.contextmanager
def _no_cgroup(max_pids: int) -> Iterator[None]:
    yield None  # as on a machine without a writable pids controller


@pytest.mark.parametrize("cgroup", ["with a pids cgroup", "without one"])
def test_three_runs_leave_no_zombie_and_no_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cgroup: str
) -> None:
    if cgroup == "without one":
        monkeypatch.setattr(started, "pids_cgroup", _no_cgroup)
    before = set(children_of_this_process())
    for index in range(3):
        run = KernelRun(
            cells=(CodeCell(0, None, "import os\npid = os.getpid()"),),
            requests={},
            limits=ExecutionLimits(),
            workdir=tmp_path,
            keep=tmp_path / "keep",
        )
        result = run_kernel(run)
        assert [c.status for c in result.cells] == ["ok"], index
        assert set(children_of_this_process()) - before == set(), f"run {index} left a child"
    assert children_of_this_process("Z") == []
