"""The launcher that every kernel and measuring process starts under: it hands back its child's
exit code, and its child never outlives the grader, whether it learns of an exit from the kernel
(process file descriptors) or by polling where there are none."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from grader.execute import launcher


def _launch(child: list[str]) -> subprocess.CompletedProcess[str]:
    command = [*launcher.launcher_command(memory_mb=1024, cpu_seconds=30), *child]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_the_launcher_exits_with_its_childs_exit_code() -> None:
    done = _launch([sys.executable, "-c", "print('child ran'); raise SystemExit(3)"])
    assert (done.returncode, done.stdout) == (3, "child ran\n")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_the_child_is_killed_when_the_grader_is() -> None:
    """A stand-in grader starts the launcher with a long-sleeping child and is then killed with
    SIGKILL (it cannot clean up): the launcher sees it and kills the child."""
    grader = textwrap.dedent(
        """
        import subprocess, sys
        from grader.execute.launcher import launcher_command
        sleep = "import os, time; print(os.getpid(), flush=True); time.sleep(600)"
        child = [*launcher_command(1024, 700), sys.executable, "-c", sleep]
        process = subprocess.Popen(child, stdout=subprocess.PIPE, text=True)
        print(process.stdout.readline().strip(), flush=True)
        process.wait()
        """
    )
    stand_in = subprocess.Popen(
        [sys.executable, "-c", grader], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert stand_in.stdout is not None
    sleeper = int(stand_in.stdout.readline())
    assert _alive(sleeper)
    os.kill(stand_in.pid, signal.SIGKILL)
    stand_in.wait(timeout=30)
    deadline = time.monotonic() + 30
    while _alive(sleeper) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(sleeper)


def test_without_process_file_descriptors_the_launcher_polls(monkeypatch) -> None:
    def unsupported(pid: int) -> int:
        raise OSError("pidfd_open: not supported here")

    monkeypatch.setattr(os, "pidfd_open", unsupported)
    started = time.monotonic()
    launcher._exit_watch(os.getpid(), os.getppid())()
    assert time.monotonic() - started >= 0.2  # the poll's sleep, not a wait on an event
