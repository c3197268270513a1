"""Every catalogue message that can show a number or an array, rendered in both languages with the
values the grader really passes: counts and measured numbers as each language writes them
(10.000 / 10,000; 0,9248 / 0.9248; 12 % / 12%), a student's arrays as Python literals cut at
element boundaries, and no sentence that contradicts itself. A new message with such a
placeholder fails ``test_every_message_with_a_number_is_covered`` until it is added here."""

from __future__ import annotations

import string
from typing import Any

import numpy as np
import pytest

from grader.rules.helpers.answers_text import kind_of, wrong_value
from grader.rules.helpers.compare import describe
from grader.text.messages import CATALOGUE, Message, msg, render
from grader.text.numbers import Count, Decimal, Number, Percent

BIG = np.arange(64).reshape(8, 8)
ODD = BIG.copy()
ODD[2, 3] = 99
# key -> (params, {lang: fragments the rendering must contain})
CASES: dict[str, tuple[dict[str, Any], dict[str, tuple[str, ...]]]] = {
    "batch.worker_died": ({"n": 2}, {"de": ("2-mal",), "en": ("died 2 times",)}),
    "file.too_deep": (
        {"path": "nb.ipynb", "limit": Count(1000)},
        {"de": ("1.000",), "en": ("1,000",)},
    ),
    "json.too_deep": ({"limit": Count(1000)}, {"de": ("1.000",), "en": ("1,000",)}),
    "split.near_copies": ({"share": Percent(0.42)}, {"de": ("42 %",), "en": ("42%",)}),
    "structure.cell": ({"cell": 3, "problem": "x"}, {"de": ("3",), "en": ("cell 3",)}),
    "structure.source_too_long": (
        {"size": Count(250000), "limit": Count(100000)},
        {"de": ("250.000", "100.000"), "en": ("250,000", "100,000")},
    ),
    "structure.too_many_cells": (
        {"n": Count(6000), "limit": Count(5000)},
        {"de": ("6.000", "5.000"), "en": ("6,000", "5,000")},
    ),
    "tamper.probe": ({"gap": Number(0.0123)}, {"de": ("0,0123",), "en": ("0.0123",)}),
    "tamper.saved_layer": (
        {"index": 3},
        {"de": ("Schicht 3 anders",), "en": ("layer 3 otherwise",)},
    ),
    "layer.own": (
        {"index": 7, "found": "TanhDense", "expected": "Dense(84, tanh)"},
        {"de": ("Schicht 7: deine eigene Schichtklasse TanhDense",), "en": ("layer 7: your own",)},
    ),
    "model.inputs": (
        {"name": "model", "n": 2, "expected": "(32, 32, 1)"},
        {"de": ("2 Eingänge", "(32, 32, 1)"), "en": ("2 inputs", "(32, 32, 1)")},
    ),
    "model.inputs_any": ({"name": "model", "n": 3}, {"de": ("3 Eingänge",), "en": ("3 inputs",)}),
    "model.outputs": ({"name": "model", "n": 2}, {"de": ("2 Ausgänge",), "en": ("2 outputs",)}),
    "model.open_input": (
        {"name": "model", "found": "(None, None, 1)", "expected": "(32, 32, 1)"},
        {"de": ("(None, None, 1)", "(32, 32, 1)"), "en": ("(None, None, 1)", "(32, 32, 1)")},
    ),
    "model.open_input_any": (
        {"name": "model", "found": "(None, 28, 1)"},
        {"de": ("(None, 28, 1)",), "en": ("(None, 28, 1)",)},
    ),
    "cli.export_written": (
        {"path": "x.csv", "n": Count(1200)},
        {"de": ("1.200 Noten eingetragen",), "en": ("1,200 grades filled",)},
    ),
    "csv.quote_not_closed": (
        {"path": "r.csv", "line": Count(1200)},
        {"de": ("r.csv: Zeile 1.200",), "en": ("r.csv: line 1,200",)},
    ),
    "csv.text_after_quote": (
        {"path": "r.csv", "line": 3},
        {"de": ("r.csv: Zeile 3",), "en": ("r.csv: line 3",)},
    ),
    "roster.no_id": ({"path": "r.csv", "line": 3}, {"de": ("Zeile 3",), "en": ("line 3",)}),
    "roster.id_twice": (
        {"path": "r.csv", "line": 3, "student": "11140102"},
        {"de": ("Zeile 3: student_id 11140102",), "en": ("line 3: student_id 11140102",)},
    ),
    "validate.kernel_ok": (
        {"file": "course.toml", "n": Count(1200), "where": msg("validate.in_sandbox")},
        {"de": ("1.200 Pakete lassen sich in der",), "en": ("1,200 packages import in the",)},
    ),
    "validate.check_problem": (  # "check": a check's id, not a measured number
        {"check": "lenet_total/sum", "problem": "x"},
        {"de": ("Prüfung lenet_total/sum: x",), "en": ("check lenet_total/sum: x",)},
    ),
    "validate.given_differ": (
        {"index": 3, "assignment": "02_parameters"},
        {"de": ("Zelle #3",), "en": ("given cell #3",)},
    ),
    "cli.export_lossy": ({"n": Count(1200)}, {"de": ("1.200 Zeichen",), "en": ("1,200 char",)}),
    "lms.sheet_maximum": (
        {"file": "x.csv", "sheet": Number(7.5), "assignment": "01", "max": Number(10.0)},
        {"de": ("Bestwertung 7,5", "höchstens 10 Punkte"), "en": ("grade 7.5", "at most 10")},
    ),
    "report.total_of_graded": (
        {"total": "7,5/20", "n": 2, "of": 3},
        {"de": ("7,5/20", "Blätter mit Note: 2 von 3"), "en": ("7,5/20", "a grade: 2 of 3")},
    ),
    "picture.band": (
        {"zero": "0,88", "full": "0,92"},
        {"de": ("0,88–0,92",), "en": ("0,88–0,92",)},
    ),
    "cli.roster_merged": (
        {"out": "o", "added": Count(1200), "changed": Count(1), "kept": Count(2), "n": Count(1203)},
        {"de": ("1.200 hinzugefügt", "1.203 Studierende"), "en": ("1,200 added", "1,203 students")},
    ),
    "decide.out_of_range": (
        {"task": "t", "assignment": "a", "student": "s", "value": Number(2.5), "max": Number(2)},
        {"de": ("2,5 liegt nicht zwischen 0 und 2",), "en": ("2.5 is not between 0 and 2",)},
    ),
    "cli.graded": (
        {
            "n": Count(1200),
            "seconds": Number(75.6),
            "counts": "x",
            "skipped": Count(3),
            "unplaced": Count(0),
            "seed": 4,
        },
        {"de": ("1.200 Abgaben", "75,6 s"), "en": ("graded 1,200", "75.6 s")},
    ),
    "cli.count_pending": (
        {"n": Count(1200)},
        {"de": ("1.200 warten",), "en": ("1,200 wait",)},
    ),
    "summary.bin": (
        {"low": "9", "high": "10", "n": Count(1200)},
        {"de": ("9 bis unter 10", "1.200"), "en": ("9 to under 10", "1,200")},
    ),
    "summary.bin_full": ({"max": "10", "n": Count(1200)}, {"de": ("1.200",), "en": ("1,200",)}),
    "kit.built": (
        {"assignment": "01_convolution", "public": 9, "hidden": 10},
        {"de": ("9 öffentliche", "10 verdeckte"), "en": ("9 public", "10 hidden")},
    ),
    "kit.readme_version": (
        {"version": "0.1.0"},
        {"de": ("grader 0.1.0",), "en": ("grader 0.1.0",)},
    ),
    "report.kit_checks_ran": ({"public": 9}, {"de": ("9 öffentliche",), "en": ("9 public",)}),
    "free_text.pending_short": (
        {"words": Count(2), "min_words": 5},
        {"de": ("2 Wörter", "mindestens 5"), "en": ("2 words", "at least 5")},
    ),
    "notebook_check.unsaved": ({"n": Count(2)}, {"de": ("2 Zellen",), "en": ("2 cells",)}),
    "kit.old_keras": (
        {"assignment": "04_fashion_mnist_cnn", "version": "2.15.0"},
        {"de": ("Keras 2.15.0", "Keras 3"), "en": ("Keras 2.15.0", "Keras 3")},
    ),
    "report.kit_to_fix": ({"n": Count(3)}, {"de": ("3 Aufgaben",), "en": ("3 tasks",)}),
    "report.kit_passed_unjudged": ({"n": Count(5)}, {"de": ("5 Aufgaben",), "en": ("5 tasks",)}),
    "report.all_points_pending": ({"n": Count(2)}, {"de": ("2 Aufgaben",), "en": ("2 tasks",)}),
    "report.rank": (
        {"rank": 3, "of": 40, "accuracy": "0,9248"},
        {"de": ("3", "40", "0,9248"), "en": ("3", "40", "0,9248")},
    ),
    "review.cell": ({"index": 4}, {"de": ("Code-Zelle 4",), "en": ("Code cell 4",)}),
    "review.cell_count": (
        {"index": 4, "count": 12},
        {"de": ("Code-Zelle 4", "[12]"), "en": ("Code cell 4", "[12]")},
    ),
    "review.counts": (
        {"submissions": Count(1200), "flags": 3, "pending": 12},
        {"de": ("1.200", "3", "12"), "en": ("1,200", "3", "12")},
    ),
    "review.n_flags": ({"n": 2}, {"de": ("2",), "en": ("2",)}),
    "review.position": (
        {"i": Count(1200), "n": Count(1500)},
        {"de": ("1.200 von 1.500",), "en": ("1,200 of 1,500",)},
    ),
    "review.n_second_looks": ({"n": 1}, {"de": ("1",), "en": ("1",)}),
    "summary.graded_of": (
        {"graded": 38, "submissions": 40},
        {"de": ("38", "40"), "en": ("38 of 40",)},
    ),
    "report.checks_ran": (
        {"public": 9, "hidden": 10, "seed": 1234567},
        {
            "de": ("9 öffentliche", "10 verdeckte", "1234567"),
            "en": ("9 public", "10 hidden", "1234567"),
        },
    ),
    "report.cell_error": (
        {"cell": 4, "task": "conv2d", "error": "x"},
        {"de": ("Zelle 4",), "en": ("cell 4",)},
    ),
    "picture.threshold": ({"value": "0,92"}, {"de": ("Schwelle 0,92",), "en": ("threshold 0,92",)}),
    "picture.measured": ({"value": "0.9248"}, {"de": ("0.9248",), "en": ("0.9248",)}),
    "picture.channel": ({"index": 1}, {"de": ("Kanal [..., 1]",), "en": ("channel [..., 1]",)}),
    "picture.differs": ({"n": 2}, {"de": ("(2)",), "en": ("(2)",)}),
    "summary.counts": (
        {"students": 12, "submissions": 40},
        {"de": ("12 Studierende, 40 Abgaben",), "en": ("12 students, 40 submissions",)},
    ),
    "tamper.given_changed": (
        {"cell": 2, "line": "X = [[3, 2, 1, -1],"},
        {"de": ("Code-Zelle 2 der Vorlage",), "en": ("Given code cell 2 of the template",)},
    ),
    "tamper.answer_duplicated": (
        {"task": "conv2d", "n": 2},
        {"de": ("2 Antwortzellen",), "en": ("2 answer cells",)},
    ),
    "file.too_large": (
        {"path": "a.ipynb", "size": Decimal(20.3, 1), "limit": Count(20)},
        {
            "de": ("20,3 MB sind mehr als die erlaubten 20 MB",),
            "en": ("20.3 MB is larger than the limit of 20 MB",),
        },
    ),
    "file.not_json": (
        {"path": "a.ipynb", "line": 4, "column": 17, "detail": "Expecting value"},
        {"de": ("Zeile 4, Spalte 17",), "en": ("line 4, column 17",)},
    ),
    "file.bad_version": (
        {"path": "a.ipynb", "version": "99"},
        {"de": ("Notebook-Format 99",), "en": ("version 99",)},
    ),
    "file.ambiguous": (
        {"folder": "anna", "n": 2, "assignment": "01", "names": "a, b"},
        {"de": ("2 Notebooks",), "en": ("2 notebooks",)},
    ),
    "model.foreign_activation": (
        {
            "index": 8,
            "type": "Dense",
            "name": "dense_1",
            "function": "softmax_v2",
            "fix": "softmax",
        },
        {"de": ("Schicht 8",), "en": ("layer 8",)},
    ),
    "mistake.input_28": (
        {"kernel": "5x5", "maps": "4x4"},
        {
            "de": ("5x5-Kern trifft auf 4x4-Feature-Maps", "(28, 28, 1)"),
            "en": ("a 5x5 kernel meets 4x4", "(28, 28, 1)"),
        },
    ),
    "mistake.maps_too_small": (
        {"kernel": "5x5", "maps": "2x2"},
        {"de": ("5x5-Kern trifft auf 2x2",), "en": ("A 5x5 kernel meets 2x2",)},
    ),
    "layers.ok": ({"n": 8}, {"de": ("Alle 8 Schichten",), "en": ("All 8 layers",)}),
    "layers.partial": (
        {"matched": 7, "expected": 8, "n": 9},
        {"de": ("stimmen: 7 von 8", "9 Schichten"), "en": ("match: 7 of 8", "has 9 layers")},
    ),
    "layer.type": (
        {"index": 2, "found": "MaxPooling2D", "expected": "AveragePooling2D(2x2)"},
        {"de": ("Schicht 2",), "en": ("layer 2",)},
    ),
    "layer.settings": (
        {"index": 1, "type": "Conv2D", "settings": "x"},
        {"de": ("Schicht 1",), "en": ("layer 1",)},
    ),
    "layer.setting": (
        {"setting": "kernel_size", "found": "3x3", "expected": "5x5"},
        {"de": ("3x3, erwartet 5x5",), "en": ("3x3, expected 5x5",)},
    ),
    "layer.extra": (
        {"index": 8, "found": "Dense(42, tanh)"},
        {"de": ("Schicht 8",), "en": ("layer 8",)},
    ),
    "layer.missing": (
        {"index": 7, "expected": "Dense(84, tanh)"},
        {"de": ("Schicht 7",), "en": ("layer 7",)},
    ),
    # the course summary's slips: the same settings, no layer number
    "slip.layer_setting": (
        {"type": "Conv2D", "setting": "kernel_size", "found": "3x3", "expected": "5x5"},
        {"de": ("Conv2D: kernel_size 3x3 statt 5x5",), "en": ("Conv2D: kernel_size 3x3 instead",)},
    ),
    "slip.layer_type": (
        {"found": "MaxPooling2D", "expected": "AveragePooling2D(2x2)"},
        {"de": ("MaxPooling2D statt AveragePooling2D(2x2)",), "en": ("instead of Average",)},
    ),
    "slip.layer_extra": (
        {"found": "Dense(42, tanh)"},
        {"de": ("Schicht Dense(42, tanh)",), "en": ("layer Dense(42, tanh)",)},
    ),
    "slip.layer_missing": (
        {"expected": "Dense(84, tanh)"},
        {"de": ("Schicht Dense(84, tanh) der",), "en": ("layer Dense(84, tanh) of",)},
    ),
    "cli.references_ok": (
        {"assignment": "01", "n": Count(1200), "path": "c.json"},
        {"de": ("1.200 Erwartungen",), "en": ("1,200 seed-free expectations",)},
    ),
    "cluster.lost": (
        {"cluster": "tcp://h:8786", "n": Count(1200)},
        {"de": ("(1.200 aus diesem Lauf)",), "en": ("(1,200 from this run)",)},
    ),
    "cluster.no_resource": (
        {"resources": "GPU", "n": Count(1200), "cluster": "tcp://h:8786"},
        {"de": ("keiner der 1.200 Worker",), "en": ("none of the 1,200 workers",)},
    ),
    "input_params.ok": (
        {"shape": (32, 32, 1), "params": Count(61706)},
        {"de": ("(32, 32, 1)", "61.706 Parameter"), "en": ("(32, 32, 1)", "61,706 parameters")},
    ),
    "input.wrong": (
        {"found": (28, 28, 1), "expected": (32, 32, 1)},
        {
            "de": ("(28, 28, 1), erwartet (32, 32, 1)",),
            "en": ("(28, 28, 1), expected (32, 32, 1)",),
        },
    ),
    "params.wrong": (
        {"found": Count(44426), "expected": Count(61706)},
        {
            "de": ("44.426 Parameter", "erwartet 61.706"),
            "en": ("44,426 parameters", "expected 61,706"),
        },
    ),
    "accuracy.full": (
        {"accuracy": Decimal(0.9248), "n": Count(10000), "full": Decimal(0.92, 2)},
        {
            "de": ("0,9248", "10.000 Testbildern", "ab 0,92"),
            "en": ("0.9248", "10,000 test images", "from 0.92"),
        },
    ),
    "accuracy.partial": (
        {
            "accuracy": Decimal(0.9),
            "n": Count(10000),
            "zero": Decimal(0.88, 2),
            "full": Decimal(0.92, 2),
        },
        {"de": ("0,9000", "zwischen 0,88 und 0,92"), "en": ("0.9000", "between 0.88 and 0.92")},
    ),
    "accuracy.below": (
        {
            "accuracy": Decimal(0.5),
            "n": Count(2000),
            "zero": Decimal(0.88, 2),
            "full": Decimal(0.92, 2),
        },
        {
            "de": ("0,5000", "2.000", "unter 0,88", "von 0,88 bis 0,92, volle ab 0,92"),
            "en": ("0.5000", "2,000", "below 0.88", "from 0.88 to 0.92, full from 0.92"),
        },
    ),
    "accuracy.test_fitted": (
        {"accuracy": Decimal(0.99), "check": Decimal(0.85), "n": Count(2000)},
        {"de": ("0,9900", "0,8500", "2.000"), "en": ("0.9900", "0.8500", "2,000")},
    ),
    "contract.ok": (
        {"params": Count(1234567)},
        {"de": ("1.234.567 Parametern",), "en": ("1,234,567 parameters",)},
    ),
    "contract.conv": (
        {"found": 1, "expected": 2},
        {"de": ("1 Conv2D", "mindestens 2"), "en": ("1 Conv2D", "at least 2")},
    ),
    "accuracy.output_shape": (
        {"shape": (1, 1, 10)},
        {"de": ("Ausgabe der Form (1, 1, 10)",), "en": ("output of shape (1, 1, 10)",)},
    ),
    "contract.input": (
        {"found": (32, 32, 1), "expected": (28, 28, 1)},
        {
            "de": ("(32, 32, 1), verlangt (28, 28, 1)",),
            "en": ("(32, 32, 1), required (28, 28, 1)",),
        },
    ),
    "contract.output": (
        {"found": (5,), "classes": 10},
        {"de": ("(5,)", "10 Klassen"), "en": ("(5,)", "10 classes")},
    ),
    "contract.params": (
        {"found": Count(4200000), "limit": Count(3000000)},
        {"de": ("4.200.000", "3.000.000"), "en": ("4,200,000", "3,000,000")},
    ),
    "history.ok": (
        {"file": "history.json", "epochs": 12, "reading": "x"},
        {"de": ("12 Epochen",), "en": ("12 epochs",)},
    ),
    "history.read": (
        {"file": "history.json", "epochs": 3},
        {"de": ("3 Epochen",), "en": ("3 epochs",)},
    ),
    "history.lengths": ({"lengths": [3, 4]}, {"de": ("[3, 4]",), "en": ("[3, 4]",)}),
    "history.claim": (
        {"claimed": Decimal(0.99), "measured": Decimal(0.9248), "n": Count(10000)},
        {"de": ("0,9900", "0,9248", "10.000"), "en": ("0.9900", "0.9248", "10,000")},
    ),
    "doctor.claim": (
        {"valid": Decimal(0.912, 3), "measured": Decimal(0.571, 3)},
        {"de": ("0,912", "0,571"), "en": ("0.912", "0.571")},
    ),
    "doctor.int_dense": (
        {"shape": "(n,)", "loss": "categorical_crossentropy"},
        {"de": ("(n,)", "Klassennummern"), "en": ("(n,)", "class numbers")},
    ),
    "doctor.one_hot_sparse": (
        {"shape": "(n, 10)", "loss": "sparse_categorical_crossentropy"},
        {"de": ("(n, 10)", "one-hot"), "en": ("(n, 10)", "one-hot")},
    ),
    "doctor.overfitting": (
        {"train": Decimal(0.99, 3), "valid": Decimal(0.9, 3)},
        {"de": ("0,990", "0,900"), "en": ("0.990", "0.900")},
    ),
    "doctor.overfitting_from": (
        {"best": 6, "train": Decimal(1.0, 3), "valid": Decimal(0.823, 3)},
        {"de": ("Epoche 6", "1,000", "0,823"), "en": ("epoch 6", "1.000", "0.823")},
    ),
    "doctor.step.stop_early": (
        {"best": 6, "missing": "Dropout"},
        {"de": ("Epoche 6", "Dropout"), "en": ("epoch 6", "Dropout")},
    ),
    "doctor.still_improving": (
        {"before": Decimal(0.622, 3), "last": Decimal(0.65, 3), "epochs": 3},
        {"de": ("von 3 Epochen", "0,622", "0,650"), "en": ("of 3 epochs", "0.622", "0.650")},
    ),
    "doctor.stuck": (
        {"best": Decimal(0.11, 2), "epochs": 4},
        {"de": ("4 Epochen", "0,11"), "en": ("4 epochs", "0.11")},
    ),
    "doctor.underfitting": (
        {"train": Decimal(0.846, 3), "valid": Decimal(0.796, 3)},
        {"de": ("0,846", "0,796"), "en": ("0.846", "0.796")},
    ),
    "doctor.underfitting_small": (
        {"train": Decimal(0.846, 3), "valid": Decimal(0.796, 3), "params": Count(12750), "conv": 1},
        {"de": ("12.750", "Faltungsschichten: 1"), "en": ("12,750", "convolution layers: 1")},
    ),
    "doctor.tiny_validation": (
        {"n": Count(1200), "spread": Percent(0.021)},
        {"de": ("1.200 Bilder", "±2 %"), "en": ("1,200 images", "±2%")},
    ),
    "doctor.unscaled": (
        {"high": Decimal(255.0, 1)},
        {"de": ("255,0",), "en": ("255.0",)},
    ),
    "curve.fine": (
        {"train": Decimal(0.93, 3), "valid": Decimal(0.92, 3), "epochs": 10},
        {"de": ("0,930", "0,920"), "en": ("0.930", "0.920")},
    ),
    "split.disjoint_ok": (
        {"train": Count(55000), "valid": Count(5000)},
        {
            "de": ("55.000 Trainings-", "5.000 Validierungsbilder"),
            "en": ("55,000 training", "5,000 validation"),
        },
    ),
    "split.lengths": (
        {"x": "X_train", "y": "y_train", "nx": Count(55000), "ny": Count(60000)},
        {"de": ("55.000 Bilder", "60.000 Labels"), "en": ("55,000 images", "60,000 labels")},
    ),
    "split.overlap": ({"share": Percent(0.12)}, {"de": ("12 % der",), "en": ("12% of",)}),
    "split.shape": (
        {"name": "X_train", "found": (55000, 28, 28), "expected": ("n", 28, 28, 1)},
        {
            "de": ("(55000, 28, 28)", "('n', 28, 28, 1)"),
            "en": ("(55000, 28, 28)", "('n', 28, 28, 1)"),
        },
    ),
    "split.scale": (
        {"name": "X_train", "low": Number(0.0), "high": Number(255.0)},
        {"de": ("von 0 bis 255",), "en": ("from 0 to 255",)},
    ),
    "answer.missing_cell_error": (
        {"name": "x", "cell": msg("cell.ref", cell=6, task="V auf X"), "error": "e"},
        {"de": ("Zelle 6 (Aufgabe „V auf X“)",), "en": ("cell 6 (task “V auf X”)",)},
    ),
    "cell.ref": ({"cell": 4, "task": "conv2d"}, {"de": ("Code-Zelle 4",), "en": ("code cell 4",)}),
    "cell.ref_plain": ({"cell": 2}, {"de": ("Code-Zelle 2",), "en": ("code cell 2",)}),
    "cell.ref_count": (
        {"cell": 4, "count": 7, "task": "conv2d"},
        {"de": ("Code-Zelle 4 (", "Notebook [7])"), "en": ("code cell 4 (", "[7] in your")},
    ),
    "cell.ref_plain_count": (
        {"cell": 2, "count": 12},
        {"de": ("Code-Zelle 2 (", "[12])"), "en": ("code cell 2 ([12] in your",)},
    ),
    "error.cell_timeout": (
        {"seconds": "30"},
        {"de": ("länger als 30 s",), "en": ("longer than 30 s",)},
    ),
    "error.after_failed_cell": (
        {"name": "conv2d", "cell": msg("cell.ref_plain", cell=4), "cause": "c"},
        {"de": ("Zelle 4",), "en": ("cell 4",)},
    ),
    "problem.resource_limit": (
        {"cell": msg("cell.ref_plain", cell=16)},
        {"de": ("Zelle 16",), "en": ("cell 16",)},
    ),
    "problem.cell_timeout": (
        {"cell": msg("cell.ref_plain", cell=8), "seconds": "4"},
        {"de": ("Zelle 8 lief länger als 4 s",), "en": ("cell 8 ran longer than 4 s",)},
    ),
    "problem.notebook_timeout": (
        {"seconds": "600"},
        {"de": ("länger als 600 s",), "en": ("longer than 600 s",)},
    ),
    "value.wrong": (
        {"name": "rgb_filter_weights", "expected": describe(27), "found": describe(28.0)},
        {"de": ("Erwartet: 27; gefunden: 28",), "en": ("Expected: 27; found: 28",)},
    ),
    "shape.ok": (
        {"name": "feature_maps", "shape": (4, 4, 2)},
        {"de": ("(4, 4, 2)",), "en": ("(4, 4, 2)",)},
    ),
    "shape.wrong": (
        {"name": "feature_maps", "found": "(2, 4, 4)", "expected": (4, 4, 2)},
        {"de": ("(2, 4, 4), erwartet (4, 4, 2)",), "en": ("(2, 4, 4), expected (4, 4, 2)",)},
    ),
    "describe.array": (
        {"shape": (8, 8)},
        {"de": ("Array der Form (8, 8)",), "en": ("array of shape (8, 8)",)},
    ),
    "describe.shape": ({"shape": (8, 8)}, {"de": ("Form (8, 8)",), "en": ("shape (8, 8)",)}),
    "describe.length": ({"n": 14}, {"de": ("Länge 14",), "en": ("length 14",)}),
    "describe.list": ({"n": 14}, {"de": ("14 Einträgen",), "en": ("14 entries",)}),
    "cases.ok": (
        {"function": "f", "n": 8, "group": "g"},
        {"de": ("allen 8 Fällen",), "en": ("all 8 cases",)},
    ),
    "cases.wrong": (
        {"function": "f", "failed": 3, "n": 8, "group": "g", "example": "e"},
        {"de": ("3 von 8 Fällen",), "en": ("3 of 8 cases",)},
    ),
    "cases.example_public": (
        {"call": "output_size(28, 5)", "expected": describe(24), "found": describe(23)},
        {"de": ("sollte 24 ergeben, ergab aber 23",), "en": ("should give 24 but gave 23",)},
    ),
    "cases.example_public_differs": (
        {
            "call": "conv2d(...)",
            "shape": msg("describe.shape", shape=(8, 8)),
            "position": "[2, 3]",
            "found_at": "99",
            "expected_at": "19",
            "expected": describe(BIG),
            "found": describe(ODD),
        },
        {
            "de": ("Form (8, 8)", "[2, 3] 99 statt 19", "(8×8)"),
            "en": ("shape (8, 8)", "99 instead of 19 at position [2, 3]", "(8×8)"),
        },
    ),
    "cases.example_hidden": (
        {
            "call": "conv2d(...)",
            "expected": msg("describe.array", shape=(3, 4)),
            "found": describe(np.zeros((4, 4))),
        },
        {
            "de": ("Array der Form (3, 4)", "[[0, 0, 0, 0]"),
            "en": ("array of shape (3, 4)", "[[0, 0, 0, 0]"),
        },
    ),
    "cases.example_hidden_number": (
        {"call": "conv_params(7, 5, 351, 460)", "found": describe(5651100)},
        {
            "de": ("ergab 5651100, nicht den erwarteten Wert",),
            "en": ("gave 5651100, not the expected value",),
        },
    ),
    "cases.example_hidden_differs": (
        {
            "call": "conv2d(...)",
            "shape": msg("describe.shape", shape=(5, 6)),
            "position": "[0, 3]",
            "found_at": "7",
        },
        {
            "de": ("Form (5, 6)", "Position [0, 3]", "(7)"),
            "en": ("shape (5, 6)", "position [0, 3]", "(7)"),
        },
    ),
    "mistake.output-size": (
        {
            "delta": Count(1),
            "direction": msg("mistake.too_large"),
            "found": (5, 5),
            "expected": (4, 4),
        },
        {
            "de": ("um 1 zu groß", "(5, 5) statt (4, 4)"),
            "en": ("1 too large", "(5, 5) instead of (4, 4)"),
        },
    ),
    "mistake.one-kernel-dimension": (
        {"found": (6, 4), "k": 4, "used": "kernel.shape[0]"},
        {"de": ("Form (6, 4)", "4x4"), "en": ("shape (6, 4)", "4x4")},
    ),
    "mistake.off-by-one": (
        {"delta": Count(1), "direction": msg("mistake.too_small")},
        {"de": ("um 1 zu klein",), "en": ("1 too small",)},
    ),
}
# messages whose rendering comes out of the rules' own sentence builders
BUILT = {
    "value.differs": wrong_value("result_vertical", [[0, 2], [0, 3]], [[0, 3], [0, 2]], False),
    "value.differs_hidden": wrong_value("feature_maps", ODD, BIG, True),
    "value.wrong_hidden": wrong_value("fashion_total", 1412800, 1413834, True),
    "value.wrong_kind": wrong_value("fashion_total", [1, 2], 1413834, True),
}
BUILT_WORDS = {
    "value.differs": {
        "de": ("Form (2, 2)", "Position [0, 1] steht 2 statt 3", "[[0, 3], [0, 2]]"),
        "en": ("shape (2, 2)", "at position [0, 1] it has 2 instead of 3", "[[0, 3], [0, 2]]"),
    },
    "value.differs_hidden": {"de": ("Form (8, 8)", "(8×8)"), "en": ("shape (8, 8)", "(8×8)")},
    "value.wrong_hidden": {
        "de": ("1412800 ist nicht der erwartete Wert",),
        "en": ("1412800 is not the expected value",),
    },
    "value.wrong_kind": {
        "de": ("eine ganze Zahl", "[1, 2]"),
        "en": ("an integer is expected", "[1, 2]"),
    },
}
# placeholders that carry a number or an array wherever the grader fills them
NUMERIC = {
    "n", "failed", "matched", "index", "accuracy", "full", "zero", "check", "params", "shape",
    "limit", "size", "line", "column", "version", "epochs", "train", "valid", "gap", "best",
    "claimed", "measured", "share", "low", "high", "nx", "ny", "lengths", "seconds", "cell",
    "position", "found_at", "expected_at", "delta", "k", "value", "students", "submissions",
    "public", "hidden", "seed", "classes", "kernel", "maps", "expected", "found",
}  # fmt: skip
# keys whose "found"/"expected" are names, not numbers (a loss, a metric list, a type)
TEXT_ONLY = {
    "compiled.loss", "compiled.metric", "regularisation.ok", "history.not_dict",
    # "found" is a type or class name, a cell type, a layer's class
    "model.untrusted_class", "model.untrusted_layer", "structure.cell_metadata",
    "structure.cell_not_object", "structure.cell_type", "structure.cells", "structure.metadata",
    "structure.minor", "structure.source",
    "batch.worker_mismatch",  # found/expected: a grader version and grading basis
    "decide.no_grade",  # students: the ids graded for the assignment
    # a spec's own words, as written (a name, a title table, a check's id)
    "spec.assignment_name", "spec.title", "spec.title_strings", "spec.twice",
    "spec.unlisted_artifacts",
}  # fmt: skip


def _placeholders(key: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(CATALOGUE[key]["en"]) if name}


def test_every_message_with_a_number_is_covered():
    numeric = {k for k in CATALOGUE if _placeholders(k) & NUMERIC and k not in TEXT_ONLY}
    assert numeric - set(CASES) - set(BUILT) == set()


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("key", sorted(CASES))
def test_numbers_render_as_the_language_writes_them(key: str, lang: str) -> None:
    params, words = CASES[key]
    text = render(Message(key, params), lang)
    for fragment in words[lang]:
        assert fragment in text, (key, lang, text)
    assert "{" not in text and "}" not in text, (key, lang, text)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("key", sorted(BUILT))
def test_the_rules_sentences_render_in_both_languages(key: str, lang: str) -> None:
    message = BUILT[key]
    assert message.key == key
    text = render(message, lang)
    for fragment in BUILT_WORDS[key][lang]:
        assert fragment in text, (key, lang, text)


def test_a_hidden_value_never_shows_the_expected_one():
    for key in ("value.differs_hidden", "value.wrong_hidden", "value.wrong_kind"):
        for lang in ("de", "en"):
            text = render(BUILT[key], lang)
            assert "1413834" not in text and describe(BIG) not in text


def test_kinds_are_never_the_value_itself():
    assert render(kind_of(1413834), "en") == "an integer"
    assert render(kind_of(np.zeros((3, 4))), "de") == "ein Array der Form (3, 4)"
