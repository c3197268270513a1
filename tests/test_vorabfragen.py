"""00_vorabfragen, the lecture's warm-up questions answered in words: generated exercise,
validation that knows manual tasks, and what a student's self-check says. No kernel starts."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from grader.cli.main import ExitCode, main
from grader.course.authoring import exercise_from_reference
from grader.intake.notebook import read_notebook, text_answers
from grader.rules.free_text import PLACEHOLDER


def test_the_exercise_is_the_reference_without_its_model_answers():
    reference = read_notebook(ROOT / "reference" / "00_vorabfragen.ipynb")
    generated = exercise_from_reference(reference)
    assert [c.source for c in text_answers(generated)] == [PLACEHOLDER] * 3
    shipped = read_notebook(ROOT / "exercises" / "00_vorabfragen.ipynb")
    assert [c.source for c in shipped.cells] == [c.source for c in generated.cells]
    assert all("Dense" not in c.source for c in text_answers(shipped))


def test_validate_knows_manual_tasks(capsys):
    assert (
        main(["validate", "00_vorabfragen", "--course", str(ROOT), "--lang", "en"]) == ExitCode.OK
    )
    out = capsys.readouterr().out
    assert "ok    00_vorabfragen: reference 0/6 (6 points graded by hand), blank exercise 0" in out


def test_validate_fails_when_the_reference_has_no_answer(tmp_path, capsys):
    course = tmp_path / "course"
    for folder in ("reference", "exercises"):
        (course / folder).mkdir(parents=True)
        for suffix in (".ipynb", ".toml"):
            source = ROOT / folder / f"00_vorabfragen{suffix}"
            if source.exists():
                (course / folder / source.name).write_bytes(source.read_bytes())
    notebook = json.loads((course / "reference" / "00_vorabfragen.ipynb").read_text())
    notebook["cells"][6]["source"] = PLACEHOLDER
    (course / "reference" / "00_vorabfragen.ipynb").write_text(json.dumps(notebook))
    assert (
        main(["validate", "00_vorabfragen", "--course", str(course), "--lang", "en"])
        == ExitCode.POINTS_LOST
    )
    assert "reference does not score full marks: pooling 0/2" in capsys.readouterr().out


def test_a_students_check_says_what_waits_and_loses_nothing_for_it(capsys):
    notebook = ROOT / "demo" / "course" / "ben" / "00_vorabfragen.ipynb"
    assert (
        main(["check", str(notebook), "--course", str(ROOT), "--format", "json"])
        == ExitCode.POINTS_LOST
    )
    tasks = {t["task"]: t for t in json.loads(capsys.readouterr().out)["tasks"]}
    assert tasks["faltung_statt_dense"]["status"] == "pending"
    assert tasks["pooling"]["status"] == "failed"  # ben left the placeholder: a 0 he can fix
    anna = ROOT / "demo" / "course" / "anna" / "00_vorabfragen.ipynb"
    assert main(["check", str(anna), "--course", str(ROOT), "--lang", "en"]) == ExitCode.OK
    assert "Waiting for the instructor's points" in capsys.readouterr().out


SHORT = ROOT / "tests" / "fixtures" / "notebooks" / "00_vorabfragen" / "short-answers.ipynb"


def test_a_short_answer_waits_for_the_instructor_in_the_grading_and_the_kit(tmp_path, capsys):
    """Issue 23: two words (the course expects five) go to the instructor, marked as short; only
    the empty cell and the untouched placeholder are no answer. The full grading (what the batch
    runs for every submission) and a kit's self-check say the same."""
    kit = tmp_path / "kit"
    assert main(["kit", str(kit), "00_vorabfragen", "--course", str(ROOT), "--no-wheel"]) == 0
    capsys.readouterr()
    # no answer: a 0 in the grading ("failed"), "not answered" in the self-check
    for where, unanswered in (
        (["--course", str(ROOT)], "failed"),
        (["--kit", str(kit)], "unanswered"),
    ):
        command = ["check", str(SHORT), "--assignment", "00_vorabfragen", "--format", "json"]
        assert main([*command, *where, "--lang", "en"]) == ExitCode.POINTS_LOST
        tasks = {t["task"]: t for t in json.loads(capsys.readouterr().out)["tasks"]}
        short = tasks["faltung_statt_dense"]
        assert short["status"] == "pending" and short["points"] is None  # no grade yet, not 0
        assert "shorter than expected (2 words, at least 5 expected)" in short["message"]
        assert short["checks"][0]["found"] == "Gewichte teilen."
        assert tasks["filter_feature_map"]["status"] == tasks["pooling"]["status"] == unanswered
        assert "No answer" in tasks["pooling"]["message"]


@pytest.mark.parametrize(
    ("lang", "unanswered", "failed"),
    [("de", "nicht beantwortet", "nicht bestanden"), ("en", "not answered", "failed")],
)
def test_a_self_check_calls_a_question_still_the_placeholder_not_answered(
    tmp_path, capsys, lang, unanswered, failed
):
    """The kit's exercise as handed out, every question still the placeholder, and the short
    answers' notebook (one cell emptied, one the placeholder): "not answered", never "failed",
    in text, JSON and HTML; the check still exits 1, since they must be answered."""
    kit = tmp_path / "kit"
    assert main(["kit", str(kit), "00_vorabfragen", "--course", str(ROOT), "--no-wheel"]) == 0
    capsys.readouterr()
    blank = kit / "exercises" / "00_vorabfragen.ipynb"
    for notebook, open_tasks in ((blank, 3), (SHORT, 2)):
        command = ["check", str(notebook), "--assignment", "00_vorabfragen", "--lang", lang]
        assert main([*command, "--kit", str(kit)]) == ExitCode.POINTS_LOST
        out = capsys.readouterr().out
        rows = [line for line in out.splitlines() if line.endswith(unanswered)]
        assert len(rows) == 2 * open_tasks, out  # in the table and where it is explained
        assert failed not in out
        assert main([*command, "--kit", str(kit), "--format", "json"]) == ExitCode.POINTS_LOST
        report = json.loads(capsys.readouterr().out)
        said = [t["status_text"] for t in report["tasks"] if t["status"] == "unanswered"]
        assert said == [unanswered] * open_tasks and report["nothing_found"] is False
        assert main([*command, "--kit", str(kit), "--format", "html"]) == ExitCode.POINTS_LOST
        page = capsys.readouterr().out
        assert page.count(f'<td class="unanswered">{unanswered}') == open_tasks
        assert f">{failed}<" not in page
