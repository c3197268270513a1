"""``grader ci-template github|gitlab``: a ready workflow for the course repository.

It installs the grader, runs ``grader validate --junit`` on every push and keeps the report where
the CI system shows it. The templates are YAML files beside this module; what is filled in is
quoted as a YAML string (JSON's quoting is YAML's), so no install spec can break the file.
"""

from __future__ import annotations

import json
import shlex
from importlib import resources
from string import Template

from grader import DISTRIBUTION, __version__

SYSTEMS = ("github", "gitlab")
# validate runs the references: the instructor's extra (Keras, TensorFlow...)
DEFAULT_INSTALL = f"{DISTRIBUTION}[instructor]=={__version__}"
DEFAULT_REPORT = "grader-validate.xml"


def ci_template(
    system: str, install: str = DEFAULT_INSTALL, report: str = DEFAULT_REPORT, lang: str = "de"
) -> str:
    """The workflow for ``system``; ``install`` is what pip installs (a name, a Git URL, ``.``);
    ``lang`` the language ``grader validate`` writes its output and the report's failures in."""
    if system not in SYSTEMS:
        raise ValueError(f"unknown CI system {system!r}; use one of {', '.join(SYSTEMS)}")
    source = (
        resources.files("grader.cli")
        .joinpath("ci_templates")
        .joinpath(f"{system}.yml")
        .read_text("utf-8")
    )
    return Template(source).substitute(
        install=json.dumps(f"python -m pip install {shlex.quote(install)}"),
        validate=json.dumps(f"grader validate --junit {shlex.quote(report)} --lang {lang}"),
        report=json.dumps(report),
    )
