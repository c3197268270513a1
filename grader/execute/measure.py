"""Measuring model files in a separate process: loaded in Keras' safe mode, under OS limits, inside
the sandbox for a student's file.

The files have passed ``grader.intake.model_file`` first. The child (``evaluate_model``) counts the
parameters from the weights and, where asked, measures the accuracy as argmax == label on images
the student's kernel never saw. It writes plain JSON, which becomes a ``Measurement`` per file;
whatever goes wrong becomes ``loads=False`` with the reason, never an exception.

Most of a measuring process's time on a small model is its start: Python importing Keras (and
TensorFlow). Nothing of that depends on a submission, so a ``StartedMeasurer`` starts in a scratch
folder of its own, imports Keras and waits; the job's files reach it only when it serves, and it
serves one job. A batch worker keeps the next one started (``MeasurerSpares``), as it keeps the
next kernel (``grader.execute.started``).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np

from grader.execute.launcher import launcher_command
from grader.execute.sandbox import Sandbox, effective, wrap
from grader.execute.started import SpareSlot
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
    """The model files to measure in one process, and which of them to evaluate on the images;
    ``spares``: a batch worker's measuring processes started ahead, where it has them."""

    files: tuple[tuple[Path, bool], ...]
    evaluation: Evaluation | None
    sandbox: Sandbox | None
    probe: np.ndarray | None = None  # the pool of the probe images the kernel answered
    spares: MeasurerSpares | None = None


def measure(job: MeasureJob) -> tuple[Measurement, ...]:
    """One Measurement per file, in order; one process for all of them (the spare, where it
    fits, else one started now), discarded after it."""
    if not job.files:
        return ()
    spares = job.spares
    with spares.take(job.sandbox) if spares is not None else StartedMeasurer(job.sandbox) as child:
        measured = child.serve(job)
    if spares is not None:  # the next one imports Keras while the rest of this grading runs
        spares.refill(job.sandbox)
    return measured


class StartedMeasurer:
    """One measuring process, started before its model files are known, serving one job.

    It starts under the limits and in the sandbox every measuring process gets, in a scratch
    folder of its own that holds a fresh ``$HOME`` and nothing else, imports Keras, and waits
    for a line on its standard input. ``serve`` writes the job's files (copies of the models,
    the images) into that folder, sends the line and waits for the process to end: the time
    limit counts from there. It serves once; ``close`` kills a process that is still running
    (one that never served has read nothing) and removes its folder."""

    def __init__(self, sandbox: Sandbox | None) -> None:
        self.sandbox = effective(sandbox) if sandbox is not None else None
        self._served = False
        self._stack = contextlib.ExitStack()
        try:
            self.root = Path(
                self._stack.enter_context(tempfile.TemporaryDirectory(prefix="measure-"))
            )
            (self.root / "home").mkdir()
            self._log = self._stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
            self.process = self._start()
            self._stack.callback(self._end)
        except BaseException:
            self._stack.close()
            raise

    def _start(self) -> subprocess.Popen[bytes]:
        root = self.root
        arguments = ["--wait", str(root / "jobs.json"), str(root / "facts.json")]
        command = [sys.executable, "-m", "grader.execute.evaluate_model", *arguments]
        if self.sandbox is not None:
            command = wrap(command, self.sandbox, root, root)
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root / "home"),
            "TF_CPP_MIN_LOG_LEVEL": "3",
        }
        if (backend := keras_backend()) is not None:  # the student's Keras on JAX loads the model
            environment["KERAS_BACKEND"] = backend
        return subprocess.Popen(
            launcher_command(EVALUATION_MEMORY_MB, EVALUATION_TIMEOUT_S) + command,
            cwd=root,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def serve(self, job: MeasureJob) -> tuple[Measurement, ...]:
        """The job's measurements, one per file; a second job is a grader bug."""
        if self._served:
            raise RuntimeError("a measuring process serves one job only")
        self._served = True
        _write_inputs(self.root, job)
        problem = self._run()
        measured = tuple(
            Measurement.from_json(item) for item in _read_facts(self.root)[: len(job.files)]
        )
        missing = len(job.files) - len(measured)
        return measured + (Measurement(loads=False, error=problem),) * missing

    def _run(self) -> str:
        """Lets the process go and waits for its end; returns why it ended early, if it did."""
        stdin = self.process.stdin
        assert stdin is not None
        with contextlib.suppress(OSError):  # ended already: its error output says why
            stdin.write(b"go\n")
            stdin.close()
        try:
            self.process.wait(timeout=EVALUATION_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return f"loading and evaluating took over {EVALUATION_TIMEOUT_S} s"
        self._log.seek(0)
        tail = self._log.read().decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        return f"the evaluation process ended: {tail[0][:300]}"

    def _end(self) -> None:
        if self.process.poll() is None:  # the launcher's child dies with it (parent-death signal)
            self.process.kill()
        self.process.wait()
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> StartedMeasurer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class MeasurerSpares:
    """A batch worker's next measuring process, started when the last one has served, or when
    a grading that will measure begins and none is waiting (``prepare``).

    ``take`` hands out the spare if it was started in the same (effective) sandbox and still
    runs, else one started now; ``refill`` starts the next. A spare is never a process that has
    served (there is no pool to return one to). ``close`` ends the spare: at the end of a batch
    no measuring process is left."""

    def __init__(self) -> None:
        self._slot: SpareSlot[StartedMeasurer] = SpareSlot()

    @property
    def spare(self) -> StartedMeasurer | None:
        return self._slot.peek()

    def take(self, sandbox: Sandbox | None) -> StartedMeasurer:
        spare = self._slot.claim()
        wanted = effective(sandbox) if sandbox is not None else None
        if spare is not None and (spare.sandbox != wanted or not spare.alive()):
            spare.close()
            spare = None
        return spare or StartedMeasurer(sandbox)

    def prepare(self, sandbox: Sandbox | None) -> None:
        """Starts one now where none is waiting: a grading that will measure a model begins,
        and the process imports Keras while the kernel runs."""
        if not self._slot.waiting():
            self.refill(sandbox)

    def refill(self, sandbox: Sandbox | None) -> None:
        try:
            started = StartedMeasurer(sandbox)
        except (RuntimeError, OSError):
            return  # the next take starts its own, and says why where it cannot
        self._slot.put(started)

    def close(self) -> None:
        self._slot.close()


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
    if job.probe is not None:
        np.save(root / "probe.npy", job.probe, allow_pickle=False)
    evaluation = job.evaluation
    if evaluation is not None and any(evaluate for _, evaluate in job.files):
        np.save(root / "x.npy", evaluation.x, allow_pickle=False)
        np.save(root / "y.npy", evaluation.y, allow_pickle=False)
        if evaluation.check_x is not None and evaluation.check_y is not None:
            np.save(root / "check_x.npy", evaluation.check_x, allow_pickle=False)
            np.save(root / "check_y.npy", evaluation.check_y, allow_pickle=False)
    (root / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")  # last: the job is whole
