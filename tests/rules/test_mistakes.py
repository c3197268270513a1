"""Mistake detectors on hand-made wrong answers: each fingerprint fires on its mistake only."""

import numpy as np
import pytest

from grader.rules.helpers.mistakes import MISTAKES, MistakeContext, diagnose
from grader.text.messages import render

EXPECTED_2D = np.array([[1, 2, 3], [4, 5, 6]])
FASHION = [3200, 0, 73856, 147584, 0, 295168, 590080, 0, 0, 295040, 0, 8256, 0, 650]
UNITS = [64, 0, 128, 128, 0, 256, 256, 0, 0, 128, 0, 64, 0, 10]


def _key(mistake_id, found, expected, context=None):
    message = MISTAKES[mistake_id].detect(found, expected, context or MistakeContext())
    return message.key if message else None


def test_transposed():
    assert _key("transposed", EXPECTED_2D.T, EXPECTED_2D) == "mistake.transposed"
    assert _key("transposed", EXPECTED_2D, EXPECTED_2D) is None


def test_channels_first():
    maps = np.arange(32).reshape(4, 4, 2)
    assert _key("channels-first", np.moveaxis(maps, -1, 0), maps) == "mistake.channels-first"
    assert _key("channels-first", maps, maps) is None


def test_negated_result_means_flipped_kernel():
    assert _key("flipped-kernel-sign", -EXPECTED_2D, EXPECTED_2D) == "mistake.flipped-kernel"
    assert _key("flipped-kernel-sign", EXPECTED_2D + 1, EXPECTED_2D) is None


def test_flipped_kernel_compares_with_the_references_variant_output():
    variant = np.array([[9, 9], [9, 9]])
    context = MistakeContext(variant=variant)
    assert _key("flipped-kernel", variant, np.ones((2, 2)), context) == "mistake.flipped-kernel"
    assert _key("flipped-kernel", np.zeros((2, 2)), np.ones((2, 2)), context) is None


def test_output_size_names_the_difference():
    message = MISTAKES["output-size"].detect(np.zeros((3, 3)), np.zeros((4, 4)), MistakeContext())
    assert message is not None and message.params["delta"].value == 1
    assert "um 1 zu klein" in render(message, "de") and "1 too small" in render(message, "en")
    assert _key("output-size", np.zeros((9, 9)), np.zeros((4, 4))) is None


def test_bias_forgotten_per_entry_and_for_a_single_number():
    without_bias = [p - u for p, u in zip(FASHION, UNITS, strict=True)]
    assert _key("bias-forgotten", without_bias, FASHION) == "mistake.bias-forgotten"
    assert _key("bias-forgotten", 1792 - 64, 1792) == "mistake.bias-forgotten"
    assert _key("bias-forgotten", 1791, 1792) is None


def test_channels_forgotten():
    # conv 3x3, 64 -> 128 channels: (9*64+1)*128 = 73856; forgetting c_in gives (9+1)*128
    assert _key("channels-forgotten", 1280, 73856) == "mistake.channels-forgotten"
    assert _key("channels-forgotten", 640, 1792) == "mistake.channels-forgotten"  # 3x3x3 -> 64
    assert _key("channels-forgotten", 73855, 73856) is None


def test_shifted_by_one_and_pool_rounded_up():
    assert _key("shifted-by-one", [0, *FASHION], FASHION) == "mistake.shifted-by-one"
    assert _key("shifted-by-one", [*FASHION[1:], 0], FASHION) == "mistake.shifted-by-one"
    assert _key("shifted-by-one", FASHION, FASHION) is None
    shapes = [(7, 7, 256), (3, 3, 256), (2304,)]
    assert (
        _key("pool-rounded-up", [(7, 7, 256), (4, 4, 256), (4096,)], shapes)
        == "mistake.pool-rounded-up"
    )


def test_sum_of_own_list_points_at_the_list():
    context = MistakeContext(
        student={"p": [1, 2, 3]}, reference={"p": [1, 2, 4]}, params={"list": "p"}
    )
    assert _key("sum-of-own-list", 6, 7, context) == "mistake.sum-of-own-list"
    assert _key("sum-of-own-list", 5, 7, context) is None


def test_diagnose_returns_the_first_matching_mistake():
    found = diagnose(("output-size", "transposed"), EXPECTED_2D.T, EXPECTED_2D, {})
    assert found is not None and found.key == "mistake.transposed"


@pytest.mark.parametrize("mistake_id", sorted(MISTAKES))
def test_no_mistake_is_named_for_a_right_answer(mistake_id):
    context = MistakeContext(
        variant=EXPECTED_2D,
        student={"p": EXPECTED_2D},
        reference={"p": EXPECTED_2D},
        params={"list": "p"},
    )
    assert _key(mistake_id, EXPECTED_2D, EXPECTED_2D, context) is None


def _conv_context(image_shape, kernel_shape, stride=1, padding=0):
    return MistakeContext(
        arguments={
            "image": np.zeros(image_shape),
            "kernel": np.zeros(kernel_shape),
            "stride": stride,
            "padding": padding,
        }
    )


def test_one_kernel_dimension_for_both_axes_is_named_not_as_stride_arithmetic():
    expected = np.zeros((6, 6))  # 9x7 image, 4x2 kernel, stride 1
    context = _conv_context((9, 7), (4, 2))
    assert _key("one-kernel-dimension", np.zeros((6, 4)), expected, context) == (
        "mistake.one-kernel-dimension"
    )
    assert _key("one-kernel-dimension", np.zeros((8, 6)), expected, context) == (
        "mistake.one-kernel-dimension"  # kernel.shape[1] used for both
    )
    assert _key("one-kernel-dimension", np.zeros((5, 5)), expected, context) is None
    square = _conv_context((9, 7), (3, 3))
    assert _key("one-kernel-dimension", np.zeros((6, 4)), np.zeros((7, 5)), square) is None
    padded = _conv_context((5, 6), (1, 3), stride=1, padding=2)  # expected (9, 8)
    assert _key("one-kernel-dimension", np.zeros((9, 10)), np.zeros((9, 8)), padded) == (
        "mistake.one-kernel-dimension"
    )


def test_a_pooling_rounded_up_shows_in_the_dense_layer_after_it():
    rounded = FASHION.copy()
    rounded[9] = (4 * 4 * 256 + 1) * 128  # 7 -> 4 instead of 3 before Flatten
    assert _key("pool-rounded-up", rounded, FASHION) == "mistake.pool-rounded-up"
    assert _key("pool-rounded-up", [f + 1 for f in FASHION], FASHION) is None
    biased = [f - u for f, u in zip(FASHION, UNITS, strict=True)]
    assert _key("pool-rounded-up", biased, FASHION) is None


def test_a_total_of_a_wrong_list_names_the_lists_mistake():
    own = [f - u for f, u in zip(FASHION, UNITS, strict=True)]  # every bias forgotten
    context = MistakeContext(
        student={"fashion_params": own},
        reference={"fashion_params": FASHION},
        params={"list": "fashion_params"},
    )
    message = MISTAKES["sum-of-own-list"].detect(sum(own), sum(FASHION), context)
    assert message is not None and message.key == "mistake.sum-of-own-list-named"
    assert message.params["mistake"].key == "mistake.bias-forgotten"
    shifted = [0, *FASHION[:-1]]
    context = MistakeContext(
        student={"fashion_params": shifted},
        reference={"fashion_params": FASHION},
        params={"list": "fashion_params"},
    )
    message = MISTAKES["sum-of-own-list"].detect(sum(shifted), sum(FASHION), context)
    assert message is not None and message.params["mistake"].key == "mistake.shifted-by-one"


@pytest.mark.parametrize("found", [28, 9, 26])
def test_a_wrong_rgb_weight_count_is_not_explained_by_a_mistake_of_another_task(found):
    """01's spec names no mistake for rgb_weights: 28 (the bias counted, which the task excludes)
    was told "a typical padding/stride slip". Now it is told what it found (the check is hidden:
    not what was expected), and no likely mistake, in either language."""
    from grader.boundary import Answer, AnswerStatus, value_key
    from grader.course.spec import load_assignment
    from grader.grading.engine import run_check
    from grader.rules.base import Evidence
    from grader.text.messages import text
    from tests.conftest import ROOT

    spec = load_assignment(ROOT, "01_convolution")
    check = next(c for c in spec.checks if c.id == "rgb_weights/value")
    key = value_key("rgb_filter_weights")
    evidence = Evidence(
        student={key: Answer(AnswerStatus.OK, found)}, reference={key: Answer(AnswerStatus.OK, 27)}
    )
    result = run_check(check, evidence)
    assert result.points == 0 and result.outcome is not None
    assert result.outcome.mistake is None
    for lang in ("de", "en"):
        words = text(result.outcome.message, lang)
        assert str(found) in words and "padding" not in words.lower()
