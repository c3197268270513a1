"""Do the course's packages import where student code runs? One sandboxed process answers for all.

``import_problems`` starts ``python -m grader.execute.import_each NAMES.json OUT.json`` the way a
student's kernel starts (OS limits, the kernel's environment, inside the sandbox where there is
one) and reads back, per package, the error its import raised. A package that imports on the
grader's side but not in there (a library outside the visible folders, a native dependency the
sandbox hides, a memory limit too small for it) is found before anybody is graded, not as a
student's lost points. The child side imports only the standard library before the packages.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from grader.execute.kernel import kernel_environment
from grader.execute.launcher import launcher_command
from grader.execute.sandbox import Sandbox, wrap

IMPORT_TIMEOUT_S = 180


def import_problems(
    packages: tuple[str, ...], sandbox: Sandbox | None, memory_mb: int
) -> dict[str, str]:
    """Package -> why it does not import (``"ModuleNotFoundError: No module named 'x'"``);
    the packages that import are absent. Never raises for a package's sake."""
    if not packages:
        return {}
    with tempfile.TemporaryDirectory(prefix="imports-") as scratch:
        root = Path(scratch)
        (root / "home").mkdir()
        (root / "names.json").write_text(json.dumps(list(packages)), encoding="utf-8")
        command = [sys.executable, "-m", "grader.execute.import_each", "names.json", "out.json"]
        if sandbox is not None:
            command = wrap(command, sandbox, root, root)
        try:
            completed = subprocess.run(
                launcher_command(memory_mb, IMPORT_TIMEOUT_S) + command,
                cwd=root,
                env=kernel_environment(root / "home"),
                capture_output=True,
                timeout=IMPORT_TIMEOUT_S,
                check=False,
            )
            ended = completed.stderr.decode(errors="replace").strip().splitlines()[-1:]
        except subprocess.TimeoutExpired:
            ended = [f"importing took longer than {IMPORT_TIMEOUT_S} s"]
        found = _read(root / "out.json")
    reason = f"the import process ended early: {(ended or ['?'])[0][:300]}"
    return {name: found.get(name, reason) for name in packages if found.get(name, reason)}


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
