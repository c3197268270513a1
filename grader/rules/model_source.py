"""Shared by the Keras rules: which model a check judges, and its facts from the evidence, or the
outcome that explains why there are none (no model, not a Keras model, a refused file, a file
that does not load)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.boundary import AnswerKey, AnswerStatus, artifact_key, model_key
from grader.errors import SpecError
from grader.messages import msg
from grader.model_facts import ModelFacts
from grader.rules.answers_text import unavailable
from grader.rules.base import Evidence, Needs, Outcome, reject_unknown

NEGATIVE_SIZE = ("negative", "Negative dimension")


@dataclass(frozen=True)
class ModelSource:
    """A model by its name in the notebook (``model``) or as a handed-in file (``file``)."""

    model: str | None = None
    file: str | None = None

    @property
    def key(self) -> AnswerKey:
        return model_key(self.model) if self.model else artifact_key(str(self.file))

    @property
    def label(self) -> str:
        return self.model or str(self.file)

    def needs(self, evaluate: bool = False) -> Needs:
        return Needs(
            models=(self.model,) if self.model else (),
            artifacts=(self.file,) if self.file else (),
            evaluate=evaluate,
        )


def parse_source(raw: dict[str, Any], allowed: set[str]) -> ModelSource:
    reject_unknown(raw, allowed | {"model", "file"})
    if ("model" in raw) == ("file" in raw):
        raise ValueError("give exactly one of model = NAME (in the notebook) or file = NAME")
    return ModelSource(model=raw.get("model"), file=raw.get("file"))


def parse_model(raw: dict[str, Any]) -> ModelSource:
    """``parse`` of a rule whose only parameter is the model."""
    return parse_source(raw, set())


def model_needs(source: ModelSource, _rng: Any) -> Needs:
    return source.needs()


def reference_facts(evidence: Evidence, source: ModelSource) -> ModelFacts:
    answer = evidence.reference.get(source.key)
    facts = answer.value if answer is not None and answer.ok else None
    if not isinstance(facts, ModelFacts) or facts.refused or not facts.measured.loads:
        detail = facts if facts is not None else answer
        raise SpecError(f"the reference gave no usable model for {source.label!r}: {detail}")
    return facts


def student_facts(
    evidence: Evidence, source: ModelSource, needs_loading: bool = True
) -> ModelFacts | Outcome:
    """The facts, or a zero-point outcome that says what is wrong with the model."""
    answer = evidence.student.get(source.key)
    if source.file and (answer is None or answer.status == AnswerStatus.MISSING):
        return Outcome(0.0, msg("model.file_missing", file=source.file))
    if answer is not None and answer.status == AnswerStatus.UNTRUSTED:
        return untrusted(source.label, answer.detail)
    if answer is not None and answer.status == AnswerStatus.RAISED:
        return Outcome(0.0, msg("model.not_saved", name=source.label, error=answer.detail))
    if answer is None or not answer.ok or not isinstance(answer.value, ModelFacts):
        if evidence.cell_error and any(s in evidence.cell_error for s in NEGATIVE_SIZE):
            return Outcome(
                0.0,
                msg("model.cannot_build", name=source.label, error=evidence.cell_error),
                mistake=msg("mistake.input_28"),
            )
        return unavailable(source.label, answer, evidence)
    facts = answer.value
    if facts.untrusted is not None:
        return untrusted(source.label, facts.untrusted)
    if facts.refused is not None:
        return Outcome(0.0, msg("model.refused", path=source.label, reason=facts.refused))
    if needs_loading and not facts.measured.loads:
        return Outcome(
            0.0, msg("model.not_loadable", name=source.label, error=facts.measured.error)
        )
    return facts


def untrusted(name: str, detail: str) -> Outcome:
    """A model the guard refused or could not vouch for (``detail`` is "why:what"): a class or
    layer that is not Keras' own scores 0 with how to build it instead; anything replaced on
    the saving path, or a file that computes something else than the kernel's object, scores 0
    and is flagged as possible tampering."""
    why, _, what = detail.partition(":")
    if why == "class":
        return Outcome(0.0, msg("model.untrusted_class", name=name, found=what))
    if why == "layer":
        return Outcome(0.0, msg("model.untrusted_layer", name=name, found=what))
    reasons = {
        "instance": lambda: msg("tamper.instance", what=what),
        "patched": lambda: msg("tamper.patched", what=what),
        "probe": lambda: (
            msg("tamper.probe_missing") if what == "missing" else msg("tamper.probe", gap=what)
        ),
    }
    reason = reasons.get(why, lambda: msg("tamper.guard", what=what or why))()
    return Outcome(
        0.0,
        msg("model.tampered", name=name, reason=reason),
        flag=msg("tamper.model_flag", name=name, reason=reason),
    )
