"""The harvest as it runs in a kernel: the answers students really write (TensorFlow tensors,
Keras variables, numpy scalars, nested lists of tensors) leave as plain numbers; an object that
only pretends to be an array does not; and a notebook without TensorFlow never imports it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from grader.boundary import AnswerStatus, Call, TaskRequest, value_key
from grader.execute import harvest
from grader.execute.exchange import HARVEST_SOURCE, read_answers, write_request


def _harvest(tmp_path: Path, namespace: dict) -> dict:
    write_request(tmp_path, TaskRequest(values=tuple(namespace)), call_timeout_s=2)
    harvest.run(str(tmp_path), namespace)
    answers = read_answers(tmp_path, tmp_path / "keep")
    assert answers is not None
    return {key.name: answer for key, answer in answers.items()}


def test_numpy_scalars_nested_lists_and_array_likes_are_plain(tmp_path: Path) -> None:
    class Pretender:  # array-like by contract: __array__ gives its values
        def __array__(self, dtype=None, copy=None):
            return np.array([[1, 2], [3, 4]])

    class Liar:
        def __array__(self, dtype=None, copy=None):
            raise TypeError("no")

    answers = _harvest(
        tmp_path,
        {
            "count": np.int64(61706),
            "shapes": [(28, 28, 64), np.array([14, 14, 64])],
            "mixed": [np.float32(0.5), 2, np.array(3)],
            "pretender": Pretender(),
            "liar": Liar(),
        },
    )
    assert answers["count"].value == 61706 and isinstance(answers["count"].value, int)
    assert answers["shapes"].value == [[28, 28, 64], [14, 14, 64]]
    assert answers["mixed"].value == [0.5, 2, 3]
    assert answers["pretender"].value.tolist() == [[1, 2], [3, 4]]
    assert answers["liar"].status == AnswerStatus.UNSUPPORTED
    assert answers["liar"].detail == "Liar"


@pytest.mark.keras
def test_tensorflow_and_keras_values_leave_as_their_numbers(tmp_path: Path) -> None:
    import keras
    import tensorflow as tf

    padded = tf.pad(tf.ones((2, 28, 28)), [[0, 0], [2, 2], [2, 2]])[..., tf.newaxis]
    answers = _harvest(
        tmp_path,
        {
            "padded": padded,
            "scalar": tf.constant(27),
            "variable": keras.Variable([[1.0, 2.0]]),
            "ops": keras.ops.stack([keras.ops.ones((2, 2)), keras.ops.zeros((2, 2))], axis=-1),
            "nested": [tf.constant(156), tf.constant(0), np.int64(2416)],
            "half": tf.constant([1.5, 2.5], dtype=tf.bfloat16),
        },
    )
    assert all(a.ok for a in answers.values()), answers
    assert answers["padded"].value.shape == (2, 32, 32, 1)
    assert answers["padded"].value[:, 2:30, 2:30].min() == 1.0
    assert answers["scalar"].value == 27
    assert answers["variable"].value.tolist() == [[1.0, 2.0]]
    assert answers["ops"].value.shape == (2, 2, 2)
    assert answers["nested"].value == [156, 0, 2416]
    assert answers["half"].value.tolist() == [1.5, 2.5]


def test_the_harvest_never_imports_tensorflow(tmp_path: Path) -> None:
    write_request(tmp_path, TaskRequest(values=("x",)), call_timeout_s=2)
    code = (
        f"namespace = {{'x': [1, 2]}}\n"
        f"exec({HARVEST_SOURCE!r}, ns := {{'__name__': 'h'}})\n"
        f"ns['run']({str(tmp_path)!r}, namespace)\n"
        "import sys, json; print(json.dumps('tensorflow' in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) is False
    answers = read_answers(tmp_path, tmp_path / "keep")
    assert answers is not None and answers[value_key("x")].value == [1, 2]


@pytest.mark.keras
def test_a_split_held_in_tensorflow_tensors_is_digested_as_its_numpy_array(tmp_path: Path) -> None:
    """04's split written with ``tf.expand_dims``/``tf.cast`` (an honest style, issue 22's
    corpus) is judged on the same rows as the numpy arrays it holds, near copies included."""
    import tensorflow as tf

    rng = np.random.default_rng(3)
    images = rng.integers(0, 256, size=(40, 28, 28), dtype=np.uint8)
    as_numpy = {
        "X_train": images[:30, ..., None] / 255.0,
        "X_valid": images[30:, ..., None] / 255.0,
    }
    as_tensors = {
        "X_train": tf.cast(tf.expand_dims(images[:30], -1), tf.float64) / 255.0,
        "X_valid": tf.cast(tf.expand_dims(images[30:], -1), tf.float64) / 255.0,
    }
    digests = []
    for folder_name, namespace in (("numpy", as_numpy), ("tensors", as_tensors)):
        folder = tmp_path / folder_name
        folder.mkdir()
        request = TaskRequest(digests=("X_train", "X_valid"), near_copies=(("X_valid", "X_train"),))
        write_request(folder, request, call_timeout_s=2)
        harvest.run(str(folder), namespace)
        answers = read_answers(folder, folder / "keep")
        assert answers is not None
        digests.append({key.name: answer for key, answer in answers.items()})
    from_numpy, from_tensors = digests
    assert all(answer.ok for answer in from_tensors.values()), from_tensors
    for name in ("X_train", "X_valid"):
        assert from_tensors[name].value == from_numpy[name].value
    assert from_tensors["X_valid"].value.shape == (10, 28, 28, 1)
    assert from_tensors["X_valid"].value.near is not None


def test_a_looping_function_costs_only_its_calls_and_the_harvest_ends_within_its_budget(
    tmp_path: Path,
) -> None:
    """Thirteen calls of a function that never returns, each with its own time limit, would take
    thirteen limits together: longer than the harvest's cell may run, so the cell's interrupt
    would strike the grader's own code. The harvest calls it only while its budget lasts."""
    started: list[int] = []

    def output_size(n: int) -> int:
        started.append(n)
        while True:
            pass

    calls = tuple(Call(f"output_size/{n}", "output_size", (n,)) for n in range(13))
    write_request(tmp_path, TaskRequest(calls=calls), call_timeout_s=0.4, calls_budget_s=1.0)
    harvest.run(str(tmp_path), {"output_size": output_size})
    answers = read_answers(tmp_path, tmp_path / "keep")
    assert answers is not None
    assert {answer.status for answer in answers.values()} == {AnswerStatus.TIMEOUT}
    assert len(answers) == 13
    assert 2 <= len(started) <= 3  # 0.4 s each while the second's budget lasts, then none


def test_calls_within_the_budget_are_all_made(tmp_path: Path) -> None:
    calls = tuple(Call(f"double/{n}", "double", (n,)) for n in range(13))
    write_request(tmp_path, TaskRequest(calls=calls), call_timeout_s=0.4, calls_budget_s=1.0)
    harvest.run(str(tmp_path), {"double": lambda n: 2 * n})
    answers = read_answers(tmp_path, tmp_path / "keep")
    assert answers is not None
    assert sorted(answer.value for answer in answers.values()) == [2 * n for n in range(13)]
