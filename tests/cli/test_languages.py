"""Every sentence a command prints, in the language asked for (``--lang``, German by default),
through the real command line (``grader.cli.main``, or the installed ``grader`` where the command
serves until stopped): the instructor's commands without a gradebook, the LMS export's refusals,
``grader grade``'s checks before it grades, a broken spec or ``course.toml``, ``grader rules``,
``grader references``, the batch's progress line, the review page's address and the JUnit report's
text. Each expectation is the sentence the user reads, in both languages."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

import pytest
from made_results import gradebook, result, stored, task

from grader.batch.run import Progress
from grader.cli import main as cli
from grader.cli.main import ExitCode, main
from grader.grading.reference_cache import CACHE_VARIABLE
from grader.intake.discover import Submission
from grader.report.junit import course_report
from grader.results.gradebook import Gradebook
from grader.results.records import Status
from grader.rules import BUILTIN_RULES

LANGS = ("de", "en")
NO_GRADEBOOK = {
    "de": "hier ist kein Notenbuch (zuerst `grader grade` ausführen)",
    "en": "no gradebook here (run `grader grade` first)",
}
TOY = """
assignment = "toy"
[tasks]
answer = { points = 1 }
[[checks]]
task = "answer"
rule = "value-equal"
points = 1
name = "x"
"""


def _toy_course(folder: Path, spec: str = TOY, course_toml: str | None = None) -> Path:
    (folder / "reference").mkdir(parents=True)
    (folder / "reference" / "toy.toml").write_text(spec)
    if course_toml is not None:
        (folder / "course.toml").write_text(course_toml)
    return folder


def _graded(out: Path) -> Path:
    """A gradebook of one 01 submission with 7.5 of 10 points."""
    made = result("01_convolution", (task("conv2d", 7.5, 10.0, mistake=True),))
    return gradebook(out, [stored("anna", made)])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "command",
    [
        ["report", "{out}"],
        ["export", "{out}", "--assignment", "01_convolution", "--moodle-import", "email"],
        ["override", "{out}", "anna", "01_convolution", "conv2d", "1", "--reason", "r"],
        ["flags", "{out}"],
        ["resolve", "{out}", "f1", "--accept", "--reason", "r"],
        ["review", "{out}"],
    ],
)
def test_a_folder_without_a_gradebook_is_named_in_the_language(tmp_path, capsys, command, lang):
    argv = [part.format(out=tmp_path) for part in command]
    assert main([*argv, "--lang", lang]) == ExitCode.USAGE_ERROR
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"grader: {tmp_path}: {NO_GRADEBOOK[lang]}\n")


NO_GRADES = {
    "de": "keine Noten für 04_fashion_mnist_cnn (bewertet: 01_convolution)",
    "en": "no grades for 04_fashion_mnist_cnn (graded: 01_convolution)",
}
UNREADABLE = {"de": "kann nicht gelesen werden (", "en": "cannot be read ("}


@pytest.mark.parametrize("lang", LANGS)
def test_the_export_refuses_in_the_language(tmp_path, capsys, lang):
    out = _graded(tmp_path / "out")
    other = ["--assignment", "04_fashion_mnist_cnn", "--moodle-import", "email"]
    assert main(["export", str(out), *other, "--lang", lang]) == ExitCode.USAGE_ERROR
    assert capsys.readouterr().err == f"grader: {out}: {NO_GRADES[lang]}\n"
    missing = tmp_path / "canvas.csv"
    argv = ["export", str(out), "--assignment", "01_convolution", "--canvas", str(missing)]
    assert main([*argv, "--lang", lang]) == ExitCode.USAGE_ERROR
    assert capsys.readouterr().err.startswith(f"grader: {missing}: {UNREADABLE[lang]}")


NOT_SUBMISSIONS = {"de": "kein Ordner mit Abgaben", "en": "not a folder of submissions"}
NO_SANDBOX = {
    "de": "grader: bubblewrap (bwrap) ist nicht verfügbar; der Code der Studierenden liefe ohne "
    "Sandbox",
    "en": "grader: bubblewrap (bwrap) is not available, so student code would run unsandboxed",
}


@pytest.mark.parametrize("lang", LANGS)
def test_grade_says_what_stops_it_before_grading_in_the_language(
    tmp_path, capsys, monkeypatch, lang
):
    nothing = tmp_path / "nothing"
    assert main(["grade", str(nothing), "--lang", lang]) == ExitCode.USAGE_ERROR
    assert capsys.readouterr().err == f"grader: {nothing}: {NOT_SUBMISSIONS[lang]}\n"
    monkeypatch.setattr(cli, "bwrap_path", lambda: None)
    assert main(["grade", str(tmp_path), "--lang", lang]) == ExitCode.USAGE_ERROR
    err = capsys.readouterr().err
    assert err.startswith(NO_SANDBOX[lang]) and err.count("\n") == 1


BUSY = {
    "de": "ein anderes `grader grade` (pid {pid}) schreibt in diesen Ordner; warte, bis es fertig "
    "ist, oder wähle ein anderes --out",
    "en": "another `grader grade` (pid {pid}) is writing to this folder; wait for it to finish or "
    "choose another --out",
}
BATCH_WILL_RENDER = {
    "de": "  (ein Lauf bewertet gerade in diesen Ordner: seine Berichte zeigen es)\n",
    "en": "  (a batch is grading into this folder: its reports will show it)\n",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_running_batch_is_named_by_grade_and_by_an_override_in_the_language(
    tmp_path, capsys, lang
):
    course, submissions = _toy_course(tmp_path / "course"), tmp_path / "submissions"
    submissions.mkdir()
    out = _graded(tmp_path / "out")
    grade = ["grade", str(submissions), "--out", str(out), "--course", str(course)]
    with Gradebook.open(out):  # the lock a running batch holds
        code = main([*grade, "--unsafe-no-sandbox", "--lang", lang])
        assert code == ExitCode.USAGE_ERROR
        busy = BUSY[lang].format(pid=os.getpid())
        assert capsys.readouterr().err == f"grader: {out}: {busy}\n"
        override = ["override", str(out), "anna", "01_convolution", "conv2d", "9"]
        assert main([*override, "--reason", "r", "--lang", lang]) == ExitCode.OK
        assert capsys.readouterr().out.endswith(BATCH_WILL_RENDER[lang])


SPEC_ERROR = {"de": "grader: Fehler in der Kursbeschreibung: ", "en": "grader: spec error: "}
NOT_TOML = {"de": ": kein gültiges TOML: ", "en": ": not valid TOML: "}
UNKNOWN_RULE = {
    "de": ": checks[0].rule: unbekannte Regel 'nope'; bekannte Regeln: V100 value-equal, ",
    "en": ": checks[0].rule: unknown rule 'nope'; known rules: V100 value-equal, ",
}
PARAMS = {
    "de": ": checks[0] (value-equal): unbekannte Schlüssel ['colour']; erlaubt: [",
    "en": ": checks[0] (value-equal): unknown key(s) ['colour']; allowed: [",
}
MIN_WORDS = {
    "de": ": checks[0] (free-text): min_words muss mindestens 1 sein\n",
    "en": ": checks[0] (free-text): min_words must be at least 1\n",
}
POINTS = {
    "de": ": tasks.answer: die Prüfungen ergeben zusammen 1.0 Punkte, die Aufgabe hat 2.0",
    "en": ": tasks.answer: checks add up to 1.0 points, task has 2.0",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_broken_spec_is_named_by_file_and_key_in_the_language(tmp_path, capsys, lang):
    broken = {
        "toml": (TOY.replace("[tasks]", "[tasks"), NOT_TOML),
        "rule": (TOY.replace('"value-equal"', '"nope"'), UNKNOWN_RULE),
        "points": (TOY.replace("points = 1 }", "points = 2 }"), POINTS),
        "params": (TOY.replace('name = "x"', 'name = "x"\ncolour = 1'), PARAMS),
        "words": (
            TOY.replace('"value-equal"', '"free-text"').replace('name = "x"', "min_words = 0"),
            MIN_WORDS,
        ),
    }
    for name, (spec, said) in broken.items():
        course = _toy_course(tmp_path / name, spec)
        argv = ["exercise", "--course", str(course), "--lang", lang]
        assert main(argv) == ExitCode.USAGE_ERROR
        err = capsys.readouterr().err
        file = course / "reference" / "toy.toml"
        assert err.startswith(f"{SPEC_ERROR[lang]}{file}{said[lang]}"), err
    course = tmp_path / "rule"
    assert main(["validate", "--course", str(course), "--lang", lang]) == ExitCode.POINTS_LOST
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "FAIL  toy"
    assert lines[1].startswith(f"      - {course / 'reference' / 'toy.toml'}{UNKNOWN_RULE[lang]}")


COURSE_SECTION = {
    "de": "unbekannter Abschnitt [kernl]; bekannt: ['kernel', 'leaderboard', 'lms', 'roster']",
    "en": "unknown section [kernl]; known: ['kernel', 'leaderboard', 'lms', 'roster']",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_broken_course_toml_stops_the_batch_in_the_language(tmp_path, capsys, lang):
    course = _toy_course(tmp_path / "course", course_toml="[kernl]\npackages = []\n")
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    argv = ["grade", str(submissions), "--out", str(tmp_path / "out"), "--course", str(course)]
    assert main([*argv, "--unsafe-no-sandbox", "--lang", lang]) == ExitCode.USAGE_ERROR
    expected = f"{SPEC_ERROR[lang]}{course / 'course.toml'}: {COURSE_SECTION[lang]}\n"
    assert capsys.readouterr().err == expected


NO_TASK = {
    "de": "grader: 01_convolution hat keine Aufgabe nope (seine Aufgaben: conv2d, ",
    "en": "grader: 01_convolution has no task nope (its tasks: conv2d, ",
}


@pytest.mark.parametrize("lang", LANGS)
def test_check_names_an_unknown_task_in_the_language(root, capsys, lang):
    notebook = str(root / "reference" / "01_convolution.ipynb")
    argv = ["check", notebook, "--course", str(root), "--task", "nope", "--lang", lang]
    assert main(argv) == ExitCode.USAGE_ERROR
    last = capsys.readouterr().err.splitlines()[-1]  # after the note on a missing sandbox
    assert last.startswith(NO_TASK[lang])


K100 = {
    "de": "die Schichten des Modells, eine nach der anderen, gegen die Architektur der "
    "Musterlösung.",
    "en": "the model's layers, one by one, against the reference architecture.",
}
UNKNOWN = {"de": "grader: unbekannte Regel 'nope'; ", "en": "grader: unknown rule 'nope'; "}


@pytest.mark.parametrize("lang", LANGS)
def test_rules_lists_and_explains_in_the_language(capsys, lang):
    assert main(["rules", "--lang", lang]) == ExitCode.OK
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == len(BUILTIN_RULES) and f"K100  layer-sequence     {K100[lang]}" in listed
    assert main(["rules", "K100", "--lang", lang]) == ExitCode.OK
    explained = capsys.readouterr().out.splitlines()
    assert explained[0] == f"K100  layer-sequence: {K100[lang]}"
    # the reference for spec authors is English: a German reader is told so before it
    assert ("auf Englisch" in explained[1]) == (lang == "de")
    assert main(["rules", "nope", "--lang", lang]) == ExitCode.USAGE_ERROR
    assert capsys.readouterr().err.startswith(UNKNOWN[lang])


CLEARED = {"de": "gelöscht 01_convolution\n", "en": "cleared 01_convolution\n"}
CACHE_OFF = {
    "de": "grader: der Zwischenspeicher der Musterlösung ist ausgeschaltet (GRADER_CACHE=off)\n",
    "en": "grader: the reference cache is off (GRADER_CACHE=off)\n",
}


@pytest.mark.parametrize("lang", LANGS)
def test_references_says_what_it_did_in_the_language(root, tmp_path, capsys, monkeypatch, lang):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    argv = ["references", "01_convolution", "--course", str(root), "--lang", lang]
    assert main([*argv, "--clear"]) == ExitCode.OK
    assert capsys.readouterr().out == CLEARED[lang]
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    assert main(argv) == ExitCode.USAGE_ERROR
    assert capsys.readouterr().err == CACHE_OFF[lang]


PROGRESS = {
    "de": (
        "Anna 01_convolution: bewertet 7,5/10",
        "Ben 01_convolution: nicht bewertbar –/10",
        "Carla 00_vorabfragen: wartet auf manuelle Bewertung –/6",
    ),
    "en": (
        "Anna 01_convolution: graded 7.5/10",
        "Ben 01_convolution: not gradable –/10",
        "Carla 00_vorabfragen: pending manual grading –/6",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_progress_line_says_status_and_points_as_the_language_does(tmp_path, lang):
    shown = StringIO()
    progress = Progress(shown, lang)
    progress.start(3)
    graded = result("01_convolution", (task("conv2d", 7.5, 10.0),))
    broken = result("01_convolution", (), status=Status.NOT_GRADABLE)
    waiting = result("00_vorabfragen", (task("pooling", 0.0, 2.0, pending=True), task("x", 0, 4.0)))
    for who, made in (("Anna", graded), ("Ben", broken), ("Carla", waiting)):
        folder = tmp_path / made.assignment
        progress(Submission(who.lower(), who, made.assignment, folder / "x.ipynb"), made)
    lines = shown.getvalue().splitlines()
    assert [line.split("  ", 1)[1] for line in lines] == list(PROGRESS[lang])


JUNIT_FAILURE = {"de": "7,5/10: ", "en": "7.5/10: "}


def test_junit_writes_points_for_people_in_the_language_and_attributes_for_machines(tmp_path):
    """A failure's message and text are read by people (7,5/10 in German); counts, time and the
    failure's type are read by CI tools and are the same in both languages."""
    out = _graded(tmp_path / "out")
    documents = {lang: ET.fromstring(course_report(out, lang)) for lang in LANGS}
    for lang, root in documents.items():
        (failure,) = root.iter("failure")
        assert failure.get("message", "").startswith(JUNIT_FAILURE[lang])
        assert JUNIT_FAILURE[lang].rstrip(": ") in (failure.text or "")
    machine = [
        [(e.tag, e.get("type"), e.get("time"), e.get("tests")) for e in root.iter()]
        for root in documents.values()
    ]
    assert machine[0] == machine[1]
    assert documents["de"].get("time") == "0.000"


REVIEW = {
    "de": "Bewertungsseite (nur auf diesem Rechner, Strg+C beendet sie):",
    "en": "review page (this machine only, Ctrl+C to stop):",
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_review_page_says_where_it_is_in_the_language(tmp_path, lang):
    out = _graded(tmp_path / "out")
    grader = Path(sys.executable).with_name("grader")
    command = [str(grader), "review", str(out), "--lang", lang]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 120)
        assert ready, "the review page printed nothing within two minutes"
        first, second = process.stdout.readline(), process.stdout.readline()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    assert first == REVIEW[lang] + "\n"
    assert second.startswith("  http://127.0.0.1:")


GRADE_COUNTS = {
    "de": "(1 nicht bewertbar, 1 wartet auf manuelle Bewertung)",
    "en": "(1 not gradable, 1 waits for manual grading)",
}


@pytest.mark.kernel
@pytest.mark.parametrize("lang", LANGS)
def test_grade_counts_a_submission_waiting_for_manual_grading_as_such(root, tmp_path, capsys, lang):
    """`grader grade`'s closing line: a 00 whose free text waits for the instructor has no grade
    yet, so it is not counted as graded (make demo said "17 bewertet" for three that waited)."""
    course = tmp_path / "course"
    (course / "anna").mkdir(parents=True)
    (course / "anna" / "00_vorabfragen.ipynb").write_bytes(
        (root / "demo" / "course" / "anna" / "00_vorabfragen.ipynb").read_bytes()
    )
    (course / "ben").mkdir()
    (course / "ben" / "01_convolution.ipynb").write_text('{"cells": [', encoding="utf-8")
    argv = ["grade", str(course), "--out", str(tmp_path / "out"), "--workers", "1"]
    assert main([*argv, "--lang", lang]) == ExitCode.OK
    closing = capsys.readouterr().out
    assert GRADE_COUNTS[lang] in closing
