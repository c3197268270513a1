"""The plan of one grading: what each kernel is asked, which files are read beside the notebook,
which models are measured, and under which keys every check finds its answers.

Computed once per (spec, seed) from the checks' ``needs``, then only read: execution takes its
task requests, model measuring its artifacts and evaluations, scoring its keys. Student and
reference kernels get the same seeded inputs; the reference alone also answers the calls that
name a mistake's variant (e.g. the reference function on the flipped kernel). The reference's
own samples (which validation images it checks for near copies) use one fixed seed: its share
is the baseline a student's is compared to, and a baseline that does not move with the run's
seed can be kept between runs (``reference_cache``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from grader.boundary import (
    Answer,
    AnswerKey,
    Call,
    TaskAnswers,
    TaskRequest,
    artifact_key,
    call_key,
    digest_key,
    model_key,
    observed_key,
    value_key,
)
from grader.course.spec import AssignmentSpec, CheckSpec
from grader.rules import get_rule
from grader.rules.base import Needs


@dataclass(frozen=True)
class CheckPlan:
    """One check's needs, and its answers' keys: as the rule reads them -> as the task files them
    (call ids are local to a check, so they are filed under ``<check id>/<call id>``)."""

    check: CheckSpec
    needs: Needs
    keys: tuple[tuple[AnswerKey, AnswerKey], ...]

    @property
    def calls(self) -> tuple[Call, ...]:
        return self.needs.calls + self.needs.reference_calls

    def answers(self, task_answers: TaskAnswers) -> dict[AnswerKey, Answer]:
        """The part of a task's answers this check reads, under the keys the rule uses."""
        return {mine: task_answers[key] for mine, key in self.keys if key in task_answers}


@dataclass(frozen=True)
class Plan:
    seed: int
    checks: tuple[CheckPlan, ...]
    student: Mapping[str, TaskRequest]  # task id -> what the student's kernel exports
    reference: Mapping[str, TaskRequest]
    artifacts: Mapping[str, tuple[str, ...]]  # task id -> files read beside the notebook
    evaluated: Mapping[str, frozenset[AnswerKey]]  # task id -> models measured on the images

    def checks_of(self, task: str) -> tuple[CheckPlan, ...]:
        return tuple(plan for plan in self.checks if plan.check.task == task)

    @property
    def measures_accuracy(self) -> bool:
        return any(self.evaluated.values())


REFERENCE_SAMPLE_SEED = 0  # the reference kernel's own samples, the same in every run


def _global(check: CheckSpec, call: Call) -> Call:
    return Call(f"{check.id}/{call.id}", call.function, call.args, call.kwargs)


def _keys(check: CheckSpec, needs: Needs) -> tuple[tuple[AnswerKey, AnswerKey], ...]:
    named = (
        *(value_key(n) for n in needs.values),
        *(model_key(n) for n in needs.models),
        *(digest_key(n) for n in needs.digests),
        *(artifact_key(n) for n in needs.artifacts),
        *(observed_key(function) for function, _ in needs.observe),
    )
    calls = (
        (call_key(call.id), call_key(_global(check, call).id))
        for call in (*needs.calls, *needs.reference_calls)
    )
    return (*((key, key) for key in named), *calls)


def check_plan(check: CheckSpec, rng: np.random.Generator) -> CheckPlan:
    needs = get_rule(check.rule).needs(check.params, rng)
    return CheckPlan(check, needs, _keys(check, needs))


def make_plan(spec: AssignmentSpec, seed: int) -> Plan:
    rng = np.random.default_rng(seed)
    checks = tuple(check_plan(check, rng) for check in spec.checks)
    return _plan(seed, checks, tuple(task.id for task in spec.tasks))


def restricted(plan: Plan, check_ids: frozenset[str]) -> Plan:
    """The same plan for some of its checks only (what the reference must still answer when
    the others' expectations are known already)."""
    checks = tuple(p for p in plan.checks if p.check.id in check_ids)
    return _plan(plan.seed, checks, tuple(plan.student))


def _plan(seed: int, checks: tuple[CheckPlan, ...], tasks: tuple[str, ...]) -> Plan:
    student: dict[str, TaskRequest] = {}
    reference: dict[str, TaskRequest] = {}
    artifacts: dict[str, tuple[str, ...]] = {}
    evaluated: dict[str, frozenset[AnswerKey]] = {}
    for task in tasks:
        plans = [p for p in checks if p.check.task == task]
        values = _union(n for p in plans for n in p.needs.values)
        models = _union(n for p in plans for n in p.needs.models)
        digests = _union(n for p in plans for n in p.needs.digests)
        near = tuple(sorted({pair for p in plans for pair in p.needs.near_copies}))
        calls = tuple(_global(p.check, c) for p in plans for c in p.needs.calls)
        extra = tuple(_global(p.check, c) for p in plans for c in p.needs.reference_calls)
        observe = _observed(p.needs.observe for p in plans)
        student[task] = TaskRequest(values, calls, models, digests, near, seed, observe)
        reference[task] = TaskRequest(
            values, calls + extra, models, digests, near, REFERENCE_SAMPLE_SEED
        )
        artifacts[task] = _union(n for p in plans for n in p.needs.artifacts)
        evaluated[task] = frozenset(
            key
            for p in plans
            if p.needs.evaluate
            for key in (
                *(model_key(n) for n in p.needs.models),
                *(artifact_key(n) for n in p.needs.artifacts),
            )
        )
    return Plan(seed, checks, student, reference, artifacts, evaluated)


def _observed(
    specs: Iterable[tuple[tuple[str, tuple[str, ...]], ...]],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    banned: dict[str, set[str]] = {}
    for spec in specs:
        for function, names in spec:
            banned.setdefault(function, set()).update(names)
    return tuple((function, tuple(sorted(names))) for function, names in sorted(banned.items()))


def _union(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names)))
