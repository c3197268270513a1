"""Turns model files and handed-in files into answers that rules can compare.

After the kernels ran, a Keras model is still only a ``.keras`` file (exported by the harvest, or
handed in beside the notebook as ``fashion_cnn.keras``). Here every such file becomes
``ModelFacts``: its architecture read as data (``grader.intake.model_file``), then loaded in safe
mode in a sandboxed process that counts its parameters and, where the plan says so, measures its
accuracy (``grader.execute.measure``). A handed-in training log (``history.json``, a CSVLogger
file, a W&B run folder) becomes its data (``grader.intake.training_logs``). Each file is measured
once, however many checks use it.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from grader.boundary import Answer, AnswerKey, AnswerStatus, SavedModel, TaskAnswers, artifact_key
from grader.course.spec import EvaluationSpec
from grader.errors import SpecError, SubmissionError
from grader.execute.exchange import probe_pool
from grader.execute.measure import Evaluation, MeasureJob, MeasurerSpares, measure
from grader.execute.sandbox import Sandbox
from grader.grading.plan import Plan
from grader.grading.reference_cache import ReferenceModels
from grader.intake.datasets import DataError, load_images, model_inputs
from grader.intake.model_facts import Measurement, ModelFacts, architecture
from grader.intake.model_file import inspect_model_file, is_model_file
from grader.intake.training_logs import LogError, read_log
from grader.intake.untrusted_json import load_json
from grader.text.messages import Message, msg, text

WANDB_FOLDER = "wandb"  # the one folder a student hands in: W&B's own, beside the notebook
MAX_JSON_BYTES = 5 * 1024 * 1024
PROBE_RTOL, PROBE_ATOL = 1e-3, 1e-4
Answers = Mapping[str, TaskAnswers]  # task id -> its answers


def evaluation_images(evaluation: EvaluationSpec) -> Evaluation:
    """The evaluation images, scaled and shaped as the models take them."""
    try:
        images = load_images(evaluation.source, evaluation.split)
    except DataError as error:
        raise SpecError(msg("spec.evaluation_data", error=str(error))) from None
    x, y = model_inputs(images, evaluation.pad)
    if evaluation.limit is not None:
        x, y = x[: evaluation.limit], y[: evaluation.limit]
    if evaluation.check is None:
        return Evaluation(x, y)
    try:
        check_x, check_y = model_inputs(load_images(evaluation.check, "test"), evaluation.pad)
    except DataError as error:
        raise SpecError(msg("spec.evaluation_check_data", error=str(error))) from None
    return Evaluation(x, y, check_x, check_y)


def read_artifact(path: Path) -> Answer:
    """A handed-in file: a model file's path; a training log's data (``history.json`` as it
    is, read as untrusted JSON: deep nesting, huge numbers, duplicate keys, lone surrogates are
    unsupported with the reason; a CSVLogger file or a W&B run as per-metric series), with what
    was read as ``detail`` (a W&B folder's run folder, say)."""
    try:
        info = path.lstat()
    except OSError:
        return Answer(AnswerStatus.MISSING, detail=path.name)
    if (stat.S_ISDIR(info.st_mode) and path.name == WANDB_FOLDER) or stat.S_ISREG(info.st_mode):
        if is_model_file(path.name):
            return Answer(AnswerStatus.OK, path)
        if path.suffix == ".json":
            try:
                return Answer(AnswerStatus.OK, load_json(path, MAX_JSON_BYTES), detail=path.name)
            except SubmissionError as error:
                detail = str(error)[:300]
                return Answer(AnswerStatus.UNSUPPORTED, detail=detail, reason=error.message)
        try:
            data, source = read_log(path)
        except (LogError, OSError) as error:
            return Answer(AnswerStatus.UNSUPPORTED, detail=str(error)[:300])
        return Answer(AnswerStatus.OK, data, detail=source)
    return Answer(AnswerStatus.UNSUPPORTED, detail=f"{path.name} is not a regular file")


@dataclass(frozen=True)
class Measuring:
    """How a grading measures model files: in which sandbox (None: the reference's, unboxed), on
    which images (asked for only when a model must be evaluated), knowing the reference's models
    measured before, with a batch worker's measuring processes started ahead."""

    sandbox: Sandbox | None
    images: Callable[[], Evaluation | None]
    known: ReferenceModels | None = None
    spares: MeasurerSpares | None = None


def models_facts(
    files: tuple[tuple[Path, bool], ...],
    evaluation: Evaluation | None,
    sandbox: Sandbox | None,
    probe: np.ndarray | None = None,
) -> tuple[ModelFacts, ...]:
    """The facts of each model file (measured on ``evaluation`` where its flag says so, and on
    the ``probe`` images where given), one measuring process for all, started for them. A
    refused file is never loaded; nothing here raises for a student's file."""
    return measured_facts(files, evaluation, Measuring(sandbox, lambda: evaluation), probe)


def measured_facts(
    files: tuple[tuple[Path, bool], ...],
    evaluation: Evaluation | None,
    measuring: Measuring,
    probe: np.ndarray | None = None,
) -> tuple[ModelFacts, ...]:
    """``models_facts`` as a grading measures: in its sandbox, in a measuring process started
    ahead where it has one; a file that is one of the reference's known models is measured only
    where this machine has not measured it before (not a kernel's saved model, whose probe
    outputs are asked too)."""
    facts: list[ModelFacts] = []
    to_measure: list[tuple[int, Path, bool]] = []
    known = measuring.known if probe is None else None
    for path, evaluate in files:
        try:
            model = inspect_model_file(path)
        except SubmissionError as error:
            reason = error.message.params.get("reason", text(error.message, "en"))
            facts.append(ModelFacts(refused=reason if isinstance(reason, Message) else str(reason)))
            continue
        facts.append(architecture(model))
        found = known.measured(path, evaluate) if known is not None else None
        if found is not None:
            facts[-1] = replace(facts[-1], measured=found)
            continue
        to_measure.append((len(facts) - 1, path, evaluate))
    files_to_measure = tuple((p, e) for _, p, e in to_measure)
    job = MeasureJob(files_to_measure, evaluation, measuring.sandbox, probe, measuring.spares)
    for (index, path, evaluate), measured in zip(to_measure, measure(job), strict=True):
        facts[index] = replace(facts[index], measured=measured)
        if known is not None:
            known.keep(path, evaluate, measured)
    return tuple(facts)


@dataclass(frozen=True)
class HandedIn:
    """The files handed in beside the notebook, read, with their model files' facts. None of
    it needs a kernel, so a grading measures it while the kernels run
    (``grader.grading.submission``)."""

    answers: Mapping[str, TaskAnswers]  # task id -> its artifacts' answers
    facts: Mapping[Path, ModelFacts]  # every model file among them


def read_handed_in(plan: Plan, folder: Path, measuring: Measuring) -> HandedIn:
    """The plan's artifacts as found in ``folder``, their model files measured."""
    read = {
        name: read_artifact(folder / name) for names in plan.artifacts.values() for name in names
    }
    answers = {
        task: {artifact_key(name): read[name] for name in names}
        for task, names in plan.artifacts.items()
    }
    return HandedIn(answers, _model_facts(answers, plan, measuring))


def resolve(
    answers: Answers, plan: Plan, handed_in: HandedIn, measuring: Measuring
) -> dict[str, dict[AnswerKey, Answer]]:
    """A kernel's answers with the handed-in files added and every model file replaced by its
    facts (the kernel's saved models measured here, the handed-in ones already)."""
    facts = {**handed_in.facts, **_model_facts(answers, plan, measuring)}
    resolved = {
        task: {**answers.get(task, {}), **handed_in.answers.get(task, {})}
        for task in plan.artifacts
    }
    for task_answers in resolved.values():
        for key, answer in task_answers.items():
            if not (answer.ok and isinstance(answer.value, Path | SavedModel)):
                continue
            found = facts[_file(answer.value)]
            if isinstance(answer.value, SavedModel):
                found = replace(found, untrusted=probe_mismatch(answer.value.probe, found))
            task_answers[key] = Answer(AnswerStatus.OK, found)
    return resolved


def _file(value: Path | SavedModel) -> Path:
    return value.path if isinstance(value, SavedModel) else value


def _model_facts(answers: Answers, plan: Plan, measuring: Measuring) -> dict[Path, ModelFacts]:
    """The facts of every model file among ``answers``, each measured once (on the images
    where any task's checks evaluate it) in one measuring process; the images are asked for
    only where a model must be evaluated that is not one of the reference's known ones."""
    models = {
        (task, key): answer.value
        for task, task_answers in answers.items()
        for key, answer in task_answers.items()
        if answer.ok and isinstance(answer.value, Path | SavedModel)
    }
    if not models:
        return {}
    evaluate = {
        _file(value)
        for (task, key), value in models.items()
        if key in plan.evaluated.get(task, frozenset())
    }
    own = {
        value.path: value.custom
        for value in models.values()
        if isinstance(value, SavedModel) and value.custom
    }
    files = tuple(sorted({_file(value) for value in models.values()} - set(own)))
    saved = tuple(value for value in models.values() if isinstance(value, SavedModel))
    wanted = evaluate & set(files)
    probe = _probe_images(tuple(s for s in saved if not s.custom))
    known = measuring.known
    unknown = wanted if known is None or probe is not None else _unknown(wanted, known)
    measured = measured_facts(
        tuple((f, f in wanted) for f in files),
        measuring.images() if unknown else None,
        measuring,
        probe,
    )
    return dict(zip(files, measured, strict=True)) | {
        path: own_layers_facts(path, names) for path, names in own.items()
    }


def _unknown(wanted: set[Path], known: ReferenceModels) -> set[Path]:
    """The files to evaluate whose measurement is not known: only they need the images."""
    return {path for path in wanted if known.measured(path, True) is None}


def own_layers_facts(path: Path, custom: tuple[str, ...]) -> ModelFacts:
    """The facts of a file the guard saved from a model with layers of the student's own
    classes: its layers and compile settings read as data, nothing measured. Loading it would
    need the student's classes outside the kernel (ESC-03), so it is never loaded; what only a
    loaded model tells (its parameters, its accuracy) is said to be unknown by the rules."""
    try:
        model = inspect_model_file(path, frozenset(custom))
    except SubmissionError as error:
        reason = error.message.params.get("reason", text(error.message, "en"))
        return ModelFacts(refused=reason if isinstance(reason, Message) else str(reason))
    return replace(
        architecture(model),
        measured=Measurement(loads=False, error="a layer of the student's own"),
        custom=custom,
    )


def _probe_images(saved: tuple[SavedModel, ...]) -> np.ndarray | None:
    """The probe images the kernel's saved models were asked on: one kernel's answers, one
    seed (the reference's differs from the student's, see ``plan``)."""
    seeds = {model.probe_seed for model in saved}
    if len(seeds) > 1:
        raise ValueError(f"saved models of more than one kernel in one measuring: {seeds}")
    return probe_pool(seeds.pop()) if seeds else None


def probe_mismatch(kernel: np.ndarray, facts: ModelFacts) -> str | None:
    """Why the file does not compute what the kernel's object did on the probe images, or None.

    Both sides run the same Keras on the same CPU on the same float32 inputs, so honest
    predictions agree to about 1e-6; a tolerance of 1e-3 (relative) and 1e-4 (absolute) leaves
    room for other kernels of the same library and none for another model."""
    if facts.refused is not None or not facts.measured.loads:
        return None  # refused or not loadable: said by the rules already
    outputs = facts.measured.probe_outputs
    if outputs is None:
        return "probe:missing"
    measured = np.asarray(outputs, dtype=np.float32)
    kernel = kernel.reshape(len(kernel), -1) if kernel.ndim > 1 else kernel
    if measured.shape != kernel.shape:
        return f"probe:shape {kernel.shape} != {measured.shape}"
    if not np.allclose(kernel, measured, rtol=PROBE_RTOL, atol=PROBE_ATOL):
        return f"probe:{float(np.max(np.abs(kernel - measured))):.3g}"
    return None
