"""The reference's seed-free expectations on disk: which checks they are, that a cached grading
starts no (or a shorter) reference kernel and grades exactly as an uncached one, and that any
change to what decides them, or a damaged file, is a miss."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT

from grader.course.spec import load_assignment
from grader.grading import submission as grading
from grader.grading.reference_cache import ReferenceCache, seeded_checks
from grader.grading.submission import GradeOptions, GradingSession, grade_notebook
from grader.results.records import NotebookResult


def test_seeded_checks_are_those_on_fresh_random_inputs() -> None:
    light = load_assignment(ROOT, "01_convolution")
    seeded = seeded_checks(light)
    assert {"conv2d/stride-1", "conv2d/padding-1-2", "output_size/cases", "pooling/cases"} <= seeded
    assert not {"conv2d/example", "vertical/value", "feature_maps/shape"} & seeded
    lenet = load_assignment(ROOT, "03_lenet5")
    assert seeded_checks(lenet) == {"pad_to_32/images-3d", "pad_to_32/images-4d"}
    assert seeded_checks(load_assignment(ROOT, "04_fashion_mnist_cnn")) == frozenset()


def _spying(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(role, number of cells) of every kernel run the grading starts."""
    runs: list[tuple[str, int]] = []
    original = grading._run

    def spy(run: grading._Grading, cells: tuple, requests: object, role: str) -> object:
        runs.append((role, len(cells)))
        return original(run, cells, requests, role)  # type: ignore[arg-type]

    monkeypatch.setattr(grading, "_run", spy)
    return runs


def _summary(result: NotebookResult) -> list[tuple[str, float, str]]:
    return [
        (c.id, c.points, c.outcome.message.key if c.outcome else str(c.error))
        for t in result.tasks
        for c in t.checks
    ]


@pytest.mark.kernel
@pytest.mark.keras
def test_a_cached_04_grading_starts_no_reference_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load_assignment(ROOT, "04_fashion_mnist_cnn")
    notebook = ROOT / "demo" / "course" / "carla" / "04_fashion_mnist_cnn.ipynb"
    cache = ReferenceCache(tmp_path / "cache")
    runs = _spying(monkeypatch)
    cold = grade_notebook(notebook, spec, GradeOptions(seed=1), GradingSession(cache))
    assert [role for role, _ in runs] == ["student", "reference"]
    runs.clear()
    warm = grade_notebook(notebook, spec, GradeOptions(seed=2), GradingSession(cache))
    assert [role for role, _ in runs] == ["student"]
    assert _summary(warm) == _summary(cold) and warm.points == cold.points


@pytest.mark.kernel
@pytest.mark.keras
def test_a_cached_03_reference_stops_before_its_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load_assignment(ROOT, "03_lenet5")
    cache = ReferenceCache(tmp_path / "cache")
    grade_notebook(spec.reference_notebook, spec, GradeOptions(seed=1), GradingSession(cache))
    runs = _spying(monkeypatch)
    result = grade_notebook(
        spec.reference_notebook, spec, GradeOptions(seed=3), GradingSession(cache)
    )
    assert result.full_marks
    (student, student_cells), (reference, reference_cells) = runs
    assert (student, reference) == ("student", "reference")
    assert reference_cells == 4 < student_cells  # imports, model, compile, pad_to_32


@pytest.mark.kernel
def test_a_changed_spec_or_a_damaged_file_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "course"
    for folder in ("reference", "exercises"):
        (course / folder).mkdir(parents=True)
        for path in (ROOT / folder).glob("02_parameters.*"):
            shutil.copyfile(path, course / folder / path.name)
    cache = ReferenceCache(tmp_path / "cache")
    spec = load_assignment(course, "02_parameters")
    grade_notebook(spec.reference_notebook, spec, GradeOptions(seed=1), GradingSession(cache))
    stored = cache.load(spec, seed=2)
    assert "fashion_total/value" in stored.by_check
    assert "conv_params/cases" not in stored.by_check  # random cases: answered each run
    assert "conv_params/cases" in cache.load(spec, seed=1).by_check  # but kept for this seed
    spec_file = course / "reference" / "02_parameters.toml"
    spec_file.write_text(spec_file.read_text() + "\n# a comment changes the version\n")
    assert cache.load(load_assignment(course, "02_parameters"), seed=1).by_check == {}
    changed = load_assignment(course, "02_parameters")
    grade_notebook(changed.reference_notebook, changed, GradeOptions(1), GradingSession(cache))
    path = cache.path(changed)
    assert path.is_file() and len(list(path.parent.glob("02_parameters-*.json"))) == 4
    path.write_text('{"format": 1, "checks": {"x": [{"key": ["nope"]')
    assert "fashion_total/value" not in cache.load(changed, seed=4).by_check
    runs = _spying(monkeypatch)
    result = grade_notebook(
        changed.reference_notebook, changed, GradeOptions(seed=4), GradingSession(cache)
    )
    assert result.full_marks and [role for role, _ in runs] == ["student", "reference"]
    runs.clear()  # the same seed again (a batch's workers after its preflight): no reference
    grade_notebook(changed.reference_notebook, changed, GradeOptions(seed=4), GradingSession(cache))
    assert [role for role, _ in runs] == ["student"]


@pytest.mark.keras
def test_the_reference_model_is_measured_once_per_machine_a_students_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with the very bytes of the reference's model (wherever it lies) is measured once
    and read afterwards; a student's own file is measured on every grading and nothing of it is
    kept; a measurement cut short is not kept either."""
    from keras_models import fashion, tiny_fashion_cnn

    from grader.execute.measure import Evaluation
    from grader.grading import model_answers
    from grader.grading.model_answers import Measuring
    from grader.grading.reference_cache import ReferenceModels, file_digest
    from grader.intake.model_facts import Measurement

    spec = load_assignment(ROOT, "04_fashion_mnist_cnn")
    reference, student = tmp_path / "reference.keras", tmp_path / "student.keras"
    tiny_fashion_cnn(dropout=True).save(reference)
    tiny_fashion_cnn(dropout=False).save(student)
    copy = tmp_path / "a-student" / "fashion_cnn.keras"
    copy.parent.mkdir()
    shutil.copyfile(reference, copy)
    x, y = fashion("test")
    images = Evaluation(x[:64], y[:64], x[64:96], y[64:96])
    cache = ReferenceCache(tmp_path / "cache")
    measured: list[Path] = []
    original = model_answers.measure

    def spy(job):  # type: ignore[no-untyped-def]
        measured.extend(path for path, _ in job.files)
        return original(job)

    monkeypatch.setattr(model_answers, "measure", spy)

    def known() -> ReferenceModels:  # a fresh session on the same machine
        return ReferenceModels(spec, frozenset({str(file_digest(reference))}), cache)

    files = ((reference, True), (student, True))
    first = model_answers.measured_facts(files, images, Measuring(None, lambda: images, known()))
    assert measured == [reference, student] and first[0].measured.accuracy is not None
    measured.clear()
    again = model_answers.measured_facts(
        ((copy, True), (student, True)), images, Measuring(None, lambda: images, known())
    )
    assert measured == [student], "the reference's bytes were measured again"
    assert again[0].measured == first[0].measured and again[1].measured == first[1].measured
    assert len(list((cache.folder / "models").iterdir())) == 1, "a student's file was kept"
    measured.clear()
    model_answers.measured_facts(((copy, False),), None, Measuring(None, lambda: None, known()))
    assert measured == [copy]  # measured without the images: another measurement, kept apart
    cut_short = Measurement(loads=True, params=1, evaluation_error="MemoryError")
    known().keep(copy, True, cut_short)  # a busy machine's failure is no fact of the file
    assert known().measured(copy, True) == first[0].measured
    assert ReferenceModels.of(replace(spec, stored_expectations=tmp_path), cache).digests == set()
