"""Every sentence a student or instructor reads, in German (the course language) and English.

Rules stay language-free: they return a ``Message`` (a catalogue key plus its parameters) and the
report layer renders it. Keeping all wording in one table makes it easy to review both languages
side by side, and a missing translation fails the test suite rather than a student's report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class Message:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return render(self, lang)


@dataclass(frozen=True)
class Count:
    """A whole number shown as its language writes it: 10.000 (de), 10,000 (en)."""

    value: int

    def render(self, lang: str) -> str:
        return f"{self.value:,}".replace(",", "." if lang == "de" else ",")


@dataclass(frozen=True)
class Decimal:
    """A measured number with fixed digits, as its language writes it: 0,9248 (de), 0.9248 (en)."""

    value: float
    digits: int = 4

    def render(self, lang: str) -> str:
        shown = f"{self.value:.{self.digits}f}"
        return shown.replace(".", ",") if lang == "de" else shown


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
    "report.lost": {"de": "Wo Punkte verloren gingen", "en": "Where points were lost"},
    "report.expected": {"de": "erwartet", "en": "expected"},
    "report.found": {"de": "gefunden", "en": "found"},
    "report.mistake": {"de": "wahrscheinlicher Fehler", "en": "likely mistake"},
    "report.checks_ran": {
        "de": "Geprüft: {public} öffentliche und {hidden} verdeckte Prüfungen (Zufallsstartwert {seed}).",
        "en": "Checked: {public} public and {hidden} hidden checks (random seed {seed}).",
    },
    "report.cell_errors": {"de": "Fehler beim Ausführen", "en": "Errors while running"},
    "report.cell_error": {
        "de": "Zelle {cell} ({task}): {error}",
        "en": "cell {cell} ({task}): {error}",
    },
    "report.given_cell": {"de": "vorgegeben", "en": "given"},
    "report.all_points": {"de": "Alle Punkte erreicht.", "en": "All points earned."},
    "report.advice": {"de": "Hinweise", "en": "Advice"},
    "report.warnings": {"de": "Zur Prüfung markiert", "en": "Flagged for review"},
    "report.feedback": {"de": "Rückmeldung", "en": "Feedback"},
    "summary.title": {"de": "Kursübersicht", "en": "Course summary"},
    "summary.counts": {
        "de": "{students} Studierende, {submissions} Abgaben",
        "en": "{students} students, {submissions} submissions",
    },
    "summary.mean_total": {"de": "Mittel der Summen", "en": "mean total"},
    "summary.attention": {"de": "Braucht Aufmerksamkeit", "en": "Needs attention"},
    "summary.submission": {"de": "Abgabe", "en": "Submission"},
    "summary.reason": {"de": "Grund", "en": "Reason"},
    "summary.not_placed": {"de": "nicht zugeordnet", "en": "not placed"},
    "summary.nothing": {"de": "Nichts.", "en": "Nothing."},
    "summary.distribution": {
        "de": "Punkteverteilung (Summe je Studierende)",
        "en": "Score distribution (total per student)",
    },
    "summary.tasks": {"de": "Aufgaben", "en": "Tasks"},
    "summary.assignment": {"de": "Blatt", "en": "Assignment"},
    "summary.average": {"de": "Mittel", "en": "Average"},
    "summary.pass_rate": {"de": "bestanden", "en": "Pass rate"},
    "summary.mistakes": {"de": "Häufigste Fehler", "en": "Most frequent mistakes"},
    "summary.no_mistakes": {"de": "Keine benannten Fehler.", "en": "No named mistakes."},
    "summary.students": {"de": "Studierende", "en": "Students"},
    "tamper.given_changed": {
        "de": "Die vorgegebene Zelle #{cell} ({line}) wurde geändert oder gelöscht; ausgeführt wurde das Original.",
        "en": "Given cell #{cell} ({line}) was changed or deleted; the original was run instead.",
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
    "file.ambiguous": {
        "de": "{folder}: {n} Notebooks für {assignment} ({names}); behalte genau eines",
        "en": "{folder}: {n} notebooks for {assignment} ({names}); keep exactly one",
    },
    # -- Keras models ---------------------------------------------------------------------------
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
        "de": 'Eingabe (28, 28, 1) mit padding="valid": C5s 5x5-Kern trifft auf 4x4-Feature-Maps. LeNet-5 erwartet 32x32-Bilder; dafür gibt es pad_to_32.',
        "en": 'input (28, 28, 1) with padding="valid": C5\'s 5x5 kernel meets 4x4 feature maps. LeNet-5 expects 32x32 inputs, which is why pad_to_32 exists.',
    },
    "layers.ok": {
        "de": "Alle {n} Schichten entsprechen der Vorlage.",
        "en": "All {n} layers match the reference.",
    },
    "layers.partial": {
        "de": "{matched} von {expected} Schichten stimmen (dein Modell hat {n} Schichten).",
        "en": "{matched} of {expected} layers match (your model has {n} layers).",
    },
    "layers.differences": {"de": "{items}", "en": "{items}"},
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
        "de": "Vom Grader gemessene Genauigkeit {accuracy} auf {n} Testbildern, unter {zero}: keine Punkte.",
        "en": "Accuracy measured by the grader: {accuracy} on {n} test images, below {zero}: no points.",
    },
    "accuracy.test_fitted": {
        "de": "Genauigkeit {accuracy} auf den Testbildern, aber nur {check} auf {n} gleichartigen Bildern, die das Modell nie gesehen hat: wurde auf den Testbildern trainiert?",
        "en": "Accuracy {accuracy} on the test images but only {check} on {n} images of the same kind the model has never seen: was it trained on the test images?",
    },
    "accuracy.not_measured": {
        "de": "Die Genauigkeit ließ sich nicht messen: {error}",
        "en": "The accuracy could not be measured: {error}",
    },
    "mistake.accuracy": {
        "de": "Lies die Lernkurven: liegt die Validierung weit unter dem Training, hilft Regularisierung (Dropout, Batch-Normalisierung, Augmentation, Early Stopping); sind beide niedrig, mehr Kapazität, mehr Epochen oder eine andere Lernrate.",
        "en": "Read the learning curves: validation far below training calls for regularisation (dropout, batch normalisation, augmentation, early stopping); both low calls for more capacity, more epochs or another learning rate.",
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
        "de": "{found} Conv2D-Schichten, mindestens {expected} verlangt",
        "en": "{found} Conv2D layers, at least {expected} required",
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
        "de": "`{file}` mit {epochs} Epochen gelesen. {reading}",
        "en": "Read `{file}` with {epochs} epochs. {reading}",
    },
    "history.read": {
        "de": "`{file}` mit {epochs} Epochen gelesen.",
        "en": "Read `{file}` with {epochs} epochs.",
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
    "curve.overfitting": {
        "de": "Überanpassung: Training {train} gegen Validierung {valid} nach {epochs} Epochen (Abstand {gap}; kleinster Validierungs-Loss in Epoche {best}). Hilft: Dropout, Augmentation, Early Stopping, weniger Parameter.",
        "en": "Over-fitting: training {train} against validation {valid} after {epochs} epochs (gap {gap}; lowest validation loss in epoch {best}). Try dropout, augmentation, early stopping, fewer parameters.",
    },
    "curve.underfitting": {
        "de": "Unteranpassung: Training {train} und Validierung {valid} nach {epochs} Epochen sind beide niedrig. Hilft: mehr Kapazität (Filter, Schichten), mehr Epochen, eine andere Lernrate.",
        "en": "Under-fitting: training {train} and validation {valid} after {epochs} epochs are both low. Try more capacity (filters, layers), more epochs, another learning rate.",
    },
    "curve.fine": {
        "de": "Die Lernkurven sehen gesund aus: Training {train}, Validierung {valid} nach {epochs} Epochen.",
        "en": "The learning curves look healthy: training {train}, validation {valid} after {epochs} epochs.",
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
        "de": "`{name}` ist nicht definiert; die Antwortzelle brach ab mit {error}.",
        "en": "`{name}` is not defined; its answer cell stopped with {error}.",
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
    # -- value checks -----------------------------------------------------------------------------
    "value.ok": {"de": "`{name}` stimmt.", "en": "`{name}` is correct."},
    "value.wrong": {
        "de": "`{name}` stimmt nicht. Erwartet: {expected}; gefunden: {found}.",
        "en": "`{name}` is wrong. Expected: {expected}; found: {found}.",
    },
    "shape.ok": {
        "de": "`{name}` hat die erwartete Form {shape}.",
        "en": "`{name}` has the expected shape {shape}.",
    },
    "shape.wrong": {
        "de": "`{name}` hat die Form {found}, erwartet {expected}.",
        "en": "`{name}` has shape {found}, expected {expected}.",
    },
    "describe.array": {"de": "Array der Form {shape}", "en": "array of shape {shape}"},
    "describe.integer": {"de": "eine ganze Zahl", "en": "an integer"},
    "describe.number": {"de": "eine Zahl", "en": "a number"},
    "describe.list": {"de": "Liste mit {n} Einträgen", "en": "list of {n} entries"},
    "describe.text": {"de": "Text", "en": "text"},
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
    "cases.example_hidden": {
        "de": "für {inputs} erwartet {expected}, gefunden {found}",
        "en": "for {inputs} expected {expected}, found {found}",
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
    "source.syntax_error": {
        "de": "Der Code von `{function}` enthält einen Syntaxfehler: {error}",
        "en": "The code of `{function}` has a syntax error: {error}",
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
        "de": "Die Ausgabe ist {delta} zu groß/klein ({found} statt {expected}): prüfe die Rechnung mit Padding und Stride, (n + 2p - f) // s + 1.",
        "en": "The output is off by {delta} ({found} instead of {expected}): check the padding/stride arithmetic, (n + 2p - f) // s + 1.",
    },
    "mistake.off-by-one": {
        "de": "Das Ergebnis ist um {delta} daneben: typischer Fehler bei Padding/Stride (das +1 oder das 2p vergessen?).",
        "en": "The result is off by {delta}: a typical padding/stride slip (forgot the +1 or the 2p?).",
    },
    "mistake.bias-forgotten": {
        "de": "Der Bias wurde vergessen: jeder Filter bzw. jedes Neuron hat zusätzlich einen Bias-Parameter.",
        "en": "The bias was forgotten: every filter or unit has one bias parameter as well.",
    },
    "mistake.channels-forgotten": {
        "de": "Die Eingabekanäle wurden vergessen: ein Filter hat f_h * f_w * c_in Gewichte, nicht nur f_h * f_w.",
        "en": "The input channels were forgotten: a filter has f_h * f_w * c_in weights, not just f_h * f_w.",
    },
    "mistake.pool-rounded-up": {
        "de": "Beim Pooling wurde aufgerundet (z.B. 7 -> 4 statt 3). MaxPooling2D mit padding='valid' rundet ab.",
        "en": "Pooling was rounded up (e.g. 7 -> 4 instead of 3). MaxPooling2D with padding='valid' rounds down.",
    },
    "mistake.shifted-by-one": {
        "de": "Die Einträge sind um eine Schicht verschoben: jede Schicht (auch parameterfreie wie Pooling, Flatten, Dropout) braucht einen eigenen Eintrag.",
        "en": "The entries are shifted by one layer: every layer (also parameter-free ones such as pooling, flatten, dropout) needs its own entry.",
    },
    "mistake.sum-of-own-list": {
        "de": "Die Summe passt zu deiner eigenen Liste `{list}`; der Fehler steckt also in den Einträgen dieser Liste.",
        "en": "The total matches your own list `{list}`, so the mistake is in that list's entries.",
    },
    "mistake.wrong-pool-mode": {
        "de": "Die Betriebsart ist vertauscht: mode='max' nimmt das Maximum, mode='mean' den Mittelwert des Fensters.",
        "en": "The mode is mixed up: mode='max' takes the window's maximum, mode='mean' its mean.",
    },
    # -- validation -------------------------------------------------------------------------------
    "validate.ok": {"de": "{assignment}: in Ordnung", "en": "{assignment}: OK"},
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
}


def render(message: Message, lang: str) -> str:
    """Renders a message. A parameter may itself be a Message, or a spec's ``{de = ..., en = ...}``
    table; both are rendered in the same language first."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    template = CATALOGUE[message.key][lang]
    return template.format(
        **{name: _localised(value, lang) for name, value in message.params.items()}
    )


def text(value: str | Message | None, lang: str) -> str:
    """A message rendered, a plain string as it is, nothing as an empty string: what a report
    shows for a field that may hold either (a problem, a rule's expected value...)."""
    if value is None:
        return ""
    return render(value, lang) if isinstance(value, Message) else str(value)


def _localised(value: Any, lang: str) -> Any:
    if isinstance(value, Message | Count | Decimal):
        return value.render(lang)
    if isinstance(value, list) and all(isinstance(item, Message) for item in value):
        return "; ".join(render(item, lang) for item in value)
    if isinstance(value, dict) and lang in value:
        return value[lang]
    return value
