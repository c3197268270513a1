"""What the ``bench`` extra changes in the grader's own processes, and what its imports weigh.

nbgrader's dependencies bring packages the grader never installs, some of which the grader's
libraries pick up when present (jsonschema loads its optional format checkers; rfc3987-syntax
builds a lark grammar at import). ``bench_only_modules`` names the importable top-level modules
of the distributions that only nbgrader's dependency closure holds, computed from the installed
metadata, so a benchmark can run the grader as its users install it.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def _closure(name: str, extras: frozenset[str] = frozenset()) -> set[str]:
    """The installed distributions NAME (with EXTRAS) needs, its requested extras followed."""
    seen: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = [(name, extras)]
    while todo:
        current, extras = todo.pop()
        key = canonicalize_name(current)
        try:
            requires = metadata.distribution(current).requires or []
        except metadata.PackageNotFoundError:
            continue
        if key in seen and not extras:
            continue
        seen.add(key)
        for line in requires:
            requirement = Requirement(line)
            marker = requirement.marker
            wanted = ["", *sorted(extras)]
            if marker is None or any(marker.evaluate({"extra": e}) for e in wanted):
                todo.append((requirement.name, frozenset(requirement.extras)))
    return seen


def bench_only_modules() -> tuple[str, ...]:
    """Top-level modules importable only because the bench extra (nbgrader) is installed: not
    needed by the grader's distribution (named by the ``grader`` package's metadata, not
    "grader") as its instructors install it, with the ``instructor`` extra."""
    modules = metadata.packages_distributions()
    (grader,) = set(modules["grader"])  # an editable install may name it twice
    extra = _closure("nbgrader") - _closure(grader, frozenset({"instructor"}))
    return tuple(
        sorted(
            module
            for module, distributions in modules.items()
            if module.isidentifier()
            and not module.startswith("_")
            and all(canonicalize_name(d) in extra for d in distributions)
        )
    )


def _rss() -> int:
    with open("/proc/self/statm", "rb") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def import_steps(names: tuple[str, ...], hidden: tuple[str, ...]) -> list[tuple[str, int, float]]:
    """Run in a fresh interpreter: imports NAMES in order, the HIDDEN modules made unimportable
    first; returns (name, RSS after it, seconds it took), the bare interpreter first."""
    for module in hidden:
        sys.modules[module] = None  # type: ignore[assignment]
    steps = [("python", _rss(), 0.0)]
    for name in names:
        started = time.perf_counter()
        importlib.import_module(name)
        steps.append((name, _rss(), time.perf_counter() - started))
    return steps
