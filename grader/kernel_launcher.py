"""Starts a kernel under OS limits: ``python -m grader.kernel_launcher [options] -- COMMAND...``.

The limits are set on this process (and it joins the kernel's pids cgroup, if there is one), then
it becomes COMMAND (exec): the sandbox and the ipykernel inside it inherit all of it, however the
student's code misbehaves. Python-level timeouts can be caught or blocked by student code;
``RLIMIT_CPU``, ``RLIMIT_AS`` and ``pids.max`` cannot.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
from pathlib import Path

from grader.cgroup import join

MAX_FILE_BYTES = 256 * 1024 * 1024


def apply_limits(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # past the file-size limit a write then fails with an error the student sees, instead of
    # SIGXFSZ killing the whole kernel (an ignored signal stays ignored across exec)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def main(argv: list[str]) -> None:
    if "--" not in argv:
        raise SystemExit("usage: python -m grader.kernel_launcher [options] -- COMMAND...")
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="grader.kernel_launcher")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--cgroup", type=Path, help="a pids cgroup folder to join first")
    options = parser.parse_args(argv[:split])
    command = argv[split + 1 :]
    if options.cgroup is not None:
        join(options.cgroup)
    apply_limits(options.memory_mb, options.cpu_seconds)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
