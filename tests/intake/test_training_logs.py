"""Training histories as students hand them in, read from real files the real libraries wrote
(tests/fixtures/build_histories.py): Keras' History.history, Keras' CSVLogger, W&B runs logged
offline through W&B's Keras callback and through wandb.log, one with a record longer than a block
of W&B's log. Every form reads as the same learning curves and earns the history's points."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from grader.boundary import AnswerStatus, artifact_key
from grader.grading.model_answers import read_artifact
from grader.intake.discover import AssignmentParts, discover
from grader.intake.training_logs import LogError, log_records, read_log
from grader.rules.base import Evidence
from grader.rules.helpers.learning_curve import read_history
from grader.rules.training_history import check, parse
from grader.text.messages import text

HISTORIES = FIXTURES / "histories"
FILES = ["history.json", "history.csv", "training.log", "wandb-history.jsonl", "wandb"]
FORMS = {
    "keras-history": "history.json",
    "csvlogger": "training.log",
    "wandb-keras-callback": "wandb",
    "wandb-log-per-epoch": "wandb",
}


def _keras_series() -> dict[str, list[float]]:
    series = read_history(json.loads((HISTORIES / "keras-history" / "history.json").read_text()))
    assert isinstance(series, dict)
    return series


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_reads_as_the_same_learning_curves(form: str) -> None:
    data, _ = read_log(HISTORIES / form / FORMS[form])
    assert read_history(data) == _keras_series()


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_earns_the_history_points_and_says_what_was_read(form: str) -> None:
    params = parse({"files": FILES, "threshold": 0.92})
    folder = HISTORIES / form
    student = {artifact_key(name): read_artifact(folder / name) for name in FILES}
    outcome = check(params, Evidence(student=student, reference={}), False)
    assert outcome.score == 1.0
    assert outcome.curves is not None and outcome.curves.series == _keras_series()
    assert outcome.curves.threshold == 0.92
    said = text(outcome.message, "en")
    expected = "wandb/offline-run-" if FORMS[form] == "wandb" else FORMS[form]
    assert f"Read `{expected}" in said and "with 3 epochs" in said


def test_a_record_longer_than_a_block_is_put_together_again() -> None:
    (run,) = (HISTORIES / "wandb-long-record" / "wandb").glob("*/run-*.wandb")
    assert run.stat().st_size > 2 * 32768
    records = list(log_records(run.read_bytes(), run.name))
    assert max(len(r) for r in records) > 70_000
    data, _ = read_log(HISTORIES / "wandb-long-record" / "wandb")
    assert data["accuracy"] == [0.5, 0.6, 0.7] and "note" not in data  # text is not a metric


def test_the_newest_of_several_runs_is_read(tmp_path: Path) -> None:
    wandb = tmp_path / "wandb"
    for form in ("wandb-log-per-epoch", "wandb-long-record"):
        for run in (HISTORIES / form / "wandb").iterdir():
            shutil.copytree(run, wandb / run.name)
    newest = max(p.name for p in wandb.iterdir())
    (wandb / "latest-run").symlink_to(wandb / min(p.name for p in wandb.iterdir()))
    _, source = read_log(wandb)
    assert source == f"wandb/{newest}"  # by the run folders' start times; the link is not followed


def test_damaged_and_foreign_files_are_named_not_trusted(tmp_path: Path) -> None:
    (run,) = (HISTORIES / "wandb-log-per-epoch" / "wandb").glob("*/run-*.wandb")
    damaged = bytearray(run.read_bytes())
    damaged[200] ^= 0xFF
    with pytest.raises(LogError, match="checksum"):
        list(log_records(bytes(damaged), run.name))
    torn = run.read_bytes()[:-40]  # the run was killed while writing: the complete part counts
    assert len(list(log_records(torn, run.name))) < len(list(log_records(run.read_bytes(), "x")))
    with pytest.raises(LogError, match="not a W&B run file"):
        list(log_records(b"PK\x03\x04 a zip file", "run-x.wandb"))
    (tmp_path / "wandb").mkdir()
    assert read_artifact(tmp_path / "wandb").status == AnswerStatus.UNSUPPORTED
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "wandb").symlink_to(HISTORIES / "wandb-log-per-epoch" / "wandb")
    linked = read_artifact(tmp_path / "linked" / "wandb")
    assert linked.status == AnswerStatus.UNSUPPORTED and "not a regular file" in linked.detail


def test_wandb_history_jsonl_rows_read_like_the_run_file(tmp_path: Path) -> None:
    """W&B's history file (one JSON object per wandb.log, as its servers keep it; nested keys as
    objects). No library writes it locally today, so the rows here are the real run's."""
    series = _keras_series()
    lines = [
        json.dumps({"_step": i, "epoch": {k: v[i] for k, v in series.items()}}) for i in range(3)
    ]
    (tmp_path / "wandb-history.jsonl").write_text("\n".join(lines) + "\n")
    data, _ = read_log(tmp_path / "wandb-history.jsonl")
    assert read_history(data) == series


def test_no_history_at_all_names_every_accepted_file() -> None:
    outcome = check(parse({"files": FILES}), Evidence(student={}, reference={}), False)
    assert outcome.score == 0
    for lang in ("de", "en"):
        said = text(outcome.message, lang)
        assert all(f"`{name}`" in said for name in FILES)


def test_a_wandb_folder_beside_a_notebook_is_handed_in_not_unplaced(tmp_path: Path) -> None:
    student = tmp_path / "course" / "anna"
    shutil.copytree(HISTORIES / "wandb-keras-callback" / "wandb", student / "wandb")
    (student / "04_fashion_mnist_cnn.ipynb").write_text("{}")
    found = discover(tmp_path / "course", {"04_fashion_mnist_cnn": AssignmentParts(tuple(FILES))})
    assert found.unplaced == ()
    (submission,) = found.submissions
    assert submission.artifacts == (student / "wandb",)
    before = submission.content_hash()
    (run,) = (student / "wandb").glob("*/run-*.wandb")
    run.write_bytes(run.read_bytes() + b"\0")
    assert submission.content_hash() != before  # a changed run is graded again
