"""The reference's expectations, cached on disk and shared by `grader check`, `grader validate`
and every worker of a batch on this machine.

Only what does not depend on the seed is cached: a check whose needs are the same under two
seeds (a model's facts, a value, a function on fixed inputs) has the same expectation under every
seed, so it is stored once; a check on fresh random inputs is answered by the reference's kernel
each run, which then only has to run up to that task's cells. So `grader check` of 04 starts no
reference kernel at all and measures the reference model never again, and 03's reference kernel
stops before its training. The reference's own model files are measured once per machine, too
(``ReferenceModels``): checking the reference notebook with its handed-in model, or a batch's
preflight grading the reference, reads the measurement instead of predicting the test images again.

A file is named by everything that decides its content: the assignment, its reference version
(spec, reference notebook, the reference's handed-in files), the data folders and the grader's
own code; a change to any of them misses the cache, and `grader references` rebuilds it.
Files are written atomically; a damaged file is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

import grader
from grader.course.spec import AssignmentSpec, reference_version
from grader.grading.expectations import (
    Expectations,
    from_json,
    measurement_from_json,
    measurement_to_json,
    to_json,
)
from grader.grading.plan import CheckPlan, make_plan
from grader.intake.datasets import keras_backend
from grader.intake.model_facts import Measurement
from grader.intake.model_file import is_model_file

LIBRARIES = ("keras", "tensorflow", "tensorflow-cpu", "jax", "torch")  # what a measurement runs on

CACHE_VARIABLE = "GRADER_CACHE"  # a folder, or "off"


def default_cache() -> ReferenceCache | None:
    folder = cache_folder()
    return ReferenceCache(folder) if folder is not None else None


def cache_folder() -> Path | None:
    """``$GRADER_CACHE``, else ``$XDG_CACHE_HOME/grader``, else ``~/.cache/grader``."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "grader"


@cache
def code_fingerprint() -> str:
    """The grader's own source: a rule that changes may change an expectation."""
    digest = hashlib.sha256()
    package = Path(grader.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _needs_fingerprint(plan: CheckPlan) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, np.ndarray):
            return [str(value.dtype), list(value.shape), value.tobytes().hex()]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return repr(value)

    needs = plan.needs
    calls = [[c.id, c.function, plain(c.args), plain(dict(c.kwargs))] for c in plan.calls]
    named = [needs.values, needs.models, needs.digests, needs.artifacts, needs.evaluate]
    return hashlib.sha256(json.dumps([calls, plain(named)]).encode()).hexdigest()


def seeded_checks(spec: AssignmentSpec) -> frozenset[str]:
    """The checks whose inputs change with the seed (their expectation too)."""
    first, second = make_plan(spec, 1), make_plan(spec, 2)
    return frozenset(
        a.check.id
        for a, b in zip(first.checks, second.checks, strict=True)
        if _needs_fingerprint(a) != _needs_fingerprint(b)
    )


@dataclass(frozen=True)
class ReferenceCache:
    folder: Path

    def path(self, spec: AssignmentSpec, seed: int | None = None) -> Path:
        """The seed-free expectations' file, or one seed's (what a batch's workers share)."""
        suffix = "" if seed is None else f"-seed{seed}"
        return self.folder / "expectations" / f"{spec.name}-{_key(spec)}{suffix}.json"

    def model_path(self, spec: AssignmentSpec, digest: str, evaluate: bool) -> Path:
        """Where the measurement of the reference's model file ``digest`` is kept: named, beyond
        the expectations' basis, by the libraries that loaded and ran it."""
        basis = [_key(spec), digest, evaluate, keras_backend(), _library_versions()]
        key = hashlib.sha256(json.dumps(basis).encode()).hexdigest()[:20]
        return self.folder / "models" / f"{spec.name}-{key}.json"

    def load(self, spec: AssignmentSpec, seed: int) -> Expectations:
        """What this machine knows for (spec, seed): the seed-free checks, and the seeded ones
        where a grading under this very seed (a batch's preflight, say) stored them."""
        found: dict[str, Any] = {}
        for path in (self.path(spec), self.path(spec, seed)):
            try:
                found |= from_json(path.read_text(encoding="utf-8")).by_check
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a missing or damaged file is a miss
        return Expectations(found)

    def store(
        self, spec: AssignmentSpec, seed: int, expected: Expectations, seeded: frozenset[str]
    ) -> None:
        """Keeps ``expected`` in two files: its seed-free part, and its seeded part under the
        seed (the latest KEEP_SEEDS seeds per assignment). A cache that cannot be written is no
        cache."""
        free = {c: a for c, a in expected.by_check.items() if c not in seeded}
        bound = {c: a for c, a in expected.by_check.items() if c in seeded}
        _write(self.path(spec), Expectations(free))
        if bound:
            _write(self.path(spec, seed), Expectations(bound))
            old = sorted(self._seed_files(spec), key=_modified)[:-KEEP_SEEDS]
            for path in old:
                path.unlink(missing_ok=True)

    def _seed_files(self, spec: AssignmentSpec) -> list[Path]:
        base = self.path(spec)
        return list(base.parent.glob(f"{base.stem}-seed*.json"))

    def clear(self, spec: AssignmentSpec) -> None:
        for path in (self.path(spec), *self._seed_files(spec)):
            path.unlink(missing_ok=True)

    def stored(self, spec: AssignmentSpec) -> int:
        """How many seed-free expectations the cache holds for ``spec`` (0: none readable)."""
        try:
            return len(from_json(self.path(spec).read_text(encoding="utf-8")).by_check)
        except (OSError, ValueError, KeyError, TypeError):
            return 0


KEEP_SEEDS = 8


def _key(spec: AssignmentSpec) -> str:
    basis = [spec.name, reference_version(spec), repr(spec.data), code_fingerprint()]
    return hashlib.sha256(json.dumps(basis).encode()).hexdigest()[:20]


@cache
def _library_versions() -> list[str]:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class ReferenceModels:
    """The reference's own model files (handed in beside the reference notebook), by their
    content's digest, and the measurements made of them.

    A file with the very bytes of one of them is the reference's model wherever it lies (the
    reference notebook checked like a submission, a batch's preflight grading the reference):
    measured again with the same images, grader and libraries it would give the same facts, so
    it is measured once per machine and read afterwards. A student's own file has another digest:
    nothing of a student is kept or read here. Only a measurement that loaded and, where asked,
    measured the accuracy is kept (not one cut short by a limit on a busy machine)."""

    spec: AssignmentSpec
    digests: frozenset[str]
    cache: ReferenceCache | None
    known: dict[tuple[str, bool], Measurement] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, spec: AssignmentSpec, cache: ReferenceCache | None) -> ReferenceModels:
        """A course's reference files; none for a kit (it holds no reference)."""
        if spec.stored_expectations is not None:
            return cls(spec, frozenset(), None)
        folder = spec.reference_notebook.parent
        found = (file_digest(folder / n) for n in spec.artifacts if is_model_file(n))
        return cls(spec, frozenset(d for d in found if d is not None), cache)

    def measured(self, path: Path, evaluate: bool) -> Measurement | None:
        digest = file_digest(path) if self.digests else None
        if digest not in self.digests or digest is None:
            return None
        if (digest, evaluate) in self.known:
            return self.known[digest, evaluate]
        if self.cache is None:
            return None
        try:
            text = self.cache.model_path(self.spec, digest, evaluate).read_text(encoding="utf-8")
            found = measurement_from_json(text)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a missing or damaged file is a miss
        self.known[digest, evaluate] = found
        return found

    def keep(self, path: Path, evaluate: bool, measured: Measurement) -> None:
        digest = file_digest(path) if self.digests else None
        if digest is None or digest not in self.digests or not measured.loads:
            return
        if evaluate and (measured.accuracy is None or measured.evaluation_error):
            return
        self.known[digest, evaluate] = measured
        if self.cache is not None:
            _write_text(
                self.cache.model_path(self.spec, digest, evaluate), measurement_to_json(measured)
            )


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _write(path: Path, expected: Expectations) -> None:
    _write_text(path, to_json(expected))


def _write_text(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # atomic: a reader sees the old file or the new, never half
    except (OSError, TypeError):
        partial.unlink(missing_ok=True)
