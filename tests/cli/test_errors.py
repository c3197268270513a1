"""A bug of ours, seen from the command line: one line naming the problem and where to report it,
exit code 3 (never 1, "points lost"); the traceback only when asked for."""

from __future__ import annotations

import pytest

from grader.cli import main as cli
from grader.cli.main import DEBUG_VARIABLE, ExitCode, main


@pytest.fixture(autouse=True)
def _broken_grading(root, monkeypatch):
    monkeypatch.chdir(root)

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom in the grader")

    monkeypatch.setattr(cli, "grade_notebook", crash)
    monkeypatch.delenv(DEBUG_VARIABLE, raising=False)


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "bug in the grader"), ("de", "Fehler im Grader")]
)
def test_an_internal_error_is_one_line_and_exit_code_3(capsys, lang: str, words: str) -> None:
    code = main(["check", "reference/01_convolution.ipynb", "--lang", lang])
    assert code == ExitCode.INTERNAL_ERROR
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "RuntimeError: boom in the grader" in captured.err and words in captured.err
    assert "Traceback" not in captured.err and "--debug" in captured.err


def test_debug_shows_the_traceback(capsys, monkeypatch) -> None:
    assert main(["--debug", "check", "reference/01_convolution.ipynb"]) == 3
    assert "Traceback (most recent call last)" in capsys.readouterr().err
    monkeypatch.setenv(DEBUG_VARIABLE, "1")
    assert main(["check", "reference/01_convolution.ipynb"]) == 3
    assert "Traceback (most recent call last)" in capsys.readouterr().err
