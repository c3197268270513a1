"""The course's packages are proven to import where student code runs; a batch remembers the
proof for the environment it was made in, never a failure."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading import validate
from grader.text.messages import render


@pytest.fixture
def imports(monkeypatch, tmp_path) -> list[tuple[str, ...]]:
    """The real import process, each start recorded; a cache of this test's own."""
    monkeypatch.setenv("GRADER_CACHE", str(tmp_path / "cache"))
    started: list[tuple[str, ...]] = []
    real = validate.import_problems

    def recorded(packages, sandbox, memory_mb):
        started.append(packages)
        return real(packages, sandbox, memory_mb)

    monkeypatch.setattr(validate, "import_problems", recorded)
    return started


def test_a_proof_that_the_packages_import_is_remembered(imports, tmp_path) -> None:
    assert validate.remembered_package_problems(("json", "csv"), None, 2048) == ()
    assert validate.remembered_package_problems(("csv", "json"), None, 2048) == ()
    assert imports == [("json", "csv")]
    assert len(list((tmp_path / "cache" / "imports").glob("*.ok"))) == 1


def test_another_memory_limit_or_package_checks_again(imports) -> None:
    validate.remembered_package_problems(("json",), None, 2048)
    validate.remembered_package_problems(("json",), None, 1024)
    validate.remembered_package_problems(("json", "csv"), None, 2048)
    assert len(imports) == 3


def test_batches_with_their_own_out_folders_share_the_proof(imports, tmp_path) -> None:
    """Each batch hides its own submissions and out folder, which the import process could not
    see anyway: the proof holds for the next batch. Hiding a folder it sees checks again."""
    if bwrap_path() is None:
        pytest.skip("bubblewrap is not installed")
    for batch in ("first", "second"):
        hidden = (tmp_path / batch / "submissions", tmp_path / batch / "out")
        for folder in hidden:
            folder.mkdir(parents=True)
        assert validate.remembered_package_problems(("json",), Sandbox(hidden), 2048) == ()
    assert len(imports) == 1
    inside = Path(sys.prefix) / "lib"  # the interpreter's installation, visible in the sandbox
    validate.remembered_package_problems(("json",), Sandbox((inside,)), 2048)
    assert len(imports) == 2


def test_a_package_that_does_not_import_is_never_remembered(imports) -> None:
    for _ in range(2):
        [problem] = validate.remembered_package_problems(("grader_no_such_pkg",), None, 2048)
        assert "No module named 'grader_no_such_pkg'" in render(problem, "en")
    assert len(imports) == 2


def test_with_the_cache_off_every_batch_checks(imports, monkeypatch) -> None:
    monkeypatch.setenv("GRADER_CACHE", "off")
    validate.remembered_package_problems(("json",), None, 2048)
    validate.remembered_package_problems(("json",), None, 2048)
    assert len(imports) == 2
