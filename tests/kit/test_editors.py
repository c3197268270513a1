"""The README's commands for students in VS Code and Google Colab exist as shown: the wheel it
installs is the name the kit's wheel has, the zip unpacks into the folder it names, every
`check(...)` it shows is accepted by the grader, and `check()` finds a
notebook through the variable VS Code sets. Colab's own `drive.mount` is not tried here."""

from __future__ import annotations

import ast
import inspect
import re
import shlex
import zipfile
from pathlib import Path

from conftest import ROOT

import grader
from grader.kit.build import build_wheel, zip_kit
from grader.kit.notebook_check import current_notebook

SECTION = "#### In VS Code and Google Colab"


def _blocks(language: str = "") -> list[str]:
    """The section's code blocks (``python``: its Python blocks only)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(SECTION, 1)[1].split("\n#", 1)[0]
    found = re.findall(r"```(\w*)\n(.*?)```", section, re.DOTALL)
    return [code for kind, code in found if kind == language or not language]


def _lines(prefix: str) -> list[str]:
    return [line for block in _blocks() for line in block.splitlines() if line.startswith(prefix)]


def test_the_section_shows_installs_checks_and_the_zip() -> None:
    assert len(_lines("%pip install ")) == 2 and _lines("!unzip ") and _lines("from grader")


def test_the_wheel_it_installs_is_the_kits_wheel_in_the_zips_folder(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "wheel")
    assert wheel is not None
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / wheel.name).write_bytes(wheel.read_bytes())
    with zipfile.ZipFile(zip_kit(kit)) as archive:  # what `grader kit kit/ --zip` writes
        names = set(archive.namelist())
    assert _lines("!unzip ") == ["!unzip -q -o kit.zip"]
    for line in _lines("%pip install "):
        assert shlex.split(line)[2] in names, (line, names)


def _check_calls() -> list[ast.Call]:
    calls = []
    for block in _blocks("python"):
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check":
                calls.append(node)
    return calls


def test_every_check_call_it_shows_binds_to_check() -> None:
    calls = _check_calls()
    assert len(calls) == 2
    signature = inspect.signature(grader.check)
    for call in calls:
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
        signature.bind(*args, **kwargs)  # raises TypeError for a parameter check() lacks
    colab = {k.arg for k in calls[1].keywords}
    assert colab == {"notebook", "kit"}


def test_check_finds_the_notebook_vs_code_names(tmp_path: Path) -> None:
    """VS Code's kernel has no Jupyter session; it sets __vsc_ipynb_file__ to the file."""
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    notebook = tmp_path / "01_convolution.ipynb"
    notebook.write_text("{}")
    (elsewhere / "other.ipynb").write_text("{}")
    found = current_notebook({"__vsc_ipynb_file__": str(notebook)}, elsewhere)
    assert found == notebook.resolve()
    assert current_notebook({}, elsewhere) == (elsewhere / "other.ipynb").resolve()
