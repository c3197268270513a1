"""Runs the checks of an assignment on answers that already crossed the kernel boundary.

Pure: no kernel, no files. ``score`` turns the student's answers (filed as the plan says) and
each check's expectation (``grader.grading.expectations``) into task results. A rule that crashes,
or a reference that gave no answer, is a GRADER_ERROR on that check, never a zero the student has to
argue about.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from grader.boundary import AnswerStatus, TaskAnswers
from grader.course.spec import AssignmentSpec, CheckSpec
from grader.errors import SpecError
from grader.grading.expectations import Expectations
from grader.grading.plan import CheckPlan, Plan
from grader.results.records import CheckResult, TaskResult, TaskStatus
from grader.rules import get_rule
from grader.rules.base import CellFailure, Evidence, SourceCell
from grader.text.messages import Message, msg

Answers = Mapping[str, TaskAnswers]  # task id -> its answers


@dataclass(frozen=True)
class StudentWork:
    """What the student's run left for the rules: answers, code, and the cells that failed."""

    answers: Answers
    source: tuple[SourceCell, ...] = ()
    failures: tuple[CellFailure, ...] = ()
    texts: tuple[SourceCell, ...] = ()  # Markdown answer cells (free-text answers)

    def failure_of(self, task: str) -> CellFailure | None:
        """The last failed answer cell of a task: the one its answers depend on."""
        own = [failure for failure in self.failures if failure.task == task]
        return own[-1] if own else None


def run_check(check: CheckSpec, evidence: Evidence) -> CheckResult:
    rule = get_rule(check.rule)
    try:
        outcome = rule.check(check.params, evidence, check.hidden)
    except SpecError as error:
        problem: str | Message = error.said or str(error)
        return CheckResult(
            check.id, rule.code, 0.0, check.points, check.hidden, check.gate, None, problem
        )
    except Exception as error:  # a bug in a rule must cost no student points
        crashed = msg("check.rule_crashed", rule=rule.code, error=repr(error)[:300])
        return CheckResult(
            check.id, rule.code, 0.0, check.points, check.hidden, check.gate, None, crashed
        )
    points = check.points * max(0.0, min(1.0, outcome.score))
    if check.round_down_to:
        points = math.floor(points / check.round_down_to + 1e-9) * check.round_down_to
    return CheckResult(check.id, rule.code, points, check.points, check.hidden, check.gate, outcome)


def evidence_for(plan: CheckPlan, work: StudentWork, expected: Expectations) -> Evidence:
    task = plan.check.task
    return Evidence(
        student=plan.answers(work.answers.get(task, {})),
        reference=expected.of(plan.check.id),
        source=work.source,
        cell_failure=work.failure_of(task),
        calls=plan.calls,
        failures=work.failures,
        texts=tuple(cell for cell in work.texts if cell.task == task),
    )


def score(
    spec: AssignmentSpec, plan: Plan, work: StudentWork, expected: Expectations
) -> tuple[TaskResult, ...]:
    self_check = spec.stored_expectations is not None  # a kit's: public checks only
    results = []
    for task in spec.tasks:
        checks = tuple(
            run_check(p.check, evidence_for(p, work, expected)) for p in plan.checks_of(task.id)
        )
        points, status = _task_points(task.points, checks, work.answers.get(task.id, {}))
        if self_check:
            status = self_check_status(status, checks, work.failure_of(task.id))
        results.append(
            TaskResult(task.id, task.title, points, task.points, status, checks, task.titles)
        )
    return tuple(results)


def self_check_status(
    status: TaskStatus, checks: tuple[CheckResult, ...], failure: CellFailure | None
) -> TaskStatus:
    """What a self-check, which runs the public checks only, knows of a task: "passed" only
    where a public check that judges values passed; a task without one is unchecked or had its
    shape checked; an answer cell that raised says so (the placeholder's NotImplementedError: not
    answered yet), unless a failed check already explains the task; a written answer still
    the placeholder is not answered either, never "failed"."""
    if status in (TaskStatus.PENDING, TaskStatus.GRADER_ERROR):
        return status
    failed = [c.outcome for c in checks if not c.passed]
    if failed and all(outcome is not None and outcome.unanswered for outcome in failed):
        return TaskStatus.UNANSWERED
    if failure is not None and failure.error.startswith("NotImplementedError"):
        return TaskStatus.UNANSWERED
    if failure is not None and status not in (TaskStatus.FAILED, TaskStatus.PARTIAL):
        return TaskStatus.CELL_ERROR
    if status != TaskStatus.PASSED:
        return status
    if not checks:
        return TaskStatus.UNCHECKED
    if all(get_rule(c.rule).shape_only for c in checks):
        return TaskStatus.SHAPE_ONLY
    return status


def _task_points(
    max_points: float, checks: tuple[CheckResult, ...], answers: TaskAnswers
) -> tuple[float, TaskStatus]:
    """A failed gate zeroes the task; a task whose answers all share one reason for being absent
    has that reason as its status; a check a person must score (a free-text answer) keeps the
    task pending until the instructor enters points."""
    gate_failed = any(c.gate and c.outcome is not None and not c.passed for c in checks)
    points = 0.0 if gate_failed else sum(c.points for c in checks)
    if any(c.error for c in checks):
        return points, TaskStatus.GRADER_ERROR
    if not gate_failed and any(c.outcome is not None and c.outcome.pending for c in checks):
        return points, TaskStatus.PENDING
    if points >= max_points and (max_points > 0 or all(c.passed for c in checks)):
        return points, TaskStatus.PASSED  # a task of zero points (a kit's) passes by its checks
    statuses = {a.status for a in answers.values()}
    for reason, status in ABSENT.items():
        if statuses and statuses <= {reason}:
            return points, status
    return points, TaskStatus.PARTIAL if points > 0 else TaskStatus.FAILED


ABSENT = {
    AnswerStatus.KERNEL_DIED: TaskStatus.KERNEL_DIED,
    AnswerStatus.TIMEOUT: TaskStatus.TIMEOUT,
    AnswerStatus.MISSING: TaskStatus.MISSING,
}
