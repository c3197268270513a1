"""`grader ci-template github|gitlab`: the YAML parses, and the commands it runs are the real ones
(the grader's own argument parser accepts them)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from grader.cli.ci_template import DEFAULT_INSTALL, DEFAULT_REPORT
from grader.cli.main import ExitCode, _parser, main


def _template(capsys, *args: str) -> dict:
    assert main(["ci-template", *args]) == ExitCode.OK
    return yaml.safe_load(capsys.readouterr().out)


def _assert_real_grader_command(line: str, report: str) -> str:
    argv = shlex.split(line)
    assert argv[:2] == ["grader", "validate"]
    options = _parser().parse_args(argv[1:])  # exits on an option the grader does not have
    assert options.command == "validate" and str(options.junit) == report
    return options.lang


def test_the_github_workflow_installs_validates_and_keeps_the_report(capsys):
    install = "git+https://git.example.edu/dl/grader.git@v0.1.0#egg=grader"
    workflow = _template(capsys, "github", "--install", install)
    assert set(workflow["on"]) == {"push", "pull_request"}
    steps = workflow["jobs"]["validate"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert shlex.split(runs[0]) == ["python", "-m", "pip", "install", install]
    _assert_real_grader_command(runs[1], DEFAULT_REPORT)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()" and upload["with"]["path"] == DEFAULT_REPORT
    assert steps[0]["uses"].startswith("actions/checkout@")


def test_the_gitlab_job_reports_junit_even_when_validation_fails(capsys):
    pipeline = _template(capsys, "gitlab", "--junit", "reports/grader.xml")
    job = pipeline["grader-validate"]
    assert shlex.split(job["script"][0]) == ["python", "-m", "pip", "install", DEFAULT_INSTALL]
    _assert_real_grader_command(job["script"][1], "reports/grader.xml")
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["junit"] == "reports/grader.xml"


def test_an_install_spec_with_yaml_and_shell_characters_stays_one_argument(capsys):
    install = "grader @ file:///srv/courses/dl 2026/grader: 'tagged' #1"
    job = _template(capsys, "gitlab", "--install", install)["grader-validate"]
    assert shlex.split(job["script"][0])[-1] == install


def test_an_unknown_ci_system_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ci-template", "jenkins", "--lang", "en"])
    assert exit_.value.code == ExitCode.USAGE_ERROR
    assert "invalid choice: 'jenkins'" in capsys.readouterr().err


def test_the_readme_shows_the_workflow_the_command_prints(capsys):
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    shown = readme.split("The GitHub workflow:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    assert yaml.safe_load(shown) == _template(capsys, "github")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_workflow_validates_in_the_language_asked_for(capsys, lang):
    """The CI log and the JUnit report's failures are in the course's language (German unless
    told): the workflow passes --lang to grader validate."""
    job = _template(capsys, "gitlab", "--lang", lang)["grader-validate"]
    assert _assert_real_grader_command(job["script"][1], DEFAULT_REPORT) == lang
    default = _template(capsys, "github")["jobs"]["validate"]["steps"]
    assert _assert_real_grader_command(default[3]["run"], DEFAULT_REPORT) == "de"
