"""The catalogue's sentences of the training doctor (``grader.rules.helpers.doctor``): what it
found, the step it recommends, the class names of the course's data sets and the words of its
pictures. Kept beside ``grader.text.messages`` (which merges them into its catalogue); same
rules: every sentence in German and English, with the same placeholders."""

from __future__ import annotations

FASHION_CLASSES = (
    ("T-Shirt/Top", "T-shirt/top"),
    ("Hose", "trouser"),
    ("Pullover", "pullover"),
    ("Kleid", "dress"),
    ("Mantel", "coat"),
    ("Sandale", "sandal"),
    ("Hemd", "shirt"),
    ("Sneaker", "sneaker"),
    ("Tasche", "bag"),
    ("Stiefelette", "ankle boot"),
)

DOCTOR_MESSAGES: dict[str, dict[str, str]] = {
    "doctor.step": {
        "de": "Nächster Schritt: {step} Denn: {because}",
        "en": "Next step: {step} Because: {because}",
    },
    "doctor.step_and_more": {
        "de": "Nächster Schritt: {step} Denn: {because} Außerdem: {also}",
        "en": "Next step: {step} Because: {because} Also: {also}",
    },
    "doctor.sentences": {"de": "{first} {rest}", "en": "{first} {rest}"},
    # -- the set-up ------------------------------------------------------------------------
    "doctor.unscaled": {
        "de": "Die Trainingsbilder haben Pixelwerte bis {high}: Sie sind nicht auf [0, 1] skaliert.",
        "en": "The training images have pixel values up to {high}: they are not scaled to [0, 1].",
    },
    "doctor.step.scale": {
        "de": "Teile die Bilder durch 255 (X_train / 255.0, ebenso Validierungs- und Testbilder), dann trainiere neu.",
        "en": "Divide the images by 255 (X_train / 255.0, the validation and test images too), then train again.",
    },
    "doctor.one_hot_sparse": {
        "de": "Die Labels haben die Form {shape} (one-hot), der Loss {loss} erwartet aber Klassennummern.",
        "en": "The labels have the shape {shape} (one-hot), but the loss {loss} expects class numbers.",
    },
    "doctor.step.one_hot_sparse": {
        "de": 'Nimm loss="categorical_crossentropy" für one-hot-Labels, oder lass die Labels ganze Zahlen (ohne to_categorical) und behalte sparse_categorical_crossentropy.',
        "en": 'Use loss="categorical_crossentropy" for one-hot labels, or keep the labels as whole numbers (no to_categorical) with sparse_categorical_crossentropy.',
    },
    "doctor.int_dense": {
        "de": "Die Labels haben die Form {shape} (Klassennummern), der Loss {loss} erwartet aber one-hot-Labels.",
        "en": "The labels have the shape {shape} (class numbers), but the loss {loss} expects one-hot labels.",
    },
    "doctor.step.int_dense": {
        "de": 'Nimm loss="sparse_categorical_crossentropy" für Klassennummern (oder wandle die Labels mit keras.utils.to_categorical um).',
        "en": 'Use loss="sparse_categorical_crossentropy" for class numbers (or turn the labels into one-hot with keras.utils.to_categorical).',
    },
    "doctor.softmax_twice": {
        "de": "Das Modell wendet Softmax zweimal an (zwei Schichten mit softmax).",
        "en": "The model applies softmax twice (two layers with softmax).",
    },
    "doctor.step.one_softmax": {
        "de": "Lass Softmax nur in der letzten Dense-Schicht.",
        "en": "Keep softmax in the last Dense layer only.",
    },
    "doctor.logits_softmax": {
        "de": "Der Loss erwartet Logits (from_logits=True), die letzte Schicht gibt aber schon Softmax-Wahrscheinlichkeiten aus.",
        "en": "The loss expects logits (from_logits=True), but the last layer already outputs softmax probabilities.",
    },
    "doctor.step.logits": {
        "de": "Entferne from_logits=True aus dem Loss, oder lass die letzte Dense-Schicht ohne Aktivierung.",
        "en": "Remove from_logits=True from the loss, or leave the last Dense layer without an activation.",
    },
    "doctor.tiny_validation": {
        "de": "Die Validierung hat nur {n:Bild|Bilder}: Eine Genauigkeit darauf schwankt allein durch die Auswahl um etwa ±{spread}, die Lernkurven sagen darum wenig.",
        "en": "The validation has only {n:image|images}: an accuracy on them varies by about ±{spread} from the choice of images alone, so the learning curves say little.",
    },
    "doctor.step.more_validation": {
        "de": "Nimm mindestens 1.000 Bilder zur Validierung (etwa ein Zehntel der Trainingsdaten, z. B. mit validation_split=0.1) und trainiere neu.",
        "en": "Use at least 1,000 images for validation (about a tenth of the training data, e.g. validation_split=0.1) and train again.",
    },
    # -- does it learn at all ----------------------------------------------------------------
    "doctor.loss_nan": {
        "de": "Der Trainings-Loss wird in Epoche {epoch} NaN: Das Training ist divergiert.",
        "en": "The training loss becomes NaN in epoch {epoch}: the training diverged.",
    },
    "doctor.loss_exploded": {
        "de": "Der Trainings-Loss springt in Epoche {epoch} auf {loss} (Raten unter 10 Klassen ergäbe etwa 2,30): Das Training ist divergiert.",
        "en": "The training loss jumps to {loss} in epoch {epoch} (guessing among 10 classes gives about 2.30): the training diverged.",
    },
    "doctor.loss_grows": {
        "de": "Der Trainings-Loss steigt von {first} auf {last}, statt zu fallen.",
        "en": "The training loss grows from {first} to {last} instead of falling.",
    },
    "doctor.step.lower_rate": {
        "de": "Senke die Lernrate auf ein Zehntel (für Adam ist 0,001 ein guter Start) und trainiere neu.",
        "en": "Lower the learning rate to a tenth (0.001 is a good start for Adam) and train again.",
    },
    "doctor.stuck": {
        "de": "Die Trainingsgenauigkeit bleibt in {epochs} Epochen bei höchstens {best}, also beim Raten (0,10): Das Netz lernt nicht.",
        "en": "The training accuracy stays at {best} at most over {epochs} epochs, the level of guessing (0.10): the network does not learn.",
    },
    "doctor.step.stuck": {
        "de": "Prüfe den Aufbau: Eingaben auf [0, 1] skaliert, Labels passend zum Loss, Softmax nur in der letzten Schicht, eine Lernrate um 0,001.",
        "en": "Check the set-up: inputs scaled to [0, 1], labels that fit the loss, softmax in the last layer only, a learning rate around 0.001.",
    },
    "doctor.first_loss": {
        "de": "Der Loss der ersten Epoche ist {loss}, weit über dem Wert beim Raten (etwa 2,30): ein Zeichen für einen Fehler im Aufbau.",
        "en": "The first epoch's loss is {loss}, far above the loss of guessing (about 2.30): a sign of a set-up mistake.",
    },
    # -- the curves ---------------------------------------------------------------------------
    "doctor.overfitting_from": {
        "de": "Überanpassung: Der Validierungs-Loss ist in Epoche {best} am kleinsten und steigt danach, während der Trainings-Loss weiter fällt (zuletzt Training {train}, Validierung {valid}).",
        "en": "Over-fitting: the validation loss is lowest in epoch {best} and rises after it while the training loss keeps falling (last epoch: training {train}, validation {valid}).",
    },
    "doctor.overfitting": {
        "de": "Überanpassung: Training {train} gegen Validierung {valid} in der letzten Epoche.",
        "en": "Over-fitting: training {train} against validation {valid} in the last epoch.",
    },
    "doctor.step.stop_early": {
        "de": "Beende das Training bei Epoche {best} (keras.callbacks.EarlyStopping mit restore_best_weights=True) und regularisiere das Modell, mit dem, was es noch nicht nutzt: {missing}.",
        "en": "Stop the training at epoch {best} (keras.callbacks.EarlyStopping with restore_best_weights=True) and regularise the model with what it does not use yet: {missing}.",
    },
    "doctor.step.regularise": {
        "de": "Regularisiere das Modell mit dem, was es noch nicht nutzt: {missing}; und beende das Training, wenn die Validierung nicht mehr besser wird (EarlyStopping).",
        "en": "Regularise the model with what it does not use yet: {missing}; and stop the training once validation stops improving (EarlyStopping).",
    },
    "doctor.still_improving": {
        "de": "Die Validierungsgenauigkeit steigt in der letzten von {epochs} Epochen noch von {before} auf {last}: Das Training ist nicht zu Ende.",
        "en": "The validation accuracy still rises from {before} to {last} in the last of {epochs} epochs: the training has not finished.",
    },
    "doctor.step.more_epochs": {
        "de": "Trainiere mehr Epochen, bis die Validierungsgenauigkeit nicht mehr steigt (EarlyStopping hält dann von selbst an).",
        "en": "Train for more epochs, until the validation accuracy stops rising (EarlyStopping then stops by itself).",
    },
    "doctor.flat_loss": {
        "de": "Der Trainings-Loss fällt kaum (von {first} auf {last}): Das Netz lernt zu langsam.",
        "en": "The training loss hardly falls (from {first} to {last}): the network learns too slowly.",
    },
    "doctor.step.higher_rate": {
        "de": "Erhöhe die Lernrate (etwa um den Faktor 10) oder nimm Adam statt SGD.",
        "en": "Raise the learning rate (by about a factor of 10) or use Adam instead of SGD.",
    },
    "doctor.underfitting_small": {
        "de": "Unteranpassung: Training {train} und Validierung {valid} sind beide niedrig und steigen nicht mehr (Parameter des Modells: {params}, Faltungsschichten: {conv}).",
        "en": "Under-fitting: training {train} and validation {valid} are both low and no longer rising (the model's parameters: {params}, its convolution layers: {conv}).",
    },
    "doctor.underfitting": {
        "de": "Unteranpassung: Training {train} und Validierung {valid} sind beide niedrig und steigen nicht mehr.",
        "en": "Under-fitting: training {train} and validation {valid} are both low and no longer rising.",
    },
    "doctor.step.capacity": {
        "de": "Gib dem Modell mehr Kapazität: mehr Filter (etwa 32 und 64), eine weitere Faltungsschicht oder eine größere Dense-Schicht.",
        "en": "Give the model more capacity: more filters (say 32 and 64), another convolution layer or a larger Dense layer.",
    },
    # -- what else the numbers say -------------------------------------------------------------
    "doctor.noisy": {
        "de": "Die Validierungsgenauigkeit springt von Epoche zu Epoche um bis zu {jump}; eine kleinere Lernrate oder größere Batches glätten sie.",
        "en": "The validation accuracy jumps by up to {jump} from one epoch to the next; a lower learning rate or larger batches smooth it.",
    },
    "doctor.claim": {
        "de": "Die Historie nennt eine Validierungsgenauigkeit bis {valid}, auf den Testbildern misst der Grader {measured}: Waren Validierungsbilder auch Trainingsbilder, oder stammt die Modelldatei aus einem anderen Lauf?",
        "en": "The history claims a validation accuracy of up to {valid}; on the test images the grader measures {measured}: were validation images also training images, or is the model file from another run?",
    },
    "doctor.confusion": {
        "de": "Am häufigsten verwechselt: {true} als {predicted} ({count} von {of} Testbildern).",
        "en": "Most often confused: {true} taken for {predicted} ({count} of {of} test images).",
    },
    # -- pictures and the course view ---------------------------------------------------------
    "picture.confusion": {
        "de": "Konfusionsmatrix auf den Testbildern (Zeilen: wahre Klasse, Spalten: erkannte Klasse)",
        "en": "Confusion matrix on the test images (rows: true class, columns: predicted class)",
    },
    "picture.gallery": {
        "de": "Falsch erkannte Testbilder",
        "en": "Misclassified test images",
    },
    "picture.gallery_item": {
        "de": "wahr: {true}, erkannt: {predicted}",
        "en": "true: {true}, predicted: {predicted}",
    },
    "summary.doctor": {
        "de": "Trainingsdoktor: was die Modelle des Kurses zeigen",
        "en": "Training doctor: what the course's models show",
    },
    "summary.doctor_finding": {"de": "Befund", "en": "Finding"},
    "summary.doctor_confusion": {
        "de": "Am häufigsten verwechselt, über die Konfusionsmatrizen aller Modelle ({models}) zusammen: {true} als {predicted} ({count}-mal). Ein Thema für die nächste Vorlesung.",
        "en": "Most often confused, over the confusion matrices of all models ({models}) together: {true} taken for {predicted} ({count} times). A topic for the next lecture.",
    },
    **{
        f"doctor.kind.{key}": {"de": de, "en": en}
        for key, de, en in (
            ("unscaled", "Eingaben nicht auf [0, 1] skaliert", "inputs not scaled to [0, 1]"),
            ("labels_loss", "Labels passen nicht zum Loss", "labels that do not fit the loss"),
            ("softmax_twice", "Softmax zweimal", "softmax twice"),
            ("logits_softmax", "from_logits nach Softmax", "from_logits after softmax"),
            (
                "diverged",
                "Training divergiert (Lernrate zu hoch)",
                "training diverged (learning rate too high)",
            ),
            (
                "stuck",
                "Netz lernt nicht (Genauigkeit beim Raten)",
                "network does not learn (accuracy at chance)",
            ),
            ("first_loss", "erster Loss weit über dem Raten", "first loss far above guessing"),
            ("overfitting", "Überanpassung", "over-fitting"),
            ("not_converged", "nicht zu Ende trainiert", "training not finished"),
            ("underfitting", "Unteranpassung", "under-fitting"),
            ("noisy", "Validierung springt", "noisy validation"),
            ("tiny_validation", "Validierung zu klein", "validation set too small"),
            (
                "claim",
                "Validierung auf den Testbildern nicht bestätigt",
                "validation not confirmed on the test images",
            ),
            ("healthy", "gesunde Lernkurven", "healthy learning curves"),
        )
    },
    **{
        f"class.fashion-mnist.{index}": {"de": de, "en": en}
        for index, (de, en) in enumerate(FASHION_CLASSES)
    },
}
