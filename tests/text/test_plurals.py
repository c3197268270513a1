"""A count says its noun in the number it needs, in German and English: "1 Abgabe" and
"2 Abgaben", "1 offener Prüfhinweis", "1 student", never "1 Abgaben" or "1 students". Every
sentence of the catalogue that counts is rendered here with 1 and with 2 (and a summary page of
one student with one submission, as the instructor sees it)."""

from __future__ import annotations

import re
import string
from typing import Any

import pytest
from made_results import gradebook, result, stored, task

from grader.report.pages import write_reports
from grader.text.messages import CATALOGUE, LANGUAGES, Message, render
from grader.text.numbers import Count

# key -> (params with the count as N, {lang: (with 1, with 2)})
COUNTED: dict[str, tuple[dict[str, Any], dict[str, tuple[str, str]]]] = {
    "summary.counts": (
        {"students": "N", "submissions": "N"},
        {
            "de": ("1 Studierende/r, 1 Abgabe", "2 Studierende, 2 Abgaben"),
            "en": ("1 student, 1 submission", "2 students, 2 submissions"),
        },
    ),
    "summary.graded_of": (
        {"graded": 1, "submissions": "N"},
        {
            "de": ("1 von 1 Abgabe bewertet", "1 von 2 Abgaben"),
            "en": ("of 1 submission", "of 2 submissions"),
        },
    ),
    "cli.count_pending": (
        {"n": "N"},
        {"de": ("1 wartet auf", "2 warten auf"), "en": ("1 waits for", "2 wait for")},
    ),
    "summary.bin": (
        {"low": "0", "high": "N", "n": 3},
        {"de": ("unter 1 Punkt:", "unter 2 Punkte:"), "en": ("under 1 point:", "under 2 points:")},
    ),
    "review.counts": (
        {"submissions": "N", "flags": "N", "pending": "N"},
        {
            "de": (
                "1 Abgabe, 1 offener Prüfhinweis, 1 Aufgabe wartet auf",
                "2 Abgaben, 2 offene Prüfhinweise, 2 Aufgaben warten auf",
            ),
            "en": (
                "1 submission, 1 open flag, 1 task waiting",
                "2 submissions, 2 open flags, 2 tasks",
            ),
        },
    ),
    "review.n_flags": (
        {"n": "N"},
        {"de": ("1 Prüfhinweis", "2 Prüfhinweise"), "en": ("1 flag", "2 flags")},
    ),
    "review.n_second_looks": (
        {"n": "N"},
        {"de": ("1 zweiter Blick", "2 zweite Blicke"), "en": ("1 second look", "2 second looks")},
    ),
    "cli.graded": (
        {"n": "N", "seconds": 3, "counts": "x", "skipped": 0, "unplaced": "N", "seed": 4},
        {
            "de": ("1 Abgabe bewertet", "2 Abgaben bewertet"),
            "en": ("graded 1 submission in", "graded 2 submissions in"),
        },
    ),
    "cli.roster_merged": (
        {"out": "o", "added": 1, "changed": 0, "kept": 0, "n": "N"},
        {
            "de": ("1 Studierende/r insgesamt", "2 Studierende insgesamt"),
            "en": ("1 student in all", "2 students in all"),
        },
    ),
    "cli.export_written": (
        {"path": "x.csv", "n": "N"},
        {
            "de": ("1 Note eingetragen", "2 Noten eingetragen"),
            "en": ("1 grade filled", "2 grades filled"),
        },
    ),
    "cli.export_lossy": (
        {"n": "N"},
        {"de": ("1 Zeichen, das", "2 Zeichen, die"), "en": ("1 character the", "2 characters the")},
    ),
    "free_text.pending": (
        {"words": "N"},
        {"de": ("(1 Wort)", "(2 Wörter)"), "en": ("(1 word)", "(2 words)")},
    ),
    "free_text.pending_short": (
        {"words": "N", "min_words": 5},
        {"de": ("(1 Wort,", "(2 Wörter,"), "en": ("(1 word,", "(2 words,")},
    ),
    "history.read": (
        {"file": "h.json", "epochs": "N"},
        {
            "de": ("mit 1 Epoche gelesen", "mit 2 Epochen gelesen"),
            "en": ("with 1 epoch.", "with 2 epochs."),
        },
    ),
    "curve.fine": (
        {"train": 0.9, "valid": 0.9, "epochs": "N"},
        {"de": ("nach 1 Epoche.", "nach 2 Epochen."), "en": ("after 1 epoch.", "after 2 epochs.")},
    ),
    "describe.list": (
        {"n": "N"},
        {"de": ("mit 1 Eintrag", "mit 2 Einträgen"), "en": ("of 1 entry", "of 2 entries")},
    ),
    "layers.partial": (
        {"matched": "N", "expected": 8, "n": "N"},
        {
            "de": (
                "stimmen: 1 von 8 (dein Modell hat 1 Schicht)",
                "2 von 8 (dein Modell hat 2 Schichten)",
            ),
            "en": ("match: 1 of 8 (your model has 1 layer)", "2 of 8 (your model has 2 layers)"),
        },
    ),
    "contract.conv": (
        {"found": "N", "expected": 3},
        {
            "de": ("1 Conv2D-Schicht,", "2 Conv2D-Schichten,"),
            "en": ("1 Conv2D layer,", "2 Conv2D layers,"),
        },
    ),
    "report.kit_hidden": (
        {"checks": "N", "points": "N"},
        {
            "de": ("1 verdeckte Prüfung (1 Punkt)", "2 verdeckte Prüfungen (2 Punkte)"),
            "en": ("1 hidden check (1 point)", "2 hidden checks (2 points)"),
        },
    ),
    "report.task_withheld": (
        {"checks": "N", "points": "N"},
        {
            "de": ("in 1 verdeckten Prüfung", "in 2 verdeckten Prüfungen"),
            "en": ("+1 pt in 1 hidden check", "+2 pts in 2 hidden checks"),
        },
    ),
    "report.checks_ran": (
        {"public": "N", "hidden": "N", "seed": 3},
        {
            "de": (
                "1 öffentliche Prüfung und 1 verdeckte",
                "2 öffentliche Prüfungen und 2 verdeckte",
            ),
            "en": ("1 public check and 1 hidden", "2 public checks and 2 hidden"),
        },
    ),
    "report.kit_checks_ran": (
        {"public": "N"},
        {
            "de": ("1 öffentliche Prüfung.", "2 öffentliche Prüfungen."),
            "en": ("1 public check.", "2 public checks."),
        },
    ),
    "kit.built": (
        {"assignment": "01", "public": "N", "hidden": "N"},
        {
            "de": ("1 öffentliche Prüfung mit", "2 öffentliche Prüfungen mit"),
            "en": (
                "1 public check with stored expectations, 1 hidden one only",
                "2 hidden ones only",
            ),
        },
    ),
}


def _filled(params: dict[str, Any], n: int) -> dict[str, Any]:
    return {name: Count(n) if value == "N" else value for name, value in params.items()}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", sorted(COUNTED))
def test_a_count_of_one_and_of_two_reads_right(key: str, lang: str) -> None:
    params, said = COUNTED[key]
    one, two = (render(Message(key, _filled(params, n)), lang) for n in (1, 2))
    assert said[lang][0] in one, (key, lang, one)
    assert said[lang][1] in two, (key, lang, two)


def test_a_count_written_by_its_language_still_chooses_its_noun() -> None:
    """The word follows the count as written: 1.000 and 0,5 are many, the string "1" is one."""
    assert render(Message("cli.export_written", {"path": "x", "n": Count(1000)}), "de").endswith(
        "1.000 Noten eingetragen"
    )
    kit = {"checks": Count(3), "points": "0,5"}
    assert "(0,5 Punkte)" in render(Message("report.kit_hidden", kit), "de")
    assert "(1 Punkt)" in render(Message("report.kit_hidden", {**kit, "points": "1"}), "de")


def test_every_counted_noun_has_a_word_for_one_and_for_many() -> None:
    for key, entry in CATALOGUE.items():
        for lang in LANGUAGES:
            for _, _name, spec, _ in string.Formatter().parse(entry[lang]):
                if spec and "|" in spec:
                    one, many = spec.split("|", 1)
                    assert one.strip() and many.strip() and "|" not in many, (key, lang, spec)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_summary_of_one_student_and_one_submission(tmp_path, lang: str) -> None:
    out = gradebook(tmp_path / "out", [stored("anna", result("01_convolution", (task("a", 1),)))])
    write_reports(out, lang)
    page = (out / "index.html").read_text(encoding="utf-8")
    counts = re.search(r"<p>([^<]*)</p>", page.split("<body>")[1])
    expected = {"de": "1 Studierende/r, 1 Abgabe", "en": "1 student, 1 submission"}
    assert counts is not None and counts.group(1) == expected[lang]
    graded = {"de": "1 von 1 Abgabe bewertet", "en": "1 of 1 submission graded"}
    assert graded[lang] in page
