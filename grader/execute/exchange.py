"""What crosses the kernel boundary, and how: requests out, plain data back.

The grader writes a request (names to export, calls to make with their inputs as .npy/JSON) into an
exchange folder; a harvest cell in the kernel answers it with .json and .npy files and a manifest.
Reading back never unpickles (``allow_pickle=False``), caps sizes, and accepts only regular files,
so the worst a hostile kernel can do is hand back wrong data for its own answers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import stat
from pathlib import Path
from typing import Any

import numpy as np

from grader.boundary import (
    Answer,
    AnswerKey,
    AnswerStatus,
    ArrayDigest,
    KeyKind,
    Observation,
    SavedModel,
    TaskRequest,
    observed_key,
    plain_text,
)
from grader.execute import guard, harvest

MAX_ANSWER_BYTES = 50 * 1024 * 1024
MAX_MODEL_BYTES = 200 * 1024 * 1024  # what grader.intake.model_file accepts unpacked
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_DETAIL = 300
MAX_CUSTOM = 32  # class names of layers of the student's own, as the guard listed them
HARVEST_SOURCE = Path(harvest.__file__).read_text(encoding="utf-8")
GUARD_SOURCE = Path(guard.__file__).read_text(encoding="utf-8")
PROBES = 8  # grader-made images a model's file must answer as the kernel's object did
SECTIONS = {
    "values": KeyKind.VALUE,
    "models": KeyKind.MODEL,
    "digests": KeyKind.DIGEST,
    "calls": KeyKind.CALL,
}
FAILURES = {s for s in AnswerStatus if s != AnswerStatus.OK}


def write_request(
    folder: Path, request: TaskRequest, call_timeout_s: float, calls_budget_s: float | None = None
) -> None:
    """The request the harvest reads. ``calls_budget_s`` bounds all its calls together (each call
    still has ``call_timeout_s``): a function that loops then costs its own cases, and the harvest
    still ends inside its cell's time limit, so no interrupt strikes the grader's own code."""
    folder.mkdir(parents=True, exist_ok=True)
    encoded_calls = []
    for index, call in enumerate(request.calls):
        args = [
            _encode_arg(value, folder, f"arg-{index}-{pos}") for pos, value in enumerate(call.args)
        ]
        kwargs = {
            name: _encode_arg(value, folder, f"kwarg-{index}-{name}")
            for name, value in call.kwargs.items()
        }
        encoded_calls.append(
            {"id": call.id, "function": call.function, "args": args, "kwargs": kwargs}
        )
    encoded = {
        "values": sorted(set(request.values)),
        "models": sorted(set(request.models)),
        "digests": sorted(set(request.digests)),
        "near_copies": [list(pair) for pair in request.near_copies],
        "seed": request.seed,
        "observe": {function: list(banned) for function, banned in request.observe},
        "calls": encoded_calls,
        "call_timeout_s": call_timeout_s,
        "calls_budget_s": call_timeout_s * len(encoded_calls)
        if calls_budget_s is None
        else calls_budget_s,
    }
    (folder / "request.json").write_text(json.dumps(encoded), encoding="utf-8")
    if request.models:
        np.save(folder / "probe.npy", probe_pool(request.seed), allow_pickle=False)


def probe_pool(seed: int) -> np.ndarray:
    """The probe images' pixels: each probe takes as many as the model's input has."""
    return np.random.default_rng(seed).uniform(0.0, 1.0, (PROBES, 4096)).astype(np.float32)


def _encode_arg(value: Any, folder: Path, stem: str) -> dict[str, Any]:
    if isinstance(value, np.ndarray):
        np.save(folder / f"{stem}.npy", value, allow_pickle=False)
        return {"npy": f"{stem}.npy"}
    return {"json": value}


def setup_cell_source(key: str, keras: bool, banned: tuple[str, ...] = ()) -> str:
    """The cell that runs before the first student cell: it installs the guard (with Keras'
    references taken now where a model will be exported), in a private namespace and with a
    private copy of the builtins, and keeps nothing in the notebook's namespace."""
    config = (
        f"{{'key': {key!r}, 'keras': {keras!r}, 'banned': {list(banned)!r}, "
        f"'harvest': {HARVEST_SOURCE!r}}}"
    )
    return (
        "(lambda __b: (lambda __g: (exec(" + repr(GUARD_SOURCE) + ", __g), "
        "__g['install']({**" + config + ", 'builtins': __b}, globals())))"
        "({'__builtins__': __b, '__name__': 'grader_guard'}))"
        "(dict(vars(__import__('builtins'))))"
    )


def harvest_cell_source(folder: Path) -> str:
    """A cell that asks the guard to run the harvest; without a guard it does nothing, and the
    missing manifest says so."""
    return f"__import__('sys').audit('grader.harvest', {str(folder)!r})"


def signature(key: str, folder: Path, data: bytes) -> str:
    return hashlib.blake2b(
        str(folder).encode("utf-8") + b"\0" + data, key=bytes.fromhex(key)
    ).hexdigest()


def read_answers(
    folder: Path, keep: Path, key: str | None = None, probe_seed: int = 0
) -> dict[AnswerKey, Answer] | None:
    """The answers of one harvest; None when it wrote no (readable) manifest.

    With ``key``, the manifest must carry the guard's signature: one without it was not written
    by the grader's harvest, and all its answers are untrusted. A model file is copied to
    ``keep`` (the exchange folder dies with the kernel, and later cells could swap it) and its
    answer is the kept file's path (with the kernel's predictions on the probe images of
    ``probe_seed``, where the guard ran)."""
    manifest_path = folder / "manifest.json"
    if not _is_regular(manifest_path) or manifest_path.stat().st_size > MAX_MANIFEST_BYTES:
        return None
    try:
        data = manifest_path.read_bytes()
        manifest = json.loads(data.decode("utf-8"))
        answers = {
            AnswerKey(kind, str(name)): _read_entry(folder, kind, entry, keep, probe_seed)
            for section, kind in SECTIONS.items()
            for name, entry in manifest[section].items()
        }
        if key is None:
            return answers
        if not _signed(key, folder, data):
            unsigned = Answer(AnswerStatus.UNTRUSTED, detail="guard:unsigned")
            return dict.fromkeys(answers, unsigned)
        session = manifest.get("guard", [])
        for function, seen in manifest.get("observed", {}).items():
            observation = Observation.from_json(seen, session)
            answers[observed_key(str(function))] = Answer(AnswerStatus.OK, observation)
        return answers
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _signed(key: str, folder: Path, data: bytes) -> bool:
    mac = folder / "manifest.json.mac"
    if not _is_regular(mac) or mac.stat().st_size > 256:
        return False
    return hmac.compare_digest(
        mac.read_text(encoding="ascii", errors="replace").strip(), signature(key, folder, data)
    )


def _read_entry(
    folder: Path, kind: KeyKind, entry: dict[str, Any], keep: Path, probe_seed: int
) -> Answer:
    status = str(entry.get("status"))
    if status != AnswerStatus.OK:
        known = AnswerStatus(status) if status in FAILURES else AnswerStatus.UNSUPPORTED
        return Answer(known, detail=plain_text(str(entry.get("detail", "")), MAX_DETAIL))
    name = str(entry.get("file", ""))
    path = folder / name
    limit = MAX_MODEL_BYTES if kind == KeyKind.MODEL else MAX_ANSWER_BYTES
    if "/" in name or not _is_regular(path) or path.stat().st_size > limit:
        return Answer(AnswerStatus.UNSUPPORTED, detail="unreadable answer file")
    if kind == KeyKind.MODEL:
        if path.suffix != ".keras":
            return Answer(AnswerStatus.UNSUPPORTED, detail="unreadable answer file")
        keep.mkdir(parents=True, exist_ok=True)
        kept = keep / f"{folder.name}-{name}"
        shutil.copyfile(path, kept)
        custom = entry.get("custom")
        if isinstance(custom, list) and custom:
            names = tuple(plain_text(str(n), 80) for n in custom[:MAX_CUSTOM])
            return Answer(AnswerStatus.OK, SavedModel(kept, None, probe_seed, custom=names))
        probe_name = str(entry.get("probe", ""))
        probe_path = folder / probe_name
        if not probe_name or "/" in probe_name or not _is_regular(probe_path):
            return Answer(AnswerStatus.OK, kept)
        if probe_path.stat().st_size > MAX_MANIFEST_BYTES:
            return Answer(AnswerStatus.UNSUPPORTED, detail="unreadable answer file")
        predictions = np.load(probe_path, allow_pickle=False)
        return Answer(AnswerStatus.OK, SavedModel(kept, predictions, probe_seed))
    try:
        if name.endswith(".npy"):
            return Answer(AnswerStatus.OK, np.load(path, allow_pickle=False))
        data = json.loads(path.read_text(encoding="utf-8"))
        return Answer(
            AnswerStatus.OK, ArrayDigest.from_json(data) if kind == KeyKind.DIGEST else data
        )
    except (ValueError, OSError, KeyError, TypeError, RecursionError) as error:
        return Answer(
            AnswerStatus.UNSUPPORTED, detail=f"unreadable answer file: {error}"[:MAX_DETAIL]
        )


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False
