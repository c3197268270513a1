"""The kernel boundary's vocabulary: what the grader asks a kernel, and what comes back.

Execution, model measuring and the rules all speak it, and it imports none of them: a request
names values, models, array digests and function calls (``TaskRequest``); every answer comes
back under an ``AnswerKey`` with an ``AnswerStatus`` and plain data (JSON values, numpy arrays, an
``ArrayDigest``; a model file's path, which the grader turns into ``ModelFacts``). Everything here
is a frozen value, so a plan or a result can be handed to another process as it is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from grader.text.messages import Message

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # Python 3.10, which many students' Jupyter still runs

    class StrEnum(str, Enum):
        """Python 3.11's ``enum.StrEnum``: a member is its value, also in ``str()`` and
        f-strings (a plain ``str, Enum`` mixin prints ``Status.GRADED``)."""

        def __str__(self) -> str:
            return str(self.value)

        def __format__(self, spec: str) -> str:
            return format(str(self.value), spec)


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_BOLD = re.compile(r"\x1b\[1m(.+?)\x1b\[0m", re.DOTALL)
_ERROR_NAME = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Warning|Exit|Interrupt)$")


def plain_text(text: str, limit: int = 300) -> str:
    """An error line a kernel, Keras or a model process reported, as one plain line: terminal
    colour codes removed, whitespace collapsed, cut to ``limit``. Keras puts the sentence that
    matters in bold between its boilerplate ("Exception encountered when calling..."): that
    sentence is what is kept."""
    name, separator, _ = text.partition(": ")
    bold = _BOLD.search(text)
    if bold and separator and _ERROR_NAME.match(name):
        text = f"{name}: {bold.group(1)}"
    elif bold:
        text = bold.group(1)
    return " ".join(_ANSI.sub("", text).split())[:limit]


class AnswerStatus(StrEnum):
    """Why an answer is (not) there. Only ``OK`` carries a value."""

    OK = "ok"
    MISSING = "missing"  # the name is not defined (or a handed-in file is not there)
    UNSUPPORTED = "unsupported"  # not plain data (an object, a broken file)
    RAISED = "raised"  # the call raised; ``detail`` holds "Type: message"
    NOT_CALLABLE = "not_callable"
    TIMEOUT = "timeout"
    KERNEL_DIED = "kernel_died"
    UNTRUSTED = "untrusted"  # the guard refused it, or could not vouch for it; detail "why:what"


class KeyKind(StrEnum):
    VALUE = "value"  # a module-level name, exported as JSON or .npy
    MODEL = "model"  # a Keras model, exported as the .keras file Keras writes
    DIGEST = "digest"  # an array summarised in the kernel (shape, range, row hashes)
    ARTIFACT = "file"  # a file handed in beside the notebook
    CALL = "call"  # the result of calling a notebook function on grader-made inputs
    OBSERVED = "observed"  # what the guard saw while the grader called a by-hand function


@dataclass(frozen=True, order=True)
class AnswerKey:
    """Where an answer is filed: values, models and calls of one task share one mapping."""

    kind: KeyKind
    name: str

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.name}"


def value_key(name: str) -> AnswerKey:
    return AnswerKey(KeyKind.VALUE, name)


def model_key(name: str) -> AnswerKey:
    return AnswerKey(KeyKind.MODEL, name)


def digest_key(name: str) -> AnswerKey:
    return AnswerKey(KeyKind.DIGEST, name)


def artifact_key(name: str) -> AnswerKey:
    return AnswerKey(KeyKind.ARTIFACT, name)


def call_key(call_id: str) -> AnswerKey:
    return AnswerKey(KeyKind.CALL, call_id)


def observed_key(function: str) -> AnswerKey:
    return AnswerKey(KeyKind.OBSERVED, function)


@dataclass(frozen=True)
class Call:
    """One call of a notebook function on grader-made inputs."""

    id: str
    function: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """One answer that crossed the kernel boundary as plain data, or why there is none.

    ``detail``: why there is no value; for a handed-in folder, which of its files was read."""

    status: AnswerStatus
    value: Any = None
    detail: str = ""
    reason: Message | None = None  # the catalogue's words for why it is unusable, where known

    @property
    def ok(self) -> bool:
        return self.status == AnswerStatus.OK


TaskAnswers = Mapping[AnswerKey, Answer]


@dataclass(frozen=True)
class TaskRequest:
    """What one task's harvest must export: values, models, array digests and function calls."""

    values: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()
    models: tuple[str, ...] = ()
    digests: tuple[str, ...] = ()
    near_copies: tuple[tuple[str, str], ...] = ()  # (digested array, array its images are near)
    seed: int = 0  # of the samples drawn in the kernel (near copies, probe images)
    observe: tuple[tuple[str, tuple[str, ...]], ...] = ()  # by-hand function -> banned names

    def keys(self) -> tuple[AnswerKey, ...]:
        """The keys its answers come back under: the one place that names them."""
        return (
            *(value_key(name) for name in self.values),
            *(model_key(name) for name in self.models),
            *(digest_key(name) for name in self.digests),
            *(call_key(call.id) for call in self.calls),
            *(observed_key(function) for function, _ in self.observe),
        )


@dataclass(frozen=True)
class Observation:
    """What the guard saw while the grader called one by-hand function: how many calls, which
    banned names they reached, and what made the observation uncertain (dynamic code, frames
    inspected, the profiler switched off...); ``notes`` also holds what the guard refused at
    any time in the session (the garbage collector's listings, new audit hooks)."""

    calls: int
    banned: tuple[str, ...]
    notes: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Any, session: Any) -> Observation:
        if not isinstance(data, dict) or not isinstance(session, list):
            raise ValueError("an observation is an object")
        texts = (*data["banned"], *data["notes"], *session)
        if not all(isinstance(t, str) for t in texts):
            raise ValueError("observations are names")
        notes = tuple(str(n)[:120] for n in (*data["notes"], *session))
        return cls(int(data["calls"]), tuple(str(b)[:120] for b in data["banned"]), notes)


@dataclass(frozen=True)
class SavedModel:
    """A model the guard exported: the .keras file, and the kernel's own predictions on the
    grader's probe images, which the file must reproduce when measured outside. A model with
    layers of the student's own classes (``custom``, their class names) has no predictions: it
    is never run outside the kernel, only its file read as data."""

    path: Path
    probe: Any  # np.ndarray, None where ``custom``
    probe_seed: int = 0  # of the probe images it was asked on (``exchange.probe_pool``)
    custom: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArrayDigest:
    """An array summarised in the kernel instead of copied: shape, value range and one hash per
    row (rows that occur in two arrays share a hash); where asked, ``near``: for a sample of its
    images, the highest correlation with any image of another array over shifts of a few pixels
    (1.0: a copy, however rescaled, shifted or speckled; see ``harvest._nearest_similarity``)."""

    shape: tuple[int, ...]
    dtype: str
    low: float
    high: float
    row_hashes: tuple[int, ...]
    near: tuple[float, ...] | None = None

    @classmethod
    def from_json(cls, data: Any) -> ArrayDigest:
        """The harvest's JSON, checked: anything else raises ValueError (the student's word)."""
        if not isinstance(data, dict):
            raise ValueError("a digest must be an object")
        shape = tuple(int(n) for n in data["shape"])
        hashes = tuple(int(h) for h in data["row_hashes"])
        if not shape or len(hashes) != shape[0]:
            raise ValueError("a digest needs one hash per row")
        near = data.get("near")
        if near is not None:
            near = tuple(float(v) for v in near)
            if not all(-1.01 <= v <= 1.01 for v in near):
                raise ValueError("a similarity lies in [-1, 1]")
        low, high = float(data["min"]), float(data["max"])
        return cls(shape, str(data["dtype"]), low, high, hashes, near)


@dataclass(frozen=True)
class ExecutionLimits:
    """Limits for one notebook run; the defaults suit the light numpy assignments."""

    cell_timeout_s: float = 60.0
    notebook_timeout_s: float = 600.0
    call_timeout_s: float = 10.0
    memory_mb: int = 4096
