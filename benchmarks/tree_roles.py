"""Names the processes of a grading tree by their role, so a benchmark can say which one weighs.

A role comes from the command line and the ancestry: the tree's root is the coordinator
(``grader grade``, ``nbgrader autograde``); ``multiprocessing`` spawn children are workers (and
the resource tracker); the grader's kernels start as ``grader.execute.launcher``, which forks a
``bwrap`` sandbox (student kernels) or the kernel itself (reference kernels); a kernel is named
by whether it runs inside bubblewrap and whose it is (a worker's, or the coordinator's, which
grades each reference once before the batch: the preflight).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from process_tree import MB, ProcessPeak, TreeMeasurement

SHOWN_PROCESSES = 6


def _kind(process: ProcessPeak) -> str:
    if not process.command:
        return "(gone before read)"
    argv = list(process.command)
    head = " ".join(argv[: argv.index("--")] if "--" in argv else argv)  # not what it starts
    program = Path(argv[0]).name
    if program == "bwrap":
        return "bwrap"
    if "resource_tracker" in head:
        return "resource tracker"
    if "multiprocessing" in head and "spawn_main" in head:
        return "worker"
    if "grader.execute.launcher" in head:
        return "launcher"
    if "grader.execute.evaluate_model" in head:
        return "model measuring"
    if "ipykernel" in head:  # ipykernel_launcher, or the grader's start of ipykernel's app
        return "kernel"
    return program


def roles(figures: TreeMeasurement) -> dict[int, str]:
    """pid -> role, e.g. ``kernel in bwrap (worker's)`` or ``coordinator``."""
    by_pid = {p.pid: p for p in figures.processes}
    root = figures.processes[0].pid if figures.processes else -1
    kinds = {p.pid: "coordinator" if p.pid == root else _kind(p) for p in figures.processes}

    def ancestors(process: ProcessPeak) -> list[str]:
        found: list[str] = []
        parent = by_pid.get(process.parent)
        while parent is not None and len(found) < len(by_pid):
            found.append(kinds[parent.pid])
            parent = None if parent.pid == root else by_pid.get(parent.parent)
        return found

    named: dict[int, str] = {}
    for process in figures.processes:
        kind = kinds[process.pid]
        if kind in ("kernel", "bwrap", "launcher", "model measuring"):
            above = ancestors(process)
            owner = next((a for a in above if a in ("worker", "coordinator")), "?")
            where = " in bwrap" if kind != "bwrap" and "bwrap" in above else ""
            kind = f"{kind}{where} ({owner}'s)"
        named[process.pid] = kind
    return named


def print_roles(name: str, figures: TreeMeasurement) -> None:
    """Per role: how many processes, the largest one's peak, what the role held at the tree's
    peak and the CPU time of all its processes; then the largest processes, with command lines."""
    named = roles(figures)
    peaks: dict[str, list[int]] = defaultdict(list)
    cpu: dict[str, float] = defaultdict(float)
    for process in figures.processes:
        peaks[named[process.pid]].append(process.peak_rss)
        cpu[named[process.pid]] += process.cpu_s
    at_peak: dict[str, int] = defaultdict(int)
    for pid, rss in figures.at_peak:
        at_peak[named.get(pid, "?")] += rss
    print(
        f"\n{name}: tree peak {figures.peak_tree_rss / MB:.0f} MB, "
        f"{len(figures.processes)} processes, {figures.samples} samples "
        f"(sampler CPU {figures.sampler_cpu_s:.1f} s)"
    )
    print(f"  {'role':<34}{'count':>6}{'largest MB':>12}{'at tree peak MB':>17}{'CPU s':>8}")
    order = sorted(peaks, key=lambda role: (-at_peak.get(role, 0), -max(peaks[role])))
    for role in order:
        print(
            f"  {role:<34}{len(peaks[role]):>6}{max(peaks[role]) / MB:>12.0f}"
            f"{at_peak.get(role, 0) / MB:>17.0f}{cpu[role]:>8.1f}"
        )
    largest = sorted(figures.processes, key=lambda p: -p.peak_rss)[:SHOWN_PROCESSES]
    for process in largest:
        command = " ".join(" ".join(process.command).split())  # a -c program on one line
        if len(command) > 70:
            command = command[:67] + "..."
        print(f"    {process.peak_rss / MB:6.0f} MB  {named[process.pid]:<30} {command}")
