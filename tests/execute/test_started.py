"""Kernels started before their run: each serves one run under the limits it was started with,
a spare that does not fit or has died is never handed out, and the waits on a kernel end when
the kernel says so (its welcome, its exit), not when a timeout runs out."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from queue import Empty
from typing import Any

import pytest
from jupyter_core.utils import run_sync
from leftovers import children_of_this_process

from grader.boundary import ExecutionLimits
from grader.execute.kernel import KernelRun, run_kernel
from grader.execute.sandbox import Sandbox, bwrap_path, effective
from grader.execute.started import Launch, Spares, StartedKernel
from grader.intake.notebook import CodeCell

pytestmark = pytest.mark.kernel

LIMITS = ExecutionLimits(cell_timeout_s=30, notebook_timeout_s=60)


def _run(kernel: StartedKernel, source: str = "x = 1", limits: ExecutionLimits = LIMITS) -> Any:
    cells = (CodeCell(0, None, source),)
    sandbox = kernel.launch.sandbox
    run = KernelRun(cells, {}, limits, kernel.workdir, kernel.root / "keep", sandbox)
    return run_kernel(run, kernel)


def test_only_hidden_folders_inside_visible_ones_change_the_sandbox(tmp_path: Path) -> None:
    inside = Path(sys.prefix) / "lib"  # the interpreter's own installation is visible
    outside, missing = tmp_path / "submission", Path(sys.prefix) / "no-such-folder"
    outside.mkdir()
    boxed = effective(Sandbox(hidden=(outside, inside, missing)))
    assert boxed.hidden == (inside.resolve(),)
    first, second = Sandbox(hidden=(inside, outside)), Sandbox(hidden=(inside, tmp_path / "b"))
    assert Launch.of(LIMITS, first) == Launch.of(LIMITS, second)  # one kernel fits both
    assert Launch.of(LIMITS, first) != Launch.of(LIMITS, Sandbox())
    assert Launch.of(LIMITS, None) != Launch.of(replace_memory(LIMITS, 1024), None)


def replace_memory(limits: ExecutionLimits, memory_mb: int) -> ExecutionLimits:
    return ExecutionLimits(
        limits.cell_timeout_s, limits.notebook_timeout_s, limits.call_timeout_s, memory_mb
    )


def test_a_kernel_serves_one_run_and_only_one_it_was_started_for(tmp_path: Path) -> None:
    with StartedKernel(Launch.of(LIMITS, None)) as kernel:
        with pytest.raises(ValueError, match="another launch"):
            _run(kernel, limits=replace_memory(LIMITS, 1024))  # refused before it is claimed
        assert [c.status for c in _run(kernel).cells] == ["ok"]
        with pytest.raises(RuntimeError, match="one run only"):
            _run(kernel)
        workdir, root = kernel.workdir, kernel.root
    assert not workdir.exists() and not root.exists()


@pytest.mark.parametrize("sandboxed", [True, False], ids=["sandboxed", "unsandboxed"])
def test_a_kernel_that_ends_itself_mid_run_is_closed_without_error(sandboxed: bool) -> None:
    if sandboxed and bwrap_path() is None:
        pytest.skip("bubblewrap is not installed")
    before = set(children_of_this_process())
    with StartedKernel(Launch.of(LIMITS, Sandbox() if sandboxed else None)) as kernel:
        result = _run(kernel, "import os\nos._exit(1)")
        assert result.kernel_died
    assert set(children_of_this_process()) - before == set()
    assert children_of_this_process("Z") == []
    assert not kernel.root.exists() and not kernel.workdir.exists()


def test_a_spare_that_does_not_fit_or_has_died_is_replaced(tmp_path: Path) -> None:
    if bwrap_path() is None:
        pytest.skip("bubblewrap is not installed")
    spares, boxed, plain = Spares(), Launch.of(LIMITS, Sandbox()), Launch.of(LIMITS, None)
    before = set(children_of_this_process())
    try:
        with spares.take(boxed) as first:
            assert first.launch == boxed
            _run(first)  # once it is ready, the next kernel is started
        spare = spares.spare
        assert spare is not None and spare.launch == boxed and spare.alive()
        with spares.take(plain) as second:  # another launch: the spare is not handed out
            assert second is not spare and second.launch == plain
            assert not spare.root.exists(), "the spare that did not fit was shut down"
            _run(second)
        dead = spares.spare
        assert dead is not None and dead.launch == plain
        os.kill(dead.manager.provisioner.process.pid, signal.SIGKILL)
        dead.manager.provisioner.process.wait()
        with spares.take(plain) as third:
            assert third is not dead and third.alive()
            assert [c.status for c in _run(third).cells] == ["ok"]
    finally:
        spares.close()
    assert set(children_of_this_process()) - before == set()


@pytest.mark.parametrize("sandboxed", [True, False], ids=["sandboxed", "unsandboxed"])
def test_a_kernel_starts_with_numpy_but_without_the_debugger_or_a_history_file(
    sandboxed: bool,
) -> None:
    """What only costs each kernel's start is left out: ipykernel's debugger (debugpy) and
    IPython's history database; the notebook's code can still import debugpy. numpy, which
    the guard imports before any student code anyway, is loaded while the kernel starts, and
    the notebook's namespace holds nothing of that start."""
    if sandboxed and bwrap_path() is None:
        pytest.skip("bubblewrap is not installed")
    source = (
        "import sys\n"
        "names = sorted(k for k in globals() if not k.startswith('_') and k != 'sys')\n"
        "import debugpy\n"
        "started = sys.modules['ipykernel.debugger']._is_debugpy_available\n"
        "history = get_ipython().history_manager.enabled\n"
        "seen = (started, history, debugpy.__name__, 'numpy' in sys.modules, names)\n"
        "open('seen.txt', 'w').write(repr(seen))"
    )
    with StartedKernel(Launch.of(LIMITS, Sandbox() if sandboxed else None)) as kernel:
        run = KernelRun(
            (CodeCell(0, None, source),),
            {},
            LIMITS,
            kernel.workdir,
            kernel.root / "keep",
            kernel.launch.sandbox,
            guard=False,  # the guard would import numpy itself
        )
        assert [c.status for c in run_kernel(run, kernel).cells] == ["ok"]
        seen = (kernel.workdir / "seen.txt").read_text()
        names = ["In", "Out", "exit", "get_ipython", "open", "quit"]
        assert seen == repr((False, False, "debugpy", True, names))
        home = kernel.root / "home"
        assert not [p for p in home.rglob("*") if p.suffix == ".sqlite"]


SHORT = ExecutionLimits(cell_timeout_s=30, notebook_timeout_s=20)  # 02 beside 01, say
CPU_LIMIT_TO_FILE = (
    "import resource\n"
    "open('cpu-limit.txt', 'w').write(repr(resource.getrlimit(resource.RLIMIT_CPU)))"
)


def _cpu_limit(kernel: StartedKernel, limits: ExecutionLimits) -> tuple[int, int]:
    _run(kernel, CPU_LIMIT_TO_FILE, limits)
    return tuple(int(n) for n in (kernel.workdir / "cpu-limit.txt").read_text()[1:-1].split(","))


@pytest.mark.parametrize("guard", [True, False], ids=["guarded", "unguarded"])
def test_a_kernel_started_with_a_higher_cpu_limit_runs_under_the_run_s_own(guard: bool) -> None:
    """A spare started for the longest notebook serves a shorter one: before any student code
    the kernel has lowered its CPU time limit to the run's, which it can no longer raise."""
    long, short = Launch.of(LIMITS, None), Launch.of(SHORT, None)
    assert long.serves(short) and not short.serves(long) and long.serves(long)
    assert not long.serves(Launch.of(replace_memory(SHORT, 1024), None))
    with StartedKernel(long) as kernel:
        cells = (CodeCell(0, None, CPU_LIMIT_TO_FILE),)
        run = KernelRun(cells, {}, SHORT, kernel.workdir, kernel.root / "keep", guard=guard)
        assert [c.status for c in run_kernel(run, kernel).cells] == ["ok"]
        limit = (kernel.workdir / "cpu-limit.txt").read_text()
    assert limit == repr((short.cpu_seconds, short.cpu_seconds + 5))
    with StartedKernel(long) as kernel:  # a run that wants the kernel's own limit keeps it
        assert _cpu_limit(kernel, LIMITS) == (long.cpu_seconds, long.cpu_seconds + 5)


def test_spares_fit_a_batch_that_alternates_between_time_limits() -> None:
    """01 and 02 alternate in a batch (each student's both notebooks): once the longer limit
    was wanted, every spare is started with it, so each next submission finds its kernel
    ready, whichever of the two it is."""
    spares, long, short = Spares(), Launch.of(LIMITS, None), Launch.of(SHORT, None)
    before = set(children_of_this_process())
    try:
        with spares.take(long) as first:  # nothing started ahead yet: started for the run
            assert first.launch == long
            _run(first)
        for launch, limits in ((short, SHORT), (long, LIMITS), (short, SHORT)):
            spare = spares.spare
            assert spare is not None and spare.launch == long
            with spares.take(launch) as kernel:
                assert kernel is spare
                assert _cpu_limit(kernel, limits) == (launch.cpu_seconds, launch.cpu_seconds + 5)
    finally:
        spares.close()
    assert set(children_of_this_process()) - before == set()


def test_the_waits_on_a_kernel_end_when_it_answers_and_when_it_exits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kernel that is up is ready after its welcome, kernel_info's reply and idle status,
    with no wait running into its timeout; its exit is awaited without a 0.1 s poll."""
    with StartedKernel(Launch.of(LIMITS, None)) as kernel:
        client = kernel.manager.client()
        client.start_channels()
        timeouts: list[str] = []
        for name in ("iopub_channel", "shell_channel"):
            channel = getattr(client, name)
            original = channel.get_msg

            async def recorded(*args: Any, _original: Any = original, **kw: Any) -> Any:
                try:
                    return await _original(*args, **kw)
                except Empty:
                    timeouts.append(f"{kw.get('timeout')} s")
                    raise

            monkeypatch.setattr(channel, "get_msg", recorded)
        run_sync(client.wait_for_ready)(timeout=60)  # a kernel starting may keep it waiting
        timeouts.clear()
        run_sync(client.wait_for_ready)(timeout=60)  # again, on a kernel that is surely up
        assert timeouts == [], "a wait on a kernel that was up ran into its timeout"
        client.stop_channels()
        polls: list[float] = []
        sleep = asyncio.sleep

        async def counted(delay: float, *args: Any) -> Any:
            polls.append(delay)
            return await sleep(delay, *args)

        monkeypatch.setattr(asyncio, "sleep", counted)
        run_sync(kernel.manager.shutdown_kernel)(now=True)
        assert not kernel.manager.has_kernel
        assert [delay for delay in polls if delay >= 0.1] == []
