"""The adversarial corpus (../shared/threats.md) as one sandboxed batch: every case gets its
expected status and points, no case earns an undeserved point, and nothing escapes: no file
outside the submissions' temp folders changes, no process of a submission survives, no secret of
the grader is visible, and no connection gets out (the network cases keep their points only if
every attempt failed)."""

from __future__ import annotations

import json
import os
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from leftovers import surviving_processes

from adversarial.corpus import CASES, ROOT, Outcome, run
from grader.execute.sandbox import bwrap_path

pytestmark = [pytest.mark.kernel, pytest.mark.xdist_group("corpus")]
CASE_NAMES = [
    *sorted(p.name for p in CASES.iterdir()),
    "MAL-09_huge-saved-outputs",
    "MAL-10_symlink-to-reference",
]
IGNORED_PARTS = {"__pycache__"}
# What a sandboxed notebook could aim at on this machine and must leave as it is: the folders bound
# read-only into the sandbox (the interpreter's installation, the grader package) and the course's
# own files (references, exercises, data, the demo's submissions), which the sandbox hides. Nothing
# else of the host exists inside it (``/tmp`` is a fresh tmpfs), so the rest of the machine is
# checked by the canary paths each case names (``must_not_exist``: the files its attack writes).
WATCHED = (
    Path(sysconfig.get_paths()["purelib"]),
    Path(sys.prefix) / "bin",
    ROOT / "grader",
    ROOT / "reference",
    ROOT / "exercises",
    ROOT / "data",
    ROOT / "demo",
)


def _snapshot(roots: tuple[Path, ...] = WATCHED) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file below ``roots``."""
    files: dict[str, tuple[int, int]] = {}
    for root in roots:
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [s for s in subfolders if s not in IGNORED_PARTS]
            for name in names:
                path = os.path.join(folder, name)
                try:
                    info = os.lstat(path)
                except OSError:
                    continue
                files[path] = (info.st_size, info.st_mtime_ns)
    return files


def _changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, object]:
    if bwrap_path() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install bubblewrap for the adversarial corpus")
        pytest.skip("bubblewrap (bwrap) is not installed: the corpus needs the sandbox")
    before = _snapshot()
    outcomes, _ = run(tmp_path_factory.mktemp("corpus"))
    time.sleep(1.5)  # a surviving background writer would have written again by now
    return {"outcomes": {o.case: o for o in outcomes}, "before": before, "after": _snapshot()}


def test_the_corpus_covers_at_least_40_cases_in_every_category():
    assert len(CASE_NAMES) >= 40
    assert {name.split("-")[0] for name in CASE_NAMES} >= {
        "MAL",
        "INT",
        "ESC",
        "DOS",
        "DATA",
        "ENV",
    }


@pytest.mark.parametrize("case", CASE_NAMES)
def test_case_gets_its_expected_status_and_points(corpus, case):
    outcome: Outcome = corpus["outcomes"][case]
    assert outcome.problems == []


def test_no_attack_earns_an_undeserved_point(corpus):
    assert sum(o.undeserved for o in corpus["outcomes"].values()) == 0


def test_no_file_a_notebook_could_aim_at_changed(corpus):
    assert _changed(corpus["before"], corpus["after"]) == []


def test_the_snapshot_sees_a_file_written_changed_or_removed(tmp_path):
    """The check above can fail: a write, a change and a removal below a watched folder all
    show, whatever else the machine writes elsewhere meanwhile."""
    (tmp_path / "kept").write_text("a")
    (tmp_path / "changed").write_text("a")
    (tmp_path / "removed").write_text("a")
    before = _snapshot((tmp_path,))
    (tmp_path / "planted.py").write_text("attack")
    (tmp_path / "changed").write_text("bb")
    (tmp_path / "removed").unlink()
    changed = _changed(before, _snapshot((tmp_path,)))
    assert changed == [str(tmp_path / name) for name in ("changed", "planted.py", "removed")]


def test_every_attack_that_writes_names_its_canary_paths():
    """The rest of the machine is checked where the attacks aim: each case that writes outside
    its folder lists those paths as ``must_not_exist``, and none of them may exist beforehand."""
    canaries = {
        case.name: json.loads((case / "expected.json").read_text()).get("must_not_exist", [])
        for case in CASES.iterdir()
    }
    assert {"/etc/grader-attack", "/tmp/escape-canary"} <= set(
        canaries["ESC-07_writes-outside-its-folder"]
    )
    assert canaries["ESC-05_background-process-survives"] == ["/tmp/esc05-heartbeat"]
    assert all(path.startswith("/") for paths in canaries.values() for path in paths)


def test_no_process_of_a_submission_survives(corpus):
    assert surviving_processes(["esc05-heartbeat", "sleep 3600"]) == []
