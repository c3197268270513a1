"""Running a notebook's code cells in a fresh kernel with nbclient, one cell at a time.

The grader picks the kernel (a private kernelspec that starts ipykernel under OS limits); the
notebook's own kernelspec is ignored. Saved outputs and cell metadata never reach the kernel, so
nbclient's control tags (``skip-execution``, ``raises-exception``) in a submission do nothing. A
cell that raises or times out costs only itself: execution goes on, and after each task's last
answer cell a harvest cell exports that task's answers (see ``answers``). A kernel that dies ends
the run; the tasks harvested before it keep their answers.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

from grader.answers import TaskRequest, harvest_cell_source, read_answers, write_request
from grader.cgroup import pids_cgroup
from grader.datasets import seed_keras_cache
from grader.errors import ExecutionError
from grader.kernel_launcher import launcher_command
from grader.notebook import CodeCell
from grader.rules.base import Answer, call_key, digest_key, model_key
from grader.sandbox import Sandbox, wrap
from grader.spec import ExecutionLimits

KERNEL_NAME = "grader-python"
MAX_PIDS = 512  # processes and threads of one kernel, where a pids cgroup is available
PASSED_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


@dataclass(frozen=True)
class CellRecord:
    index: int
    task: str | None
    status: str  # ok | error | timeout | not_run
    error: str = ""


@dataclass
class ExecutionResult:
    cells: list[CellRecord] = field(default_factory=list)
    answers: dict[str, dict[str, Answer]] = field(default_factory=dict)
    kernel_died: bool = False
    notebook_timed_out: bool = False
    seconds: float = 0.0

    def cell_error_of(self, task: str) -> str | None:
        errors = [
            c.error for c in self.cells if c.task == task and c.status in ("error", "timeout")
        ]
        return errors[-1] if errors else None


def _kernelspec_dir(
    root: Path, limits: ExecutionLimits, workdir: Path, sandbox: Sandbox | None, cgroup: Path | None
) -> Path:
    """A private kernelspec: the launcher sets the limits, then becomes the (sandboxed) kernel."""
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    if sandbox is not None:
        kernel = wrap(kernel, sandbox, root, workdir)
    cpu_seconds = int(limits.notebook_timeout_s) + 30
    spec = {
        "argv": [*launcher_command(limits.memory_mb, cpu_seconds, cgroup), *kernel],
        "display_name": "grader",
        "language": "python",
        # signals cannot reach a kernel in its own session and PID namespace; a message can
        "interrupt_mode": "message" if sandbox is not None else "signal",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    return root / "kernels"


def _kernel_environment(home: Path) -> dict[str, str]:
    """A scrubbed environment: nothing of the grader's secrets or a hint that grading is on."""
    env = {key: os.environ[key] for key in PASSED_ENVIRONMENT if key in os.environ}
    env |= {
        "HOME": str(home),
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    return env


def _plan(cells: Sequence[CodeCell], tasks: Sequence[str]) -> list[CodeCell | str]:
    """Code cells with each task's harvest (a task id) placed after its last answer cell."""
    last_cell = {cell.task: position for position, cell in enumerate(cells) if cell.task in tasks}
    plan: list[CodeCell | str] = []
    for position, cell in enumerate(cells):
        plan.append(cell)
        plan += [task for task in tasks if last_cell.get(task) == position]
    return plan + [task for task in tasks if task not in last_cell]


def run_notebook(
    cells: Sequence[CodeCell],
    requests: Mapping[str, TaskRequest],
    limits: ExecutionLimits,
    workdir: Path,
    keep: Path,
    sandbox: Sandbox | None = None,
    keras_datasets: Mapping[str, Path] | None = None,
) -> ExecutionResult:
    """Executes the cells and harvests every task's answers; never raises for student errors.

    Model files the harvest exports are copied at once into ``keep``, a folder the kernel cannot
    see (not the workdir: later cells could swap a harvested model);
    ``keras_datasets`` (name -> IDX folder) are put into the kernel's own Keras cache."""
    with (
        tempfile.TemporaryDirectory(prefix="nb-") as scratch,
        pids_cgroup(MAX_PIDS) as cgroup,
    ):
        root = Path(scratch)
        (root / "home").mkdir()
        for name, folder in (keras_datasets or {}).items():
            seed_keras_cache(root / "home", name, folder)
        for task, request in requests.items():
            write_request(root / "exchange" / task, request, limits.call_timeout_s)
        kernels = _kernelspec_dir(root, limits, workdir, sandbox, cgroup)
        plan = _plan(cells, list(requests))
        return _run_plan(plan, requests, limits, workdir, root, kernels, keep)


def _run_plan(
    plan: list[CodeCell | str],
    requests: Mapping[str, TaskRequest],
    limits: ExecutionLimits,
    workdir: Path,
    root: Path,
    kernels: Path,
    keep: Path,
) -> ExecutionResult:
    result = ExecutionResult()
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                step.source
                if isinstance(step, CodeCell)
                else harvest_cell_source(root / "exchange" / step)
            )
            for step in plan
        ]
    )
    manager = AsyncKernelManager(
        kernel_name=KERNEL_NAME,
        transport="ipc",
        ip=str(root / "ipc"),
        connection_file=str(root / "connection.json"),  # inside the sandbox's one writable folder
        kernel_spec_manager=KernelSpecManager(
            kernel_dirs=[str(kernels)], ensure_native_kernel=False
        ),
    )
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=int(limits.cell_timeout_s),
        interrupt_on_timeout=True,
        force_raise_errors=True,
        error_on_timeout={
            "ename": "CellTimeoutError",
            "evalue": f"cell ran longer than {limits.cell_timeout_s:g} s",
            "traceback": [],
        },
        resources={"metadata": {"path": str(workdir)}},
        iopub_timeout=2,
        shutdown_kernel="immediate",
    )
    client.output = _discard_output  # type: ignore[method-assign]
    started = time.monotonic()
    try:
        with (
            open(root / "kernel.log", "wb") as log,
            client.setup_kernel(env=_kernel_environment(root / "home"), stdout=log, stderr=log),
        ):
            _execute_steps(client, notebook, plan, requests, limits, root, keep, result, started)
    except DeadKernelError:
        result.kernel_died = True
    except (RuntimeError, OSError) as error:
        if not result.cells:
            raise ExecutionError(f"the kernel could not be started: {error}") from error
        result.kernel_died = True
    _mark_unharvested(plan, requests, result)
    result.seconds = time.monotonic() - started
    return result


def _execute_steps(
    client: NotebookClient,
    notebook: nbformat.NotebookNode,
    plan: list[CodeCell | str],
    requests: Mapping[str, TaskRequest],
    limits: ExecutionLimits,
    root: Path,
    keep: Path,
    result: ExecutionResult,
    started: float,
) -> None:
    for position, step in enumerate(plan):
        if time.monotonic() - started > limits.notebook_timeout_s:
            result.notebook_timed_out = True
            return
        status, error = _execute_one(client, notebook.cells[position], position)
        if isinstance(step, CodeCell):
            result.cells.append(CellRecord(step.index, step.task, status, error))
        else:
            answers = read_answers(root / "exchange" / step, keep)
            if answers is None and status != "timeout":
                request = requests[step]
                detail = f"the answers could not be exported ({error or 'no manifest'})"
                answers = {
                    key: Answer("unsupported", detail=detail) for key in _answer_keys(request)
                }
            if answers is not None:
                result.answers[step] = answers


def _discard_output(
    outs: list[nbformat.NotebookNode], msg: dict, display_id: str | None, cell_index: int
) -> None:
    """Stores nothing: grades never come from outputs, so a cell printing without end costs the
    grader no memory (nbclient offers no hook for this, hence the one replaced method)."""
    return None


def _execute_one(
    client: NotebookClient, cell: nbformat.NotebookNode, position: int
) -> tuple[str, str]:
    try:
        client.execute_cell(cell, position, store_history=False)
    except CellExecutionError as error:
        if error.ename == "CellTimeoutError":
            return "timeout", f"{error.ename}: {error.evalue}"
        return "error", (f"{error.ename}: {error.evalue}" if error.evalue else error.ename)[:300]
    return "ok", ""


def _mark_unharvested(
    plan: list[CodeCell | str], requests: Mapping[str, TaskRequest], result: ExecutionResult
) -> None:
    """Tasks whose harvest never came back: the kernel died, or time ran out, before it."""
    status = "kernel_died" if result.kernel_died else "timeout"
    for task, request in requests.items():
        if task in result.answers:
            continue
        result.answers[task] = {key: Answer(status) for key in _answer_keys(request)}


def _answer_keys(request: TaskRequest) -> list[str]:
    return (
        list(request.values)
        + [model_key(name) for name in request.models]
        + [digest_key(name) for name in request.digests]
        + [call_key(call.id) for call in request.calls]
    )
