"""Training histories in the forms students hand them in, each turned into per-epoch series.

- ``history.json``: Keras' ``History.history``, a dictionary of lists (read as it is);
- a Keras ``CSVLogger`` file (``history.csv``, ``training.log``): one row per epoch, one column
  per metric;
- a Weights & Biases run: the ``wandb/`` folder W&B writes beside the notebook (offline or
  online), whose ``run-<id>.wandb`` is a transaction log (LevelDB's log format, one protobuf
  ``Record`` per entry), or a ``wandb-history.jsonl`` file, one JSON object per ``wandb.log``.

Every form becomes the same ``{"accuracy": [...], "val_accuracy": [...], ...}`` that
``learning_curve.read_history`` then checks, so the reading and the picture do not depend on how
the curves were saved. W&B's Keras callback logs ``epoch/accuracy``; its ``batch/*`` rows are
not epochs and are left out. The files are the student's: sizes are capped, links are never
followed, and records are decoded with W&B's own protobuf schema, never executed.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import stat
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grader.intake.discover import is_folder

MAX_LOG_BYTES = 50 * 1024 * 1024
MAX_RUNS = 200  # run folders looked at in one wandb/ folder
BLOCK = 32768  # LevelDB log format: 32 KiB blocks of records
RECORD_HEADER = struct.Struct("<IHB")  # checksum, length, type
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4
WANDB_IDENT = b":W&B"
RUN_FOLDER = re.compile(r"^(offline-)?run-(\d{8}_\d{6})-\w+$")

Series = dict[str, list[Any]]


class LogError(Exception):
    """A handed-in training log that cannot be read; the text says why (for the student)."""


def read_log(path: Path) -> tuple[Series | Any, str]:
    """The file's data (for JSON, as it is; otherwise per-metric series) and the name of what
    was read (a W&B run: its folder, e.g. ``wandb/offline-run-20261202_101500-x1y2z3``)."""
    if is_folder(path):
        run = newest_run(path)
        return wandb_series(run), f"{path.name}/{run.parent.name}"
    data = _read_bytes(path)
    if path.suffix == ".json":
        return _json(data, path.name), path.name
    if path.suffix == ".jsonl":
        return rows_to_series(_json_lines(data, path.name)), path.name
    return csv_series(data, path.name), path.name


def _read_bytes(path: Path) -> bytes:
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        raise LogError(f"{path.name} is not a regular file")
    if info.st_size > MAX_LOG_BYTES:
        raise LogError(f"{path.name} is larger than {MAX_LOG_BYTES // 2**20} MB")
    return path.read_bytes()


def _json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise LogError(f"{name} is not valid JSON: {error}") from None


def _json_lines(data: bytes, name: str) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError):
            raise LogError(f"{name}: line {number} is not valid JSON") from None
        if isinstance(row, dict):
            rows.append(_flat(row))
    return rows


def _flat(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested keys as W&B names them: ``{"epoch": {"accuracy": 1}}`` -> ``epoch/accuracy``."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat |= _flat(value, name + "/")
        else:
            flat[name] = value
    return flat


def csv_series(data: bytes, name: str) -> Series:
    """A CSVLogger file: a header row, then one row per epoch; numbers as Python floats."""
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as error:
        raise LogError(f"{name} is not a CSV file: {error}") from None
    if not reader.fieldnames:
        raise LogError(f"{name} is empty")
    series: Series = {str(column): [] for column in reader.fieldnames}
    for row in rows:
        for column in series:
            series[column].append(_number(row.get(column)))
    return series


def _number(text: Any) -> Any:
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def rows_to_series(rows: list[dict[str, Any]]) -> Series:
    """One list per metric, in logging order. Rows of W&B's Keras callback count only with
    their ``epoch/`` metrics; W&B's own bookkeeping (``_step``, ``_runtime``...) is left out."""
    if any(key.startswith("epoch/") for row in rows for key in row):
        rows = [
            {
                key.removeprefix("epoch/"): value
                for key, value in row.items()
                if key.startswith("epoch/")
            }
            for row in rows
        ]
    series: Series = {}
    for row in rows:
        for key, value in row.items():
            if not key.startswith("_") and _is_number(value):
                series.setdefault(key, []).append(float(value))
    return series


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def newest_run(folder: Path) -> Path:
    """The ``run-<id>.wandb`` of the newest run in a ``wandb/`` folder (by the start time in the
    run folder's name, as W&B's ``latest-run`` link would say; the link itself is not followed)."""
    runs = []
    for index, child in enumerate(sorted(folder.iterdir())):
        if index >= MAX_RUNS * 4:
            break
        match = RUN_FOLDER.match(child.name)
        if match and is_folder(child):
            logs = [
                p for p in child.iterdir() if p.suffix == ".wandb" and p.name.startswith("run-")
            ]
            if logs:
                runs.append((match.group(2), child.name, logs[0]))
    if not runs:
        raise LogError(f"{folder.name}/ holds no W&B run (no run-*/run-<id>.wandb)")
    return max(runs)[2]


def wandb_series(path: Path) -> Series:
    """The history rows of a W&B transaction log (``wandb.log`` calls), as series."""
    try:
        from google.protobuf.message import DecodeError
        from wandb.proto import wandb_internal_pb2
    except ImportError:
        raise LogError("W&B runs cannot be read here: the wandb package is not installed") from None
    rows = []
    for payload in log_records(_read_bytes(path), path.name):
        record = wandb_internal_pb2.Record()  # type: ignore[attr-defined]  # a re-export by version
        try:
            record.ParseFromString(payload)
        except DecodeError:
            raise LogError(f"{path.name}: a record is damaged") from None
        if record.WhichOneof("record_type") == "history":
            rows.append(_history_row(record.history))
    return rows_to_series(rows)


def _history_row(history: Any) -> dict[str, Any]:
    row = {}
    for item in history.item:
        key = "/".join(item.nested_key) if item.nested_key else item.key
        try:
            row[key] = json.loads(item.value_json)
        except (ValueError, RecursionError):
            continue
    return row


def log_records(data: bytes, name: str) -> Iterator[bytes]:
    """The records of a file in LevelDB's log format with W&B's 7-byte header: 32 KiB blocks,
    each record a checksum (CRC-32 of its type and data), a length and a type; a record too long
    for its block is split into FIRST, MIDDLE... LAST pieces; a block's last bytes may be zero
    padding. A torn last record (the run was killed mid-write) ends the log."""
    if not data.startswith(WANDB_IDENT):
        raise LogError(f"{name} is not a W&B run file")
    position, pieces = 7, b""
    while position + RECORD_HEADER.size <= len(data):
        left = BLOCK - position % BLOCK
        if left < RECORD_HEADER.size:
            position += left
            continue
        checksum, length, kind = RECORD_HEADER.unpack_from(data, position)
        start = position + RECORD_HEADER.size
        payload = data[start : start + length]
        if len(payload) < length or kind not in (FULL, FIRST, MIDDLE, LAST):
            return
        if zlib.crc32(payload, zlib.crc32(bytes([kind]))) != checksum:
            raise LogError(f"{name}: a record's checksum is wrong; the file is damaged")
        position = start + length
        if kind == FULL:
            yield payload
        elif kind == FIRST:
            pieces = payload
        elif kind == MIDDLE:
            pieces += payload
        else:
            yield pieces + payload
            pieces = b""
