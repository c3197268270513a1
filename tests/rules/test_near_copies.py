"""D100's disjointness on the real Fashion-MNIST, both sides of the documented threshold: real
disjoint splits pass, validation sets made of slightly perturbed training images (noise, +-1 in
pixel values, shifts of 1-2 pixels, rescaling) fail, though not one of their bytes matches.
The digests are made by the harvest's own code, as in the kernel."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.boundary import Answer, AnswerStatus, ArrayDigest, digest_key
from grader.execute import harvest
from grader.intake.datasets import load_images
from grader.rules import data_split
from grader.rules.base import Evidence
from grader.text.messages import text
from tests.conftest import ROOT

RULE = data_split.parse({"aspect": "disjoint"})
FULL_SET = ROOT.parent / "shared" / "data" / "fashion_mnist.npz"


# its module fixture is built once, on one worker
pytestmark = pytest.mark.xdist_group("near-copies")


@pytest.fixture(scope="module")
def fashion() -> dict[str, np.ndarray]:
    folder = ROOT / "data" / "fashion-mnist"
    scaled = {
        split: load_images(folder, split).x[..., np.newaxis].astype("float32") / 255.0
        for split in ("train", "test")
    }
    return scaled


def _digest(x: np.ndarray, near: np.ndarray | None = None) -> ArrayDigest:
    """The digest as the harvest writes it in the kernel, read back as the grader does."""
    with tempfile.TemporaryDirectory() as folder:
        stem = os.path.join(folder, "digest")
        entry = harvest._digest(x, stem, np, None if near is None else (near, 7))
        assert entry["status"] == "ok"
        import json

        return ArrayDigest.from_json(json.loads(Path(stem + ".json").read_text()))


def _answers(x_train: np.ndarray, x_valid: np.ndarray) -> tuple[dict, dict[str, ArrayDigest]]:
    digests = {
        "X_train": _digest(x_train),
        "y_train": _digest(np.zeros(len(x_train), dtype=np.int64)),
        "X_valid": _digest(x_valid, near=x_train),
        "y_valid": _digest(np.zeros(len(x_valid), dtype=np.int64)),
    }
    return {digest_key(n): Answer(AnswerStatus.OK, d) for n, d in digests.items()}, digests


REFERENCE: dict = {}


def _judge(x_train: np.ndarray, x_valid: np.ndarray) -> Any:
    """The student's split against the reference notebook's (the last 500 shipped images)."""
    if not REFERENCE:
        train = load_images(ROOT / "data" / "fashion-mnist", "train").x[..., np.newaxis]
        train = train.astype("float32") / 255.0
        REFERENCE.update(_answers(train[:-500], train[-500:])[0])
    student, digests = _answers(x_train, x_valid)
    return data_split.check(RULE, Evidence(student, REFERENCE), False), digests


def _shift(x: np.ndarray, rows: int, columns: int) -> np.ndarray:
    """Shifted with zeros coming in (not rolled): what scipy.ndimage.shift or a crop does."""
    out = np.zeros_like(x)
    h, w = x.shape[1:3]
    out[:, max(rows, 0) : h + min(rows, 0), max(columns, 0) : w + min(columns, 0)] = x[
        :, max(-rows, 0) : h + min(-rows, 0), max(-columns, 0) : w + min(-columns, 0)
    ]
    return out


def test_real_disjoint_splits_pass(fashion):
    train = fashion["train"]
    for x_train, x_valid in (
        (train[:-500], train[-500:]),  # the reference's split of the shipped images
        (train[500:], train[:500]),
        (train, fashion["test"]),  # the test images: drawn apart from the training images
    ):
        outcome, digests = _judge(x_train, x_valid)
        assert outcome.score == 1.0, text(outcome.message, "en")
        assert data_split.near_share(digests, RULE.near_at) <= 0.05


PERTURBED = {
    "gaussian noise sigma 0.03": lambda x, rng: np.clip(x + rng.normal(0, 0.03, x.shape), 0, 1),
    "+-1 in pixel values": lambda x, rng: np.clip(x + rng.integers(-1, 2, x.shape) / 255, 0, 1),
    "shifted one pixel right": lambda x, rng: _shift(x, 0, 1),
    "shifted one pixel down and left": lambda x, rng: _shift(x, 1, -1),
    "shifted two pixels down": lambda x, rng: _shift(x, 2, 0),
    "rescaled to 0-255": lambda x, rng: x * 255.0,
    "darkened to 90%": lambda x, rng: x * 0.9,
    "noise, shift and rescaling at once": lambda x, rng: (
        _shift(np.clip(x + rng.normal(0, 0.01, x.shape), 0, 1), 1, 0) * 0.95
    ),
}


@pytest.mark.parametrize("perturbation", sorted(PERTURBED))
def test_slightly_perturbed_copies_of_training_images_fail(fashion, perturbation):
    rng = np.random.default_rng(3)
    x_train = fashion["train"][:-500]
    x_valid = PERTURBED[perturbation](x_train[rng.choice(len(x_train), 500, replace=False)], rng)
    outcome, digests = _judge(x_train, x_valid.astype("float32"))
    assert not set(digests["X_valid"].row_hashes) & set(digests["X_train"].row_hashes)
    assert data_split.near_share(digests, RULE.near_at) >= 0.9
    assert outcome.score == 0.0
    assert "near) copies of training images" in text(outcome.message, "en")
    assert "(fast) Kopien von Trainingsbildern" in text(outcome.message, "de")


def test_a_partly_copied_validation_set_fails_and_not_images_are_left_to_the_hashes(fashion):
    rng = np.random.default_rng(4)
    x_train = fashion["train"][:-500]
    honest, copied = fashion["train"][-500:-250], x_train[:250] * 0.98
    outcome, _ = _judge(x_train, np.concatenate([honest, copied]))
    assert outcome.score == 0.0
    rows = rng.uniform(size=(300, 5))  # not images: no near-copy measure, the hashes decide
    outcome, digests = _judge(rows[:200], rows[200:])
    assert digests["X_valid"].near is None and outcome.score == 1.0


@pytest.mark.slow
@pytest.mark.skipif(not FULL_SET.exists(), reason="the full Fashion-MNIST is in ../shared/data")
def test_the_full_training_set_the_lecture_splits(fashion):
    """55,000 training images: the lecture's split passes, 5,000 shifted copies fail."""
    full = np.load(FULL_SET)["x_train"][..., np.newaxis].astype("float32") / 255.0
    outcome, _ = _judge(full[:-5000], full[-5000:])
    assert outcome.score == 1.0
    outcome, _ = _judge(full[:-5000], _shift(full[:5000], 1, 1))
    assert outcome.score == 0.0
