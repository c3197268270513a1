"""The figures of ../shared/threats.md's last section, from the adversarial corpus.

Grades every case of tests/adversarial/cases (plus the two made at run time) as one sandboxed
batch, then prints: attacks tried per category, undeserved points awarded (goal 0), cases flagged
for review, the honest controls (cases named ``*control*``: every point they deserve), the
statuses of the fault cases, and the containment checks (canary paths, surviving
processes). Usage: python benchmarks/adversarial_figures.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from adversarial.corpus import run
from leftovers import surviving_processes


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        outcomes, _ = run(Path(work))
    seconds = time.perf_counter() - started
    by_category: dict[str, list] = defaultdict(list)
    for outcome in outcomes:
        by_category[outcome.category].append(outcome)
    print(f"{len(outcomes)} cases graded as one sandboxed batch in {seconds:.0f} s")
    print(f"{'category':<10}{'cases':>6}{'undeserved points':>19}{'flagged':>9}{'mismatches':>12}")
    for category in sorted(by_category):
        cases = by_category[category]
        undeserved = sum(o.undeserved for o in cases)
        flagged = sum(o.flagged for o in cases)
        mismatches = sum(bool(o.problems) for o in cases)
        print(f"{category:<10}{len(cases):>6}{undeserved:>19g}{flagged:>9}{mismatches:>12}")
    controls = [o for o in outcomes if "control" in o.case]
    kept = sum(o.points == o.expected.get("points") for o in controls)
    print(f"honest controls: {len(controls)} cases, {kept} got exactly the points they deserve")
    statuses = Counter(o.status or "not placed" for o in outcomes)
    print("statuses: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    for outcome in outcomes:
        for problem in outcome.problems:
            print(f"MISMATCH {outcome.case}: {problem}")
    survivors = surviving_processes(["esc05-heartbeat", "sleep 3600"])
    print(f"surviving submission processes: {len(survivors)}")


if __name__ == "__main__":
    main()
