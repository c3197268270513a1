"""Scoring without a kernel: answers filed as the plan says, turned into points by the real rules
of the real specs. Gates, rounding and every task status, each on hand-made answers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from conftest import ROOT

from grader.boundary import Answer, AnswerStatus, TaskAnswers, artifact_key, value_key
from grader.course.spec import load_assignment
from grader.grading.engine import StudentWork, score
from grader.grading.expectations import expectations
from grader.grading.plan import make_plan
from grader.intake.model_facts import Measurement, ModelFacts
from grader.results.records import TaskResult, TaskStatus

PARAMETERS = load_assignment(ROOT, "02_parameters")
LENET = load_assignment(ROOT, "03_lenet5")
FASHION = load_assignment(ROOT, "04_fashion_mnist_cnn")
OK = AnswerStatus.OK


def _values(**values: object) -> TaskAnswers:
    return {value_key(name): Answer(OK, value) for name, value in values.items()}


def _dense_vs_conv(dense: int, conv: int) -> TaskResult:
    plan = make_plan(PARAMETERS, 1)
    reference = {"dense_vs_conv": _values(dense_params_256=196609000, conv_params_256=1792)}
    work = StudentWork({"dense_vs_conv": _values(dense_params_256=dense, conv_params_256=conv)})
    return next(
        t
        for t in score(PARAMETERS, plan, work, expectations(plan, reference))
        if t.task == "dense_vs_conv"
    )


def test_a_failed_gate_zeroes_its_task() -> None:
    right = _dense_vs_conv(196609000, 1792)
    gated = _dense_vs_conv(196609000, 1728)  # the conv count without bias: the gate fails
    assert (right.points, right.status) == (1.0, TaskStatus.PASSED)
    assert (gated.points, gated.status) == (0.0, TaskStatus.FAILED)


def _threshold(accuracy: float) -> float:
    plan = make_plan(FASHION, 1)
    facts = ModelFacts(measured=Measurement(True, params=1, accuracy=accuracy, evaluated=100))
    model = {artifact_key("fashion_cnn.keras"): Answer(OK, facts)}
    work = StudentWork({"threshold": model})
    tasks = score(FASHION, plan, work, expectations(plan, {}))
    return next(t for t in tasks if t.task == "threshold").checks[-1].points


@pytest.mark.parametrize(
    ("accuracy", "points"),
    [(0.87, 0.0), (0.88, 0.0), (0.8937, 4.0), (0.905, 7.5), (0.9199, 11.5), (0.92, 12.0)],
)
def test_partial_points_are_rounded_down_to_half_points(accuracy: float, points: float) -> None:
    assert _threshold(accuracy) == points


def _status_with(answers: TaskAnswers, reference: TaskAnswers | None = None) -> TaskStatus:
    spec = replace(PARAMETERS, tasks=PARAMETERS.tasks[:1], checks=PARAMETERS.checks[:2])
    plan = make_plan(spec, 1)
    keys = plan.student["conv_params"].keys()
    answered = {key: answers.get(key, answers.get(value_key("*"))) for key in keys}
    given = reference if reference is not None else dict.fromkeys(keys, Answer(OK, 0))
    (task,) = score(
        spec,
        plan,
        StudentWork({"conv_params": answered}),
        expectations(plan, {"conv_params": given}),
    )
    return task.status


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (AnswerStatus.KERNEL_DIED, TaskStatus.KERNEL_DIED),
        (AnswerStatus.TIMEOUT, TaskStatus.TIMEOUT),
        (AnswerStatus.MISSING, TaskStatus.MISSING),
        (AnswerStatus.RAISED, TaskStatus.FAILED),
    ],
)
def test_a_task_whose_answers_are_all_absent_alike_has_that_status(
    status: AnswerStatus, expected: TaskStatus
) -> None:
    assert _status_with({value_key("*"): Answer(status)}) == expected


def test_right_answers_pass_and_a_missing_reference_is_a_grader_error() -> None:
    assert _status_with({value_key("*"): Answer(OK, 0)}) == TaskStatus.PASSED
    assert _status_with({value_key("*"): Answer(OK, 0)}, reference={}) == TaskStatus.GRADER_ERROR


def test_the_plan_files_calls_under_their_check_and_asks_the_reference_for_variants() -> None:
    spec = load_assignment(ROOT, "01_convolution")
    plan = make_plan(spec, 3)
    student_calls = [c.id for c in plan.student["conv2d"].calls]
    reference_calls = [c.id for c in plan.reference["conv2d"].calls]
    assert "conv2d/stride-1/0" in student_calls
    assert "conv2d/stride-1/0~flipped-kernel" in reference_calls
    assert not [c for c in student_calls if "~" in c]
    first = plan.student["conv2d"].calls[1].args[0]
    assert isinstance(first, np.ndarray)
    assert plan.artifacts["conv2d"] == () and not plan.measures_accuracy


def _pad_to_32(handles_4d: bool, handles_3d: bool = True) -> TaskResult:
    plan = make_plan(LENET, 1)
    keys = plan.student["pad_to_32"].keys()
    right = {key: Answer(OK, np.zeros((2, 32, 32, 1))) for key in keys}
    student = {
        key: Answer(OK, np.zeros((2, 32, 32)))
        if ("images-4d" in key.name and not handles_4d)
        or ("images-3d" in key.name and not handles_3d)
        else answer
        for key, answer in right.items()
    }
    expected = expectations(plan, {"pad_to_32": right})
    tasks = score(LENET, plan, StudentWork({"pad_to_32": student}), expected)
    return next(t for t in tasks if t.task == "pad_to_32")


def test_pad_to_32_earns_its_one_point_only_when_every_case_passes() -> None:
    """The contract states no share for it: half a point for one input form would be one."""
    assert _pad_to_32(handles_4d=True).points == 1.0
    assert _pad_to_32(handles_4d=False).points == 0.0
    assert _pad_to_32(handles_4d=True, handles_3d=False).points == 0.0
    assert {t.points for t in LENET.tasks if t.id == "pad_to_32"} == {1.0}
