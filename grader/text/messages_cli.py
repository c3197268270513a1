"""The catalogue's words of the command line itself: each command's help, the placeholders its
usage names (``--course DIR``), and argparse's own sentences ("usage:", "error:", "the following
arguments are required"). Kept beside ``grader.text.messages`` (which merges them into its
catalogue); same rules: every entry in German and English, with the same placeholders.

An ``argparse.*`` entry's English is argparse's own text, character for character: that is how
``grader.cli.language`` finds the entry of a sentence argparse asks for (written against the
argparse of Python 3.11 and of CPython's main branch; a sentence another Python words differently
or adds stays English until it is added here; a warning for a deprecated option is not here, as
no option of ours is deprecated). Its placeholders are argparse's ``%(name)s``, which argparse
fills itself. No help text holds a percent sign: argparse reads one as a placeholder.
"""

from __future__ import annotations

ARGPARSE_MESSAGES: dict[str, dict[str, str]] = {
    "argparse.usage": {"de": "Aufruf: ", "en": "usage: "},
    "argparse.error": {
        "de": "%(prog)s: Fehler: %(message)s\n",
        "en": "%(prog)s: error: %(message)s\n",
    },
    "argparse.argument": {
        "de": "Argument %(argument_name)s: %(message)s",
        "en": "argument %(argument_name)s: %(message)s",
    },
    "argparse.positionals": {"de": "Positionsargumente", "en": "positional arguments"},
    "argparse.options": {"de": "Optionen", "en": "options"},
    "argparse.optional_arguments": {"de": "Optionen", "en": "optional arguments"},  # before 3.10
    "argparse.help": {
        "de": "diese Hilfe zeigen und beenden",
        "en": "show this help message and exit",
    },
    "argparse.version": {
        "de": "die Versionsnummer zeigen und beenden",
        "en": "show program's version number and exit",
    },
    "argparse.required": {
        "de": "diese Argumente fehlen: %s",
        "en": "the following arguments are required: %s",
    },
    "argparse.one_required": {
        "de": "eines der Argumente %s ist nötig",
        "en": "one of the arguments %s is required",
    },
    "argparse.not_allowed_with": {
        "de": "nicht zusammen mit Argument %s möglich",
        "en": "not allowed with argument %s",
    },
    "argparse.ignored_argument": {
        "de": "ausdrücklich angegebenes Argument %r wird ignoriert",
        "en": "ignored explicit argument %r",
    },
    "argparse.expected_one": {"de": "erwartet ein Argument", "en": "expected one argument"},
    "argparse.expected_at_most_one": {
        "de": "erwartet höchstens ein Argument",
        "en": "expected at most one argument",
    },
    "argparse.expected_at_least_one": {
        "de": "erwartet mindestens ein Argument",
        "en": "expected at least one argument",
    },
    # ngettext's two forms: argparse fills in the count
    "argparse.expected_n_one": {"de": "erwartet %s Argument", "en": "expected %s argument"},
    "argparse.expected_n": {"de": "erwartet %s Argumente", "en": "expected %s arguments"},
    "argparse.ambiguous": {
        "de": "mehrdeutige Option: %(option)s könnte %(matches)s sein",
        "en": "ambiguous option: %(option)s could match %(matches)s",
    },
    "argparse.unrecognized": {
        "de": "unbekannte Argumente: %s",
        "en": "unrecognized arguments: %s",
    },
    "argparse.unexpected_option": {
        "de": "unerwartete Option: %s",
        "en": "unexpected option string: %s",
    },
    "argparse.invalid_value": {
        "de": "%(value)r ist kein gültiger Wert (erwartet: %(type)s)",
        "en": "invalid %(type)s value: %(value)r",
    },
    "argparse.invalid_choice": {
        "de": "%(value)r ist nicht möglich (möglich sind: %(choices)s)",
        "en": "invalid choice: %(value)r (choose from %(choices)s)",
    },
    "argparse.invalid_choice_closest": {  # Python 3.14's suggest_on_error
        "de": "%(value)r ist nicht möglich, meintest du %(closest)r? (möglich sind: %(choices)s)",
        "en": "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)",
    },
    "argparse.unknown_command": {
        "de": "den Befehl %(parser_name)r gibt es nicht (es gibt: %(choices)s)",
        "en": "unknown parser %(parser_name)r (choices: %(choices)s)",
    },
    "argparse.cannot_open": {
        "de": "'%(filename)s' lässt sich nicht öffnen: %(error)s",
        "en": "can't open '%(filename)s': %(error)s",
    },
}

HELP_MESSAGES: dict[str, dict[str, str]] = {
    "cli.whole_number": {
        "de": "eine ganze Zahl erwartet, nicht {given!r}",
        "en": "expected a whole number, got {given!r}",
    },
    # -- what the usage lines call the values (the README's words in English) --------------------
    "metavar.command": {"de": "BEFEHL", "en": "COMMAND"},
    "metavar.notebook": {"de": "NOTEBOOK", "en": "NOTEBOOK"},
    "metavar.name": {"de": "NAME", "en": "NAME"},
    "metavar.assignment": {"de": "BLATT", "en": "ASSIGNMENT"},
    "metavar.dir": {"de": "ORDNER", "en": "DIR"},
    "metavar.out": {"de": "AUSGABEORDNER", "en": "OUT_DIR"},
    "metavar.kit_out": {"de": "KITORDNER", "en": "OUT"},
    "metavar.submissions": {"de": "ABGABEORDNER", "en": "COURSE_DIR"},
    "metavar.file": {"de": "DATEI", "en": "FILE"},
    "metavar.data": {"de": "NAME=ORDNER", "en": "NAME=FOLDER"},
    "metavar.address": {"de": "ADRESSE", "en": "ADDRESS"},
    "metavar.task": {"de": "AUFGABE", "en": "TASK"},
    "metavar.points": {"de": "PUNKTE", "en": "POINTS"},
    "metavar.student": {"de": "PERSON", "en": "STUDENT"},
    "metavar.flag": {"de": "HINWEIS", "en": "FLAG"},
    "metavar.text": {"de": "TEXT", "en": "TEXT"},
    "metavar.code": {"de": "CODE", "en": "CODE"},
    "metavar.spec": {"de": "PAKET", "en": "SPEC"},
    "metavar.title": {"de": "TITEL", "en": "TITLE"},
    "metavar.roster": {"de": "KURSLISTE.csv", "en": "ROSTER.csv"},
    # -- options several commands share ------------------------------------------------------------
    "help.grader": {
        "de": "Prüft Übungsnotebooks gegen Musterlösungen.",
        "en": "Checks exercise notebooks against reference solutions.",
    },
    "help.debug": {
        "de": "bei einem internen Fehler den Traceback zeigen (auch: {variable}=1)",
        "en": "show the traceback of an internal error (also: {variable}=1)",
    },
    "help.lang_output": {
        "de": "Sprache der Ausgabe (Standard: {default})",
        "en": "language of the output (default: {default})",
    },
    "help.lang_feedback": {
        "de": "Sprache der Rückmeldung (Standard: {default})",
        "en": "language of the feedback (default: {default})",
    },
    "help.lang_reports": {
        "de": "Sprache der Berichte (Standard: {default})",
        "en": "language of the reports (default: {default})",
    },
    "help.lang_junit": {
        "de": "Sprache der Ausgabe und der Fehlschläge im JUnit-Bericht (Standard: {default})",
        "en": "language of the output and of the JUnit report's failures (default: {default})",
    },
    "help.lang_ci": {
        "de": "Sprache der Ausgabe von grader validate und der Fehlschläge im Bericht (Standard:"
        " {default})",
        "en": "language of validation's output and of the report's failures (default: {default})",
    },
    "help.lang_kit": {
        "de": "Sprache der README des Kits und der Ausgabe (Standard: {default})",
        "en": "language of the kit's README and of the output (default: {default})",
    },
    "help.course": {
        "de": "Kursordner mit reference/ und exercises/ (Standard: von hier aus nach oben gesucht)",
        "en": "course folder holding reference/ and exercises/ (default: found upwards from here)",
    },
    "help.data": {
        "de": "ORDNER statt des Datenordners NAME der Kursbeschreibung nehmen, z. B. das ganze"
        " Fashion-MNIST: --data fashion-mnist=/usr/share/datasets/fashion-mnist (mehrfach möglich)",
        "en": "use FOLDER for the spec's data folder NAME, e.g. the full Fashion-MNIST:"
        " --data fashion-mnist=/usr/share/datasets/fashion-mnist (repeatable)",
    },
    "help.retrain": {
        "de": "auch die Trainingszellen ausführen, statt die abgegebene Modelldatei zu bewerten"
        " (auf einer CPU Minuten bis Stunden; für einen Rechner mit GPU gedacht)",
        "en": "run the training cells too, instead of grading the handed-in model file"
        " (minutes to hours on a CPU; meant for a GPU machine)",
    },
    "help.cluster": {
        "de": "auf einem Dask-Cluster aus N Arbeitsprozessen bewerten, die auf diesem Rechner"
        " starten",
        "en": "grade on a Dask cluster of N worker processes started on this machine",
    },
    "help.scheduler": {
        "de": "auf den Arbeitsprozessen eines laufenden Dask-Clusters bewerten, z. B."
        " tcp://head-node:8786 (jeder braucht den Kursordner unter demselben Pfad; siehe README)",
        "en": "grade on the workers of a running Dask cluster, e.g. tcp://head-node:8786"
        " (every worker needs the course folder at the same path; see README)",
    },
    "help.junit_validate": {
        "de": "auch einen JUnit-XML-Bericht schreiben: ein Testfall je Prüfung jedes Blatts",
        "en": "also write a JUnit XML report: one test case per check of each assignment",
    },
    "help.junit_grade": {
        "de": "auch einen JUnit-XML-Bericht schreiben: ein Testfall je Abgabe und Aufgabe des"
        " Notenbuchs",
        "en": "also write a JUnit XML report: one test case per submission and task of the"
        " gradebook",
    },
    "help.by": {
        "de": "wer entschieden hat (Standard: dein Anmeldename)",
        "en": "who decided (default: your login name)",
    },
    "help.out": {
        "de": "ein Ausgabeordner von `grader grade`",
        "en": "an output folder of `grader grade`",
    },
    "help.all_assignments": {
        "de": "Standard: alle Blätter des Kurses",
        "en": "default: all assignments of the course",
    },
    # -- the commands ------------------------------------------------------------------------
    "help.check": {
        "de": "ein Notebook bewerten und jeden verlorenen Punkt erklären",
        "en": "grade one notebook and explain every lost point",
    },
    "help.check_notebook": {"de": "das Notebook, das bewertet wird", "en": "the notebook to grade"},
    "help.check_assignment": {
        "de": "Name des Blatts (Standard: aus dem Dateinamen oder den Metadaten des Notebooks)",
        "en": "assignment name (default: from the file name or the notebook's metadata)",
    },
    "help.check_format": {
        "de": "html: ein Ausschnitt, wie ihn check() in einem Notebook zeigt",
        "en": "html: a fragment, as check() shows it inside a notebook",
    },
    "help.check_task": {
        "de": "nur diese Aufgabe zeigen (ihre ID oder ihren Titel)",
        "en": "show this task only (its id or title)",
    },
    "help.check_kit": {
        "de": "ein Kit-Ordner (Standard: von hier aus nach oben gesucht, wie ein Kursordner)",
        "en": "a student kit folder (default: found upwards from here, like a course folder)",
    },
    "help.check_seed": {
        "de": "Zufallsstartwert der verdeckten Eingaben (Standard: ein neuer, der mit ausgegeben"
        " wird)",
        "en": "seed for the hidden random inputs (default: a fresh one, printed)",
    },
    "help.validate": {
        "de": "nachweisen, dass die Musterlösungen die volle Punktzahl erreichen und die leeren"
        " Übungen 0",
        "en": "prove references score full marks and blank exercises 0",
    },
    "help.grade": {
        "de": "einen Ordner mit Abgaben bewerten, in ein Notenbuch und Berichte",
        "en": "grade a folder of submissions into a gradebook and reports",
    },
    "help.grade_submissions": {
        "de": "ein Unterordner je Studierende/n (oder ein Download aus dem LMS)",
        "en": "one folder per student (or an LMS download)",
    },
    "help.grade_out": {
        "de": "Ausgabeordner (Standard: reports/)",
        "en": "output folder (default: reports/)",
    },
    "help.grade_workers": {
        "de": "Arbeitsprozesse, die gleichzeitig bewerten (Standard: so viele wie Kerne)",
        "en": "parallel workers (default: cores)",
    },
    "help.grade_assignment": {
        "de": "nur dieses Blatt (mehrfach möglich)",
        "en": "only this assignment (repeatable)",
    },
    "help.grade_resume": {
        "de": "einen unterbrochenen Lauf mit seinem Zufallsstartwert fortsetzen",
        "en": "continue an interrupted run with its seed",
    },
    "help.grade_seed": {
        "de": "Zufallsstartwert der verdeckten Eingaben dieses Laufs (Standard: ein neuer)",
        "en": "seed for the hidden inputs of this run (default: a fresh one)",
    },
    "help.grade_no_sandbox": {
        "de": "ohne bubblewrap bewerten: der Code der Studierenden kann dann alles lesen und"
        " schreiben, was du kannst",
        "en": "grade without bubblewrap: student code can then read and write what you can",
    },
    "help.report": {
        "de": "alle Berichte aus einem gespeicherten Notenbuch neu erzeugen",
        "en": "re-render all reports from a stored gradebook",
    },
    "help.rules": {
        "de": "die Regelarten auflisten oder eine erklären",
        "en": "list the rule kinds, or explain one",
    },
    "help.rules_code": {
        "de": "Code (V100) oder Name (value-equal) einer Regel",
        "en": "a rule code (V100) or name (value-equal)",
    },
    "help.references": {
        "de": "die zwischengespeicherten Erwartungen aus den Musterlösungen neu erzeugen (womit"
        " jede Prüfung vergleicht)",
        "en": "rebuild the cached reference expectations (what every check compares with)",
    },
    "help.references_clear": {
        "de": "nur die zwischengespeicherten Erwartungen löschen",
        "en": "only remove the cached ones",
    },
    "help.kit": {
        "de": "ein Kit für die Studierenden bauen: Übungen und öffentliche Prüfungen, keine"
        " Lösungen",
        "en": "build a student kit: exercises and public checks, no solutions",
    },
    "help.kit_out": {
        "de": "der Ordner des Kits (wird angelegt)",
        "en": "the kit's folder (created)",
    },
    "help.kit_zip": {"de": "auch {out}.zip schreiben", "en": "also write {out}.zip"},
    "help.kit_no_wheel": {
        "de": "das Wheel des Graders nicht ins Kit legen",
        "en": "do not put the grader's wheel into the kit",
    },
    "help.exercise": {
        "de": "exercises/<Blatt>.ipynb aus reference/<Blatt>.ipynb erzeugen",
        "en": "generate exercises/<a>.ipynb from reference/<a>.ipynb",
    },
    "help.ci": {
        "de": "einen CI-Workflow für das Repository des Kurses ausgeben (er führt grader validate"
        " aus)",
        "en": "print a CI workflow for the course repository (runs grader validate)",
    },
    "help.ci_install": {
        "de": "was der Workflow mit pip installiert: ein Name, eine Git-URL oder . (Standard:"
        " {default})",
        "en": "what the workflow pip-installs: a name, a Git URL or . (default: {default})",
    },
    "help.ci_junit": {
        "de": "der Bericht, den er schreibt und aufbewahrt (Standard: {default})",
        "en": "the report it writes and keeps (default: {default})",
    },
    # -- the instructor's commands after grading -----------------------------------------------
    "help.export": {
        "de": "die Notendatei eines LMS für ein Blatt ausfüllen",
        "en": "fill an LMS's grade file for one assignment",
    },
    "help.export_assignment": {
        "de": "das Blatt, dessen Noten eingetragen werden",
        "en": "the assignment whose grades go in",
    },
    "help.export_moodle_worksheet": {
        "de": "die Bewertungstabelle von Moodle",
        "en": "Moodle's grading worksheet",
    },
    "help.export_canvas": {
        "de": "ein Export des Canvas-Notenbuchs",
        "en": "a Canvas gradebook export",
    },
    "help.export_ilias": {
        "de": "eine status.csv einer ILIAS-Übung",
        "en": "an ILIAS exercise status.csv",
    },
    "help.export_moodle_import": {
        "de": "eine neue CSV für Moodles „Bewertungen importieren“; die Personen erkennt Moodle an"
        " dieser Spalte der Kursliste",
        "en": "a new CSV for Moodle's 'Import grades', users identified by this roster column",
    },
    "help.export_output": {
        "de": "Standard: {out}/exports/<Dateiname>",
        "en": "default: {out}/exports/<file name>",
    },
    "help.export_column": {
        "de": "Canvas: der Spaltentitel des Blatts; Moodle-Import: die Bewertungsaktivität",
        "en": "Canvas: the assignment's column title; Moodle import: the grade item",
    },
    "help.export_scale": {
        "de": "wo die Höchstnote im LMS von der des Blatts abweicht, die Punkte darauf umrechnen"
        " (ohne diese Option wird so eine Datei abgelehnt)",
        "en": "where the LMS's maximum grade differs from the assignment's, scale the points to"
        " it (without it such a file is refused)",
    },
    "help.override": {
        "de": "die Punkte einer Aufgabe von Hand setzen (mit Begründung)",
        "en": "set a task's points by hand (with a reason)",
    },
    "help.override_points": {
        "de": "die Punkte, oder 'auto', um eine Änderung zurückzunehmen",
        "en": "the points, or 'auto' to withdraw an override",
    },
    "help.override_reason": {
        "de": "warum (wird den Studierenden gezeigt)",
        "en": "why (shown to the student)",
    },
    "help.flags": {
        "de": "auflisten, was zur Prüfung markiert wurde und noch offen ist",
        "en": "list what was flagged for review and is still open",
    },
    "help.flags_all": {"de": "auch die erledigten", "en": "also the resolved ones"},
    "help.resolve": {
        "de": "einen Prüfhinweis erledigen: akzeptieren oder die Punkte einer Aufgabe ändern",
        "en": "resolve a flag: accept it, or override a task",
    },
    "help.resolve_flag": {
        "de": "die Kennung des Hinweises aus `grader flags`",
        "en": "the flag's id from `grader flags`",
    },
    "help.resolve_accept": {"de": "die Punkte bleiben", "en": "the points stand"},
    "help.resolve_override": {
        "de": "der Aufgabe diese Punkte geben",
        "en": "give the task these points",
    },
    "help.resolve_reason": {"de": "warum", "en": "why"},
    "help.roster": {
        "de": "die Kursliste: wer jede Abgabe im LMS ist",
        "en": "the roster: who each submission is in the LMS",
    },
    "help.roster_import": {
        "de": "eine Kursliste (CSV) ins Notenbuch übernehmen",
        "en": "store a roster CSV in the gradebook",
    },
    "help.roster_file": {
        "de": "die Kursliste als CSV (mit einer Spalte student_id; siehe README)",
        "en": "the roster as a CSV file (with a student_id column; see README)",
    },
    "help.review": {
        "de": "eine lokale Webseite zum Durchsehen, Anpassen und Bewerten von Hand",
        "en": "a local web page to review, adjust and grade by hand",
    },
    "help.review_port": {"de": "Standard: ein freier Port", "en": "default: a free port"},
}
