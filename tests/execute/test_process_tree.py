"""The benchmarks' process-tree sampler (benchmarks/process_tree.py) measures what it claims.

Real processes allocate known amounts and hold them until every one of them has: the tree's
peak must see them all at once, the largest single process (all that GNU time's maximum RSS
reports) only one.
"""

from __future__ import annotations

import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from process_tree import MB, measure, measure_call

pytestmark = pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")

HELD_MB = 120

# A process that allocates HELD_MB of touched memory, says so, and holds it until stdin closes.
HOLDER = textwrap.dedent(
    f"""
    import sys
    held = b"x" * ({HELD_MB} * 1024 * 1024)
    print("ready", flush=True)
    sys.stdin.read()
    """
)

# A plain relay that starts the holder given as its argument as its own child (a grandchild).
RELAY = "import subprocess, sys; sys.exit(subprocess.call([sys.executable, '-c', sys.argv[1]]))"


def _parent(children: int, nested: bool = False) -> str:
    """A parent that starts CHILDREN holders (each one level deeper when NESTED: a child, a
    grandchild, ...), waits until all hold their memory, holds on a third of a second, then ends
    them."""
    return textwrap.dedent(
        f"""
        import subprocess, sys, time
        HOLDER, RELAY = {HOLDER!r}, {RELAY!r}
        command = [sys.executable, "-c", *([RELAY] if {nested!r} else []), HOLDER]
        procs = [
            subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            for _ in range({children})
        ]
        for p in procs:
            assert p.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        for p in procs:
            p.stdin.close()
            assert p.wait() == 0
        """
    )


def test_the_tree_peak_sees_both_children_the_single_peak_only_one() -> None:
    figures = measure([sys.executable, "-c", _parent(2)])
    assert figures.exit_code == 0
    holders = [p for p in figures.processes if p.peak_rss >= HELD_MB * MB]
    assert len(holders) == 2
    # both held at once, plus the parent's interpreter
    assert figures.peak_tree_rss >= 2 * HELD_MB * MB
    assert figures.peak_tree_private >= 2 * HELD_MB * MB * 0.95
    # one holder: its memory plus its own interpreter (well under 60 MB), never two
    assert HELD_MB * MB <= figures.peak_single_rss < (HELD_MB + 60) * MB
    assert figures.peak_tree_rss - figures.peak_single_rss >= HELD_MB * MB
    # what the tree held at its peak: both holders and the parent
    at_peak = dict(figures.at_peak)
    assert {p.pid for p in holders} <= at_peak.keys()
    assert len(at_peak) == 3


def test_grandchildren_count_and_carry_their_command_lines() -> None:
    figures = measure([sys.executable, "-c", _parent(2, nested=True)])
    assert figures.exit_code == 0
    assert len(figures.processes) == 5  # parent, two relays, two holders
    assert figures.peak_tree_rss >= 2 * HELD_MB * MB
    holders = [p for p in figures.processes if p.peak_rss >= HELD_MB * MB]
    relays = {p.parent for p in holders}
    assert len(holders) == 2 and all("held = " in " ".join(p.command) for p in holders)
    assert all(figures.process(relay).parent == figures.processes[0].pid for relay in relays)


def test_an_orphan_reparented_away_still_counts(tmp_path: Path) -> None:
    """A double fork: the middle process exits at once, the holder lives on under init."""
    ready = tmp_path / "ready"
    orphan = textwrap.dedent(
        f"""
        import os, time
        if os.fork() == 0:
            middle = os.getpid()
            if os.fork() == 0:
                while os.getppid() == middle:  # allocate only once orphaned
                    time.sleep(0.01)
                held = b"x" * ({HELD_MB} * 1024 * 1024)
                open({str(ready)!r}, "w").close()
                time.sleep(0.5)
                os._exit(0)
            time.sleep(0.3)  # the sampler sees the holder while its parent is alive
            os._exit(0)
        os.wait()
        for _ in range(200):
            if os.path.exists({str(ready)!r}):
                break
            time.sleep(0.05)
        time.sleep(0.6)
        """
    )
    figures = measure([sys.executable, "-c", orphan])
    assert figures.exit_code == 0
    assert ready.exists()
    assert figures.peak_tree_rss >= HELD_MB * MB


def test_a_child_between_fork_and_exec_does_not_count_its_parent_twice() -> None:
    """The parent holds HELD_MB and starts children that wait 100 ms between fork and exec:
    in that window each shows the parent's pages as its own resident set."""
    forks = textwrap.dedent(
        f"""
        import subprocess, sys, time
        held = b"x" * ({HELD_MB} * 1024 * 1024)
        for _ in range(3):
            subprocess.run([sys.executable, "-c", "import time; time.sleep(0.2)"],
                           preexec_fn=lambda: time.sleep(0.1), check=True)
        """
    )
    figures = measure([sys.executable, "-c", forks])
    assert figures.exit_code == 0
    _root, *children = figures.processes
    assert len(children) == 3
    assert HELD_MB * MB <= figures.peak_tree_rss < (HELD_MB + 60) * MB
    assert all(child.peak_rss < 60 * MB for child in children)  # their own interpreter only
    assert all(child.command[-1] == "import time; time.sleep(0.2)" for child in children)


def test_a_forked_child_that_keeps_running_counts() -> None:
    """A fork that never execs (a prefork server, bwrap's own init) is a process of its own."""
    forked = textwrap.dedent(
        f"""
        import os, time
        if os.fork() == 0:
            held = b"x" * ({HELD_MB} * 1024 * 1024)
            time.sleep(0.4)
            os._exit(0)
        os.wait()
        """
    )
    figures = measure([sys.executable, "-c", forked])
    assert figures.exit_code == 0
    assert figures.peak_tree_rss >= HELD_MB * MB
    assert figures.processes[1].command == figures.processes[0].command


def test_the_cpu_time_of_a_grandchild_counts() -> None:
    # a second after the burn: on a busy machine the sampler is scheduled late, yet sees it end
    burn = "import time\nwhile time.process_time() < 0.5: pass\ntime.sleep(1.0)"
    middle = f"import subprocess, sys; sys.exit(subprocess.call([sys.executable, '-c', {burn!r}]))"
    figures = measure([sys.executable, "-c", RELAY, middle])
    assert figures.exit_code == 0
    root, child, grandchild = figures.processes
    assert grandchild.parent == child.pid and child.parent == root.pid
    assert grandchild.cpu_s >= 0.45
    assert figures.cpu_s >= round(grandchild.cpu_s + child.cpu_s + root.cpu_s, 6)  # 0.49+0.04+0.05


def _allocate(megabytes: int) -> int:
    held = b"x" * (megabytes * MB)
    time.sleep(0.3)  # long enough for the sampler to see it
    return len(held)


def test_a_callable_runs_in_a_fresh_interpreter_and_is_measured() -> None:
    result, figures = measure_call(_allocate, 80)
    assert result == 80 * MB
    assert figures.peak_tree_rss >= 80 * MB
    assert figures.wall_s > 0 and figures.samples >= 1
