"""A kernel started before its cells are known, and the one spare a batch worker keeps started.

Starting a sandboxed kernel (the launcher, bubblewrap, Python importing ipykernel) takes most of
a light notebook's grading. Nothing of that start depends on the submission: the limits, the
sandbox and the Keras cache in ``$HOME`` are the course's. So a ``StartedKernel`` is started
from a ``Launch`` alone, in a scratch folder, a working folder and a pids cgroup of its own, all
empty of any student's files; the submission (its cells, the exchange requests, the guard's key,
the data beside the notebook) reaches it only when it serves one run (``kernel.run_kernel``),
and it serves one run only: afterwards it is shut down and its folders and cgroup removed.

``Spares`` is a batch worker's supply: while a kernel serves one submission, the next one is
started, so the next submission finds a kernel ready instead of waiting for one. A spare is
never a used kernel (there is no pool to return one to); one that does not fit the next run
(other limits, another sandbox) or has died is discarded and a fresh one started. While it
waits, a spare runs beside the kernel of the current submission, which cannot reach it: each
has its own PID, network and IPC namespaces, its own pids cgroup and limits, and neither's
folders are bound into the other's sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from queue import Empty
from types import TracebackType
from typing import Any, Generic, Protocol, TypeVar

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from traitlets import Type

from grader.boundary import ExecutionLimits
from grader.errors import ExecutionError
from grader.execute.cgroup import pids_cgroup
from grader.execute.launcher import launcher_command
from grader.execute.sandbox import Sandbox, effective, wrap
from grader.intake.datasets import keras_backend, seed_keras_cache

KERNEL_NAME = "grader-python"
# ipykernel's own start (``python -m ipykernel_launcher``), except that its debugger is left
# out: ipykernel imports debugpy at start whenever it is installed (80 ms of CPU and 8 MB in
# every kernel, a quarter of its start), for a debugging session no grading opens. Only
# ipykernel's check sees debugpy missing; the notebook's code may still import it. numpy is
# imported first, as the guard's setup cell would before any student code (the guard and the
# harvest need it): in a spare, that happens while it waits instead of on the grading's path.
# Nothing of this start reaches the notebook's namespace.
KERNEL_MAIN = (
    "import sys\n"
    "try:\n    import numpy\nexcept Exception:\n    pass\n"
    "sys.modules['debugpy'] = None\nimport ipykernel.debugger\ndel sys.modules['debugpy']\n"
    "from ipykernel.kernelapp import launch_new_instance\nlaunch_new_instance()\n"
)
# IPython keeps no history database: every cell runs with store_history=False, and the SQLite
# file and its writer thread would only cost each kernel's start
KERNEL_OPTIONS = ("--HistoryManager.enabled=False",)
MAX_PIDS = 512  # processes and threads of one kernel, where a pids cgroup is available
PASSED_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


@dataclass(frozen=True)
class Launch:
    """What a kernel's start depends on, none of it a student's: the OS limits the launcher
    sets, the sandbox (in its effective form), and the data sets seeded into Keras' cache.
    Kernels started from equal launches are interchangeable until they serve a run."""

    memory_mb: int
    cpu_seconds: int
    sandbox: Sandbox | None
    keras_datasets: tuple[tuple[str, Path], ...] = ()

    @classmethod
    def of(
        cls,
        limits: ExecutionLimits,
        sandbox: Sandbox | None,
        keras_datasets: tuple[tuple[str, Path], ...] = (),
    ) -> Launch:
        """The CPU time limit leaves the notebook's whole time plus a margin for the start."""
        cpu_seconds = int(limits.notebook_timeout_s) + 30
        boxed = effective(sandbox) if sandbox is not None else None
        return cls(limits.memory_mb, cpu_seconds, boxed, keras_datasets)

    def serves(self, wanted: Launch) -> bool:
        """Whether a kernel started from this launch may serve a run that wants ``wanted``:
        equal but for a CPU time limit at least as high, which the run lowers to its own
        before its first cell (``launcher.lower_cpu_limit_source``). So one spare fits the
        next submission whichever of a course's light assignments it is (01 and 02 differ
        only in their notebook's time limit)."""
        return self.cpu_seconds >= wanted.cpu_seconds and wanted == replace(
            self, cpu_seconds=wanted.cpu_seconds
        )


def kernel_environment(home: Path) -> dict[str, str]:
    """A scrubbed environment: nothing of the grader's secrets or a hint that grading is on.

    What the course's Jupyter would do on a desktop must not fail without one and without
    network: Matplotlib draws off-screen (``plt.show()`` does nothing), and Weights & Biases
    logs offline, into ``wandb/`` in the notebook's folder, as ``wandb offline`` would."""
    env = {key: os.environ[key] for key in PASSED_ENVIRONMENT if key in os.environ}
    env |= {
        "HOME": str(home),
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "WANDB_MODE": "offline",
    }
    backend = keras_backend()  # the student's own Keras on JAX or PyTorch, without TensorFlow
    return env if backend is None else env | {"KERAS_BACKEND": backend}


def _welcomes() -> bool:
    """Whether the kernels here greet each new IOPub subscriber (``iopub_welcome``, ipykernel 7):
    the kernel runs on this Python, so the version installed here is the kernel's."""
    try:
        return int(version("ipykernel").split(".")[0]) >= 7
    except (PackageNotFoundError, ValueError):
        return False


class WelcomedClient(AsyncKernelClient):
    """jupyter_client's client, except that it knows when the kernel is ready instead of
    waiting out timeouts: jupyter_client's ``wait_for_ready`` learns that IOPub is live from a
    status message that a late subscription misses (then a 0.2 s retry), and then drains IOPub
    until 0.2 s pass in silence, on every kernel. Here the kernel's reply to ``kernel_info`` and
    the idle status after it end the wait; where the IOPub subscription went live only after
    that status (the kernel, ipykernel 7, greets each new subscriber with ``iopub_welcome``),
    one more ``kernel_info`` is asked, whose status is then sure to arrive."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        if not _welcomes():
            return await super()._async_wait_for_ready(timeout)
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        request = self.kernel_info()
        reply = await self._next(self.shell_channel, deadline, partial(_answers, request))
        first = await self._next(
            self.iopub_channel,
            deadline,
            lambda message: _idle_after(request, message) or _is_welcome(message),
        )
        if _is_welcome(first):  # subscribed just now: kernel_info's status may have gone unseen
            request = self.kernel_info()
            reply = await self._next(self.shell_channel, deadline, partial(_answers, request))
            await self._next(self.iopub_channel, deadline, partial(_idle_after, request))
        self._handle_kernel_info_reply(reply)
        return None

    async def _next(
        self, channel: Any, deadline: float, wanted: Callable[[dict[str, Any]], bool]
    ) -> dict[str, Any]:
        """The next message on ``channel`` that is ``wanted``, while the kernel lives."""
        while True:
            try:
                message = await ensure_async(channel.get_msg(timeout=1))
            except Empty:
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info") from None
                if time.monotonic() > deadline:
                    raise RuntimeError("the kernel did not answer in time") from None
                continue
            if wanted(message):
                return dict(message)


def _answers(request: str, message: dict[str, Any]) -> bool:
    return bool(message["parent_header"].get("msg_id") == request)


def _idle_after(request: str, message: dict[str, Any]) -> bool:
    return _answers(request, message) and message["content"].get("execution_state") == "idle"


def _is_welcome(message: dict[str, Any]) -> bool:
    return bool(message["msg_type"] == "iopub_welcome")


class KernelManager(AsyncKernelManager):
    """jupyter_client's manager, except that it waits for its kernel's exit as the OS reports
    it (a process file descriptor that becomes readable), where jupyter_client polls every
    0.1 s: every kernel's shutdown lies on its grading's path. Its clients wait for the
    kernel's welcome (``WelcomedClient``)."""

    client_factory = Type(WelcomedClient, klass=AsyncKernelClient)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        process = getattr(self.provisioner, "process", None)
        if process is None or process.returncode is not None or not hasattr(os, "pidfd_open"):
            return await super()._async_wait(pollinterval)
        try:  # the process is our unreaped child: its PID cannot have been reused
            descriptor = os.pidfd_open(process.pid)
        except OSError:
            return await super()._async_wait(pollinterval)
        loop = asyncio.get_running_loop()
        ended: asyncio.Future[None] = loop.create_future()
        loop.add_reader(descriptor, _settle, ended)
        try:
            if process.poll() is None:
                await ended
        finally:
            loop.remove_reader(descriptor)
            os.close(descriptor)
        return None


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class StartedKernel:
    """One kernel, started from a ``Launch`` in folders of its own, serving at most one run.

    The scratch folder holds the kernelspec, the connection file and IPC sockets, a fresh
    ``$HOME`` and later the run's exchange files; the working folder (the caller's, or a fresh
    empty one) is where the notebook's cells run. Both are bound into the sandbox when the
    kernel starts, so that what is written there later (the data beside the notebook, the
    requests) reaches the kernel without another start. ``close`` shuts the kernel down and
    removes the cgroup (with whatever is left in it) and the folders this object made."""

    def __init__(self, launch: Launch, workdir: Path | None = None) -> None:
        self.launch = launch
        self._stack = contextlib.ExitStack()
        self._after_ready: list[Callable[[], None]] = []
        self._served = False
        try:
            self.root = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="nb-")))
            self.workdir = workdir or Path(
                self._stack.enter_context(tempfile.TemporaryDirectory(prefix="work-"))
            )
            cgroup = self._stack.enter_context(pids_cgroup(MAX_PIDS))
            self.manager = self._start(cgroup)
            self._stack.callback(self._shut_down)
        except BaseException:
            self._stack.close()
            raise

    def _start(self, cgroup: Path | None) -> KernelManager:
        home = self.root / "home"
        home.mkdir()
        for name, folder in self.launch.keras_datasets:
            seed_keras_cache(home, name, folder)
        _write_kernelspec(self.root, self.launch, self.workdir, cgroup)
        ipc = os.name == "posix"  # Unix sockets in the scratch folder; Windows has only TCP
        manager = KernelManager(
            kernel_name=KERNEL_NAME,
            transport="ipc" if ipc else "tcp",
            ip=str(self.root / "ipc") if ipc else "127.0.0.1",
            connection_file=str(self.root / "connection.json"),  # inside the sandbox's folder
            kernel_spec_manager=KernelSpecManager(
                kernel_dirs=[str(self.root / "kernels")], ensure_native_kernel=False
            ),
        )
        env = kernel_environment(home)
        try:
            with open(self.root / "kernel.log", "wb") as log:  # the child keeps its own copy
                run_sync(manager.start_kernel)(env=env, stdout=log, stderr=log, cwd=self.workdir)
        except (RuntimeError, OSError) as error:
            raise ExecutionError(f"the kernel could not be started: {error}") from error
        return manager

    def alive(self) -> bool:
        """Whether the kernel's process (the launcher watching over it) still runs."""
        process = getattr(self.manager.provisioner, "process", None)
        return process is not None and process.poll() is None

    def claim(self) -> None:
        """Marks the kernel as serving its one run; a second claim is a grader bug."""
        if self._served:
            raise RuntimeError("a kernel serves one run only")
        self._served = True

    def after_ready(self, action: Callable[[], None]) -> None:
        """Something to do once the kernel has answered, before the first cell runs."""
        self._after_ready.append(action)

    def ready(self) -> None:
        actions, self._after_ready = self._after_ready, []
        for action in actions:
            action()

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> StartedKernel:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _shut_down(self) -> None:
        """What its run left of the kernel: all of it where it never served one (or its client
        never connected), nothing where nbclient shut it down; where it ended by itself,
        nbclient has only cleaned up and the process is reaped already."""
        manager = self.manager
        process = getattr(manager.provisioner, "process", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(RuntimeError, OSError, zmq.ZMQError):
                run_sync(manager.shutdown_kernel)(now=True)
            if process.poll() is None:  # jupyter_client gave up waiting
                process.kill()
                process.wait()
        if not manager.context.closed:
            with contextlib.suppress(RuntimeError, OSError, zmq.ZMQError):
                run_sync(manager.cleanup_resources)()


def _write_kernelspec(root: Path, launch: Launch, workdir: Path, cgroup: Path | None) -> None:
    """A private kernelspec: the launcher sets the limits, then becomes the (sandboxed) kernel."""
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    kernel = [sys.executable, "-c", KERNEL_MAIN, "-f", "{connection_file}", *KERNEL_OPTIONS]
    if launch.sandbox is not None:
        kernel = wrap(kernel, launch.sandbox, root, workdir)
    spec = {
        "argv": [*launcher_command(launch.memory_mb, launch.cpu_seconds, cgroup), *kernel],
        "display_name": "grader",
        "language": "python",
        # signals cannot reach a kernel in its own session and PID namespace; a message can
        "interrupt_mode": "message" if launch.sandbox is not None else "signal",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec))


class _Closable(Protocol):
    def close(self) -> None: ...


P = TypeVar("P", bound=_Closable)


class SpareSlot(Generic[P]):
    """The one process a worker holds started ahead (a kernel, a measuring process), and the
    rules they share: it is claimed by one grading only; putting a new one in closes the one it
    replaces; once the slot is closed, nothing put in stays (a worker that ends leaves none).
    Locked: a Dask worker grades in several threads."""

    def __init__(self) -> None:
        self._spare: P | None = None
        self._lock = threading.Lock()
        self._closed = False

    def claim(self) -> P | None:
        with self._lock:
            spare, self._spare = self._spare, None
        return spare

    def peek(self) -> P | None:
        """The spare waiting now, left in place (what a test looks at)."""
        with self._lock:
            return self._spare

    def waiting(self) -> bool:
        """A spare waits, or none ever will (closed)."""
        with self._lock:
            return self._spare is not None or self._closed

    def put(self, started: P) -> None:
        with self._lock:
            if self._closed:
                previous: P | None = started
            else:
                previous, self._spare = self._spare, started
        if previous is not None:
            previous.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.close()


class Spares:
    """A worker's next kernel, started while the current one serves its submission.

    ``take`` hands out the spare if it serves the launch (``Launch.serves``) and still runs,
    else a kernel started now; either way, once the taken kernel is ready, the next spare
    starts, with the highest CPU time limit taken so far: a batch alternating between
    assignments whose notebooks have different time limits still finds its spare fitting. A
    spare that fails to start leaves none (the next ``take`` starts one and reports why it
    cannot). ``close`` shuts the spare down: at the end of a batch, no kernel is left."""

    def __init__(self) -> None:
        self._slot: SpareSlot[StartedKernel] = SpareSlot()
        self._lock = threading.Lock()  # a Dask worker grades in several threads
        self._cpu_seconds = 0  # the highest CPU time limit a run has wanted

    @property
    def spare(self) -> StartedKernel | None:
        return self._slot.peek()

    def take(self, launch: Launch) -> StartedKernel:
        spare = self._slot.claim()
        with self._lock:
            self._cpu_seconds = max(self._cpu_seconds, launch.cpu_seconds)
            ahead = replace(launch, cpu_seconds=self._cpu_seconds)
        if spare is not None and (not spare.launch.serves(launch) or not spare.alive()):
            spare.close()
            spare = None
        kernel = spare or StartedKernel(launch)
        kernel.after_ready(lambda: self._refill(ahead))
        return kernel

    def _refill(self, launch: Launch) -> None:
        try:
            kernel = StartedKernel(launch)
        except (ExecutionError, RuntimeError, OSError):
            return  # the next take starts its own kernel, and says why where it cannot
        self._slot.put(kernel)

    def close(self) -> None:
        self._slot.close()
