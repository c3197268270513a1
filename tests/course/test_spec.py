from pathlib import Path

import pytest

from grader.course.spec import find_course_root, list_assignments, load_assignment
from grader.errors import SpecError

MINIMAL = """
assignment = "toy"
[tasks]
answer = { points = 1 }
[[checks]]
task = "answer"
rule = "value-equal"
points = 1
name = "x"
"""


def _course(tmp_path: Path, text: str) -> Path:
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "toy.toml").write_text(text)
    return tmp_path


def test_bundled_specs_load_with_the_points_of_the_contract(root):
    points = {name: load_assignment(root, name).max_points for name in list_assignments(root)}
    assert points == {
        "00_vorabfragen": 6,
        "01_convolution": 10,
        "02_parameters": 10,
        "03_lenet5": 10,
        "04_fashion_mnist_cnn": 20,
    }


def test_minimal_spec_loads(tmp_path):
    spec = load_assignment(_course(tmp_path, MINIMAL), "toy")
    assert [c.rule for c in spec.checks] == ["value-equal"]
    assert spec.checks[0].hidden  # hidden unless said otherwise


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("points = 1\nname", "points = 2\nname"), "checks add up to 2.0 points, task has 1.0"),
        (('rule = "value-equal"', 'rule = "nope"'), "checks\\[0\\].rule: unknown rule 'nope'"),
        (
            ('task = "answer"', 'task = "other"'),
            "checks\\[0\\].task: 'other' is not one of the tasks",
        ),
        (('name = "x"', 'name = "x"\ncolour = 1'), "unknown key\\(s\\) \\['colour'\\]"),
        (
            ('assignment = "toy"', 'assignment = "toy"\n[execution]\nlimit = 1'),
            "execution: allowed keys",
        ),
        (("[tasks]", "[tasks"), "not valid TOML"),
        (
            ("points = 1 }", 'points = 1, title = { en = "Answer" } }'),
            "tasks.answer.title: .* with at least 'de'",
        ),
        (
            ("points = 1 }", 'points = 1, title = { de = "Antwort", fr = "Réponse" } }'),
            "tasks.answer.title: .* with at least 'de'",
        ),
    ],
)
def test_errors_name_the_file_and_the_key(tmp_path, change, message):
    course = _course(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(SpecError, match=message) as error:
        load_assignment(course, "toy")
    assert "toy.toml" in str(error.value)


def test_unknown_assignment_lists_the_known_ones(root):
    with pytest.raises(SpecError, match="known: 00_vorabfragen, 01_convolution, 02_parameters"):
        load_assignment(root, "99_missing")


def test_course_root_is_found_from_a_subfolder(root):
    assert find_course_root(root / "exercises") == root


DATA = """
training_tasks = ["answer"]
artifacts = ["model.keras"]
[data]
folders = { images = "images" }
keras_cache = ["images"]
evaluation = { source = "images", split = "test", pad = 2 }
"""


def test_data_folders_resolve_against_the_course_and_can_be_pointed_elsewhere(tmp_path):
    course = _course(tmp_path, DATA + MINIMAL.replace('assignment = "toy"', ""))
    (course / "images").mkdir()
    spec = load_assignment(course, "toy")
    assert spec.data.folder("images") == course / "images"
    assert spec.data.evaluation is not None and spec.data.evaluation.pad == 2
    assert spec.training_tasks == ("answer",) and spec.artifacts == ("model.keras",)
    elsewhere = tmp_path / "full-set"
    elsewhere.mkdir()
    moved = load_assignment(course, "toy", {"images": elsewhere})
    assert moved.data.folder("images") == elsewhere
    assert moved.data.evaluation is not None and moved.data.evaluation.source == elsewhere


def test_a_missing_data_folder_is_named(tmp_path):
    course = _course(tmp_path, DATA + MINIMAL.replace('assignment = "toy"', ""))
    with pytest.raises(SpecError, match="images does not exist"):
        load_assignment(course, "toy")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('training_tasks = ["nope"]\n', "training_tasks"),
        ('[data]\nfolder = { images = "x" }\n', "data: allowed keys"),
        ('[data]\nkeras_cache = ["nope"]\n', "keras_cache"),
    ],
)
def test_data_mistakes_name_the_key(tmp_path, text, message):
    course = _course(tmp_path, text + MINIMAL.replace('assignment = "toy"', ""))
    with pytest.raises(SpecError, match=message):
        load_assignment(course, "toy")


HANDED_IN = """
assignment = "toy"
ARTIFACTS
[tasks]
curves = { points = 1 }
[[checks]]
task = "curves"
rule = "training-history"
points = 1
file = "history.json"
"""


def test_a_file_a_check_reads_must_be_listed_as_an_artifact(tmp_path):
    """The artifacts list is the one source of handed-in files (discovery, hashing, regrading)."""
    course = _course(tmp_path, HANDED_IN.replace("ARTIFACTS", ""))
    with pytest.raises(SpecError, match=r"'curves/0' reads \['history.json'\].*'artifacts'"):
        load_assignment(course, "toy")
    listed = HANDED_IN.replace("ARTIFACTS", 'artifacts = ["history.json"]')
    (course / "reference" / "toy.toml").write_text(listed)
    assert load_assignment(course, "toy").artifacts == ("history.json",)


def test_points_are_split_only_where_the_contract_states_the_shares(root):
    """shared/spec/assignments.md states shares for conv2d (three groups of one point) and the
    LeNet-5 architecture (5 x L / max(n, 8) plus 1); every other task earns its points whole,
    so a second check of it can only be a gate."""
    split = set()
    for name in list_assignments(root):
        spec = load_assignment(root, name)
        for task in spec.tasks:
            if sum(1 for c in spec.checks_of(task.id) if c.points > 0) > 1:
                split.add((name, task.id))
    assert split == {("01_convolution", "conv2d"), ("03_lenet5", "architecture")}


def test_the_threshold_drawn_in_the_learning_curves_is_the_one_graded(root):
    spec = load_assignment(root, "04_fashion_mnist_cnn")
    (history,) = [c for c in spec.checks if c.rule == "training-history"]
    (accuracy,) = [c for c in spec.checks if c.rule == "accuracy"]
    assert history.params.threshold == accuracy.params.full_at
    assert set(history.params.files) <= set(spec.artifacts)


def test_a_task_title_may_be_given_in_english_too(tmp_path):
    """A spec's title table: the German title for --task and the instructor's tables, the
    English one where the spec gives it, else the German one again."""
    text = MINIMAL.replace(
        "answer = { points = 1 }",
        'answer = { points = 1, title = { de = "Antwort", en = "Answer" } }\n'
        'other = { points = 0, title = "Nur deutsch" }',
    )
    tasks = {t.id: t for t in load_assignment(_course(tmp_path, text), "toy").tasks}
    assert (tasks["answer"].title, tasks["answer"].title_in("en")) == ("Antwort", "Answer")
    assert tasks["answer"].title_in("de") == "Antwort"
    assert tasks["other"].title_in("en") == tasks["other"].title == "Nur deutsch"
