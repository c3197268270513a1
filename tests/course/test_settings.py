"""course.toml, the course's own settings: read into one frozen value; a course without one
declares nothing; every error names the file and the key."""

from __future__ import annotations

import pytest

from grader.course.settings import CourseSettings, load_course
from grader.errors import SpecError


def test_the_bundled_course_declares_what_its_jupyter_offers(root):
    course = load_course(root)
    assert {"numpy", "scipy", "matplotlib", "pandas", "PIL", "tensorflow", "keras", "wandb"} == set(
        course.packages
    )
    assert course.source == root / "course.toml"


def test_a_course_without_the_file_declares_nothing(tmp_path):
    assert load_course(tmp_path) == CourseSettings()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[kernel]\npackages = 'scipy'", "kernel.packages: must be a list of names"),
        (
            "[kernel]\npackages = ['scikit-learn']",
            "kernel.packages: ['scikit-learn'] are not module names",
        ),
        ("[kernel]\npackage = ['scipy']", "kernel: unknown key(s) ['package']"),
        ("[kernl]\npackages = []", "unknown section [kernl]"),
        ("[kernel\n", "not valid TOML"),
    ],
)
def test_errors_name_the_file_and_the_key(tmp_path, text, words):
    (tmp_path / "course.toml").write_text(text)
    with pytest.raises(SpecError) as error:
        load_course(tmp_path)
    assert str(tmp_path / "course.toml") in str(error.value) and words in str(error.value)


def test_a_package_named_twice_is_checked_once(tmp_path):
    (tmp_path / "course.toml").write_text("[kernel]\npackages = ['scipy', 'PIL', 'scipy']\n")
    assert load_course(tmp_path).packages == ("scipy", "PIL")
