"""The values every rule kind works with.

A rule kind is a frozen record: a code, a kebab-case name, a docstring (what it checks, why it
matters, an example failure) and three pure functions: ``parse`` turns the spec's TOML keys into a
frozen params object, ``needs`` says what must cross the kernel boundary (values by name, function
calls on generated inputs), and ``check`` turns the student's and the reference's answers into an
``Outcome``. No rule does I/O or talks to a kernel; a student's mistake is an outcome, never an
exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.boundary import Answer, AnswerKey, Call
from grader.messages import Message


@dataclass(frozen=True)
class Needs:
    """What a check needs from the kernels. ``reference_calls`` run only in the reference kernel.

    ``models``: Keras models by name, saved as ``.keras`` files and read back as facts (answer
    key ``model_key(name)``); ``digests``: arrays summarised in the kernel instead of copied
    (``digest_key``); ``artifacts``: files handed in beside the notebook (``artifact_key``);
    ``evaluate``: the check needs the accuracy of its models measured by the grader.
    """

    values: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()
    reference_calls: tuple[Call, ...] = ()
    models: tuple[str, ...] = ()
    digests: tuple[str, ...] = ()
    near_copies: tuple[tuple[str, str], ...] = ()  # (digest, array): how near its images come
    observe: tuple[tuple[str, tuple[str, ...]], ...] = ()  # by-hand function, banned names
    artifacts: tuple[str, ...] = ()
    evaluate: bool = False


@dataclass(frozen=True)
class SourceCell:
    index: int
    task: str | None
    source: str


@dataclass(frozen=True)
class Evidence:
    """Everything a rule may look at: both sides' answers, the student's code, the error (if any)
    that the task's own answer cell raised, and the calls made for this check (ids local to it)."""

    student: Mapping[AnswerKey, Answer]
    reference: Mapping[AnswerKey, Answer]
    source: tuple[SourceCell, ...] = ()
    cell_error: str | None = None
    calls: tuple[Call, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """``score`` is the share (0..1) of the check's points earned. ``flag``: something an
    instructor should look at, whatever the points (shown under "flagged for review");
    ``curves``: per-epoch series the report draws (a training history)."""

    score: float
    message: Message
    mistake: Message | None = None
    expected: str | Message | None = None
    found: str | Message | None = None
    flag: Message | None = None
    curves: dict[str, list[float]] | None = None


@dataclass(frozen=True)
class RuleKind:
    code: str
    name: str
    doc: str
    parse: Callable[[dict[str, Any]], Any]
    needs: Callable[[Any, np.random.Generator], Needs]
    check: Callable[[Any, Evidence, bool], Outcome]

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]


def no_needs(_params: Any, _rng: np.random.Generator) -> Needs:
    return Needs()


def reject_unknown(raw: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise ValueError(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
