"""Running a notebook's code cells in a fresh kernel with nbclient, one cell at a time.

The grader picks the kernel (a private kernelspec that starts ipykernel under OS limits); the
notebook's own kernelspec is ignored. Saved outputs and cell metadata never reach the kernel, so
nbclient's control tags (``skip-execution``, ``raises-exception``) in a submission do nothing. A
cell that raises or times out costs only itself: execution goes on, and after each task's last
answer cell a harvest cell exports that task's answers (see ``exchange``). A kernel that dies ends
the run; the tasks harvested before it keep their answers.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

from grader.boundary import (
    Answer,
    AnswerKey,
    AnswerStatus,
    ExecutionLimits,
    StrEnum,
    TaskRequest,
    plain_text,
)
from grader.errors import ExecutionError
from grader.execute.exchange import (
    harvest_cell_source,
    read_answers,
    setup_cell_source,
    write_request,
)
from grader.execute.launcher import lower_cpu_limit_source
from grader.execute.sandbox import Sandbox
from grader.execute.started import Launch, StartedKernel, kernel_environment
from grader.intake.notebook import CodeCell

__all__ = ["KernelResult", "KernelRun", "kernel_environment", "run_kernel"]

# the share of a cell's time limit a harvest's calls may take together: the rest is left for
# exporting the answers, so a looping function never makes the cell time out
CALLS_SHARE = 0.75
SETUP_TIMEOUT_S = 120  # the guard's setup cell (which imports Keras where a model is exported)


@dataclass(frozen=True)
class KernelRun:
    """Everything one kernel run needs: which cells, what to harvest after each task, under
    which limits, in which folder, and what the kernel may see."""

    cells: tuple[CodeCell, ...]
    requests: Mapping[str, TaskRequest]  # task id -> its harvest, after the task's last cell
    limits: ExecutionLimits
    workdir: Path
    keep: Path  # model files the harvest exports are copied here at once (the kernel can't see it)
    sandbox: Sandbox | None = None
    keras_datasets: tuple[tuple[str, Path], ...] = ()  # name -> IDX folder, put in Keras' cache
    guard: bool = True  # install the guard before the first cell (off only to measure its cost)


class CellStatus(StrEnum):
    OK = "ok"
    ERROR = "error"
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class CellRecord:
    index: int
    task: str | None
    status: CellStatus
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status != CellStatus.OK


@dataclass(frozen=True)
class Harvest:
    task: str
    answers: Mapping[AnswerKey, Answer]


@dataclass(frozen=True)
class KernelResult:
    cells: tuple[CellRecord, ...]
    answers: Mapping[str, Mapping[AnswerKey, Answer]]  # task id -> its answers
    kernel_died: bool = False
    notebook_timed_out: bool = False
    seconds: float = 0.0


@dataclass(frozen=True)
class Setup:
    """A cell of the grader's own that runs before the notebook's (the guard, and an empty cell
    after it, so that IPython's last result no longer holds the guard's source)."""

    source: str


Step = CodeCell | Setup | str  # a cell, the grader's setup, or the task whose harvest runs here


def run_kernel(run: KernelRun, kernel: StartedKernel | None = None) -> KernelResult:
    """Executes the cells and harvests every task's answers; never raises for student errors.

    In ``kernel`` where one is given (started ahead, from this run's launch, in the run's
    working folder; its owner closes it), else in one started now in ``run.workdir`` and
    closed here. Whatever is the submission's (the requests, the guard's key, the cells) is
    given to the kernel only now."""
    if kernel is None:
        with StartedKernel(_launch(run), run.workdir) as fresh:
            return run_kernel(run, fresh)
    if not kernel.launch.serves(_launch(run)) or kernel.workdir != run.workdir:
        raise ValueError("the kernel was started for another launch or working folder")
    kernel.claim()
    for task, request in run.requests.items():
        write_request(
            kernel.root / "exchange" / task,
            request,
            run.limits.call_timeout_s,
            calls_budget_s=run.limits.cell_timeout_s * CALLS_SHARE,
        )
    key = secrets.token_hex(32) if run.guard else None
    return _run_steps(run, _steps(run, key, kernel.launch.cpu_seconds), kernel, key)


def _launch(run: KernelRun) -> Launch:
    return Launch.of(run.limits, run.sandbox, run.keras_datasets)


def _steps(run: KernelRun, key: str | None, started_cpu_s: int) -> tuple[Step, ...]:
    """Code cells with each task's harvest (a task id) placed after its last answer cell, and
    the guard's setup before them all; it first lowers the CPU time limit where the kernel
    was started with a higher one (a spare started for a longer notebook)."""
    tasks = list(run.requests)
    last_cell = {cell.task: i for i, cell in enumerate(run.cells) if cell.task in run.requests}
    keras = any(request.models for request in run.requests.values())
    banned = sorted({n for r in run.requests.values() for _, names in r.observe for n in names})
    cpu_seconds = _launch(run).cpu_seconds
    lower = lower_cpu_limit_source(cpu_seconds) if started_cpu_s != cpu_seconds else ""
    guard = setup_cell_source(key, keras, tuple(banned)) if key else ""
    setup = [Setup(lower + guard), Setup("pass")] if lower or guard else []
    steps: list[Step] = list(setup)
    for position, cell in enumerate(run.cells):
        steps.append(cell)
        steps += [task for task in tasks if last_cell.get(task) == position]
    return (*steps, *(task for task in tasks if task not in last_cell))


def _client(
    notebook: nbformat.NotebookNode, run: KernelRun, kernel: StartedKernel
) -> NotebookClient:
    client = NotebookClient(
        notebook,
        km=kernel.manager,
        timeout=int(run.limits.cell_timeout_s),
        interrupt_on_timeout=True,
        force_raise_errors=True,
        error_on_timeout={
            "ename": "CellTimeoutError",
            "evalue": f"cell ran longer than {run.limits.cell_timeout_s:g} s",
            "traceback": [],
        },
        resources={"metadata": {"path": str(run.workdir)}},
        iopub_timeout=2,
        shutdown_kernel="immediate",
    )
    client.output = _discard_output  # type: ignore[method-assign]
    return client


def _run_steps(
    run: KernelRun, steps: tuple[Step, ...], kernel: StartedKernel, key: str | None
) -> KernelResult:
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                step.source
                if isinstance(step, CodeCell | Setup)
                else harvest_cell_source(kernel.root / "exchange" / step)
            )
            for step in steps
        ]
    )
    client = _client(notebook, run, kernel)
    started = time.monotonic()
    done: list[CellRecord | Harvest | None] = []  # None: the notebook's time ran out
    died = False
    try:
        with client.setup_kernel(cleanup_kc=True):  # started already: only waits till it answers
            kernel.ready()
            harvests = _Harvests(kernel.root / "exchange", key)
            for step in _execute(client, steps, run, harvests, started):
                done.append(step)  # kept one by one: a kernel that dies keeps what came before
    except DeadKernelError:
        died = True
    except (RuntimeError, OSError) as error:
        if not done:
            raise ExecutionError(f"the kernel could not be started: {error}") from error
        died = True
    return _result(run, done, died, time.monotonic() - started)


@dataclass(frozen=True)
class _Harvests:
    """Where a run's harvests write their answers, and the key their manifests are signed with
    (None where no guard runs: nothing is signed)."""

    folder: Path
    key: str | None


def _execute(
    client: NotebookClient,
    steps: tuple[Step, ...],
    run: KernelRun,
    harvests: _Harvests,
    started: float,
) -> Iterator[CellRecord | Harvest | None]:
    for position, step in enumerate(steps):
        if time.monotonic() - started > run.limits.notebook_timeout_s:
            yield None
            return
        if isinstance(step, Setup):
            status, error = _execute_setup(client, position, run.limits.cell_timeout_s)
            if status == CellStatus.TIMEOUT:
                yield None  # the time ran out before the notebook's first cell: every task lost
                return
            if status == CellStatus.ERROR:  # no student code has run yet: the grader's fault
                raise ExecutionError(f"the grader's setup cell failed in the kernel: {error}")
            continue
        status, error = _execute_one(client, client.nb.cells[position], position)
        if isinstance(step, CodeCell):
            yield CellRecord(step.index, step.task, status, error)
            continue
        answers = read_answers(
            harvests.folder / step, run.keep, harvests.key, run.requests[step].seed
        )
        if answers is None and status != CellStatus.TIMEOUT:
            detail = f"the answers could not be exported ({error or 'no manifest'})"
            unsupported = Answer(AnswerStatus.UNSUPPORTED, detail=detail)
            answers = dict.fromkeys(run.requests[step].keys(), unsupported)
        if answers is not None:
            yield Harvest(step, answers)


def _result(
    run: KernelRun, done: list[CellRecord | Harvest | None], died: bool, seconds: float
) -> KernelResult:
    """What the steps returned; tasks whose harvest never came back get the reason (the
    kernel died, or the time ran out, before it)."""
    harvested = {step.task: step.answers for step in done if isinstance(step, Harvest)}
    lost = Answer(AnswerStatus.KERNEL_DIED if died else AnswerStatus.TIMEOUT)
    answers = {
        task: harvested[task] if task in harvested else dict.fromkeys(request.keys(), lost)
        for task, request in run.requests.items()
    }
    return KernelResult(
        cells=tuple(step for step in done if isinstance(step, CellRecord)),
        answers=answers,
        kernel_died=died,
        notebook_timed_out=None in done,
        seconds=seconds,
    )


def _discard_output(
    outs: list[nbformat.NotebookNode], msg: dict, display_id: str | None, cell_index: int
) -> None:
    """Stores nothing: grades never come from outputs, so a cell printing without end costs the
    grader no memory (nbclient offers no hook for this, hence the one replaced method)."""
    return None


def _execute_setup(
    client: NotebookClient, position: int, cell_timeout_s: float
) -> tuple[CellStatus, str]:
    """The grader's own cell, with time enough for importing Keras on a busy machine (the
    notebook's own cells keep their limit)."""
    limit = client.timeout
    client.timeout = int(max(cell_timeout_s, SETUP_TIMEOUT_S))
    try:
        return _execute_one(client, client.nb.cells[position], position)
    finally:
        client.timeout = limit


def _execute_one(
    client: NotebookClient, cell: nbformat.NotebookNode, position: int
) -> tuple[CellStatus, str]:
    try:
        client.execute_cell(cell, position, store_history=False)
    except CellExecutionError as error:
        if error.ename == "CellTimeoutError":
            return CellStatus.TIMEOUT, f"{error.ename}: {error.evalue}"
        text = f"{error.ename}: {error.evalue}" if error.evalue else error.ename
        return CellStatus.ERROR, plain_text(text)
    return CellStatus.OK, ""
