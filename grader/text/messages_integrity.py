"""The catalogue's sentences about integrity: malformed files, untrusted models, what the guard
observed in the kernel. Kept beside ``grader.text.messages`` (which merges them into its catalogue) so
that neither table grows past review size; same rules: every sentence in German and English,
with the same placeholders."""

from __future__ import annotations

INTEGRITY_MESSAGES: dict[str, dict[str, str]] = {
    # -- malformed files ---------------------------------------------------------------------
    "file.duplicate_key": {
        "de": "{path}: der Schlüssel {name} kommt in einem Objekt zweimal vor; Jupyter schreibt so etwas nie, speichere das Notebook neu aus Jupyter",
        "en": "{path}: the key {name} occurs twice in one object; Jupyter never writes that, save the notebook again from Jupyter",
    },
    "file.too_deep": {
        "de": "{path}: das JSON ist tiefer als {limit} Ebenen verschachtelt",
        "en": "{path}: the JSON nests deeper than {limit} levels",
    },
    "file.huge_number": {
        "de": "{path}: enthält eine Zahl mit Tausenden Ziffern; so etwas schreibt Jupyter nicht",
        "en": "{path}: holds a number with thousands of digits; Jupyter does not write such numbers",
    },
    "file.too_large_parsed": {
        "de": "{path}: zu groß, um gelesen zu werden",
        "en": "{path}: too large to be read",
    },
    "file.bad_structure": {
        "de": "{path}: kein gültiges Notebook: {problem}",
        "en": "{path}: not a valid notebook: {problem}",
    },
    "json.surrogate": {
        "de": "ein Text enthält ein ungültiges Zeichen (ein einzelnes UTF-16-Surrogat wie \\ud800), das sich nicht als UTF-8 speichern lässt",
        "en": "a string holds an invalid character (a lone UTF-16 surrogate such as \\ud800) that cannot be saved as UTF-8",
    },
    "json.too_deep": {
        "de": "Daten tiefer als {limit} Ebenen verschachtelt",
        "en": "data nested deeper than {limit} levels",
    },
    "structure.metadata": {
        "de": "'metadata' muss ein Objekt sein, gefunden {found}",
        "en": "'metadata' must be an object, found {found}",
    },
    "structure.minor": {
        "de": "'nbformat_minor' muss eine ganze Zahl sein, gefunden {found}",
        "en": "'nbformat_minor' must be an integer, found {found}",
    },
    "structure.cells": {
        "de": "'cells' muss eine Liste sein, gefunden {found}",
        "en": "'cells' must be a list, found {found}",
    },
    "structure.no_cells": {
        "de": "das Feld 'cells' (die Liste der Zellen) fehlt",
        "en": "the field 'cells' (the list of cells) is missing",
    },
    "structure.too_many_cells": {
        "de": "{n} Zellen, höchstens {limit} werden angenommen",
        "en": "{n} cells, at most {limit} are accepted",
    },
    "structure.cell": {"de": "Zelle {cell}: {problem}", "en": "cell {cell}: {problem}"},
    "structure.cell_not_object": {
        "de": "keine Zelle (ein Objekt erwartet, gefunden {found})",
        "en": "not a cell (an object expected, found {found})",
    },
    "structure.cell_type": {
        "de": "unbekannter Zelltyp {found} (erwartet code, markdown oder raw)",
        "en": "unknown cell type {found} (expected code, markdown or raw)",
    },
    "structure.cell_metadata": {
        "de": "'metadata' der Zelle muss ein Objekt sein, gefunden {found}",
        "en": "the cell's 'metadata' must be an object, found {found}",
    },
    "structure.source": {
        "de": "'source' muss Text oder eine Liste von Textzeilen sein, gefunden {found}",
        "en": "'source' must be text or a list of lines, found {found}",
    },
    "structure.source_too_long": {
        "de": "der Code ist {size} Zeichen lang, höchstens {limit} werden angenommen",
        "en": "its source has {size} characters, at most {limit} are accepted",
    },
    # -- models the grader cannot trust ------------------------------------------------------
    "model.untrusted_class": {
        "de": "`{name}` ist ein {found}, keine von Keras' eigenen Modellklassen (Sequential oder funktional). Einem solchen Objekt glaubt der Grader nicht, was es über sich sagt; deshalb 0 Punkte für Architektur, Kompilieren und Training. Baue das Modell mit keras.Sequential([...]) oder keras.Model(inputs, outputs) aus Keras' Schichten.",
        "en": "`{name}` is a {found}, not one of Keras' own model classes (Sequential or functional). The grader does not take such an object's word about itself, so architecture, compiling and training score 0. Build the model with keras.Sequential([...]) or keras.Model(inputs, outputs) from Keras' layers.",
    },
    "model.untrusted_layer": {
        "de": "`{name}` enthält die Schicht {found}, die keine von Keras' eigenen Schichtklassen ist; deshalb 0 Punkte für Architektur, Kompilieren und Training. Verwende Keras' Schichten (layers.Conv2D, layers.Dense, ...).",
        "en": "`{name}` holds the layer {found}, which is not one of Keras' own layer classes, so architecture, compiling and training score 0. Use Keras' layers (layers.Conv2D, layers.Dense, ...).",
    },
    "model.tampered": {
        "de": "`{name}` wurde nicht bewertet: {reason}. Was das Modell über sich sagt, ist damit nicht mehr vertrauenswürdig; deshalb 0 Punkte für Architektur, Kompilieren und Training.",
        "en": "`{name}` was not graded: {reason}. What the model says about itself can then no longer be trusted, so architecture, compiling and training score 0.",
    },
    "tamper.patched": {
        "de": "{what} wurde im Notebook ersetzt",
        "en": "{what} was replaced in the notebook",
    },
    "tamper.instance": {
        "de": "die Methode {what} wurde am Objekt selbst überschrieben",
        "en": "the method {what} was overridden on the object itself",
    },
    "tamper.probe": {
        "de": "die gespeicherte Datei rechnet auf Prüfbildern des Graders etwas anderes als das Modell im Notebook (Abweichung {gap})",
        "en": "on the grader's probe images the saved file computes something else than the notebook's model (difference {gap})",
    },
    "tamper.probe_missing": {
        "de": "die Vorhersagen des Modells auf den Prüfbildern des Graders fehlen",
        "en": "the model's predictions on the grader's probe images are missing",
    },
    "tamper.guard": {
        "de": "der Schutz des Graders im Kernel wurde entfernt oder umgangen ({what})",
        "en": "the grader's guard in the kernel was removed or bypassed ({what})",
    },
    "tamper.model_flag": {
        "de": "Möglicherweise manipuliertes Modell `{name}`: {reason}.",
        "en": "Possibly tampered model `{name}`: {reason}.",
    },
    # -- the by-hand ban at run time ---------------------------------------------------------
    "runtime.banned": {
        "de": "`{function}` soll {what} von Hand berechnen, rief aber beim Prüfen {call} auf (zur Laufzeit beobachtet). Deshalb 0 Punkte für diese Aufgabe.",
        "en": "`{function}` must compute {what} by hand but called {call} while it was checked (observed at run time). This task therefore scores 0.",
    },
    "runtime.clean": {
        "de": "`{function}` verwendet keine Bibliotheksfunktion für {what}, weder im Code noch in den Aufrufen, die der Grader beobachtet hat.",
        "en": "`{function}` uses no library function for {what}, neither in its code nor in the calls the grader observed.",
    },
    "runtime.tampered": {
        "de": "`{function}` schaltete beim Prüfen den Beobachter des Graders ab ({notes}); das kostet die Aufgabe wie ein Bibliotheksaufruf. Zur Prüfung durch das Kursteam markiert.",
        "en": "`{function}` switched the grader's observer off while it was checked ({notes}); that costs the task as a library call would. Flagged for review by the course team.",
    },
    "runtime.undecidable": {
        "de": "Ob `{function}` von Hand rechnet, ließ sich nicht sicher prüfen: {notes}. Zur Prüfung durch das Kursteam markiert.",
        "en": "Whether `{function}` computes by hand could not be checked for sure: {notes}. Flagged for review by the course team.",
    },
    "runtime.dynamic": {
        "de": "`{function}` erzeugt Code oder Namen erst zur Laufzeit ({constructs}); das verdeckt, was die Funktion aufruft. Zur Prüfung durch das Kursteam markiert.",
        "en": "`{function}` builds code or names at run time ({constructs}), which hides what it calls. Flagged for review by the course team.",
    },
    "runtime.unobserved": {
        "de": "`{function}` konnte beim Prüfen nicht beobachtet werden ({reason}). Zur Prüfung durch das Kursteam markiert.",
        "en": "`{function}` could not be observed while it was checked ({reason}). Flagged for review by the course team.",
    },
    # -- data splits ---------------------------------------------------------------------------
    "split.near_copies": {
        "de": "{share} der Validierungsbilder sind (fast) Kopien von Trainingsbildern (Pixel für Pixel fast gleich, z.B. mit Rauschen, anderer Helligkeit oder um ein, zwei Pixel verschoben): die Validierung misst dann Auswendiglernen",
        "en": "{share} of the validation images are (near) copies of training images (nearly identical pixel for pixel, e.g. with noise, changed brightness or shifted by a pixel or two): validation then measures memorising",
    },
}
