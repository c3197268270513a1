"""What crosses the kernel boundary, and how: requests out, plain data back.

The grader writes a request (names to export, calls to make with their inputs as .npy/JSON) into an
exchange folder; a harvest cell in the kernel answers it with .json and .npy files and a manifest.
Reading back never unpickles (``allow_pickle=False``), caps sizes, and accepts only regular files,
so the worst a hostile kernel can do is hand back wrong data for its own answers.
"""

from __future__ import annotations

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
    TaskRequest,
)
from grader.execute import harvest

MAX_ANSWER_BYTES = 50 * 1024 * 1024
MAX_MODEL_BYTES = 200 * 1024 * 1024  # what grader.model_file accepts unpacked
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_DETAIL = 300
HARVEST_SOURCE = Path(harvest.__file__).read_text(encoding="utf-8")
SECTIONS = {
    "values": KeyKind.VALUE,
    "models": KeyKind.MODEL,
    "digests": KeyKind.DIGEST,
    "calls": KeyKind.CALL,
}
FAILURES = {s for s in AnswerStatus if s != AnswerStatus.OK}


def write_request(folder: Path, request: TaskRequest, call_timeout_s: float) -> None:
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
        "calls": encoded_calls,
        "call_timeout_s": call_timeout_s,
    }
    (folder / "request.json").write_text(json.dumps(encoded), encoding="utf-8")


def _encode_arg(value: Any, folder: Path, stem: str) -> dict[str, Any]:
    if isinstance(value, np.ndarray):
        np.save(folder / f"{stem}.npy", value, allow_pickle=False)
        return {"npy": f"{stem}.npy"}
    return {"json": value}


def harvest_cell_source(folder: Path) -> str:
    """A cell that runs the harvest code in its own namespace, leaving the student's untouched."""
    return (
        f"(lambda __grader_ns: (exec({HARVEST_SOURCE!r}, __grader_ns), "
        f"__grader_ns['run']({str(folder)!r}, globals())))({{'__name__': 'grader_harvest'}});"
    )


def read_answers(folder: Path, keep: Path) -> dict[AnswerKey, Answer] | None:
    """The answers of one harvest; None when it wrote no (readable) manifest.

    A model file is copied to ``keep`` (the exchange folder dies with the kernel, and later cells
    could swap it) and its answer is the kept file's path."""
    manifest_path = folder / "manifest.json"
    if not _is_regular(manifest_path) or manifest_path.stat().st_size > MAX_MANIFEST_BYTES:
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        return {
            AnswerKey(kind, str(name)): _read_entry(folder, kind, entry, keep)
            for section, kind in SECTIONS.items()
            for name, entry in manifest[section].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _read_entry(folder: Path, kind: KeyKind, entry: dict[str, Any], keep: Path) -> Answer:
    status = str(entry.get("status"))
    if status != AnswerStatus.OK:
        known = AnswerStatus(status) if status in FAILURES else AnswerStatus.UNSUPPORTED
        return Answer(known, detail=str(entry.get("detail", ""))[:MAX_DETAIL])
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
        return Answer(AnswerStatus.OK, kept)
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
