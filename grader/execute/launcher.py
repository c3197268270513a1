"""Starts a kernel under OS limits: ``python -m grader.execute.launcher [options] -- COMMAND...``.

The limits are set on this process (and it joins the kernel's pids cgroup, if there is one); then
it starts COMMAND as its only child and watches over it. The sandbox and the ipykernel inside it
inherit every limit, however the student's code misbehaves, and die with the grader. Python-level
timeouts can be caught or blocked by student code; ``RLIMIT_CPU``, ``RLIMIT_AS`` and ``pids.max``
cannot. Where the OS has no ``resource`` module or no ``fork`` (Windows), the command runs as a
plain child with the limits the OS offers (none), watched the same way: a student's self-check
on a laptop still works, it is only not contained.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

from grader.execute.cgroup import join

MAX_FILE_BYTES = 256 * 1024 * 1024
CPU_GRACE_S = 5  # SIGXCPU at the limit, SIGKILL this much later
PR_SET_PDEATHSIG = 1


def launcher_command(memory_mb: int, cpu_seconds: int, cgroup: Path | None = None) -> list[str]:
    """The command prefix that runs what follows ``--`` under these limits, tied to this
    process: the grader's kernels and its model-measuring processes both start this way."""
    command = [
        sys.executable,
        "-m",
        "grader.execute.launcher",
        f"--memory-mb={memory_mb}",
        f"--cpu-seconds={cpu_seconds}",
        f"--grader-pid={os.getpid()}",
    ]
    if cgroup is not None:
        command.append(f"--cgroup={cgroup}")
    return [*command, "--"]


def apply_limits(memory_mb: int, cpu_seconds: int) -> None:
    if resource is None:
        return
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + CPU_GRACE_S))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # past the file-size limit a write then fails with an error the student sees, instead of
    # SIGXFSZ killing the whole kernel (an ignored signal stays ignored across exec)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def lower_cpu_limit_source(cpu_seconds: int) -> str:
    """A line a kernel runs, before any student code, to lower the CPU time limit it was
    started with to a run's own, as ``apply_limits`` sets it: a process may lower its limits,
    never raise them again, so one kernel started for the longest notebook serves any. Empty
    where the OS sets no limits."""
    if resource is None:
        return ""
    limits = (cpu_seconds, cpu_seconds + CPU_GRACE_S)
    return f"__import__('resource').setrlimit(__import__('resource').RLIMIT_CPU, {limits!r})\n"


def _die_with_parent() -> None:
    """SIGKILL this process when its parent's thread ends (Linux; survives exec)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the parent poller remains
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def supervise(command: list[str], grader: int) -> int:
    """Runs COMMAND as a child that cannot outlive this launcher, nor this launcher the grader.

    bubblewrap's --die-with-parent only ties the sandbox to bubblewrap. The child therefore
    gets a parent-death signal tied to this process, which stays alive as its parent; and this
    process kills the child as soon as the grader that started it is gone (killed with SIGKILL,
    say), so no sandbox outlives a crashed grader.
    """
    launcher = os.getpid()
    if os.getppid() != grader:  # the grader died while this launcher was starting
        return 1
    if not hasattr(os, "fork"):
        return _watch_plain_child(command, grader)
    child = os.fork()
    if child == 0:
        _die_with_parent()
        if os.getppid() != launcher:
            os._exit(1)
        os.execvp(command[0], command)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts are for the kernel, not for us
    signal.signal(signal.SIGTERM, lambda signum, frame: os.kill(child, signal.SIGTERM))
    wake = _exit_watch(child, grader)
    while True:
        pid, status = os.waitpid(child, os.WNOHANG)
        if pid:
            return os.waitstatus_to_exitcode(status)
        if os.getppid() != grader:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            return 1
        wake()


def _exit_watch(child: int, grader: int) -> Callable[[], object]:
    """What waits until the child or the grader may have ended: the kernel tells us through
    process file descriptors (Linux 5.3+) the moment either exits; elsewhere a 0.2 s poll."""
    try:
        watched = [os.pidfd_open(child), os.pidfd_open(grader)]
    except (AttributeError, OSError):  # no pidfd here, or the grader is already gone
        return lambda: time.sleep(0.2)
    poller = select.poll()
    for descriptor in watched:
        poller.register(descriptor, select.POLLIN)
    return lambda: poller.poll(1000)  # a signal (SIGTERM passed on) may also wake it: re-check


def _watch_plain_child(command: list[str], grader: int) -> int:
    """Without fork (Windows): the child is a plain process, killed when the grader is gone."""
    child = subprocess.Popen(command)
    while child.poll() is None:
        if os.getppid() != grader:
            child.kill()
            child.wait()
            return 1
        time.sleep(0.2)
    return child.returncode


def main(argv: list[str]) -> None:
    if "--" not in argv:
        raise SystemExit("usage: python -m grader.execute.launcher [options] -- COMMAND...")
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="grader.execute.launcher")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--cgroup", type=Path, help="a pids cgroup folder to join first")
    parser.add_argument("--grader-pid", type=int, required=True, help="the process to die with")
    options = parser.parse_args(argv[:split])
    if options.cgroup is not None:
        join(options.cgroup)
    apply_limits(options.memory_mb, options.cpu_seconds)
    sys.exit(supervise(argv[split + 1 :], options.grader_pid))


if __name__ == "__main__":
    main(sys.argv[1:])
