"""The demo course as a student sees it: `grader check` on every one of its notebooks, in text and
in both languages, exits 0 or 1 and never shows a traceback. Each notebook is graded once (the
grading does not depend on the language); the command line, its rendering and its exit code run
for real in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO_NOTEBOOKS, ROOT, demo_graded

from grader.cli import main as cli
from grader.cli.main import ExitCode, main
from grader.course.spec import AssignmentSpec
from grader.grading.submission import GradeOptions, GradingSession
from grader.results.records import NotebookResult

pytestmark = [pytest.mark.kernel, pytest.mark.keras, pytest.mark.slow]


def _graded_once(
    path: Path, spec: AssignmentSpec, _options: GradeOptions, _session: GradingSession | None
) -> NotebookResult:
    return demo_graded(path, spec.name)


@pytest.mark.parametrize("notebook", DEMO_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_check_every_demo_notebook_in_both_languages(notebook: Path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(cli, "grade_notebook", _graded_once)
    for lang in ("de", "en"):
        code = main(["check", str(notebook), "--lang", lang])
        captured = capsys.readouterr()
        assert code in (ExitCode.OK, ExitCode.POINTS_LOST), captured.err
        assert "Traceback" not in captured.out + captured.err
        assert captured.out.strip(), "nothing printed"
