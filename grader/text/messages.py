"""Every sentence a student or instructor reads, in German (the course language) and English.

Rules stay language-free: they return a ``Message`` (a catalogue key plus its parameters) and the
report layer renders it. Keeping all wording in one table makes it easy to review both languages
side by side, and a missing translation fails the test suite rather than a student's report.

A count says its noun in the number it needs: ``{n:Abgabe|Abgaben}`` is "1 Abgabe" and
"3 Abgaben" (the count, a space, then the word for one or for every other number: 0, 2, 0,5),
so that a sentence with several counts reads right for each of them. A sentence for one that
differs beyond its noun has its own key, ``<key>_one``.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from grader.text.messages_cli import ARGPARSE_MESSAGES, HELP_MESSAGES
from grader.text.messages_doctor import DOCTOR_MESSAGES
from grader.text.messages_integrity import INTEGRITY_MESSAGES
from grader.text.numbers import Count, Decimal, Number, Percent

LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class Message:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return render(self, lang)


def msg(key: str, **params: Any) -> Message:
    return Message(key, params)


CATALOGUE: dict[str, dict[str, str]] = {
    # -- overall status -------------------------------------------------------------------------
    "status.GRADED": {"de": "bewertet", "en": "graded"},
    "status.NOT_GRADABLE": {"de": "nicht bewertbar", "en": "not gradable"},
    "status.TIMEOUT": {"de": "Zeitlimit überschritten", "en": "time limit exceeded"},
    "status.RESOURCE_LIMIT": {
        "de": "Speicher- oder Rechenzeitlimit erreicht",
        "en": "memory or CPU limit reached",
    },
    "status.KERNEL_DIED": {"de": "Kernel abgestürzt", "en": "kernel died"},
    "status.GRADER_ERROR": {"de": "Fehler im Grader", "en": "grader error"},
    "status.PENDING": {"de": "wartet auf manuelle Bewertung", "en": "pending manual grading"},
    "status.NO_SUBMISSION": {"de": "keine Abgabe", "en": "no submission"},
    "task.passed": {"de": "bestanden", "en": "passed"},
    "task.partial": {"de": "teilweise", "en": "partial"},
    "task.failed": {"de": "nicht bestanden", "en": "failed"},
    "task.missing": {"de": "fehlt", "en": "missing"},
    "task.timeout": {"de": "Zeitlimit", "en": "timeout"},
    "task.kernel_died": {"de": "Kernel abgestürzt", "en": "kernel died"},
    "task.grader_error": {"de": "Fehler im Grader", "en": "grader error"},
    "visibility.public": {"de": "öffentlich", "en": "public"},
    "visibility.hidden": {"de": "verdeckt", "en": "hidden"},
    # -- report labels --------------------------------------------------------------------------
    "report.header": {
        "de": "Aufgabenblatt {assignment}: {notebook}",
        "en": "Assignment {assignment}: {notebook}",
    },
    "report.task": {"de": "Aufgabe", "en": "Task"},
    "report.points": {"de": "Punkte", "en": "Points"},
    "report.status": {"de": "Status", "en": "Status"},
    "report.total": {"de": "Summe", "en": "Total"},
    "report.total_of_graded": {
        "de": "{total} (Blätter mit Note: {n} von {of})",
        "en": "{total} (assignments with a grade: {n} of {of})",
    },
    "report.no_total": {
        "de": "– (noch kein Blatt mit Note)",
        "en": "– (no assignment has a grade yet)",
    },
    "report.lost": {"de": "Wo Punkte verloren gingen", "en": "Where points were lost"},
    "report.mistake": {"de": "wahrscheinlicher Fehler", "en": "likely mistake"},
    "report.checks_ran": {
        "de": "Geprüft: {public:öffentliche Prüfung|öffentliche Prüfungen} und {hidden} verdeckte (Zufallsstartwert {seed}).",
        "en": "Checked: {public:public check|public checks} and {hidden} hidden (random seed {seed}).",
    },
    "report.cell_errors": {"de": "Fehler beim Ausführen", "en": "Errors while running"},
    "report.cell_error": {
        "de": "Zelle {cell} ({task}): {error}",
        "en": "cell {cell} ({task}): {error}",
    },
    "report.all_points": {"de": "Alle Punkte erreicht.", "en": "All points earned."},
    "report.advice": {"de": "Hinweise", "en": "Advice"},
    "report.warnings": {"de": "Zur Prüfung markiert", "en": "Flagged for review"},
    "report.feedback": {"de": "Rückmeldung", "en": "Feedback"},
    # -- pictures (HTML reports) --------------------------------------------------------------
    "picture.curves": {"de": "Lernkurven", "en": "learning curves"},
    "picture.accuracy": {"de": "Genauigkeit (Accuracy)", "en": "Accuracy"},
    "picture.loss": {"de": "Verlust (Loss)", "en": "Loss"},
    "picture.epoch": {"de": "Epoche", "en": "epoch"},
    "picture.training": {"de": "Training", "en": "training"},
    "picture.validation": {"de": "Validierung", "en": "validation"},
    "picture.threshold": {"de": "Schwelle {value}", "en": "threshold {value}"},
    "picture.band": {
        "de": "Teilpunkte {zero}–{full}, volle ab {full}",
        "en": "partial points {zero}–{full}, full from {full}",
    },
    "picture.measured": {
        "de": "vom Grader gemessen (Testbilder): {value}",
        "en": "measured by the grader (test images): {value}",
    },
    "picture.arrays": {"de": "Gefundenes und erwartetes Array", "en": "Found and expected array"},
    "picture.found": {"de": "gefunden", "en": "found"},
    "picture.expected": {"de": "erwartet", "en": "expected"},
    "picture.channel": {"de": "Kanal [..., {index}]", "en": "channel [..., {index}]"},
    "picture.differs": {
        "de": "rot umrandet: die abweichenden Zellen ({n})",
        "en": "outlined in red: the cells that differ ({n})",
    },
    "summary.title": {"de": "Kursübersicht", "en": "Course summary"},
    "summary.counts": {
        "de": "{students:Studierende/r|Studierende}, {submissions:Abgabe|Abgaben}",
        "en": "{students:student|students}, {submissions:submission|submissions}",
    },
    "summary.attention": {"de": "Braucht Aufmerksamkeit", "en": "Needs attention"},
    "summary.submission": {"de": "Abgabe", "en": "Submission"},
    "summary.reason": {"de": "Grund", "en": "Reason"},
    "summary.not_placed": {"de": "nicht zugeordnet", "en": "not placed"},
    "summary.nothing": {"de": "Nichts.", "en": "Nothing."},
    "summary.tasks": {"de": "Aufgaben", "en": "Tasks"},
    "summary.assignment": {"de": "Blatt", "en": "Assignment"},
    "summary.average": {"de": "Mittel", "en": "Average"},
    "summary.pass_rate": {"de": "bestanden", "en": "Pass rate"},
    "summary.no_mistakes": {"de": "Keine benannten Fehler.", "en": "No named mistakes."},
    "summary.students": {"de": "Studierende", "en": "Students"},
    "tamper.given_changed": {
        "de": "Die vorgegebene Code-Zelle {cell} der Vorlage (`{line}`) wurde geändert oder gelöscht; ausgeführt wurde das Original.",
        "en": "Given code cell {cell} of the template (`{line}`) was changed or deleted; the original was run instead.",
    },
    "tamper.answer_missing": {
        "de": "Für Aufgabe {task} gibt es keine Antwortzelle (gelöscht oder in Markdown umgewandelt?).",
        "en": "Task {task} has no answer cell (deleted, or turned into Markdown?).",
    },
    "tamper.answer_duplicated": {
        "de": "Aufgabe {task} hat {n} Antwortzellen; alle liefen der Reihe nach, es zählt die letzte Definition.",
        "en": "Task {task} has {n} answer cells; all ran in order, and the last definition counts.",
    },
    "cli.internal_error": {
        "de": "interner Fehler ({error}). Das ist ein Fehler im Grader, nicht in deinem Notebook; bitte melde diese Zeile und den Befehl dem Kursteam (oder im Issue-Tracker des Graders). Mit --debug (oder {variable}=1) erscheinen die Einzelheiten.",
        "en": "internal error ({error}). This is a bug in the grader, not in your notebook; please report this line and the command you ran to your course team (or the grader's issue tracker). --debug (or {variable}=1) shows the details.",
    },
    # -- student kit (self-check without the solutions) ---------------------------------------
    "report.public_total": {"de": "Öffentlich", "en": "Public"},
    "report.kit_hidden": {
        "de": "Das waren nur die öffentlichen Prüfungen. Bei der Bewertung kommen noch hinzu: {checks:verdeckte Prüfung|verdeckte Prüfungen} ({points:Punkt|Punkte}); wie viele Punkte du insgesamt bekommst, kann diese Selbstprüfung nicht wissen.",
        "en": "These were the public checks only. Still to come at final grading: {checks:hidden check|hidden checks} ({points:point|points}); this self-check cannot know your total.",
    },
    "report.kit_no_hidden": {
        "de": "Das waren die öffentlichen Prüfungen; dieses Blatt hat keine verdeckten. Bei der Bewertung prüft der Grader dasselbe noch einmal selbst.",
        "en": "These were the public checks; this assignment has no hidden ones. Final grading checks the same again itself.",
    },
    "report.kit_no_hidden_model": {
        "de": "Das waren die öffentlichen Prüfungen; dieses Blatt hat keine verdeckten. Bei der Bewertung prüft der Grader dasselbe noch einmal selbst (dein Modell auch auf Bildern, die du nicht hast).",
        "en": "These were the public checks; this assignment has no hidden ones. Final grading checks the same again itself (your model also on images you do not have).",
    },
    "report.task_withheld": {
        "de": "+{points} P. in {checks:verdeckten Prüfung|verdeckten Prüfungen}",
        "en": "+{points:pt|pts} in {checks:hidden check|hidden checks}",
    },
    "report.kit_failed": {"de": "Was noch nicht stimmt", "en": "What is not right yet"},
    # -- a self-check's verdicts: only what the public checks know (issue 23) -----------------
    "task.unchecked": {"de": "nicht öffentlich geprüft", "en": "not checked publicly"},
    "task.unchecked_hidden": {
        "de": "nicht öffentlich geprüft ({checks} verdeckte Prüfungen)",
        "en": "not checked publicly ({checks} hidden checks)",
    },
    "task.unchecked_hidden_one": {
        "de": "nicht öffentlich geprüft (1 verdeckte Prüfung)",
        "en": "not checked publicly (1 hidden check)",
    },
    "task.shape_only": {"de": "nur die Form geprüft", "en": "only the shape checked"},
    "task.unanswered": {"de": "nicht beantwortet", "en": "not answered"},
    "task.cell_error": {"de": "Fehler in der Zelle", "en": "its cell raised an error"},
    "kit.task_passed": {
        "de": "`{name}` besteht die öffentlichen Prüfungen.",
        "en": "`{name}` passes the public checks.",
    },
    "kit.task_unchecked": {
        "de": "Keine öffentliche Prüfung: ob `{name}` stimmt, zeigt erst die Bewertung.",
        "en": "No public check: only the final grading tells whether `{name}` is right.",
    },
    "kit.task_shape_only": {
        "de": "Die Form von `{name}` stimmt; ob die Werte stimmen, prüft erst die Bewertung.",
        "en": "The shape of `{name}` is right; only the final grading checks its values.",
    },
    "kit.task_unanswered": {
        "de": "Noch nicht beantwortet: {where} wirft noch den `NotImplementedError` des Platzhalters. Ersetze ihn durch deine Lösung.",
        "en": "Not answered yet: {where} still raises the placeholder's `NotImplementedError`. Replace it with your solution.",
    },
    "kit.task_cell_error": {
        "de": "{where} bricht mit einem Fehler ab: {error}",
        "en": "{where} stops with an error: {error}",
    },
    "report.kit_to_fix": {
        "de": "Noch nicht fertig: {n} Aufgaben sind vor der Abgabe zu beheben (siehe unten).",
        "en": "Not done yet: {n} tasks to fix before you hand in (see below).",
    },
    "report.kit_to_fix_one": {
        "de": "Noch nicht fertig: eine Aufgabe ist vor der Abgabe zu beheben (siehe unten).",
        "en": "Not done yet: one task to fix before you hand in (see below).",
    },
    "report.kit_passed": {
        "de": "Alle öffentlichen Prüfungen bestanden, und keine Antwortzelle bricht mit einem Fehler ab.",
        "en": "Every public check passed, and no answer cell stops with an error.",
    },
    "report.kit_passed_unjudged": {
        "de": "Alle öffentlichen Prüfungen bestanden, und keine Antwortzelle bricht mit einem Fehler ab. {n} Aufgaben prüft diese Selbstprüfung nicht oder nur in der Form; ob sie stimmen, zeigt erst die Bewertung.",
        "en": "Every public check passed, and no answer cell stops with an error. {n} tasks this self-check does not check, or only their shape; only the final grading tells whether they are right.",
    },
    "report.kit_passed_unjudged_one": {
        "de": "Alle öffentlichen Prüfungen bestanden, und keine Antwortzelle bricht mit einem Fehler ab. Eine Aufgabe prüft diese Selbstprüfung nicht oder nur in der Form; ob sie stimmt, zeigt erst die Bewertung.",
        "en": "Every public check passed, and no answer cell stops with an error. One task this self-check does not check, or only its shape; only the final grading tells whether it is right.",
    },
    "report.all_points_pending_one": {
        "de": "Alle automatisch bewerteten Punkte erreicht; eine Aufgabe wartet auf die Bewertung durch die Lehrperson.",
        "en": "All automatically graded points earned; one task waits for the instructor's grading.",
    },
    "report.points_lost": {"de": "Nicht alle Punkte erreicht.", "en": "Not all points earned."},
    "report.all_points_pending": {
        "de": "Alle automatisch bewerteten Punkte erreicht; {n} Aufgaben warten auf die Bewertung durch die Lehrperson.",
        "en": "All automatically graded points earned; {n} tasks wait for the instructor's grading.",
    },
    "report.kit_checks_ran": {
        "de": "Selbstprüfung mit dem Kit: {public:öffentliche Prüfung|öffentliche Prüfungen}.",
        "en": "Self-check with the kit: {public:public check|public checks}.",
    },
    "kit.no_keras": {
        "de": "{assignment} prüft ein Keras-Modell, und in dieser Python-Umgebung ist kein Keras installiert. Die Selbstprüfung nimmt dein eigenes Keras 3 (sie installiert keins, um dein TensorFlow nicht zu ersetzen): installiere es dort, wo du das Notebook bearbeitest, z.B. pip install tensorflow.",
        "en": "{assignment} checks a Keras model, and this Python environment has no Keras. The self-check uses your own Keras 3 (it installs none, so as not to replace your TensorFlow): install it where you work on the notebook, e.g. pip install tensorflow.",
    },
    "kit.old_keras": {
        "de": "{assignment} prüft ein Keras-Modell, und diese Python-Umgebung hat Keras {version}; die Prüfung braucht Keras 3 (ab TensorFlow 2.16 dabei): pip install -U keras, oder eine Umgebung mit TensorFlow 2.16 oder neuer.",
        "en": "{assignment} checks a Keras model, and this Python environment has Keras {version}; the check needs Keras 3 (part of TensorFlow 2.16 and newer): pip install -U keras, or an environment with TensorFlow 2.16 or newer.",
    },
    "kit.unreadable": {
        "de": "{path}: kein lesbares Kit (neu herunterladen oder `grader kit` neu bauen lassen)",
        "en": "{path}: not a readable kit (download it again, or have it rebuilt with `grader kit`)",
    },
    "kit.unknown_assignment": {
        "de": "Das Kit kennt das Blatt {assignment} nicht (es kennt: {known}); nutze --assignment.",
        "en": "The kit does not know assignment {assignment} (it knows: {known}); use --assignment.",
    },
    "kit.data_missing": {
        "de": "{folder} gibt es noch nicht. Führe einmal in Python keras.datasets.fashion_mnist.load_data() aus (das lädt die Daten dorthin herunter) oder gib den Ordner an: --data {name}=ORDNER",
        "en": "{folder} does not exist yet. Run keras.datasets.fashion_mnist.load_data() once in Python (it downloads the data there), or name the folder: --data {name}=FOLDER",
    },
    "kit.other_version": {
        "de": "Hinweis: Das Kit wurde mit grader {kit} gebaut, hier läuft grader {grader}; die Ergebnisse können von der Bewertung abweichen.",
        "en": "Note: the kit was built with grader {kit}, this is grader {grader}; results may differ from the final grading.",
    },
    "kit.stale": {
        "de": "Hinweis: Die Referenz von {assignment} wurde geändert, seit das Kit gebaut wurde; baue es neu mit `grader kit`.",
        "en": "Note: the reference of {assignment} changed since the kit was built; rebuild it with `grader kit`.",
    },
    "kit.built": {
        "de": "{assignment}: {public:öffentliche Prüfung|öffentliche Prüfungen} mit gespeicherten Erwartungen, {hidden} verdeckte nur gezählt",
        "en": "{assignment}: {public:public check|public checks} with stored expectations, {hidden:hidden one|hidden ones} only counted",
    },
    "kit.inside_reference": {
        "de": "{path}: ein Kit darf nicht in reference/ liegen (dort stehen die Lösungen); wähle einen Ordner außerhalb",
        "en": "{path}: a kit must not lie inside reference/ (the solutions are there); choose a folder outside it",
    },
    "kit.wheel_at": {"de": "Wheel: {path}", "en": "wheel: {path}"},
    "kit.zip_at": {"de": "Zip-Datei: {path}", "en": "zip: {path}"},
    "kit.at": {"de": "Kit: {path}", "en": "kit: {path}"},
    "kit.no_wheel": {
        "de": "Kein Wheel gebaut (der Grader ist nicht aus seinem Quellbaum installiert); die Studierenden installieren ihn so, wie der Kurs ihn verteilt.",
        "en": "No wheel built (the grader is not installed from its source tree); students install it the way the course distributes it.",
    },
    "kit.readme_title": {
        "de": "Selbstprüfung für die Übungen",
        "en": "Self-check for the exercises",
    },
    "kit.readme_intro": {
        "de": "Dieses Kit prüft deine Notebooks mit den öffentlichen Prüfungen, bevor du sie abgibst. Es enthält keine Lösungen; die verdeckten Prüfungen laufen erst bei der Bewertung.",
        "en": "This kit checks your notebooks with the public checks before you hand them in. It holds no solutions; the hidden checks run at final grading only.",
    },
    "kit.readme_install": {
        "de": "Einmal installieren (Python {python}; pip installiert, was der Grader braucht, am besten in die virtuelle Umgebung, in der du die Übungen bearbeitest):",
        "en": "Install once (Python {python}; pip installs what the grader needs, best into the virtual environment you work on the exercises in):",
    },
    "kit.readme_check": {
        "de": "Ein Notebook prüfen (im Ordner des Kits):",
        "en": "Check a notebook (in the kit's folder):",
    },
    "kit.readme_in_notebook": {
        "de": "Oder im Notebook selbst, in einer eigenen Zelle (speichere vorher mit Strg+S):",
        "en": "Or inside the notebook, in a cell of its own (save first with Ctrl+S):",
    },
    "kit.readme_data": {
        "de": "Für 04 misst die Prüfung dein Modell auf den 10.000 Testbildern von Fashion-MNIST, die keras.datasets.fashion_mnist.load_data() nach ~/.keras/datasets/fashion-mnist lädt.",
        "en": "For 04 the check measures your model on Fashion-MNIST's 10,000 test images, which keras.datasets.fashion_mnist.load_data() puts in ~/.keras/datasets/fashion-mnist.",
    },
    "kit.readme_no_wheel": {
        "de": "Dieses Kit enthält das Wheel des Graders nicht: installiere die Datei {distribution}-….whl, die dein Kurs dazu ausgibt (pip install DATEI.whl). Nicht pip install grader: so heißt auf PyPI ein fremdes Paket.",
        "en": "This kit holds no grader wheel: install the {distribution}-….whl file your course hands out with it (pip install FILE.whl). Not pip install grader: that name on PyPI is someone else's package.",
    },
    "kit.readme_verdicts": {
        "de": 'Mit --lang en (oder check(lang="en")) kommt die Rückmeldung auf Englisch. Die Prüfung läuft nur die öffentlichen Prüfungen: „bestanden“ heißt, eine öffentliche Prüfung der Werte hat bestanden; „nur die Form geprüft“ und „nicht öffentlich geprüft“ sagen, dass erst die Bewertung weiß, ob es stimmt. Sie endet mit 0, wenn jede öffentliche Prüfung bestanden hat und keine Antwortzelle einen Fehler wirft oder unbeantwortet ist, sonst mit 1.',
        "en": 'With --lang en (or check(lang="en")) the feedback is in English. The check runs the public checks only: "passed" means a public check of the values passed; "only the shape checked" and "not checked publicly" say that only the final grading knows whether it is right. It exits 0 when every public check passed and no answer cell raises an error or is left unanswered, else 1.',
    },
    "kit.readme_assignments": {"de": "Enthaltene Blätter:", "en": "Assignments:"},
    "kit.readme_version": {
        "de": "Gebaut mit grader {version}.",
        "en": "Built with grader {version}.",
    },
    # -- checking inside the notebook -------------------------------------------------------------
    "notebook_check.no_notebook": {
        "de": 'Ich finde das Notebook nicht: speichere es und nenne es beim Aufruf, check(notebook="DATEI.ipynb").',
        "en": 'Cannot find the notebook: save it and name it in the call, check(notebook="FILE.ipynb").',
    },
    "notebook_check.running": {
        "de": "Prüfe {notebook} … (in einem eigenen Prozess; das dauert einige Sekunden, die Rückmeldung erscheint hier)",
        "en": "Checking {notebook} … (in a process of its own; this takes a few seconds, the feedback appears here)",
    },
    "notebook_check.unsaved": {
        "de": "Achtung: Dein Kernel hat seit dem letzten Speichern {n} Zellen ausgeführt, deren Code so nicht in der gespeicherten Datei steht. Geprüft wird die gespeicherte Datei: speichere (Strg+S) und prüfe noch einmal, sonst kann die Rückmeldung dem widersprechen, was dein Notebook zeigt.",
        "en": "Careful: since the last save your kernel ran {n} cells whose code the saved file does not hold. The check grades the saved file: save (Ctrl+S) and check again, or the feedback may contradict what your notebook shows.",
    },
    "notebook_check.unsaved_one": {
        "de": "Achtung: Dein Kernel hat seit dem letzten Speichern eine Zelle ausgeführt, deren Code so nicht in der gespeicherten Datei steht. Geprüft wird die gespeicherte Datei: speichere (Strg+S) und prüfe noch einmal, sonst kann die Rückmeldung dem widersprechen, was dein Notebook zeigt.",
        "en": "Careful: since the last save your kernel ran a cell whose code the saved file does not hold. The check grades the saved file: save (Ctrl+S) and check again, or the feedback may contradict what your notebook shows.",
    },
    "notebook_check.saved_at": {
        "de": "Geprüft wurde {notebook}, gespeichert um {time}. Hast du seitdem etwas geändert, speichere (Strg+S) und prüfe neu.",
        "en": "Checked {notebook} as saved at {time}. If you changed it since, save (Ctrl+S) and check again.",
    },
    # -- check() saves first where the front end allows it (helper C, issue 23) ----------------
    "notebook_check.saved_first": {
        "de": "Geprüft wurde {notebook}, eben vor der Prüfung gespeichert ({time}).",
        "en": "Checked {notebook}, saved just before the check ({time}).",
    },
    "notebook_check.failed": {
        "de": "Die Prüfung lief nicht durch ({error}).",
        "en": "The check did not run through ({error}).",
    },
    "cli.no_such_file": {"de": "{path}: diese Datei gibt es nicht", "en": "{path}: no such file"},
    "cli.is_folder": {
        "de": "{path} ist ein Ordner, kein Notebook; gib eines der Notebooks darin an ({notebooks})",
        "en": "{path} is a folder, not a notebook; name one of the notebooks in it ({notebooks})",
    },
    "cli.which_assignment": {
        "de": "{path}: weder der Dateiname noch die Metadaten sagen, zu welchem Blatt das Notebook gehört; gib es mit --assignment an (eines von {known})",
        "en": "{path}: neither its file name nor its metadata says which assignment this notebook is; give it with --assignment (one of {known})",
    },
    "cli.unknown_assignment": {
        "de": "--assignment {name}: dieses Blatt gibt es nicht (es gibt: {known})",
        "en": "--assignment {name}: no such assignment (there are: {known})",
    },
    "cli.no_course": {
        "de": "hier und darüber gibt es keinen Kursordner (einen Ordner mit reference/*.toml); gib ihn mit --course ORDNER an",
        "en": "no course folder found here or above (a folder with reference/*.toml); use --course DIR",
    },
    "cli.not_a_course": {
        "de": "{path}: kein Ordner reference/ darin; --course muss einen Kursordner nennen",
        "en": "{path}: no reference/ folder in it; --course must name a course folder",
    },
    "cli.no_course_or_kit": {
        "de": "hier und darüber gibt es keinen Kursordner (einen Ordner mit reference/*.toml) und kein Kit (kit.json), auch nicht beim Notebook; gib --course ORDNER oder --kit ORDNER an",
        "en": "no course folder found here or above (a folder with reference/*.toml), and no student kit (kit.json), also not beside the notebook; use --course DIR or --kit DIR",
    },
    "cli.not_a_kit": {
        "de": "{path}: keine kit.json darin; --kit muss einen Kit-Ordner nennen",
        "en": "{path}: no kit.json in it; --kit must name a student kit folder",
    },
    "sandbox.missing": {
        "de": "Hinweis: bubblewrap fehlt, dein Notebook läuft ohne Sandbox (nur mit Zeit- und Speicherlimits). Für eine Selbstprüfung genügt das.",
        "en": "Note: bubblewrap is missing, so your notebook runs without a sandbox (time and memory limits only). That is fine for a self-check.",
    },
    # -- files that cannot be graded --------------------------------------------------------------
    "file.unreadable": {
        "de": "{path}: kann nicht gelesen werden ({reason})",
        "en": "{path}: cannot be read ({reason})",
    },
    "file.not_regular": {
        "de": "{path}: keine normale Datei (Links, Ordner und Geräte werden nicht angenommen)",
        "en": "{path}: not a regular file (a link, folder or device is not accepted)",
    },
    "file.too_large": {
        "de": "{path}: {size} MB sind mehr als die erlaubten {limit} MB; lösche alle Ausgaben (Kernel > Restart & Clear Output) und speichere neu",
        "en": "{path}: {size} MB is larger than the limit of {limit} MB; clear all outputs (Kernel > Restart & Clear Output) and save again",
    },
    "file.empty": {"de": "{path}: die Datei ist leer", "en": "{path}: the file is empty"},
    "file.not_utf8": {
        "de": "{path}: keine UTF-8-Textdatei; speichere das Notebook in Jupyter neu",
        "en": "{path}: not a UTF-8 text file; save the notebook again from Jupyter",
    },
    "file.python_script": {
        "de": "{path}: ein Python-Skript, kein Jupyter-Notebook; gib die .ipynb-Datei ab (in Jupyter: File > Save Notebook; in Colab: Datei > Herunterladen > .ipynb)",
        "en": "{path}: a Python script, not a Jupyter notebook; hand in the .ipynb file (in Jupyter: File > Save Notebook; in Colab: File > Download > .ipynb)",
    },
    "file.is_folder": {
        "de": "{path}: ein Ordner, kein Notebook",
        "en": "{path}: a folder, not a notebook",
    },
    "file.not_json": {
        "de": "{path}: kein gültiges JSON (Zeile {line}, Spalte {column}: {detail}); die Datei ist beschädigt, speichere oder lade sie neu aus Jupyter",
        "en": "{path}: not valid JSON (line {line}, column {column}: {detail}); the file is damaged, save or download it again from Jupyter",
    },
    "file.not_notebook": {
        "de": "{path}: gültiges JSON, aber kein Jupyter-Notebook (kein Feld 'nbformat')",
        "en": "{path}: valid JSON, but not a Jupyter notebook (no 'nbformat' field)",
    },
    "file.bad_version": {
        "de": "{path}: Notebook-Format {version} wird nicht unterstützt (erwartet: 4)",
        "en": "{path}: notebook format version {version} is not supported (expected 4)",
    },
    "file.invalid": {
        "de": "{path}: kein gültiges Notebook: {detail}",
        "en": "{path}: not a valid notebook: {detail}",
    },
    "model.refused": {
        "de": "{path}: Modelldatei abgelehnt: {reason}",
        "en": "{path}: model file refused: {reason}",
    },
    "file.assignment_conflict": {
        "de": "{path}: der Dateiname sagt {by_name}, die Metadaten des Notebooks sagen {by_metadata}, und die Antwortzellen entscheiden es nicht; benenne die Datei nach dem Blatt, das sie wirklich löst (oder prüfe mit --assignment)",
        "en": "{path}: the file name says {by_name}, the notebook's metadata says {by_metadata}, and its answer cells do not settle it; name the file after the assignment it really answers (or check it with --assignment)",
    },
    "file.ambiguous": {
        "de": "{folder}: {n} Notebooks für {assignment} ({names}); behalte genau eines",
        "en": "{folder}: {n} notebooks for {assignment} ({names}); keep exactly one",
    },
    # -- Keras models ---------------------------------------------------------------------------
    "model.custom_layer_file": {
        "de": "nicht unterstützte eigene Schicht {layer}: der Grader führt deinen Code nicht aus, um sie zu laden; verwende Keras' eigene Schichten",
        "en": "unsupported custom layer {layer}: the grader does not run your code to load it; use Keras' own layers",
    },
    "model.foreign_activation": {
        "de": "Schicht {index} ({type} `{name}`): die Aktivierung ist die Funktion `{function}` (aus tf.nn oder einer anderen Bibliothek, nicht aus Keras), und die lädt Keras' safe mode nicht. Schreib activation=\"{fix}\" (Keras' eigene Aktivierung) und speichere das Modell neu",
        "en": "layer {index} ({type} `{name}`): its activation is the function `{function}` (from tf.nn or another library, not from Keras), which Keras' safe mode refuses to load. Write activation=\"{fix}\" (Keras' own activation) and save the model again",
    },
    "model.file_missing": {
        "de": "`{file}` fehlt neben dem Notebook: speichere das trainierte Modell bzw. die History dort und gib die Datei mit ab.",
        "en": "`{file}` is missing beside the notebook: save the trained model or history there and hand the file in.",
    },
    "model.not_saved": {
        "de": "`{name}` ließ sich nicht als .keras-Datei speichern: {error}",
        "en": "`{name}` could not be saved as a .keras file: {error}",
    },
    "model.not_loadable": {
        "de": "Das Modell `{name}` lässt sich mit Keras' safe mode nicht laden: {error}",
        "en": "The model `{name}` does not load with Keras' safe mode: {error}",
    },
    "model.cannot_build": {
        "de": "Das Modell `{name}` ließ sich nicht bauen: {error}",
        "en": "The model `{name}` could not be built: {error}",
    },
    "mistake.input_28": {
        "de": 'Eingabe (28, 28, 1) mit padding="valid": ein {kernel}-Kern trifft auf {maps}-Feature-Maps (bei LeNet-5 ist das C5). LeNet-5 erwartet 32x32-Bilder; dafür gibt es pad_to_32.',
        "en": 'input (28, 28, 1) with padding="valid": a {kernel} kernel meets {maps} feature maps (in LeNet-5 that is C5). LeNet-5 expects 32x32 inputs, which is why pad_to_32 exists.',
    },
    "mistake.input_28_built": {
        "de": "Eingabe (28, 28, 1): LeNet-5 nimmt 32x32-Bilder. Bring die Ziffern mit pad_to_32 auf 32x32 und baue das Modell für (32, 32, 1).",
        "en": "input (28, 28, 1): LeNet-5 takes 32x32 images. Pad the digits to 32x32 with pad_to_32 and build the model for (32, 32, 1).",
    },
    "mistake.maps_too_small": {
        "de": "Ein {kernel}-Kern trifft auf {maps}-Feature-Maps: davor sind die Maps kleiner geworden als der Kern. Prüfe Eingabeform, Pooling-Größen und Padding der Schichten davor.",
        "en": "A {kernel} kernel meets {maps} feature maps: the maps shrank below the kernel's size before it. Check the input shape, the pooling sizes and the padding of the layers before.",
    },
    "mistake.maps_too_small_unknown": {
        "de": "Eine Schicht bekommt Feature-Maps, die kleiner sind als ihr Kern. Prüfe Eingabeform, Pooling-Größen und Padding der Schichten davor.",
        "en": "A layer gets feature maps smaller than its kernel. Check the input shape, the pooling sizes and the padding of the layers before.",
    },
    "layers.ok": {
        "de": "Alle {n} Schichten entsprechen der Vorlage.",
        "en": "All {n} layers match the reference.",
    },
    "layers.partial": {
        "de": "Schichten, die stimmen: {matched} von {expected} (dein Modell hat {n:Schicht|Schichten}).",
        "en": "Layers that match: {matched} of {expected} (your model has {n:layer|layers}).",
    },
    "layers.differences": {"de": "{items}", "en": "{items}"},
    "layer.own": {
        "de": "Schicht {index}: deine eigene Schichtklasse {found}, erwartet {expected} (eine eigene Schicht gleicht keiner von Keras)",
        "en": "layer {index}: your own layer class {found}, expected {expected} (a layer of your own equals none of Keras')",
    },
    "layer.type": {
        "de": "Schicht {index}: {found}, erwartet {expected}",
        "en": "layer {index}: {found}, expected {expected}",
    },
    "layer.settings": {
        "de": "Schicht {index} ({type}): {settings}",
        "en": "layer {index} ({type}): {settings}",
    },
    "layer.setting": {
        "de": "{setting} {found}, erwartet {expected}",
        "en": "{setting} {found}, expected {expected}",
    },
    "layer.extra": {
        "de": "zusätzliche Schicht {index}: {found}",
        "en": "extra layer {index}: {found}",
    },
    "layer.missing": {
        "de": "fehlende Schicht {index} der Vorlage: {expected}",
        "en": "missing layer {index} of the reference: {expected}",
    },
    "input_params.ok": {
        "de": "Eingabe {shape} und {params} Parameter (aus den Gewichten gezählt) stimmen.",
        "en": "Input {shape} and {params} parameters (counted from the weights) are right.",
    },
    "input.wrong": {
        "de": "Eingabeform {found}, erwartet {expected}.",
        "en": "Input shape {found}, expected {expected}.",
    },
    "params.wrong": {
        "de": "{found} Parameter (aus den Gewichten gezählt), erwartet {expected}: mindestens eine Schicht hat andere Größen.",
        "en": "{found} parameters (counted from the weights), expected {expected}: at least one layer has other sizes.",
    },
    "compiled.ok": {
        "de": "Kompiliert mit {loss} und Accuracy.",
        "en": "Compiled with {loss} and accuracy.",
    },
    "compiled.not": {
        "de": "`{name}` wurde nicht kompiliert (model.compile fehlt).",
        "en": "`{name}` was not compiled (model.compile is missing).",
    },
    "compiled.loss": {
        "de": "Loss {found}, erwartet {expected} (die Labels sind ganze Zahlen, nicht one-hot).",
        "en": "Loss {found}, expected {expected} (the labels are integers, not one-hot).",
    },
    "compiled.metric": {
        "de": 'Keine Accuracy unter den Metriken ({found}); gib metrics=["accuracy"] an.',
        "en": 'No accuracy among the metrics ({found}); pass metrics=["accuracy"].',
    },
    "accuracy.full": {
        "de": "Vom Grader gemessene Genauigkeit {accuracy} auf {n} Testbildern (volle Punkte ab {full}).",
        "en": "Accuracy measured by the grader: {accuracy} on {n} test images (full points from {full}).",
    },
    "accuracy.partial": {
        "de": "Vom Grader gemessene Genauigkeit {accuracy} auf {n} Testbildern: Teilpunkte zwischen {zero} und {full}.",
        "en": "Accuracy measured by the grader: {accuracy} on {n} test images: partial points between {zero} and {full}.",
    },
    "accuracy.below": {
        "de": "Vom Grader gemessene Genauigkeit {accuracy} auf {n} Testbildern, unter {zero}: keine Punkte (Teilpunkte von {zero} bis {full}, volle ab {full}).",
        "en": "Accuracy measured by the grader: {accuracy} on {n} test images, below {zero}: no points (partial points from {zero} to {full}, full from {full}).",
    },
    "accuracy.test_fitted": {
        "de": "Genauigkeit {accuracy} auf den Testbildern, aber nur {check} auf {n} gleichartigen Bildern, die das Modell nie gesehen hat: wurde auf den Testbildern trainiert?",
        "en": "Accuracy {accuracy} on the test images but only {check} on {n} images of the same kind the model has never seen: was it trained on the test images?",
    },
    "accuracy.not_measured": {
        "de": "Die Genauigkeit ließ sich nicht messen: {error}",
        "en": "The accuracy could not be measured: {error}",
    },
    "accuracy.output_shape": {
        "de": "Keine Genauigkeit messbar: Das Modell gibt je Bild eine Ausgabe der Form {shape} "
        "statt einer Wahrscheinlichkeit je Klasse aus (fehlt ein Flatten vor den Dense-Schichten?).",
        "en": "No accuracy can be measured: the model answers each image with an output of shape "
        "{shape} instead of one probability per class (is a Flatten missing before the Dense "
        "layers?).",
    },
    "mistake.accuracy": {
        "de": "Lies die Lernkurven: liegt die Validierung weit unter dem Training, hilft Regularisierung (Dropout, Batch-Normalisierung, Augmentation, Early Stopping); sind beide niedrig, mehr Kapazität, mehr Epochen oder eine andere Lernrate.",
        "en": "Read the learning curves: validation far below training calls for regularisation (dropout, batch normalisation, augmentation, early stopping); both low calls for more capacity, more epochs or another learning rate.",
    },
    "mistake.accuracy_doctor": {
        "de": "Welcher Schritt dein Modell jetzt verbessert, steht bei der Auswertung deiner Lernkurven: Sie liest Training, Validierung und die Messung auf den Testbildern zusammen.",
        "en": "Which step improves your model now is said with the reading of your learning curves: it reads training, validation and the measurement on the test images together.",
    },
    "contract.ok": {
        "de": "Ein CNN mit passender Ein- und Ausgabe und {params} Parametern.",
        "en": "A CNN with the right input and output and {params} parameters.",
    },
    "contract.failed": {
        "de": "Das Modell erfüllt die Vorgaben nicht: {items}",
        "en": "The model breaks the rules: {items}",
    },
    "contract.conv": {
        "de": "{found:Conv2D-Schicht|Conv2D-Schichten}, mindestens {expected} verlangt",
        "en": "{found:Conv2D layer|Conv2D layers}, at least {expected} required",
    },
    "contract.input": {
        "de": "Eingabe {found}, verlangt {expected}",
        "en": "input {found}, required {expected}",
    },
    "contract.output": {
        "de": "Ausgabe {found}, verlangt {classes} Klassen mit softmax",
        "en": "output {found}, required {classes} classes with softmax",
    },
    "contract.params": {
        "de": "{found} Parameter, höchstens {limit} erlaubt",
        "en": "{found} parameters, at most {limit} allowed",
    },
    "history.ok": {
        "de": "`{file}` mit {epochs:Epoche|Epochen} gelesen. {reading}",
        "en": "Read `{file}` with {epochs:epoch|epochs}. {reading}",
    },
    "history.read": {
        "de": "`{file}` mit {epochs:Epoche|Epochen} gelesen.",
        "en": "Read `{file}` with {epochs:epoch|epochs}.",
    },
    "history.missing": {
        "de": "Keine Trainingshistorie neben dem Notebook: speichere History.history als `history.json` (angenommen werden: {files}) und gib die Datei mit ab.",
        "en": "No training history beside the notebook: save History.history as `history.json` (accepted: {files}) and hand the file in.",
    },
    "history.unreadable": {
        "de": "`{file}` ist nicht lesbar: {detail}",
        "en": "`{file}` cannot be read: {detail}",
    },
    "history.wrong": {"de": "`{file}`: {problem}", "en": "`{file}`: {problem}"},
    "history.not_dict": {
        "de": "erwartet wird History.history (ein Dictionary), gefunden {found}",
        "en": "History.history (a dictionary) is expected, found {found}",
    },
    "history.not_numbers": {
        "de": "`{series}` ist keine Liste von Zahlen",
        "en": "`{series}` is not a list of numbers",
    },
    "history.missing_keys": {
        "de": "es fehlt {keys}: wurde fit() mit validation_data aufgerufen?",
        "en": "{keys} is missing: was fit() given validation data?",
    },
    "history.lengths": {
        "de": "die Listen haben verschieden viele Epochen ({lengths})",
        "en": "the lists have different numbers of epochs ({lengths})",
    },
    "history.claim": {
        "de": "Die History nennt eine Validierungsgenauigkeit von {claimed}, der Grader misst am abgegebenen Modell {measured} auf {n} Testbildern.",
        "en": "The history claims a validation accuracy of {claimed}; the grader measures {measured} for the handed-in model on {n} test images.",
    },
    "curve.fine": {
        "de": "Die Lernkurven sehen gesund aus: Training {train}, Validierung {valid} nach {epochs:Epoche|Epochen}.",
        "en": "The learning curves look healthy: training {train}, validation {valid} after {epochs:epoch|epochs}.",
    },
    "regularisation.ok": {
        "de": "Regularisierung gefunden: {found}.",
        "en": "Regularisation found: {found}.",
    },
    "regularisation.none": {
        "de": "Keine Regularisierung gefunden, weder in {file} noch in deinen Zellen (Dropout, BatchNormalization, kernel_regularizer, Augmentation, EarlyStopping).",
        "en": "No regularisation found in {file} or in your cells (Dropout, BatchNormalization, kernel_regularizer, augmentation, EarlyStopping).",
    },
    "split.disjoint_ok": {
        "de": "{train} Trainings- und {valid} Validierungsbilder, ohne Überschneidung.",
        "en": "{train} training and {valid} validation images, no overlap.",
    },
    "split.format_ok": {
        "de": "Pixel in [0, 1], Form (n, 28, 28, 1).",
        "en": "Pixels in [0, 1], shape (n, 28, 28, 1).",
    },
    "split.disjoint_failed": {"de": "Aufteilung: {items}", "en": "Split: {items}"},
    "split.format_failed": {"de": "Datenformat: {items}", "en": "Data format: {items}"},
    "split.lengths": {
        "de": "{x} hat {nx} Bilder, {y} aber {ny} Labels",
        "en": "{x} has {nx} images but {y} has {ny} labels",
    },
    "split.overlap": {
        "de": "{share} der Validierungsbilder sind auch Trainingsbilder: die Validierung misst dann Auswendiglernen",
        "en": "{share} of the validation images are training images too: validation then measures memorising",
    },
    "split.shape": {
        "de": "{name} hat die Form {found}, erwartet {expected} (Kanalachse mit [..., np.newaxis] ergänzen)",
        "en": "{name} has shape {found}, expected {expected} (add the channel axis with [..., np.newaxis])",
    },
    "split.scale": {
        "de": "{name} hat Werte von {low} bis {high}: durch 255 teilen",
        "en": "{name} has values from {low} to {high}: divide by 255",
    },
    # -- answers ----------------------------------------------------------------------------------
    "answer.missing": {
        "de": "`{name}` ist nach dem Ausführen des Notebooks nicht definiert.",
        "en": "`{name}` is not defined after running the notebook.",
    },
    "answer.missing_cell_error": {
        "de": "`{name}` ist nicht definiert: die Antwortzelle, {cell}, brach ab: {error}",
        "en": "`{name}` is not defined: its answer cell, {cell}, stopped: {error}",
    },
    "answer.not_filled": {
        "de": "`{name}` fehlt: die Antwortzelle ist noch nicht ausgefüllt (sie endet mit raise NotImplementedError()).",
        "en": "`{name}` is missing: the answer cell is not filled in yet (it still raises NotImplementedError()).",
    },
    "answer.unsupported": {
        "de": "`{name}` hat den Typ {type}; erwartet wird eine Zahl, eine Liste oder ein numpy-Array.",
        "en": "`{name}` has type {type}; a number, a list or a numpy array is expected.",
    },
    "answer.not_callable": {
        "de": "`{name}` ist keine Funktion (Typ {type}).",
        "en": "`{name}` is not a function (type {type}).",
    },
    "answer.timeout": {
        "de": "Die Prüfung von `{name}` überschritt das Zeitlimit.",
        "en": "Checking `{name}` exceeded the time limit.",
    },
    "answer.kernel_died": {
        "de": "Der Kernel ist abgestürzt, bevor `{name}` geprüft werden konnte.",
        "en": "The kernel died before `{name}` could be checked.",
    },
    # -- failed cells: what went wrong, and where (cells counted from 1, as in Jupyter) --------
    # a cell as the student finds it: Markdown cells do not count, "[7]" is the execution count
    # Jupyter, VS Code and Colab show beside the cell (from the saved file, where no other has it)
    "cell.ref": {
        "de": "Code-Zelle {cell} (Aufgabe „{task}“)",
        "en": "code cell {cell} (task “{task}”)",
    },
    "cell.ref_count": {
        "de": "Code-Zelle {cell} (Aufgabe „{task}“, in deinem Notebook [{count}])",
        "en": "code cell {cell} (task “{task}”, [{count}] in your notebook)",
    },
    "cell.ref_plain": {"de": "Code-Zelle {cell}", "en": "code cell {cell}"},
    "cell.ref_plain_count": {
        "de": "Code-Zelle {cell} (in deinem Notebook [{count}])",
        "en": "code cell {cell} ([{count}] in your notebook)",
    },
    "error.module_missing": {
        "de": "das Modul `{module}` ist in der Bewertungsumgebung nicht installiert (ModuleNotFoundError). Gibt es das Modul in deinem Kurs-Jupyter, sag dem Kursteam Bescheid, damit es ergänzt wird; sonst prüfe die Schreibweise",
        "en": "the module `{module}` is not installed in the grading environment (ModuleNotFoundError). If your course Jupyter has it, tell your course team so that it can be added; otherwise check the spelling",
    },
    "error.module_missing_brief": {
        "de": "das Modul `{module}` ist in der Bewertungsumgebung nicht installiert",
        "en": "the module `{module}` is not installed in the grading environment",
    },
    "error.cell_timeout": {
        "de": "die Zelle lief länger als {seconds} s und wurde abgebrochen",
        "en": "the cell ran longer than {seconds} s and was stopped",
    },
    "error.after_failed_cell": {
        "de": "`{name}` ist nicht definiert, weil {cell} vorher abbrach: {cause}",
        "en": "`{name}` is not defined because {cell} failed before: {cause}",
    },
    "problem.resource_limit": {
        "de": "{cell} stieß an ein Speicher-, Prozess- oder Dateigrößenlimit; die Aufgaben danach wurden trotzdem bewertet.",
        "en": "{cell} hit a memory, process or file size limit; the tasks after it were graded all the same.",
    },
    "problem.cell_timeout": {
        "de": "{cell} lief länger als {seconds} s und wurde abgebrochen; die übrigen Aufgaben wurden trotzdem bewertet.",
        "en": "{cell} ran longer than {seconds} s and was stopped; the other tasks were graded all the same.",
    },
    "problem.notebook_timeout": {
        "de": "Das Notebook lief länger als {seconds} s; was danach kam, wurde nicht mehr ausgeführt.",
        "en": "The notebook ran longer than {seconds} s; what came after that did not run.",
    },
    # -- value checks -----------------------------------------------------------------------------
    "value.ok": {"de": "`{name}` stimmt.", "en": "`{name}` is correct."},
    "value.wrong": {
        "de": "`{name}` stimmt nicht. Erwartet: {expected}; gefunden: {found}.",
        "en": "`{name}` is wrong. Expected: {expected}; found: {found}.",
    },
    "value.differs": {
        "de": "`{name}` hat die erwartete {shape}, aber andere Werte: an Position {position} steht {found_at} statt {expected_at}. Erwartet: {expected}; gefunden: {found}.",
        "en": "`{name}` has the expected {shape} but other values: at position {position} it has {found_at} instead of {expected_at}. Expected: {expected}; found: {found}.",
    },
    "value.differs_hidden": {
        "de": "`{name}` hat die erwartete {shape}, aber andere Werte (die erwarteten zeigt diese verdeckte Prüfung nicht). Gefunden: {found}.",
        "en": "`{name}` has the expected {shape} but other values (this hidden check does not show the expected ones). Found: {found}.",
    },
    "value.wrong_hidden": {
        "de": "`{name}` stimmt nicht: {found} ist nicht der erwartete Wert (diese verdeckte Prüfung zeigt ihn nicht).",
        "en": "`{name}` is wrong: {found} is not the expected value (this hidden check does not show it).",
    },
    "value.wrong_kind": {
        "de": "`{name}` stimmt nicht: erwartet wird {expected}, gefunden wurde {found}.",
        "en": "`{name}` is wrong: {expected} is expected, found was {found}.",
    },
    "shape.ok": {
        "de": "`{name}` hat die erwartete Form {shape}.",
        "en": "`{name}` has the expected shape {shape}.",
    },
    "shape.wrong": {
        "de": "`{name}` hat die Form {found}, erwartet {expected}.",
        "en": "`{name}` has shape {found}, expected {expected}.",
    },
    "describe.array": {"de": "ein Array der Form {shape}", "en": "an array of shape {shape}"},
    "describe.shape": {"de": "Form {shape}", "en": "shape {shape}"},
    "describe.length": {"de": "Länge {n}", "en": "length {n}"},
    "describe.integer": {"de": "eine ganze Zahl", "en": "an integer"},
    "describe.number": {"de": "eine Zahl", "en": "a number"},
    "describe.list": {
        "de": "eine Liste mit {n:Eintrag|Einträgen}",
        "en": "a list of {n:entry|entries}",
    },
    "describe.text": {"de": "ein Text", "en": "a text"},
    # -- function checks --------------------------------------------------------------------------
    "cases.ok": {
        "de": "`{function}` stimmt in allen {n} Fällen ({group}).",
        "en": "`{function}` is right in all {n} cases ({group}).",
    },
    "cases.wrong": {
        "de": "`{function}` ist in {failed} von {n} Fällen falsch ({group}). Beispiel: {example}",
        "en": "`{function}` is wrong in {failed} of {n} cases ({group}). Example: {example}",
    },
    "cases.example_public": {
        "de": "{call} sollte {expected} ergeben, ergab aber {found}",
        "en": "{call} should give {expected} but gave {found}",
    },
    "cases.example_public_differs": {
        "de": "{call} ergab die richtige {shape}, aber an Position {position} {found_at} statt {expected_at}: erwartet {expected}, ergeben {found}",
        "en": "{call} gave the right {shape} but {found_at} instead of {expected_at} at position {position}: expected {expected}, got {found}",
    },
    "cases.example_hidden": {
        "de": "{call} ergab {found}; erwartet war {expected}",
        "en": "{call} gave {found}; expected was {expected}",
    },
    "cases.example_hidden_number": {
        "de": "{call} ergab {found}, nicht den erwarteten Wert",
        "en": "{call} gave {found}, not the expected value",
    },
    "cases.example_hidden_differs": {
        "de": "{call} ergab die richtige {shape}, aber an Position {position} einen anderen Wert ({found_at})",
        "en": "{call} gave the right {shape} but another value at position {position} ({found_at})",
    },
    "cases.raised": {"de": "Fehler {error}", "en": "error {error}"},
    "cases.not_implemented": {
        "de": "`{function}` ist noch nicht ausgefüllt (NotImplementedError).",
        "en": "`{function}` is not filled in yet (NotImplementedError).",
    },
    # -- source checks ----------------------------------------------------------------------------
    "source.clean": {
        "de": "`{function}` verwendet keine Bibliotheksfunktion für {what}.",
        "en": "`{function}` uses no library function for {what}.",
    },
    "source.banned": {
        "de": "`{function}` soll {what} von Hand berechnen, ruft aber {call} auf{via}. Deshalb 0 Punkte für diese Aufgabe.",
        "en": "`{function}` must compute {what} by hand but calls {call}{via}. This task therefore scores 0.",
    },
    "source.via": {
        "de": " (über die Hilfsfunktion `{helper}`)",
        "en": " (through the helper `{helper}`)",
    },
    "source.not_defined": {
        "de": "Keine Definition von `{function}` im Notebook gefunden.",
        "en": "No definition of `{function}` found in the notebook.",
    },
    "what.convolution": {"de": "die Faltung", "en": "the convolution"},
    "what.pooling": {"de": "das Pooling", "en": "the pooling"},
    # -- named mistakes ---------------------------------------------------------------------------
    "mistake.flipped-kernel": {
        "de": "Der Kernel wurde gespiegelt (echte Faltung statt Kreuzkorrelation). Keras' Conv2D spiegelt nicht: rechne sum(image[i+a, j+b] * kernel[a, b]).",
        "en": "The kernel was flipped (true convolution instead of cross-correlation). Keras' Conv2D does not flip: compute sum(image[i+a, j+b] * kernel[a, b]).",
    },
    "mistake.transposed": {
        "de": "Das Ergebnis ist transponiert: Zeilen und Spalten sind vertauscht.",
        "en": "The result is transposed: rows and columns are swapped.",
    },
    "mistake.channels-first": {
        "de": "Die Kanäle stehen vorne (channels-first). Keras erwartet channels-last: (Höhe, Breite, Kanäle), z.B. mit np.stack(..., axis=-1).",
        "en": "The channels come first. Keras expects channels-last: (height, width, channels), e.g. np.stack(..., axis=-1).",
    },
    "mistake.output-size": {
        "de": "Die Ausgabe ist um {delta} zu {direction} ({found} statt {expected}): prüfe die Rechnung mit Padding und Stride, (n + 2p - f) // s + 1.",
        "en": "The output is {delta} too {direction} ({found} instead of {expected}): check the padding/stride arithmetic, (n + 2p - f) // s + 1.",
    },
    "mistake.one-kernel-dimension": {
        "de": "Die Ausgabe hat die Form {found}, als wäre der Kernel {k}x{k}: für beide Achsen wurde eine Kernel-Dimension ({used}) benutzt, was nur für quadratische Kernel stimmt. Nimm k_h, k_w = kernel.shape und rechne Höhe und Breite getrennt.",
        "en": "The output has shape {found}, as if the kernel were {k}x{k}: one kernel dimension ({used}) was used for both axes, which is right for square kernels only. Take k_h, k_w = kernel.shape and compute height and width apart.",
    },
    "mistake.off-by-one": {
        "de": "Das Ergebnis ist um {delta} zu {direction}: typischer Fehler bei Padding/Stride (das +1 oder das 2p vergessen?).",
        "en": "The result is {delta} too {direction}: a typical padding/stride slip (forgot the +1 or the 2p?).",
    },
    "mistake.too_large": {"de": "groß", "en": "large"},
    "mistake.too_small": {"de": "klein", "en": "small"},
    "mistake.bias-forgotten": {
        "de": "Der Bias wurde vergessen: jeder Filter bzw. jedes Neuron hat zusätzlich einen Bias-Parameter.",
        "en": "The bias was forgotten: every filter or unit has one bias parameter as well.",
    },
    "mistake.channels-forgotten": {
        "de": "Die Eingabekanäle wurden vergessen: ein Filter hat f_h * f_w * c_in Gewichte, nicht nur f_h * f_w.",
        "en": "The input channels were forgotten: a filter has f_h * f_w * c_in weights, not just f_h * f_w.",
    },
    "mistake.pool-rounded-up": {
        "de": "Beim Pooling wurde aufgerundet (z.B. 7 -> 4 statt 3), und damit ist alles danach zu groß, bis zu den Gewichten der ersten Dense-Schicht. MaxPooling2D mit padding='valid' rundet ab.",
        "en": "Pooling was rounded up (e.g. 7 -> 4 instead of 3), so everything after it is too large, up to the weights of the first Dense layer. MaxPooling2D with padding='valid' rounds down.",
    },
    "mistake.shifted-by-one": {
        "de": "Die Einträge sind um eine Schicht verschoben: jede Schicht (auch parameterfreie wie Pooling, Flatten, Dropout) braucht einen eigenen Eintrag.",
        "en": "The entries are shifted by one layer: every layer (also parameter-free ones such as pooling, flatten, dropout) needs its own entry.",
    },
    "mistake.sum-of-own-list": {
        "de": "Die Summe passt zu deiner eigenen Liste `{list}`; der Fehler steckt also in den Einträgen dieser Liste.",
        "en": "The total matches your own list `{list}`, so the mistake is in that list's entries.",
    },
    "mistake.sum-of-own-list-named": {
        "de": "Die Summe passt zu deiner eigenen Liste `{list}`; der Fehler steckt in deren Einträgen: {mistake}",
        "en": "The total matches your own list `{list}`, so the mistake is in its entries: {mistake}",
    },
    "mistake.wrong-pool-mode": {
        "de": "Die Betriebsart ist vertauscht: mode='max' nimmt das Maximum, mode='mean' den Mittelwert des Fensters.",
        "en": "The mode is mixed up: mode='max' takes the window's maximum, mode='mean' its mean.",
    },
    # -- validation -------------------------------------------------------------------------------
    # grader validate: what it says of the course's kernel and of each assignment
    "validate.kernel_ok": {
        "de": "ok    Kernel: {file}: {n:Paket lässt|Pakete lassen} sich {where} importieren",
        "en": "ok    kernel: {file}: {n:package imports|packages import} {where}",
    },
    "validate.kernel_failed": {"de": "FAIL  Kernel ({file})", "en": "FAIL  kernel ({file})"},
    "validate.in_sandbox": {"de": "in der Bewertungs-Sandbox", "en": "in the grading sandbox"},
    "validate.in_kernel": {
        "de": "in einem Bewertungskernel (ohne Sandbox)",
        "en": "in a grading kernel (no sandbox)",
    },
    "validate.package": {
        "de": "das Paket '{name}' lässt sich {where} nicht importieren ({error}); installiere es in das Python des Graders ({pip} install ...) oder entferne es aus course.toml",
        "en": "package '{name}' does not import {where} ({error}); install it into the grader's Python ({pip} install ...) or remove it from course.toml",
    },
    "validate.ok": {
        "de": "ok    {assignment}: Referenz {reference}/{max}, leeres Übungsnotebook {exercise}",
        "en": "ok    {assignment}: reference {reference}/{max}, blank exercise {exercise}",
    },
    "validate.ok_manual": {
        "de": "ok    {assignment}: Referenz {reference}/{max} ({manual:Punkt|Punkte} von Hand bewertet), leeres Übungsnotebook {exercise}",
        "en": "ok    {assignment}: reference {reference}/{max} ({manual:point|points} graded by hand), blank exercise {exercise}",
    },
    "validate.failed": {"de": "FAIL  {assignment}", "en": "FAIL  {assignment}"},
    "validate.check_problem": {
        "de": "Prüfung {check}: {problem}",
        "en": "check {check}: {problem}",
    },
    "validate.reference": {"de": "Referenz", "en": "reference"},
    "validate.exercise": {"de": "Übungsnotebook", "en": "exercise"},
    "validate.no_answer_cell": {
        "de": "{notebook}: Aufgabe '{task}' hat keine Antwortzelle",
        "en": "{notebook}: task '{task}' has no answer cell",
    },
    "validate.unknown_task": {
        "de": "{notebook}: eine Zelle nennt die unbekannte Aufgabe '{task}'",
        "en": "{notebook}: cell names unknown task '{task}'",
    },
    "validate.given_differ": {
        "de": "die vorgegebenen Zellen von Übungsnotebook und Referenz unterscheiden sich (vorgegebene Zelle #{index}); neu erzeugen mit `grader exercise {assignment}`",
        "en": "given cells of exercise and reference differ (given cell #{index}); regenerate with `grader exercise {assignment}`",
    },
    "validate.no_text_placeholder": {
        "de": "Übungsnotebook: die Markdown-Antwortzelle der Aufgabe '{task}' hat keinen Platzhalter '{placeholder}'",
        "en": "exercise: Markdown answer cell of task '{task}' has no '{placeholder}' placeholder",
    },
    "validate.no_placeholder": {
        "de": "Übungsnotebook: die Antwortzelle der Aufgabe '{task}' hat keinen Platzhalter `raise NotImplementedError()`",
        "en": "exercise: answer cell of task '{task}' has no `raise NotImplementedError()` placeholder",
    },
    "validate.not_graded": {
        "de": "{notebook}: {status}: {problem}",
        "en": "{notebook}: {status}: {problem}",
    },
    "validate.reference_short": {
        "de": "die Referenz erreicht nicht alle Punkte: {lost}",
        "en": "reference does not score full marks: {lost}",
    },
    "validate.task_points": {"de": "{task} {points}/{max}", "en": "{task} {points}/{max}"},
    "validate.exercise_earns": {
        "de": "das leere Übungsnotebook erhält Punkte: {earned}",
        "en": "blank exercise earns points: {earned}",
    },
    "validate.task_earned": {"de": "{task} {points}", "en": "{task} {points}"},
    "validate.not_checked": {
        "de": "{notebook}: nicht geprüft ({status})",
        "en": "{notebook}: not checked ({status})",
    },
    "validate.reference_earns": {
        "de": "die Referenz erhält {points}/{max}",
        "en": "the reference earns {points}/{max}",
    },
    "validate.reference_earns_why": {
        "de": "die Referenz erhält {points}/{max}: {why}",
        "en": "the reference earns {points}/{max}: {why}",
    },
    "validate.exercise_earns_check": {
        "de": "das leere Übungsnotebook erhält {points}",
        "en": "the blank exercise earns {points}",
    },
    # -- free-text answers graded by the instructor (manual tasks) ------------------------------
    "task.pending": {"de": "wartet auf Bewertung", "en": "pending manual grading"},
    "report.pending": {
        "de": "Wartet auf die Punkte der Lehrperson (die Summe ist bis dahin unvollständig)",
        "en": "Waiting for the instructor's points (the total is incomplete until then)",
    },
    "free_text.pending": {
        "de": "Antwort abgegeben ({words:Wort|Wörter}); die Punkte vergibt die Lehrperson.",
        "en": "Answer handed in ({words:word|words}); the instructor awards the points.",
    },
    "free_text.pending_short": {
        "de": "Antwort abgegeben, kürzer als erwartet ({words:Wort|Wörter}, erwartet sind mindestens {min_words}); die Punkte vergibt die Lehrperson.",
        "en": "Answer handed in, shorter than expected ({words:word|words}, at least {min_words} expected); the instructor awards the points.",
    },
    "free_text.missing": {
        "de": "Keine Antwort: die Antwortzelle enthält noch den Platzhalter oder ist leer.",
        "en": "No answer: the answer cell still holds the placeholder or is empty.",
    },
    "free_text.no_cell": {
        "de": "Keine Antwortzelle gefunden (als Code-Zelle umgewandelt oder gelöscht?); die Antwort gehört in die Markdown-Zelle unter der Frage.",
        "en": "No answer cell found (turned into a code cell, or deleted?); the answer belongs in the Markdown cell below the question.",
    },
    # -- instructor's adjustments in the reports, and the course summary per assignment --------
    "task.adjusted": {"de": "von der Lehrperson bewertet", "en": "graded by the instructor"},
    "report.adjusted": {
        "de": "Angepasst durch die Lehrperson: {reason} (automatisch: {automatic})",
        "en": "Adjusted by the instructor: {reason} (automatic: {automatic})",
    },
    "report.incomplete": {
        "de": "unvollständig: wartet auf die Bewertung durch die Lehrperson",
        "en": "incomplete: waiting for the instructor's grading",
    },
    "report.rank": {
        "de": "Bestenliste: Platz {rank} von {of} (vom Grader gemessene Testgenauigkeit {accuracy}).",
        "en": "Leaderboard: rank {rank} of {of} (test accuracy measured by the grader: {accuracy}).",
    },
    "summary.max": {"de": "höchstens {max} Punkte", "en": "at most {max} points"},
    "summary.graded_of": {
        "de": "{graded} von {submissions:Abgabe|Abgaben} bewertet",
        "en": "{graded} of {submissions:submission|submissions} graded",
    },
    "summary.complete_of": {
        "de": "{complete} von {graded} vollständig",
        "en": "{complete} of {graded} complete",
    },
    "summary.bin": {
        "de": "{low} bis unter {high:Punkt|Punkte}: {n}",
        "en": "{low} to under {high:point|points}: {n}",
    },
    "summary.bin_full": {"de": "volle Punktzahl ({max}): {n}", "en": "full marks ({max}): {n}"},
    "summary.mean": {"de": "Mittelwert", "en": "Mean"},
    "summary.median": {"de": "Median", "en": "Median"},
    "summary.distribution_of": {
        "de": "Punkteverteilung (0 bis {max}, vollständige Abgaben)",
        "en": "Score distribution (0 to {max}, complete submissions)",
    },
    "summary.no_complete": {
        "de": "Noch keine vollständig bewertete Abgabe.",
        "en": "No completely graded submission yet.",
    },
    "summary.who": {"de": "wer", "en": "who"},
    "summary.mistakes_by_students": {
        "de": "Benannte Fehler (gezählt nach Studierenden)",
        "en": "Named mistakes (counted by students)",
    },
    "summary.open_flags": {"de": "Offene Prüfhinweise", "en": "Open flags"},
    "summary.pending": {
        "de": "Wartet auf manuelle Bewertung",
        "en": "Pending manual grading",
    },
    "summary.second_looks": {
        "de": "Anpassungen für einen zweiten Blick (neu bewertet seit der Anpassung)",
        "en": "Adjustments for a second look (regraded since they were entered)",
    },
    "summary.second_look_detail": {
        "de": "automatisch jetzt {automatic}, angepasst {points}",
        "en": "automatic now {automatic}, adjusted {points}",
    },
    "summary.leaderboard": {"de": "Bestenliste (anonym)", "en": "Leaderboard (anonymous)"},
    "summary.leaderboard_note": {
        "de": "Die vom Grader gemessene Testgenauigkeit der abgegebenen Modelle, ohne Namen: jede und jeder sieht den eigenen Platz auf der eigenen Seite. Architektur, Parameter und Regularisierung ausprobieren, um die Validierung zu schlagen.",
        "en": "The test accuracy the grader measured for each handed-in model, without names: each student sees their own rank on their own page. Try architectures, parameters and regularisation to beat the validation results.",
    },
    "summary.rank": {"de": "Platz", "en": "Rank"},
    "summary.accuracy": {"de": "Testgenauigkeit", "en": "Test accuracy"},
    "summary.under_review": {"de": "in Prüfung", "en": "under review"},
    "summary.student": {"de": "Studierende/r", "en": "Student"},
    "summary.downloads": {"de": "Dateien", "en": "Files"},
    "summary.long_csv": {
        "de": "eine Zeile je Aufgabe, mit Anpassungen",
        "en": "one row per task, with adjustments",
    },
    "summary.wide_csv": {
        "de": "eine Zeile je Studierende/r, Punkte je Blatt",
        "en": "one row per student, points per assignment",
    },
    "summary.export_hint": {
        "de": "Noten ins LMS: grader export OUT --assignment A --moodle-worksheet DATEI (oder --canvas, --ilias, --moodle-import email); Anpassen und manuell bewerten: grader review OUT.",
        "en": "Grades into the LMS: grader export OUT --assignment A --moodle-worksheet FILE (or --canvas, --ilias, --moodle-import email); adjust and grade by hand: grader review OUT.",
    },
    "summary.export_current": {
        "de": "{assignment}, erstellt {at}; die Noten sind seitdem unverändert",
        "en": "{assignment}, made {at}; the grades have not changed since",
    },
    "summary.export_stale": {
        "de": "VERALTET: Die Noten von {assignment} haben sich seit diesem Export ({at}) geändert. Nicht hochladen, sondern neu exportieren.",
        "en": "STALE: the grades of {assignment} changed after this export ({at}). Do not upload it; export again.",
    },
    "summary.export_unknown": {
        "de": "Woraus diese Datei gemacht wurde, ist nicht festgehalten: ob sie aktuell ist, ist unbekannt.",
        "en": "What this file was made from is not recorded: whether it is current is unknown.",
    },
    "summary.not_in_roster": {
        "de": "Die Kursliste kennt diese Abgabe nicht: sie fehlt in den LMS-Dateien, bis sie in der Kursliste steht.",
        "en": "The roster does not know this submission: it is left out of the LMS files until the roster lists it.",
    },
    "summary.roster": {"de": "nicht in der Kursliste", "en": "not in the roster"},
    # why discovery placed a file nowhere: the key is "unplaced." + the reason it stores
    "unplaced.unknown file": {"de": "unbekannte Datei", "en": "unknown file"},
    "unplaced.not a student folder": {
        "de": "kein Ordner einer oder eines Studierenden",
        "en": "not a student folder",
    },
    "unplaced.not a regular file (a link or folder is not accepted)": {
        "de": "keine gewöhnliche Datei (ein Link oder Ordner wird nicht angenommen)",
        "en": "not a regular file (a link or folder is not accepted)",
    },
    "unplaced.notebook of no known assignment": {
        "de": "Notebook keines bekannten Blatts",
        "en": "notebook of no known assignment",
    },
    # -- the review page (grader review) ---------------------------------------------------------
    "review.title": {"de": "Durchsicht und Bewertung", "en": "Review and grading"},
    "review.overview": {"de": "Übersicht", "en": "Overview"},
    "review.flags": {"de": "Offene Prüfhinweise", "en": "Open flags"},
    "review.manual": {"de": "Manuell zu bewerten", "en": "Manual grading"},
    "review.counts": {
        "de": "{submissions:Abgabe|Abgaben}, {flags:offener Prüfhinweis|offene Prüfhinweise}, {pending:Aufgabe wartet|Aufgaben warten} auf Bewertung.",
        "en": "{submissions:submission|submissions}, {flags:open flag|open flags}, {pending:task|tasks} waiting for grading.",
    },
    "review.open": {"de": "Offen", "en": "Open"},
    "review.n_flags": {"de": "{n:Prüfhinweis|Prüfhinweise}", "en": "{n:flag|flags}"},
    "review.n_second_looks": {
        "de": "{n:zweiter Blick|zweite Blicke}",
        "en": "{n:second look|second looks}",
    },
    "review.saved": {"de": "Gespeichert: {what}.", "en": "Saved: {what}."},
    "review.problem": {"de": "Nicht gespeichert: {problem}", "en": "Not saved: {problem}"},
    "review.points": {
        "de": "Punkte (0 bis {max}, oder auto)",
        "en": "Points (0 to {max}, or auto)",
    },
    "review.points_plain": {"de": "Punkte", "en": "Points"},
    "review.reason": {
        "de": "Begründung bzw. Kommentar (sieht die/der Studierende)",
        "en": "Reason or comment (the student sees it)",
    },
    "review.save": {"de": "Speichern", "en": "Save"},
    "review.current": {"de": "Bewertet: {points}/{max}", "en": "Graded: {points}/{max}"},
    "review.answer": {"de": "Antwort", "en": "Answer"},
    # a code cell as the student's feedback names it (cell.ref_plain): its number among the code
    # cells, and the execution count the file shows beside it
    "review.cell": {"de": "Code-Zelle {index}", "en": "Code cell {index}"},
    "review.cell_count": {
        "de": "Code-Zelle {index} (im Notebook [{count}])",
        "en": "Code cell {index} ([{count}] in the notebook)",
    },
    "review.other_cells": {"de": "Weitere Code-Zellen", "en": "Other code cells"},
    "review.file_problem": {
        "de": "Die Abgabe lässt sich nicht mehr lesen: {problem}",
        "en": "The submission cannot be read any more: {problem}",
    },
    "review.second_look": {
        "de": "Neu bewertet seit der Anpassung: automatisch jetzt {automatic}. Bitte prüfen und bestätigen oder ändern.",
        "en": "Regraded since it was adjusted: automatic now {automatic}. Check it, then confirm or change it.",
    },
    "review.decision": {"de": "Entscheidung", "en": "Decision"},
    "review.accept": {"de": "akzeptieren (Punkte bleiben)", "en": "accept (points stand)"},
    "review.override": {"de": "Punkte ändern", "en": "change the points"},
    "review.resolve": {"de": "Erledigen", "en": "Resolve"},
    "review.resolved": {
        "de": "{decision} von {by}: {reason}",
        "en": "{decision} by {by}: {reason}",
    },
    "review.by_question": {"de": "Nach Frage bewerten", "en": "Grade by question"},
    "review.question_line": {
        "de": "{title} ({assignment}): {answers:Antwort|Antworten}, {waiting} offen",
        "en": "{title} ({assignment}): {answers:answer|answers}, {waiting} open",
    },
    "review.question": {"de": "Frage", "en": "Question"},
    "review.model_answer": {"de": "Musterlösung", "en": "Model answer"},
    "review.no_question": {
        "de": "Frage und Musterlösung sind nicht gespeichert: ein neuer Lauf von grader grade liest sie aus der Referenz.",
        "en": "The question and its model answer are not stored: the next grader grade reads them from the reference.",
    },
    "review.question_counts": {
        "de": "{answers:Antwort|Antworten}, {waiting:wartet|warten} auf Punkte.",
        "en": "{answers:answer|answers}, {waiting:waits|wait} for points.",
    },
    "review.position": {"de": "{i} von {n}", "en": "{i} of {n}"},
    "review.keys_question": {
        "de": "Tastatur: j / k nächste / vorige Antwort (der Cursor steht dann in ihrem Punktefeld, und dort wirken j, k, n und p weiter), Enter speichert, Esc verlässt das Feld, n / p nächste / vorige Frage.",
        "en": "Keyboard: j / k next / previous answer (the cursor is then in its points field, where j, k, n and p still work), Enter saves, Esc leaves the field, n / p next / previous question.",
    },
    "review.keys_submission": {
        "de": "Tastatur: j / k nächste / vorige Aufgabe, n / p nächste / vorige Abgabe, Esc verlässt ein Feld.",
        "en": "Keyboard: j / k next / previous task, n / p next / previous submission, Esc leaves a field.",
    },
    "review.next_submission": {"de": "Nächste Abgabe: {name}", "en": "Next submission: {name}"},
    "review.previous_submission": {
        "de": "Vorige Abgabe: {name}",
        "en": "Previous submission: {name}",
    },
    "review.next_question": {"de": "Nächste Frage", "en": "Next question"},
    "review.previous_question": {"de": "Vorige Frage", "en": "Previous question"},
    "review.no_answer_here": {
        "de": "Keine Antwort zu bewerten: {state}",
        "en": "No answer to grade: {state}",
    },
    "review.filter": {"de": "Filtern und suchen", "en": "Filter and search"},
    "review.filter_assignment": {"de": "Blatt", "en": "Assignment"},
    "review.filter_status": {"de": "Status", "en": "Status"},
    "review.filter_all": {"de": "alle", "en": "all"},
    "review.filter_flags": {"de": "nur mit offenen Prüfhinweisen", "en": "open flags only"},
    "review.filter_pending": {
        "de": "nur mit Aufgaben, die auf Punkte warten",
        "en": "only with tasks waiting for points",
    },
    "review.filter_min": {"de": "Punkte ab", "en": "Points from"},
    "review.filter_max": {"de": "Punkte bis", "en": "Points up to"},
    "review.search": {"de": "Name, ID oder E-Mail", "en": "Name, ID or e-mail"},
    "review.filter_apply": {"de": "Anwenden", "en": "Apply"},
    "review.filter_reset": {"de": "Alle zeigen", "en": "Show all"},
    "review.shown": {
        "de": "Gezeigt: {shown} von {total:Abgabe|Abgaben}.",
        "en": "Shown: {shown} of {total:submission|submissions}.",
    },
    "review.filter_bad_number": {
        "de": "„{text}“ ist keine Punktzahl: diese Grenze bleibt unbeachtet.",
        "en": "'{text}' is not a number of points: that bound is ignored.",
    },
    # -- grades into the LMS (comments of the exports) ------------------------------------------
    "lms.total": {
        "de": "{assignment}: {points} von {max} Punkten.",
        "en": "{assignment}: {points} of {max} points.",
    },
    "lms.task": {"de": "{title}: {points}/{max}", "en": "{title}: {points}/{max}"},
    "lms.task_pending": {
        "de": "(wartet auf die Bewertung durch die Lehrperson)",
        "en": "(waiting for the instructor's grading)",
    },
    "lms.task_adjusted": {
        "de": "(angepasst durch die Lehrperson: {reason})",
        "en": "(adjusted by the instructor: {reason})",
    },
    "lms.incomplete": {
        "de": "Noch keine Note: {tasks} wartet auf die Bewertung durch die Lehrperson.",
        "en": "No grade yet: {tasks} is waiting for the instructor's grading.",
    },
    "lms.not_graded": {
        "de": "Nicht bewertet ({status}): {problem}",
        "en": "Not graded ({status}): {problem}",
    },
    "lms.no_submission": {
        "de": "Keine Abgabe beim Grader eingegangen.",
        "en": "The grader received no submission.",
    },
    # -- the instructor's decisions (grader override/resolve and the review page) ----------------
    "decide.no_grade": {
        "de": "{out}: keine Note von {student} für {assignment} (bewertet für {assignment}: {students})",
        "en": "{out}: no grade of {student} for {assignment} (graded for {assignment}: {students})",
    },
    "decide.no_task": {
        "de": "{student}, {assignment}: keine Aufgabe {task} ({known})",
        "en": "{student}, {assignment}: no task {task} ({known})",
    },
    "decide.reason_needed": {
        "de": "{task} ({assignment}, {student}): Geänderte Punkte brauchen eine Begründung, die Studierende lesen.",
        "en": "{task} ({assignment}, {student}): changed points need a reason, which the student reads.",
    },
    "decide.not_a_number": {
        "de": "{task} ({assignment}, {student}): „{text}“ ist keine Punktzahl (eine Zahl, oder auto).",
        "en": "{task} ({assignment}, {student}): '{text}' is not a number of points (a number, or auto).",
    },
    "decide.out_of_range": {
        "de": "{task} ({assignment}, {student}): {value} liegt nicht zwischen 0 und {max} Punkten.",
        "en": "{task} ({assignment}, {student}): {value} is not between 0 and {max} points.",
    },
    "decide.no_flag": {
        "de": "{out}: kein Prüfhinweis {flag} (grader flags listet sie)",
        "en": "{out}: no flag {flag} (grader flags lists them)",
    },
    "decide.flag_reason": {
        "de": "Prüfhinweis von {student} ({assignment}): Erledigen braucht eine Begründung.",
        "en": "Flag of {student} ({assignment}): resolving it needs a reason.",
    },
    "cli.overridden": {
        "de": "{student}, {assignment}, {task}: {points} (automatisch {automatic}), von {by}",
        "en": "{student}, {assignment}, {task}: {points} (automatic {automatic}), by {by}",
    },
    "cli.automatic_again": {"de": "wieder automatisch", "en": "automatic again"},
    "cli.flag_open": {"de": "offen", "en": "open"},
    "cli.flag_accepted": {"de": "akzeptiert", "en": "accepted"},
    "cli.flag_overridden": {"de": "Punkte geändert", "en": "overridden"},
    "cli.no_open_flags": {"de": "Kein offener Prüfhinweis.", "en": "Nothing flagged is open."},
    # -- grader grade and grader report -------------------------------------------------------
    "cli.graded": {
        "de": "{n:Abgabe|Abgaben} bewertet in {seconds} s ({counts}); {skipped} unverändert, {unplaced:Datei|Dateien} nicht zugeordnet; Seed {seed}",
        "en": "graded {n:submission|submissions} in {seconds} s ({counts}); {skipped} unchanged, {unplaced:file|files} not placed; seed {seed}",
    },
    "cli.count_pending": {
        "de": "{n:wartet|warten} auf manuelle Bewertung",
        "en": "{n:waits|wait} for manual grading",
    },
    "cli.nothing_new": {"de": "nichts Neues", "en": "nothing new"},
    "cli.exercise_written": {
        "de": "{path} geschrieben (aus {reference})",
        "en": "wrote {path} (from {reference})",
    },
    "cli.summary_at": {"de": "Übersicht: {path}", "en": "summary: {path}"},
    "cli.review_hint": {
        "de": "Durchsehen, anpassen und von Hand bewerten: {grader} review {out}",
        "en": "review, adjust and grade by hand: {grader} review {out}",
    },
    # -- grader roster import ------------------------------------------------------------------
    "cli.roster_merged": {
        "de": "Kursliste in {out}: {added} hinzugefügt, {changed} geändert, {kept} unverändert; {n:Studierende/r|Studierende} insgesamt",
        "en": "roster in {out}: {added} added, {changed} changed, {kept} kept; {n:student|students} in all",
    },
    "cli.roster_added": {"de": "hinzugefügt: {ids}", "en": "added: {ids}"},
    "cli.roster_changed": {"de": "geändert: {ids}", "en": "changed: {ids}"},
    "cli.roster_unknown": {
        "de": "Abgabe nicht in der Kursliste: {student}",
        "en": "submission not in the roster: {student}",
    },
    "roster.no_id_column": {
        "de": "{path}: keine Spalte student_id (Kopfzeile: {header})",
        "en": "{path}: no student_id column (header: {header})",
    },
    "roster.no_id": {
        "de": "{path}: Zeile {line}: keine student_id",
        "en": "{path}: line {line}: no student_id",
    },
    "roster.id_twice": {
        "de": "{path}: Zeile {line}: student_id {student} steht zweimal in der Datei",
        "en": "{path}: line {line}: student_id {student} twice",
    },
    # -- a CSV file an LMS wrote (roster, worksheets, gradebook exports) -------------------------
    "csv.quote_not_closed": {
        "de": "{path}: Zeile {line}: ein hier geöffnetes Anführungszeichen wird nie geschlossen",
        "en": "{path}: line {line}: a quoted field opened here is never closed",
    },
    "csv.text_after_quote": {
        "de": "{path}: Zeile {line}: Text nach einem schließenden Anführungszeichen",
        "en": "{path}: line {line}: text after a closing quote",
    },
    "csv.not_of_kind": {
        "de": "{path}: sieht nicht aus wie {kind} (keine Spalte für {missing}; Kopfzeile: {header})",
        "en": "{path}: not {kind} (no column for {missing}; header: {header})",
    },
    "csv.kind.moodle": {"de": "eine Moodle-Bewertungstabelle", "en": "a Moodle grading worksheet"},
    "csv.kind.canvas": {"de": "ein Canvas-Notenexport", "en": "a Canvas gradebook export"},
    "csv.kind.ilias": {
        "de": "eine ILIAS-Statusdatei einer Übung",
        "en": "an ILIAS exercise status file",
    },
    "csv.no_column": {
        "de": "{path}: keine Spalte für {wanted}; die Blätter darin: {titled} (wähle eines mit --column)",
        "en": "{path}: no column for {wanted}; the assignments in it: {titled} (choose one with --column)",
    },
    "csv.no_assignments": {"de": "keine", "en": "none"},
    # -- the LMS's file checked against the assignment (grader export) ---------------------------
    "cli.export_written": {
        "de": "{path} geschrieben: {n:Note|Noten} eingetragen",
        "en": "wrote {path}: {n:grade|grades} filled",
    },
    "cli.export_left_empty": {
        "de": "leer gelassen  {row}: {why}",
        "en": "left empty  {row}: {why}",
    },
    "cli.export_not_in_file": {
        "de": "nicht in der Datei (keine Note exportiert): {who}",
        "en": "not in the file (no grade exported): {who}",
    },
    "cli.export_lossy": {
        "de": "als '?' geschrieben: {n:Zeichen, das die Kodierung der Datei nicht fassen kann|Zeichen, die die Kodierung der Datei nicht fassen kann}",
        "en": "written as '?': {n:character|characters} the file's encoding cannot hold",
    },
    "lms.scaled": {
        "de": "Auf die Bestwertung im LMS umgerechnet: {points} von {max}.",
        "en": "Scaled to the LMS's maximum grade: {points} of {max}.",
    },
    "lms.sheet_other": {
        "de": "{file} gehört zu {named}, nicht zu {assignment}: nichts exportiert. Lade die Datei von {assignment} aus dem LMS herunter.",
        "en": "{file} belongs to {named}, not to {assignment}: nothing exported. Download {assignment}'s file from the LMS.",
    },
    "lms.sheet_maximum": {
        "de": "{file} hat die Bestwertung {sheet}, {assignment} aber höchstens {max} Punkte: nichts exportiert. Ist es die Datei eines anderen Blatts? Sonst die Bestwertung im LMS anpassen, oder mit --scale auf {sheet} umrechnen.",
        "en": "{file} has the maximum grade {sheet}, but {assignment} has at most {max} points: nothing exported. Is it another assignment's file? Otherwise set the maximum in the LMS, or scale to {sheet} with --scale.",
    },
    # -- grading workers (process pool, Dask cluster) --------------------------------------------
    "batch.worker_died": {
        "de": "Der Grading-Worker ist {n}-mal abgestürzt, während er diese Abgabe bewertete; sie wurde nicht bewertet (der nächste Lauf versucht es erneut). Das liegt am Grader oder am Rechner, nicht am Notebook.",
        "en": "The grading worker died {n} times while grading this submission; it was not graded (the next run tries again). This is the grader's or the machine's fault, not the notebook's.",
    },
    "batch.worker_no_sandbox": {
        "de": "{worker} hat kein funktionierendes bubblewrap und lehnt diese Abgabe deshalb ab: ohne Sandbox wird nicht bewertet. Installiere bubblewrap dort (apt-get install bubblewrap).",
        "en": "{worker} has no working bubblewrap, so it refused this submission: nothing is graded without the sandbox. Install bubblewrap there (apt-get install bubblewrap).",
    },
    "batch.worker_mismatch": {
        "de": "{worker} bewertet mit {found}, der koordinierende Rechner mit {expected}; die Abgabe wurde nicht bewertet. Gib jedem Worker dieselbe Grader-Version und denselben Kursordner.",
        "en": "{worker} grades with {found}, the coordinating machine with {expected}; the submission was not graded. Give every worker the same grader version and course folder.",
    },
    "batch.job_failed": {
        "de": "Der Bewertungsauftrag scheiterte auf {worker}: {error}",
        "en": "The grading job failed on {worker}: {error}",
    },
    # == helper D: the course summary's layer slips, and the commands' own sentences (issue 24) ==
    # -- a layer list's differences, each slip without its layer number (course summary) --------
    "slip.layer_setting": {
        "de": "{type}: {setting} {found} statt {expected}",
        "en": "{type}: {setting} {found} instead of {expected}",
    },
    "slip.layer_type": {
        "de": "Schicht {found} statt {expected}",
        "en": "layer {found} instead of {expected}",
    },
    "slip.layer_extra": {"de": "zusätzliche Schicht {found}", "en": "extra layer {found}"},
    "slip.layer_missing": {
        "de": "fehlende Schicht {expected} der Vorlage",
        "en": "missing layer {expected} of the reference",
    },
    # -- an assignment's spec (reference/<a>.toml) that is wrong: named by file and key ----------
    "spec.kit_no_reference": {
        "de": "{name}: ein Studierenden-Kit enthält keine Musterlösung",
        "en": "{name}: a student kit holds no reference notebook",
    },
    "spec.unknown_assignment": {
        "de": "unbekanntes Aufgabenblatt {name}: {file} fehlt (bekannt: {known})",
        "en": "unknown assignment {name}: no {file} (known: {known})",
    },
    "spec.no_data": {
        "de": "{file}: data: {path} existiert nicht",
        "en": "{file}: data: {path} does not exist",
    },
    "spec.not_toml": {
        "de": "{file}: kein gültiges TOML: {error}",
        "en": "{file}: not valid TOML: {error}",
    },
    "spec.assignment_name": {
        "de": "{file}: der Schlüssel 'assignment' ist {found}, erwartet {expected}",
        "en": "{file}: key 'assignment' is {found}, expected {expected}",
    },
    "spec.points_mismatch": {
        "de": "{file}: tasks.{task}: die Prüfungen ergeben zusammen {total} Punkte, die Aufgabe hat {points}",
        "en": "{file}: tasks.{task}: checks add up to {total} points, task has {points}",
    },
    "spec.withheld_table": {
        "de": "{file}: withheld: eine Tabelle nach Aufgaben-ID erwartet",
        "en": "{file}: withheld: a table by task id",
    },
    "spec.withheld_entry": {"de": "{file}: withheld: {error}", "en": "{file}: withheld: {error}"},
    "spec.unlisted_artifacts": {
        "de": "{file}: die Prüfung {check} liest {files} neben dem Notebook; trage sie unter 'artifacts' ein",
        "en": "{file}: check {check} reads {files} beside the notebook; list them in 'artifacts'",
    },
    "spec.task_table": {
        "de": "{file}: tasks.{task}: braucht eine Tabelle mit einer Zahl 'points'",
        "en": "{file}: tasks.{task}: needs a table with a number 'points'",
    },
    "spec.title": {
        "de": "{where}: ein Text oder eine Tabelle von Texten nach Sprache ({languages}) mit mindestens 'de'; gefunden {found}",
        "en": "{where}: a string, or a table of strings by language ({languages}) with at least 'de'; found {found}",
    },
    "spec.title_strings": {
        "de": "{where}: jeder Titel muss ein Text sein; gefunden {found}",
        "en": "{where}: every title must be a string; found {found}",
    },
    "spec.check_table": {
        "de": "{where}: muss eine Tabelle sein",
        "en": "{where}: must be a table",
    },
    "spec.check_task": {
        "de": "{where}.task: {task} ist keine der Aufgaben {tasks}",
        "en": "{where}.task: {task} is not one of the tasks {tasks}",
    },
    "spec.check_rule": {"de": "{where}.rule: {problem}", "en": "{where}.rule: {problem}"},
    "spec.check_params": {
        "de": "{where} ({rule}): {error}",
        "en": "{where} ({rule}): {error}",
    },
    "spec.not_tasks": {
        "de": "{file}: {table}: {names} sind keine Aufgaben",
        "en": "{file}: {table}: {names} are not tasks",
    },
    "spec.allowed_keys": {
        "de": "{file}: {table}: erlaubte Schlüssel sind {allowed}",
        "en": "{file}: {table}: allowed keys are {allowed}",
    },
    "spec.keras_cache": {
        "de": "{file}: data.keras_cache: {names} unbekannt",
        "en": "{file}: data.keras_cache: {names} unknown",
    },
    "spec.evaluation": {
        "de": "{file}: data.evaluation: {error}",
        "en": "{file}: data.evaluation: {error}",
    },
    "spec.needs_table": {
        "de": "{file}: braucht eine nicht leere Tabelle [{table}]",
        "en": "{file}: needs a non-empty table [{table}]",
    },
    "spec.twice": {
        "de": "{file}: {table} {value} steht zweimal da",
        "en": "{file}: {table} {value} appears twice",
    },
    "spec.unknown_params": {
        "de": "unbekannte Schlüssel {keys}; erlaubt: {allowed}",
        "en": "unknown key(s) {keys}; allowed: {allowed}",
    },
    "param.mistakes_list": {
        "de": "'mistakes' muss eine Liste von Fehler-IDs oder Tabellen mit einer 'id' sein",
        "en": "'mistakes' must be a list of mistake ids or tables with an 'id'",
    },
    "param.unknown_mistake": {
        "de": "unbekannter Fehler {mistake}; bekannt: {known}",
        "en": "unknown mistake {mistake}; known: {known}",
    },
    "param.model_or_file": {
        "de": "gib genau eins an: model = NAME (im Notebook) oder file = NAME",
        "en": "give exactly one of model = NAME (in the notebook) or file = NAME",
    },
    "param.file_or_files": {
        "de": "gib genau eins an: file = NAME oder files = [NAME, ...]",
        "en": "give exactly one of file = NAME or files = [NAME, ...]",
    },
    "param.files_list": {
        "de": "files muss eine nicht leere Liste von Dateinamen sein",
        "en": "files must be a non-empty list of file names",
    },
    "param.history_data": {
        "de": "data muss die Trainingsbilder und -labels nennen: [X, Y] oder [X, Y, X_VALID]",
        "en": "data must name the training images and labels: [X, Y] or [X, Y, X_VALID]",
    },
    "param.what": {
        "de": "'what' muss 'convolution' oder 'pooling' sein",
        "en": "'what' must be 'convolution' or 'pooling'",
    },
    "param.min_words": {
        "de": "min_words muss mindestens 1 sein",
        "en": "min_words must be at least 1",
    },
    "param.thresholds": {
        "de": "nötig ist 0 <= zero_below <= full_at <= 1",
        "en": "need 0 <= zero_below <= full_at <= 1",
    },
    "param.aspect": {
        "de": "aspect muss eins von {aspects} sein",
        "en": "aspect must be one of {aspects}",
    },
    "param.argument_kind": {
        "de": "Argument {name}: gib genau eins an: int = [lo, hi], choice = [...], array = [[lo, hi], ...], value = ...",
        "en": "argument {name}: give exactly one of int = [lo, hi], choice = [...], array = [[lo, hi], ...], value = ...",
    },
    "param.dtype": {
        "de": "Argument {name}: dtype muss einer von {dtypes} sein",
        "en": "argument {name}: dtype must be among {dtypes}",
    },
    "rules.unknown": {
        "de": "unbekannte Regel {rule}; bekannte Regeln: {known}",
        "en": "unknown rule {rule}; known rules: {known}",
    },
    # -- the course's settings (course.toml) ---------------------------------------------------
    "course.leaderboard": {
        "de": "{file}: leaderboard.assignments muss eine Liste von Aufgabenblatt-Namen sein",
        "en": "{file}: leaderboard.assignments must be a list of assignment names",
    },
    "course.ilias_passed_at": {
        "de": "{file}: lms.ilias_passed_at muss ein Anteil zwischen 0 und 1 sein",
        "en": "{file}: lms.ilias_passed_at must be a share between 0 and 1",
    },
    "course.roster_file": {
        "de": "{file}: roster.file: {path} existiert nicht",
        "en": "{file}: roster.file: {path} does not exist",
    },
    "course.section": {
        "de": "{file}: unbekannter Abschnitt [{section}]; bekannt: {known}",
        "en": "{file}: unknown section [{section}]; known: {known}",
    },
    "course.not_table": {
        "de": "{file}: {section}: muss eine Tabelle [{section}] sein",
        "en": "{file}: {section}: must be a table [{section}]",
    },
    "course.keys": {
        "de": "{file}: {section}: unbekannte Schlüssel {keys}; erlaubt: {allowed}",
        "en": "{file}: {section}: unknown key(s) {keys}; allowed: {allowed}",
    },
    "course.packages": {
        "de": '{file}: kernel.packages: muss eine Liste von Namen sein, z. B. ["scipy", "PIL"]',
        "en": '{file}: kernel.packages: must be a list of names, e.g. ["scipy", "PIL"]',
    },
    "course.module_names": {
        "de": "{file}: kernel.packages: {names} sind keine Modulnamen (schreibe sie, wie du sie importierst: PIL für Pillow, sklearn für scikit-learn)",
        "en": "{file}: kernel.packages: {names} are not module names (write them as you import them: PIL for Pillow, sklearn for scikit-learn)",
    },
    # -- the commands' own sentences (grader grade, report, references, rules, the instructor's) --
    "as_is": {"de": "{text}", "en": "{text}"},  # a text from outside (a log line) in a list
    "cli.spec_error": {
        "de": "Fehler in der Kursbeschreibung: {problem}",
        "en": "spec error: {problem}",
    },
    "cli.no_gradebook": {
        "de": "{out}: hier ist kein Notenbuch (zuerst `grader grade` ausführen)",
        "en": "{out}: no gradebook here (run `grader grade` first)",
    },
    "cli.no_such_task": {
        "de": "{assignment} hat keine Aufgabe {task} (seine Aufgaben: {known})",
        "en": "{assignment} has no task {task} (its tasks: {known})",
    },
    "cli.not_submissions": {
        "de": "{path}: kein Ordner mit Abgaben",
        "en": "{path}: not a folder of submissions",
    },
    "cli.no_bubblewrap": {
        "de": "bubblewrap (bwrap) ist nicht verfügbar; der Code der Studierenden liefe ohne Sandbox und könnte die Musterlösungen und die Arbeiten anderer lesen. Installiere es (apt-get install bubblewrap) oder gib, auf einem Rechner, den du verlieren kannst, --unsafe-no-sandbox an.",
        "en": "bubblewrap (bwrap) is not available, so student code would run unsandboxed and could read the references and other students' work. Install it (apt-get install bubblewrap) or, on a machine you can afford to lose, pass --unsafe-no-sandbox.",
    },
    "cli.write_failed": {
        "de": "Schreiben nach {out} ist gescheitert ({error}). Jede zuvor eingetragene Note bleibt; schaffe Platz und setze mit --resume fort.",
        "en": "writing to {out} failed ({error}). Every grade recorded before is kept; free some space and continue with --resume.",
    },
    "cli.cache_off": {
        "de": "der Zwischenspeicher der Musterlösung ist ausgeschaltet ({variable}=off)",
        "en": "the reference cache is off ({variable}=off)",
    },
    "cli.references_cleared": {
        "de": "gelöscht {assignment}",
        "en": "cleared {assignment}",
    },
    "cli.references_failed": {
        "de": "FAIL  {assignment}: die Musterlösung erreicht {points}/{max} Punkte",
        "en": "FAIL  {assignment}: the reference scores {points}/{max}",
    },
    "cli.references_ok": {
        "de": "ok    {assignment}: {n:Erwartung|Erwartungen} ohne Zufallsstartwert in {path}",
        "en": "ok    {assignment}: {n:seed-free expectation|seed-free expectations} in {path}",
    },
    "cli.batch_will_render": {
        "de": "(ein Lauf bewertet gerade in diesen Ordner: seine Berichte zeigen es)",
        "en": "(a batch is grading into this folder: its reports will show it)",
    },
    "gradebook.busy": {
        "de": "{out}: ein anderes `grader grade` ({holder}) schreibt in diesen Ordner; warte, bis es fertig ist, oder wähle ein anderes --out",
        "en": "{out}: another `grader grade` ({holder}) is writing to this folder; wait for it to finish or choose another --out",
    },
    "batch.unfinished_run": {
        "de": "{out}: der vorige Lauf wurde unterbrochen, bevor er fertig war; setze ihn mit --resume fort (derselbe Startwert, nichts wird doppelt bewertet)",
        "en": "{out}: the previous run was interrupted before it finished; continue it with --resume (same seed, nothing graded twice)",
    },
    "batch.preflight_packages": {
        "de": "Vorabprüfung: {problems}; niemand wurde bewertet",
        "en": "preflight: {problems}; nobody was graded",
    },
    "batch.preflight_reference": {
        "de": "Vorabprüfung: die Musterlösung von {assignment} erreicht in der Bewertungsumgebung {points}/{max} ({status}: {reason}); niemand wurde bewertet",
        "en": "preflight: the reference of {assignment} scored {points}/{max} ({status}: {reason}) in the grading environment; nobody was graded",
    },
    "cluster.unreachable": {
        "de": "der Dask-Scheduler unter {address} ist nicht erreichbar ({error}); starte ihn (`dask scheduler`) oder prüfe die Adresse",
        "en": "cannot reach the Dask scheduler at {address} ({error}); start it (`dask scheduler`) or check the address",
    },
    "cluster.lost": {
        "de": "der Dask-Scheduler {cluster} ist mitten im Lauf verschwunden; jede eingetragene Note bleibt ({n} aus diesem Lauf): starte den Cluster neu und setze mit --resume fort",
        "en": "the Dask scheduler {cluster} went away in the middle of the batch; every grade recorded is kept ({n} from this run): start the cluster again and continue with --resume",
    },
    "cluster.gone": {
        "de": "der Dask-Scheduler {cluster} ist verschwunden ({error})",
        "en": "the Dask scheduler {cluster} went away ({error})",
    },
    "cluster.no_resource": {
        "de": "--retrain verlangt Worker mit der Ressource {resources}, und keiner der {n} Worker von {cluster} hat sie; starte GPU-Worker mit `dask worker ADDRESS --resources GPU=1` (oder `worker_extra_args` in dask-jobqueue)",
        "en": "--retrain asks for workers with the resource {resources}, and none of the {n} workers of {cluster} has it; start GPU workers with `dask worker ADDRESS --resources GPU=1` (or `worker_extra_args` in dask-jobqueue)",
    },
    "lms.no_grades": {
        "de": "{out}: keine Noten für {assignment} (bewertet: {graded})",
        "en": "{out}: no grades for {assignment} (graded: {graded})",
    },
    "lms.needs_file": {
        "de": "{option} braucht die Datei, die das LMS dir gegeben hat",
        "en": "{option} needs the file the LMS gave you",
    },
    "lms.unreadable": {
        "de": "{path}: kann nicht gelesen werden ({error})",
        "en": "{path}: cannot be read ({error})",
    },
    # -- grader rules: what each rule kind checks -----------------------------------------------
    "rules.reference_in_english": {
        "de": "Die Referenz für Kursbeschreibungen (Parameter, Beispiele) steht auf Englisch neben dem Code der Regel:",
        "en": "The reference for spec authors (parameters, examples):",
    },
    "rules.summary.V100": {
        "de": "eine benannte Antwort hat den Wert der Musterlösung.",
        "en": "a named answer equals the reference's value.",
    },
    "rules.summary.V101": {
        "de": "eine benannte Antwort hat die Form der Musterlösung.",
        "en": "a named answer has the reference's shape.",
    },
    "rules.summary.F100": {
        "de": "eine Funktion des Notebooks gibt auf frischen Eingaben dasselbe wie die der Musterlösung.",
        "en": "a notebook function gives the reference function's output on fresh inputs.",
    },
    "rules.summary.S100": {
        "de": "eine von Hand geschriebene Funktion ruft keine Faltung oder Pooling einer Bibliothek auf.",
        "en": "a by-hand function uses no library convolution or pooling.",
    },
    "rules.summary.K100": {
        "de": "die Schichten des Modells, eine nach der anderen, gegen die Architektur der Musterlösung.",
        "en": "the model's layers, one by one, against the reference architecture.",
    },
    "rules.summary.K101": {
        "de": "Eingabeform und Parameterzahl des Modells sind die der Musterlösung.",
        "en": "the model's input shape and its parameter count equal the reference's.",
    },
    "rules.summary.K102": {
        "de": "das Modell wurde mit dem Verlust der Musterlösung und einer Accuracy-Metrik kompiliert.",
        "en": "the model was compiled with the reference's loss and an accuracy metric.",
    },
    "rules.summary.K103": {
        "de": "die vom Grader selbst gemessene Genauigkeit des Modells, gegen Schwellen.",
        "en": "the grader's own measurement of the model's accuracy, against thresholds.",
    },
    "rules.summary.K104": {
        "de": "ein abgegebenes Modell ist ein brauchbares CNN für die Aufgabe.",
        "en": "a handed-in model is a usable CNN for the task.",
    },
    "rules.summary.H100": {
        "de": "der abgegebene Trainingsverlauf, als Lernkurven gelesen.",
        "en": "the handed-in training history, read as learning curves.",
    },
    "rules.summary.R100": {
        "de": "Modell oder Notebook nutzen eine der Strategien der Vorlesung.",
        "en": "the model or the notebook uses one of the lecture's strategies.",
    },
    "rules.summary.D100": {
        "de": "Trainings- und Validierungsdaten sind getrennt, skaliert und für ein CNN geformt.",
        "en": "training and validation data are disjoint, scaled and shaped for a CNN.",
    },
    "rules.summary.M100": {
        "de": "eine schriftliche Antwort in der Markdown-Zelle der Aufgabe, von der Lehrperson bewertet.",
        "en": "a written answer in the task's Markdown cell, graded by the instructor.",
    },
    "review.serving": {
        "de": "Bewertungsseite (nur auf diesem Rechner, Strg+C beendet sie):",
        "en": "review page (this machine only, Ctrl+C to stop):",
    },
    "batch.internal_error": {
        "de": "interner Fehler des Graders: {error}",
        "en": "internal error: {error}",
    },
    # -- the course's own notebooks and data, as grading finds them -----------------------------
    "spec.reference_unreadable": {
        "de": "Notebook der Musterlösung: {problem}",
        "en": "reference notebook: {problem}",
    },
    "spec.exercise_unreadable": {
        "de": "Notebook der Vorlage: {problem}",
        "en": "exercise notebook: {problem}",
    },
    "spec.kit_expectations": {
        "de": "{path}: die gespeicherten Erwartungen des Kits sind nicht lesbar: {error}",
        "en": "{path}: the kit's stored expectations are unreadable: {error}",
    },
    "spec.reference_unclean": {
        "de": "das Notebook der Musterlösung {path} lief nicht fehlerfrei: {detail}",
        "en": "the reference notebook {path} did not run cleanly: {detail}",
    },
    "spec.evaluation_data": {
        "de": "Auswertungsdaten: {error}",
        "en": "evaluation data: {error}",
    },
    "spec.evaluation_check_data": {
        "de": "Kontrolldaten der Auswertung: {error}",
        "en": "evaluation check data: {error}",
    },
    # == end of helper D's block ==================================================================
    # == helper F's block: a check's own problem, kit specs, usage errors =========================
    "check.reference_no_model": {
        "de": "die Musterlösung lieferte kein verwendbares Modell für '{name}': {detail}",
        "en": "the reference gave no usable model for '{name}': {detail}",
    },
    "check.reference_no_answer": {
        "de": "das Notebook der Musterlösung lieferte keine verwendbare Antwort für '{name}'"
        " ({detail})",
        "en": "the reference notebook gave no usable answer for '{name}' ({detail})",
    },
    "check.reference_not_requested": {"de": "nicht angefordert", "en": "not requested"},
    "check.answer_status.ok": {"de": "vorhanden", "en": "there"},
    "check.answer_status.missing": {"de": "fehlt", "en": "missing"},
    "check.answer_status.unsupported": {"de": "keine reinen Daten", "en": "not plain data"},
    "check.answer_status.raised": {"de": "löste einen Fehler aus", "en": "raised"},
    "check.answer_status.not_callable": {"de": "nicht aufrufbar", "en": "not callable"},
    "check.answer_status.timeout": {"de": "Zeitlimit überschritten", "en": "timed out"},
    "check.answer_status.kernel_died": {"de": "Kernel abgestürzt", "en": "kernel died"},
    "check.answer_status.untrusted": {"de": "nicht vertrauenswürdig", "en": "untrusted"},
    "check.answer_status_detail": {"de": "{status}: {detail}", "en": "{status}: {detail}"},
    "check.rule_crashed": {
        "de": "die Prüfregel {rule} ist abgestürzt: {error}",
        "en": "the rule {rule} crashed: {error}",
    },
    "kit.private_evaluation": {
        "de": "{file}: eine öffentliche Prüfung misst Modelle auf {source}, und das kann ein Kit"
        " nicht mitgeben (nur ein Ordner des Keras-Caches kann der eigene der Studierenden sein):"
        " die Prüfung verdeckt machen oder auf einem Ordner aus keras_cache auswerten",
        "en": "{file}: a public check measures models on {source}, which a kit cannot hand out"
        " (only a Keras cache folder can be the student's own): make the check hidden, or"
        " evaluate on a keras_cache folder",
    },
    "kit.reference_fails": {
        "de": "{name}: die Musterlösung besteht ihre eigenen öffentlichen Prüfungen nicht: {problem}",
        "en": "{name}: the reference does not pass its own public checks: {problem}",
    },
    "kit.lost_task": {"de": "{task} ({status})", "en": "{task} ({status})"},
    "kit.lost_task_why": {"de": "{task} ({status}: {why})", "en": "{task} ({status}: {why})"},
    "cli.data_option": {
        "de": "NAME=FOLDER erwartet (ein Datenordner der Kursbeschreibung und der Ordner, der ihn"
        " ersetzt), nicht {given!r}",
        "en": "expected NAME=FOLDER (a data folder of the spec and the folder that replaces it),"
        " got {given!r}",
    },
    "cli.cluster_option": {
        "de": "local:N mit N ≥ 1 Arbeitsprozessen erwartet, nicht {given!r}",
        "en": "expected local:N with N >= 1 worker processes, got {given!r}",
    },
    "param.history_threshold": {
        "de": "threshold muss eine Zahl sein oder [zero_below, full_at], aufsteigend",
        "en": "threshold must be a number or [zero_below, full_at], ascending",
    },
    # == end of helper F's block ==================================================================
}
CATALOGUE.update(INTEGRITY_MESSAGES)
CATALOGUE.update(DOCTOR_MESSAGES)
CATALOGUE.update(HELP_MESSAGES)
CATALOGUE.update(ARGPARSE_MESSAGES)


def render(message: Message, lang: str) -> str:
    """Renders a message. A parameter may itself be a Message, or a spec's ``{de = ..., en = ...}``
    table; both are rendered in the same language first."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    template = CATALOGUE[message.key][lang]
    return _COUNTING.format(
        template, **{name: _localised(value, lang) for name, value in message.params.items()}
    )


class _Counting(string.Formatter):
    """``str.format`` with one more format spec, ``{n:one|many}``: the count (as its language
    already wrote it, 1.000 or 0,5) followed by the word for one when it is exactly 1, else the
    word for many."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" not in format_spec:
            return str(super().format_field(value, format_spec))
        one, many = format_spec.split("|", 1)
        return f"{value} {one if str(value) == '1' else many}"


_COUNTING = _Counting()


def text(value: str | Message | None, lang: str) -> str:
    """A message rendered, a plain string as it is, nothing as an empty string: what a report
    shows for a field that may hold either (a problem, a rule's expected value...)."""
    if value is None:
        return ""
    return render(value, lang) if isinstance(value, Message) else str(value)


def _localised(value: Any, lang: str) -> Any:
    if isinstance(value, Message | Count | Decimal | Percent | Number):
        return value.render(lang)
    if isinstance(value, list) and all(isinstance(item, Message) for item in value):
        return "; ".join(render(item, lang) for item in value)
    if isinstance(value, dict) and lang in value:
        return value[lang]
    return value
