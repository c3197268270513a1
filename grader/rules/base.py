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
from grader.intake.notebook import CellPlace
from grader.rules.helpers.learning_curve import Curves
from grader.text.messages import Message, msg, render


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
class CellFailure:
    """A cell of the student's run that raised or ran out of time. ``index`` is its position in
    the student's notebook (0-based, Markdown cells included); ``place`` where the student finds
    it (its number among the code cells, the "[7]" beside it); ``title`` is its task's title
    from the spec (None for a given or an added cell)."""

    index: int
    task: str | None
    title: str | Mapping[str, str] | None  # by language where the spec gives it so
    error: str  # "Type: message", as the kernel reported it
    timeout_s: float | None = None  # set when the cell ran past this limit
    place: CellPlace | None = None

    @property
    def number(self) -> int:
        """Its number among the code cells (without a place: among all cells, from 1)."""
        return self.index + 1 if self.place is None else self.place.number


@dataclass(frozen=True)
class Evidence:
    """Everything a rule may look at: both sides' answers, the student's code, the failure (if
    any) of the task's own answer cell, every failed cell of the run (to explain a name that an
    earlier cell should have defined), the calls made for this check (ids local to it), and the
    text of the submission's Markdown answer cells (never run: the grader reads them)."""

    student: Mapping[AnswerKey, Answer]
    reference: Mapping[AnswerKey, Answer]
    source: tuple[SourceCell, ...] = ()
    cell_failure: CellFailure | None = None
    calls: tuple[Call, ...] = ()
    failures: tuple[CellFailure, ...] = ()
    texts: tuple[SourceCell, ...] = ()  # the submission's Markdown answer cells, read as text

    @property
    def cell_error(self) -> str | None:
        return self.cell_failure.error if self.cell_failure else None


@dataclass(frozen=True)
class Outcome:
    """``score`` is the share (0..1) of the check's points earned. ``flag``: something an
    instructor should look at, whatever the points (shown under "flagged for review");
    ``curves``: a training history the report draws; ``arrays``: the found and the expected
    array of a failed public check, small enough for the report to draw side by side;
    ``pending``: the rule cannot score this, a person does (a free-text answer), so the task
    waits for the instructor; ``measured``: the number a summary may rank (a measured test
    accuracy); ``unanswered``: there is no answer yet to judge (a written answer's cell still
    holds the placeholder or is empty), which a self-check says as "not answered"."""

    score: float
    message: Message
    mistake: Message | None = None
    expected: str | Message | None = None
    found: str | Message | None = None
    flag: Message | None = None
    curves: Curves | None = None
    arrays: tuple[list[Any], list[Any]] | None = None
    pending: bool = False
    measured: float | None = None
    unanswered: bool = False


Expect = Callable[[Any, Mapping[AnswerKey, Answer]], Mapping[AnswerKey, Answer]]


def keep_all(_params: Any, reference: Mapping[AnswerKey, Answer]) -> Mapping[AnswerKey, Answer]:
    return reference


def expects_nothing(
    _params: Any, _reference: Mapping[AnswerKey, Answer]
) -> Mapping[AnswerKey, Answer]:
    """For a rule that judges the student's answers alone (against thresholds, say)."""
    return {}


@dataclass(frozen=True)
class RuleKind:
    """``expect`` keeps of the reference's answers only what ``check`` compares with: the
    rule's expectation. A check always sees the expectation, never more, whether it was just
    computed from the reference or read from a student kit, so a public check's expectation
    is all that a kit needs to hold (a shape check keeps the shape, not the hidden values)."""

    code: str
    name: str
    doc: str
    parse: Callable[[dict[str, Any]], Any]
    needs: Callable[[Any, np.random.Generator], Needs]
    check: Callable[[Any, Evidence, bool], Outcome]
    expect: Expect = keep_all
    # judges only the form of an answer (its shape, its length): a self-check whose public checks
    # are all of this kind knows nothing of the values and must not say "passed"
    shape_only: bool = False

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]


def no_needs(_params: Any, _rng: np.random.Generator) -> Needs:
    return Needs()


class ParamError(ValueError):
    """A check's parameters in the spec are wrong. Carries the catalogue's sentence, so that the
    spec's error says it in the command's language; ``str()`` is the English text."""

    def __init__(self, message: Message) -> None:
        super().__init__(render(message, "en"))
        self.message = message


def reject_unknown(raw: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(raw) - allowed
    if unknown:
        keys, known = str(sorted(unknown)), str(sorted(allowed))
        raise ParamError(msg("spec.unknown_params", keys=keys, allowed=known))
