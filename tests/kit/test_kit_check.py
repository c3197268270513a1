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
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks" / "01_convolution"


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
    assert hidden in out
    # 01's public checks carry no points: no points column, no "Public 0/0" row
    assert f"\n{total} " not in out and "0/0" not in out
    assert "10/10" not in out and "Summe" not in out
    assert "ernel w" in out  # the flipped kernel is named in both languages
    # each task under its title in the report's language (01's spec gives both)
    for task, title in TITLES[lang].items():
        other = TITLES["en" if lang == "de" else "de"][task]
        assert f"\n{title} " in out and other not in out, task


def _as_student(kit: Path, fixture: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    notebook = kit / "exercises" / "01_convolution.ipynb"
    shutil.copyfile(FIXTURES / f"{fixture}.ipynb", notebook)
    monkeypatch.chdir(kit)
    return notebook


def _rows(out: str) -> dict[str, str]:
    """The text table's rows by task title: what the student reads beside each task."""
    return {line[:27].strip(): line[27:] for line in out.splitlines() if line[27:28] != " "}


# issue 23: the notebook the students' self-check called "all points": a negated Sobel result,
# the RGB weights' cell left as the placeholder
# the task titles in each language: the spec gives 01's in German and English
TITLES = {
    "de": {"sobel": "SOBEL_X auf IMG6", "rgb_weights": "Gewichte RGB-Filter"},
    "en": {"sobel": "SOBEL_X on IMG6", "rgb_weights": "RGB filter weights"},
}
SAYS = {
    "de": {
        "conv2d": "bestanden",
        "sobel": "nur die Form geprüft",
        "rgb_weights": "nicht beantwortet",
        "summary": "Noch nicht fertig: eine Aufgabe ist vor der Abgabe zu beheben",
        "unanswered": "wirft noch den `NotImplementedError` des Platzhalters",
        "clean": "Alle öffentlichen Prüfungen bestanden",
        "unchecked": "nicht öffentlich geprüft (1 verdeckte Prüfung)",
    },
    "en": {
        "conv2d": "passed",
        "sobel": "only the shape checked",
        "rgb_weights": "not answered",
        "summary": "Not done yet: one task to fix before you hand in",
        "unanswered": "still raises the placeholder's `NotImplementedError`",
        "clean": "Every public check passed",
        "unchecked": "not checked publicly (1 hidden check)",
    },
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_self_check_says_what_it_checked_and_what_it_did_not(
    kit: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    notebook = _as_student(kit, "negated-sobel-unanswered", monkeypatch)
    says = SAYS[lang]
    assert main(["check", str(notebook), "--lang", lang]) == ExitCode.POINTS_LOST
    out = capsys.readouterr().out
    rows = _rows(out)
    for task in ("conv2d", "sobel", "rgb_weights"):
        title = TITLES[lang].get(task, task)
        assert rows[title].split("   (")[0].strip() == says[task], out
    assert says["summary"] in out and says["unanswered"] in out
    assert out.count("NotImplementedError") == 1  # at its task, not again among the cell errors
    assert "Alle Punkte" not in out and "All points" not in out and "0/0" not in out

    assert main(["check", str(notebook), "--lang", lang, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    tasks = {t["task"]: t for t in report["tasks"]}
    assert (tasks["sobel"]["status"], tasks["sobel"]["status_text"]) == (
        "shape_only",
        says["sobel"],
    )
    assert tasks["rgb_weights"]["status"] == "unanswered"
    assert says["unanswered"] in tasks["rgb_weights"]["message"]
    assert (report["points"], report["max_points"], tasks["conv2d"]["points"]) == (None,) * 3
    assert report["nothing_found"] is False and says["summary"] in report["summary"]

    assert main(["check", str(notebook), "--lang", lang, "--format", "html"]) == 1
    page = capsys.readouterr().out
    assert f'<td class="shape_only">{says["sobel"]}<br>' in page
    assert f'<td class="unanswered">{says["rgb_weights"]}<br>' in page
    assert says["summary"] in page and "0/0" not in page and "Punkte erreicht" not in page


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_self_check_that_finds_nothing_exits_0_and_still_claims_no_points(
    kit: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """Every answer cell answered, every public check passed: exit 0, yet the negated Sobel
    result is "only the shape checked" and the RGB weights "not checked publicly"."""
    notebook = _as_student(kit, "negated-sobel", monkeypatch)
    says = SAYS[lang]
    assert main(["check", str(notebook), "--lang", lang]) == ExitCode.OK
    out = capsys.readouterr().out
    rows = _rows(out)
    assert rows[TITLES[lang]["sobel"]].strip().startswith(says["sobel"])
    assert rows[TITLES[lang]["rgb_weights"]].strip() == says["unchecked"]
    assert says["clean"] in out and "Alle Punkte" not in out and "All points" not in out


def test_an_answer_cell_that_raised_is_named_and_fails_the_self_check(
    kit: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One cell raised before its answer existed, one after: both tasks say their cell's error
    (the second one's shape check passed, which is no reason to hand it in)."""
    notebook = _as_student(kit, "cell-error-midway", monkeypatch)
    assert main(["check", str(notebook), "--lang", "en", "--format", "json"]) == 1
    tasks = {t["task"]: t for t in json.loads(capsys.readouterr().out)["tasks"]}
    assert tasks["vertical"]["status"] == tasks["horizontal"]["status"] == "cell_error"
    assert "ValueError: oops" in tasks["vertical"]["message"]
    assert "ZeroDivisionError" in tasks["horizontal"]["message"]


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


def test_without_bubblewrap_the_check_says_so_in_one_line_and_inside_the_html(
    student: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "bwrap_path", lambda: None)
    main(["check", str(student), "--lang", "en"])
    err = capsys.readouterr().err
    assert err.count("without a sandbox") == 1 and err.count("\n") == 1
    # what check() shows in a notebook: the note comes with the feedback, not on a lost stderr
    main(["check", str(student), "--lang", "en", "--format", "html"])
    page = capsys.readouterr().out
    assert page.startswith('<p class="grader-note">Note: bubblewrap is missing')
    main(["check", str(student), "--lang", "de", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["notes"][0].startswith("Hinweis: bubblewrap fehlt")


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


def _run_in_kernel(folder: Path, source: str, env: dict[str, str], *before: str) -> list[dict]:
    """Runs ``before`` (cells the student ran) and then ``source`` in one real kernel; the
    outputs of the last cell, with every display updated as the front end would show it."""
    cells = [nbformat.v4.new_code_cell(code) for code in (*before, source)]
    notebook = nbformat.v4.new_notebook(cells=cells)
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(folder)}}
    )
    client.execute(env={**os.environ, **env})
    return list(notebook.cells[-1].outputs)


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


def test_check_inside_a_notebook_tells_the_same_truth_in_both_languages(
    kit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23's notebook, checked by `check()` in its own kernel: not "all points", the
    unanswered cell and the shape-only Sobel, as on the command line."""
    notebook = _as_student(kit, "negated-sobel-unanswered", monkeypatch)
    outputs = _run_in_kernel(
        notebook.parent,
        "from grader import check\ncheck(lang='de')\ncheck(lang='en')",
        {"JPY_SESSION_NAME": str(notebook)},
    )
    pages = [o["data"]["text/html"] for o in outputs if o["output_type"] == "display_data"]
    assert len(pages) == 2
    for page, says in zip(pages, (SAYS["de"], SAYS["en"]), strict=True):
        assert says["summary"] in page and says["sobel"] in page
        assert f'<td class="unanswered">{says["rgb_weights"]}<br>' in page
        assert "Punkte erreicht" not in page and "points earned" not in page


def test_check_warns_when_the_kernel_ran_code_the_saved_file_lacks(
    kit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The student fixed the Sobel cell and ran it, but did not save: the feedback (of the saved
    file) comes with the warning to save and check again; the running line is replaced."""
    notebook = _as_student(kit, "negated-sobel", monkeypatch)
    outputs = _run_in_kernel(
        notebook.parent,
        "from grader import check\ncheck(lang='en')",
        {"JPY_SESSION_NAME": str(notebook)},
        "import numpy as np\nresult_sobel = np.zeros((4, 4))",
    )
    pages = [o["data"]["text/html"] for o in outputs if o["output_type"] == "display_data"]
    assert len(pages) == 1 and "Checking 01_convolution.ipynb" not in pages[0]
    assert "since the last save your kernel ran a cell whose code" in pages[0]
    assert "only the shape checked" in pages[0]


def test_check_without_a_saved_notebook_asks_for_one(tmp_path: Path) -> None:
    outputs = _run_in_kernel(tmp_path, "from grader import check\ncheck(lang='en')", {})
    html = next(o["data"]["text/html"] for o in outputs if o["output_type"] == "display_data")
    assert "Cannot find the notebook" in html and "check(notebook=&quot;FILE.ipynb&quot;)" in html
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


def test_a_kit_check_of_a_model_takes_the_students_own_keras_3(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wheel brings no Keras (it must not replace the student's TensorFlow): a check that
    reads a model says what is missing, in both languages, before anything runs."""
    import importlib.metadata

    from grader.course.spec import load_assignment
    from grader.kit.build import keras_problem
    from grader.text.messages import render

    models, no_models = (
        load_assignment(ROOT, n) for n in ("04_fashion_mnist_cnn", "01_convolution")
    )
    assert keras_problem(models) is None  # this environment's own Keras 3
    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "2.15.0" if name == "keras" else real(name)
    )
    old = keras_problem(models)
    assert old is not None and keras_problem(no_models) is None
    assert "Keras 2.15.0" in render(old, "de") and "needs Keras 3" in render(old, "en")

    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    none = keras_problem(models)
    assert none is not None and "has no Keras" in render(none, "en")


def test_a_kit_check_needs_none_of_the_instructors_extras(
    kit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wheel's dependencies are all a self-check of 01 has: in a process where the
    instructor's extras (TensorFlow, Keras, pandas, Flask, SciPy, Matplotlib, Pillow, W&B, Dask)
    cannot be imported, `grader check` from the kit still reports the notebook."""
    notebook = _as_student(kit, "negated-sobel-unanswered", monkeypatch)
    blocked = (
        "tensorflow keras pandas flask scipy matplotlib PIL wandb google.protobuf distributed dask"
    )
    code = (
        "import sys\n"
        f"for name in {blocked.split()!r}:\n"
        "    sys.modules[name] = None\n"
        "from grader.cli.main import main\n"
        f"sys.exit(main(['check', {str(notebook)!r}, '--lang', 'en']))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert completed.returncode == ExitCode.POINTS_LOST, completed.stderr
    assert "only the shape checked" in completed.stdout and "not answered" in completed.stdout
