"""What each check compares with: the reference's answers, reduced to the check's expectation.

Made once per (assignment, reference version, seed) from the reference's run, then handed to the
rules by the engine; a student kit stores the public checks' expectations as data instead of the
reference notebook. Both paths give the rules the very same values, so a public check decides
alike in a kit and in the instructor's grading.

The JSON form keeps every value type that crosses the kernel boundary (JSON data, numpy arrays,
``ArrayDigest``, ``ModelFacts``) and nothing else; reading it never evaluates anything.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.boundary import Answer, AnswerKey, AnswerStatus, ArrayDigest, KeyKind
from grader.grading.plan import Plan
from grader.intake.model_facts import (
    CompileSettings,
    LayerSignature,
    Measurement,
    Misclassified,
    ModelFacts,
)
from grader.rules import get_rule

FORMAT = 1


@dataclass(frozen=True)
class Expectations:
    """Per check id, the reference's answers the check reads (under the rule's own keys)."""

    by_check: Mapping[str, Mapping[AnswerKey, Answer]]

    def of(self, check_id: str) -> Mapping[AnswerKey, Answer]:
        return self.by_check.get(check_id, {})


def expectations(plan: Plan, reference: Mapping[str, Mapping[AnswerKey, Answer]]) -> Expectations:
    """Each check's expectation from the reference's (resolved) answers."""
    return Expectations(
        {
            p.check.id: dict(
                get_rule(p.check.rule).expect(
                    p.check.params, p.answers(reference.get(p.check.task, {}))
                )
            )
            for p in plan.checks
        }
    )


# -- JSON ------------------------------------------------------------------------------------


def to_json(value: Expectations) -> str:
    data = {
        "format": FORMAT,
        "checks": {
            check: [
                {"key": [k.kind.value, k.name], **_answer(a)}
                for k, a in sorted(answers.items(), key=lambda item: item[0])
            ]
            for check, answers in sorted(value.by_check.items())
        },
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> Expectations:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"expectations of format {data.get('format')!r}; this grader reads 1")
    return Expectations(
        {
            check: {
                AnswerKey(KeyKind(e["key"][0]), str(e["key"][1])): Answer(
                    AnswerStatus(e["status"]), _decode(e.get("value")), str(e.get("detail", ""))
                )
                for e in entries
            }
            for check, entries in data["checks"].items()
        }
    )


def _answer(answer: Answer) -> dict[str, Any]:
    return {"status": answer.status.value, "value": _encode(answer.value), "detail": answer.detail}


def _encode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        array = np.ascontiguousarray(value)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"cannot store an array of {array.dtype}")
        raw = base64.b64encode(array.tobytes()).decode("ascii")
        return {"__ndarray__": raw, "dtype": array.dtype.str, "shape": list(array.shape)}
    if isinstance(value, np.generic):
        return _encode(value.item())
    if isinstance(value, ArrayDigest):
        return {"__digest__": _fields(value)}
    if isinstance(value, ModelFacts):
        return {"__model__": _model(value)}
    if isinstance(value, Misclassified):
        return {"__misclassified__": _fields(value)}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot store a {type(value).__name__}")


def _fields(value: Any) -> dict[str, Any]:
    return {name: _encode(getattr(value, name)) for name in value.__dataclass_fields__}


def _model(facts: ModelFacts) -> dict[str, Any]:
    return {
        "layers": [_fields(layer) for layer in facts.layers],
        "compile": _fields(facts.compile),
        "regularisation": list(facts.regularisation),
        "measured": _fields(facts.measured),
        "refused": facts.refused,
    }


def measurement_to_json(measured: Measurement) -> str:
    """One model's measurement as JSON: what ``grader.grading.reference_cache`` keeps of the
    reference's own model files."""
    return json.dumps({"format": FORMAT, "measured": _fields(measured)}, sort_keys=True)


def measurement_from_json(text: str) -> Measurement:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"a measurement of format {data.get('format')!r}; this grader reads 1")
    return Measurement(**{k: _decode(v) for k, v in data["measured"].items()})


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__ndarray__" in value:
        raw = base64.b64decode(value["__ndarray__"])
        return np.frombuffer(raw, np.dtype(value["dtype"])).reshape(value["shape"]).copy()
    if "__tuple__" in value:
        return tuple(_decode(v) for v in value["__tuple__"])
    if "__digest__" in value:
        return ArrayDigest(**{k: _decode(v) for k, v in value["__digest__"].items()})
    if "__model__" in value:
        return _decode_model(value["__model__"])
    if "__misclassified__" in value:
        return Misclassified(**{k: _decode(v) for k, v in value["__misclassified__"].items()})
    return {k: _decode(v) for k, v in value.items()}


def _decode_model(data: dict[str, Any]) -> ModelFacts:
    def fields(raw: dict[str, Any]) -> dict[str, Any]:
        return {k: _decode(v) for k, v in raw.items()}

    return ModelFacts(
        layers=tuple(LayerSignature(**fields(layer)) for layer in data["layers"]),
        compile=CompileSettings(**fields(data["compile"])),
        regularisation=tuple(data["regularisation"]),
        measured=Measurement(**fields(data["measured"])),
        refused=data["refused"],
    )
