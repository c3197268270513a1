"""F100 function-cases: a notebook function gives the reference function's output on fresh inputs.

What it checks: the function (e.g. ``conv2d``) is called on inputs that the grader draws from the
spec's argument ranges with a new random seed every run (the seed is recorded in the result); the
reference function is called on the very same inputs in its own kernel; the outputs are compared as
plain data in the grader. The check earns its points only when every case passes.
Why it matters: a hard-coded answer for the handout's example earns nothing. A hidden check may
show its failing input (drawn afresh every run, it lets the student reproduce the bug) but never
the reference's output: only what kind of value was expected and where the answer first differs.
The example a failure shows is a case the named mistake was read from.
Example failure: ``conv2d`` returns a 4x4 map for a 6x6 image and a 3x3 kernel with stride 2:
the stride was ignored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.boundary import Answer, AnswerStatus, Call, call_key
from grader.rules.base import Evidence, Needs, Outcome, ParamError, RuleKind, reject_unknown
from grader.rules.helpers.answers_text import (
    describe_expected,
    differing,
    drawn_arrays,
    reference_value,
    same_kind,
    unavailable,
)
from grader.rules.helpers.cell_failures import explain_error
from grader.rules.helpers.compare import describe, values_match
from grader.rules.helpers.mistake_spec import parse_mistakes
from grader.rules.helpers.mistakes import MistakeContext, get_mistake
from grader.text.messages import Message, msg

DTYPES = ("int", "float")
UNAVAILABLE = {
    AnswerStatus.MISSING,
    AnswerStatus.NOT_CALLABLE,
    AnswerStatus.TIMEOUT,
    AnswerStatus.KERNEL_DIED,
}


@dataclass(frozen=True)
class ArgSpec:
    """How to draw one argument: an int range, a choice, an array, or a fixed value."""

    kind: str
    low: int = 0
    high: int = 0
    choices: tuple[Any, ...] = ()
    shape: tuple[tuple[int, int], ...] = ()
    dtypes: tuple[str, ...] = DTYPES
    value: Any = None


@dataclass(frozen=True)
class FunctionCases:
    function: str
    group: Any
    cases: int
    args: tuple[tuple[str, ArgSpec], ...]
    kwargs: tuple[tuple[str, ArgSpec], ...]
    mistakes: tuple[tuple[str, dict[str, Any]], ...] = ()


def _parse_arg(name: str, raw: Any) -> ArgSpec:
    if not isinstance(raw, dict) or len(set(raw) & {"int", "choice", "array", "value"}) != 1:
        raise ParamError(msg("param.argument_kind", name=repr(name)))
    if "int" in raw:
        low, high = raw["int"]
        return ArgSpec("int", low=int(low), high=int(high))
    if "choice" in raw:
        return ArgSpec("choice", choices=tuple(raw["choice"]))
    if "value" in raw:
        return ArgSpec("value", value=raw["value"])
    dtypes = tuple(raw.get("dtype", DTYPES))
    if not set(dtypes) <= set(DTYPES):
        raise ParamError(msg("param.dtype", name=repr(name), dtypes=str(DTYPES)))
    return ArgSpec(
        "array", shape=tuple((int(lo), int(hi)) for lo, hi in raw["array"]), dtypes=dtypes
    )


def parse(raw: dict[str, Any]) -> FunctionCases:
    reject_unknown(raw, {"function", "group", "cases", "args", "kwargs", "mistakes"})
    return FunctionCases(
        function=str(raw["function"]),
        group=raw.get("group", ""),
        cases=int(raw.get("cases", 8)),
        args=tuple((name, _parse_arg(name, spec)) for name, spec in raw.get("args", {}).items()),
        kwargs=tuple(
            (name, _parse_arg(name, spec)) for name, spec in raw.get("kwargs", {}).items()
        ),
        mistakes=parse_mistakes(raw.get("mistakes", [])),
    )


def _draw(spec: ArgSpec, rng: np.random.Generator) -> Any:
    if spec.kind == "int":
        return int(rng.integers(spec.low, spec.high + 1))
    if spec.kind == "choice":
        return spec.choices[int(rng.integers(len(spec.choices)))]
    if spec.kind == "value":
        return spec.value
    shape = tuple(int(rng.integers(lo, hi + 1)) for lo, hi in spec.shape)
    if spec.dtypes[int(rng.integers(len(spec.dtypes)))] == "int":
        return rng.integers(-9, 10, size=shape)
    return np.round(rng.uniform(-5.0, 5.0, size=shape), 3)


def needs(params: FunctionCases, rng: np.random.Generator) -> Needs:
    names = [name for name, _ in params.args]
    calls, variants = [], []
    for index in range(params.cases):
        args = tuple(_draw(spec, rng) for _, spec in params.args)
        kwargs = {name: _draw(spec, rng) for name, spec in params.kwargs}
        calls.append(Call(f"{index}", params.function, args, kwargs))
        for mistake_id, _ in params.mistakes:
            transform = get_mistake(mistake_id).variant
            if transform is not None:
                v_args, v_kwargs = transform(args, kwargs, names)
                variants.append(Call(f"{index}~{mistake_id}", params.function, v_args, v_kwargs))
    return Needs(calls=tuple(calls), reference_calls=tuple(variants))


def _call_text(call: Call, hidden: bool) -> str:
    """The call as the student would type it. A hidden check's inputs are drawn afresh every
    run, so showing them gives nothing away and lets the student reproduce the case."""
    limit = 600 if hidden else 200
    args = [describe(a, limit=limit) for a in call.args]
    args += [f"{k}={describe(v, limit=limit)}" for k, v in call.kwargs.items()]
    return f"{call.function}({', '.join(args)})"


def _raised(answer: Answer, evidence: Evidence) -> Message:
    error = explain_error(answer.detail, None, evidence.failures, evidence.source)
    return msg("cases.raised", error=error if answer.detail else answer.status.value)


Failure = tuple[Call, Answer, Any]


def _example(failure: Failure, hidden: bool, evidence: Evidence) -> Message:
    """One failing case in words: the call, what it should give (a hidden check: only the kind)
    and what it gave; where the shape is right, the first position that differs."""
    call, answer, expected = failure
    text = _call_text(call, hidden)
    if not answer.ok:
        found: Any = _raised(answer, evidence)
        key = "cases.example_hidden" if hidden else "cases.example_public"
        return msg(key, call=text, expected=describe_expected(expected, hidden), found=found)
    value = answer.value
    differs = differing(value, expected)
    if differs is not None and hidden:
        return msg(
            "cases.example_hidden_differs",
            call=text,
            shape=differs["shape"],
            position=differs["position"],
            found_at=differs["found_at"],
        )
    if differs is not None:
        return msg("cases.example_public_differs", call=text, **differs)
    if hidden and same_kind(value, expected):
        return msg("cases.example_hidden_number", call=text, found=describe(value))
    key = "cases.example_hidden" if hidden else "cases.example_public"
    return msg(key, call=text, expected=describe_expected(expected, hidden), found=describe(value))


def _mistake_of(params: FunctionCases, evidence: Evidence, failure: Failure) -> Message | None:
    """The first of the check's mistakes whose fingerprint this one case has."""
    call, answer, expected = failure
    if not answer.ok:
        return None
    names = [name for name, _ in params.args]
    arguments = dict(zip(names, call.args, strict=True)) | dict(call.kwargs)
    for mistake_id, mistake_params in params.mistakes:
        variant = evidence.reference.get(call_key(f"{call.id}~{mistake_id}"))
        context = MistakeContext(
            variant=variant.value if variant and variant.ok else None,
            params=mistake_params,
            arguments=arguments,
        )
        found = get_mistake(mistake_id).detect(answer.value, expected, context)
        if found is not None:
            return found
    return None


def _diagnose(
    params: FunctionCases, evidence: Evidence, failures: list[Failure]
) -> tuple[Failure, Message | None]:
    """The mistake most failing cases show, with one case that shows it: the example the
    message gives is then the case the mistake was read from. No mistake: the first case."""
    named = [(failure, _mistake_of(params, evidence, failure)) for failure in failures]
    counts = Counter(m.key for _, m in named if m is not None)
    if not counts:
        return failures[0], None
    top = counts.most_common(1)[0][0]
    return next((f, m) for f, m in named if m is not None and m.key == top)


def check(params: FunctionCases, evidence: Evidence, hidden: bool) -> Outcome:
    calls = [c for c in evidence.calls if "~" not in c.id]
    results = [
        (c, evidence.student.get(call_key(c.id)), reference_value(evidence, call_key(c.id)))
        for c in calls
    ]
    if results and all(a is not None and a.status in UNAVAILABLE for _, a, _ in results):
        return unavailable(params.function, results[0][1], evidence)
    failures = [
        (c, a or Answer(AnswerStatus.MISSING), e)
        for c, a, e in results
        if a is None or not a.ok or not values_match(a.value, e)
    ]
    if not failures:
        return Outcome(
            1.0, msg("cases.ok", function=params.function, n=len(results), group=params.group)
        )
    if all(
        a.status == AnswerStatus.RAISED and a.detail.startswith("NotImplementedError")
        for _, a, _ in failures
    ):
        return Outcome(0.0, msg("cases.not_implemented", function=params.function))
    shown, mistake = _diagnose(params, evidence, failures)
    _, answer, expected = shown
    return Outcome(
        0.0,
        msg(
            "cases.wrong",
            function=params.function,
            failed=len(failures),
            n=len(results),
            group=params.group,
            example=_example(shown, hidden, evidence),
        ),
        mistake=mistake,
        expected=describe_expected(expected, hidden),
        found=describe(answer.value) if answer.ok else _raised(answer, evidence),
        arrays=drawn_arrays(answer.value, expected, hidden) if answer.ok else None,
    )


RULE = RuleKind(
    code="F100", name="function-cases", doc=__doc__ or "", parse=parse, needs=needs, check=check
)
