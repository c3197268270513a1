"""What `check()` compares before it grades: the cells the student's kernel ran (its input
history, by execution count) against the saved notebook file. No kernel starts."""

from __future__ import annotations

from pathlib import Path

import nbformat

from grader.kit.notebook_check import unsaved_runs


def _saved(folder: Path, *cells: tuple[str, int | None]) -> Path:
    notebook = nbformat.v4.new_notebook()
    for source, count in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.execution_count = count
        notebook.cells.append(cell)
    path = folder / "saved.ipynb"
    nbformat.write(notebook, path)
    return path


def test_runs_after_the_last_save_of_code_the_file_lacks_are_counted(tmp_path: Path) -> None:
    path = _saved(tmp_path, ("x = 1", 1), ("y = x + 1", 2))
    history = ["", "x = 1", "y = x + 1"]
    assert unsaved_runs([*history, "check()"], path) == 0  # everything that ran is saved
    assert unsaved_runs([*history, "y = x + 2", "check()"], path) == 1  # edited, run, not saved
    assert unsaved_runs([*history, "y = x + 1\r\n", "check()"], path) == 0  # saved code re-run


def test_what_ran_before_the_save_and_a_restarted_kernel_count_for_nothing(
    tmp_path: Path,
) -> None:
    """A cell edited and saved after it ran keeps its old count: its old code is no news. A
    kernel restarted since counts from 1 again and runs the saved code."""
    path = _saved(tmp_path, ("x = 2", 1), ("y = x + 1", 5))
    assert unsaved_runs(["", "x = 1", "y = x + 1", "check()"], path) == 0
    assert unsaved_runs(["", "x = 2", "check()"], path) == 0


def test_an_unreadable_file_is_no_warning(tmp_path: Path) -> None:
    (tmp_path / "broken.ipynb").write_text("{", encoding="utf-8")
    assert unsaved_runs(["", "x = 1", "check()"], tmp_path / "broken.ipynb") == 0
