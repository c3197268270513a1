"""Python 3.10, which many students' Jupyter still runs: the package (everything `grader check`
and `check()` import, which is nearly all of it) uses nothing of the standard library that 3.10
lacks, and where a Python 3.10 is installed, every module compiles under it and the modules that
need only the standard library import and behave as under 3.11 (the StrEnum stand-in, tomli in
place of tomllib). Nothing is downloaded: without a 3.10 those two tests are skipped, and a
complete self-check under 3.10 needs a 3.10 environment with the wheel's dependencies."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "grader"


def _python_310() -> str | None:
    """A Python 3.10 that runs (a pyenv shim on PATH may name a version it does not select)."""
    found = [
        shutil.which("python3.10"),
        *map(str, Path.home().glob(".pyenv/versions/3.10*/bin/python3.10")),
    ]
    for candidate in filter(None, found):
        try:
            ran = subprocess.run([candidate, "-c", "pass"], capture_output=True, timeout=60)
        except OSError:
            continue
        if ran.returncode == 0:
            return candidate
    return None


PYTHON_310 = _python_310()


def _run_310(code: str, *path: Path) -> str:
    assert PYTHON_310 is not None
    completed = subprocess.run(
        [PYTHON_310, "-I", "-c", f"import sys; sys.path[:0] = {[str(p) for p in path]!r}\n{code}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.mark.slow
def test_the_package_type_checks_against_the_standard_library_of_python_310(
    tmp_path: Path,
) -> None:
    """mypy with 3.10's typeshed: a name 3.11 added (enum.StrEnum, tomllib, datetime.UTC,
    Traversable.joinpath with several parts) is an error, the 3.10 branches are checked."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--python-version",
            "3.10",
            "--cache-dir",
            str(tmp_path),
            "--",
            str(PACKAGE),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Success: no issues found" in completed.stdout


@pytest.mark.skipif(PYTHON_310 is None, reason="no python3.10 on this machine")
def test_every_module_compiles_under_python_310() -> None:
    code = (
        "import pathlib, sys\n"
        "failed = []\n"
        f"for path in sorted(pathlib.Path({str(PACKAGE)!r}).rglob('*.py')):\n"
        "    try:\n"
        "        compile(path.read_text(encoding='utf-8'), str(path), 'exec')\n"
        "    except SyntaxError as error:\n"
        "        failed.append(f'{path}: {error}')\n"
        "print(sys.version_info[:2], len(failed), failed)\n"
    )
    assert _run_310(code).strip().startswith("(3, 10) 0 []")


@pytest.mark.skipif(PYTHON_310 is None, reason="no python3.10 on this machine")
def test_the_standard_library_modules_import_and_behave_under_python_310() -> None:
    """The status enums are their values in str(), f-strings, JSON and comparisons, as
    3.11's StrEnum; course.toml is read with tomli (pip's own copy stands in for the
    dependency pip installs on 3.10)."""
    pip = _run_310("import os, pip; print(os.path.dirname(pip.__file__))").strip()
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "assert sys.version_info[:2] == (3, 10)\n"
        "import grader, grader.errors, grader.text.messages\n"
        "from grader.boundary import AnswerStatus\n"
        "from grader.course.settings import load_course\n"
        "ok = AnswerStatus('ok')\n"
        "print(json.dumps([str(ok), f'{ok}', f'{ok:>4}', json.dumps(ok), ok == 'ok',"
        " ok is AnswerStatus.OK, grader.__version__]))\n"
        f"settings = load_course(Path({str(ROOT)!r}))\n"
        "print(json.dumps(sorted(settings.packages)))\n"
    )
    pip_tomli = Path(pip) / "_vendor"
    if not (pip_tomli / "tomli").is_dir():
        pytest.skip("this python3.10 has no tomli to read TOML with")
    lines = _run_310(code, ROOT, pip_tomli).splitlines()
    assert json.loads(lines[0]) == ["ok", "ok", "  ok", '"ok"', True, True, "0.1.0"]
    assert "numpy" in json.loads(lines[1])
