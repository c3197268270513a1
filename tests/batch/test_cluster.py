"""Grading on a Dask cluster with real kernels: the same gradebook as the process pool, worker
processes killed mid-job, a scheduler that goes away, jobs that ask for a GPU worker."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from conftest import FIXTURES, ROOT
from distributed import Client, Nanny, Scheduler, SpecCluster, Worker, get_task_stream
from leftovers import orphaned_kernels

from grader.batch.executors import open_executor
from grader.batch.jobs import JOB_PREFIX, CourseSetup, job_settings, pack
from grader.batch.queue import Cluster
from grader.cli.main import ExitCode, main
from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading.submission import GradeOptions
from grader.intake.discover import Submission
from grader.results.gradebook import Gradebook
from grader.results.json_codec import result_from_json
from grader.text.messages import Message, render

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
NOTEBOOKS = FIXTURES / "notebooks"
# student -> {assignment: the notebook handed in}
COURSE = {
    "alice": {
        "01_convolution": ROOT / "reference" / "01_convolution.ipynb",
        "02_parameters": ROOT / "reference" / "02_parameters.ipynb",
    },
    "bob": {
        "01_convolution": NOTEBOOKS / "01_convolution" / "flipped-kernel.ipynb",
        "02_parameters": NOTEBOOKS / "02_parameters" / "bias-forgotten.ipynb",
    },
    "carl": {"01_convolution": FIXTURES / "malformed" / "truncated-json.ipynb"},
}


def _course(tmp_path: Path) -> Path:
    """The real 01 and 02 (with their own time limits: none of these notebooks runs long, and
    short ones fail spuriously on a loaded machine)."""
    course = tmp_path / "course"
    for folder in ("reference", "exercises"):
        (course / folder).mkdir(parents=True)
        for name in ("01_convolution", "02_parameters"):
            for path in (ROOT / folder).glob(f"{name}.*"):
                (course / folder / path.name).write_bytes(path.read_bytes())
    return course


def _submissions(tmp_path: Path, course: dict[str, dict[str, Path]]) -> Path:
    folder = tmp_path / "submissions"
    for student, notebooks in course.items():
        (folder / student).mkdir(parents=True)
        for assignment, source in notebooks.items():
            (folder / student / f"{assignment}.ipynb").write_bytes(source.read_bytes())
    return folder


def _grade(submissions: Path, out: Path, course: Path, *extra: str) -> int:
    args = ["grade", str(submissions), "--out", str(out), "--course", str(course), "--seed", "5"]
    return main([*args, "--lang", "en", *extra])


def _gradebook(out: Path) -> dict[tuple[str, str], tuple[object, ...]]:
    """Everything stored per submission but when, in which run and how fast it was graded."""
    with Gradebook.open(out, write=False) as book:
        return {
            (s.student, s.assignment): (
                s.display_name,
                s.content_hash,
                s.grader_version,
                s.reference_version,
                replace(s.result, seconds=0.0),
            )
            for s in book.all()
        }


class WorkerKiller(threading.Thread):
    """SIGKILLs grading worker processes (this process's spawned children) mid-job, the moment a
    kernel launcher runs under one: ``times`` kills in all once ``ready()`` says so, or, with
    ``plan``, as many kills for each student's job as the plan says (found by the notebook's
    ``metadata.student`` in the worker's job folder)."""

    def __init__(
        self,
        times: int,
        ready: Callable[[], bool] = lambda: True,
        plan: dict[str, int] | None = None,
    ) -> None:
        super().__init__(daemon=True)
        self.times, self.ready, self.plan = times, ready, plan
        self.killed: list[int] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while len(self.killed) < self.times and not self.stop.wait(0.1):
            for victim in _busy_workers():
                if len(self.killed) == self.times:
                    break  # two workers can be busy at once: never more kills than asked
                if victim.pid in self.killed or not self.ready() or not self._planned(victim):
                    continue
                victim.kill()
                self.killed.append(victim.pid)

    def _planned(self, worker: psutil.Process) -> bool:
        if self.plan is None:
            return True
        scratch = Path(tempfile.gettempdir())
        for notebook in scratch.glob(f"{JOB_PREFIX}{worker.pid}-*/*/*.ipynb"):
            try:
                student = json.loads(notebook.read_text())["metadata"]["student"]
            except (OSError, ValueError, KeyError):
                continue
            if self.plan.get(student, 0) > 0:
                self.plan[student] -= 1
                return True
        return False


def _busy_workers() -> list[psutil.Process]:
    return [
        child
        for child in psutil.Process().children()
        if "spawn_main" in _command(child)
        and any("grader.execute.launcher" in _command(p) for p in _descendants(child))
    ]


def _descendants(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.Error:  # it ended while we looked
        return []


def _command(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return ""


def test_a_local_cluster_with_a_worker_killed_mid_batch_gives_the_pools_gradebook(
    tmp_path, own_tmp
):
    course, submissions = _course(tmp_path), _submissions(tmp_path, COURSE)
    pool, cluster = tmp_path / "pool", tmp_path / "cluster"
    assert _grade(submissions, pool, course, "--workers", "2") == ExitCode.OK
    killer = WorkerKiller(times=1, ready=lambda: len(_recorded(cluster)) >= 1)
    killer.start()
    try:
        code = _grade(submissions, cluster, course, "--cluster", "local:2")
    finally:
        killer.stop.set()
    assert code == ExitCode.OK
    assert len(killer.killed) == 1, "a worker must have been killed while it graded"
    expected = _gradebook(pool)
    assert len(expected) == 5 and _gradebook(cluster) == expected
    assert orphaned_kernels(own_tmp) == []


@pytest.mark.parametrize("cluster", [None, Cluster(local_workers=1)], ids=["pool", "local"])
def test_a_worker_that_keeps_dying_costs_its_job_only(tmp_path, own_tmp, cluster):
    """Ada's worker is killed twice (her job is given up), Ben's once (his job runs again and is
    graded), Cleo's never."""
    setup = CourseSetup(_course(tmp_path))
    spec = setup.spec("01_convolution")
    settings = job_settings(spec, GradeOptions(seed=5, sandbox=Sandbox() if bwrap_path() else None))
    notebook = json.loads((ROOT / "reference" / "01_convolution.ipynb").read_text())
    jobs = []
    for student in ("ada", "ben", "cleo"):
        path = tmp_path / student / "01_convolution.ipynb"
        path.parent.mkdir()
        path.write_text(
            json.dumps({**notebook, "metadata": {**notebook["metadata"], "student": student}})
        )
        jobs.append(pack(Submission(student, student, spec.name, path), settings))
    killer = WorkerKiller(times=3, plan={"ada": 2, "ben": 1})
    with open_executor(cluster, 1, setup) as executor:
        killer.start()
        outcomes = {job.student: outcome for job, outcome in executor.grade(jobs)}
    killer.stop.set()
    assert len(killer.killed) == 3
    scratch = Path(tempfile.gettempdir())
    left = [pid for pid in killer.killed if list(scratch.glob(f"{JOB_PREFIX}{pid}-*"))]
    assert left == [], "the next worker removes the students' files a killed one left"
    died = outcomes["ada"]
    assert isinstance(died, Message) and died.key == "batch.worker_died"
    assert "died 2 times" in render(died, "en") and "2-mal abgestürzt" in render(died, "de")
    for student in ("ben", "cleo"):
        assert isinstance(outcomes[student], str), (student, outcomes[student])
        result = result_from_json(outcomes[student])
        assert (result.status.value, result.points) == ("GRADED", 10), student
    assert orphaned_kernels(own_tmp) == []


def _recorded(out: Path) -> dict[tuple[str, str], str]:
    """(student, assignment) -> when and in which run its grade was recorded."""
    try:
        with sqlite3.connect(out / "gradebook.sqlite") as db:
            rows = db.execute(
                "SELECT student, assignment, graded_at || '#' || run_id FROM submissions"
            )
            return {(student, assignment): when for student, assignment, when in rows}
    except sqlite3.Error:
        return {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_scheduler_that_goes_away_stops_the_batch_and_resume_finishes_it(
    tmp_path, own_tmp, capsys
):
    course = _course(tmp_path)
    submissions = _submissions(tmp_path, {s: COURSE["alice"] for s in ("ada", "ben")})
    out, address = tmp_path / "out", f"tcp://127.0.0.1:{_free_port()}"
    dask = [sys.executable, "-m"]
    scheduler = subprocess.Popen(
        [
            *dask,
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            address.rsplit(":", 1)[1],
            "--no-dashboard",
        ],
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [*dask, "distributed.cli.dask_worker", address, "--nthreads", "1", "--no-dashboard"],
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def kill_scheduler() -> None:
        while len(_recorded(out)) < 2 and scheduler.poll() is None:
            time.sleep(0.1)
        scheduler.kill()

    killer = threading.Thread(target=kill_scheduler, daemon=True)
    killer.start()
    try:
        code = _grade(submissions, out, course, "--scheduler", address)
    finally:
        scheduler.kill()
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    assert code == ExitCode.INTERNAL_ERROR
    error = capsys.readouterr().err
    assert "went away" in error and "--resume" in error and address in error
    before = _recorded(out)
    assert 2 <= len(before) < 4
    with Gradebook.open(out, write=False) as book:
        assert book.unfinished_run() is not None
    assert _grade(submissions, out, course, "--cluster", "local:1") == ExitCode.USAGE_ERROR
    assert _grade(submissions, out, course, "--cluster", "local:1", "--resume") == ExitCode.OK
    after = _recorded(out)
    assert len(after) == 4 and {k: after[k] for k in before} == before  # none graded twice
    assert {v[4].points for v in _gradebook(out).values()} == {10}
    assert orphaned_kernels(own_tmp) == []


def _cluster_of_two() -> SpecCluster:
    """A GPU worker and a CPU worker, each in its own process (as `dask worker` runs them)."""
    cpu = {"cls": Nanny, "options": {"nthreads": 1}}
    gpu = {"cls": Nanny, "options": {"nthreads": 1, "resources": {"GPU": 1}}}
    return SpecCluster(
        workers={"cpu": cpu, "gpu": gpu},
        scheduler={"cls": Scheduler, "options": {"dashboard_address": None}},
    )


def test_jobs_that_ask_for_a_gpu_run_on_gpu_workers_and_the_rest_anywhere(tmp_path):
    setup = CourseSetup(_course(tmp_path))
    spec = setup.spec("01_convolution")
    settings = job_settings(spec, GradeOptions(seed=5, sandbox=Sandbox() if bwrap_path() else None))
    students = ("ada", "ben", "cleo", "dirk", "emil")
    submissions = _submissions(tmp_path, {s: COURSE["alice"] for s in students})
    jobs = [
        pack(Submission(s, s, spec.name, submissions / s / f"{spec.name}.ipynb"), settings)
        for s in students
    ]
    jobs[:4] = [replace(job, resources=(("GPU", 1.0),)) for job in jobs[:4]]  # as --retrain asks
    with _cluster_of_two() as cluster, Client(cluster) as client:
        names = {a: w["name"] for a, w in client.scheduler_info(n_workers=-1)["workers"].items()}
        where = Cluster(scheduler=cluster.scheduler_address)
        with get_task_stream(client) as stream, open_executor(where, 1, setup) as executor:
            outcomes = {job.student: outcome for job, outcome in executor.grade(jobs)}
        ran = [(names[t["worker"]], t["key"][1]) for t in stream.data if t["key"][0] == "grade"]
    assert sorted(student for _, student in ran) == sorted(students)
    assert {student for worker, student in ran if worker == "cpu"} <= {"emil"}
    for outcome in outcomes.values():
        assert isinstance(outcome, str) and result_from_json(outcome).points == 10


def test_retraining_on_a_cluster_without_gpu_workers_is_refused_before_grading(tmp_path, capsys):
    anna = ROOT / "demo" / "course" / "anna"
    submissions = tmp_path / "submissions" / "anna"
    submissions.mkdir(parents=True)
    for name in ("04_fashion_mnist_cnn.ipynb", "fashion_cnn.keras", "history.json"):
        (submissions / name).write_bytes((anna / name).read_bytes())
    worker = {"cls": Worker, "options": {"nthreads": 1}}
    scheduler = {"cls": Scheduler, "options": {"dashboard_address": None}}
    with SpecCluster(workers={"cpu": worker}, scheduler=scheduler) as cluster:
        code = _grade(
            submissions.parent,
            tmp_path / "out",
            ROOT,
            "--assignment",
            "04_fashion_mnist_cnn",
            "--scheduler",
            cluster.scheduler_address,
            "--retrain",
        )
    assert code == ExitCode.USAGE_ERROR
    error = capsys.readouterr().err
    assert "resource GPU" in error and "--resources GPU=1" in error
    assert _recorded(tmp_path / "out") == {}
