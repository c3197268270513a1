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
    "model.untrusted_override": {
        "de": "`{name}` enthält die Schicht {layer}, deren Klasse Keras' eigenes {method} ersetzt; darauf verlässt sich der Grader, deshalb 0 Punkte für Architektur, Kompilieren und Training. Eine eigene Schicht darf __init__, build, call, compute_output_shape, get_config, from_config und eigene Hilfsmethoden definieren, sonst nichts von Keras überschreiben.",
        "en": "`{name}` holds the layer {layer}, whose class replaces Keras' own {method}; the grader relies on it, so architecture, compiling and training score 0. A layer of your own may define __init__, build, call, compute_output_shape, get_config, from_config and helper methods of its own, and override nothing else of Keras'.",
    },
    "model.custom_not_loaded": {
        "de": "Nicht unterstützte eigene Schicht {layers} in `{name}`: Der Grader führt deinen Code nicht außerhalb deines Notebooks aus, um das Modell zu laden. Was nur das geladene Modell zeigt (die aus den Gewichten gezählten Parameter, die vom Grader gemessene Genauigkeit), wird deshalb nicht geprüft, und dieser Punkt wird nicht vergeben. Das ist kein Manipulationsverdacht; Schichtfolge und Kompilieren werden normal bewertet. Mit Keras' eigenen Schichten gibt es diesen Punkt.",
        "en": "Unsupported custom layer {layers} in `{name}`: the grader does not run your code outside your notebook to load the model. What only the loaded model tells (its parameters counted from the weights, the accuracy the grader measures) is therefore not checked, and this point is not awarded. This is no suspicion of tampering; the layer list and compiling are graded as usual. Keras' own layers earn this point.",
    },
    "model.unbuilt": {
        "de": "`{name}` wurde nie gebaut: Keras kennt seine Eingabeform noch nicht, deshalb kann der Grader es weder lesen noch rechnen lassen. Gib ihm eine Eingabeform (keras.Input(shape=...) als erste Schicht) oder rufe es einmal mit Daten auf.",
        "en": "`{name}` was never built: Keras does not know its input shape yet, so the grader can neither read nor run it. Give it an input shape (keras.Input(shape=...) as its first layer) or call it once on data.",
    },
    "model.inputs": {
        "de": "`{name}` hat {n} Eingänge; die Aufgabe erwartet einen Eingang der Form {expected}.",
        "en": "`{name}` has {n} inputs; the task expects one input of shape {expected}.",
    },
    "model.inputs_any": {
        "de": "`{name}` hat {n} Eingänge; die Aufgabe erwartet ein Modell mit einem Eingang.",
        "en": "`{name}` has {n} inputs; the task expects a model with one input.",
    },
    "model.outputs": {
        "de": "`{name}` hat {n} Ausgänge; die Aufgabe erwartet einen Ausgang (eine Bewertung je Klasse).",
        "en": "`{name}` has {n} outputs; the task expects one output (one score per class).",
    },
    "model.open_input": {
        "de": "`{name}` nimmt Eingaben der Form {found}: eine offen gelassene Größe (None) kann der Grader nicht prüfen; die Aufgabe erwartet einen Eingang der Form {expected}.",
        "en": "`{name}` takes inputs of shape {found}: a size left open (None) cannot be checked by the grader; the task expects one input of shape {expected}.",
    },
    "model.open_input_any": {
        "de": "`{name}` nimmt Eingaben der Form {found}: eine offen gelassene Größe (None) kann der Grader nicht prüfen; gib jede Größe an, z.B. keras.Input(shape=(32, 32, 1)).",
        "en": "`{name}` takes inputs of shape {found}: a size left open (None) cannot be checked by the grader; give every size, e.g. keras.Input(shape=(32, 32, 1)).",
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
    "tamper.saved_layer": {
        "de": "die gespeicherte Datei gibt Schicht {index} anders an, als das Modell im Notebook sie hat (beim Speichern verändert)",
        "en": "the saved file states layer {index} otherwise than the notebook's model has it (changed while it was saved)",
    },
    "tamper.saved_layers": {
        "de": "die gespeicherte Datei nennt andere Schichten, als das Modell im Notebook hat (beim Speichern verändert)",
        "en": "the saved file names other layers than the notebook's model has (changed while it was saved)",
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
