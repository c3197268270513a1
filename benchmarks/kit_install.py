"""What installing the kit's wheel costs a student: the size of site-packages and the number of
distributions of a student's virtualenv, before and after `pip install` of the wheel.

The student's environment is a fresh virtualenv (no system site packages) holding another Keras
set-up than the grader's own: Keras 3 on JAX, without TensorFlow. Packages come from whatever
index pip is configured with. tests/kit/test_kit_install.py uses the same steps to prove that the
install replaces nothing of the student's and that the checks then run there.

Usage: python benchmarks/kit_install.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# the student's own Keras: version 3 on JAX, no TensorFlow anywhere
STUDENT_PACKAGES = ("keras>=3", "jax", "jaxlib")
STUDENT_BACKEND = "jax"
PIP_TIMEOUT_S = 900  # a fresh CI machine downloads JAX (and the wheel's dependencies) first

_DISTRIBUTIONS = (
    "import importlib.metadata as m, json, sysconfig\n"
    "print(json.dumps({'purelib': sysconfig.get_paths()['purelib'],\n"
    "    'installed': {d.metadata['Name']: d.version for d in m.distributions()}}))\n"
)


@dataclass(frozen=True)
class Environment:
    """A virtualenv as pip left it: each distribution's version (by its normalised name) and
    the bytes of its site-packages."""

    installed: dict[str, str]
    site_packages_bytes: int

    def line(self) -> str:
        return f"{len(self.installed)} distributions, {self.site_packages_bytes / 2**20:.0f} MiB"


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def student_environment(python: Path) -> dict[str, str]:
    """What a student's shell has: that virtualenv's bin first, its Keras backend chosen, nothing
    of the environment the tests run in."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    env["KERAS_BACKEND"] = STUDENT_BACKEND
    return env


def pip(python: Path, *arguments: str) -> str:
    """Runs the virtualenv's pip; its whole output (what it installed, what it uninstalled)."""
    completed = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", *arguments],
        capture_output=True,
        text=True,
        timeout=PIP_TIMEOUT_S,
        check=False,
        env=student_environment(python),
    )
    if completed.returncode != 0:
        raise RuntimeError(f"pip install {' '.join(arguments)}:\n{completed.stderr[-3000:]}")
    return completed.stdout


def make_student_venv(folder: Path) -> Path:
    """A fresh virtualenv with the student's Keras on JAX; its python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=300)
    python = folder / "bin" / "python"
    pip(python, *STUDENT_PACKAGES)
    return python


def measure(python: Path) -> Environment:
    completed = subprocess.run(
        [str(python), "-c", _DISTRIBUTIONS], capture_output=True, text=True, check=True, timeout=60
    )
    found = json.loads(completed.stdout)
    size = sum(path.lstat().st_size for path in Path(found["purelib"]).rglob("*") if path.is_file())
    installed = {normalised(name): version for name, version in found["installed"].items()}
    return Environment(installed, size)


def main() -> None:
    from grader.kit.build import build_wheel

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        wheel = build_wheel(folder / "wheel")
        if wheel is None:
            raise SystemExit("the grader's wheel could not be built (not a source checkout?)")
        python = make_student_venv(folder / "student")
        before = measure(python)
        pip(python, str(wheel))
        after = measure(python)
    print(f"student's venv ({' '.join(STUDENT_PACKAGES)}): {before.line()}")
    print(f"after pip install {wheel.name}: {after.line()}")
    added = sorted(set(after.installed) - set(before.installed))
    print(
        f"added by the wheel: {len(added)} distributions, "
        f"{(after.site_packages_bytes - before.site_packages_bytes) / 2**20:.0f} MiB: "
        + ", ".join(added)
    )
    changed = [n for n, v in before.installed.items() if after.installed.get(n) != v]
    print(f"changed or removed: {', '.join(changed) or 'none'}")


if __name__ == "__main__":
    main()
