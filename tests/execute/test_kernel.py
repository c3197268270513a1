"""A kernel run leaves nothing behind: the kernel is shut down when its cells are done (not only
killed later with its cgroup), and every child of the grader is reaped, however many notebooks
one worker grades."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.boundary import ExecutionLimits
from grader.execute import kernel
from grader.execute.kernel import KernelRun, run_kernel
from grader.notebook import CodeCell

pytestmark = pytest.mark.kernel


def _children(state: str | None = None) -> list[int]:
    """This process's children (in the given state: "Z" for zombies)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() != str(os.getpid()):
            continue
        if state is None or fields.get("State", "").startswith(state):
            found.append(int(entry.name))
    return found


@contextlib.contextmanager
def _no_cgroup(max_pids: int) -> Iterator[None]:
    yield None  # as on a machine without a writable pids controller


@pytest.mark.parametrize("cgroup", ["with a pids cgroup", "without one"])
def test_three_runs_leave_no_zombie_and_no_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cgroup: str
) -> None:
    if cgroup == "without one":
        monkeypatch.setattr(kernel, "pids_cgroup", _no_cgroup)
    before = set(_children())
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
        assert set(_children()) - before == set(), f"run {index} left a child"
    assert _children("Z") == []
