"""Starts an ipykernel under OS limits: ``python -m grader.kernel_launcher --memory-mb N -- ARGS``.

The limits are set on this process and then it becomes the kernel (exec), so they hold for the
student's code and everything it starts, however it misbehaves. Python-level timeouts alone can be
caught or blocked by student code; ``RLIMIT_CPU`` and ``RLIMIT_AS`` cannot.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_PROCESSES = 256


def apply_limits(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (MAX_PROCESSES, MAX_PROCESSES))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="grader.kernel_launcher")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("kernel_args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    apply_limits(options.memory_mb, options.cpu_seconds)
    kernel_args = [arg for arg in options.kernel_args if arg != "--"]
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *kernel_args])


if __name__ == "__main__":
    main(sys.argv[1:])
