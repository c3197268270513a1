"""Handed-in files beside the notebook, read as answers: whatever they hold, a status, never a
crash of the grader."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grader.grading.model_answers import probe_mismatch, read_artifact
from grader.intake.model_facts import Measurement, ModelFacts


def test_history_json_is_read_as_data(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_text('{"accuracy": [0.5], "val_accuracy": [0.4]}')
    answer = read_artifact(tmp_path / "history.json")
    assert answer.ok and answer.value["accuracy"] == [0.5]


def test_missing_broken_nested_and_linked_files_get_a_status(tmp_path: Path) -> None:
    assert read_artifact(tmp_path / "history.json").status == "missing"
    (tmp_path / "broken.json").write_text("{not json")
    assert read_artifact(tmp_path / "broken.json").status == "unsupported"
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)  # recursion bomb
    assert read_artifact(tmp_path / "deep.json").status == "unsupported"
    (tmp_path / "link.json").symlink_to("/etc/passwd")
    assert "not a regular file" in read_artifact(tmp_path / "link.json").detail
    (tmp_path / "model.keras").write_bytes(b"PK")
    kept = read_artifact(tmp_path / "model.keras")
    assert kept.ok and kept.value == tmp_path / "model.keras"  # checked later, as a model file


def test_a_malformed_handed_in_json_file_is_unsupported_with_the_reason(tmp_path):
    """history.json with a recursion bomb, a huge number, a duplicate key or a lone surrogate:
    the task that reads it gets the reason (naming the file, in both languages), never a crash."""
    files = {
        "deep.json": b"[" * 50_000 + b"]" * 50_000,
        "huge.json": b'{"accuracy": [' + b"9" * 5000 + b"]}",
        "twice.json": b'{"accuracy": [0.1], "accuracy": [0.9]}',
        "surrogate.json": b'{"accuracy\\udc80": [0.5]}',
        "latin.json": '{"genauigkeit": "é"}'.encode("latin-1"),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        answer = read_artifact(tmp_path / name)
        assert answer.status == "unsupported" and answer.reason is not None
        assert str(tmp_path / name) in answer.reason.render("de")
        assert answer.reason.render("de") != answer.reason.render("en")


def test_a_model_answering_with_maps_is_compared_image_by_image() -> None:
    """A LeNet-5 without Flatten: the kernel's probe is (n, 1, 1, 10), the measuring process's
    one row per image; the same numbers are no mismatch (an honest wrong model is no tampering),
    other numbers are."""
    kernel = np.arange(40, dtype=np.float32).reshape(4, 1, 1, 10) / 40
    rows = tuple(tuple(float(v) for v in image.ravel()) for image in kernel)
    facts = ModelFacts(measured=Measurement(True, params=1, probe_outputs=rows))
    assert probe_mismatch(kernel, facts) is None
    assert probe_mismatch(kernel + 0.5, facts) == "probe:0.5"
