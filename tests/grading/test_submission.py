"""Real notebooks in real kernels: each defect fixture costs exactly the points it should, and the
feedback names the mistake. Expected points follow shared/spec/assignments.md."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, SEED, fast_spec, graded

from grader.course.spec import load_assignment
from grader.grading.plan import make_plan
from grader.grading.submission import GradeOptions, grade_notebook
from grader.report import render_text
from grader.results.records import Status, TaskStatus
from grader.text.messages import render

pytestmark = pytest.mark.kernel

FULL_01 = {
    "conv2d": 3,
    "vertical": 1,
    "horizontal": 1,
    "sobel": 1,
    "output_size": 1,
    "feature_maps": 1,
    "pooling": 1,
    "rgb_weights": 1,
}
FULL_02 = {
    "conv_params": 2,
    "dense_params": 1,
    "fashion_params": 2,
    "fashion_shapes": 1,
    "fashion_total": 1,
    "lenet_params": 1,
    "lenet_total": 1,
    "dense_vs_conv": 1,
}

# fixture -> ({task: points where they differ from full marks}, {task: mistake key named})
CASES_01 = {
    "flipped-kernel": (
        {"conv2d": 0, "sobel": 0},
        {"conv2d": "mistake.flipped-kernel", "sobel": "mistake.flipped-kernel"},
    ),
    "ignored-padding": ({"conv2d": 2}, {"conv2d": "mistake.output-size"}),
    "transposed": (
        {"conv2d": 0, "vertical": 0, "horizontal": 0, "sobel": 0, "feature_maps": 0},
        {  # named also where it shows in derived answers: the feature-map stack, SOBEL_X
            "conv2d": "mistake.transposed",
            "vertical": "mistake.transposed",
            "horizontal": "mistake.transposed",
            "sobel": "mistake.transposed",
            "feature_maps": "mistake.transposed",
        },
    ),
    # k = kernel.shape[0] for both axes: right for square kernels only, not a stride slip
    "one-kernel-dimension": ({"conv2d": 0}, {"conv2d": "mistake.one-kernel-dimension"}),
    "channels-first": ({"feature_maps": 0}, {"feature_maps": "mistake.channels-first"}),
    "output-size-off-by-one": ({"output_size": 0}, {"output_size": "mistake.off-by-one"}),
    "pool-rounded-up": ({"pooling": 0}, {"pooling": "mistake.output-size"}),
    "library-convolution": ({"conv2d": 0}, {}),
    "hard-coded-example": (
        {"conv2d": 0, "vertical": 0, "horizontal": 0, "sobel": 0, "feature_maps": 0},
        {},
    ),
    "allclose-replaced": (
        {"conv2d": 0, "vertical": 0, "horizontal": 0, "sobel": 0, "feature_maps": 0},
        {},
    ),
    "always-true-eq": (
        {"conv2d": 0, "vertical": 0, "horizontal": 0, "sobel": 0, "feature_maps": 0},
        {},
    ),
    "nan-answers": ({"vertical": 0, "rgb_weights": 0}, {}),
    "cell-error-midway": ({"vertical": 0}, {}),
    "infinite-loop-function": ({"output_size": 0}, {}),
    # what a course Jupyter offers: SciPy to check, Matplotlib plots and plt.show(), pandas,
    # Pillow, a W&B run logged offline
    "course-jupyter": ({}, {}),
    # a module the grading environment lacks: its task and the tasks using conv2d
    "module-missing": (
        {"conv2d": 0, "vertical": 0, "horizontal": 0, "sobel": 0, "feature_maps": 0},
        {},
    ),
}
CASES_02 = {
    "bias-forgotten": (
        {
            "conv_params": 0,
            "dense_params": 0,
            "fashion_params": 0,
            "fashion_total": 0,
            "lenet_params": 0,
            "lenet_total": 0,
            "dense_vs_conv": 0,
        },
        {
            "conv_params": "mistake.bias-forgotten",
            "dense_params": "mistake.bias-forgotten",
            "fashion_params": "mistake.bias-forgotten",
            "fashion_total": "mistake.sum-of-own-list-named",
            "lenet_params": "mistake.bias-forgotten",
            "lenet_total": "mistake.sum-of-own-list-named",
            "dense_vs_conv": "mistake.bias-forgotten",
        },
    ),
    "channels-forgotten": (
        {
            "conv_params": 0,
            "fashion_params": 0,
            "fashion_total": 0,
            "lenet_params": 0,
            "lenet_total": 0,
            "dense_vs_conv": 0,
        },
        {
            "conv_params": "mistake.channels-forgotten",
            "fashion_params": "mistake.channels-forgotten",
            "fashion_total": "mistake.sum-of-own-list-named",
            "lenet_params": "mistake.channels-forgotten",
            "lenet_total": "mistake.sum-of-own-list-named",
            "dense_vs_conv": "mistake.channels-forgotten",
        },
    ),
    "pool-rounded-up": (
        {"fashion_shapes": 0, "fashion_params": 0, "fashion_total": 0},
        {  # the shapes, the per-layer counts after them and the total all say it
            "fashion_shapes": "mistake.pool-rounded-up",
            "fashion_params": "mistake.pool-rounded-up",
            "fashion_total": "mistake.sum-of-own-list-named",
        },
    ),
    "shifted-by-one": ({"fashion_params": 0}, {"fashion_params": "mistake.shifted-by-one"}),
}


def _assert_points_and_mistakes(result, full, points, mistakes):
    expected = {**full, **points}
    assert result.status == Status.GRADED, result.problem
    assert {t.task: t.points for t in result.tasks} == expected
    assert result.points == sum(expected.values())
    for task in result.tasks:
        failure = task.first_failure
        named = (
            failure.outcome.mistake.key
            if failure and failure.outcome and failure.outcome.mistake
            else None
        )
        if task.task in mistakes:
            assert named == mistakes[task.task], task.task


@pytest.mark.parametrize("fixture", sorted(CASES_01))
def test_convolution_fixture(fixture):
    points, mistakes = CASES_01[fixture]
    _assert_points_and_mistakes(graded("01_convolution", fixture), FULL_01, points, mistakes)


@pytest.mark.parametrize("fixture", sorted(CASES_02))
def test_parameters_fixture(fixture):
    points, mistakes = CASES_02[fixture]
    _assert_points_and_mistakes(graded("02_parameters", fixture), FULL_02, points, mistakes)


@pytest.mark.parametrize("assignment", ["01_convolution", "02_parameters"])
def test_reference_scores_full_and_blank_exercise_zero(root, assignment):
    spec = fast_spec(assignment)
    options = GradeOptions(seed=SEED)
    reference = grade_notebook(root / "reference" / f"{assignment}.ipynb", spec, options)
    exercise = grade_notebook(root / "exercises" / f"{assignment}.ipynb", spec, options)
    assert (reference.status, reference.points) == (Status.GRADED, 10)
    assert (exercise.status, exercise.points) == (Status.GRADED, 0)


def test_library_convolution_costs_the_task_although_its_values_are_right():
    task = next(
        t for t in graded("01_convolution", "library-convolution").tasks if t.task == "conv2d"
    )
    gate = next(c for c in task.checks if c.gate)
    assert gate.outcome.message.key == "source.banned"
    assert gate.outcome.message.params["call"] == "numpy.correlate"
    assert all(c.passed for c in task.checks if not c.gate)  # the values alone would earn 3
    assert task.points == 0


def test_hard_coded_example_passes_only_the_public_example():
    task = next(
        t for t in graded("01_convolution", "hard-coded-example").tasks if t.task == "conv2d"
    )
    assert {c.id: c.passed for c in task.checks if c.rule == "F100"} == {
        "conv2d/example": True,
        "conv2d/stride-1": False,
        "conv2d/stride-2-3": False,
        "conv2d/padding-1-2": False,
    }


def test_answers_that_are_not_plain_data_are_unsupported_not_trusted():
    result = graded("01_convolution", "always-true-eq")
    vertical = next(t for t in result.tasks if t.task == "vertical")
    assert vertical.first_failure.outcome.message.key == "answer.unsupported"


def test_a_cell_error_costs_only_its_own_task():
    result = graded("01_convolution", "cell-error-midway")
    vertical = next(t for t in result.tasks if t.task == "vertical")
    assert vertical.status == TaskStatus.MISSING
    assert "ValueError: oops" in vertical.first_failure.outcome.message.params["error"]
    errors = {task: error for _, task, error in result.cell_errors}
    assert errors["horizontal"].startswith(
        "ZeroDivisionError"
    )  # raised after defining: still graded


def test_timeouts_cost_only_the_task_that_loops():
    function = graded("01_convolution", "infinite-loop-function")
    assert next(t for t in function.tasks if t.task == "output_size").status == TaskStatus.TIMEOUT
    cell = graded("01_convolution", "infinite-loop-cell")
    assert [(task, error.key) for _, task, error in cell.cell_errors] == [
        ("sobel", "error.cell_timeout")
    ]


def test_a_dying_kernel_keeps_the_tasks_graded_before():
    result = graded("01_convolution", "kernel-dies")
    assert result.status == Status.KERNEL_DIED
    assert {t.task: t.status for t in result.tasks}["rgb_weights"] == TaskStatus.KERNEL_DIED
    assert result.points == 9


def test_notebook_kernelspec_and_nbclient_tags_are_ignored(tmp_path, root):
    notebook = json.loads(
        (FIXTURES / "notebooks" / "01_convolution" / "nan-answers.ipynb").read_text()
    )
    notebook["metadata"]["kernelspec"] = {
        "name": "bash",
        "display_name": "Bash",
        "language": "bash",
    }
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("grader", {}).get("task") == "vertical":
            cell["metadata"]["tags"] = ["skip-execution", "raises-exception"]
            cell["outputs"] = [
                {"output_type": "stream", "name": "stdout", "text": "Score: 10/10\n"}
            ]
    path = tmp_path / "01_convolution.ipynb"
    path.write_text(json.dumps(notebook))
    result = grade_notebook(path, fast_spec("01_convolution"), GradeOptions(seed=SEED))
    assert result.points == 8  # same as without the tricks


def test_seed_is_recorded_and_changes_the_hidden_inputs():
    spec = fast_spec("01_convolution")
    assert graded("01_convolution", "flipped-kernel").seed == SEED
    first, second = make_plan(spec, 1), make_plan(spec, 2)
    image = lambda plan: plan.student["conv2d"].calls[1].args[0]  # noqa: E731
    assert image(first).shape != image(second).shape or (image(first) != image(second)).any()
    assert (image(make_plan(spec, 1)) == image(first)).all()


def test_feedback_names_the_mistake_in_both_languages_without_hidden_values():
    result = graded("01_convolution", "flipped-kernel")
    german, english = render_text(result, "de"), render_text(result, "en")
    assert "Kernel wurde gespiegelt" in german and "kernel was flipped" in english
    assert "Stride 1, ohne Padding" in german and "stride 1, no padding" in english
    sobel = next(t for t in result.tasks if t.task == "sobel")
    assert "40" not in str(
        sobel.first_failure.outcome.expected
    )  # hidden: the shape, never the values
    assert "[0, -40, -40, 0]" in english  # the student's own (wrong) value is shown


@pytest.mark.parametrize(
    "name", ["truncated-json.ipynb", "binary-garbage.ipynb", "nbformat-99.ipynb", "empty.ipynb"]
)
def test_malformed_submissions_are_not_gradable_not_zero(name):
    result = grade_notebook(
        FIXTURES / "malformed" / name, fast_spec("01_convolution"), GradeOptions(seed=SEED)
    )
    assert result.status == Status.NOT_GRADABLE
    assert name in render(result.problem, "en")


@pytest.mark.parametrize(
    ("lang", "missing", "because"),
    [
        (
            "de",
            "das Modul `skimage` ist in der Bewertungsumgebung nicht installiert",
            "weil Code-Zelle 2 (Aufgabe „conv2d“) vorher abbrach",
        ),
        (
            "en",
            "the module `skimage` is not installed in the grading environment",
            "because code cell 2 (task “conv2d”) failed before",
        ),
    ],
)
def test_a_missing_module_is_named_once_and_the_tasks_using_it_point_at_its_cell(
    lang, missing, because
):
    result = graded("01_convolution", "module-missing")
    said = {
        t.task: render(t.first_failure.outcome.message, lang)
        for t in result.tasks
        if t.points < t.max_points
    }
    assert missing in said["conv2d"] and "NameError" not in " ".join(said.values())
    for task in ("vertical", "horizontal", "sobel", "feature_maps"):
        assert because in said[task] and "`conv2d`" in said[task], task
    assert result.cell_errors[0][:2] == (2, "conv2d")  # the 2nd code cell, after 3 Markdown


@pytest.mark.parametrize(
    ("lang", "failed", "because"),
    [
        (
            "de",
            "Code-Zelle 2 (Aufgabe „conv2d“, in deinem Notebook [3]):",
            "weil Code-Zelle 2 (Aufgabe „conv2d“, in deinem Notebook [3]) vorher abbrach",
        ),
        (
            "en",
            "code cell 2 (task “conv2d”, [3] in your notebook):",
            "because code cell 2 (task “conv2d”, [3] in your notebook) failed before",
        ),
    ],
)
def test_a_failed_cell_is_named_as_the_student_finds_it_in_jupyter(tmp_path, lang, failed, because):
    """The failing conv2d cell is the notebook's 4th cell but its 2nd code cell (Markdown cells
    come before and between): it is named by its number among the code cells, the "[3]" the
    saved file shows beside it, and its task; a count two cells share is left out."""
    notebook = json.loads(
        (FIXTURES / "notebooks" / "01_convolution" / "module-missing.ipynb").read_text()
    )
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    for count, cell in enumerate(code, start=2):  # as saved after a run: "[2]", "[3]", ...
        cell["execution_count"] = count
    path = tmp_path / "01_convolution.ipynb"
    path.write_text(json.dumps(notebook))
    result = grade_notebook(path, fast_spec("01_convolution"), GradeOptions(seed=SEED))
    report = render_text(result, lang)
    assert failed in report
    assert "Zelle 4 (Aufgabe „conv2d“" not in report and "cell 4 (task “conv2d”" not in report
    said = {
        t.task: render(t.first_failure.outcome.message, lang)
        for t in result.tasks
        if t.first_failure
    }
    assert because in said["vertical"]

    code[-1]["execution_count"] = 3  # run in another session: "[3]" beside two cells
    path.write_text(json.dumps(notebook))
    result = grade_notebook(path, fast_spec("01_convolution"), GradeOptions(seed=SEED))
    report = render_text(result, lang)
    assert failed.split(" (")[0] + " (" in report and "[3]" not in report


def test_a_cell_that_runs_out_of_time_is_a_timeout_whatever_the_points():
    result = graded("01_convolution", "infinite-loop-cell")
    assert result.status == Status.TIMEOUT and result.points == 10 and not result.full_marks
    limit = fast_spec("01_convolution").limits.cell_timeout_s
    assert render(result.problem, "de").startswith(
        f"Code-Zelle 5 (Aufgabe „SOBEL_X auf IMG6“) lief länger als {limit} s"
    )
    assert "cell ran longer" not in render_text(result, "de")  # the kernel's English stays out


@pytest.mark.parametrize(
    ("fixture", "task", "named"),
    [
        ("bias-forgotten", "fashion_total", "mistake.bias-forgotten"),
        ("channels-forgotten", "lenet_total", "mistake.channels-forgotten"),
        ("pool-rounded-up", "fashion_total", "mistake.pool-rounded-up"),
    ],
)
def test_a_wrong_total_names_the_mistake_of_the_list_it_sums(fixture, task, named):
    result = graded("02_parameters", fixture)
    outcome = next(t for t in result.tasks if t.task == task).first_failure.outcome
    assert outcome.mistake.params["mistake"].key == named
    assert "(this hidden check does not show it)" in render(outcome.message, "en")


@pytest.mark.keras
def test_answers_that_are_tensorflow_tensors_numpy_scalars_and_lists_earn_their_points(root):
    """conv2d returns a tf.constant, feature_maps is a tf.stack, rgb_filter_weights a 0-d
    tensor, output_size a numpy integer, pool2d a nested list: all judged on their values.
    Real limits: importing TensorFlow alone takes longer than the fast specs' 4 s cells."""
    spec = load_assignment(root, "01_convolution")
    notebook = FIXTURES / "notebooks" / "01_convolution" / "tensorflow-answers.ipynb"
    result = grade_notebook(notebook, spec, GradeOptions(seed=SEED))
    assert (result.status, result.points) == (Status.GRADED, 10), render_text(result, "en")


SPEC_MISTAKES = [  # every mistake the spec says the feedback names, each in a real notebook
    ("01_convolution", "flipped-kernel", "mistake.flipped-kernel"),
    ("01_convolution", "output-size-off-by-one", "mistake.off-by-one"),
    ("01_convolution", "transposed", "mistake.transposed"),
    ("01_convolution", "channels-first", "mistake.channels-first"),
    ("02_parameters", "bias-forgotten", "mistake.bias-forgotten"),
    ("02_parameters", "channels-forgotten", "mistake.channels-forgotten"),
    ("02_parameters", "pool-rounded-up", "mistake.pool-rounded-up"),
    ("02_parameters", "shifted-by-one", "mistake.shifted-by-one"),
]


def _named(outcome_mistake):
    """The mistake's own message, unwrapped from 'the total follows your own list: ...'."""
    inner = outcome_mistake.params.get("mistake")
    return inner if inner is not None and hasattr(inner, "key") else outcome_mistake


@pytest.mark.parametrize(("assignment", "fixture", "key"), SPEC_MISTAKES)
def test_every_named_mistake_of_the_spec_reaches_the_student_in_both_languages(
    assignment, fixture, key
):
    result = graded(assignment, fixture)
    named = [
        check.outcome.mistake
        for task in result.tasks
        for check in task.checks
        if check.outcome is not None and check.outcome.mistake is not None
    ]
    assert key in {_named(m).key for m in named}, [m.key for m in named]
    mistake = next(m for m in named if _named(m).key == key)
    for lang in ("de", "en"):
        said = render(_named(mistake), lang)
        assert said and said != key
        assert said in render_text(result, lang), (lang, said)
