"""Turns model files and handed-in files into answers that rules can compare.

After the kernels ran, a Keras model is still only a ``.keras`` file (exported by the harvest, or
handed in beside the notebook as ``fashion_cnn.keras``). Here every such file becomes facts
(``grader.keras_model``: its architecture as data, loaded in safe mode in a sandboxed process,
parameters counted from the weights, accuracy measured where a check asks), and a handed-in JSON
file (``history.json``) becomes its data. Each file is measured once, however many checks use it.
"""

from __future__ import annotations

import functools
import json
import stat
from collections.abc import Mapping
from pathlib import Path

from grader.datasets import DataError, load_images, model_inputs
from grader.engine import Plan
from grader.errors import SpecError
from grader.keras_model import Evaluation, models_facts
from grader.rules.base import Answer, artifact_key, model_key
from grader.sandbox import Sandbox
from grader.spec import AssignmentSpec, EvaluationSpec

MAX_JSON_BYTES = 5 * 1024 * 1024


@functools.lru_cache(maxsize=4)
def evaluation_images(evaluation: EvaluationSpec) -> Evaluation:
    """The evaluation images, read once per process (a batch worker grades many students)."""
    try:
        images = load_images(evaluation.source, evaluation.split)
    except DataError as error:
        raise SpecError(f"evaluation data: {error}") from None
    x, y = model_inputs(images, evaluation.pad)
    if evaluation.limit is not None:
        x, y = x[: evaluation.limit], y[: evaluation.limit]
    check_x = check_y = None
    if evaluation.check is not None:
        try:
            check_x, check_y = model_inputs(load_images(evaluation.check, "test"), evaluation.pad)
        except DataError as error:
            raise SpecError(f"evaluation check data: {error}") from None
    return Evaluation(x, y, check_x, check_y)


def read_artifact(path: Path) -> Answer:
    """A handed-in file: a model file's path, or a JSON file's data."""
    try:
        info = path.lstat()
    except OSError:
        return Answer("missing", detail=path.name)
    if not stat.S_ISREG(info.st_mode):
        return Answer("unsupported", detail=f"{path.name} is not a regular file")
    if path.suffix == ".keras":
        return Answer("ok", path)
    if info.st_size > MAX_JSON_BYTES:
        return Answer("unsupported", detail=f"{path.name} is larger than {MAX_JSON_BYTES} bytes")
    try:
        return Answer("ok", json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        return Answer("unsupported", detail=f"{path.name} is not valid JSON: {error!r}"[:300])


def resolve(
    answers: Mapping[str, Mapping[str, Answer]],
    plan: Plan,
    spec: AssignmentSpec,
    artifact_dir: Path,
    sandbox: Sandbox | None,
) -> dict[str, dict[str, Answer]]:
    """Answers with artifacts added and every model file replaced by its facts."""
    resolved = {task: dict(task_answers) for task, task_answers in answers.items()}
    handed_in = {name: read_artifact(artifact_dir / name) for name in spec.artifacts}
    evaluate: set[Path] = set()
    for check in spec.checks:
        need = plan.needs[check.id]
        task_answers = resolved.setdefault(check.task, {})
        for name in need.artifacts:
            if name not in handed_in:  # a check naming a file the spec does not list
                handed_in[name] = read_artifact(artifact_dir / name)
            task_answers[artifact_key(name)] = handed_in[name]
        if need.evaluate:
            keys = [model_key(n) for n in need.models] + [artifact_key(n) for n in need.artifacts]
            evaluate |= {
                a.value for k in keys if (a := task_answers.get(k)) and isinstance(a.value, Path)
            }
    files = sorted(
        {
            answer.value
            for task_answers in resolved.values()
            for answer in task_answers.values()
            if answer.ok and isinstance(answer.value, Path)
        }
    )
    if not files:
        return resolved
    images = evaluation_images(spec.data.evaluation) if spec.data.evaluation and evaluate else None
    facts = dict(
        zip(files, models_facts([(f, f in evaluate) for f in files], images, sandbox), strict=True)
    )
    for task_answers in resolved.values():
        for key, answer in task_answers.items():
            if answer.ok and isinstance(answer.value, Path):
                task_answers[key] = Answer("ok", facts[answer.value])
    return resolved
