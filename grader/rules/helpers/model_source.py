"""Shared by the Keras rules: which model a check judges, and its facts from the evidence, or the
outcome that explains why there are none (no model, not a Keras model, a refused file, a file
that does not load)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

from grader.boundary import AnswerKey, AnswerStatus, artifact_key, model_key
from grader.errors import SpecError
from grader.intake.model_facts import ModelFacts
from grader.intake.notebook import cell_syntax
from grader.rules.base import CellFailure, Evidence, Needs, Outcome, ParamError, reject_unknown
from grader.rules.helpers.answers_text import unavailable
from grader.text.messages import Message, msg
from grader.text.numbers import Number

NEGATIVE_SIZE = ("negative", "Negative dimension")
# Keras 3: "Received `inputs shape=(None, 4, 4, 16)`, `kernel shape=(5, 5, 16, 120)`"
SIZES = re.compile(r"inputs shape=\(None, (\d+), (\d+), \d+\)\W+kernel shape=\((\d+), (\d+)")
INPUT_CALLS = ("Input", "InputLayer")


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
        raise ParamError(msg("param.model_or_file"))
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
        raise SpecError(msg("check.reference_no_model", name=source.label, detail=str(detail)))
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
    if answer is not None and answer.status == AnswerStatus.UNSUPPORTED:
        why, _, what = answer.detail.partition(":")
        if why == "shape":
            return Outcome(0.0, _shape_problem(source.label, what, evidence, source))
    if answer is None or not answer.ok or not isinstance(answer.value, ModelFacts):
        failure = evidence.cell_failure
        if failure is not None and any(s in failure.error for s in NEGATIVE_SIZE):
            return Outcome(
                0.0,
                msg("model.cannot_build", name=source.label, error=failure.error),
                mistake=_why_too_small(failure, evidence),
            )
        return unavailable(source.label, answer, evidence)
    facts = answer.value
    if facts.untrusted is not None:
        return untrusted(source.label, facts.untrusted)
    if facts.refused is not None:
        return Outcome(0.0, msg("model.refused", path=source.label, reason=facts.refused))
    if needs_loading and facts.custom:
        layers = ", ".join(facts.custom)
        return Outcome(0.0, msg("model.custom_not_loaded", name=source.label, layers=layers))
    if needs_loading and not facts.measured.loads:
        return Outcome(
            0.0, msg("model.not_loadable", name=source.label, error=facts.measured.error)
        )
    return facts


def _shape_problem(name: str, what: str, evidence: Evidence, source: ModelSource) -> Message:
    """What the guard found that keeps the grader from asking the model for one answer per
    image (``what``: "unbuilt", "inputs:N", "outputs:N", "open:SHAPE"), in the catalogue's
    words, with the input the task expects where the reference tells it."""
    kind, _, value = what.partition(":")
    count = int(value) if value.isdigit() else value
    reference = evidence.reference.get(source.key)
    facts = reference.value if reference is not None and reference.ok else None
    shape = facts.measured.input_shape if isinstance(facts, ModelFacts) else ()
    expected = str(shape) if shape else None
    if kind == "unbuilt":
        return msg("model.unbuilt", name=name)
    if kind == "outputs":
        return msg("model.outputs", name=name, n=count)
    if kind == "inputs":
        if expected is None:
            return msg("model.inputs_any", name=name, n=count)
        return msg("model.inputs", name=name, n=count, expected=expected)
    if expected is None:
        return msg("model.open_input_any", name=name, found=value)
    return msg("model.open_input", name=name, found=value, expected=expected)


def _why_too_small(failure: CellFailure, evidence: Evidence) -> Message:
    """A layer met feature maps smaller than its kernel. The LeNet-5 explanation (28x28 needs
    pad_to_32) only where the model's own code declares a 28x28 input; otherwise what the error
    says: which kernel met which maps."""
    sizes = SIZES.search(failure.error)
    maps = f"{sizes.group(1)}x{sizes.group(2)}" if sizes else "?"
    kernel = f"{sizes.group(3)}x{sizes.group(4)}" if sizes else "?"
    code = next((c.source for c in evidence.source if c.index == failure.index), "")
    if _declares_28x28(code):
        return msg("mistake.input_28", kernel=kernel, maps=maps)
    if sizes:
        return msg("mistake.maps_too_small", kernel=kernel, maps=maps)
    return msg("mistake.maps_too_small_unknown")


def _declares_28x28(code: str) -> bool:
    """``keras.Input(shape=(28, 28, 1))``, ``InputLayer((28, 28, 1))`` or ``input_shape=(28, 28)``
    in the cell's code, read as a syntax tree."""
    tree = cell_syntax(code)
    for node in ast.walk(tree) if tree is not None else ():
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        shapes = [
            k.value for k in node.keywords if k.arg in ("input_shape", "shape", "batch_shape")
        ]
        if name in INPUT_CALLS and node.args:
            shapes.append(node.args[0])
        for shape in shapes:
            try:
                value = ast.literal_eval(shape)
            except (ValueError, SyntaxError, TypeError):
                continue
            dims = list(value) if isinstance(value, tuple | list) else []
            if dims[:1] == [None]:
                dims = dims[1:]
            if dims[:2] == [28, 28]:
                return True
    return False


def _gap(what: str) -> Number | str:
    """The largest difference, as the report's language writes a number (or the shapes)."""
    try:
        return Number(float(what))
    except ValueError:
        return what


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
    if why == "override":
        layer, _, method = what.rpartition(".")
        return Outcome(0.0, msg("model.untrusted_override", name=name, layer=layer, method=method))
    reasons = {
        "instance": lambda: msg("tamper.instance", what=what),
        "patched": lambda: msg("tamper.patched", what=what),
        "saved": lambda: (
            msg("tamper.saved_layers")
            if what == "layers"
            else msg("tamper.saved_layer", index=what)
        ),
        "probe": lambda: (
            msg("tamper.probe_missing")
            if what == "missing"
            else msg("tamper.probe", gap=_gap(what))
        ),
    }
    reason = reasons.get(why, lambda: msg("tamper.guard", what=what or why))()
    return Outcome(
        0.0,
        msg("model.tampered", name=name, reason=reason),
        flag=msg("tamper.model_flag", name=name, reason=reason),
    )
