import os
from pathlib import Path

import pytest

from grader.errors import SubmissionError
from grader.intake.notebook import MAX_NOTEBOOK_BYTES, answer_cells, read_notebook

MALFORMED = Path(__file__).parents[1] / "fixtures" / "malformed"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("truncated-json.ipynb", "not valid JSON"),
        ("binary-garbage.ipynb", "not a UTF-8 text file"),
        ("latin-1.ipynb", "not a UTF-8 text file"),
        ("nbformat-99.ipynb", "format version 99 is not supported"),
        ("top-level-list.ipynb", "not a Jupyter notebook"),
        ("no-cells.ipynb", "the field 'cells' .the list of cells. is missing"),
        ("empty.ipynb", "the file is empty"),
    ],
)
def test_malformed_files_are_refused_with_the_file_and_the_problem(name, problem):
    with pytest.raises(SubmissionError, match=problem) as error:
        read_notebook(MALFORMED / name)
    assert str(error.value).startswith(str(MALFORMED / name))


def test_nbformat_3_is_upgraded():
    notebook = read_notebook(MALFORMED / "nbformat-3.ipynb")
    assert notebook.nbformat == 4 and notebook.cells[0].source == "x = 1"


def test_symlinks_and_oversized_files_are_refused(tmp_path, root):
    link = tmp_path / "link.ipynb"
    link.symlink_to(root / "reference" / "01_convolution.ipynb")
    with pytest.raises(SubmissionError, match="not a regular file"):
        read_notebook(link)
    huge = tmp_path / "huge.ipynb"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_NOTEBOOK_BYTES + 1)
    with pytest.raises(SubmissionError, match="larger than the limit"):
        read_notebook(huge)
    os.remove(huge)


def test_answer_cells_are_found_by_task_id(root):
    cells = answer_cells(read_notebook(root / "exercises" / "01_convolution.ipynb"))
    assert list(cells) == [
        "conv2d",
        "vertical",
        "horizontal",
        "sobel",
        "output_size",
        "feature_maps",
        "pooling",
        "rgb_weights",
    ]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("deep-nesting.ipynb", "nests deeper than 100 levels"),
        ("huge-number.ipynb", "a number with thousands of digits"),
        ("lone-surrogate.ipynb", "a lone UTF-16 surrogate"),
        ("duplicate-cells-key.ipynb", "the key 'cells' occurs twice"),
        ("cell-not-an-object.ipynb", "cell 1: not a cell .an object expected, found int."),
        ("metadata-a-list.ipynb", "'metadata' must be an object, found list"),
        ("cell-metadata-a-string.ipynb", "cell 1: the cell's 'metadata' must be an object"),
        ("unknown-cell-type.ipynb", "cell 1: unknown cell type 'widget'"),
        ("source-a-number.ipynb", "cell 1: 'source' must be text or a list of lines, found int"),
        ("gigantic-source.ipynb", "cell 1: its source has 150,000 characters, at most 100,000"),
    ],
)
def test_structurally_broken_files_are_refused_in_both_languages(name, problem):
    """Every way the parser or the structure can fail is a SubmissionError (NOT_GRADABLE) that
    names the file, never a RecursionError, ValueError or a crash further on."""
    with pytest.raises(SubmissionError, match=problem) as error:
        read_notebook(MALFORMED / name)
    german = error.value.message.render("de")
    assert german.startswith(str(MALFORMED / name)) and german != str(error.value)
