"""What a grader run leaves behind, for tests and benchmarks that kill or attack it: the grades
recorded so far (read while another process may still write), and processes that outlived it."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path


def recorded_grades(out: Path) -> dict[str, str]:
    """Student -> when and in which run the grade was recorded; empty while there is none."""
    try:
        with sqlite3.connect(out / "gradebook.sqlite") as db:
            return dict(db.execute("SELECT student, graded_at || '#' || run_id FROM submissions"))
    except sqlite3.Error:
        return {}


def command_line(pid: int) -> str:
    """A process's command line, its arguments joined by spaces (OSError once it is gone)."""
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="ignore")


def _processes() -> Iterator[tuple[str, str]]:
    """(parent pid, command line) of every process."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = command_line(int(entry.name))
        except OSError:
            continue
        parent = next(
            (line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), ""
        )
        yield parent, command


def kernels_in(inside: Path, orphaned: bool = False) -> list[str]:
    """Kernel launchers and sandboxes whose command line names a path in ``inside`` (a test's own
    temporary folder, where its grader put every kernel's scratch folder, so that another test's
    kernels never count); with ``orphaned``, only those adopted by init."""
    return [
        command[:120]
        for parent, command in _processes()
        if ("grader.execute.launcher" in command or command.startswith("/usr/bin/bwrap"))
        and str(inside) in command
        and (parent == "1" or not orphaned)
    ]


def orphaned_kernels(inside: Path, patience: float = 30.0) -> list[str]:
    """The kernels in ``inside`` that outlived their grader. A launcher notices its grader is
    gone at once, but on a busy machine its kernel takes a moment to end: it is given
    ``patience`` seconds before what is still there is returned."""
    deadline = time.monotonic() + patience
    while (left := kernels_in(inside, orphaned=True)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def surviving_processes(markers: list[str]) -> list[str]:
    """Processes whose command line holds one of the markers a submission started them with."""
    return [command[:120] for _, command in _processes() if any(m in command for m in markers)]


def children_of_this_process(state: str | None = None) -> list[int]:
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
