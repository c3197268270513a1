"""R100 regularisation: the model or the notebook uses one of the lecture's strategies.

What it checks: Dropout, BatchNormalization, a weight regulariser or augmentation layers in the
handed-in model's saved architecture, or in the student's own cells (never the given ones, which
hold the baseline): Dropout, BatchNormalization, ``kernel_regularizer``/``keras.regularizers``,
augmentation (``Random*`` layers, ``ImageDataGenerator``), ``EarlyStopping``. Code is read as a
syntax tree, so a comment that mentions Dropout does not count.
Why it matters: the lecture's answer to poor validation results is one of these strategies.
Example failure: ``no regularisation found in fashion_cnn.keras or in your cells``.
"""

from __future__ import annotations

import ast

from grader.intake.model_facts import ModelFacts
from grader.rules.base import Evidence, Outcome, RuleKind, SourceCell, expects_nothing
from grader.rules.helpers.model_source import ModelSource, model_needs, parse_model
from grader.text.messages import msg

CODE_NAMES = {
    "Dropout": "Dropout",
    "SpatialDropout2D": "Dropout",
    "BatchNormalization": "BatchNormalization",
    "kernel_regularizer": "Regularizer",
    "regularizers": "Regularizer",
    "L1L2": "Regularizer",
    "ImageDataGenerator": "Augmentation",
    "RandomFlip": "Augmentation",
    "RandomRotation": "Augmentation",
    "RandomTranslation": "Augmentation",
    "RandomZoom": "Augmentation",
    "EarlyStopping": "EarlyStopping",
}


def strategies_in_code(cells: tuple[SourceCell, ...]) -> set[str]:
    found: set[str] = set()
    for cell in cells:
        if cell.task is None:
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            name = (
                node.id
                if isinstance(node, ast.Name)
                else node.attr
                if isinstance(node, ast.Attribute)
                else node.arg
                if isinstance(node, ast.keyword)
                else None
            )
            if name in CODE_NAMES:
                found.add(CODE_NAMES[name])
    return found


def check(source: ModelSource, evidence: Evidence, _hidden: bool) -> Outcome:
    answer = evidence.student.get(source.key)
    in_model: set[str] = set()
    if answer is not None and answer.ok and isinstance(answer.value, ModelFacts):
        in_model = set(answer.value.regularisation)
    found = in_model | strategies_in_code(evidence.source)
    if not found:
        return Outcome(0.0, msg("regularisation.none", file=source.label))
    return Outcome(1.0, msg("regularisation.ok", found=", ".join(sorted(found))))


RULE = RuleKind(
    code="R100",
    name="regularisation",
    doc=__doc__ or "",
    parse=parse_model,
    needs=model_needs,
    check=check,
    expect=expects_nothing,
)
