"""Measuring model files in a separate process: loaded in Keras' safe mode, under OS limits, inside
the sandbox for a student's file.

The files have passed ``grader.intake.model_file`` first. The child (``evaluate_model``) counts the
parameters from the weights and, where asked, measures the accuracy as argmax == label on images
the student's kernel never saw. It writes plain JSON, which becomes a ``Measurement`` per file;
whatever goes wrong becomes ``loads=False`` with the reason, never an exception.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from grader.execute.launcher import launcher_command
from grader.execute.sandbox import Sandbox, wrap
from grader.intake.datasets import keras_backend
from grader.intake.model_facts import Measurement

EVALUATION_MEMORY_MB = 4096
EVALUATION_TIMEOUT_S = 300


@dataclass(frozen=True)
class Evaluation:
    """Images a model is measured on: already scaled and shaped as the models take them."""

    x: np.ndarray
    y: np.ndarray
    check_x: np.ndarray | None = None  # private images: a model fitted to x does worse here
    check_y: np.ndarray | None = None


@dataclass(frozen=True)
class MeasureJob:
    """The model files to measure in one process, and which of them to evaluate on the images."""

    files: tuple[tuple[Path, bool], ...]
    evaluation: Evaluation | None
    sandbox: Sandbox | None
    probe: np.ndarray | None = None  # the pool of the probe images the kernel answered


def measure(job: MeasureJob) -> tuple[Measurement, ...]:
    """One Measurement per file, in order; one process for all of them."""
    if not job.files:
        return ()
    with tempfile.TemporaryDirectory(prefix="measure-") as scratch:
        root = Path(scratch)
        (root / "home").mkdir()
        _write_inputs(root, job)
        problem = _run_child(root, job.sandbox)
        measured = tuple(
            Measurement.from_json(item) for item in _read_facts(root)[: len(job.files)]
        )
        missing = len(job.files) - len(measured)
        return measured + (Measurement(loads=False, error=problem),) * missing


def _read_facts(root: Path) -> list[object]:
    try:
        done = json.loads((root / "facts.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return done if isinstance(done, list) else []


def _write_inputs(root: Path, job: MeasureJob) -> None:
    jobs = []
    for index, (path, evaluate) in enumerate(job.files):
        copy = root / f"model-{index}.keras"
        copy.write_bytes(path.read_bytes())
        jobs.append({"model": str(copy), "evaluate": evaluate and job.evaluation is not None})
    (root / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    if job.probe is not None:
        np.save(root / "probe.npy", job.probe, allow_pickle=False)
    evaluation = job.evaluation
    if evaluation is None or not any(evaluate for _, evaluate in job.files):
        return
    np.save(root / "x.npy", evaluation.x, allow_pickle=False)
    np.save(root / "y.npy", evaluation.y, allow_pickle=False)
    if evaluation.check_x is not None and evaluation.check_y is not None:
        np.save(root / "check_x.npy", evaluation.check_x, allow_pickle=False)
        np.save(root / "check_y.npy", evaluation.check_y, allow_pickle=False)


def _run_child(root: Path, sandbox: Sandbox | None) -> str:
    """Runs the measuring process; returns why it ended early, if it did."""
    arguments = [str(root / "jobs.json"), str(root / "facts.json")]
    command = [sys.executable, "-m", "grader.execute.evaluate_model", *arguments]
    if sandbox is not None:
        command = wrap(command, sandbox, root, root)
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root / "home"),
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    if (backend := keras_backend()) is not None:  # the student's Keras on JAX loads the model
        environment["KERAS_BACKEND"] = backend
    try:
        completed = subprocess.run(
            launcher_command(EVALUATION_MEMORY_MB, EVALUATION_TIMEOUT_S) + command,
            cwd=root,
            env=environment,
            capture_output=True,
            timeout=EVALUATION_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"loading and evaluating took over {EVALUATION_TIMEOUT_S} s"
    tail = completed.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
    return f"the evaluation process ended: {tail[0][:300]}"
