"""``grader kit`` refuses a spec it cannot build a kit from in the language asked for: a public
check that measures models on images a kit cannot hand out (refused before any kernel runs), and a
reference that does not pass its own public checks (graded in a real kernel), each with the reason
a check could not judge."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from grader.cli.main import ExitCode, main

LANGS = ("de", "en")
SPEC_ERROR = {"de": "grader: Fehler in der Kursbeschreibung: ", "en": "grader: spec error: "}
PRIVATE = """
assignment = "toy"
artifacts = ["model.keras"]
[data]
folders = { imgs = "imgs" }
evaluation = { source = "imgs", split = "test" }
[tasks]
threshold = { points = 1 }
[[checks]]
task = "threshold"
rule = "accuracy"
hidden = false
points = 1
file = "model.keras"
full_at = 0.92
zero_below = 0.88
"""
PRIVATE_SAID = {
    "de": ": eine öffentliche Prüfung misst Modelle auf {imgs}, und das kann ein Kit nicht"
    " mitgeben (nur ein Ordner des Keras-Caches kann der eigene der Studierenden sein): die"
    " Prüfung verdeckt machen oder auf einem Ordner aus keras_cache auswerten\n",
    "en": ": a public check measures models on {imgs}, which a kit cannot hand out (only a Keras"
    " cache folder can be the student's own): make the check hidden, or evaluate on a keras_cache"
    " folder\n",
}
NO_X = """
assignment = "toy"
[tasks]
answer = { points = 1 }
[[checks]]
task = "answer"
rule = "value-equal"
hidden = false
points = 1
name = "x"
"""
FAILS_SAID = {
    "de": "toy: die Musterlösung besteht ihre eigenen öffentlichen Prüfungen nicht: answer (Fehler"
    " im Grader: das Notebook der Musterlösung lieferte keine verwendbare Antwort für 'value:x'"
    " (fehlt))\n",
    "en": "toy: the reference does not pass its own public checks: answer (grader error: the"
    " reference notebook gave no usable answer for 'value:x' (missing))\n",
}


def _course(folder: Path, spec: str) -> Path:
    """A course of one assignment whose reference and exercise never define ``x``."""
    for sub in ("reference", "exercises", "imgs"):
        (folder / sub).mkdir(parents=True)
    (folder / "reference" / "toy.toml").write_text(spec, encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("y = 1")
    cell.metadata["task"] = "answer"
    notebook.cells.append(cell)
    for where in ("reference", "exercises"):
        nbformat.write(notebook, folder / where / "toy.ipynb")
    return folder


@pytest.mark.parametrize("lang", LANGS)
def test_a_public_check_on_private_images_is_refused_in_the_language(tmp_path, capsys, lang):
    course = _course(tmp_path / "course", PRIVATE)
    argv = ["kit", str(tmp_path / "kit"), "toy", "--course", str(course), "--lang", lang]
    assert main(argv) == ExitCode.USAGE_ERROR
    said = PRIVATE_SAID[lang].format(imgs=course / "imgs")
    assert capsys.readouterr().err == f"{SPEC_ERROR[lang]}{course / 'reference' / 'toy.toml'}{said}"


@pytest.mark.timeout(300)
@pytest.mark.parametrize("lang", LANGS)
def test_a_reference_that_fails_its_public_checks_is_refused_in_the_language(
    tmp_path, capsys, lang
):
    course = _course(tmp_path / "course", NO_X)
    argv = ["kit", str(tmp_path / "kit"), "toy", "--course", str(course), "--lang", lang]
    assert main(argv) == ExitCode.USAGE_ERROR
    assert capsys.readouterr().err == f"{SPEC_ERROR[lang]}{FAILS_SAID[lang]}"


HISTORY = """
assignment = "toy"
artifacts = ["history.json"]
[tasks]
history = { points = 1 }
[[checks]]
task = "history"
rule = "training-history"
points = 1
files = ["history.json"]
threshold = [0.92, 0.88]
"""
DESCENDING = {
    "de": ": checks[0] (training-history): threshold muss eine Zahl sein oder"
    " [zero_below, full_at], aufsteigend\n",
    "en": ": checks[0] (training-history): threshold must be a number or"
    " [zero_below, full_at], ascending\n",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_descending_history_band_is_refused_in_the_language(tmp_path, capsys, lang):
    course = _course(tmp_path / "course", HISTORY)
    argv = ["kit", str(tmp_path / "kit"), "toy", "--course", str(course), "--lang", lang]
    assert main(argv) == ExitCode.USAGE_ERROR
    said = f"{course / 'reference' / 'toy.toml'}{DESCENDING[lang]}"
    assert capsys.readouterr().err == f"{SPEC_ERROR[lang]}{said}"
