"""The sandbox every student kernel runs in: bubblewrap with a read-only system and nothing secret.

Inside: the whole file system read-only, with a fresh empty ``/tmp``; the folders that hold
secrets or other people's work (the course with its references and specs, the submissions, the
output folder with the gradebook, home directories) replaced by empty ones; only the Python
installation and the grader package bound back, read-only, so the kernel can start. The one
writable place is this run's own scratch folder (exchange files, IPC sockets, a fresh $HOME, the
working directory), bound in from the host. No network (a new, empty network namespace), its own
PID namespace, a new session, no capabilities, and ``--die-with-parent``: when the kernel ends,
everything it started ends with it.

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

ALWAYS_HIDDEN = (Path("/root"), Path("/home"), Path("/srv"), Path("/mnt"), Path("/media"))


@dataclass(frozen=True)
class Sandbox:
    """What a sandboxed kernel must not see, beyond the fixed list above."""

    hidden: tuple[Path, ...] = field(default_factory=tuple)


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


def wrap(argv: Sequence[str], sandbox: Sandbox, scratch: Path, workdir: Path) -> list[str]:
    """The command that runs ``argv`` inside the sandbox."""
    bwrap = bwrap_path()
    if bwrap is None:
        raise RuntimeError("bubblewrap is not available")
    command = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    for hidden in sorted({*ALWAYS_HIDDEN, *(p.resolve() for p in sandbox.hidden)}):
        if hidden.is_dir():
            command += ["--tmpfs", str(hidden)]
    for path in _runtime_paths():
        command += ["--ro-bind", str(path), str(path)]
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
