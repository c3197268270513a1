"""Runs the checks of an assignment on answers that already crossed the kernel boundary.

Pure: no kernel, no files. ``plan_requests`` says what each kernel must answer (the same seeded
inputs for student and reference); ``score`` turns both kernels' answers into task results.
A rule that crashes, or a reference that gave no answer, is a GRADER_ERROR on that check, never a
zero the student has to argue about.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from grader.answers import TaskRequest
from grader.errors import SpecError
from grader.results import CheckResult, TaskResult, TaskStatus
from grader.rules import get_rule
from grader.rules.base import (
    Answer,
    Call,
    Evidence,
    Needs,
    SourceCell,
    artifact_key,
    call_key,
    digest_key,
    model_key,
)
from grader.spec import AssignmentSpec, CheckSpec


@dataclass(frozen=True)
class Plan:
    needs: Mapping[str, Needs]  # by check id, call ids local to the check
    student: Mapping[str, TaskRequest]
    reference: Mapping[str, TaskRequest]


def _global_id(check: CheckSpec, call: Call) -> Call:
    return replace(call, id=f"{check.id}/{call.id}")


def plan_requests(spec: AssignmentSpec, seed: int) -> Plan:
    rng = np.random.default_rng(seed)
    needs = {check.id: get_rule(check.rule).needs(check.params, rng) for check in spec.checks}
    student: dict[str, TaskRequest] = {}
    reference: dict[str, TaskRequest] = {}
    for task in spec.tasks:
        checks = spec.checks_of(task.id)
        values = tuple(sorted({v for c in checks for v in needs[c.id].values}))
        models = tuple(sorted({m for c in checks for m in needs[c.id].models}))
        digests = tuple(sorted({d for c in checks for d in needs[c.id].digests}))
        calls = tuple(_global_id(c, call) for c in checks for call in needs[c.id].calls)
        extra = tuple(_global_id(c, call) for c in checks for call in needs[c.id].reference_calls)
        student[task.id] = TaskRequest(values, calls, models, digests)
        reference[task.id] = TaskRequest(values, calls + extra, models, digests)
    return Plan(needs, student, reference)


def _local_answers(
    answers: Mapping[str, Answer], check: CheckSpec, need: Needs
) -> dict[str, Answer]:
    names = (
        *need.values,
        *(model_key(name) for name in need.models),
        *(digest_key(name) for name in need.digests),
        *(artifact_key(name) for name in need.artifacts),
    )
    local = {name: answers[name] for name in names if name in answers}
    for call in (*need.calls, *need.reference_calls):
        key = call_key(f"{check.id}/{call.id}")
        if key in answers:
            local[call_key(call.id)] = answers[key]
    return local


def run_check(check: CheckSpec, evidence: Evidence) -> CheckResult:
    rule = get_rule(check.rule)
    try:
        outcome = rule.check(check.params, evidence, check.hidden)
    except SpecError as error:
        return CheckResult(
            check.id, rule.code, 0.0, check.points, check.hidden, check.gate, None, str(error)
        )
    except Exception as error:  # a bug in a rule must cost no student points
        return CheckResult(
            check.id,
            rule.code,
            0.0,
            check.points,
            check.hidden,
            check.gate,
            None,
            f"rule crashed: {error!r}",
        )
    points = check.points * max(0.0, min(1.0, outcome.score))
    if check.round_down_to:
        points = math.floor(points / check.round_down_to + 1e-9) * check.round_down_to
    return CheckResult(check.id, rule.code, points, check.points, check.hidden, check.gate, outcome)


def score(
    spec: AssignmentSpec,
    plan: Plan,
    student: Mapping[str, Mapping[str, Answer]],
    reference: Mapping[str, Mapping[str, Answer]],
    source: tuple[SourceCell, ...],
    cell_errors: Mapping[str, str],
) -> tuple[TaskResult, ...]:
    results = []
    for task in spec.tasks:
        checks = []
        for check in spec.checks_of(task.id):
            need = plan.needs[check.id]
            evidence = Evidence(
                student=_local_answers(student.get(task.id, {}), check, need),
                reference=_local_answers(reference.get(task.id, {}), check, need),
                source=source,
                cell_error=cell_errors.get(task.id),
                calls=need.calls + need.reference_calls,
            )
            checks.append(run_check(check, evidence))
        results.append(
            _task_result(task.id, task.title, task.points, tuple(checks), student.get(task.id, {}))
        )
    return tuple(results)


def _task_result(
    task_id: str,
    title: str,
    max_points: float,
    checks: tuple[CheckResult, ...],
    answers: Mapping[str, Answer],
) -> TaskResult:
    gate_failed = any(c.gate and c.outcome is not None and not c.passed for c in checks)
    points = 0.0 if gate_failed else sum(c.points for c in checks)
    return TaskResult(
        task_id,
        title,
        points,
        max_points,
        _task_status(points, max_points, checks, answers),
        checks,
    )


def _task_status(
    points: float, max_points: float, checks: tuple[CheckResult, ...], answers: Mapping[str, Answer]
) -> TaskStatus:
    if any(c.error for c in checks):
        return TaskStatus.GRADER_ERROR
    statuses = {a.status for a in answers.values()}
    if points >= max_points:
        return TaskStatus.PASSED
    if statuses and statuses <= {"kernel_died"}:
        return TaskStatus.KERNEL_DIED
    if statuses and statuses <= {"timeout"}:
        return TaskStatus.TIMEOUT
    if statuses and statuses <= {"missing"}:
        return TaskStatus.MISSING
    return TaskStatus.PARTIAL if points > 0 else TaskStatus.FAILED
