"""grader: runs exercise notebooks, compares answers with reference solutions, explains mistakes.

``from grader import check; check()`` in a notebook shows its self-check (``notebook_check``);
importing the package costs nothing else.
"""

from __future__ import annotations

__version__ = "0.1.0"
# the name pip knows it by ("grader" on PyPI is another project's); the import name stays
DISTRIBUTION = "cnn-notebook-grader"


def check(
    task: str | None = None,
    notebook: str | None = None,
    lang: str = "de",
    kit: str | None = None,
) -> None:
    """Checks the saved notebook in a separate process and shows the feedback in the notebook."""
    from grader.kit.notebook_check import check as run

    run(task, notebook, lang, kit)
