"""Answers read back from a kernel's exchange folder, written here as a hostile kernel would write
them: whatever the files hold, each answer gets a status, never a crash and never an unpickle."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np

from grader.boundary import (
    AnswerStatus,
    ArrayDigest,
    Call,
    TaskRequest,
    call_key,
    digest_key,
    model_key,
    value_key,
)
from grader.execute.exchange import read_answers, write_request


def _manifest(folder: Path, **sections: dict) -> None:
    full = {"values": {}, "models": {}, "digests": {}, "calls": {}} | sections
    (folder / "manifest.json").write_text(json.dumps(full))


def test_a_request_names_its_values_models_digests_and_calls(tmp_path: Path) -> None:
    call = Call("c/0", "conv2d", (np.arange(4).reshape(2, 2),), {"stride": 2})
    request = TaskRequest(values=("b", "a"), calls=(call,), models=("m",), digests=("X",))
    write_request(tmp_path, request, call_timeout_s=3)
    written = json.loads((tmp_path / "request.json").read_text())
    assert (written["values"], written["models"], written["digests"]) == (["a", "b"], ["m"], ["X"])
    assert written["calls"][0]["kwargs"] == {"stride": {"json": 2}}
    array = np.load(tmp_path / written["calls"][0]["args"][0]["npy"], allow_pickle=False)
    assert (array == call.args[0]).all()
    assert request.keys() == (
        value_key("b"), value_key("a"), model_key("m"), digest_key("X"), call_key("c/0"),
    )  # fmt: skip


def test_plain_answers_come_back_typed(tmp_path: Path) -> None:
    np.save(tmp_path / "value-a.npy", np.eye(2))
    (tmp_path / "value-b.json").write_text("[1, 2]")
    digest = {"shape": [2, 4], "dtype": "uint8", "min": 0, "max": 9, "row_hashes": [1, 2]}
    (tmp_path / "digest-X.json").write_text(json.dumps(digest))
    (tmp_path / "model-m.keras").write_bytes(b"PK")
    values = {
        "a": {"status": "ok", "file": "value-a.npy"},
        "b": {"status": "ok", "file": "value-b.json"},
    }
    _manifest(
        tmp_path,
        values=values,
        digests={"X": {"status": "ok", "file": "digest-X.json"}},
        models={"m": {"status": "ok", "file": "model-m.keras"}},
        calls={"c/0": {"status": "raised", "detail": "ValueError: no"}},
    )
    answers = read_answers(tmp_path, tmp_path / "kept")
    assert answers is not None
    assert (answers[value_key("a")].value == np.eye(2)).all()
    assert answers[value_key("b")].value == [1, 2]
    assert answers[digest_key("X")].value == ArrayDigest((2, 4), "uint8", 0.0, 9.0, (1, 2))
    kept = answers[model_key("m")].value
    assert kept.parent == tmp_path / "kept" and kept.read_bytes() == b"PK"
    raised = answers[call_key("c/0")]
    assert (raised.status, raised.detail) == (AnswerStatus.RAISED, "ValueError: no")


def test_hostile_files_become_unsupported_answers(tmp_path: Path) -> None:
    np.save(tmp_path / "value-p.npy", np.array([{"x": 1}], dtype=object), allow_pickle=True)
    (tmp_path / "value-s.json").symlink_to("/etc/passwd")
    (tmp_path / "pickle.json").write_bytes(pickle.dumps(1))
    (tmp_path / "digest-X.json").write_text(json.dumps({"shape": [3], "row_hashes": [1]}))
    (tmp_path / "model-m.npy").write_bytes(b"x")
    _manifest(
        tmp_path,
        values={
            "p": {"status": "ok", "file": "value-p.npy"},
            "s": {"status": "ok", "file": "value-s.json"},
            "q": {"status": "ok", "file": "pickle.json"},
            "u": {"status": "made-up", "detail": "x" * 1000},
            "t": {"status": "ok", "file": "../../etc/passwd"},
        },
        digests={"X": {"status": "ok", "file": "digest-X.json"}},
        models={"m": {"status": "ok", "file": "model-m.npy"}},
    )
    answers = read_answers(tmp_path, tmp_path / "kept")
    assert answers is not None
    assert {str(k): a.status for k, a in answers.items()} == {
        "value:p": AnswerStatus.UNSUPPORTED,
        "value:s": AnswerStatus.UNSUPPORTED,
        "value:q": AnswerStatus.UNSUPPORTED,
        "value:u": AnswerStatus.UNSUPPORTED,
        "value:t": AnswerStatus.UNSUPPORTED,
        "digest:X": AnswerStatus.UNSUPPORTED,
        "model:m": AnswerStatus.UNSUPPORTED,
    }
    assert len(answers[value_key("u")].detail) <= 300


def test_no_or_a_broken_manifest_is_no_answers(tmp_path: Path) -> None:
    assert read_answers(tmp_path, tmp_path / "kept") is None
    (tmp_path / "manifest.json").write_text("[" * 100_000)
    assert read_answers(tmp_path, tmp_path / "kept") is None
    (tmp_path / "manifest.json").write_text('{"values": []}')
    assert read_answers(tmp_path, tmp_path / "kept") is None
