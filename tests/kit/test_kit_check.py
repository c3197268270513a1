"""A student with a kit of 01 (built here by `grader kit` from a copy of the course): the
terminal check in every format and both languages, the notes a kit gives about itself, and the
one-line check inside a real notebook, run in a real kernel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

from grader.cli import main as cli
from grader.cli.main import ExitCode, main
from grader.kit.notebook_check import current_notebook

pytestmark = [pytest.mark.kernel, pytest.mark.xdist_group("kit-check")]
BEN = ROOT / "demo" / "course" / "ben" / "01_convolution.ipynb"  # a flipped kernel


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("course")
    for folder in ("reference", "exercises"):
        (course / folder).mkdir()
        for path in (ROOT / folder).glob("01_convolution.*"):
            shutil.copyfile(path, course / folder / path.name)
    return course


@pytest.fixture(scope="module")
def kit(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "kit"
    code = main(["kit", str(out), "--course", str(course), "--zip", "--no-wheel"])
    assert code == ExitCode.OK
    return out


@pytest.fixture
def student(kit: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ben's notebook in the kit's exercises folder, the kit's folder the working folder."""
    notebook = kit / "exercises" / "01_convolution.ipynb"
    shutil.copyfile(BEN, notebook)
    monkeypatch.chdir(kit)
    return notebook


def test_the_kit_is_a_plain_folder_and_a_zip_with_its_own_readme(kit: Path) -> None:
    readme = (kit / "README.md").read_text(encoding="utf-8")
    assert "grader check exercises/01_convolution.ipynb" in readme
    assert "from grader import check; check()" in readme
    assert (kit.parent / "kit.zip").is_file()
    assert json.loads((kit / "kit.json").read_text())["grader_version"]


@pytest.mark.parametrize(
    ("lang", "hidden", "total"),
    [
        ("de", "10 verdeckte Prüfungen (10 Punkte)", "Öffentlich"),
        ("en", "10 hidden checks", "Public"),
    ],
)
def test_check_from_the_kit_says_what_ran_and_claims_no_total(
    student: Path, capsys: pytest.CaptureFixture[str], lang: str, hidden: str, total: str
) -> None:
    assert main(["check", str(student), "--lang", lang]) == ExitCode.POINTS_LOST
    out = capsys.readouterr().out
    assert hidden in out and f"\n{total} " in out
    assert "10/10" not in out and "Summe" not in out
    assert "ernel w" in out  # the flipped kernel is named in both languages


def test_json_html_and_one_task(student: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(student), "--format", "json", "--lang", "en"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["public_only"] is True
    assert report["withheld"] == {"checks": 10, "points": 10.0}
    assert main(["check", str(student), "--format", "html", "--task", "conv2d"]) == 1
    page = capsys.readouterr().out
    assert page.count('class="task"') == 1 and 'data-task="conv2d"' in page
    assert "<script" not in page and "gespiegelt" in page
    assert main(["check", str(student), "--task", "nope"]) == ExitCode.USAGE_ERROR


def test_an_unchanged_kit_check_of_the_reference_passes(
    kit: Path, course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = kit / "exercises" / "01_convolution.ipynb"
    shutil.copyfile(course / "reference" / "01_convolution.ipynb", notebook)
    monkeypatch.chdir(kit)
    assert main(["check", str(notebook), "--lang", "en"]) == ExitCode.OK


def test_a_kit_says_when_it_is_older_than_the_course_or_another_grader(
    student: Path, kit: Path, course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = course / "reference" / "01_convolution.toml"
    original = spec.read_text(encoding="utf-8")
    record = json.loads((kit / "kit.json").read_text())
    try:
        spec.write_text(original + "\n# changed after the kit was built\n", encoding="utf-8")
        (kit / "kit.json").write_text(json.dumps({**record, "grader_version": "0.0.1"}))
        main(["check", str(student), "--course", str(course), "--kit", str(kit), "--lang", "en"])
        err = capsys.readouterr().err
        assert "the reference of 01_convolution changed since the kit was built" in err
        assert "the kit was built with grader 0.0.1" in err
    finally:
        spec.write_text(original, encoding="utf-8")
        (kit / "kit.json").write_text(json.dumps(record))


def test_without_bubblewrap_the_check_says_so_in_one_line(
    student: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "bwrap_path", lambda: None)
    main(["check", str(student), "--lang", "en"])
    err = capsys.readouterr().err
    assert err.count("without a sandbox") == 1 and err.count("\n") == 1


def test_a_kit_without_the_fashion_mnist_cache_says_how_to_get_it(
    kit: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kit's data folder is the student's Keras cache; a missing one is explained."""
    record = json.loads((kit / "kit.json").read_text())
    spec = json.loads((kit / "checks" / "01_convolution.json").read_text())
    spec["data"]["folders"] = {"fashion-mnist": "~/.keras/datasets/fashion-mnist"}
    spec["data"]["keras_cache"] = ["fashion-mnist"]
    other = tmp_path / "kit"
    shutil.copytree(kit, other)
    (other / "checks" / "01_convolution.json").write_text(json.dumps(spec))
    (other / "kit.json").write_text(json.dumps(record))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    notebook = other / "exercises" / "01_convolution.ipynb"
    assert main(["check", str(notebook), "--kit", str(other), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "keras.datasets.fashion_mnist.load_data()" in err and "Traceback" not in err


def _run_in_kernel(folder: Path, source: str, env: dict[str, str]) -> list[dict]:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(folder)}}
    )
    client.execute(env={**os.environ, **env})
    return list(notebook.cells[0].outputs)


def test_check_inside_a_real_notebook_shows_the_feedback_as_html(student: Path) -> None:
    """The student's kernel runs `check()`; the notebook it belongs to (as Jupyter's server
    names it) is graded in a separate process and the feedback is displayed as HTML."""
    outputs = _run_in_kernel(
        student.parent,
        "from grader import check\ncheck(lang='en')",
        {"JPY_SESSION_NAME": str(student)},
    )
    html = next(o["data"]["text/html"] for o in outputs if o["output_type"] == "display_data")
    assert "Checked 01_convolution.ipynb as saved at" in html
    assert '<div class="grader-check">' in html and html.count('class="task"') == 8
    assert "The kernel was flipped" in html and "10 hidden checks" in html
    one = _run_in_kernel(
        student.parent,
        "from grader import check\ncheck('pool2d', lang='de')",
        {"JPY_SESSION_NAME": "01_convolution.ipynb"},  # relative to the server's root
    )
    page = next(o["data"]["text/html"] for o in one if o["output_type"] == "display_data")
    assert page.count('class="task"') == 1 and 'data-task="pooling"' in page


def test_check_without_a_saved_notebook_asks_for_one(tmp_path: Path) -> None:
    outputs = _run_in_kernel(tmp_path, "from grader import check\ncheck(lang='en')", {})
    html = next(o["data"]["text/html"] for o in outputs if o["output_type"] == "display_data")
    assert "Cannot find the notebook" in html
    assert current_notebook({}, tmp_path) is None
    (tmp_path / "only.ipynb").write_text("{}")
    assert current_notebook({}, tmp_path) == (tmp_path / "only.ipynb").resolve()


def test_without_unix_only_modules_the_grader_imports_and_runs_a_child() -> None:
    """Windows has no resource, fcntl or fork: nothing imports them unguarded, and the launcher
    then runs its command as a plain child."""
    code = (
        "import os, sys\n"
        "sys.modules['resource'] = None; sys.modules['fcntl'] = None; del os.fork\n"
        "import grader.cli.main, grader.results.gradebook, grader.execute.launcher as launcher\n"
        "assert launcher.resource is None\n"
        "launcher.apply_limits(100, 10)\n"
        "code = launcher.supervise([sys.executable, '-c', 'print(\"child ran\")'], os.getppid())\n"
        "print('exit', code)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "child ran" in completed.stdout and "exit 0" in completed.stdout
