"""Submissions graded one after the other by the same batch worker share no process and no file.

A worker starts the next submission's kernel while it grades the current one (``Spares``): that
kernel must hold nothing of any student until its submission arrives, serve that one only, and
be shut down when the batch ends if no submission came. Each notebook here looks, in its
kernel, for what an earlier submission would have left (a global, an environment variable, a
module's attribute, a file in its working folder, $HOME or /tmp), leaves all of those itself,
and reports what it found and which kernel it ran in (the kernel's connection file, inside that
kernel's own scratch folder, and its process' start time)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from leftovers import children_of_this_process, command_line, kernels_in, orphaned_kernels

from grader.batch.executors import ProcessPool
from grader.batch.jobs import JobRunner, job_settings, pack
from grader.batch.run import BatchOptions
from grader.execute.cgroup import PIDS_CONTROLLERS
from grader.execute.sandbox import bwrap_path
from grader.grading import submission as grading
from grader.intake.discover import Submission
from grader.results.json_codec import result_from_json

pytestmark = pytest.mark.kernel

OBSERVE = """import json, os, socket
import ipykernel.connect
ME = {me!r}
found = []
if "MARK" in globals():
    found.append("global")
if "GRADER_TEST_MARK" in os.environ:
    found.append("environment")
if hasattr(json, "grader_test_mark"):
    found.append("module")
places = (".", os.environ["HOME"])
if socket.gethostname() == "sandbox":  # a fresh /tmp of its own (unsandboxed: the machine's)
    places += ("/tmp",)
found += [p for p in places if os.path.exists(os.path.join(p, "left-by-me"))]
MARK = os.environ["GRADER_TEST_MARK"] = json.grader_test_mark = ME
for place in places:
    with open(os.path.join(place, "left-by-me"), "w") as handle:
        handle.write("secret of " + ME)
with open("/proc/self/stat") as handle:
    started = int(handle.read().rsplit(")", 1)[1].split()[19])  # start time, in clock ticks
who = [started, ipykernel.connect.get_connection_file(), os.getcwd(), os.environ["HOME"], found]
"""
REPORT = """if ME != "reference":  # the reference must run cleanly; a student's error is recorded
    short = [who[0], os.path.basename(os.path.dirname(who[1])), found]  # an error is cut at 300
    raise RuntimeError("OBSERVED " + json.dumps(short, separators=(",", ":")))
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
STUDENTS = ("anna", "ben", "carla", "david")


def _notebook(me: str, report: bool = False) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell(OBSERVE.format(me=me), metadata={"grader": {"task": "who"}})]
    if report:
        cells.append(nbformat.v4.new_code_cell(REPORT))
    return nbformat.v4.new_notebook(cells=cells)


def _course(root: Path, students: tuple[str, ...], report: bool = False) -> tuple[Path, Path]:
    """A one-task course and a submissions folder of ``students``, each notebook its own."""
    course, submissions = root / "course", root / "submissions"
    for folder in ("reference", "exercises"):
        (course / folder).mkdir(parents=True)
        nbformat.write(_notebook("reference", report), course / folder / "who.ipynb")
    (course / "reference" / "who.toml").write_text(SPEC)
    for student in students:
        (submissions / student).mkdir(parents=True)
        nbformat.write(_notebook(student, report), submissions / student / "who.ipynb")
    return course, submissions


def _scratch(connection_file: object) -> str:
    """The kernel's scratch folder (``nb-...``), which holds its connection file."""
    return str(Path(str(connection_file)).parent)


def _scratch_of_launcher(command: str) -> str:
    """The scratch folder of a kernel not yet serving, from its launcher's command line."""
    found = re.search(r" -f (\S+)/connection\.json", command)
    assert found is not None, command
    return found.group(1)


@pytest.mark.parametrize("sandboxed", [True, False], ids=["sandboxed", "unsandboxed"])
def test_each_kernel_started_ahead_serves_one_submission_and_holds_nothing_of_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandboxed: bool
) -> None:
    if sandboxed and bwrap_path() is None:
        pytest.skip("bubblewrap is not installed")
    students = STUDENTS[:3]
    course, submissions = _course(tmp_path, students)
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
    before = set(children_of_this_process())  # earlier tests' servers and clusters are not ours
    spares: list[str] = []  # the scratch folder of the kernel left started after each grading
    for student in students:
        submission = Submission(student, student, "who", submissions / student / "who.ipynb")
        outcome = worker.run(pack(submission, settings))
        assert isinstance(outcome, str), outcome
        assert result_from_json(outcome).points == 1.0
        left = set(children_of_this_process()) - before
        commands = [command_line(pid) for pid in left]
        assert len(commands) == 1, f"{student}'s grading left {commands}"
        assert "grader.execute.launcher" in commands[0]
        spares.append(_scratch_of_launcher(commands[0]))
        assert spares[-1] != _scratch(seen[-1][1]), "the kernel that served a submission was kept"
    assert [found for *_, found in seen] == [[]] * len(students), "a submission saw another's"
    assert len({started for started, *_ in seen}) == len(students)  # a process of its own each
    assert len({_scratch(kernel) for _, kernel, *_ in seen}) == len(students)
    for spare, (_, kernel, *_) in zip(spares, seen[1:], strict=False):
        assert _scratch(kernel) == spare, (
            "the next submission is served by the kernel started ahead"
        )
    for _, kernel, workdir, home, _ in seen:
        for folder in (_scratch(kernel), workdir, home):
            assert not Path(str(folder)).exists(), f"{folder} outlived its grading"
    measurers = worker.session.measurers
    assert measurers is not None and measurers.spare is None, "a measuring process for no model"
    worker.close()  # the batch ends: the kernel started for a next submission goes
    assert set(children_of_this_process()) - before == set()
    assert not Path(spares[-1]).exists(), "the last spare's folder outlived the batch"


def test_a_pool_worker_leaves_no_kernel_started_ahead_and_no_folder_or_cgroup_of_one(
    tmp_path, own_tmp
):
    """Through the real process pool: four submissions graded by one worker process, each in a
    kernel of its own that saw nothing of another. When the pool stops the worker, it shuts its
    last spare down: no kernel is left, nor the spare's folders, nor its pids cgroup (which only
    a clean shutdown removes; a worker that just died would leave it to the next grader)."""
    if bwrap_path() is None:
        pytest.skip("bubblewrap is not installed")
    course, submissions = _course(tmp_path, STUDENTS, report=True)
    options = BatchOptions(submissions, tmp_path / "out", course, ("who",), workers=1)
    settings = job_settings(options.spec("who"), options.grade_options(3))
    jobs = [
        pack(Submission(s, s, "who", submissions / s / "who.ipynb"), settings) for s in STUDENTS
    ]
    pool = ProcessPool(1, options.course)
    try:
        outcomes = {job.student: outcome for job, outcome in pool.grade(jobs)}
        worker = pool._started().submit(os.getpid).result()
    finally:
        pool.close()
    assert kernels_in(own_tmp) == [] and orphaned_kernels(own_tmp) == []
    left = sorted(p.name for p in own_tmp.iterdir() if p.name.startswith(("nb-", "work-")))
    assert left == [], "a kernel's folders outlived the batch"
    assert [c for root in PIDS_CONTROLLERS for c in root.glob(f"grader-{worker}-*")] == []
    observed = {}
    for student, outcome in outcomes.items():
        assert isinstance(outcome, str), outcome
        result = result_from_json(outcome)
        assert result.points == 1.0, student
        (error,) = [str(e) for _, _, e in result.cell_errors]
        observed[student] = json.loads(error.split("OBSERVED ", 1)[1])
    assert {s: found for s, (*_, found) in observed.items()} == {s: [] for s in STUDENTS}
    kernels = {scratch for _, scratch, _ in observed.values()}
    assert len(kernels) == len(STUDENTS) and all(k.startswith("nb-") for k in kernels)
    assert len({started for started, *_ in observed.values()}) == len(STUDENTS)
