"""Peak memory of a whole process tree, sampled from /proc while it runs (Linux).

GNU time's "maximum resident set size" (``ru_maxrss``) is the peak of the *largest single
process* among the command and the descendants it waited for: a coordinator that starts workers
that start kernels shows as its biggest member, never as the sum. (``ru_maxrss`` of a child
forked from a big process also starts at that process's size, so it is not reported here; the
largest single process's sampled peak is.) This module runs a command (or
a Python callable in a fresh interpreter) and, every ``interval`` seconds, sums the resident set
of every process in the tree rooted at it: children, grandchildren, kernels, sandboxes. It
returns the wall time, the tree's peak, the largest single process's peak, what the tree was
made of at its peak, and each process's own peak with its command line.

How the tree is found: every sample lists ``/proc`` and reads ``/proc/PID/stat`` once for each
process not seen before; a new process belongs to the tree when its parent does. A member stays
one as long as it lives, so a process orphaned and reparented to init (a double fork, a sandbox
whose parent died) still counts; a pid that vanishes is forgotten, so a reused pid is judged
afresh. A process that lives less than one interval may be missed; a kernel or a worker lives
seconds. A child caught between fork and exec (whose resident set is its parent's pages) is not
counted until it has exec'd (see ``_Member.counted_from``).

Summed RSS counts pages shared between processes (the same libraries mapped in a worker and its
kernels) once per process, as ``ps`` does; ``peak_tree_private`` sums only each process's
resident pages that are not file-backed or shared memory (``statm`` resident minus shared), a
lower bound without that double count. CPU time is each process's user + system time as last
sampled (a process's last interval is missed; ``ru_utime`` would miss every process its parent
never reaped). The sampler's own CPU time is reported: on a loaded machine it competes with what
it measures.

Usage as a script: ``python benchmarks/process_tree.py [--interval S] -- COMMAND...``
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
MB = 1024 * 1024
DEFAULT_INTERVAL_S = 0.025

# A fresh interpreter runs the pickled callable: it sees the caller's sys.path, so functions
# of a benchmark script (whose folder is on sys.path) can be measured.
_CALL = """\
import pickle, sys
with open(sys.argv[1], "rb") as f:
    sys.path[:0] = [p for p in pickle.load(f) if p not in sys.path]  # before the function loads
    function, args, kwargs = pickle.load(f)
result = function(*args, **kwargs)
with open(sys.argv[2], "wb") as f:
    pickle.dump(result, f)
"""


@dataclass(frozen=True)
class ProcessPeak:
    """One process of the tree: its own peak, and the command line it last had."""

    pid: int
    parent: int
    command: tuple[str, ...]
    peak_rss: int  # bytes
    cpu_s: float  # user + system, as last sampled
    first_seen_s: float  # seconds after the start
    last_seen_s: float


@dataclass(frozen=True)
class TreeMeasurement:
    command: tuple[str, ...]
    exit_code: int
    wall_s: float
    peak_tree_rss: int  # bytes: the largest sum of RSS over the tree's processes at one sample
    peak_tree_private: int  # bytes: the same for RSS minus file-backed and shared pages
    peak_single_rss: int  # bytes: the largest RSS of any one process (GNU time's figure)
    cpu_s: float  # user + system of every process of the tree, as last sampled
    samples: int
    sampler_cpu_s: float  # the sampler thread's own CPU time
    at_peak: tuple[tuple[int, int], ...]  # (pid, rss) of each process at the tree's peak
    processes: tuple[ProcessPeak, ...] = field(default_factory=tuple)

    def process(self, pid: int) -> ProcessPeak:
        return next(p for p in self.processes if p.pid == pid)


@dataclass
class _Member:
    pid: int
    parent: int
    first_sample: int
    parent_command: tuple[str, ...]  # the parent's command line when this process was found
    commands: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # (sample, argv)
    last_sample: int = -1
    cpu_ticks: int = 0

    def counted_from(self) -> int | None:
        """The first sample in which this process's memory is its own, None if never.

        A child caught between fork and exec still runs its parent's program: its RSS is the
        parent's pages (all of them after a vfork, which shares them), and summing it would
        count the parent twice. Such samples are left out until the child has exec'd; a child
        that runs its parent's program for longer than one sample is a process of its own.
        """
        if not self.commands or self.commands[0][1] != self.parent_command:
            return self.first_sample
        changed = next(
            (index for index, argv in self.commands if argv != self.parent_command), None
        )
        if changed is not None:
            return changed
        return self.first_sample if self.last_sample > self.first_sample else None


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, user + system clock ticks) of a process, None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    fields = raw.rsplit(b")", 1)[1].split()  # the command name may hold spaces and parens
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _statm(pid: int) -> tuple[int, int] | None:
    """(resident, shared) bytes of a process, None when it is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            fields = handle.read().split()
    except OSError:
        return None
    return int(fields[1]) * PAGE, int(fields[2]) * PAGE


def _cmdline(pid: int) -> tuple[str, ...]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            raw = handle.read()
    except OSError:
        return ()
    return tuple(part.decode(errors="replace") for part in raw.split(b"\0") if part)


class _Sampler:
    """Samples the tree rooted at one pid from a thread until told to stop; the figures are
    made from the stored samples afterwards (see _Member.counted_from)."""

    def __init__(self, root: int, interval: float) -> None:
        self.root, self.interval = root, interval
        self.started = time.perf_counter()
        self.members: dict[int, _Member] = {}  # the tree's processes alive now
        self.history: list[_Member] = []  # every process ever seen in the tree
        self.strangers: set[int] = set()  # pids seen and found outside the tree
        self.samples: list[dict[int, tuple[int, int]]] = []  # pid -> (rss, shared) per sample
        self.times: list[float] = []
        self.cpu_s = 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _discover(self, index: int) -> None:
        listed = {int(name) for name in os.listdir("/proc") if name.isdigit()}
        self.strangers &= listed  # a pid that vanished may come back as a new process
        for pid in [p for p in self.members if p not in listed]:
            del self.members[pid]
        new: dict[int, int] = {}  # pid -> parent
        for pid in listed - self.strangers - self.members.keys():
            stat = _stat(pid)
            if stat is not None:
                new[pid] = stat[0]
        while True:  # a parent and its child may both be new in this sample
            joined = [
                pid for pid, parent in new.items() if pid == self.root or parent in self.members
            ]
            if not joined:
                break
            for pid in joined:
                parent = new.pop(pid)
                self.members[pid] = _Member(pid, parent, index, _cmdline(parent))
                self.history.append(self.members[pid])
        self.strangers |= new.keys()

    def sample(self) -> None:
        index = len(self.samples)
        self._discover(index)
        sizes: dict[int, tuple[int, int]] = {}
        for member in self.members.values():
            argv = _cmdline(member.pid)  # before the memory: an exec in between errs safe
            statm, stat = _statm(member.pid), _stat(member.pid)
            if statm is None or stat is None:
                continue
            member.cpu_ticks = stat[1]
            if argv and (not member.commands or member.commands[-1][1] != argv):
                member.commands.append((index, argv))
            sizes[member.pid] = statm
            member.last_sample = index
        self.samples.append(sizes)
        self.times.append(time.perf_counter() - self.started)

    def _run(self) -> None:
        thread_started = time.thread_time()
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)
        self.cpu_s = time.thread_time() - thread_started

    def summary(self) -> _Summary:
        counted = {m.pid: m.counted_from() for m in self.history}
        summary = _Summary()
        peaks: dict[int, int] = {}
        for index, sizes in enumerate(self.samples):
            own = {
                pid: size
                for pid, size in sizes.items()
                if counted.get(pid) is not None and index >= counted[pid]  # type: ignore[operator]
            }
            total = sum(rss for rss, _ in own.values())
            summary.peak_private = max(summary.peak_private, sum(r - s for r, s in own.values()))
            if total > summary.peak_tree:
                summary.peak_tree = total
                summary.at_peak = tuple((pid, rss) for pid, (rss, _) in own.items())
            for pid, (rss, _) in own.items():
                peaks[pid] = max(peaks.get(pid, 0), rss)
        summary.peak_single = max(peaks.values(), default=0)
        summary.processes = tuple(
            ProcessPeak(
                m.pid,
                m.parent,
                m.commands[-1][1] if m.commands else (),
                peaks.get(m.pid, 0),
                m.cpu_ticks / TICKS,
                self.times[m.first_sample],
                self.times[max(m.last_sample, m.first_sample)],
            )
            for m in self.history
        )
        return summary


@dataclass
class _Summary:
    peak_tree: int = 0
    peak_private: int = 0
    peak_single: int = 0
    at_peak: tuple[tuple[int, int], ...] = ()
    processes: tuple[ProcessPeak, ...] = ()


def measure(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    interval: float = DEFAULT_INTERVAL_S,
    quiet: bool = True,
) -> TreeMeasurement:
    """Runs COMMAND to its end and samples its process tree meanwhile. Output is discarded when
    ``quiet`` (a benchmark prints its own table); the exit code is returned, never raised."""
    output = subprocess.DEVNULL if quiet else None
    started = time.perf_counter()
    child = subprocess.Popen(
        list(command),
        env=None if env is None else dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=output,
    )
    sampler = _Sampler(child.pid, interval)
    sampler.thread.start()
    try:
        child.wait()
    except BaseException:
        child.kill()
        child.wait()
        raise
    finally:
        wall = time.perf_counter() - started
        sampler.stop.set()
        sampler.thread.join()
    summary = sampler.summary()
    return TreeMeasurement(
        command=tuple(command),
        exit_code=child.returncode,
        wall_s=wall,
        peak_tree_rss=summary.peak_tree,
        peak_tree_private=summary.peak_private,
        peak_single_rss=summary.peak_single,
        cpu_s=sum(p.cpu_s for p in summary.processes),
        samples=len(sampler.samples),
        sampler_cpu_s=sampler.cpu_s,
        at_peak=summary.at_peak,
        processes=summary.processes,
    )


def measure_call(
    function: Callable[..., Any],
    *args: Any,
    interval: float = DEFAULT_INTERVAL_S,
    **kwargs: Any,
) -> tuple[Any, TreeMeasurement]:
    """Calls ``function(*args, **kwargs)`` in a fresh interpreter (nothing of this process's
    memory is inherited) and measures its tree; returns the function's result and the figures.
    The function, its arguments and its result must pickle."""
    with tempfile.TemporaryDirectory(prefix="process-tree-") as scratch:
        call, result = Path(scratch) / "call.pickle", Path(scratch) / "result.pickle"
        call.write_bytes(pickle.dumps(sys.path) + pickle.dumps((function, args, kwargs)))
        figures = measure(
            [sys.executable, "-c", _CALL, str(call), str(result)], interval=interval, quiet=False
        )
        if figures.exit_code != 0:
            raise RuntimeError(f"{function.__qualname__} failed (exit {figures.exit_code})")
        return pickle.loads(result.read_bytes()), figures


def megabytes(size: int) -> str:
    return f"{size / MB:.0f} MB"


def describe(figures: TreeMeasurement) -> str:
    """The figures as a few lines, the largest processes first."""
    lines = [
        f"exit {figures.exit_code}, {figures.wall_s:.2f} s wall, {figures.cpu_s:.2f} s CPU",
        f"tree peak RSS {megabytes(figures.peak_tree_rss)} "
        f"(private {megabytes(figures.peak_tree_private)}), largest process "
        f"{megabytes(figures.peak_single_rss)}",
        f"{figures.samples} samples, sampler CPU {figures.sampler_cpu_s:.2f} s, "
        f"{len(figures.processes)} processes",
    ]
    for process in sorted(figures.processes, key=lambda p: -p.peak_rss)[:10]:
        command = " ".join(process.command)[:90]
        lines.append(f"  {megabytes(process.peak_rss):>8}  pid {process.pid:<8} {command}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=DEFAULT_INTERVAL_S)
    parser.add_argument("command", nargs="+")
    options = parser.parse_args(argv)
    figures = measure(options.command, interval=options.interval, quiet=False)
    print(describe(figures), file=sys.stderr)
    return figures.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
