"""``from grader import check; check()``: a student's self-check from inside the notebook.

The checks never run in the student's own kernel (the student's objects could answer for the
grader there): ``check`` finds the saved notebook file (through Jupyter's session information,
VS Code's, or the only notebook in the working folder), grades it in a separate process exactly
like ``grader check --format html``, and displays that HTML. It shows at once that it runs, and
replaces that line with the feedback. It grades what is saved, says when the file was saved, and
warns when the kernel ran code since the last save that the saved file lacks (the student's
kernel keeps what it ran; the file keeps its cells' execution counts), so that the feedback never
silently contradicts what the student's notebook shows. Where the student has ipylab (a bridge
from the kernel to JupyterLab's and Notebook 7's commands), it asks the front end to save the
notebook first, and grades what is on the screen.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from grader.text.messages import Message, msg, render
from grader.text.numbers import Count

TIMEOUT_S = 1800
SAVE_WAIT_S = 15.0  # how long a save the front end was asked for may take to reach the file


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


def _inputs() -> list[str]:
    """What this kernel ran, by execution count (``In[n]``, as typed); empty outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return []
    shell = get_ipython()
    history = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None)
    return [str(code) for code in history] if isinstance(history, list) else []


def _code(source: object) -> str:
    text = "".join(source) if isinstance(source, list) else str(source or "")
    return text.replace("\r\n", "\n").strip()


def unsaved_runs(inputs: list[str], notebook: Path) -> int:
    """How many cells the kernel ran after the file's last save whose code the saved file lacks:
    runs numbered above every execution count the file keeps, except the last one (the cell that
    calls ``check()``). A kernel restarted since counts from 1 again; its runs of saved code match
    the file and count for nothing."""
    try:
        saved = json.loads(notebook.read_text(encoding="utf-8"))
        cells = [c for c in saved["cells"] if isinstance(c, dict) and c.get("cell_type") == "code"]
    except (OSError, ValueError, KeyError, TypeError):
        return 0
    sources = {_code(cell.get("source")) for cell in cells}
    counts = [c["execution_count"] for c in cells if isinstance(c.get("execution_count"), int)]
    recent = inputs[max(counts, default=0) + 1 : -1]
    return sum(1 for code in recent if _code(code) and _code(code) not in sources)


def save_first(notebook: Path, namespace: dict[str, Any]) -> bool:
    """Asks JupyterLab or Notebook 7 to save the notebook before it is graded, so that the check
    grades what the student sees: through ipylab (its front-end extension runs the command
    ``docmanager:save``, which saves the notebook the student works in) where it is installed,
    and only in a kernel a Jupyter server started (``JPY_SESSION_NAME``; VS Code's has no such
    bridge). True once the file changed on disk within SAVE_WAIT_S; False otherwise, and then
    the note on runs since the last save is the student's guide."""
    if "__vsc_ipynb_file__" in namespace or not os.environ.get("JPY_SESSION_NAME"):
        return False
    try:
        from ipylab import JupyterFrontEnd
    except ImportError:
        return False
    before = notebook.stat().st_mtime_ns
    JupyterFrontEnd().commands.execute("docmanager:save")  # fire and forget: no reply comes
    deadline = time.monotonic() + SAVE_WAIT_S
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if notebook.stat().st_mtime_ns != before:  # the server writes atomically (replaces)
            return True
    return False


def check_command(notebook: Path, task: str | None, lang: str, kit: Path | None) -> list[str]:
    command = [sys.executable, "-m", "grader", "check", str(notebook), "--format", "html"]
    command += ["--lang", lang]
    command += ["--task", task] if task else []
    command += ["--kit", str(kit)] if kit else []
    return command


def feedback_html(
    notebook: Path | None,
    task: str | None,
    lang: str,
    kit: Path | None = None,
    saved_first: bool = False,
) -> str:
    """The feedback as HTML: the grader's own fragment, with when the notebook was saved (by
    ``check`` itself where ``saved_first``) and whether the kernel ran code since that the file
    lacks."""
    if notebook is None:
        return _paragraph(msg("notebook_check.no_notebook"), lang)
    saved = datetime.datetime.fromtimestamp(notebook.stat().st_mtime).strftime("%H:%M:%S")
    key = "notebook_check.saved_first" if saved_first else "notebook_check.saved_at"
    note = _paragraph(msg(key, notebook=notebook.name, time=saved), lang)
    unsaved = unsaved_runs(_inputs(), notebook)
    if unsaved:
        key = "notebook_check.unsaved_one" if unsaved == 1 else "notebook_check.unsaved"
        note = _paragraph(msg(key, n=Count(unsaved)), lang, "grader-unsaved") + note
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


def _paragraph(message: Message, lang: str, css: str | None = None) -> str:
    import html

    style = ' style="color:#b42318;font-weight:bold"' if css else ""
    attributes = f' class="{css}"{style}' if css else ""
    return f"<p{attributes}>{html.escape(render(message, lang))}</p>"


def check(
    task: str | None = None,
    notebook: str | None = None,
    lang: str = "de",
    kit: str | None = None,
) -> None:
    """Checks the saved notebook and shows the feedback below the cell (one task, or all): a
    line that it runs at once, replaced by the feedback when it is done. Saves it first where
    the front end lets it (``save_first``)."""
    folder = Path.cwd()
    namespace = _namespace()
    path = Path(notebook).resolve() if notebook else current_notebook(namespace, folder)
    if path is not None and not path.is_file():
        path = None
    try:
        from IPython.display import HTML, display
    except ImportError:  # not in IPython: plain text is all there is
        print(feedback_html(path, task, lang, Path(kit) if kit else None))
        return
    name = path.name if path is not None else "?"
    running = display(
        HTML(_paragraph(msg("notebook_check.running", notebook=name), lang)), display_id=True
    )
    saved = path is not None and save_first(path, namespace)
    page = HTML(feedback_html(path, task, lang, Path(kit) if kit else None, saved))
    if running is None:
        display(page)
    else:
        running.update(page)
