"""The command `grader grade` tells for the review page is one the user's shell can run:
`make demo` calls `.venv/bin/grader`, which a newcomer's shell does not find as `grader`."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.cli.main import invoked_as


def _program(folder: Path) -> Path:
    folder.mkdir(parents=True)
    program = folder / "grader"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def test_a_grader_not_on_the_path_is_named_by_the_path_it_was_called_by(tmp_path, monkeypatch):
    program = _program(tmp_path / ".venv" / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(tmp_path)
    assert invoked_as(".venv/bin/grader") == ".venv/bin/grader"
    assert invoked_as(str(program)) == str(program)


def test_the_grader_on_the_path_is_called_grader(tmp_path, monkeypatch):
    program = _program(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(program.parent))
    assert invoked_as(str(program)) == "grader"


def test_another_grader_on_the_path_does_not_stand_for_this_one(tmp_path, monkeypatch):
    _program(tmp_path / "other")
    mine = _program(tmp_path / "mine")
    monkeypatch.setenv("PATH", str(tmp_path / "other"))
    assert invoked_as(str(mine)) == str(mine)


@pytest.mark.parametrize("argv0", ["/x/site-packages/grader/__main__.py"])
def test_the_module_is_called_with_python_m(argv0):
    assert invoked_as(argv0) == "python -m grader"
