"""Where one ``grader check`` spends its time: each phase with its start and end, in seconds from
this process' start (issue 26's first question for 04).

It runs ``grader check NOTEBOOK ARGS...`` in this process with timers around the phases: the
CLI's import, the reference cache, the kernel's start and readiness, each cell and harvest, the
measuring process (its start, and its run from the moment it is given its job), the scoring and
the report. Phases in the measuring thread overlap the kernel's: both run at once. The load
average is printed with the figures (the machine may be shared).

Usage: python benchmarks/check_phases.py NOTEBOOK [--course DIR | --kit DIR --data ...]
"""

from __future__ import annotations

import functools
import io
import os
import sys
import threading
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from typing import Any

STARTED = time.perf_counter()
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import grader.cli.main as cli  # noqa: E402  (its import is the first phase)
from grader.execute import kernel, measure, started  # noqa: E402
from grader.grading import submission  # noqa: E402

IMPORTED = time.perf_counter()
Phase = tuple[str, str, float, float]  # label, thread, start, end
PHASES: list[Phase] = []


def _record(label: str, start: float) -> None:
    thread = threading.current_thread().name
    PHASES.append((label, thread, start - STARTED, time.perf_counter() - STARTED))


def _timed(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _record(label, start)

    setattr(owner, name, timed)


def _timed_ready() -> None:
    original = started.WelcomedClient.wait_for_ready

    async def ready(self: started.WelcomedClient, timeout: float | None = None) -> None:
        start = time.perf_counter()
        try:
            await original(self, timeout)
        finally:
            _record("kernel: waiting until it answers", start)

    started.WelcomedClient.wait_for_ready = ready  # type: ignore[method-assign]


def instrument() -> None:
    _timed_ready()
    for owner, name, label in (
        (submission, "grade_notebook", "grading, in all"),
        (submission.GradingSession, "cached", "reference cache read"),
        (submission.GradingSession, "images", "evaluation images loaded"),
        (started.StartedKernel, "__init__", "kernel: started (launcher, sandbox)"),
        (kernel, "_execute_setup", "kernel: guard's setup cell"),
        (kernel, "_execute_one", "kernel: a cell or harvest"),
        (started.StartedKernel, "close", "kernel: shut down"),
        (measure.StartedMeasurer, "__init__", "measuring: process started"),
        (measure.StartedMeasurer, "_run", "measuring: given its job, until it ends"),
        (submission, "resolve", "answers resolved"),
        (submission, "score", "scored"),
        (cli, "_print_result", "report printed"),
    ):
        _timed(owner, name, label)


def main(argv: list[str]) -> None:
    instrument()
    with redirect_stdout(io.StringIO()):
        code = cli.main(["check", *argv])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"exit {code}; load average (1 min) {load:.2f}")
    print(f"  {'CLI import':<44}{'MainThread':<24}{0:7.2f} -> {IMPORTED - STARTED:6.2f}")
    for label, thread, start, end in sorted(PHASES, key=lambda phase: phase[2]):
        print(f"  {label:<44}{thread[:22]:<24}{start:7.2f} -> {end:6.2f}  ({end - start:5.2f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
