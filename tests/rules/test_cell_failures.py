"""Failed cells explained: a missing module, a timeout, and a NameError traced to the earlier
cell that should have defined the name, but only to that one."""

from __future__ import annotations

from grader.rules.base import CellFailure, SourceCell
from grader.rules.helpers.cell_failures import defined_names, explain, explain_error
from grader.text.messages import text

SOURCE = (
    SourceCell(1, None, "import numpy as np\n%matplotlib inline"),
    SourceCell(3, "conv2d", "from scipy import signal\n\ndef conv2d(image, kernel):\n    pass"),
    SourceCell(5, "vertical", "result_vertical = conv2d(X, V)"),
)
IMPORT = CellFailure(3, "conv2d", "conv2d", "ModuleNotFoundError: No module named 'scipy'")
NAME = CellFailure(5, "vertical", "V auf X", "NameError: name 'conv2d' is not defined")


def test_a_missing_module_names_the_module_in_both_languages():
    for lang, words in (("de", "nicht installiert"), ("en", "not installed")):
        said = text(explain(IMPORT, (IMPORT, NAME), SOURCE), lang)
        assert "`scipy`" in said and words in said


def test_a_name_error_points_at_the_earlier_cell_that_defines_the_name():
    said = text(explain(NAME, (IMPORT, NAME), SOURCE), "en")
    assert said.startswith(
        "`conv2d` is not defined because code cell 4 (task “conv2d”) failed before"
    )
    assert "`scipy`" in said


def test_a_name_no_failed_cell_defines_stays_the_students_own_error():
    typo = "NameError: name 'conv2dd' is not defined"
    assert explain_error(typo, 9, (IMPORT,), SOURCE) == typo
    below = "NameError: name 'conv2d' is not defined"
    # the cell defining conv2d failed, but below the one that needs it: it is not the cause
    assert explain_error(below, 2, (IMPORT,), SOURCE) == below
    assert explain_error(below, None, (IMPORT,), SOURCE) != below  # a call after the notebook


def test_a_timeout_is_said_in_the_report_language():
    failure = CellFailure(7, "sobel", "SOBEL_X", "CellTimeoutError: x", timeout_s=30.0)
    assert (
        text(explain(failure, (failure,), SOURCE), "de")
        == "die Zelle lief länger als 30 s und wurde abgebrochen"
    )


def test_defined_names_are_the_module_level_ones():
    code = (
        "import numpy as np, scipy.signal\nfrom math import floor as fl\nx, (y, z) = 1, (2, 3)\n"
        "if True:\n    w = 1\nfor i in range(3):\n    pass\ndef f():\n    inner = 1\n"
        "class C:\n    attr = 1\nsquares = [k * k for k in range(3)]\n%timeit f()"
    )
    assert defined_names(code) == {
        "np",
        "scipy",
        "fl",
        "x",
        "y",
        "z",
        "w",
        "i",
        "f",
        "C",
        "squares",
    }
    assert defined_names("def broken(:") == set()
