"""The student kit, built from this repository's course by `grader kit` as an instructor would:
it holds no solutions and nothing hidden, and a check from it decides every public check exactly
as the instructor's full grading does, on every notebook of the demo course."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import DEMO_NOTEBOOKS, ROOT, demo_graded

from grader.course.spec import list_assignments, load_assignment, parts_of
from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading.expectations import from_json
from grader.grading.plan import make_plan
from grader.grading.submission import GradeOptions, GradingSession, grade_notebook
from grader.intake.discover import discover
from grader.intake.notebook import read_notebook
from grader.kit.build import KIT_SEED, build_kit, load_kit_assignment
from grader.results.records import CheckResult, NotebookResult
from grader.rules.helpers.compare import values_match
from grader.text.messages import LANGUAGES, text

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.keras,
    pytest.mark.slow,
    pytest.mark.xdist_group("kit-build"),
]
ASSIGNMENTS = list_assignments(ROOT)
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
DATA = {"fashion-mnist": ROOT / "data" / "fashion-mnist"}  # the official test images, as a
# student's ~/.keras/datasets/fashion-mnist holds them


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "kit"
    build_kit(ROOT, out, ASSIGNMENTS, "de", wheel=False)
    return out


def _kit_files(kit: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in kit.rglob("*") if p.suffix in TEXTS}


TEXTS = {".json", ".md", ".ipynb", ".toml", ".txt"}


def test_the_kit_holds_no_reference_and_no_solution_code(kit: Path) -> None:
    assert not list(kit.rglob("reference*")) and not list(kit.rglob("*.toml"))
    assert not (kit / "data").exists()  # no held-out digits, no private check images
    files = _kit_files(kit)
    everything = "\n".join(files.values())
    assert "heldout" not in everything and "fashion-mnist-check" not in everything
    given = "\n".join((ROOT / "exercises" / f"{n}.ipynb").read_text() for n in ASSIGNMENTS)
    lines = []
    for name in ASSIGNMENTS:
        for cell in read_notebook(ROOT / "reference" / f"{name}.ipynb").cells:
            for block in SOLUTION.findall(cell.source):
                lines += [line.strip() for line in block.splitlines() if len(line.strip()) > 6]
    lines = [line for line in lines if line not in given]  # "layers.Flatten()," is given too
    assert len(lines) > 40
    found = [line for line in lines if any(line in content for content in files.values())]
    assert found == []


def _hidden_expectations(name: str) -> list[object]:
    """Every value a hidden check of the course compares with (from the reference's run)."""
    spec = load_assignment(ROOT, name)
    session = GradingSession()
    grade_notebook(spec.reference_notebook, spec, GradeOptions(seed=5), session)
    from grader.course.spec import reference_version

    expected = session.expectations((name, reference_version(spec), 5))
    assert expected is not None
    hidden = {c.id for c in spec.checks if c.hidden}
    return [a.value for cid in hidden for a in expected.of(cid).values() if a.ok]


@pytest.mark.parametrize("name", ["01_convolution", "02_parameters"])
def test_the_kit_holds_no_value_a_hidden_check_compares_with(kit: Path, name: str) -> None:
    hidden = _hidden_expectations(name)
    assert len(hidden) >= 8
    stored = from_json((kit / "checks" / f"{name}.expected.json").read_text(encoding="utf-8"))
    values = [a.value for answers in stored.by_check.values() for a in answers.values()]
    assert not [v for v in values for h in hidden if values_match(v, h)]
    content = "\n".join(
        (kit / "checks" / f"{name}{suffix}").read_text(encoding="utf-8")
        for suffix in (".json", ".expected.json")
    )
    distinctive = [h for h in hidden if isinstance(h, int) and abs(h) >= 1000]
    assert bool(distinctive) == (name == "02_parameters")  # 1413834, 196609000, ...
    assert not [h for h in distinctive if str(h) in content]


def _assignment(notebook: Path) -> str:
    """As the batch places it (a notebook named otherwise by its metadata)."""
    specs = {n: parts_of(load_assignment(ROOT, n)) for n in ASSIGNMENTS}
    found = discover(ROOT / "demo" / "course", specs).submissions
    return next((s.assignment for s in found if s.notebook == notebook), notebook.stem)


def _words(check: CheckResult) -> list[str]:
    outcome = check.outcome
    if outcome is None:
        return [text(check.error, lang) for lang in LANGUAGES]
    parts = (outcome.message, outcome.mistake, outcome.expected, outcome.found)
    return [text(part, lang) for part in parts for lang in LANGUAGES]


def _kit_check(kit: Path, notebook: Path, name: str) -> NotebookResult:
    spec = load_kit_assignment(kit, name, DATA)
    options = GradeOptions(seed=KIT_SEED, sandbox=Sandbox() if bwrap_path() else None)
    return grade_notebook(notebook, spec, options)


@pytest.mark.parametrize("notebook", DEMO_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_kit_check_decides_every_public_check_as_the_full_grading(
    kit: Path, notebook: Path
) -> None:
    name = _assignment(notebook)
    full, mine = demo_graded(notebook, name), _kit_check(kit, notebook, name)
    assert mine.public_only and mine.status == full.status
    if not full.tasks:  # not gradable: the same reason
        assert text(mine.problem, "en") == text(full.problem, "en")
        return
    spec = load_assignment(ROOT, name)
    public = {c.id for c in spec.checks if not c.hidden}
    full_checks = {c.id: c for t in full.tasks for c in t.checks}
    kit_checks = {c.id: c for t in mine.tasks for c in t.checks}
    assert set(kit_checks) == public  # the hidden checks did not run
    for check_id in sorted(public):
        assert kit_checks[check_id].points == full_checks[check_id].points, check_id
        assert kit_checks[check_id].passed == full_checks[check_id].passed, check_id
        assert _words(kit_checks[check_id]) == _words(full_checks[check_id]), check_id
    hidden = [c for c in spec.checks if c.hidden]
    assert sum(w.checks for w in mine.withheld) == len(hidden)
    assert sum(w.points for w in mine.withheld) == sum(c.points for c in hidden)


def test_the_kits_plan_asks_the_kernel_for_public_answers_only(kit: Path) -> None:
    spec = load_kit_assignment(kit, "01_convolution")
    calls = [c.id for request in make_plan(spec, KIT_SEED).student.values() for c in request.calls]
    assert calls and all(c.split("/")[1] in ("example",) for c in calls)
    record = json.loads((kit / "kit.json").read_text(encoding="utf-8"))
    assert set(record["assignments"]) == set(ASSIGNMENTS)
    assert record["assignments"]["03_lenet5"]["hidden_checks"] == 3
