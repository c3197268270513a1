from grader.course.authoring import exercise_from_reference, strip_solution
from grader.intake.notebook import read_notebook


def test_solution_is_replaced_by_the_failing_placeholder_at_its_indentation():
    source = (
        "def f(x):\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION\nprint('kept')"
    )
    assert (
        strip_solution(source)
        == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\nprint('kept')"
    )


def test_bundled_exercises_are_generated_from_their_references(root):
    for name in ("01_convolution", "02_parameters"):
        generated = exercise_from_reference(read_notebook(root / "reference" / f"{name}.ipynb"))
        committed = read_notebook(root / "exercises" / f"{name}.ipynb")
        assert [c.source for c in generated.cells] == [c.source for c in committed.cells]
        assert "BEGIN SOLUTION" not in "".join(c.source for c in committed.cells)
