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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grader.kernel_side import harvest
from grader.rules.base import Answer, Call, call_key

MAX_ANSWER_BYTES = 50 * 1024 * 1024
MAX_MODEL_BYTES = 200 * 1024 * 1024  # what grader.model_file accepts unpacked
MAX_MANIFEST_BYTES = 1024 * 1024
HARVEST_SOURCE = Path(harvest.__file__).read_text(encoding="utf-8")


@dataclass(frozen=True)
class TaskRequest:
    """What one task's harvest must export: values, models, array digests and function calls."""

    values: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()
    models: tuple[str, ...] = ()
    digests: tuple[str, ...] = ()


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


def read_answers(folder: Path, keep: Path) -> dict[str, Answer] | None:
    """Answers by value name and by ``call:<id>``; None when the harvest wrote no manifest.

    A model file is copied to ``keep`` (the exchange folder dies with the kernel) and its answer
    is the kept file's path, for ``grader.keras_model`` to read."""
    manifest_path = folder / "manifest.json"
    if not _is_regular(manifest_path) or manifest_path.stat().st_size > MAX_MANIFEST_BYTES:
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        answers = {
            name: _read_entry(folder, entry, keep) for name, entry in manifest["values"].items()
        }
        answers |= {
            call_key(cid): _read_entry(folder, entry, keep)
            for cid, entry in manifest["calls"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return answers


def _read_entry(folder: Path, entry: dict[str, Any], keep: Path) -> Answer:
    status = str(entry.get("status"))
    if status != "ok":
        return Answer(
            status if status in _STATUSES else "unsupported",
            detail=str(entry.get("detail", ""))[:300],
        )
    name = str(entry.get("file", ""))
    path = folder / name
    limit = MAX_MODEL_BYTES if name.endswith(".keras") else MAX_ANSWER_BYTES
    if "/" in name or not _is_regular(path) or path.stat().st_size > limit:
        return Answer("unsupported", detail="unreadable answer file")
    if name.endswith(".keras"):
        keep.mkdir(parents=True, exist_ok=True)
        kept = keep / f"{folder.name}-{name}"
        shutil.copyfile(path, kept)
        return Answer("ok", kept)
    try:
        if name.endswith(".npy"):
            return Answer("ok", np.load(path, allow_pickle=False))
        return Answer("ok", json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, OSError) as error:
        return Answer("unsupported", detail=f"unreadable answer file: {error}"[:300])


_STATUSES = {"missing", "unsupported", "raised", "not_callable", "timeout"}


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False
