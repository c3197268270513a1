"""F100 on hand-made answers: the example a failure shows is the case its named mistake was read
from; a hidden check shows the failing fresh input and never the reference's output; a public one
says where the answer first differs and hands the report both arrays to draw."""

from __future__ import annotations

import numpy as np

from grader.boundary import Answer, AnswerStatus, Call, call_key
from grader.rules.base import Evidence
from grader.rules.function_cases import check, parse
from grader.text.messages import render

PARAMS = parse(
    {
        "function": "conv2d",
        "group": {"de": "Zufall", "en": "random"},
        "cases": 2,
        "mistakes": ["transposed", "one-kernel-dimension", "output-size"],
        "args": {"image": {"array": [[4, 6], [4, 6]]}, "kernel": {"array": [[1, 3], [1, 3]]}},
        "kwargs": {"stride": {"value": 1}, "padding": {"value": 0}},
    }
)
IMAGE = np.arange(42).reshape(6, 7)
SQUARE, TALL = np.ones((2, 2), dtype=int), np.ones((3, 1), dtype=int)


def _correlate(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    k_h, k_w = kernel.shape
    out = np.zeros((image.shape[0] - k_h + 1, image.shape[1] - k_w + 1), dtype=int)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = (image[i : i + k_h, j : j + k_w] * kernel).sum()
    return out


def _evidence(cases: list[tuple[np.ndarray, object]]) -> Evidence:
    calls = tuple(
        Call(str(i), "conv2d", (IMAGE, kernel), {"stride": 1, "padding": 0})
        for i, (kernel, _) in enumerate(cases)
    )
    student = {
        call_key(c.id): answer if isinstance(answer, Answer) else Answer(AnswerStatus.OK, answer)
        for c, (_, answer) in zip(calls, cases, strict=True)
    }
    reference = {
        call_key(c.id): Answer(AnswerStatus.OK, _correlate(IMAGE, c.args[1])) for c in calls
    }
    return Evidence(student=student, reference=reference, calls=calls)


def test_the_example_is_the_case_the_mistake_was_read_from():
    raised = Answer(AnswerStatus.RAISED, detail="ValueError: operands could not be broadcast")
    square_code = _correlate(IMAGE, np.ones((3, 3), dtype=int))[:, :]  # k = kernel.shape[0]
    outcome = check(PARAMS, _evidence([(SQUARE, raised), (TALL, square_code)]), hidden=True)
    assert outcome.mistake is not None and outcome.mistake.key == "mistake.one-kernel-dimension"
    example = render(outcome.message, "en")
    assert "[[1], [1], [1]]" in example  # the 3x1 kernel's case, not the first (raised) one
    assert "operands could not be broadcast" not in example


def test_a_hidden_case_shows_its_fresh_input_never_the_reference_output():
    wrong = _correlate(IMAGE, TALL) + 1
    outcome = check(PARAMS, _evidence([(TALL, wrong), (TALL, wrong)]), hidden=True)
    for lang in ("de", "en"):
        said = render(outcome.message, lang)
        assert "[[0, 1, 2, 3, 4, 5, 6]," in said  # the image, to reproduce the case
        assert str(_correlate(IMAGE, TALL).tolist()[0])[:-1] not in said  # never the output
        assert "[0, 0]" in said  # where it first differs
    assert outcome.arrays is None  # a hidden check draws nothing


def test_a_public_case_says_where_it_differs_and_hands_over_both_arrays():
    wrong = _correlate(IMAGE, SQUARE)
    wrong[1, 2] += 5
    outcome = check(
        PARAMS, _evidence([(SQUARE, wrong), (SQUARE, _correlate(IMAGE, SQUARE))]), False
    )
    said = render(outcome.message, "en")
    assert "1 of 2 cases" in said and "at position [1, 2]" in said
    assert outcome.arrays == (wrong.tolist(), _correlate(IMAGE, SQUARE).tolist())
