"""The demo course as a student sees it: `grader check` on every one of its notebooks, in text and
in both languages, exits 0 or 1 and never shows a traceback. Each notebook is graded once (the
grading does not depend on the language); the command line, its rendering and its exit code run
for real in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from grader import cli
from grader.cli import ExitCode, main
from grader.grading import GradeOptions, GradingSession, grade_notebook
from grader.results import NotebookResult
from grader.spec import AssignmentSpec

pytestmark = [pytest.mark.kernel, pytest.mark.keras, pytest.mark.slow]
NOTEBOOKS = sorted((ROOT / "demo" / "course").rglob("*.ipynb"))
SESSION = GradingSession()
GRADED: dict[Path, NotebookResult] = {}


def _graded_once(path: Path, spec: AssignmentSpec, options: GradeOptions) -> NotebookResult:
    if path not in GRADED:
        GRADED[path] = grade_notebook(path, spec, GradeOptions(1, options.sandbox), SESSION)
    return GRADED[path]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_check_every_demo_notebook_in_both_languages(notebook: Path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(cli, "grade_notebook", _graded_once)
    for lang in ("de", "en"):
        code = main(["check", str(notebook), "--lang", lang])
        captured = capsys.readouterr()
        assert code in (ExitCode.OK, ExitCode.POINTS_LOST), captured.err
        assert "Traceback" not in captured.out + captured.err
        assert captured.out.strip(), "nothing printed"
