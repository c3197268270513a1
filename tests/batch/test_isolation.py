"""Two submissions graded one after the other by the same batch worker share no process and no
file: each runs in a kernel of its own, in a working folder and a $HOME of its own that are gone
when its grading ends, and the second cannot see what the first left."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from leftovers import children_of_this_process, command_line

from grader.batch.jobs import JobRunner, job_settings, pack
from grader.batch.run import BatchOptions
from grader.execute.sandbox import bwrap_path
from grader.grading import submission as grading
from grader.intake.discover import Submission
from grader.results.json_codec import result_from_json

pytestmark = pytest.mark.kernel

WHO = """import os
left_before = sorted(os.listdir(".")) + sorted(os.listdir(os.environ["HOME"]))
for folder in (".", os.environ["HOME"]):
    with open(os.path.join(folder, "left-by-me"), "w") as handle:
        handle.write("secret of this submission")
with open("/proc/self/stat") as handle:
    started = int(handle.read().rsplit(")", 1)[1].split()[19])  # start time, in clock ticks
who = [started, os.getcwd(), os.environ["HOME"], left_before]
"""
SPEC = """assignment = "who"
[tasks]
who = { points = 1 }
[[checks]]
id = "who/shape"
task = "who"
rule = "value-shape"
hidden = false
points = 1
name = "who"
"""


def _course(root: Path) -> Path:
    cell = nbformat.v4.new_code_cell(WHO, metadata={"grader": {"task": "who"}})
    notebook = nbformat.v4.new_notebook(cells=[cell])
    for folder in ("reference", "exercises"):
        (root / folder).mkdir(parents=True)
        nbformat.write(notebook, root / folder / "who.ipynb")
    (root / "reference" / "who.toml").write_text(SPEC)
    return root


@pytest.mark.parametrize("sandboxed", [True, False], ids=["sandboxed", "unsandboxed"])
def test_two_submissions_of_one_worker_share_no_process_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandboxed: bool
) -> None:
    if sandboxed and bwrap_path() is None:
        pytest.skip("bubblewrap is not installed")
    course = _course(tmp_path / "course")
    submissions = tmp_path / "submissions"
    for student in ("anna", "ben"):
        (submissions / student).mkdir(parents=True)
        (submissions / student / "who.ipynb").write_bytes(
            (course / "reference" / "who.ipynb").read_bytes()
        )
    seen: list[list[object]] = []
    original = grading.score

    def spy(spec, plan, work, expected):  # type: ignore[no-untyped-def]
        answer = next(a for a in work.answers["who"].values() if a.ok)
        seen.append(answer.value)
        return original(spec, plan, work, expected)

    monkeypatch.setattr(grading, "score", spy)
    options = BatchOptions(
        submissions, tmp_path / "out", course, ("who",), workers=1, sandboxed=sandboxed
    )
    worker = JobRunner(options.course, "worker-1")  # a pool's or a cluster's worker, in-process
    settings = job_settings(options.spec("who"), options.grade_options(1))
    results = []
    before = set(children_of_this_process())  # earlier tests' servers and clusters are not ours
    for student in ("anna", "ben"):
        submission = Submission(student, student, "who", submissions / student / "who.ipynb")
        outcome = worker.run(pack(submission, settings))
        assert isinstance(outcome, str), outcome
        results.append(result_from_json(outcome))
        left = set(children_of_this_process()) - before
        assert left == set(), (
            f"{student}'s grading left a process: {[command_line(pid) for pid in left]}"
        )
    assert [r.points for r in results] == [1.0, 1.0]
    first, second = seen
    assert first[0] != second[0]  # two kernel processes (told apart by their start times)
    assert first[1] != second[1] and first[2] != second[2]  # own working folder and $HOME
    assert "left-by-me" not in second[3]  # nothing of the first submission was there to see
    for folder in (*first[1:3], *second[1:3]):
        assert not Path(str(folder)).exists(), f"{folder} outlived its grading"
    assert json.dumps(seen).count("secret") == 0
