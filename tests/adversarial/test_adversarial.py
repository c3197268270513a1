"""The adversarial corpus (../shared/threats.md) as one sandboxed batch: every case gets its
expected status and points, no case earns an undeserved point, and nothing escapes: no file
outside the submissions' temp folders changes, no process of a submission survives, no secret of
the grader is visible, and no connection gets out (the network cases keep their points only if
every attempt failed)."""

from __future__ import annotations

import os
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from leftovers import surviving_processes

from adversarial.corpus import CASES, ROOT, Outcome, run
from grader.execute.sandbox import bwrap_path

pytestmark = pytest.mark.kernel
CASE_NAMES = [
    *sorted(p.name for p in CASES.iterdir()),
    "MAL-09_huge-saved-outputs",
    "MAL-10_symlink-to-reference",
]
IGNORED_PARTS = {".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", "reports"}


def _snapshot() -> dict[str, tuple[int, int]]:
    """Size and mtime of everything a submission must not touch."""
    files: dict[str, tuple[int, int]] = {}
    roots = [
        ROOT,
        Path(sysconfig.get_paths()["purelib"]),
        Path(sys.prefix) / "bin",
        Path("/root/.ipython"),
    ]
    for root in roots:
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [s for s in subfolders if s not in IGNORED_PARTS and s != ".venv"]
            for name in names:
                path = os.path.join(folder, name)
                try:
                    info = os.lstat(path)
                except OSError:
                    continue
                files[path] = (info.st_size, info.st_mtime_ns)
    for folder in ("/tmp", "/etc", "/root", sys.prefix):
        for entry in os.listdir(folder):
            if not entry.startswith("pytest-of-"):
                files[os.path.join(folder, entry)] = (0, 0)
    return files


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


def test_no_file_outside_the_temp_folders_changed(corpus):
    before, after = corpus["before"], corpus["after"]
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    assert changed == []


def test_no_process_of_a_submission_survives(corpus):
    assert surviving_processes(["esc05-heartbeat", "sleep 3600"]) == []
