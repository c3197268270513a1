"""The sandbox every student kernel runs in: bubblewrap, showing only what the kernel needs.

Visible, read-only: the system's program and library folders, a few files of ``/etc`` (the
dynamic linker's cache, users and groups, fonts), the Python installation and the grader package.
Nothing else of the host exists inside: no course folder with references and specs, no
submissions of other students, no gradebook, no home directories, no other temp folders, whatever
their location. The one writable place is this run's own scratch folder (exchange files, IPC
sockets, a fresh $HOME, the working directory), bound in from the host; ``/tmp`` is a fresh empty
tmpfs. No network (a new, empty network namespace), its own PID namespace, a new session, no
capabilities, and ``--die-with-parent``: when the kernel ends, everything it started ends with it.

Where bubblewrap is missing (a student's laptop), kernels run with OS limits only: ``grader
check`` says so once, and ``grader grade`` refuses unless told ``--unsafe-no-sandbox``.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import grader

SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "passwd",
    "group",
    "nsswitch.conf",
    "alternatives",
    "fonts",
    "ssl",
    "mime.types",
    "hosts",
)


@dataclass(frozen=True)
class Sandbox:
    """Folders to hide even where they lie inside a visible one (say, a course inside the venv),
    and the device nodes passed in (a retraining job's GPU; none otherwise)."""

    hidden: tuple[Path, ...] = field(default_factory=tuple)
    devices: tuple[Path, ...] = field(default_factory=tuple)


NVIDIA_CONTROL = ("nvidiactl", "nvidia-uvm", "nvidia-uvm-tools", "nvidia-modeset")


def gpu_devices(dev: Path = Path("/dev"), visible: str | None = None) -> tuple[Path, ...]:
    """The NVIDIA device nodes of the GPUs this process was given: ``/dev/nvidiaN`` for each
    index in ``visible`` (``CUDA_VISIBLE_DEVICES``; unset: every GPU here, empty: none) and the
    driver's control nodes. Nothing where there is no NVIDIA GPU. A GPU named by its UUID
    cannot be told from the others by its node: then all are passed (CUDA still shows only it)."""
    cards = sorted(dev.glob("nvidia[0-9]*"), key=lambda p: int(p.name[len("nvidia") :]))
    if not cards:
        return ()
    wanted = [v.strip() for v in visible.split(",") if v.strip()] if visible is not None else None
    if wanted is not None and all(v.lstrip("-").isdigit() for v in wanted):
        indices = {int(v) for v in wanted if int(v) >= 0}
        cards = [card for card in cards if int(card.name[len("nvidia") :]) in indices]
    if not cards:
        return ()
    control = [dev / name for name in NVIDIA_CONTROL if (dev / name).exists()]
    return (*cards, *control)


@functools.cache
def bwrap_path() -> str | None:
    """bubblewrap, if it is installed and can create namespaces here."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    probe = [
        path,
        "--ro-bind",
        "/",
        "/",
        "--unshare-net",
        "--unshare-pid",
        "--die-with-parent",
        "true",
    ]
    try:
        completed = subprocess.run(probe, capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return path if completed.returncode == 0 else None


def _runtime_paths() -> list[Path]:
    """What the kernel needs to start: the interpreter's installation and the grader package."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(grader.__file__).resolve().parent}
    return sorted(p.resolve() for p in paths if p.exists())


def effective(sandbox: Sandbox) -> Sandbox:
    """The same sandbox with only the hidden folders that change what the kernel sees: those that
    exist and lie inside a visible folder (each is covered by an empty tmpfs); everything else is
    invisible anyway. Two sandboxes with equal effective forms wrap a command alike, whatever
    other folders (say, each submission's own) they name."""
    runtime = _runtime_paths()
    hidden = sorted(
        path
        for path in {p.resolve() for p in sandbox.hidden}
        if path.is_dir() and any(path.is_relative_to(visible) for visible in runtime)
    )
    return Sandbox(hidden=tuple(hidden), devices=sandbox.devices)


def wrap(argv: Sequence[str], sandbox: Sandbox, scratch: Path, workdir: Path) -> list[str]:
    """The command that runs ``argv`` inside the sandbox."""
    bwrap = bwrap_path()
    if bwrap is None:
        raise RuntimeError("bubblewrap is not available")
    command = [bwrap]
    for folder in SYSTEM:
        command += ["--ro-bind-try", folder, folder]
    for name in ETC:
        command += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    command += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    for device in sandbox.devices:
        command += ["--dev-bind-try", str(device), str(device)]
    for path in _runtime_paths():
        command += ["--ro-bind", str(path), str(path)]
    for hidden in effective(sandbox).hidden:
        command += ["--tmpfs", str(hidden)]
    for path in sorted({scratch.resolve(), workdir.resolve()}):
        command += ["--bind", str(path), str(path)]
    command += [
        "--chdir",
        str(workdir.resolve()),
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--hostname",
        "sandbox",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--unsetenv",
        "JPY_PARENT_PID",
        "--",
    ]
    return command + list(argv)
