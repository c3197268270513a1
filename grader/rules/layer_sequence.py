"""K100 layer-sequence: the model's layers, one by one, against the reference architecture.

What it checks: each layer's signature (type with filters or units, kernel or pool size, strides,
padding and activation; the input layer does not count, a standalone activation is folded into the
layer before it) against the reference model's, read from both saved files. The share earned is
L / max(n, m): L the longest common subsequence of both signature lists, n the student's layers,
m the reference's; so a wrong, missing or extra layer each cost a part, never everything.
Why it matters: "the model is wrong" helps nobody; "layer 2: MaxPooling2D, expected
AveragePooling2D" does.
Example failure: ``layer 1 (Conv2D): activation relu, expected tanh``.
"""

from __future__ import annotations

from grader.intake.model_facts import LayerSignature, Setting
from grader.rules.base import Evidence, Outcome, RuleKind
from grader.rules.helpers.model_source import (
    ModelSource,
    model_needs,
    parse_model,
    reference_facts,
    student_facts,
)
from grader.text.messages import Message, msg

Signature = LayerSignature


def common_subsequence(a: list[Signature], b: list[Signature]) -> list[tuple[int, int]]:
    """Index pairs of one longest common subsequence (classic dynamic programming)."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
            )
    pairs, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def differences(student: list[Signature], reference: list[Signature]) -> list[Message]:
    """What differs, layer by layer (numbered from 1 as in ``model.summary()``, input excluded).

    Between two matched layers, unmatched layers are paired in order (a changed layer); what
    is left over is an extra layer of the student's or a missing one of the reference's.
    """
    found: list[Message] = []
    pairs = [*common_subsequence(student, reference), (len(student), len(reference))]
    i = j = 0
    for next_i, next_j in pairs:
        extra, missing = list(range(i, next_i)), list(range(j, next_j))
        for s, r in zip(extra, missing, strict=False):
            found.append(_changed(s, student[s], reference[r]))
        for s in extra[len(missing) :]:
            found.append(msg("layer.extra", index=s + 1, found=student[s].describe()))
        for r in missing[len(extra) :]:
            found.append(msg("layer.missing", index=r + 1, expected=reference[r].describe()))
        i, j = next_i + 1, next_j + 1
    return found


def _changed(index: int, found: Signature, expected: Signature) -> Message:
    if found.custom:
        return msg("layer.own", index=index + 1, found=found.type, expected=expected.describe())
    if found.type != expected.type:
        return msg("layer.type", index=index + 1, found=found.type, expected=expected.describe())
    found_settings = found.settings()
    settings = [
        msg(
            "layer.setting",
            setting=key,
            found=_shown(found_settings.get(key)),
            expected=_shown(value),
        )
        for key, value in expected.settings().items()
        if found_settings.get(key) != value
    ]
    return msg("layer.settings", index=index + 1, type=found.type, settings=settings)


def _shown(value: Setting) -> str:
    if isinstance(value, tuple):
        return "x".join(str(v) for v in value)
    return str(value)


def check(source: ModelSource, evidence: Evidence, _hidden: bool) -> Outcome:
    expected = list(reference_facts(evidence, source).layers)
    facts = student_facts(evidence, source, needs_loading=False)
    if isinstance(facts, Outcome):
        return facts
    found = list(facts.layers)
    matched = len(common_subsequence(found, expected))
    share = matched / max(len(found), len(expected), 1)
    if share == 1.0:
        return Outcome(1.0, msg("layers.ok", n=len(expected)))
    return Outcome(
        share,
        msg("layers.partial", matched=matched, expected=len(expected), n=len(found)),
        mistake=msg("layers.differences", items=differences(found, expected)),
        expected=", ".join(s.describe() for s in expected),
        found=", ".join(s.describe() for s in found) or "-",
    )


RULE = RuleKind(
    code="K100",
    name="layer-sequence",
    doc=__doc__ or "",
    parse=parse_model,
    needs=model_needs,
    check=check,
)
