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
LAYER_DIFFERENCES = "layers.differences"  # the mistake: the differences, one by one


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
    """What differs, layer by layer (numbered from 1 as in ``model.summary()``, input excluded),
    along the cheapest edit of the student's list into the reference's (``_alignment``): a
    LeNet-5 with relu everywhere and max pooling in S2 is five changed layers, not a longest
    common subsequence that matches its S4 with the reference's S2 and calls the rest extra and
    missing layers."""
    found: list[Message] = []
    for s, r in _alignment(student, reference):
        if s is not None and r is not None:
            if student[s] != reference[r]:
                found.append(_changed(s, student[s], reference[r]))
        elif s is not None:
            found.append(msg("layer.extra", index=s + 1, found=student[s].describe()))
        elif r is not None:
            found.append(msg("layer.missing", index=r + 1, expected=reference[r].describe()))
    return found


EXTRA_OR_MISSING = 1.0  # a layer too many or too few
OTHER_SETTINGS = 1.0  # the same type of layer, other settings
OTHER_TYPE = 1.5  # another type in its place: cheaper than one extra and one missing layer


def _change_cost(found: Signature, expected: Signature) -> float:
    if found == expected:
        return 0.0
    return OTHER_SETTINGS if found.type == expected.type else OTHER_TYPE


def _alignment(
    student: list[Signature], reference: list[Signature]
) -> list[tuple[int | None, int | None]]:
    """The layers paired along an edit of least cost (``_change_cost``, a layer too many or too
    few costing ``EXTRA_OR_MISSING``): ``(s, r)`` the same or a changed layer, ``(s, None)`` an
    extra one of the student's, ``(None, r)`` a missing one of the reference's."""
    n, m = len(student), len(reference)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            options = []
            if i < n and j < m:
                options.append(_change_cost(student[i], reference[j]) + cost[i + 1][j + 1])
            if i < n:
                options.append(EXTRA_OR_MISSING + cost[i + 1][j])
            if j < m:
                options.append(EXTRA_OR_MISSING + cost[i][j + 1])
            cost[i][j] = min(options, default=0.0)
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n or j < m:
        diagonal = i < n and j < m
        if diagonal and cost[i][j] == _change_cost(student[i], reference[j]) + cost[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
            continue
        if i < n and (j == m or cost[i][j] == EXTRA_OR_MISSING + cost[i + 1][j]):
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    return pairs


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


def slips(difference: Message) -> list[Message]:
    """The separate slips one line of ``differences`` holds, each without its layer number: a
    layer with the wrong activation and the wrong kernel size is two slips, and relu instead of
    tanh is the same slip at layer 1 and at layer 3. What the course summary counts students
    by (a LeNet-5 that differs in six places is several mistakes, not one)."""
    params = difference.params
    settings = params.get("settings")
    if difference.key == "layer.settings" and isinstance(settings, list):
        return [
            msg("slip.layer_setting", type=params["type"], **setting.params)
            for setting in settings
            if isinstance(setting, Message)
        ]
    if difference.key == "layer.type":
        return [msg("slip.layer_type", found=params["found"], expected=params["expected"])]
    if difference.key == "layer.extra":
        return [msg("slip.layer_extra", found=params["found"])]
    if difference.key == "layer.missing":
        return [msg("slip.layer_missing", expected=params["expected"])]
    return [difference]


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
        mistake=msg(LAYER_DIFFERENCES, items=differences(found, expected)),
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
