"""A student installs the kit's wheel into their own Jupyter environment: a fresh virtualenv that
already holds another Keras set-up than the grader's (Keras 3 on JAX, no TensorFlow). The install
replaces nothing of theirs and pulls in no TensorFlow, and `grader check` of 01 and 04 then runs
from the kit in that environment (its python, its kernel, its Keras), as the student reads it;
with JupyterLab and ipylab installed there too, `check()` in a notebook has JupyterLab save it
first and shows its feedback in the page.

Everything comes from the index pip is configured with (PyPI in CI). The installed size and
package count before and after are printed (benchmarks/kit_install.py prints them on its own)."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser import watched_page
from conftest import ROOT

from grader.cli.main import ExitCode

sys.path.insert(0, str(ROOT / "benchmarks"))

from kit_install import (
    Environment,
    make_student_venv,
    measure,
    normalised,
    pip,
    student_environment,
)

pytestmark = [pytest.mark.kernel, pytest.mark.slow, pytest.mark.xdist_group("kit-install")]
FOURTH = "04_fashion_mnist_cnn"
# the browser test's waits: one step (the page, the kernel, the cell starting), the feedback (the
# check grades the notebook in a process of its own), and all of it with installing JupyterLab
STEP_MS = 180_000
FEEDBACK_MS = 420_000
LAB_BUDGET_S = 900
NOTEBOOK = "exercises/01_convolution.ipynb"  # the page opens it, relative to the kit
TYPED = "result_vertical = np.zeros((2, 2))"  # V on X answered in the page: right shape only


@dataclass(frozen=True)
class Student:
    python: Path
    kit: Path
    before: Environment
    after: Environment
    pip_output: str
    home: Path


def _build_kit(out: Path) -> Path:
    """`grader kit` of 01 and 04 with the grader's wheel, from the course, as instructors run it."""
    command = [sys.executable, "-m", "grader", "kit", str(out), "01_convolution", FOURTH]
    completed = subprocess.run(
        [*command, "--course", str(ROOT)], capture_output=True, text=True, timeout=900, check=False
    )
    assert completed.returncode == ExitCode.OK, completed.stdout + completed.stderr
    return out


@pytest.fixture(scope="module")
def student(tmp_path_factory: pytest.TempPathFactory) -> Student:
    """The kit built while the student's virtualenv is made (both take a minute), then the wheel
    installed into it, with whatever the wheel depends on."""
    folder = tmp_path_factory.mktemp("kit-install")
    with ThreadPoolExecutor(2) as both:
        venv = both.submit(make_student_venv, folder / "student-venv")
        kit = _build_kit(folder / "kit")
        python = venv.result()
    before = measure(python)
    (wheel,) = kit.glob("cnn_notebook_grader-*.whl")
    output = pip(python, str(wheel))
    after = measure(python)
    home = folder / "home"  # the student's home: no Keras cache, no keras.json of this machine
    home.mkdir()
    added = len(after.installed) - len(before.installed)
    mib = (after.site_packages_bytes - before.site_packages_bytes) / 2**20
    print(  # shown with -s or -rP, and by benchmarks/kit_install.py
        f"\nstudent's venv (Keras on JAX): {before.line()}; with the kit's wheel: {after.line()} "
        f"(+{added}, +{mib:.0f} MiB)"
    )
    return Student(python, kit, before, after, output, home)


def _check(student: Student, notebook: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`grader check` as the student types it, in their virtualenv with their Keras backend."""
    env = student_environment(student.python) | {"HOME": str(student.home)}
    command = [str(student.python.parent / "grader"), "check", str(notebook), "--lang", "en"]
    return subprocess.run(
        [*command, "--kit", str(student.kit), *arguments],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
        cwd=notebook.parent,
    )


def test_the_wheel_changes_nothing_of_the_students_environment(student: Student) -> None:
    before, after = student.before.installed, student.after.installed
    assert {"keras", "jax", "jaxlib"} <= set(before)
    assert int(before["keras"].split(".")[0]) >= 3
    # every distribution the student had keeps its version: nothing upgraded, downgraded, removed
    assert {name: after.get(name) for name in before} == before
    assert "Attempting uninstall" not in student.pip_output
    assert "Uninstalling" not in student.pip_output
    # no TensorFlow pulled in, none of the instructor's extras; what the self-check needs is there
    assert not [name for name in after if name.startswith("tensorflow") or name == "tf-keras"]
    assert not {"pandas", "flask", "wandb", "matplotlib", "distributed"} & set(after)
    assert {normalised("cnn_notebook_grader"), "ipykernel", "nbclient", "jinja2"} <= set(after)


def test_check_of_01_runs_in_the_students_environment(student: Student, tmp_path: Path) -> None:
    """The reference notebook as a student would hand it in: every public check passes, the
    shape-only and hidden-only tasks say so; the kit's blank exercise: nothing answered."""
    done = tmp_path / "done" / "01_convolution.ipynb"
    done.parent.mkdir()
    shutil.copyfile(ROOT / "reference" / "01_convolution.ipynb", done)
    completed = _check(student, done)
    out = completed.stdout
    assert completed.returncode == ExitCode.OK, out + completed.stderr
    for task in ("conv2d", "output_size", "pool2d"):
        assert re.search(rf"^{task} +passed ", out, re.MULTILINE), out
    assert re.search(r"^V on X +only the shape checked", out, re.MULTILINE), out
    assert re.search(r"^RGB filter weights +not checked publicly", out, re.MULTILINE), out
    assert "Every public check passed" in out and "10 hidden checks (10 points)" in out
    assert "All points" not in out

    blank = _check(student, student.kit / "exercises" / "01_convolution.ipynb")
    assert blank.returncode == ExitCode.POINTS_LOST, blank.stdout + blank.stderr
    assert re.search(r"^V on X +not answered", blank.stdout, re.MULTILINE), blank.stdout
    assert "Not done yet: 8 tasks" in blank.stdout


def test_check_of_04_measures_the_model_with_the_students_keras_on_jax(
    student: Student, tmp_path: Path
) -> None:
    """The reference's notebook, model and history: the student's Keras (on JAX, no TensorFlow in
    the venv) loads the model, in the kernel and in the measuring process, and measures it on the
    10,000 test images."""
    folder = tmp_path / "04"
    folder.mkdir()
    for name in (f"{FOURTH}.ipynb", "fashion_cnn.keras", "history.json"):
        shutil.copyfile(ROOT / "reference" / name, folder / name)
    data = f"fashion-mnist={ROOT / 'data' / 'fashion-mnist'}"
    completed = _check(student, folder / f"{FOURTH}.ipynb", "--data", data)
    out = completed.stdout
    assert completed.returncode == ExitCode.OK, out + completed.stderr
    assert "tensorflow" not in out.lower()
    for task, points in (("Splitting the data", 2), ("Model file", 2), ("Test accuracy", 12)):
        assert re.search(rf"^{task} +{points}/{points} +passed", out, re.MULTILINE), out
    assert re.search(r"^Public +20/20", out, re.MULTILINE), out
    accuracy = re.search(r"Accuracy measured by the grader: (0\.\d+) on 10,000 test images", out)
    assert accuracy is not None and float(accuracy.group(1)) >= 0.92, out


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: its base URL, token and log (read into a failure's diagnosis)."""

    url: str
    token: str
    log: Path

    def notebook_url(self, path: str) -> str:
        return f"{self.url}/lab/tree/{path}?token={self.token}"

    def api(self, endpoint: str) -> str:
        """One REST answer of the server as text (the kernels' and sessions' states), or why not."""
        try:
            with urllib.request.urlopen(
                f"{self.url}/api/{endpoint}?token={self.token}", timeout=10
            ) as r:
                return r.read().decode(errors="replace")[:2000]
        except OSError as error:
            return f"({error})"


@contextmanager
def _jupyterlab(student: Student, root: Path) -> Iterator[Lab]:
    """A real JupyterLab of the student's virtualenv, serving ``root`` on a free port with a
    token, once it answers; stopped afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(16)
    jupyter = student.home / "jupyter"  # its own config, data and runtime folders
    env = student_environment(student.python) | {
        "HOME": str(student.home),
        "JUPYTER_CONFIG_DIR": str(jupyter / "config"),
        "JUPYTER_DATA_DIR": str(jupyter / "data"),
        "JUPYTER_RUNTIME_DIR": str(jupyter / "runtime"),
    }
    command = [str(student.python), "-m", "jupyterlab", "--no-browser", "--allow-root"]
    command += ["--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0"]
    command += [f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"]
    lab = Lab(f"http://127.0.0.1:{port}", token, student.home / f"jupyterlab-{port}.log")
    log = lab.log.open("wb")
    server = subprocess.Popen(command, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, lab.log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "JupyterLab did not answer within 120 s"
            try:
                with urllib.request.urlopen(f"{lab.url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                time.sleep(0.5)
        yield lab
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(30)
        log.close()


@dataclass
class Phases:
    """How long each step of the browser test took, for its output and a failure's diagnosis
    (under load a timeout says which step was slow), and what is left of its time budget: no
    wait runs past it, so that the test fails with its diagnosis before pytest-timeout stops it."""

    start: float = field(default_factory=time.monotonic)
    done: list[str] = field(default_factory=list)

    def mark(self, step: str) -> None:
        self.done.append(f"{step} after {time.monotonic() - self.start:.0f} s")

    def ms(self, most: int) -> int:
        """A wait's timeout in milliseconds: at most ``most``, never past the budget."""
        left = LAB_BUDGET_S - (time.monotonic() - self.start)
        return max(1_000, min(most, int(left * 1000)))

    def __str__(self) -> str:
        return "; ".join(self.done) or "none"


def _log_lines(log: Path) -> str:
    """The server's own lines of its log (kernels started, restarted, saved; errors), without
    the tracebacks and kernel output between them: the order of events, however long it ran."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.startswith("[")]
    return "\n".join(line[:300] for line in lines[-60:])


def _diagnosis(page: Any, errors: list[str], lab: Lab, phases: Phases, shot: Path) -> str:
    """What a failure of the browser test needs to be understood from CI's log alone: the steps
    done, the page's text (and a screenshot), the server's log, its kernels and sessions, the
    machine's load and the student's processes still running (the check's grading process)."""
    try:
        page.screenshot(path=str(shot), full_page=True, timeout=30_000)
        text = page.locator("body").inner_text(timeout=30_000)
    except Exception as error:  # whatever the page does, the diagnosis must not hide the failure
        text = f"(page not readable: {error})"
    processes = subprocess.run(
        ["ps", "-eo", "pid,etime,time,pcpu,args", "--sort=-pcpu"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout.splitlines()
    return "\n".join(
        [
            f"steps done: {phases}; load average {os.getloadavg()}",
            f"page text (screenshot {shot}):\n{text[-4000:]}",
            f"JupyterLab's log lines ({lab.log}):\n{_log_lines(lab.log)}",
            f"the page's console errors: {errors}",
            f"sessions: {lab.api('sessions')}",
            f"kernels: {lab.api('kernels')}",
            "busiest processes:\n" + "\n".join(line[:200] for line in processes[:15]),
        ]
    )


@pytest.mark.browser
@pytest.mark.timeout(LAB_BUDGET_S + 300)  # the waits below end first, with a diagnosis
def test_check_in_jupyterlab_shows_the_feedback_in_the_page(
    student: Student, chromium: str, tmp_path: Path
) -> None:
    """JupyterLab and ipylab installed into the student's virtualenv beside the wheel; the kit's
    01 notebook opened in Chromium with a cell `from grader import check; check()` (first, so
    that it is on screen). The student types an answer to "V on X" without saving, then runs
    the check cell with Shift+Enter: check() has JupyterLab save the notebook first (through
    ipylab), so the typed answer is graded, and its feedback replaces the running line in the
    page. A step that does not finish in time fails with the page's text, a screenshot, the
    server's log and the kernels' states."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    phases = Phases()
    pip(student.python, "jupyterlab", "ipylab")
    phases.mark("JupyterLab and ipylab installed")
    kit = tmp_path / "kit"
    shutil.copytree(student.kit, kit)
    notebook = kit / "exercises" / "01_convolution.ipynb"
    content = nbformat.read(notebook, as_version=4)
    content.cells.insert(0, nbformat.v4.new_code_cell("from grader import check; check()"))
    nbformat.write(content, notebook)
    with _jupyterlab(student, kit) as lab, sync_playwright() as playwright:
        phases.mark("server answers")
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page, errors = watched_page(browser, 1400, 1000)
        try:
            text = _run_check_cell(page, lab, phases)
        except (PlaywrightError, AssertionError) as error:
            pytest.fail(f"{error}\n{_diagnosis(page, errors, lab, phases, tmp_path / 'lab.png')}")
        finally:
            browser.close()
    print(f"\nJupyterLab check(): {phases}; load average {os.getloadavg()}")  # -s or -rP
    assert "Prüfe 01_convolution.ipynb" not in text  # the running line was replaced
    assert "lief nicht durch" not in text, text
    assert "nicht beantwortet" in text and "10 verdeckte Prüfungen" in text, text
    assert "Alle Punkte" not in text, text
    # saved first: the typed answer is in the file and was graded (its shape is right)
    assert "eben vor der Prüfung gespeichert" in text and "Achtung" not in text, text
    assert TYPED in "".join(nbformat.read(notebook, as_version=4).cells[6].source)
    row = re.search(r"^V auf X[^\n]*?\t([^\t\n]+)", text, re.MULTILINE)
    assert row is not None and row.group(1).strip() == "nur die Form geprüft", text


def _run_check_cell(page: Any, lab: Lab, phases: Phases) -> str:
    """Opens the notebook, waits until its kernel is connected and idle, types an answer into
    the "V on X" cell (unsaved), runs the first cell as a student does (click into it,
    Shift+Enter) and returns the feedback's text once it replaced the running line.

    The toolbar's execution indicator reads "idle" before any kernel exists (its default), and
    a cell run while the notebook's kernel is still starting is not run at all: JupyterLab
    clears its prompt and moves on (on a loaded machine the kernel takes long enough for that).
    So the test waits for the status bar's "| Idle", which JupyterLab shows only for a
    connected kernel, and for the server to count that connection."""
    page.goto(lab.notebook_url(NOTEBOOK), timeout=phases.ms(STEP_MS))
    status = page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\|\s*Idle"))
    status.first.wait_for(timeout=phases.ms(STEP_MS))
    _wait_for_connected_kernel(lab, phases)
    phases.mark("kernel connected and idle")
    cells = page.locator(".jp-Notebook .jp-Cell")
    answer = cells.nth(6).locator(".cm-content")  # "V on X": result_vertical, not saved
    answer.click(timeout=phases.ms(STEP_MS))
    page.keyboard.press("Control+a")
    page.keyboard.type(TYPED)
    answer.get_by_text(TYPED).wait_for(timeout=phases.ms(STEP_MS))
    cell = cells.first
    cell.locator(".cm-content").click(timeout=phases.ms(STEP_MS))
    page.keyboard.press("Shift+Enter")
    output = cell.locator(".jp-OutputArea-output")
    started = re.compile("Prüfe 01_convolution|Geprüft wurde 01_convolution")
    output.get_by_text(started).first.wait_for(timeout=phases.ms(STEP_MS))
    phases.mark("check() running")
    output.get_by_text("Geprüft wurde 01_convolution.ipynb").wait_for(
        timeout=phases.ms(FEEDBACK_MS)
    )
    phases.mark("feedback shown")
    return str(output.inner_text())


def _wait_for_connected_kernel(lab: Lab, phases: Phases) -> None:
    """Until the server has the notebook's session with an idle kernel that the page is
    connected to."""
    deadline = time.monotonic() + phases.ms(STEP_MS) / 1000
    while True:
        try:
            sessions = json.loads(lab.api("sessions"))
        except ValueError:
            sessions = []
        kernels = [s["kernel"] for s in sessions if s.get("path") == NOTEBOOK]
        if any(k["execution_state"] == "idle" and k["connections"] > 0 for k in kernels):
            return
        assert time.monotonic() < deadline, f"no connected idle kernel: {sessions}"
        time.sleep(0.5)
