"""Jobs: a submission packed as plain bytes, and what a worker does before it grades one. None of
these start a kernel: each case is decided before one would be."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT

from grader.batch import jobs
from grader.batch.jobs import CourseSetup, JobRunner, job_settings, pack, result_of
from grader.execute.sandbox import Sandbox
from grader.grading.submission import GradeOptions
from grader.intake.discover import Submission
from grader.intake.notebook import MAX_NOTEBOOK_BYTES
from grader.results.json_codec import result_from_json
from grader.results.records import Status
from grader.text.messages import Message, render

COURSE = CourseSetup(ROOT)


def _submission(folder: Path, notebook: bytes, assignment: str = "01_convolution") -> Submission:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{assignment}.ipynb").write_bytes(notebook)
    return Submission("anna", "Anna", assignment, folder / f"{assignment}.ipynb")


def _settings(seed: int = 3, sandboxed: bool = False) -> jobs.JobSettings:
    options = GradeOptions(seed=seed, sandbox=Sandbox() if sandboxed else None)
    return job_settings(COURSE.spec("01_convolution"), options)


def test_a_job_carries_the_bytes_it_was_hashed_from_and_survives_pickling(tmp_path):
    reference = (ROOT / "reference" / "01_convolution.ipynb").read_bytes()
    submission = _submission(tmp_path / "anna", reference)
    job = pack(submission, _settings())
    assert job.content_hash == submission.content_hash()  # the gradebook's key is unchanged
    assert job.notebook.content == reference and job.path == submission.notebook
    assert pickle.loads(pickle.dumps(job)) == job
    assert pack(submission, _settings()).key == job.key  # sent again: the same task
    assert pack(submission, _settings(seed=4)).key != job.key
    (tmp_path / "anna" / "01_convolution.ipynb").write_bytes(reference + b" ")
    assert pack(submission, _settings()).key != job.key


def test_an_oversized_notebook_travels_as_its_size_and_is_refused_as_the_original(tmp_path):
    submission = _submission(tmp_path / "anna", b"{" + b" " * MAX_NOTEBOOK_BYTES + b"}")
    job = pack(submission, _settings())
    assert job.notebook.content is None and job.notebook.size == MAX_NOTEBOOK_BYTES + 2
    result = result_from_json(JobRunner(COURSE, "test").run(job))
    assert result.status == Status.NOT_GRADABLE and result.notebook == str(submission.notebook)
    problem = render(result.problem, "en")
    assert problem.startswith(str(submission.notebook)) and "larger than the limit" in problem


def test_results_name_the_coordinators_files_even_with_odd_characters(tmp_path):
    folder = tmp_path / 'Zoë "Z" Ölmez_1234_assignsubmission_file_'
    submission = _submission(folder, b"{not json")
    result = result_from_json(JobRunner(COURSE, "test").run(pack(submission, _settings())))
    assert result.notebook == str(submission.notebook)
    assert render(result.problem, "de").startswith(str(submission.notebook))
    assert "grader-job-" not in str(result)


def test_a_worker_without_bubblewrap_refuses_a_sandboxed_job(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs, "bwrap_path", lambda: None)
    reference = (ROOT / "reference" / "01_convolution.ipynb").read_bytes()
    job = pack(_submission(tmp_path / "anna", reference), _settings(sandboxed=True))
    outcome = JobRunner(COURSE, "Dask worker tcp://10.0.0.7:4711").run(job)
    assert isinstance(outcome, Message) and outcome.key == "batch.worker_no_sandbox"
    result = result_of(job, outcome, COURSE.spec("01_convolution"))
    assert result.status == Status.GRADER_ERROR and result.points == 0 and result.max_points == 10
    assert "tcp://10.0.0.7:4711" in render(outcome, "en") and "bubblewrap" in render(outcome, "de")
    assert "nothing is graded without the sandbox" in render(outcome, "en")


def test_a_worker_with_another_course_copy_refuses_instead_of_grading(tmp_path):
    other = tmp_path / "other-copy"
    shutil.copytree(
        ROOT / "reference", other / "reference", ignore=shutil.ignore_patterns("0[234]*")
    )
    shutil.copytree(ROOT / "exercises", other / "exercises")
    spec_file = other / "reference" / "01_convolution.toml"
    spec_file.write_text(spec_file.read_text().replace("points = 3", "points = 3 ", 1))
    reference = (ROOT / "reference" / "01_convolution.ipynb").read_bytes()
    job = pack(_submission(tmp_path / "anna", reference), _settings())
    outcome = JobRunner(CourseSetup(other), "worker process 7").run(job)
    assert isinstance(outcome, Message) and outcome.key == "batch.worker_mismatch"
    assert job.basis in render(outcome, "en") and "denselben Kursordner" in render(outcome, "de")


def test_a_worker_without_the_course_folder_fails_the_job_not_the_batch(tmp_path):
    reference = (ROOT / "reference" / "01_convolution.ipynb").read_bytes()
    job = pack(_submission(tmp_path / "anna", reference), _settings())
    outcome = JobRunner(CourseSetup(tmp_path / "nowhere"), "worker process 7").run(job)
    assert isinstance(outcome, Message) and outcome.key == "batch.job_failed"
    assert "unknown assignment" in render(outcome, "en") and "worker process 7" in render(
        outcome, "de"
    )


@pytest.mark.parametrize(("retrain", "expected"), [(False, ()), (True, (("GPU", 1.0),))])
def test_retraining_jobs_ask_for_a_gpu_worker_where_there_is_training(retrain, expected):
    options = GradeOptions(seed=1, retrain=retrain)
    assert job_settings(COURSE.spec("04_fashion_mnist_cnn"), options).resources == expected
    assert job_settings(COURSE.spec("01_convolution"), options).resources == ()


def test_a_retraining_job_leaves_the_handed_in_model_files_at_home():
    anna = ROOT / "demo" / "course" / "anna"
    spec = COURSE.spec("04_fashion_mnist_cnn")
    submission = Submission(
        "anna",
        "anna",
        spec.name,
        anna / f"{spec.name}.ipynb",
        (anna / "fashion_cnn.keras", anna / "history.json"),
    )
    graded = pack(submission, job_settings(spec, GradeOptions(seed=1)))
    retrained = pack(submission, job_settings(spec, GradeOptions(seed=1, retrain=True)))
    assert [a.content is not None for a in graded.artifacts] == [True, True]
    assert [a.content for a in retrained.artifacts] == [None, None]
    assert [a.size for a in retrained.artifacts] == [a.size for a in graded.artifacts]
    assert retrained.content_hash == graded.content_hash == submission.content_hash()
    assert retrained.notebook == graded.notebook


def test_a_new_worker_removes_the_submissions_a_killed_worker_left(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.Popen(["true"])
    ended.wait()
    dead, living = tmp_path / f"grader-job-{ended.pid}-x", tmp_path / "grader-job-1-y"
    for folder in (dead, living):
        (folder / "submission").mkdir(parents=True)
        (folder / "submission" / "01_convolution.ipynb").write_text("{}")
    JobRunner(COURSE, "worker process 7")
    assert not dead.exists() and living.exists()  # pid 1 lives: not ours to touch
