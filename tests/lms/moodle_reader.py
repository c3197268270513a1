"""How Moodle reads an uploaded grading worksheet, after mod/assign/feedback/offline
(importgradeslib.php, locallib.php process_import_grades): columns found by their header text,
the participant by the number after the "Participant " prefix, the grade through unformat_float
with the site's decimal separator, an empty grade skipped. A test oracle, not grader code."""

from __future__ import annotations

import csv
import io

STRINGS = {
    "en": {
        "id": "Identifier",
        "grade": "Grade",
        "modified": "Last modified (grade)",
        "comments": "Feedback comments",
        "prefix": "Participant ",
        "decsep": ".",
    },
    "de": {
        "id": "ID",
        "grade": "Bewertung",
        "modified": "Zuletzt geändert (Bewertung)",
        "comments": "Feedback als Kommentar",
        "prefix": "Teilnehmer/in",
        "decsep": ",",
    },
}


def unformat_float(text: str, decsep: str) -> float | None:
    """Moodle's unformat_float (not strict): spaces dropped, the site's separator made a point,
    then PHP's floatval, which reads the leading number."""
    text = text.strip().replace(" ", "")
    if not text:
        return None
    text = text.replace(decsep, ".")
    digits = ""
    for char in text:
        if char.isdigit() or (char == "." and "." not in digits) or (char == "-" and not digits):
            digits += char
        else:
            break
    return float(digits) if digits not in ("", "-", ".") else 0.0


def moodle_reads(data: bytes, lang: str, encoding: str = "utf-8", delimiter: str = ","):
    """participant number -> (grade or None when Moodle skips it, feedback comment)."""
    strings = STRINGS[lang]
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]  # Moodle's csv_import_reader drops the byte-order mark
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = rows[0]
    index = {key: header.index(strings[key]) for key in ("id", "grade", "modified", "comments")}
    read = {}
    for row in rows[1:]:
        number = row[index["id"]][len(strings["prefix"]) :]
        grade = unformat_float(row[index["grade"]], strings["decsep"])
        read[number] = (grade, row[index["comments"]])
    return read
