"""The gradebook: every result stored in SQLite the moment it is known, and its tables for people.

One SQLite file in the output folder holds one row per (student, assignment) with the full result
as language-neutral JSON, the submission's content hash, the grader version, the reference
version and the seed. Each row is committed on its own, so a killed run loses nothing that was
recorded. Only one process may write: an exclusive lock on ``grader.lock``, released by the
operating system even when the holder is killed. This module is also the only place that uses
pandas: the long and wide tables, the LMS import file and the numbers of the course summary.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

try:
    import fcntl
except ImportError:  # Windows: `grader grade` needs a POSIX machine (bubblewrap) anyway
    fcntl = None  # type: ignore[assignment]

from grader.errors import GraderError
from grader.messages import text
from grader.result_json import result_from_json, result_to_json
from grader.results import NotebookResult, Status

DATABASE = "gradebook.sqlite"
LOCK = "grader.lock"
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, seed INTEGER NOT NULL,
    grader_version TEXT NOT NULL, submissions_dir TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
    student TEXT NOT NULL, assignment TEXT NOT NULL, display_name TEXT NOT NULL,
    notebook TEXT NOT NULL, content_hash TEXT NOT NULL, grader_version TEXT NOT NULL,
    reference_version TEXT NOT NULL, seed INTEGER, status TEXT NOT NULL, points REAL NOT NULL,
    max_points REAL NOT NULL, graded_at TEXT NOT NULL, run_id INTEGER, result_json TEXT NOT NULL,
    PRIMARY KEY (student, assignment)
);
CREATE TABLE IF NOT EXISTS unplaced (path TEXT PRIMARY KEY, reason TEXT NOT NULL);
"""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class GradebookBusy(GraderError):
    """Another grader process is writing to the same output folder."""


@dataclass(frozen=True)
class Stored:
    student: str
    display_name: str
    assignment: str
    content_hash: str
    grader_version: str
    reference_version: str
    graded_at: str
    run_id: int | None
    result: NotebookResult


@dataclass(frozen=True)
class Run:
    id: int
    seed: int
    finished: str | None


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Gradebook:
    """The SQLite gradebook of one output folder. Use ``Gradebook.open`` (a context manager)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    @classmethod
    @contextlib.contextmanager
    def open(cls, out: Path, write: bool = True) -> Iterator[Gradebook]:
        out.mkdir(parents=True, exist_ok=True)
        with _exclusive_lock(out) if write else contextlib.nullcontext():
            connection = sqlite3.connect(out / DATABASE, timeout=30)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=FULL")
                connection.executescript(SCHEMA)
                yield cls(connection)
            finally:
                connection.close()

    def unfinished_run(self) -> Run | None:
        row = self._db.execute(
            "SELECT id, seed, finished FROM runs WHERE finished IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return Run(*row) if row else None

    def start_run(self, seed: int, grader_version: str, submissions_dir: Path) -> Run:
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO runs (started, seed, grader_version, submissions_dir) "
                "VALUES (?, ?, ?, ?)",
                (utc_now(), seed, grader_version, str(submissions_dir)),
            )
        return Run(int(cursor.lastrowid or 0), seed, None)

    def finish_run(self, run: Run) -> None:
        with self._db:
            self._db.execute("UPDATE runs SET finished = ? WHERE id = ?", (utc_now(), run.id))

    def fingerprint(self, student: str, assignment: str) -> tuple[str, str, str, str] | None:
        """(content hash, grader version, reference version, status) of the stored grade."""
        row = self._db.execute(
            "SELECT content_hash, grader_version, reference_version, status FROM submissions "
            "WHERE student = ? AND assignment = ?",
            (student, assignment),
        ).fetchone()
        return (str(row[0]), str(row[1]), str(row[2]), str(row[3])) if row else None

    def record(self, stored: Stored) -> None:
        result = stored.result
        with self._db:  # one transaction per submission: committed, or not there at all
            self._db.execute(
                f"INSERT OR REPLACE INTO submissions VALUES ({', '.join('?' * 14)})",
                (
                    stored.student,
                    stored.assignment,
                    stored.display_name,
                    result.notebook,
                    stored.content_hash,
                    stored.grader_version,
                    stored.reference_version,
                    result.seed,
                    result.status.value,
                    result.points,
                    result.max_points,
                    stored.graded_at,
                    stored.run_id,
                    result_to_json(result),
                ),
            )

    def replace_unplaced(self, problems: list[tuple[str, str]]) -> None:
        """Files of the latest run that could not be placed: (path, reason)."""
        with self._db:
            self._db.execute("DELETE FROM unplaced")
            self._db.executemany("INSERT OR REPLACE INTO unplaced VALUES (?, ?)", problems)

    def unplaced(self) -> list[tuple[str, str]]:
        rows = self._db.execute("SELECT path, reason FROM unplaced ORDER BY path")
        return [(str(path), str(reason)) for path, reason in rows]

    def all(self) -> list[Stored]:
        rows = self._db.execute(
            "SELECT student, display_name, assignment, content_hash, grader_version, "
            "reference_version, graded_at, run_id, result_json FROM submissions "
            "ORDER BY student, assignment"
        ).fetchall()
        return [
            Stored(
                student=row[0],
                display_name=row[1],
                assignment=row[2],
                content_hash=row[3],
                grader_version=row[4],
                reference_version=row[5],
                graded_at=row[6],
                run_id=row[7],
                result=result_from_json(row[8]),
            )
            for row in rows
        ]


@contextlib.contextmanager
def _exclusive_lock(out: Path) -> Iterator[None]:
    with open(out / LOCK, "a+", encoding="utf-8") as handle:
        if fcntl is None:
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise GradebookBusy(
                f"{out}: another `grader grade` ({holder}) is writing to this folder; "
                "wait for it to finish or choose another --out"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- tables ---------------------------------------------------------------------------------------


def long_table(stored: list[Stored], lang: str) -> pd.DataFrame:
    """One row per task; a submission that was not graded gets one row with its status."""
    rows: list[dict[str, Any]] = []
    for item in stored:
        result = item.result
        base = {"student": item.student, "name": item.display_name, "assignment": item.assignment}
        if not result.tasks:
            rows.append(
                {
                    **base,
                    "task": "",
                    "points": result.points,
                    "max_points": result.max_points,
                    "status": result.status.value,
                    "submission_status": result.status.value,
                    "mistake": "",
                    "message": text(result.problem, lang),
                }
            )
        for task in result.tasks:
            failure = task.first_failure
            outcome = failure.outcome if failure else None
            rows.append(
                {
                    **base,
                    "task": task.task,
                    "points": task.points,
                    "max_points": task.max_points,
                    "status": task.status.value,
                    "submission_status": result.status.value,
                    "mistake": text(outcome.mistake if outcome else None, lang),
                    "message": text(outcome.message, lang)
                    if outcome
                    else (failure.error if failure else ""),
                }
            )
    columns = [
        "student",
        "name",
        "assignment",
        "task",
        "points",
        "max_points",
        "status",
        "submission_status",
        "mistake",
        "message",
    ]
    return pd.DataFrame(rows, columns=columns)


def wide_table(stored: list[Stored]) -> pd.DataFrame:
    """One row per student: points per assignment, the total, and what was not graded."""
    frame = pd.DataFrame(
        [
            {
                "student": s.student,
                "name": s.display_name,
                "assignment": s.assignment,
                "points": s.result.points,
                "status": s.result.status.value,
            }
            for s in stored
        ],
        columns=["student", "name", "assignment", "points", "status"],
    )
    if frame.empty:
        return pd.DataFrame(columns=["student", "name", "total", "not_graded"])
    wide = frame.pivot_table(
        index=["student", "name"], columns="assignment", values="points", aggfunc="sum"
    )
    wide["total"] = wide.sum(axis=1)
    not_graded: dict[str, list[str]] = {}
    for row in frame[frame["status"] != Status.GRADED.value].itertuples():
        not_graded.setdefault(str(row.student), []).append(f"{row.assignment}: {row.status}")
    wide = wide.reset_index()
    wide["not_graded"] = wide["student"].map(lambda student: "; ".join(not_graded.get(student, [])))
    wide.columns.name = None
    return wide


def safe_cell(value: Any) -> Any:
    """A spreadsheet must show a student's text, never evaluate it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_atomically(path: Path, text: str) -> None:
    """Write next to the target, then rename: a full disk leaves the previous file whole."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    write_atomically(path, frame.map(safe_cell).to_csv(index=False))


def lms_table(wide: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"student_id": wide["student"], "total": wide["total"]})


# -- numbers of the course summary ----------------------------------------------------------------


def summary(long: pd.DataFrame, wide: pd.DataFrame, bins: int = 10) -> dict[str, Any]:
    graded = long[(long["submission_status"] == Status.GRADED.value) & (long["task"] != "")]
    per_task = (
        graded.assign(passed=graded["points"] >= graded["max_points"])
        .groupby(["assignment", "task"], sort=False)
        .agg(
            average=("points", "mean"),
            max_points=("max_points", "max"),
            pass_rate=("passed", "mean"),
            submissions=("points", "size"),
        )
        .reset_index()
    )
    mistakes = long[long["mistake"] != ""].groupby("mistake").size().sort_values(ascending=False)
    totals = wide["total"].astype(float) if "total" in wide else pd.Series(dtype=float)
    counts, edges = _histogram(totals, bins)
    return {
        "students": len(wide),
        "submissions": int(long.drop_duplicates(["student", "assignment"]).shape[0]),
        "per_task": per_task.to_dict("records"),
        "mistakes": [{"mistake": m, "count": int(n)} for m, n in mistakes.head(10).items()],
        "histogram": [
            {"low": float(lo), "high": float(hi), "count": int(c)}
            for lo, hi, c in zip(edges[:-1], edges[1:], counts, strict=True)
        ],
        "mean_total": float(totals.mean()) if len(totals) else 0.0,
    }


def _histogram(values: pd.Series, bins: int) -> tuple[list[int], list[float]]:
    if values.empty:
        return [], [0.0]
    low, high = float(values.min()), float(values.max())
    if low == high:
        return [int(values.size)], [low, high]
    step = (high - low) / bins
    edges = [low + i * step for i in range(bins + 1)]
    counts = pd.cut(values, bins=edges, include_lowest=True).value_counts(sort=False).tolist()
    return [int(c) for c in counts], edges
