"""``from grader import check; check()``: a student's self-check from inside the notebook.

The checks never run in the student's own kernel (the student's objects could answer for the
grader there): ``check`` finds the saved notebook file (through Jupyter's session information,
VS Code's, or the only notebook in the working folder), grades it in a separate process exactly
like ``grader check --format html``, and displays that HTML. It grades what is saved, and says
when the file was saved, so a student knows to save first.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from grader.text.messages import Message, msg, render

TIMEOUT_S = 1800


def _namespace() -> dict[str, Any]:
    try:
        from IPython import get_ipython
    except ImportError:
        return {}
    shell = get_ipython()
    return dict(shell.user_ns) if shell is not None else {}


def current_notebook(namespace: dict[str, Any], folder: Path) -> Path | None:
    """The notebook this kernel belongs to: VS Code names it in ``__vsc_ipynb_file__``, Jupyter's
    server in ``JPY_SESSION_NAME`` (ipykernel copies it to ``__session__``), as an absolute path
    or relative to the server's root; else the only notebook in the working folder."""
    names = [
        namespace.get("__vsc_ipynb_file__"),
        namespace.get("__session__"),
        os.environ.get("JPY_SESSION_NAME"),
    ]
    for name in (str(n) for n in names if n):
        for candidate in (Path(name), folder / name, folder / Path(name).name):
            if candidate.suffix == ".ipynb" and candidate.is_file():
                return candidate.resolve()
    notebooks = sorted(folder.glob("*.ipynb"))
    return notebooks[0].resolve() if len(notebooks) == 1 else None


def check_command(notebook: Path, task: str | None, lang: str, kit: Path | None) -> list[str]:
    command = [sys.executable, "-m", "grader", "check", str(notebook), "--format", "html"]
    command += ["--lang", lang]
    command += ["--task", task] if task else []
    command += ["--kit", str(kit)] if kit else []
    return command


def feedback_html(
    notebook: Path | None, task: str | None, lang: str, kit: Path | None = None
) -> str:
    """The feedback as HTML: the grader's own fragment, with when the notebook was saved."""
    if notebook is None:
        return _paragraph(msg("notebook_check.no_notebook"), lang)
    saved = datetime.datetime.fromtimestamp(notebook.stat().st_mtime).strftime("%H:%M:%S")
    note = _paragraph(msg("notebook_check.saved_at", notebook=notebook.name, time=saved), lang)
    try:
        completed = subprocess.run(
            check_command(notebook, task, lang, kit),
            cwd=notebook.parent,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return note + _paragraph(msg("notebook_check.failed", error=str(error)[:300]), lang)
    if completed.returncode > 1 or not completed.stdout.strip():
        last = (completed.stderr.strip().splitlines() or ["?"])[-1]
        return note + _paragraph(msg("notebook_check.failed", error=last[:300]), lang)
    return note + completed.stdout


def _paragraph(message: Message, lang: str) -> str:
    import html

    return f"<p>{html.escape(render(message, lang))}</p>"


def check(
    task: str | None = None,
    notebook: str | None = None,
    lang: str = "de",
    kit: str | None = None,
) -> None:
    """Checks the saved notebook and shows the feedback below the cell (one task, or all)."""
    folder = Path.cwd()
    path = Path(notebook).resolve() if notebook else current_notebook(_namespace(), folder)
    if path is not None and not path.is_file():
        path = None
    page = feedback_html(path, task, lang, Path(kit) if kit else None)
    try:
        from IPython.display import HTML, display
    except ImportError:  # not in IPython: plain text is all there is
        print(page)
        return
    display(HTML(page))
